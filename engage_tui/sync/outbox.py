"""Pushing the outbox: each queued action reaches the network exactly once.

The state machine (queued -> sending -> sent | failed | handed_over) is the
same for every network; the platform supplies the three steps (prepare, send,
reconcile). The rules that make it exactly once:

- A row is claimed (queued -> sending, atomically, across processes) before
  any attempt, with the platform's prepare token saved on it.
- A reply or post that was attempted before (``attempts > 0`` when claimed
  again, or a row left in ``sending`` by a crash) is reconciled with the
  network before it is sent again: found -> sent; not found -> send; cannot
  tell -> wait and ask again later. Requeued rows keep their attempt count,
  so this holds across restarts without any memory in this process.
- A row in ``sending`` is only taken over once it is older than a lease, so a
  cron `engage sync` never reconciles an item the app is sending right now.
- Every state change is conditional on the row being as this process last
  saw it (state, claim, time): a process that was paused or whose lease ran
  out never moves another process's claim, so it cannot send a second time.
- Likes, unlikes and reposts are idempotent: they are simply retried.
- A permanent failure marks the row failed and keeps the words as a draft.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from engage_tui.domain import (
    ActionKind,
    Draft,
    OutboxItem,
    OutboxState,
    Post,
    Route,
)
from engage_tui.platforms.base import Platform, ReconcileOutcome, ReconcileResult, SendStatus
from engage_tui.platforms.errors import (
    DuplicateContent,
    NoAnswer,
    NotAllowed,
    NotFound,
    Offline,
    PlatformError,
    RateLimited,
    SignedOut,
    Transient,
)
from engage_tui.store import Store
from engage_tui.sync.backoff import backoff
from engage_tui.sync.clock import Clock
from engage_tui.sync.controller import SyncEvent
from engage_tui.sync.denials import Denials
from engage_tui.sync.handed import match_handed
from engage_tui.sync.link import LinkState
from engage_tui.sync.report import ItemLine, SyncReport
from engage_tui.sync.storehealth import is_store_failure

log = logging.getLogger(__name__)

# Longer than any single send plus its reconcile can take (the X client's
# timeouts are 5 s + 15 s), so a live sender is never second-guessed.
SENDING_LEASE = timedelta(minutes=2)
TEXT_KINDS = frozenset({ActionKind.REPLY, ActionKind.POST})
PENDING = frozenset({OutboxState.QUEUED, OutboxState.SENDING})
MAX_RATE_WAIT = timedelta(minutes=16)

_WHAT = {
    ActionKind.REPLY: "your reply",
    ActionKind.POST: "your post",
    ActionKind.LIKE: "the like",
    ActionKind.UNLIKE: "the unlike",
    ActionKind.REPOST: "the repost",
}


class OutboxPusher:
    def __init__(
        self,
        store: Store,
        platform: Platform,
        *,
        clock: Clock,
        link: LinkState,
        denials: Denials,
        emit: Callable[[SyncEvent], None],
        lease: timedelta = SENDING_LEASE,
        mine: Callable[[OutboxItem], bool] | None = None,
    ) -> None:
        self._store = store
        # Which items this account sends (several accounts share one outbox).
        self._mine = mine or (lambda item: item.network == platform.network)
        self._platform = platform
        self._clock = clock
        self._link = link
        self._denials = denials
        self._emit = emit
        self._lease = lease

    # --- scheduling ----------------------------------------------------------
    def next_wake(self, now: datetime) -> datetime | None:
        """When the outbox next needs attention (a send_after, a lease ending)."""
        times = []
        for item in self._store.outbox.items(PENDING):
            if not self._mine(item):
                continue
            if item.state is OutboxState.QUEUED:
                times.append(item.send_after)
            else:
                times.append((item.updated_at or now) + self._lease)
        return min(times) if times else None

    # --- the pass --------------------------------------------------------------
    def push(self, report: SyncReport) -> None:
        """Send everything due now. Stops early when the link goes down."""
        now = self._clock()
        if not self._link.may_try(now):
            return
        for item in self._store.outbox.due(now):
            if not self._mine(item):
                continue
            if not self._link.may_try(self._clock()):
                break
            try:
                if item.state is OutboxState.SENDING:
                    self._recover(item, report)
                elif item.state is OutboxState.QUEUED:
                    self._attempt(item, report)
            except Exception as exc:  # a bug: keep the thread alive
                if is_store_failure(exc):
                    raise  # every other item would fail the same way: the engine pauses
                log.exception("outbox item %s: unexpected failure", item.id)
                self._park(item)
                self._emit(
                    SyncEvent(
                        kind="error",
                        message="Sending hit an unexpected problem; engage will try again. "
                        "Details are in the log file.",
                    )
                )

    def _park(self, item: OutboxItem) -> None:
        """After an unexpected failure, look at the item again later, not in a
        tight loop. A row claimed since ``item`` was read stays in ``sending``
        (the conditional write misses it): its lease covers that."""
        if item.state is not OutboxState.QUEUED:
            return
        now = self._clock()
        try:
            self._store.outbox.finish(
                item,
                OutboxState.QUEUED,
                at=now,
                error=item.error,
                retry_at=now + backoff(item.attempts + 1),
            )
        except Exception:
            log.exception("outbox item %s: could not postpone it", item.id)

    def _recover(self, item: OutboxItem, report: SyncReport) -> None:
        """A row left in ``sending``: by a crash, or by a process still at it.

        Once its lease has run out it goes back to the queue and through the
        normal path at once: claim, then (attempts > 0) reconcile before any
        resend. Claiming first means two processes recovering the same row
        cannot both send it.
        """
        now = self._clock()
        if item.updated_at is not None and now - item.updated_at < self._lease:
            return
        # One conditional write is both the check and the move: it lands
        # only while the row is still the crashed claim we saw.
        if not self._requeue(item, now, None, report, quiet=True):
            return  # another process took it over since we looked
        log.info("outbox item %s found in sending: reconciling before any retry", item.id)
        fresh = self._reload(item.id)
        if fresh is not None and fresh.state is OutboxState.QUEUED:
            self._attempt(fresh, report)

    def _attempt(self, item: OutboxItem, report: SyncReport) -> None:
        now = self._clock()
        target = self._target(item)
        route = self._route(item.kind, target)
        token = item.prepare_token or self._token(item)
        claimed = self._store.outbox.claim(item.id, token, now)
        if claimed is None:
            return  # cancelled by the user, or another process took it
        if route is Route.NONE:
            reason = self._platform.route_reason(item.kind, target)
            self._fail(claimed, f"{_WHAT[item.kind].capitalize()} cannot be done: {reason}", report)
            return
        if route is Route.INTENT:
            self._hand(claimed, None, report)
            return
        if item.attempts > 0 and item.kind in TEXT_KINDS:
            # Tried before with an unknown outcome: look before sending again.
            result = self._reconcile(claimed, target, report)
            if result is None:
                return
            if result.outcome is ReconcileOutcome.SENT:
                self._sent(claimed, result.remote_id, report)
                return
            if result.outcome is ReconcileOutcome.UNKNOWN:
                self._requeue(claimed, now + backoff(claimed.attempts), self._unsure, report)
                return
        self._send(claimed, target, report)

    def _token(self, item: OutboxItem) -> str | None:
        if item.kind is ActionKind.UNLIKE:
            # An unlike carries the token its like was sent with: on Bluesky
            # the key of the like record, deleted by that key even before the
            # AppView has indexed the like.
            return self._store.outbox.undone_like_token(item) or self._platform.prepare(item)
        return self._platform.prepare(item)

    def _send(self, item: OutboxItem, target: Post | None, report: SyncReport) -> None:
        now = self._clock()
        try:
            result = self._platform.send(item, target)
        except NotAllowed as err:
            self._link.succeeded()
            if self._denials.learn(item.kind):
                self._emit(
                    SyncEvent(
                        kind="note",
                        message=f"{err} From now on engage opens the browser for "
                        f"{item.kind.value}s, with your words filled in.",
                    )
                )
            self._hand(item, None, report)
        except DuplicateContent:
            self._link.succeeded()
            self._duplicate(item, target, report)
        except RateLimited as err:
            self._link.succeeded()
            until = min(max(err.reset_at, now + timedelta(seconds=5)), now + MAX_RATE_WAIT)
            self._requeue(item, until, f"{err}", report)
        except NoAnswer as err:
            # Asking now whether it landed would wait as long again; the next
            # attempt asks before sending (attempts > 0), once the server answers.
            unsure = err.outcome_unknown and item.kind in TEXT_KINDS
            self._offline(item, err, report, reason=self._unsure if unsure else None)
        except Offline as err:
            self._offline(item, err, report)
        except Transient as err:
            if err.outcome_unknown and item.kind in TEXT_KINDS:
                self._after_unknown(item, target, err, report)
            else:
                self._requeue(item, now + backoff(item.attempts), str(err), report)
        except SignedOut as err:
            until = self._link.refused_credentials(now, str(err))
            self._requeue(item, until, str(err), report)
            self._emit(SyncEvent(kind="error", message=str(err)))
        except NotFound as err:
            self._link.succeeded()
            self._fail(item, _not_found_words(item, err), report)
        except PlatformError as err:
            self._link.succeeded()
            kept = " Your words are kept as a draft." if item.text else ""
            name = self._platform.display_name
            self._fail(item, f"{name} refused {_WHAT[item.kind]}: {err}{kept}", report)
        except Exception:
            # Outcome unknown: reconcile will look before any resend.
            log.exception("outbox item %s: unexpected failure while sending", item.id)
            self._requeue(item, now + backoff(item.attempts), self._unsure, report)
        else:
            self._link.succeeded()
            if result.status is SendStatus.HANDED:
                self._hand(item, result.intent_url, report)
            else:
                self._sent(item, result.remote_id, report)
                if result.note:
                    report.notes.append(result.note)
                    self._emit(SyncEvent(kind="note", message=result.note))

    def _after_unknown(
        self, item: OutboxItem, target: Post | None, err: Transient, report: SyncReport
    ) -> None:
        """The request went out and no answer came back: did it land?"""
        log.info("outbox item %s: outcome unknown (%s); reconciling", item.id, err)
        result = self._reconcile(item, target, report)
        if result is None:
            return
        if result.outcome is ReconcileOutcome.SENT:
            self._sent(item, result.remote_id, report)
            return
        now = self._clock()
        reason = str(err) if result.outcome is ReconcileOutcome.NOT_SENT else self._unsure
        self._requeue(item, now + backoff(item.attempts), reason, report)

    def _duplicate(self, item: OutboxItem, target: Post | None, report: SyncReport) -> None:
        """X says these words were posted already. By us (a lost answer) or in
        another reply? Reconcile tells; if it cannot, trust X and never resend."""
        if item.kind not in TEXT_KINDS:
            self._sent(item, None, report)
            return
        try:
            result = self._platform.reconcile(item, target)
        except PlatformError as err:
            log.info("outbox item %s: duplicate, reconcile failed: %s", item.id, err)
            result = ReconcileResult(ReconcileOutcome.UNKNOWN)
        if result.outcome is ReconcileOutcome.NOT_SENT:
            self._fail(
                item,
                f"{self._platform.display_name} refused it as a duplicate: you posted the same "
                "words recently. "
                "Change the words and send again; they are kept as a draft.",
                report,
            )
        else:
            self._sent(item, result.remote_id, report)

    def _reconcile(
        self, item: OutboxItem, target: Post | None, report: SyncReport
    ) -> ReconcileResult | None:
        """Ask the network; None when it could not answer (item requeued)."""
        now = self._clock()
        try:
            result = self._platform.reconcile(item, target)
        except Offline as err:
            self._offline(item, err, report)
            return None
        except NoAnswer as err:
            self._offline(item, err, report, reason=self._unsure)
            return None
        except RateLimited as err:
            self._link.succeeded()
            self._requeue(item, min(err.reset_at, now + MAX_RATE_WAIT), self._unsure, report)
            return None
        except SignedOut as err:
            until = self._link.refused_credentials(now, str(err))
            self._requeue(item, until, self._unsure, report)
            return None
        except PlatformError as err:
            log.info("outbox item %s: reconcile failed: %s", item.id, err)
            self._requeue(item, now + backoff(item.attempts), self._unsure, report)
            return None
        self._link.succeeded()
        return result

    # --- outcomes ------------------------------------------------------------------
    def _sent(self, item: OutboxItem, remote_id: str | None, report: SyncReport) -> None:
        now = self._clock()
        # The store deletes the draft in the same transaction (unless the
        # user edited it after queueing: those are newer words).
        if not self._store.outbox.finish(item, OutboxState.SENT, at=now, remote_id=remote_id):
            return  # already final: another process recorded it first
        done = replace(item, state=OutboxState.SENT, remote_id=remote_id, updated_at=now)
        self._store.outbox.record_sent(done, now)
        report.sent.append(ItemLine.of(done))
        self._emit(SyncEvent(kind="sent", item=done))

    def _hand(self, item: OutboxItem, url: str | None, report: SyncReport) -> None:
        now = self._clock()
        url = url or self._platform.intent_url(item)
        if not self._store.outbox.finish(
            item, OutboxState.HANDED, at=now, intent_url=url, route=Route.INTENT
        ):
            return
        done = replace(
            item, state=OutboxState.HANDED, intent_url=url, route=Route.INTENT, updated_at=now
        )
        # It counts as engaging only once confirmed: a reply when it shows up
        # on the owner's timeline (confirm_handed below), a like or repost
        # (which leave no trace engage can read cheaply) when the user marks
        # it done in the tray.
        report.handed.append(ItemLine.of(done))
        self._emit(SyncEvent(kind="handed", item=done))

    def _fail(self, item: OutboxItem, message: str, report: SyncReport) -> None:
        now = self._clock()
        self._keep_words(item, now)
        if not self._store.outbox.finish(item, OutboxState.FAILED, at=now, error=message):
            return
        done = replace(item, state=OutboxState.FAILED, error=message, updated_at=now)
        report.failed.append(ItemLine.of(done, message))
        self._emit(SyncEvent(kind="failed", item=done, message=message))

    def _keep_words(self, item: OutboxItem, now: datetime) -> None:
        if not item.text:
            return
        key = item.draft_key or (
            f"reply:{item.target_post_id}"
            if item.kind is ActionKind.REPLY and item.target_post_id
            else f"post:outbox-{item.id}"
        )
        if self._store.drafts.get(key, item.account) is None:
            self._store.drafts.save(
                Draft(
                    key=key,
                    text=item.text,
                    updated_at=now,
                    target_post_id=item.target_post_id,
                    person_id=item.person_id,
                    account=item.account,
                )
            )

    def _requeue(
        self,
        item: OutboxItem,
        at: datetime,
        reason: str | None,
        report: SyncReport,
        *,
        quiet: bool = False,
    ) -> bool:
        """Back to queued until ``at``; False when another process had taken
        the row over (then it is theirs, and nothing is written)."""
        now = self._clock()
        moved = self._store.outbox.finish(
            item, OutboxState.QUEUED, at=now, error=reason, retry_at=at
        )
        if moved and not quiet:
            report.retrying.append(ItemLine.of(item, reason))
        return moved

    def _offline(
        self, item: OutboxItem, err: Transient, report: SyncReport, *, reason: str | None = None
    ) -> None:
        """No answer from the network: the item, and every request after it,
        waits until the link is tried again."""
        until = self._link.went_offline(self._clock(), str(err))
        self._requeue(item, until, reason or str(err), report)
        self._emit(SyncEvent(kind="status"))

    # --- handed-over items confirmed by a pull ------------------------------------
    def confirm_handed(self, posts: list[Post], owner_id: str, report: SyncReport) -> int:
        """Mark handed replies sent when the owner's reply shows up in ``posts``."""
        if not any(p.author_id == owner_id for p in posts):
            return 0
        handed = [
            i for i in self._store.outbox.items(frozenset({OutboxState.HANDED})) if self._mine(i)
        ]
        matches = match_handed(handed, posts, owner_id, self._platform.same_words)
        for item, post in matches:
            self._sent(item, post.id, report)
        return len(matches)

    # --- helpers ----------------------------------------------------------------------
    def _target(self, item: OutboxItem) -> Post | None:
        if not item.target_post_id:
            return None
        cached = self._store.people.post(item.target_post_id)
        if cached is not None:
            return cached
        # Not cached (seen only by id): route on what the id alone allows,
        # which the platform treats as an ordinary, unproven post.
        return Post(
            id=item.target_post_id,
            author_id="",
            text="",
            created_at=item.created_at,
            network=item.network,
        )

    def _route(self, kind: ActionKind, target: Post | None) -> Route:
        return self._denials.route(kind, self._platform.capability(kind, target))

    def _reload(self, item_id: int) -> OutboxItem | None:
        return self._store.outbox.get(item_id)

    @property
    def _unsure(self) -> str:
        return (
            f"{self._platform.display_name} did not answer whether it arrived; "
            "engage will check before trying again."
        )


def _not_found_words(item: OutboxItem, err: NotFound) -> str:
    what = _WHAT[item.kind]
    kept = " Your words are kept as a draft." if item.text else ""
    if err.reason == "deleted":
        return f"Could not send {what}: the post was deleted.{kept}"
    if err.reason == "protected":
        return f"Could not send {what}: the account is protected (only its followers see it).{kept}"
    if err.reason == "suspended":
        return f"Could not send {what}: the account is suspended.{kept}"
    return f"Could not send {what}: {err}{kept}"
