"""Suite-wide isolation: every test gets its own ENGAGE_HOME, its own home folder
(HOME and the XDG folders in tmp_path: a test never reads the user's), and a real
keyring backend (keyrings.alt's file backend, chosen explicitly, in tmp_path); the
one store fixture every folder uses (a real SQLite file in tmp_path).

A test that opens, lists or changes anything in the real home folder fails
(an audit hook watches each test's body); the suite's own session fixtures,
such as the Bluesky servers' cache, are not a test's body.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from engage_tui.store import Store

REPO = Path(__file__).resolve().parent.parent

# One Bluesky network for every xdist worker, started by the controller while
# the workers collect (tests/bluesky/shared_network.py): the Bluesky tests then
# spread over the workers instead of queueing on one.
pytest_plugins = ["tests.bluesky.shared_network"]

# No wall-clock limit on one generated example: hypothesis's default deadline
# (200 ms) failed passing tests on this shared 2-core machine whenever it was
# busy (DeadlineExceeded, then FlakyFailure), and whether a test passes must not
# depend on the machine's load. The number of examples is left as it is (the
# library's default, or each test's own settings): nothing here trades coverage
# for time.
settings.register_profile("engage", deadline=None)
settings.load_profile("engage")
REFERENCE = REPO.parent / "shared" / "reference"

# The user's home folder, read once before any test moves HOME.
REAL_HOME = Path.home().resolve()
_NOT_HOME = tuple(str(p) for p in (REPO, Path(sys.prefix).resolve(), Path(sys.base_prefix)))
_WATCHED = frozenset(
    {"open", "os.listdir", "os.scandir", "os.mkdir", "os.remove", "os.rename", "os.chmod"}
)
_touched: list[str] = []
_watching = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watching[0] or event not in _WATCHED or not args:
        return
    try:
        path = os.path.abspath(os.fsdecode(args[0]))
    except (TypeError, ValueError):
        return  # a file descriptor, or no path at all
    home = str(REAL_HOME)
    if (path == home or path.startswith(home + os.sep)) and not path.startswith(_NOT_HOME):
        _touched.append(f"{event} {path}")


sys.addaudithook(_audit)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    _touched.clear()
    _watching[0] = True
    try:
        result = yield
    finally:
        _watching[0] = False
    if _touched:
        pytest.fail(f"the test touched the real home folder: {sorted(set(_touched))[:5]}")
    return result


def pytest_collection(session: pytest.Session) -> None:
    # What collection builds lives on (below): no collector passes over it
    # while it grows (about a second of each worker's collection).
    gc.disable()


def pytest_collection_finish(session: pytest.Session) -> None:
    # The collected suite (every module, class and strategy it built: atproto's
    # ~665 pydantic models alone are hundreds of thousands of objects) lives
    # until the session ends, yet Python's full collections walked all of it
    # again and again: measured in tests/tui with -n 4 at load 5-7, each
    # worker's 33 full collections took ~30 s of its wall time. Freezing it leaves only
    # what tests create to be walked, and a larger young generation makes the
    # collections fewer (tests/tui: 247 -> 195 s of CPU). No test depends on
    # when the collector runs; gc.collect() still reaches everything they make.
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    gc.enable()


def pytest_sessionstart(session: pytest.Session) -> None:
    # Tests that read ../shared/reference skip where it is absent (a bare
    # checkout); CI lays it beside the clone, so there its absence must turn
    # the run red instead of quietly skipping the conformance tests.
    if os.environ.get("CI") and not REFERENCE.is_dir():
        raise pytest.UsageError(f"CI needs {REFERENCE} beside the checkout; it is missing")


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, with its XDG folders in it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture(autouse=True)
def engage_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_home: Path) -> Path:
    home = tmp_path / "engage-home"
    monkeypatch.setenv("ENGAGE_HOME", str(home))
    for var in (
        "ENGAGE_X_CONSUMER_KEY",
        "ENGAGE_X_CONSUMER_SECRET",
        "ENGAGE_X_ACCESS_TOKEN",
        "ENGAGE_X_ACCESS_TOKEN_SECRET",
        "ENGAGE_X_API_BASE",
        "ENGAGE_X_BEARER_TOKEN",
        "ENGAGE_BSKY_HANDLE",
        "ENGAGE_BSKY_APP_PASSWORD",
        "ENGAGE_BSKY_SERVICE",
    ):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "engage.db"


@pytest.fixture(scope="session")
def empty_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty store file made once per worker by Store.open, closed (so all
    of it is in the one file): copying it is about eight times quicker than
    building the schema again for every test. Tests of creating and migrating a
    file open their own."""
    path = tmp_path_factory.mktemp("empty-store") / "engage.db"
    Store.open(path).close()
    assert not path.with_name(path.name + "-wal").exists(), "the template was not checkpointed"
    return path


def fresh_store_file(template: Path, path: Path) -> Path:
    """``path`` holds a new, empty store (a copy of ``template``, mode and all)."""
    shutil.copy2(template, path)
    return path


@pytest.fixture
def store(db_path: Path, empty_store_file: Path) -> Iterator[Store]:
    """A real, empty SQLite store at ``db_path``; folders that need a world in it
    override this fixture and fill this one."""
    with Store.open(fresh_store_file(empty_store_file, db_path)) as opened:
        yield opened


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """keyrings.alt's PlaintextKeyring writing under tmp_path, chosen the way a
    user would choose it (PYTHON_KEYRING_BACKEND), so subprocesses use it too."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    data_home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    backend = PlaintextKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def own_log_handlers() -> Iterator[None]:
    """A test that runs ``main()`` (or ``setup_logging``) in this process leaves
    engage's log handler and level on the root logger, and a later test would log
    to this test's file, at this test's level: take off whatever the test added
    and put the level back."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
