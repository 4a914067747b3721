from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TextArea

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.helpers import hear_toasts
from tests.tui.world import NOW, populate

SIZE = (120, 40)


# ``async def`` tests run under pytest-asyncio (asyncio_mode = "auto" in pyproject.toml),
# each on its own event loop.


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    # A blinking cursor makes a snapshot depend on when it was taken: every text
    # area the app builds starts with its cursor steady.
    built = TextArea.__init__

    def steady(self: TextArea, *args: Any, **kwargs: Any) -> None:
        built(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(TextArea, "__init__", steady)


@pytest.fixture(autouse=True)
def _no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    # Links in tests must never reach a real browser: act like an SSH session.
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 1 127.0.0.1 22")
    monkeypatch.delenv("BROWSER", raising=False)


@pytest.fixture(autouse=True)
def _unicode_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Snapshots draw the Unicode marks whatever encoding the test runner's stderr has.
    monkeypatch.setattr("engage_tui.tui.widgets.inbox_row.unicode_ok", lambda: True)


@pytest.fixture(autouse=True)
def _toasts_heard(monkeypatch: pytest.MonkeyPatch) -> None:
    # notices() and toasts() read what the app was asked to show.
    hear_toasts(monkeypatch)


@pytest.fixture
def store(store: Store) -> Store:
    """The shared store, holding the fixed world of tests/tui/world.py."""
    return populate(store)


def make_app(store: Store, **config: object) -> EngageApp:
    # Most tests answer one item and look at what follows: the flow on to the
    # next item's composer (test_answer_flow.py) would take their next keys.
    config.setdefault("compose_next_after_send", False)
    return EngageApp(Config(**config), store, None, clock=lambda: NOW)  # type: ignore[arg-type]


@pytest.fixture
def app(store: Store) -> EngageApp:
    return make_app(store)
