"""Who engages and what is owed: the thank queue, top engagers, how fast
the owner answers, and the day's tally.

Inbound interactions (written by ingest with each new event) are the record
of what people did; the outbox is the record of what the owner did, queued
or sent, so a thank queued offline already counts and nobody is thanked twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime, timedelta, tzinfo
from statistics import median

from engage_tui.store.inbox import people_by_id, posts_by_id
from engage_tui.store.relationship_results import DayCounts, Engager, ReplySpeed, ThankCard
from engage_tui.store.sqlutil import placeholders
from engage_tui.store.timeutil import from_us, to_us

# Outbox states that mean "the owner did (or is doing) it".
_LIVE = "('queued', 'sending', 'sent', 'handed_over')"
# What counts as done today: a handed-over item (finished in the browser, or
# not) counts only once confirmed, when it is sent; until then it is pending.
_COUNTED = "('queued', 'sending', 'sent')"
_ANSWERS = "('mention', 'reply', 'quote')"
_ENGAGING = "('like', 'repost', 'reply', 'mention', 'quote')"
# Outbox kinds that answer a person.
_ANSWERING = "('reply', 'post', 'like', 'repost')"


# One row per person owed a thank and kind of what they did since the owner
# last answered them. "Answered" is whatever the owner did toward them since
# :cut, sent or on its way: the history's outbound interactions, and live
# outbox items by the time they were queued (a thank's draft key names its
# person before it is sent). One pass reads the window through
# interactions_by_time; every later step reads only one person's rows,
# through interactions_by_person(person_id, at_us). Without statistics the
# planner would rather walk all of interactions_by_person to group without
# sorting, the whole history for a week's window: hence INDEXED BY.
_QUEUE = f"""
WITH engaged AS (
    SELECT person_id, max(at_us) AS newest FROM interactions INDEXED BY interactions_by_time
    WHERE at_us >= :cut AND direction = 'inbound' AND person_id NOT IN ({{mine}})
    GROUP BY person_id
),
outboxed AS (
    SELECT person, max(at) AS at FROM (
        SELECT person_id AS person, created_us AS at FROM outbox
        WHERE state IN {_LIVE} AND created_us >= :cut AND kind IN {_ANSWERING}
            AND person_id IS NOT NULL
        UNION ALL
        SELECT substr(draft_key, 7), created_us FROM outbox
        WHERE state IN {_LIVE} AND created_us >= :cut AND kind IN {_ANSWERING}
            AND substr(draft_key, 1, 6) = 'thank:'
    ) GROUP BY person
),
answered AS MATERIALIZED (
    SELECT engaged.person_id, newest, max(
        coalesce(outboxed.at, 0),
        coalesce((SELECT max(at_us) FROM interactions
                  WHERE person_id = engaged.person_id AND at_us >= :cut
                      AND direction = 'outbound'), 0)
    ) AS last_answer
    FROM engaged LEFT JOIN outboxed ON outboxed.person = engaged.person_id
),
owed AS (
    SELECT person_id, newest, max(last_answer + 1, :cut) AS from_us FROM answered
    WHERE last_answer < newest
),
cards AS MATERIALIZED (
    SELECT owed.*,
        NOT EXISTS (SELECT 1 FROM interactions
                    WHERE person_id = owed.person_id AND at_us < owed.from_us
                        AND direction = 'inbound') AS first_time,
        (SELECT post_id FROM interactions
         WHERE person_id = owed.person_id AND at_us >= owed.from_us
             AND direction = 'inbound' AND kind IN {_ANSWERS} AND post_id IS NOT NULL
         ORDER BY at_us DESC, id DESC LIMIT 1) AS post_id
    FROM owed
)
SELECT cards.person_id, newest, interactions.kind, count(*), first_time, cards.post_id
FROM cards JOIN interactions
    ON interactions.person_id = cards.person_id AND interactions.at_us >= from_us
        AND interactions.direction = 'inbound'
