"""Prospects on GoToSocial: a handle is looked up (accounts/lookup), and a pull
brings their own new statuses (not replies to others, not boosts), each once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engage_tui.platforms.base import PullContext
from engage_tui.platforms.errors import NotFound

from .gts_support import ON_SERVER, Accounts, MemoryState, platform_for

pytestmark = ON_SERVER


def test_a_prospects_own_new_statuses_arrive_once(accounts: Accounts):
    me, them = accounts.create(), accounts.create()
    mine = me.post("the owner's status")
    them.post("my own words")
    them.post("a reply to someone else", in_reply_to_id=mine["id"])
    them.sdk.status_reblog(mine["id"])
    platform = platform_for(me, accounts.url)
    owner = platform.whoami()
    person = platform.lookup_person(f"@{them.handle.upper()}")
    state = MemoryState()

    def pull() -> list[str]:
        ctx = PullContext(owner=owner, state=state, now=datetime.now(UTC), watchlist=(person.id,))
        result = platform.pull("prospects", ctx)
        state.apply(result)
        return [p.text for p in result.posts]

    before = pull()
    them.post("something new")
    after = pull()

    assert person.handle == them.handle
    assert before == ["my own words"]
    assert after == ["something new"]


def test_a_handle_nobody_has_is_not_found(accounts: Accounts):
    me = accounts.create()
    platform = platform_for(me, accounts.url)

    with pytest.raises(NotFound, match="no account"):
        platform.lookup_person(f"nobody_here@{accounts.host}")
