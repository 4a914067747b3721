"""The Bluesky notifications pull over time, against a model of the AppView's
list (newest first by listing time, keyset cursors, ``indexedAt`` = the earlier
of indexing and ``createdAt``): notifications listed late (backdated up to the
margin, indexed out of order), repeated, damaged, across pages and pulls that
stop half way. Everything valid arrives, once. No server needed: the real
list is tested in test_arrival_order and test_bad_answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext
from engage_tui.platforms.bluesky import notifications, parse
from engage_tui.platforms.bluesky.notifications import LATE_MARGIN, pull_notifications

from .bsky_support import MemoryState

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OWNER = Person(id="did:plc:owner", handle="owner.test", name="owner", network="bluesky")


class ModelList:
    """listNotifications as the AppView answers it, for a list held here."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def query(self, nsid: str, params: Any, resources_key: str = "") -> Any:
        assert nsid == "app.bsky.notification.listNotifications"
        ordered = sorted(self.items, key=_key, reverse=True)
        if params.cursor:
            at, uri = params.cursor.split("::")
            ordered = [n for n in ordered if _key(n) < (at, uri)]
        page = ordered[: params.limit]
        cursor = "::".join(_key(page[-1])) if page else None
        return {"notifications": page, "cursor": cursor}


def _key(item: dict[str, Any]) -> tuple[str, str]:
    return str(item.get("indexedAt")), str(item.get("uri"))


def _follow(n: int, listed: datetime) -> dict[str, Any]:
    did = f"did:plc:f{n}"
    return {
        "uri": f"at://{did}/app.bsky.graph.follow/3k{n:011d}",
        "cid": "bafy",
        "reason": "follow",
        "author": {"did": did, "handle": f"f{n}.test"},
        "record": {"subject": OWNER.id, "createdAt": parse.iso(listed)},
        "indexedAt": parse.iso(listed),
        "isRead": False,
    }


# (what is spoilt, whether engage can still read it)
_DAMAGED = st.sampled_from(
    [
        ({"author": 5}, False),
        ({"indexedAt": "9999-12-31T23:59:59-05:00"}, False),
        ({"indexedAt": "not a date"}, False),
        ({"uri": None}, False),
        ({"record": {"facets": 5, "text": 7, "createdAt": "0000"}, "reason": "mention"}, True),
        ({"reason": "zap", "zzz": {"unknown": [1]}}, True),
        ({"record": {"text": "x", "createdAt": "9999-12-31T23:59:59-05:00"}}, True),
    ]
)


class PullOverTime(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.server = ModelList()
        self.state = MemoryState()
        self.now = T0
        self.n = 0
        self.valid: set[str] = set()
        self.delivered: list[str] = []

    @initialize()
    def small_pages(self) -> None:
        # Small pages make every pull cross pages and stop half way.
        self.patch = pytest.MonkeyPatch()
        self.patch.setattr(notifications, "PAGE_SIZE", 3)
        self.patch.setattr(notifications, "PAGES_PER_PULL", 2)
        self.patch.setattr(notifications, "REREAD_PAGES", 10_000)

    def teardown(self) -> None:
        self.patch.undo()

    @rule(late=st.integers(0, int(LATE_MARGIN.total_seconds()) - 120))
    def someone_follows(self, late: int) -> None:
        """Listed up to the margin behind this moment: a slow clock, or a
        record the AppView indexed after later ones."""
        self.n += 1
        item = _follow(self.n, self.now - timedelta(seconds=late))
        self.server.items.append(item)
        self.valid.add(notifications.notification_id(item["uri"]))

    @rule(damage=_DAMAGED)
    def a_damaged_item_is_listed(self, damage: tuple[dict[str, Any], bool]) -> None:
        self.n += 1
        spoilt, readable = damage
        item = {**_follow(self.n, self.now), **spoilt}
        self.server.items.append(item)
        if readable:
            self.valid.add(notifications.notification_id(item["uri"]))

    @rule(data=st.data())
    def an_item_is_listed_twice(self, data: st.DataObject) -> None:
        if self.server.items:
            item = data.draw(st.sampled_from(self.server.items))
            shift = timedelta(seconds=data.draw(st.integers(-60, 0)))
            listed = parse.parse_time(item.get("indexedAt"))
            if listed is not None:
                self.server.items.append({**item, "indexedAt": parse.iso(listed + shift)})

    @rule(seconds=st.integers(1, 3 * 3600))
    def time_passes(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)

    @rule()
    def engage_pulls_once(self) -> None:
        self._pull()

    @rule()
    def engage_pulls_everything(self) -> None:
        while self._pull():
            pass

    def _pull(self) -> bool:
        ctx = PullContext(owner=OWNER, state=self.state, now=self.now)
        result = pull_notifications(self.server, ctx)  # type: ignore[arg-type]
        self.state.apply(result)
        self.delivered.extend(e.id for e in result.events)
        return result.more

    @invariant()
    def nothing_arrives_twice_and_nothing_damaged_arrives(self) -> None:
        assert len(self.delivered) == len(set(self.delivered))
        assert set(self.delivered) <= self.valid

    @invariant()
    def a_finished_pull_has_everything_valid(self) -> None:
        if self.state.cursor(notifications.PAGE) is None:
            self.engage_pulls_everything_quietly()
            assert set(self.delivered) == self.valid

    def engage_pulls_everything_quietly(self) -> None:
        while self._pull():
            pass


TestPullOverTime = PullOverTime.TestCase
TestPullOverTime.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)


class CountingList(ModelList):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def query(self, nsid: str, params: Any, resources_key: str = "") -> Any:
        self.asked += 1
        return super().query(nsid, params, resources_key)


def test_a_busy_account_rereads_two_pages_behind_the_mark_not_the_whole_margin():
    server = CountingList()
    server.items = [_follow(n, T0 - timedelta(seconds=n)) for n in range(1000)]
    state = MemoryState()
    ctx = PullContext(owner=OWNER, state=state, now=T0)
    while True:
        result = pull_notifications(server, ctx)
        state.apply(result)
        if not result.more:
            break
    server.asked = 0

    again = pull_notifications(server, ctx)

    assert (again.events, again.more) == ([], False)
    assert server.asked == notifications.REREAD_PAGES
