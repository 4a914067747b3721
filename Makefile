# Every target creates .venv on first use, so a fresh clone needs only python3.
# `make demo` installs only what the app needs; the other targets add the dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed-dev

.PHONY: demo test check lint format bench screenshots clean bluesky-stack gotosocial

$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(APP_STAMP)
	$(BIN)/engage --demo

# The reference Bluesky servers for tests/bluesky: installed once into
# ~/.cache/engage-dev/bluesky-<lockfile hash>, then reused (see scripts/bluesky).
bluesky-stack:
ifneq ($(ENGAGE_SKIP_BLUESKY),1)
	$(PYTHON) scripts/bluesky/stack.py prepare
endif

# GoToSocial (a real Mastodon-API server) for tests/mastodon: unpacked once from
# ../shared/mastodon into ~/.cache/engage-dev/gotosocial-<version> (or the binary
# ENGAGE_GOTOSOCIAL names); missing, it says how to provide it, and fails under CI.
gotosocial:
ifneq ($(ENGAGE_SKIP_MASTODON),1)
	$(PYTHON) scripts/mastodon/gotosocial.py prepare
endif

# loadgroup: the tests that share the one Bluesky network (or the one GoToSocial)
# run in one worker. Four workers, not one per core: a Pilot test spends most of its
# time asleep (Textual waits for idle after every key), so on two cores two more
# workers overlap those waits (tests/tui at load 4-6: 4:31 with -n 2, 3:09 with -n 4,
# same CPU), and the two server groups no longer hold both workers. Bytecode is
# cached under .venv even where the environment says PYTHONDONTWRITEBYTECODE:
# otherwise every worker, and every `engage` a test starts, compiles engage and the
# tests again (and pytest rewrites its plugins).
test: $(STAMP) bluesky-stack gotosocial
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache \
		$(BIN)/python -m pytest -n 4 --dist loadgroup

check: lint test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy engage_tui
	$(BIN)/mypy tests

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/store_bench.py
	$(BIN)/python bench/sync_bench.py
	$(BIN)/python bench/tui_bench.py
	$(BIN)/python bench/sandbox_load.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV)
