"""A draft belongs to what it answers AND the account answering.

A post that mentions two of the owner's accounts is a row in each one's
inbox. The two rows shared one draft: the second row's composer said
"Replying as" the first account, with the first account's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.domain import NotificationKind, OutboxState
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.tui.screens.drafts import DraftsScreen
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.mixed_world import (
    BSKY_PEOPLE,
    KAI,
    KAI_TO_STUDIO,
    ME_BSKY,
    ME_BSKY_WORK,
    _bsky,
    accounts,
    populate_mixed,
    stored_id,
)
from tests.tui.test_accounts import context, mixed_app, open_reply
from tests.tui.test_composer import typed
from tests.tui.world import NOW

OLIVE_ROW = stored_id(ME_BSKY, "b-mention-both")
STUDIO_ROW = stored_id(ME_BSKY_WORK, "s-mention-kai")


@pytest.fixture
def both(tmp_path: Path) -> Iterator[Store]:
    """Kai's post mentions both accounts: one row in each inbox."""
    with Store.open(tmp_path / "both.db") as store:
        populate_mixed(store, studio=True)
        event = _bsky(
            "b-mention-both",
            NotificationKind.MENTION,
            KAI,
            KAI_TO_STUDIO.created_at,
            post_id=KAI_TO_STUDIO.id,
        )
        store.sync_state.apply_pull(
            "fixture",
            PullResult(events=[event], people=BSKY_PEOPLE, posts=[KAI_TO_STUDIO]),
            NOW,
            account=ME_BSKY.id,
        )
        yield store


async def test_each_accounts_row_for_one_post_has_its_own_draft(both: Store) -> None:
    app = mixed_app(both, accounts(both, None, [ME_BSKY, ME_BSKY_WORK]))
    async with app.run_test() as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        await open_reply(pilot, OLIVE_ROW)
        await pilot.press(*"from olive", "escape")
        await settle(pilot)
        await open_reply(pilot, STUDIO_ROW)
        assert "Replying as Bluesky @studio.bsky.social" in context(app)
        assert typed(app) == ""
        await pilot.press(*"from studio", "escape")
        await settle(pilot)
        drafts = {(d.account, d.text) for d in both.drafts.for_key(f"reply:{KAI_TO_STUDIO.id}")}
        assert drafts == {(ME_BSKY.id, "from olive"), (ME_BSKY_WORK.id, "from studio")}
        await open_reply(pilot, OLIVE_ROW)
        assert "Replying as Bluesky @olive.bsky.social" in context(app)
        assert typed(app) == "from olive"


async def test_each_accounts_draft_is_sent_by_that_account(both: Store) -> None:
    app = mixed_app(both, accounts(both, None, [ME_BSKY, ME_BSKY_WORK]))
    async with app.run_test() as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        await open_reply(pilot, OLIVE_ROW)
        await pilot.press(*"same words", "ctrl+s")
        await settle(pilot)
        await open_reply(pilot, STUDIO_ROW)
        assert typed(app) == ""
        await pilot.press(*"same words", "ctrl+s")
        await settle(pilot)
        queued = {(i.account, i.text) for i in both.outbox.items() if i.state is OutboxState.QUEUED}
        assert queued == {(ME_BSKY.id, "same words"), (ME_BSKY_WORK.id, "same words")}


async def test_a_draft_opened_from_drafts_answers_as_the_account_that_wrote_it(
    both: Store,
) -> None:
    app = mixed_app(both, accounts(both, None, [ME_BSKY, ME_BSKY_WORK]))
    async with app.run_test() as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        await open_reply(pilot, STUDIO_ROW)
        await pilot.press(*"from studio", "escape")
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Replying as Bluesky @studio.bsky.social" in context(app)
        assert typed(app) == "from studio"


def test_a_draft_kept_before_drafts_were_per_account_is_still_read(tmp_path: Path) -> None:
    import sqlite3

    from engage_tui.store.migrations import migrate

    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 7)
    conn.execute(
        "INSERT INTO drafts(key, text, updated_us, target_post_id, person_id, account)"
        " VALUES ('reply:200', 'kept words', 1, '200', '11', '')"
    )
    conn.close()
    with Store.open(path) as store:
        draft = store.drafts.get("reply:200")
        assert draft is not None and (draft.text, draft.account) == ("kept words", "")
        assert store.drafts.get("reply:200", "") == draft
