"""Who engages and what is owed: the thank queue, top engagers, how fast
the owner answers, and the day's tally.

Inbound interactions (written by ingest with each new event) are the record
of what people did; the outbox is the record of what the owner did, queued
or sent, so a thank queued offline already counts and nobody is thanked twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import date, datetime, timedelta, tzinfo
from statistics import median

from engage_tui.store.inbox import people_by_id, posts_by_id
from engage_tui.store.relationship_results import DayCounts, Engager, ReplySpeed, ThankCard
from engage_tui.store.sqlutil import placeholders
from engage_tui.store.timeutil import from_us, to_us

# Outbox states that mean "the owner did (or is doing) it".
_LIVE = "('queued', 'sending', 'sent', 'handed_to_x')"
# What counts as done today: a handed-over item (finished in the browser, or
# not) counts only once confirmed, when it is sent; until then it is pending.
_COUNTED = "('queued', 'sending', 'sent')"
_ANSWERS = "('mention', 'reply', 'quote')"
_ENGAGING = "('like', 'repost', 'reply', 'mention', 'quote')"


def answered_people(conn: sqlite3.Connection, since: datetime) -> set[str]:
    """People the owner thanked, liked, replied to or posted at since ``since``."""
    cut = to_us(since)
    found = {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT person_id FROM interactions"
            " WHERE direction = 'outbound' AND at_us >= ?",
            (cut,),
        )
    }
    for person_id, draft_key in conn.execute(
        f"SELECT person_id, draft_key FROM outbox WHERE state IN {_LIVE} AND created_us >= ?"
        " AND kind IN ('reply', 'post', 'like', 'repost')",
        (cut,),
    ):
        if person_id:
            found.add(person_id)
        if draft_key and draft_key.startswith("thank:"):
            found.add(draft_key.removeprefix("thank:"))
    return found


def thank_queue(
    conn: sqlite3.Connection, since: datetime, answered_since: datetime, owners: Collection[str]
) -> list[ThankCard]:
    """One card per person who engaged since ``since`` and whom the owner has
    not answered since ``answered_since``; newest activity first."""
    cut = to_us(since)
    counts: dict[str, dict[str, int]] = {}
    newest: dict[str, int] = {}
    for person_id, kind, n, last in conn.execute(
        "SELECT person_id, kind, count(*), max(at_us) FROM interactions"
        " WHERE direction = 'inbound' AND at_us >= ? GROUP BY person_id, kind",
        (cut,),
    ):
        counts.setdefault(person_id, {})[kind] = n
        newest[person_id] = max(newest.get(person_id, 0), last)
    # The user's own accounts (one per network signed in) never get a card.
    skip = answered_people(conn, answered_since) | set(owners)
    wanted = [p for p in counts if p not in skip]
    people = people_by_id(conn, wanted)
    cards: list[ThankCard] = []
    their_posts: dict[str, str] = {}
    for person_id in wanted:
        if person_id not in people:
            continue  # not cached yet: the next sync brings their handle
        returning = conn.execute(
            "SELECT 1 FROM interactions WHERE person_id = ? AND direction = 'inbound'"
            " AND at_us < ? LIMIT 1",
            (person_id, cut),
        ).fetchone()
        post = conn.execute(
            "SELECT post_id FROM interactions WHERE person_id = ? AND direction = 'inbound'"
            f" AND kind IN {_ANSWERS} AND at_us >= ? AND post_id IS NOT NULL"
            " ORDER BY at_us DESC, id DESC LIMIT 1",
            (person_id, cut),
        ).fetchone()
        if post is not None:
            their_posts[person_id] = post[0]
        cards.append(
            ThankCard(
                person=people[person_id],
                counts=counts[person_id],
                newest_at=from_us(newest[person_id]),
                first_time=returning is None,
            )
        )
    posts = posts_by_id(conn, their_posts.values())
    cards = [
        ThankCard(
            c.person,
            c.counts,
            c.newest_at,
            c.first_time,
            posts.get(their_posts.get(c.person.id, "")),
        )
        for c in cards
    ]
    cards.sort(key=lambda c: (c.newest_at, c.person.id), reverse=True)
    return cards


def top_engagers(
    conn: sqlite3.Connection, since: datetime, owners: Collection[str], limit: int
) -> list[Engager]:
    mine = sorted(owners)
    found = conn.execute(
        "SELECT person_id, count(*),"
        " sum(kind = 'like'), sum(kind = 'repost'), sum(kind IN ('reply', 'mention', 'quote'))"
        f" FROM interactions WHERE direction = 'inbound' AND at_us >= ? AND kind IN {_ENGAGING}"
        f" AND person_id NOT IN ({placeholders(len(mine))})"
        " GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT ?",
        (to_us(since), *mine, limit),
    ).fetchall()
    people = people_by_id(conn, [r[0] for r in found])
    return [
        Engager(pid, people.get(pid), total, likes or 0, reposts or 0, replies or 0)
        for pid, total, likes, reposts, replies in found
    ]


def reply_speed(conn: sqlite3.Connection, since: datetime) -> ReplySpeed:
    """How long after a mention or reply arrived the owner answered it (the
    first reply queued to it), over replies queued since ``since``."""
    waits = [
        max(0, r[0])
        for r in conn.execute(
            "SELECT min(o.created_us) - p.created_us FROM outbox AS o"
            " JOIN posts AS p ON p.id = o.target_post_id"
            f" WHERE o.kind = 'reply' AND o.state IN {_LIVE} AND o.created_us >= ?"
            " AND EXISTS (SELECT 1 FROM interactions AS i WHERE i.person_id = p.author_id"
            f" AND i.direction = 'inbound' AND i.kind IN {_ANSWERS} AND i.post_id = p.id)"
            " GROUP BY o.target_post_id",
            (to_us(since),),
        )
    ]
    if not waits:
        return ReplySpeed(0, None)
    return ReplySpeed(len(waits), timedelta(microseconds=int(median(waits))))


def day_counts(conn: sqlite3.Connection, start: datetime, end: datetime) -> DayCounts:
    """What the owner did between ``start`` and ``end`` (a local day)."""
    lo, hi = to_us(start), to_us(end)
    replies = likes = thanks = pending = 0
    for kind, draft_key, state in conn.execute(
        f"SELECT kind, draft_key, state FROM outbox WHERE state IN {_LIVE}"
        " AND created_us >= ? AND created_us < ?",
        (lo, hi),
    ):
        if state == "handed_to_x":
            pending += kind in ("reply", "post", "like")
        elif draft_key and draft_key.startswith("thank:"):
            thanks += 1
        elif kind == "reply":
            replies += 1
        elif kind == "like":
            likes += 1
    done = conn.execute(
        "SELECT count(*) FROM notifications WHERE state = 'done' AND done_us >= ? AND done_us < ?",
        (lo, hi),
    ).fetchone()[0]
    left = conn.execute(
        "SELECT coalesce(sum(count), 0) FROM notification_counts WHERE state = 'new'"
    ).fetchone()[0]
    return DayCounts(
        replies=replies, likes=likes, thanks=thanks, done=done, left=left, pending=pending
    )


def engaged_days(conn: sqlite3.Connection, since: datetime, tz: tzinfo) -> set[date]:
    """Local days since ``since`` on which the owner engaged: a reply, a thank
    or a like, queued or sent from engage (the outbox) or recorded in the
    history (interactions, which imports from another machine add to)."""
    cut = to_us(since)
    moments = [
        r[0]
        for r in conn.execute(
            f"SELECT created_us FROM outbox WHERE state IN {_COUNTED} AND created_us >= ?"
            " AND (kind IN ('reply', 'like') OR draft_key LIKE 'thank:%')",
            (cut,),
        )
    ]
    moments += [
        r[0]
        for r in conn.execute(
            "SELECT at_us FROM interactions WHERE at_us >= ? AND direction = 'outbound'"
            " AND kind IN ('reply', 'thank', 'like')",
            (cut,),
        )
    ]
    return {from_us(m).astimezone(tz).date() for m in moments}
