"""Prospects added by handle while offline: looked up once the network answers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from engage_tui.platforms.base import Platform
from engage_tui.platforms.errors import NoAnswer, NotFound, Offline, PlatformError, SignedOut
from engage_tui.platforms.handles import network_of_handle
from engage_tui.store import Store
from engage_tui.sync.clock import Clock
from engage_tui.sync.controller import SyncEvent
from engage_tui.sync.link import LinkState
from engage_tui.sync.report import SyncReport

log = logging.getLogger(__name__)


def resolve_pending(
    store: Store,
    platform: Platform,
    clock: Clock,
    link: LinkState,
    report: SyncReport,
    emit: Callable[[SyncEvent], None],
) -> int:
    """Look up every pending handle of ``platform``'s network; returns how many
    became people. Another network's handle is left for that network's sync:
    looked up here it would be "not found" and dropped from the watchlist."""
    resolved = 0
    for handle in store.prospects.pending():
        if network_of_handle(handle) not in (platform.network, None):
            continue
        now = clock()
        if not link.may_try(now):
            break
        try:
            person = platform.lookup_person(handle)
        except NotFound:
            link.succeeded()
            _drop(store, handle, platform.display_name, report, emit)
            continue
        except (Offline, NoAnswer) as err:
            link.went_offline(now, str(err))
            break
        except SignedOut as err:
            link.refused_credentials(now, str(err))
            break
        except PlatformError as err:
            log.info("looking up @%s failed: %s", handle, err)  # stays pending
            continue
        link.succeeded()
        try:
            store.people.upsert([person])
            store.prospects.resolve_pending(handle, person.id)
        except Exception:
            # The store failing on one handle must not stop the pulls.
            log.exception("could not save the prospect @%s", handle)
            continue
        resolved += 1
    return resolved


def _drop(
    store: Store,
    handle: str,
    network: str,
    report: SyncReport,
    emit: Callable[[SyncEvent], None],
) -> None:
    try:
        store.prospects.remove_pending(handle)
    except Exception:
        log.exception("could not remove the pending prospect @%s", handle)
        return
    message = (
        f"No account @{handle.lstrip('@')} on {network} (renamed, deleted or suspended): "
        "removed it from your prospects."
    )
    report.notes.append(message)
    emit(SyncEvent(kind="note", message=message))
