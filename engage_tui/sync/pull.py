"""Pulling the platform's sources into the store.

Each pull is written with ``store.apply_pull`` (rows, cursors and snapshots in
one transaction), so a crash between two pulls, or between two pages of one,
resumes from the last saved cursor: no gap, no duplicate. A rate limit pauses
only the source that met it; an error backs that source off; offline and
signed-out stop the whole pass (every other request would fail the same way), and
so does a request left unanswered (every other one would wait as long).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from engage_tui.config import Config
from engage_tui.domain import NotificationKind, Person
from engage_tui.platforms.base import Platform, PullContext, PullResult
from engage_tui.platforms.errors import (
    NoAnswer,
    Offline,
    PlatformError,
    RateLimited,
    SignedOut,
    Transient,
)
from engage_tui.store import Store
from engage_tui.sync.account_state import AccountState
from engage_tui.sync.clock import Clock
from engage_tui.sync.controller import SyncEvent
from engage_tui.sync.link import LinkState
from engage_tui.sync.outbox import OutboxPusher
from engage_tui.sync.report import SyncReport
from engage_tui.sync.schedule import SourceSchedule
from engage_tui.sync.storehealth import is_store_failure

log = logging.getLogger(__name__)

# Pages of one source in a row before the others get their turn; the rest
# follows a second later (the cursor is saved after every page).
MAX_PAGES_PER_TURN = 10
META_LAST_SYNC = "sync:last_sync_at"

_SOURCE_WORDS = {
    "mentions": "mentions",
    "own_posts": "your posts",
    "reposts": "reposts",
    "followers": "followers",
    "list_memberships": "list adds",
    "prospects": "prospects' posts",
}


def source_words(name: str) -> str:
    return _SOURCE_WORDS.get(name, name.replace("_", " "))


class SourcePuller:
    def __init__(
        self,
        store: Store,
        platform: Platform,
        *,
        state: AccountState,
        config: Config,
        clock: Clock,
        link: LinkState,
        schedule: SourceSchedule,
        pusher: OutboxPusher,
        emit: Callable[[SyncEvent], None],
        record_usage: Callable[[SyncReport], None],
    ) -> None:
        self._store = store
        self._platform = platform
        self._state = state
        self._config = config
        self._clock = clock
        self._link = link
        self._schedule = schedule
        self._pusher = pusher
        self._emit = emit
        self._record_usage = record_usage

    def pull_due(self, owner: Person, report: SyncReport, *, forced: bool) -> int:
        """Pull every due source once (a few pages each). Returns sources pulled."""
        pulled = 0
        for name in self._schedule.due(self._clock(), forced=forced):
            if not self._link.may_try(self._clock()):
                break
            if self._pull_source(name, owner, report):
                pulled += 1
                self._store.sync_state.meta_set(META_LAST_SYNC, self._clock().isoformat())
            # A send whose undo window ended during the pull goes now, not
            # after the remaining sources.
            self._pusher.push(report)
            self._record_usage(report)
        return pulled

    def _pull_source(self, name: str, owner: Person, report: SyncReport) -> bool:
        ok = False
        for _page in range(MAX_PAGES_PER_TURN):
            now = self._clock()
            try:
                result = self._platform.pull(name, self._context(owner, now))
            except RateLimited as err:
                self._link.succeeded()
                until = self._schedule.rate_limited(name, now, err.reset_at)
                log.info("source %s rate limited until %s", name, until.isoformat())
                report.sources_waiting[name] = until
                return ok
            except (Offline, NoAnswer) as err:
                # Every other request of the pass would wait just as long.
                self._link.went_offline(now, str(err))
                report.problem(self._link.message or str(err))
                self._emit(SyncEvent(kind="status"))
                return ok
            except SignedOut as err:
                self._link.refused_credentials(now, str(err))
                report.problem(str(err))
                self._emit(SyncEvent(kind="error", message=str(err)))
                return ok
            except PlatformError as err:
                if not isinstance(err, Transient):
                    self._link.succeeded()
                until = self._schedule.failed(name, now)
                message = (
                    f"Could not fetch {source_words(name)}: {err} "
                    f"engage tries again at {until.strftime('%H:%M:%S')} UTC."
                )
                report.problem(message)
                self._emit(SyncEvent(kind="error", message=message))
                return ok
            except Exception as exc:
                if is_store_failure(exc):
                    raise  # the engine pauses everything, not just this source
                log.exception("source %s: unexpected failure", name)
                until = self._schedule.failed(name, now)
                message = (
                    f"Fetching {source_words(name)} hit an unexpected problem; engage tries "
                    "again later. Details are in the log file."
                )
                report.problem(message)
                self._emit(SyncEvent(kind="error", message=message))
                return ok
            if self._link.succeeded():
                self._emit(SyncEvent(kind="status"))
            self._store_result(name, result, now, owner, report)
            ok = True
            if not result.more:
                return ok
        return ok

    def _store_result(
        self, name: str, result: PullResult, now: datetime, owner: Person, report: SyncReport
    ) -> None:
        kinds = Counter(event.kind.value for event in result.events)
        before = self._counts(kinds) if result.events else {}
        post_ids = [p.id for p in result.posts]
        known = self._store.sync_state.known_posts(post_ids) if post_ids else set()
        new = self._state.apply_pull(name, result, now)
        fresh = bool(new) or len(known) < len(set(post_ids))
        self._schedule.pulled(name, now, more=result.more, fresh=fresh)
        if name not in report.sources_pulled:
            report.sources_pulled.append(name)
        report.posts_stored += len(result.posts)
        if new == len(result.events):
            report.add_arrivals(dict(kinds))
        elif new:
            # Some were already stored (a page overlapping the last): count
            # by kind from the store, whose counters are exact.
            after = self._counts(kinds)
            report.add_arrivals({k: after[k] - before.get(k, 0) for k in after})
        self._pusher.confirm_handed(result.posts, owner.id, report)
        if result.note:
            report.notes.append(result.note)
            self._emit(SyncEvent(kind="note", message=result.note))
        if new or result.posts or result.people:
            self._emit(SyncEvent(kind="pulled", count=new))

    def _counts(self, kinds: Counter[str]) -> dict[str, int]:
        # This account's rows only: another account's engine may be storing
        # its own pull into the same file at this moment.
        mine = frozenset({self._state.account})
        return {
            kind: self._store.inbox.count(
                kinds=frozenset({NotificationKind(kind)}), include_done=True, accounts=mine
            )
            for kind in kinds
        }

    def _context(self, owner: Person, now: datetime) -> PullContext:
        return PullContext(
            owner=owner,
            state=self._state,  # this account's cursors and snapshots
            now=now,
            watchlist=self._store.prospects.watched_on(self._platform.network),
            mirror_watchlist=self._config.mirror_watchlist,
            first_sync_days=self._config.first_sync_days,
        )
