"""Prospects' new posts as notifications: the user's wish (written by the
TUI to ``store.subscriptions``) carried out on the network once it answers.

Only the network's first account asks, as only it pulls the shared
prospects source: the notifications then come to that account's inbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from engage_tui.platforms.base import Platform
from engage_tui.platforms.errors import NoAnswer, Offline, PlatformError, SignedOut
from engage_tui.store import Store
from engage_tui.sync.clock import Clock
from engage_tui.sync.controller import SyncEvent
from engage_tui.sync.link import LinkState
from engage_tui.sync.report import SyncReport

log = logging.getLogger(__name__)


def apply_subscriptions(
    store: Store,
    platform: Platform,
    clock: Clock,
    link: LinkState,
    report: SyncReport,
    emit: Callable[[SyncEvent], None],
) -> int:
    """Ask ``platform`` for every subscription waiting on its network (on or
    off); returns how many it did. Each outcome is said once, as a note."""
    done = 0
    name = platform.display_name
    for person, on in store.subscriptions.waiting(platform.network):
        now = clock()
        if not link.may_try(now):
            break
        handle = f"@{person.handle}"
        try:
            held = platform.subscribe(person, on)
        except (Offline, NoAnswer) as err:
            link.went_offline(now, str(err))
            break  # stays waiting: asked again when the network answers
        except SignedOut as err:
            link.refused_credentials(now, str(err))
            break
        except PlatformError as err:
            if err.retryable:
                log.info("subscribing to %s's posts failed for now: %s", handle, err)
                continue
            link.succeeded()
            store.subscriptions.failed(person.id, on, clock(), str(err))
            _say(
                report,
                emit,
                f"{name} did not {'turn on' if on else 'turn off'} new posts by {handle}: {err}",
            )
            continue
        link.succeeded()
        if not store.subscriptions.settled(person.id, on, clock(), held or ""):
            continue  # the user changed their mind meanwhile: the next pass asks again
        done += 1
        if on:
            said = f"{name}: new posts by {handle} now come to your inbox."
        else:
            said = f"{name}: new posts by {handle} no longer come to your inbox."
        _say(report, emit, f"{said} {held}" if held else said)
    return done


def _say(report: SyncReport, emit: Callable[[SyncEvent], None], message: str) -> None:
    report.notes.append(message)
    emit(SyncEvent(kind="note", message=message))
