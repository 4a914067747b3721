"""The inbox: windows of rows (grouped), their actors, counts, triage and search."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.domain import Handled, NotificationKind, Person, TriageState
from engage_tui.store import inbox
from engage_tui.store.aggregates.base import Aggregate
from engage_tui.store.connection import read_tx, write_tx
from engage_tui.store.results import GROUP_ACTORS_SHOWN, InboxRow
from engage_tui.store.sqlutil import chunks, placeholders
from engage_tui.store.timeutil import from_us, to_us

if TYPE_CHECKING:
    from engage_tui.store.search import SearchHit


def _newest_actors(members: list[inbox.Member]) -> list[str]:
    """Distinct actor ids, newest first, at most GROUP_ACTORS_SHOWN."""
    out: dict[str, None] = {}
    for member in members:
        out.setdefault(member.actor_id)
        if len(out) == GROUP_ACTORS_SHOWN:
            break
    return list(out)


class Inbox(Aggregate):
    def window(
        self,
        limit: int = 50,
        after: tuple[str, str] | None = None,
        kinds: frozenset[NotificationKind] | None = None,
        include_done: bool = False,
        group: bool = True,
        accounts: frozenset[str] | None = None,
    ) -> list[InboxRow]:
        """Newest first, starting below ``after`` (a row's ``sort_key``).

        With ``group``, likes (or reposts) of one post on one UTC day, and the
        follows one pull brought, are one row carrying every member; see
        ``inbox`` for how that stays exact.
        """
        position = None if after is None else inbox.parse_position(after)
        with self._read() as conn:
            rowids = inbox.head_positions(
                conn, limit, position, kinds, include_done, group, accounts
            )
            heads = inbox.heads(conn, rowids)
            keys = [h.group_key for h in heads if h.group_key is not None and group]
            groups = inbox.members(conn, keys, include_done) if keys else {}
            actor_ids = [h.notification.actor_id for h in heads]
            for group_members in groups.values():
                actor_ids += _newest_actors(group_members)
            people = inbox.people_by_id(conn, actor_ids)
            posts = inbox.posts_by_id(
                conn,
                [h.notification.post_id for h in heads]
                + [h.notification.subject_id for h in heads],
            )
        out = []
        for head in heads:
            n = head.notification
            members = groups.get(head.group_key) if head.group_key is not None else None
            if members:
                ids = tuple(m.id for m in members)
                actors = tuple(people[a] for a in _newest_actors(members) if a in people)
            else:
                ids = (n.id,)
                actors = (people[n.actor_id],) if n.actor_id in people else ()
            out.append(
                InboxRow(
                    notification=n,
                    actor=people.get(n.actor_id),
                    post=posts.get(n.post_id) if n.post_id else None,
                    subject=posts.get(n.subject_id) if n.subject_id else None,
                    group_ids=ids,
                    group_actors=actors,
                    group_size=len(ids),
                    sort_key=inbox.format_position(head.position),
                )
            )
        return out

    def actors_of(self, notification_ids: list[str]) -> list[Person]:
        """Every cached actor of these notifications (a row's group_ids: all its
        members, however many), each once, newest first as the inbox orders them."""
        conn = self._conn()
        found: list[tuple[int, int, str]] = []
        with read_tx(conn):
            for part in chunks(notification_ids):
                found += conn.execute(
                    "SELECT created_us, n, actor_id FROM notifications"
                    f" WHERE id IN ({placeholders(len(part))})",
                    part,
                ).fetchall()
            # Sorted here, not per query: a big group spans several chunks.
            actors = [actor for _, _, actor in sorted(found, reverse=True)]
            people = inbox.people_by_id(conn, actors)
        return [people[a] for a in dict.fromkeys(actors) if a in people]

    def count(
        self,
        kinds: frozenset[NotificationKind] | None = None,
        include_done: bool = False,
        accounts: frozenset[str] | None = None,
    ) -> int:
        """Exact number of notifications (not grouped rows) that match."""
        return inbox.count(self._conn(), kinds, include_done, accounts)

    def accounts(self) -> list[str]:
        """The accounts the stored notifications belong to ("" for rows kept
        from before engage knew whose they were)."""
        # One index seek per account (notifications_by_account leads with it),
        # not a scan of every row: a DISTINCT read the whole index at 1M rows.
        return [
            r[0]
            for r in self._conn().execute(
                "WITH RECURSIVE found(account) AS ("
                " SELECT min(account) FROM notifications"
                " UNION ALL SELECT (SELECT min(account) FROM notifications"
                "  WHERE account > found.account) FROM found WHERE found.account IS NOT NULL)"
                " SELECT account FROM found WHERE account IS NOT NULL"
            )
        ]

    def adopt_unowned(self, account: str, network: str) -> int:
        """Give ``network``'s rows that belong to no account (kept from before
        engage knew whose they were) to ``account``, its first account, so its
        pulls find them as its own instead of storing them a second time.
        Returns how many moved."""
        with self._write() as conn:
            return inbox.adopt_unowned(conn, account, network)

    def new_from(self, actor_id: str, since: datetime, account: str | None = None) -> list[str]:
        """The items still new that ``actor_id`` brought since ``since``: what
        thanking them answers."""
        return inbox.new_from(self._conn(), actor_id, since, account)

    def group_of(self, notification_id: str) -> list[tuple[Person, Handled | None]]:
        """Everyone in this item's group, done or not, newest first, each once,
        with how the newest of their items in it was answered (None: not yet)."""
        conn = self._conn()
        with read_tx(conn):
            rows = conn.execute(
                "SELECT actor_id, handled FROM notifications WHERE group_key ="
                " (SELECT group_key FROM notifications WHERE id = ?)"
                " ORDER BY created_us DESC, n DESC",
                (notification_id,),
            ).fetchall()
            how: dict[str, Handled | None] = {}
            for actor, handled in rows:
                how.setdefault(actor, Handled(handled) if handled else None)
            people = inbox.people_by_id(conn, how)
        return [(people[a], h) for a, h in how.items() if a in people]

    def new_of(self, actor_id: str, notification_ids: list[str]) -> list[str]:
        """Which of these items (a group's) ``actor_id`` brought and are still
        new: what thanking them in a group's round answers."""
        conn = self._conn()
        found: list[str] = []
        with read_tx(conn):
            for part in chunks(notification_ids):
                found += [
                    row[0]
                    for row in conn.execute(
                        "SELECT id FROM notifications"
                        f" WHERE id IN ({placeholders(len(part))})"
                        " AND actor_id = ? AND state = 'new'",
                        [*part, actor_id],
                    )
                ]
        return found

    def set_triage(
        self,
        ids: list[str],
        state: TriageState,
        at: datetime,
        handled: Handled | None = None,
    ) -> None:
        """Move these items to ``state``; ``handled`` records how an answer finished them."""
        with self._write() as conn:
            inbox.set_triage(conn, ids, TriageState(state), at, handled)

    def snooze(self, ids: list[str], until: datetime, at: datetime) -> None:
        """Put these items away until ``until`` (see ``wake_snoozed``)."""
        with self._write() as conn:
            inbox.snooze(conn, ids, until, at)

    def unsnooze(self, ids: list[str], at: datetime) -> None:
        """Take a snooze back: the items are new again."""
        with self._write() as conn:
            inbox.unsnooze(conn, ids, at)

    def snoozes_due(self, now: datetime) -> bool:
        """Whether a snoozed item's time has come (a read: most looks find none)."""
        found = self._conn().execute(
            "SELECT 1 FROM notifications WHERE snooze_us IS NOT NULL AND snooze_us <= ? LIMIT 1",
            (to_us(now),),
        )
        return found.fetchone() is not None

    def wake_snoozed(self, now: datetime) -> list[str]:
        """Bring back the snoozed items whose time has come (on top, marked
        snoozed); their ids."""
        with self._write() as conn:
            return inbox.wake_snoozed(conn, now)

    def newest_done(self, account: str) -> datetime | None:
        """When the newest notification ``account`` has handled arrived: how
        far that account's read position on its network may move."""
        found = inbox.newest_done(self._conn(), account)
        return from_us(found) if found is not None else None

    def mark_seen(self, ids: list[str]) -> None:
        with self._write() as conn:
            inbox.mark_seen(conn, ids)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """People, then prospect notes, then posts (newest first).

        Posts and people ingested since the last batch are indexed first, so
        everything stored is found (see ``search_index``).
        """
        # search and its index load on the first `/`, after the inbox's first frame.
        from engage_tui.store import search, search_index

        conn = self._conn()
        if search_index.any_pending(conn):
            with write_tx(conn):
                search_index.flush_all(conn)
        with read_tx(conn):
            return search.search(conn, query, limit)
