"""The Today screen's figures: daily sessions, the streak, who engages, day counts."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from engage_tui.store.aggregates.base import Aggregate

# sessions and engagement (and their result types) are imported inside the
# methods that use them: only the Today screen and the CLI need them, and the
# inbox's start-up should not pay for loading them.
if TYPE_CHECKING:
    from engage_tui.store.relationship_results import (
        DayCounts,
        Engager,
        ReplySpeed,
        SessionInfo,
        ThankCard,
    )


class Today(Aggregate):
    def start_session(self, at: datetime) -> int:
        from engage_tui.store import sessions

        with self._write() as conn:
            return sessions.start(conn, at)

    def save_session(
        self, session_id: int, active: timedelta, ended_at: datetime | None = None
    ) -> None:
        from engage_tui.store import sessions

        with self._write() as conn:
            sessions.save(conn, session_id, active, ended_at)

    def session(self, session_id: int) -> SessionInfo | None:
        from engage_tui.store import sessions

        return sessions.get(self._conn(), session_id)

    def last_session(self, before: datetime) -> SessionInfo | None:
        """The newest session started before ``before``."""
        from engage_tui.store import sessions

        return sessions.latest_before(self._conn(), before)

    def streak(self, today: date, tz: tzinfo) -> int:
        """Local days in a row with a session or an engagement (a reply, thank
        or like), up to ``today``; see ``sessions``."""
        from engage_tui.store import sessions

        with self._read() as conn:
            return sessions.current_streak(conn, today, tz)

    def thank_queue(self, since: datetime) -> list[ThankCard]:
        """People who engaged since ``since`` and whom the owner has not thanked,
        liked or answered after their newest engagement: one card each, newest
        first; see ``engagement.thank_queue``."""
        from engage_tui.store import engagement

        with self._read() as conn:
            return engagement.thank_queue(conn, since, _owners(conn))

    def top_engagers(self, since: datetime, limit: int = 5) -> list[Engager]:
        from engage_tui.store import engagement

        with self._read() as conn:
            return engagement.top_engagers(conn, since, _owners(conn), limit)

    def reply_speed(self, since: datetime) -> ReplySpeed:
        """Median time from a mention or reply arriving to the owner's answer."""
        from engage_tui.store import engagement

        with self._read() as conn:
            return engagement.reply_speed(conn, since)

    def day_counts(self, start: datetime, end: datetime) -> DayCounts:
        """Replies, likes, thanks queued and items done in [start, end); new items left."""
        from engage_tui.store import engagement

        with self._read() as conn:
            return engagement.day_counts(conn, start, end)


def _owners(conn: sqlite3.Connection) -> list[str]:
    """Every signed-in account's person id (one per account, ``owner_id:<network>``,
    and a file's older single ``owner_id``): Today counts them all as the user."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT value FROM meta WHERE key = 'owner_id'"
            " OR (key >= 'owner_id:' AND key < 'owner_id;')"
        )
    ]
