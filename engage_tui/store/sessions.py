"""Sessions of the daily habit: when each started, how long it ran, the streak.

A session row is written when the timer starts, so a day counts toward the
streak even if engage is closed mid-session; the active time is saved on
every pause and at the end. A day with an engagement (a reply, thank or
like) counts too, whether or not the timer ran: the habit is answering
people, not the timer. Days are the user's local days (``tz``).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta, tzinfo

from engage_tui.store.relationship_results import SessionInfo
from engage_tui.store.timeutil import from_us, opt_dt, to_us

_COLS = "id, started_us, ended_us, active_us"


def _info(row: tuple[int, int, int | None, int]) -> SessionInfo:
    return SessionInfo(
        id=row[0],
        started_at=from_us(row[1]),
        ended_at=opt_dt(row[2]),
        active=timedelta(microseconds=row[3]),
    )


def start(conn: sqlite3.Connection, at: datetime) -> int:
    cursor = conn.execute("INSERT INTO sessions(started_us) VALUES (?)", (to_us(at),))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def save(
    conn: sqlite3.Connection, session_id: int, active: timedelta, ended_at: datetime | None
) -> None:
    conn.execute(
        "UPDATE sessions SET active_us = ?, ended_us = coalesce(?, ended_us) WHERE id = ?",
        (
            active // timedelta(microseconds=1),
            None if ended_at is None else to_us(ended_at),
            session_id,
        ),
    )


def get(conn: sqlite3.Connection, session_id: int) -> SessionInfo | None:
    row = conn.execute(f"SELECT {_COLS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return None if row is None else _info(row)


def latest_before(conn: sqlite3.Connection, before: datetime) -> SessionInfo | None:
    row = conn.execute(
        f"SELECT {_COLS} FROM sessions WHERE started_us < ? ORDER BY started_us DESC, id DESC"
        " LIMIT 1",
        (to_us(before),),
    ).fetchone()
    return None if row is None else _info(row)


def days(conn: sqlite3.Connection, tz: tzinfo, since: datetime | None = None) -> set[date]:
    """Local days with at least one session (one row a session: a few a day)."""
    cut = 0 if since is None else to_us(since)
    return {
        from_us(r[0]).astimezone(tz).date()
        for r in conn.execute("SELECT started_us FROM sessions WHERE started_us >= ?", (cut,))
    }


# How far back the first look goes; a streak that reaches it looks four times further.
_FIRST_LOOK_DAYS = 60


def current_streak(conn: sqlite3.Connection, today: date, tz: tzinfo) -> int:
    """The streak of local days with a session or an engagement, up to ``today``.

    Reads only a window of recent days (interactions grow with every inbound
    event), widening it while the streak runs to its edge."""
    from engage_tui.store.engagement import engaged_days

    look = _FIRST_LOOK_DAYS
    while True:
        # A day early, so no offset of ``tz`` cuts the window's first local day short.
        since = datetime.combine(today - timedelta(days=look + 1), time(), tz)
        found = days(conn, tz, since) | engaged_days(conn, since, tz)
        count = streak(found, today)
        if count < look or look > 100 * 366:
            return count
        look *= 4


def streak(found: set[date], today: date) -> int:
    """Days in a row with a session, ending today, or yesterday while today's
    session has not happened yet (the streak lives until the day is over)."""
    day = today if today in found else today - timedelta(days=1)
    count = 0
    while day in found:
        count += 1
        day -= timedelta(days=1)
    return count
