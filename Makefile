# Every target creates .venv on first use, so a fresh clone needs only python3.
# `make demo` installs only what the app needs; the other targets add the dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed-dev

.PHONY: demo test check lint format bench screenshots clean

$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(APP_STAMP)
	$(BIN)/engage --demo

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

check: lint test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
