"""Every kind of notification GoToSocial makes arrives once, through the
platform and the real sync engine into a real store; pulls page across pages
and resume where a bounded pull stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from engage_tui.config import Config
from engage_tui.domain import NotificationKind
from engage_tui.platforms.mastodon import notifications
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

from .gts_support import ON_SERVER, Account, Accounts, MemoryState, context, platform_for, wait_for

pytestmark = ON_SERVER


def _count(account: Account, at_least: int) -> None:
    wait_for(
        lambda: len(account.sdk.notifications(limit=80)) >= at_least, f"{at_least} notifications"
    )


def test_each_kind_arrives_once_through_a_sync(accounts: Accounts, tmp_path: Path):
    me, them = accounts.create(), accounts.create()
    mine = me.post("something worth answering")
    them.sdk.status_favourite(mine["id"])
    them.sdk.status_reblog(mine["id"])
    them.sdk.account_follow(me.id)
    them.post(f"@{me.handle} hello")
    them.post(f"@{me.handle} an answer", in_reply_to_id=mine["id"])
    _count(me, 5)
    store = Store.open(tmp_path / "engage.db")
    try:
        engine = SyncEngine(store, platform_for(me, accounts.url), config=Config())
        first = engine.run_once()
        second = engine.run_once(every_source=True)
        rows = store.inbox.window(limit=50, group=False)
    finally:
        store.close()

    assert first.ok, first.problems
    assert first.arrived == {"like": 1, "repost": 1, "follow": 1, "mention": 1, "reply": 1}
    assert second.arrived == {}
    by_kind = {row.notification.kind: row for row in rows}
    assert len(rows) == 5
    reply = by_kind[NotificationKind.REPLY].notification
    assert reply.subject_id is not None and reply.subject_id.endswith(f"/statuses/{mine['id']}")


def test_a_follow_request_to_a_locked_account_arrives_as_a_follow(accounts: Accounts):
    me, them = accounts.create(), accounts.create()
    me.sdk.account_update_credentials(locked=True)
    them.sdk.account_follow(me.id)
    _count(me, 1)
    platform = platform_for(me, accounts.url)
    owner = platform.whoami()

    result = platform.pull("notifications", context(owner, MemoryState()))

    assert [(e.kind, e.raw_kind) for e in result.events] == [
        (NotificationKind.FOLLOW, "follow_request")
    ]


def test_a_pull_pages_across_pages_and_a_bounded_pull_resumes_where_it_stopped(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(notifications, "PAGE_SIZE", 3)
    monkeypatch.setattr(notifications, "PAGES_PER_PULL", 2)
    me, them = accounts.create(), accounts.create()
    mine = [me.post(f"status {i}") for i in range(8)]
    for status in mine:
        them.sdk.status_favourite(status["id"])
    _count(me, 8)
    platform = platform_for(me, accounts.url)
    owner = platform.whoami()
    state = MemoryState()

    first = platform.pull("notifications", context(owner, state))
    state.apply(first)
    second = platform.pull("notifications", context(owner, state))
    state.apply(second)
    them.sdk.status_favourite(me.post("one more")["id"])
    _count(me, 9)
    third = platform.pull("notifications", context(owner, state))

    assert (len(first.events), first.more) == (6, True)
    assert (len(second.events), second.more) == (2, False)
    subjects = {e.subject_id for e in first.events + second.events}
    assert len(subjects) == 8
    assert [e.kind for e in third.events] == [NotificationKind.LIKE]
