"""The sync engine: pulls the platform into the store, pushes the outbox.

Neutral: it knows sources, events and outbox items, never X. One pass
(``_pass``) pushes the outbox (``outbox.OutboxPusher``) and pulls what is due
(``pull.SourcePuller``); the TUI has passes run in the background by
``scheduler.Scheduler`` (``start``), which sleeps until the next source is
due, the next outbox item's undo window ends, the outbox changes (``wake``)
or the user asks (``sync_now``). ``engage sync`` calls ``run_once`` instead:
one pass, synchronously, with a report. Refused actions are routed in one
place (``denials.Denials``).

Nothing raised by the platform or the store escapes the thread: failures
become plain-words events for the listener and full details in the log file
(never a token: the platform's messages carry none).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta

from engage_tui.config import Config
from engage_tui.domain import ActionKind, OutboxItem, Person, Post, Route
from engage_tui.platforms.base import Cost, Platform, TextCheck
from engage_tui.platforms.errors import NoAnswer, Offline, PlatformError, SignedOut
from engage_tui.store import Store
from engage_tui.sync.account_state import AccountState
from engage_tui.sync.clock import Clock, utc_now
from engage_tui.sync.controller import (
    AccountInfo,
    Listener,
    SyncController,
    SyncEvent,
    SyncStatus,
)
from engage_tui.sync.denials import Denials
from engage_tui.sync.link import LinkState
from engage_tui.sync.outbox import PENDING, SENDING_LEASE, OutboxPusher
from engage_tui.sync.owner import owner_key, stored_owner
from engage_tui.sync.prospects import resolve_pending
from engage_tui.sync.pull import META_LAST_SYNC, SourcePuller
from engage_tui.sync.report import SyncReport
from engage_tui.sync.schedule import SourceSchedule
from engage_tui.sync.scheduler import Scheduler
from engage_tui.sync.storehealth import StoreHealth, is_store_failure, store_problem
from engage_tui.sync.stranded import stranded, stranded_words
from engage_tui.sync.subscriptions import apply_subscriptions
from engage_tui.sync.watch import StoreWatch

log = logging.getLogger(__name__)

META_WRITE_PROBE = "sync:write_probe"
# The newest handled notification's time last handed to the platform's
# mark_seen, per account.
META_MARKED_SEEN = "sync:marked_seen:"
# The thread re-checks at least this often (another process may have queued
# or sent something), and never spins faster than the floor.
MAX_SLEEP_S = 30.0
MIN_SLEEP_S = 0.2


class SyncEngine:
    """Implements ``SyncController`` for the TUI, plus ``run_once`` for the CLI."""

    def __init__(
        self,
        store: Store,
        platform: Platform,
        *,
        config: Config,
        clock: Clock | None = None,
        sending_lease: timedelta = SENDING_LEASE,
        account_name: str = "",
        owner_id: str | None = None,
        first_on_network: bool = True,
    ) -> None:
        """``account_name`` names the signed-in account when several share the
        file, ``owner_id`` is its person id when sign-in recorded it, and
        ``first_on_network`` says this is its network's first account: it
        sends what was queued before engage knew who would, and it alone
        pulls the sources every account of the network shares (prospects)."""
        self._store = store
        self._platform = platform
        self._account_name = account_name
        self._owner_key = owner_key(platform.network, account_name)
        self._owner_id = owner_id
        self._first_on_network = first_on_network
        self._adopted = not first_on_network  # rows of no account: see _adopt
        self._owner: Person | None = None
        # Alone, the engine says when queued items wait for an account that
        # is not open; among several, AccountsSync says it for them all.
        self.reports_stranded = True
        self._state = AccountState(store, lambda: self._owner.id if self._owner else "")
        self._config = config
        self._clock: Clock = clock or utc_now
        self._link = LinkState()
        self._health = StoreHealth()
        self._denials = Denials(store, platform.network)
        self._schedule = SourceSchedule(
            self._state,
            [s for s in platform.sources() if first_on_network or not s.shared],
            general_interval_s=config.sync_interval_seconds,
            overrides=config.source_intervals,
        )
        self._pusher = OutboxPusher(
            store,
            platform,
            clock=self._clock,
            link=self._link,
            denials=self._denials,
            emit=self._emit,
            lease=sending_lease,
            mine=self._mine,
        )
        self._puller = SourcePuller(
            store,
            platform,
            state=self._state,
            config=config,
            clock=self._clock,
            link=self._link,
            schedule=self._schedule,
            pusher=self._pusher,
            emit=self._emit,
            record_usage=self._record_usage,
        )
        # One pass at a time, whether from the thread or run_once.
        self._pass_lock = threading.Lock()
        self._scheduler = Scheduler(self._background_pass, self._sleep_seconds)
        self._listener: Listener | None = None
        self._syncing = False
        self._problem: str | None = None
        self._status: SyncStatus | None = None
        self._watch = StoreWatch(store)
        self.owner()  # seeds the platform from the cache, when known

    # --- SyncController: the background thread (scheduler.py) ------------------
    def start(self, listener: Listener) -> None:
        if self._scheduler.running:
            return
        self._listener = listener
        self._scheduler.start()

    def stop(self) -> None:
        self._scheduler.stop()

    def sync_now(self) -> None:
        self._scheduler.sync_now()

    def wake(self) -> None:
        self._scheduler.wake()

    def _background_pass(self, forced: bool) -> None:
        """One pass on the scheduler's thread: nothing it raises ends the thread."""
        report = SyncReport(started_at=self._clock())
        try:
            self._pass(report, forced=forced)
        except Exception:
            log.exception("sync pass failed")
            self._emit(
                SyncEvent(
                    kind="error",
                    message="Sync hit an unexpected problem; it keeps running. "
                    "Details are in the log file.",
                )
            )
        self._refresh_status(report)
        self._tell_what_others_stored()

    def _tell_what_others_stored(self) -> None:
        # Rows another process stored (`engage sync` from cron) came with no
        # event of ours: the app reads its windows again when the file moved.
        try:
            moved = self._watch.moved()
        except Exception:
            log.exception("could not ask the store whether it changed")
            return
        if moved:
            self._emit(SyncEvent(kind="stored"))

    def _sleep_seconds(self) -> float:
        try:
            now = self._clock()
            if not self._health.may_try(now) and self._health.blocked_until is not None:
                times = [self._health.blocked_until]
            elif not self._link.may_try(now) and self._link.blocked_until is not None:
                times = [self._link.blocked_until]
            else:
                candidates = (self._schedule.next_due(now), self._pusher.next_wake(now))
                times = [t for t in candidates if t is not None]
            if not times:
                return MAX_SLEEP_S
            seconds = (min(times) - now).total_seconds()
        except Exception:
            log.exception("could not work out the next wake-up")
            return MAX_SLEEP_S
        return min(max(seconds, MIN_SLEEP_S), MAX_SLEEP_S)

    # --- one pass ------------------------------------------------------------------
    def run_once(self, *, every_source: bool = False) -> SyncReport:
        """One pull of every due source and one push of the outbox, synchronously.

        ``every_source`` (`engage sync --now`) pulls every source whatever its
        schedule; one paused by a rate limit still waits.
        Never raises for network or platform trouble: the report's ``problems``
        say what went wrong in plain words (and ``ok`` is False).
        """
        report = SyncReport(started_at=self._clock())
        self._schedule.want_every_source(every_source)
        try:
            self._pass(report, forced=every_source)
        except Exception:
            log.exception("sync pass failed")
            report.problem("Sync hit an unexpected problem. Details are in the log file.")
        finally:
            self._schedule.want_every_source(False)
        self._finish_report(report)
        return report

    def _pass(self, report: SyncReport, *, forced: bool) -> None:
        started = time.monotonic()
        with self._pass_lock:
            self._problem = None
            if forced:
                self._link.unblock()
                self._health.unblock()
                self._schedule.clear_errors()
            if not self._health.may_try(self._clock()):
                # Every pull would be billed and then lost: wait, as offline.
                report.problem(self._health.message or "")
            else:
                try:
                    if self._health.message is not None:
                        # Failing before: try a write first, so no request
                        # is billed while its answer could not be stored.
                        self._store.sync_state.meta_set(META_WRITE_PROBE, self._clock().isoformat())
                    self._push_and_pull(report, forced=forced)
                except Exception as exc:
                    if not is_store_failure(exc):
                        raise
                    self._store_failed(exc, report, asked=forced)
                else:
                    if self._health.succeeded():
                        self._emit(SyncEvent(kind="status"))
        if report.problems:
            self._problem = report.problems[-1]
        report.duration_s = time.monotonic() - started

    def _push_and_pull(self, report: SyncReport, *, forced: bool) -> None:
        self._denials.reload()  # another process may have learned one
        self._pusher.push(report)
        self._record_usage(report)
        if self._first_on_network and self._link.may_try(self._clock()):
            # Asked for by a key: done at once, not at the prospects' schedule.
            apply_subscriptions(
                self._store, self._platform, self._clock, self._link, report, self._emit
            )
            self._record_usage(report)
        now = self._clock()
        if self._link.may_try(now) and self._schedule.due(now, forced=forced):
            self._set_syncing(True)
            try:
                owner = self._ensure_owner(report)
                if owner is not None:
                    self._adopt(owner)
                    resolve_pending(
                        self._store, self._platform, self._clock, self._link, report, self._emit
                    )
                    self._record_usage(report)
                    self._puller.pull_due(owner, report, forced=forced)
            finally:
                self._set_syncing(False)
        if self._link.may_try(self._clock()) and self.owner() is not None:
            self._share_read_position()
        self._record_usage(report)

    def _share_read_position(self) -> None:
        """Once the owner has handled newer notifications, move the account's
        read position on its network there (Bluesky's unread badge then agrees)."""
        owner = self.owner()
        if owner is None:
            return
        newest = self._store.inbox.newest_done(owner.id)
        if newest is None:
            return
        key = META_MARKED_SEEN + owner.id
        marked = self._store.sync_state.meta_get(key)
        if marked is not None and datetime.fromisoformat(marked) >= newest:
            return
        try:
            self._platform.mark_seen(newest)
        except PlatformError as err:
            # Only a badge on another client: the next pass tries again, and
            # a real outage is reported by the pulls.
            log.info("could not share the read position: %s", err)
            return
        self._store.sync_state.meta_set(key, newest.isoformat())

    def _store_failed(self, exc: Exception, report: SyncReport, *, asked: bool) -> None:
        """A write failed: pause the whole engine, and say so once (again only
        when the user asked for a sync now, so the key has an answer)."""
        log.warning("sync paused: the database could not be written (%s)", exc)
        # The requests made before the write failed cannot be logged in the
        # store; the report still counts them.
        report.add_usage(self._platform.take_usage())
        message = store_problem(exc, self._store.path)
        if self._scheduler.running:
            message += " Sync is paused and tries again by itself."
        report.problem(message)
        if self._health.failed(self._clock(), message) or asked:
            self._emit(SyncEvent(kind="error", message=message))
            self._emit(SyncEvent(kind="status"))

    def _finish_report(self, report: SyncReport) -> None:
        now = self._clock()
        report.finished_at = now
        report.online = self._link.online
        try:
            report.sources_waiting.update(self._schedule.paused(now))
            for name in self._schedule.names:
                at = self._schedule.next_time(name)
                if name not in report.sources_pulled and at is not None and at > now:
                    report.sources_next[name] = at
            if self._platform.bills_api:
                # The file's spend: every billed account's requests.
                report.month_to_date_usd = self._store.usage.month_spend(now)
            else:
                # Nothing this account does is billed: another network's
                # dollars are not its own (the totals still carry them).
                report.free_on = self._platform.display_name
        except Exception:
            log.exception("could not finish the sync report")
        if self._link.message:
            report.problem(self._link.message)
        words = self._stranded_words(self._store.outbox.items(PENDING))
        if words:
            report.notes.append(words)

    def _ensure_owner(self, report: SyncReport) -> Person | None:
        owner = self.owner()
        if owner is not None:
            return owner
        now = self._clock()
        try:
            owner = self._platform.whoami()
        except (Offline, NoAnswer) as err:
            self._link.went_offline(now, str(err))
            report.problem(self._link.message or str(err))
            return None
        except SignedOut as err:
            self._link.refused_credentials(now, str(err))
            report.problem(str(err))
            self._emit(SyncEvent(kind="error", message=str(err)))
            return None
        except PlatformError as err:
            message = f"Could not find out who is signed in: {err}"
            report.problem(message)
            self._emit(SyncEvent(kind="error", message=message))
            return None
        self._link.succeeded()
        self._store.people.upsert([owner])
        self._store.sync_state.meta_set(self._owner_key, owner.id)
        self._owner = owner
        self._platform.seed_owner(owner)
        return owner

    def _adopt(self, owner: Person) -> None:
        """Once per engine, before its first pull: rows of this network kept
        from before engage knew whose they were (a file upgraded while
        another network's account was the one signed in) become this
        account's, so pulling them again adds no second copy."""
        if self._adopted:
            return
        moved = self._store.inbox.adopt_unowned(owner.id, self._platform.network)
        if moved:
            log.info("%d stored notifications now belong to %s", moved, owner.id)
        self._adopted = True

    def _record_usage(self, report: SyncReport) -> None:
        usage = self._platform.take_usage()
        if usage:
            # Stamped with the engine's clock, the one month_spend is asked
            # with (the same as the wall clock outside tests and the bench).
            now = self._clock()
            self._store.usage.log_requests([replace(u, at=now) for u in usage], now)
            report.add_usage(usage)

    # --- events and status ---------------------------------------------------------
    def _emit(self, event: SyncEvent) -> None:
        listener = self._listener
        if listener is None:
            return
        if event.kind == "status" and event.status is None:
            event = SyncEvent(kind="status", status=self._compute_status())
        try:
            listener(event)
        except Exception:
            log.exception("sync listener failed on %s", event.kind)

    def _set_syncing(self, value: bool) -> None:
        self._syncing = value
        if self._listener is not None:
            self._refresh_status(None)

    def _refresh_status(self, report: SyncReport | None) -> None:
        try:
            status = self._compute_status()
        except Exception:
            log.exception("could not compute the sync status")
            return
        changed = status != self._status
        self._status = status
        if changed:
            self._emit(SyncEvent(kind="status", status=status))

    def status(self) -> SyncStatus:
        cached = self._status
        return cached if cached is not None else self._compute_status()

    def _compute_status(self) -> SyncStatus:
        now = self._clock()
        last = self._store.sync_state.meta_get(META_LAST_SYNC)
        remaining, endpoint = self._tightest_limit(now)
        pending = self._store.outbox.items(PENDING)
        return SyncStatus(
            online=self._link.online,
            syncing=self._syncing,
            last_sync_at=datetime.fromisoformat(last) if last else None,
            queued=sum(1 for item in pending if self._mine(item)),
            month_spend_usd=self._store.usage.month_spend(now),
            free_words=None if self._platform.bills_api else f"{self._platform.display_name}: free",
            rate_remaining=remaining,
            rate_endpoint=endpoint,
            paused=self._schedule.paused(now),
            message=self._health.message
            or self._link.message
            or self._problem
            or self._stranded_words(pending),
        )

    def _stranded_words(self, pending: list[OutboxItem]) -> str | None:
        if not self.reports_stranded:
            return None
        return stranded_words(stranded(pending, self.accounts()))

    def _tightest_limit(self, now: datetime) -> tuple[int | None, str | None]:
        best: tuple[float, int, str] | None = None
        for endpoint, usage in self._store.usage.latest_rate_limits().items():
            if usage.rate_remaining is None:
                continue
            if usage.rate_reset is not None and usage.rate_reset <= now:
                continue  # that window is over: the quota is back
            share = usage.rate_remaining / usage.rate_limit if usage.rate_limit else 1.0
            key = (share, usage.rate_remaining, endpoint)
            if best is None or key < best:
                best = key
        return (best[1], best[2]) if best else (None, None)

    # --- answers that need no network ----------------------------------------------
    def owner(self) -> Person | None:
        if self._owner is None:
            self._owner = stored_owner(
                self._store, self._platform.network, self._account_name, self._owner_id
            )
            if self._owner is not None:
                self._platform.seed_owner(self._owner)
        return self._owner

    def capability(self, action: ActionKind, target: Post | None) -> Route:
        return self._denials.route(action, self._platform.capability(action, target))

    def route_reason(self, action: ActionKind, target: Post | None) -> str:
        offered = self._platform.capability(action, target)
        if self._denials.route(action, offered) is not offered:
            return (
                f"{self._platform.display_name} refused a {action.value} through the API "
                "for this account before, so "
                "engage opens it in your browser, ready to confirm."
            )
        return self._platform.route_reason(action, target)

    def cost(self, action: ActionKind, text: str, target: Post | None) -> Cost:
        if self.capability(action, target) is Route.INTENT:
            return Cost(0.0, "")  # the reason says it goes to the browser
        return self._platform.cost(action, text, target)

    def measure(self, text: str) -> TextCheck:
        return self._platform.measure(text)

    def post_url(self, post: Post, author: Person | None = None) -> str:
        return self._platform.post_url(post, author)

    def profile_url(self, person: Person) -> str:
        return self._platform.profile_url(person)

    @property
    def network_name(self) -> str:
        return self._platform.display_name

    @property
    def network(self) -> str:
        return self._platform.network

    @property
    def store(self) -> Store:
        return self._store

    @property
    def account_name(self) -> str:
        return self._account_name

    def account(self) -> AccountInfo:
        owner = self.owner()
        return AccountInfo(
            id=owner.id if owner else "",
            network=self._platform.network,
            network_name=self._platform.display_name,
            handle=owner.handle if owner else "",
        )

    def accounts(self) -> tuple[AccountInfo, ...]:
        return (self.account(),)

    def for_account(self, network: str, account: str = "") -> SyncController:
        return self

    def _mine(self, item: OutboxItem) -> bool:
        """Whether this account sends ``item``: its own, or (for the first
        account of the network) one queued before the sender was known."""
        if item.network != self._platform.network:
            return False
        if item.account:
            owner = self.owner()
            return owner is not None and item.account == owner.id
        return self._first_on_network
