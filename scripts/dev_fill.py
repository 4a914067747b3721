"""Fill a store file with a made-up account's inbox, for trying the TUI by hand
and for the TUI benchmark: `python scripts/dev_fill.py PATH [--notifications N]`.

Every pull of made-up notifications goes through the store's own ingest
functions, as the sync engine's apply_pull writes them (all of them in one
transaction: see ``fill``). Deterministic for a given N.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store, ingest
from engage_tui.store.connection import connect, write_tx

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
FIRST = ["Ana", "Bo", "Cy", "Dee", "Eve", "Fox", "Gil", "Hana", "Ivo", "Jun", "Kai", "Lea"]
LAST = ["Lima", "Chen", "Park", "Rivers", "Okafor", "Silva", "Novak", "Sato", "Berg"]
WORDS = [
    "ship", "small", "tools", "daily", "terminal", "keyboard", "release", "talk",
    "slides", "thanks", "congrats", "question", "arm", "build", "latency", "cache",
    "sqlite", "textual", "reply", "inbox", "idea", "great", "launch",
]  # fmt: skip
KINDS = [
    (NotificationKind.LIKE, 40),
    (NotificationKind.MENTION, 15),
    (NotificationKind.REPLY, 15),
    (NotificationKind.FOLLOW, 12),
    (NotificationKind.REPOST, 10),
    (NotificationKind.QUOTE, 5),
    (NotificationKind.LIST_ADD, 3),
]
BATCH = 5000
SOURCE = "dev_fill"
# The bulk fill's page cache: a million notifications make a file of about
# 500 MB, all of it held while the one transaction runs.
BULK_CACHE_KB = 2_000_000


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 18))).capitalize() + "."


def fill(path: Path, count: int, seed: int = 7, *, per_pull: bool = False) -> None:
    """Fill ``path`` with ``count`` notifications in pulls of ``BATCH``.

    Each pull goes through the store's own ingest functions, as the sync
    engine's ``apply_pull`` calls them. By default every pull lands in one
    transaction on a connection whose page cache holds the whole file: a
    million notifications took 3.6 minutes on a busy 2-core machine, where
    a commit per pull (the app's 32 MB cache) took 7.2 there. ``per_pull``
    commits each pull through ``apply_pull`` itself, as the sync engine
    does; the rows are the same either way (tests/core/test_bench_cache.py)."""
    rng = random.Random(seed)
    store = Store.open(path)
    owner, people, owner_posts = _cast(rng, count)
    store.sync_state.meta_set("owner_id:x", "1")
    store.people.upsert([owner, *people])
    store.people.upsert_posts(owner_posts)
    pulls = _pulls(rng, count, people, owner_posts)
    if per_pull:
        for result in pulls:
            store.sync_state.apply_pull(SOURCE, result, NOW)
    else:
        _one_transaction(path, pulls)
    for person in people[:5]:
        store.prospects.add(person.id, NOW - timedelta(days=10))
    store.close()


def _one_transaction(path: Path, pulls: Iterable[PullResult]) -> None:
    """Every pull through the ingest functions ``apply_pull`` calls, committed once."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a bench cache: rebuilt if lost
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
        with write_tx(conn):
            for result in pulls:
                ingest.upsert_people(conn, result.people)
                ingest.upsert_posts(conn, result.posts)
                new = ingest.insert_events(conn, result.events)
                ingest.record_pull(conn, SOURCE, NOW, new)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _cast(rng: random.Random, count: int) -> tuple[Person, list[Person], list[Post]]:
    """The owner, the people who engage (Mallory, whose name is markup, last)
    and the owner's posts they engage with."""
    owner = Person("1", "owner", "Olive Owner", network="x")
    people = [
        Person(
            str(1000 + i),
            f"{rng.choice(FIRST).lower()}{i}",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            followers_count=rng.randint(0, 50000),
            network="x",
        )
        for i in range(max(50, min(count // 20, 20000)))
    ]
    people.append(Person("999", "mallory", "[b]Mallory[/b]", network="x"))
    owner_posts = [
        Post(str(10 + i), "1", sentence(rng), NOW - timedelta(days=i + 1), network="x")
        for i in range(30)
    ]
    return owner, people, owner_posts


def _pulls(
    rng: random.Random, count: int, people: list[Person], owner_posts: list[Post]
) -> Iterator[PullResult]:
    """``count`` notifications, newest first, in pulls of ``BATCH``."""
    kinds = [k for k, w in KINDS for _ in range(w)]
    seconds = 0
    done = 0
    while done < count:
        events: list[Notification] = []
        posts: list[Post] = []
        for n in range(done, min(done + BATCH, count)):
            seconds += rng.randint(5, 120)
            at = NOW - timedelta(seconds=seconds)
            actor = rng.choice(people)
            kind = rng.choice(kinds)
            subject = rng.choice(owner_posts)
            post_id = None
            if kind in (NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.QUOTE):
                post_id = f"p{n}"
                text = f"@owner {sentence(rng)}"
                posts.append(
                    Post(
                        post_id,
                        actor.id,
                        text,
                        at,
                        mentions=("owner",),
                        in_reply_to_id=subject.id if kind is NotificationKind.REPLY else None,
                        network="x",
                    )
                )
            events.append(
                Notification(
                    f"n{n}",
                    kind,
                    actor.id,
                    at,
                    post_id=post_id,
                    subject_id=subject.id
                    if kind
                    not in (
                        NotificationKind.FOLLOW,
                        NotificationKind.LIST_ADD,
                        NotificationKind.MENTION,
                    )
                    else None,
                    network="x",
                )
            )
        if done == 0:
            posts.append(
                Post("evil", "999", "@owner [bold red]x[/] \x1b[2Jcleared?", NOW, network="x")
            )
            events.append(
                Notification(
                    "evil", NotificationKind.MENTION, "999", NOW, post_id="evil", network="x"
                )
            )
        yield PullResult(events=events, posts=posts)
        done += BATCH


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", type=Path)
    parser.add_argument("--notifications", type=int, default=2000)
    args = parser.parse_args()
    fill(args.path, args.notifications)
    print(f"filled {args.path} with {args.notifications} notifications")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
