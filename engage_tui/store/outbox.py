"""The outbox state machine: queued -> sending -> sent | failed | handed_over.

Every transition is one conditional UPDATE, checked by its row count, so two
processes (the app and a cron ``engage sync``) can race on one file and each
item is still claimed once: ``claim`` only takes a queued row, ``finish`` only
moves a row that is still as its caller saw it, and ``cancel`` only wins while
an item is queued.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    Direction,
    Interaction,
    OutboxItem,
    OutboxState,
    Route,
)
from engage_tui.store import prospects, rows
from engage_tui.store.errors import AlreadyQueued
from engage_tui.store.sqlutil import placeholders
from engage_tui.store.timeutil import opt_us, to_us

_SELECT = f"SELECT {rows.OUTBOX_COLS} FROM outbox"


def get(conn: sqlite3.Connection, item_id: int) -> OutboxItem | None:
    row = conn.execute(f"{_SELECT} WHERE id = ?", (item_id,)).fetchone()
    return None if row is None else rows.outbox_item(row)


def enqueue(conn: sqlite3.Connection, request: ActionRequest, at: datetime) -> int:
    """Add a queued item; raises AlreadyQueued when the same words to the same
    target are still queued or being sent (a second ctrl+s on a reopened
    draft must not post them twice). A reply's target is its post; a new
    post's is the draft it was written in."""
    kind, network, text, account = request.kind, request.network, request.text, request.account
    target_post_id, draft_key = request.target_post_id, request.draft_key
    if text:
        same_target = "target_post_id = ?" if target_post_id else "draft_key IS ?"
        # Live on every route: waiting in the tray for the browser counts too.
        # Two accounts may each answer with the same words; "" is any account.
        live = conn.execute(
            "SELECT id, state FROM outbox WHERE state IN ('queued', 'sending', 'handed_over')"
            f" AND kind = ? AND network = ? AND {same_target} AND text = ?"
            " AND (account = ? OR account = '' OR ? = '')",
            (kind.value, network, target_post_id or draft_key, text, account, account),
        ).fetchone()
        if live is not None:
            raise AlreadyQueued(
                "These words to the same post already wait in the tray (F) to be finished "
                "in your browser: they go out once. Change the words to send another."
                if live[1] == OutboxState.HANDED.value
                else "These words to the same post are already waiting to be sent: they go "
                "out once. Press u to undo the first, or change the words to send another.",
                live[0],
            )
    cursor = conn.execute(
        "INSERT INTO outbox(kind, state, network, created_us, send_after_us, updated_us,"
        " target_post_id, person_id, text, draft_key, route, account)"
        " VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            kind.value,
            network,
            to_us(at),
            to_us(request.send_after),
            to_us(at),
            target_post_id,
            request.person_id,
            text,
            draft_key,
            None if request.route is None else request.route.value,
            account,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def cancel(conn: sqlite3.Connection, item_id: int, at: datetime) -> bool:
    cursor = conn.execute(
        "UPDATE outbox SET state = 'cancelled', updated_us = ? WHERE id = ? AND state = 'queued'",
        (to_us(at), item_id),
    )
    return cursor.rowcount == 1


def due(conn: sqlite3.Connection, now: datetime) -> list[OutboxItem]:
    """Queued items whose time has come, and every ``sending`` item.

    A ``sending`` row is one a crash (or a dropped connection) left with an
    unknown outcome; the engine must reconcile it before anything else.
    They come first, then queued items in the order they are due.
    """
    sql = (
        f"{_SELECT} WHERE state = 'sending'"
        f" UNION ALL {_SELECT} WHERE state = 'queued' AND send_after_us <= ?"
        " ORDER BY 3 DESC, 5, 1"
    )
    return [rows.outbox_item(row) for row in conn.execute(sql, (to_us(now),))]


def claim(
    conn: sqlite3.Connection, item_id: int, token: str | None, at: datetime
) -> OutboxItem | None:
    """queued -> sending; None when another worker (or a cancel) got there first.

    The first prepare token saved stays: an idempotency key must be the same
    on every attempt, so use the token on the returned item.
    """
    cursor = conn.execute(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
        " prepare_token = coalesce(prepare_token, ?), updated_us = ?"
        " WHERE id = ? AND state = 'queued'",
        (token, to_us(at), item_id),
    )
    if cursor.rowcount != 1:
        return None
    return get(conn, item_id)


def undone_like_token(conn: sqlite3.Connection, unlike: OutboxItem) -> str | None:
    """The prepare token of the newest like of the same post queued before
    ``unlike``: on Bluesky, the key of the like record to delete."""
    row = conn.execute(
        "SELECT prepare_token FROM outbox WHERE kind = 'like' AND network = ?"
        " AND target_post_id = ? AND id < ? AND prepare_token IS NOT NULL"
        " ORDER BY id DESC LIMIT 1",
        (unlike.network, unlike.target_post_id, unlike.id),
    ).fetchone()
    return None if row is None else str(row[0])


_FINISHABLE = ("queued", "sending", "handed_over")


def finish(
    conn: sqlite3.Connection,
    seen: OutboxItem,
    state: OutboxState,
    *,
    at: datetime,
    remote_id: str | None,
    error: str | None,
    intent_url: str | None,
    retry_at: datetime | None,
    route: Route | None,
) -> bool:
    """Move ``seen`` on; with ``retry_at`` it goes back to queued.

    The write only lands while the row is still as the caller saw it: the
    same state, the same claim (``attempts`` grows with every claim) and the
    same ``updated_us``. So a process whose lease ran out, or that looked at
    a crashed ``sending`` row just before another process took it over, can
    never move that other process's claim back to queued. SENT is the
    exception: a post known to be on the network is sent, whoever holds the
    row now (the other sender's POST is then refused as a duplicate).

    A sent item's draft is deleted in the same transaction, unless the user
    edited that draft after queueing it (then it holds newer words).
    Returns False when the row had moved on (or was already final).
    """
    if retry_at is not None:
        state = OutboxState.QUEUED
    # A final row (sent, failed, cancelled) never moves again.
    condition = f"state IN ({placeholders(len(_FINISHABLE))})"
    expected: tuple[object, ...] = _FINISHABLE
    if state is not OutboxState.SENT:
        condition += " AND state = ? AND attempts = ? AND updated_us IS ?"
        expected += (seen.state.value, seen.attempts, opt_us(seen.updated_at))
    cursor = conn.execute(
        "UPDATE outbox SET state = ?, updated_us = ?, remote_id = coalesce(?, remote_id),"
        " error = ?, intent_url = coalesce(?, intent_url),"
        " send_after_us = coalesce(?, send_after_us), route = coalesce(?, route)"
        f" WHERE id = ? AND {condition}",
        (
            state.value,
            to_us(at),
            remote_id,
            error,
            intent_url,
            opt_us(retry_at),
            None if route is None else route.value,
            seen.id,
            *expected,
        ),
    )
    if cursor.rowcount != 1:
        return False
    if state is OutboxState.SENT:
        drop_sent_draft(conn, seen.id)
    return True


def drop_sent_draft(conn: sqlite3.Connection, item_id: int) -> None:
    """A sent item's draft goes (its account's, or one of no known account),
    unless the user edited it after queueing (then it holds newer words)."""
    conn.execute(
        "DELETE FROM drafts WHERE key = (SELECT draft_key FROM outbox WHERE id = ?1)"
        " AND account IN ((SELECT account FROM outbox WHERE id = ?1), '')"
        " AND updated_us <= (SELECT created_us FROM outbox WHERE id = ?1)",
        (item_id,),
    )


def items(conn: sqlite3.Connection, states: frozenset[OutboxState] | None) -> list[OutboxItem]:
    if states is None:
        return [rows.outbox_item(r) for r in conn.execute(f"{_SELECT} ORDER BY id")]
    values = sorted(s.value for s in states)
    sql = f"{_SELECT} WHERE state IN ({placeholders(len(values))}) ORDER BY id"
    return [rows.outbox_item(r) for r in conn.execute(sql, values)]


def interaction_kind(item: OutboxItem) -> str | None:
    """What an action counts as in the relationship history (None: nothing)."""
    if item.kind in (ActionKind.REPLY, ActionKind.POST):
        if item.draft_key and item.draft_key.startswith("thank:"):
            return "thank"
        return item.kind.value
    if item.kind in (ActionKind.LIKE, ActionKind.REPOST):
        return item.kind.value
    return None


def _person_of(conn: sqlite3.Connection, item: OutboxItem) -> str | None:
    """Whom an action was toward: the item's person, or its post's author."""
    if item.person_id is not None or not item.target_post_id:
        return item.person_id
    row = conn.execute(
        "SELECT author_id FROM posts WHERE id = ?", (item.target_post_id,)
    ).fetchone()
    return None if row is None else str(row[0])


def record_interaction(conn: sqlite3.Connection, item: OutboxItem, at: datetime) -> None:
    """Write what the owner did to the relationship history (and so move the
    prospect's "last engaged" on): the person is the item's, or its post's author."""
    kind = interaction_kind(item)
    person = _person_of(conn, item)
    if kind is None or person is None:
        return
    prospects.add_interaction(
        conn,
        Interaction(
            person_id=person,
            direction=Direction.OUTBOUND,
            kind=kind,
            at=at,
            post_id=item.remote_id or item.target_post_id,
            text=item.text or None,
        ),
    )


def confirm_handed(conn: sqlite3.Connection, item_id: int, at: datetime) -> OutboxItem | None:
    """The user says they finished a handed-over item in the browser: it is
    sent, and counts from now. None when it was no longer waiting (a sync
    confirmed it first, or it is gone)."""
    cursor = conn.execute(
        "UPDATE outbox SET state = 'sent', updated_us = ? WHERE id = ? AND state = 'handed_over'",
        (to_us(at), item_id),
    )
    if cursor.rowcount != 1:
        return None
    item = get(conn, item_id)
    assert item is not None
    record_interaction(conn, item, at)
    # Finished in the browser is sent: its draft goes as for any other route.
    drop_sent_draft(conn, item_id)
    return item


def unconfirm_handed(conn: sqlite3.Connection, item: OutboxItem) -> bool:
    """Take back the user's word that they finished ``item`` (as
    ``confirm_handed`` returned it): it waits in the tray again and its entry
    in the person's history goes. False when it has moved on since."""
    at = item.updated_at
    if at is None:
        return False
    cursor = conn.execute(
        "UPDATE outbox SET state = 'handed_over', updated_us = ?"
        " WHERE id = ? AND state = 'sent' AND updated_us = ?",
        (to_us(at), item.id, to_us(at)),
    )
    if cursor.rowcount != 1:
        return False
    kind = interaction_kind(item)
    person = _person_of(conn, item)
    if kind is not None and person is not None:
        prospects.remove_interaction(conn, person, Direction.OUTBOUND, kind, at)
    return True
