"""The app on a Mastodon account, driven by Pilot against GoToSocial: a reply
typed in the composer lands once under the right status and never more public
than what it answers (its content warning carried over, the prefill only the
author's @user@host); `l` favourites the status; an X account and a Mastodon
account share one inbox, each row labelled with its account.

The app is wired as `engage` wires it (cli/app_cmd.py): a store on a real
file, the sync engine on the Mastodon platform, the engine's own thread."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from engage_tui.config import Config
from engage_tui.domain import NotificationKind, OutboxState
from engage_tui.platforms.mastodon import MastodonPlatform, parse
from engage_tui.store import Store
from engage_tui.sync.accounts import AccountsSync
from engage_tui.sync.controller import SyncController
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from engage_tui.tui.widgets.status_bar import StatusBar
from tests.sync.conftest import start_world
from tests.tui.helpers import go_to, inbox, inbox_ready, settle, until

from .gts_support import ON_SERVER, Account, Accounts, platform_for, wait_for

pytestmark = ON_SERVER
SIZE = (120, 40)

Scenario = Callable[[Pilot[Any], EngageApp, Store], Awaitable[None]]


def run_app(db: Path, controller: SyncController, store: Store, scenario: Scenario) -> None:
    app = EngageApp(Config(undo_seconds=0, compose_next_after_send=False), store, controller)

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot, app, store)
            await settle(pilot)

    try:
        asyncio.run(drive())
    finally:
        controller.stop()
        store.close()


def mastodon_engine(store: Store, platform: MastodonPlatform, me: Account) -> SyncEngine:
    return SyncEngine(
        store, platform, config=Config(undo_seconds=0), account_name=f"mastodon:{me.handle}"
    )


def _notified(me: Account, count: int) -> None:
    wait_for(lambda: len(me.sdk.notifications()) >= count, f"{count} notifications")


def _row_of(store: Store, post_key: str) -> str | None:
    rows = store.inbox.window(limit=200, include_done=True, group=False)
    return next((r.notification.id for r in rows if r.notification.post_id == post_key), None)


async def _on_row(pilot: Pilot[Any], app: EngageApp, store: Store, post_key: str) -> None:
    """Wait for the engine's first pull to store the row, then put the cursor on it."""
    await inbox_ready(pilot)
    await until(pilot, lambda: _row_of(store, post_key) is not None, "the first pull")
    notification_id = _row_of(store, post_key)
    assert notification_id is not None
    await pilot.press("s")  # the inbox reloads what the pull stored
    await until(
        pilot,
        lambda: any(r.notification.id == notification_id for r in inbox(app).rows),
        "the row in the inbox",
    )
    await go_to(pilot, notification_id)


def test_a_reply_typed_in_the_app_to_a_followers_only_mention_lands_once_followers_only(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    theirs = them.post(
        f"@{me.handle} between us: is the kiln free?",
        visibility="private",
        spoiler_text="kiln talk",
    )
    _notified(me, 1)
    store = Store.open(tmp_path / "engage.db")
    platform = platform_for(me, accounts.url)
    engine = mastodon_engine(store, platform, me)
    key = parse.post_key(platform.client.host, str(theirs["id"]))
    prefilled: list[str] = []
    words = "yes, from noon"

    async def scenario(pilot: Pilot[Any], app: EngageApp, store: Store) -> None:
        await _on_row(pilot, app, store, key)
        await pilot.press("r")
        composer = app.screen.query_one(Composer)
        await until(pilot, lambda: composer.is_open, "the composer")
        prefilled.append(composer.text)
        await pilot.press("end", *words, "ctrl+s")
        await until(
            pilot,
            lambda: [i.state for i in store.outbox.items()] == [OutboxState.SENT],
            "the engine to send the reply",
        )

    run_app(tmp_path / "engage.db", engine, store, scenario)

    assert prefilled == [f"@{them.handle} "]
    replies = list(them.sdk.status_context(theirs["id"])["descendants"])
    assert len(replies) == 1
    reply = replies[0]
    assert str(reply["in_reply_to_id"]) == str(theirs["id"])
    assert reply["visibility"] == "private"
    assert reply["spoiler_text"] == "kiln talk"
    assert words in reply["content"]
    mine = me.sdk.account_statuses(me.id)
    assert [str(s["id"]) for s in mine] == [str(reply["id"])]


def test_l_in_the_app_favourites_the_status(accounts: Accounts, tmp_path: Path):
    me, them = accounts.create(), accounts.create()
    theirs = them.post(f"@{me.handle} the glaze came out blue")
    _notified(me, 1)
    store = Store.open(tmp_path / "engage.db")
    platform = platform_for(me, accounts.url)
    engine = mastodon_engine(store, platform, me)
    key = parse.post_key(platform.client.host, str(theirs["id"]))

    async def scenario(pilot: Pilot[Any], app: EngageApp, store: Store) -> None:
        await _on_row(pilot, app, store, key)
        await pilot.press("l")
        await until(
            pilot,
            lambda: [i.state for i in store.outbox.items()] == [OutboxState.SENT],
            "the engine to send the like",
        )

    run_app(tmp_path / "engage.db", engine, store, scenario)

    likers = them.sdk.status_favourited_by(theirs["id"])
    assert [str(a["id"]) for a in likers] == [me.id]


def test_x_and_mastodon_rows_share_one_inbox_each_labelled_with_its_account(
    accounts: Accounts, tmp_path: Path
):
    me, them = accounts.create(), accounts.create()
    them.sdk.account_follow(me.id)
    _notified(me, 1)
    store = Store.open(tmp_path / "engage.db")
    shown: list[tuple[str, NotificationKind, str]] = []
    with start_world() as world:
        x = SyncEngine(store, world.platform(), config=Config(undo_seconds=0))
        mastodon = mastodon_engine(store, platform_for(me, accounts.url), me)
        mastodon.run_once()
        x.run_once()
        both = AccountsSync([x, mastodon])

        async def scenario(pilot: Pilot[Any], app: EngageApp, store: Store) -> None:
            listing = await inbox_ready(pilot)
            await until(pilot, lambda: len(listing.rows) > 1, "both accounts' rows")
            book = app.screen.book  # type: ignore[attr-defined]  # the inbox screen's
            for row in listing.rows:
                n = row.notification
                shown.append((book.tag(n.account, n.network), n.kind, n.network))

        run_app(tmp_path / "engage.db", both, store, scenario)

    tags = {network: tag for tag, _, network in shown}
    assert set(tags) == {"x", "mastodon"}
    assert tags["mastodon"].startswith(f"M·{me.username}"[: len(tags["mastodon"])])
    assert tags["x"].startswith("X·")
    assert (tags["mastodon"], NotificationKind.FOLLOW, "mastodon") in shown


def test_the_status_bar_says_mastodon_is_free_instead_of_dollars(
    accounts: Accounts, tmp_path: Path
):
    me = accounts.create()
    store = Store.open(tmp_path / "engage.db")
    engine = mastodon_engine(store, platform_for(me, accounts.url), me)
    shown: list[str] = []

    async def scenario(pilot: Pilot[Any], app: EngageApp, store: Store) -> None:
        bar = app.screen.query_one(StatusBar)
        await until(pilot, lambda: "Mastodon: free" in str(bar.render()), "the free note")
        shown.append(str(bar.render()))

    run_app(tmp_path / "engage.db", engine, store, scenario)

    assert "$" not in shown[0]
