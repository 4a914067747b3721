"""Messages name the keys the user's keymap binds, not engage's defaults: a
user who moved undo to U, the tray to ctrl+t and thank to T is told "U to
undo", "(ctrl+t)" and "press T", never "u to undo"."""

from __future__ import annotations

from types import MappingProxyType

from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.keymap import key_name
from engage_tui.tui.widgets.composer import Composer
from tests.tui.conftest import SIZE, make_app
from tests.tui.helpers import go_to, inbox_ready, notices, settle, until

REMAPPED = {"app.undo": "U", "app.tray": "ctrl+t", "inbox.thank": "T"}


def remapped_app(store: Store) -> EngageApp:
    return make_app(store, keymap=MappingProxyType(REMAPPED))


def test_a_key_name_is_the_users_first_key_else_the_default() -> None:
    # A pane's own keys are known once it is loaded (it is, when it speaks).
    import engage_tui.tui.screens.inbox  # noqa: F401

    assert key_name({}, "app.undo") == "u"
    assert key_name({}, "inbox.thank") == "t"
    assert key_name({}, "composer.send") == "ctrl+s"
    assert key_name(REMAPPED, "app.undo") == "U"
    assert key_name({"app.undo": "U,ctrl+z"}, "app.undo") == "U"


async def test_done_names_the_remapped_undo_key(store: Store) -> None:
    app = remapped_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "Done (U to undo)." in notices(app)
        assert not any("u to undo" in words for words in notices(app))


async def test_a_queued_reply_names_the_remapped_undo_key(store: Store) -> None:
    app = remapped_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-reply-bo")
        await pilot.press("r")
        await until(pilot, lambda: app.screen.query_one(Composer).is_open, "composer")
        await pilot.press(*"thanks!", "ctrl+s")
        await settle(pilot)
        said = notices(app)
        assert any(words.endswith("(U to undo)") for words in said), said
        assert not any("u to undo" in words for words in said)


async def test_nothing_to_reply_names_the_remapped_thank_key(store: Store) -> None:
    app = remapped_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("r")
        await settle(pilot)
        assert any("press T to thank" in words for words in notices(app)), notices(app)


async def test_a_snooze_names_the_remapped_undo_key(store: Store) -> None:
    from engage_tui.tui.screens.snooze import SnoozeScreen

    app = remapped_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("z")
        await until(pilot, lambda: isinstance(app.screen, SnoozeScreen), "the snooze list")
        await pilot.press("enter")
        await settle(pilot)
        assert any(
            n.startswith("Snoozed until ") and n.endswith("(U to undo).") for n in notices(app)
        )