GROUP BY cards.person_id, interactions.kind
"""


def thank_queue(
    conn: sqlite3.Connection, since: datetime, owners: Collection[str]
) -> list[ThankCard]:
    """One card per person who engaged since ``since`` and whom the owner has
    not answered (thanked, replied to, liked, reposted or posted at, sent or
    queued) after their newest engagement; newest activity first.

    A card counts what they did since the owner last answered them, so a
    thank covers only what is still unthanked; it is their first time when
    nothing came from them before that."""
    mine = sorted(owners)
    params: dict[str, object] = {"cut": to_us(since)}
    params.update((f"o{n}", owner) for n, owner in enumerate(mine))
    sql = _QUEUE.format(mine=", ".join(f":o{n}" for n in range(len(mine))))
    counts: dict[str, dict[str, int]] = {}
    newest: dict[str, int] = {}
    first: dict[str, bool] = {}
    their_posts: dict[str, str] = {}
    for person_id, last, kind, n, first_time, post_id in conn.execute(sql, params):
        counts.setdefault(person_id, {})[kind] = n
        newest[person_id], first[person_id] = last, bool(first_time)
        if post_id is not None:
            their_posts[person_id] = post_id
    people = people_by_id(conn, counts)
    posts = posts_by_id(conn, their_posts.values())
    cards = [
        ThankCard(
            person=people[person_id],
            counts=kinds,
            newest_at=from_us(newest[person_id]),
            first_time=first[person_id],
            their_post=posts.get(their_posts.get(person_id, "")),
        )
        for person_id, kinds in counts.items()
        if person_id in people  # not cached yet: the next sync brings their handle
    ]
    cards.sort(key=lambda c: (c.newest_at, c.person.id), reverse=True)
    return _one_card_per_person(conn, cards)


def _one_card_per_person(conn: sqlite3.Connection, cards: list[ThankCard]) -> list[ThankCard]:
    """Cards of linked accounts become one, led by the newest (``cards`` is
    newest first, and so is the result). Each account keeps its own counts:
    a thank on one network answers only that network's."""
    # Only linked accounts have a row: the table is as small as the links.
    person_of = {
        account: f"linked:{person}"
        for account, person in conn.execute("SELECT account_id, person FROM person_links")
    }
    if not person_of:
        return cards
    grouped: dict[str, list[ThankCard]] = {}
    for card in cards:
        grouped.setdefault(person_of.get(card.person.id, card.person.id), []).append(card)
    return [
        replace(group[0], elsewhere=tuple(group[1:])) if len(group) > 1 else group[0]
        for group in grouped.values()
    ]


def top_engagers(
    conn: sqlite3.Connection, since: datetime, owners: Collection[str], limit: int
) -> list[Engager]:
    """Who engaged most since ``since``, most first: a person linked across
    networks counts once, with what every account of theirs did, named by
    the account that did the most."""
    mine = sorted(owners)
    # Only linked accounts have a row: the table is as small as the links.
    person_of = {
        account: person
        for account, person in conn.execute("SELECT account_id, person FROM person_links")
    }
    found = conn.execute(
        "SELECT person_id, count(*),"
        " sum(kind = 'like'), sum(kind = 'repost'), sum(kind IN ('reply', 'mention', 'quote'))"
        f" FROM interactions WHERE direction = 'inbound' AND at_us >= ? AND kind IN {_ENGAGING}"
        f" AND person_id NOT IN ({placeholders(len(mine))})"
        " GROUP BY person_id ORDER BY count(*) DESC, person_id" + ("" if person_of else " LIMIT ?"),
        # Without links an account is a person: the first rows are the answer.
        (to_us(since), *mine) + (() if person_of else (limit,)),
    ).fetchall()
    # Most first: the first account of a person seen leads it.
    merged: dict[str | int, Engager] = {}
    for pid, total, likes, reposts, replies in found:
        key = person_of.get(pid, pid)
        one = Engager(pid, None, total, likes or 0, reposts or 0, replies or 0)
        have = merged.get(key)
        merged[key] = (
            one
            if have is None
            else replace(
                have,
                total=have.total + one.total,
                likes=have.likes + one.likes,
                reposts=have.reposts + one.reposts,
                replies=have.replies + one.replies,
            )
        )
    ranked = sorted(merged.values(), key=lambda e: (-e.total, e.person_id))[:limit]
    people = people_by_id(conn, [e.person_id for e in ranked])
    return [replace(e, person=people.get(e.person_id)) for e in ranked]


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
        if state == "handed_over":
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
