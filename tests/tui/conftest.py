from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.world import NOW, fill

SIZE = (120, 40)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests on a fresh event loop (no asyncio plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    # Links in tests must never reach a real browser: act like an SSH session.
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 1 127.0.0.1 22")
    monkeypatch.delenv("BROWSER", raising=False)


@pytest.fixture(autouse=True)
def _unicode_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Snapshots draw the Unicode marks whatever encoding the test runner's stderr has.
    monkeypatch.setattr("engage_tui.tui.widgets.inbox_row.unicode_ok", lambda: True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "engage.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = fill(db_path)
    yield opened
    opened.close()


def make_app(store: Store, **config: object) -> EngageApp:
    return EngageApp(Config(**config), store, None, clock=lambda: NOW)  # type: ignore[arg-type]


@pytest.fixture
def app(store: Store) -> EngageApp:
    return make_app(store)
