"""Benchmark of the SQLite store (not a test): ingest, inbox windows, search.

    .venv/bin/python bench/store_bench.py            # 1M notifications and posts
    .venv/bin/python bench/store_bench.py --quick    # 100k, for a quick look

Prints medians of several runs beside each target and baselines measured in
the same run, and ends with one line of JSON holding the figures. Ingest rates
include the work a pull defers (indexing pending rows for search, the WAL
checkpoint), paid at the end of each measured run. The SQL-only ceiling writes
the same rows into the same schema with bare executemany: no implementation of
apply_pull on this schema can beat it. The floor (at the big size only) is the
best case for any schema that stores each event and each actor once: a
table with a unique, time-local event key and one with a unique user id,
nothing else; no store that sync can use ingests faster.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.domain.models import PostMetrics
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store, search_index
from engage_tui.store.ingest import group_key
from engage_tui.store.search_index import FLUSH_AT
from engage_tui.store.timeutil import to_us

T0 = datetime(2026, 1, 1, tzinfo=UTC)
SYNC_BATCH = 100  # a page of X results: what one pull brings
BULK_BATCH = 20_000  # the fast path used to build the big caches
MIX = [
    (NotificationKind.LIKE, 40),
    (NotificationKind.REPOST, 10),
    (NotificationKind.FOLLOW, 15),
    (NotificationKind.MENTION, 15),
    (NotificationKind.REPLY, 12),
    (NotificationKind.QUOTE, 5),
    (NotificationKind.LIST_ADD, 3),
]
NEW_POST_KINDS = {NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.QUOTE}


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "an", "el", "or", "ux", "py"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size)}
    return sorted(words)


class World:
    """Generates pulls the way sync writes them: events with their people and posts."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        # Zipf-like word frequencies; cumulative weights once, not per call.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.kinds = [k for k, _ in MIX]
        self.kind_cum_weights = list(accumulate(w for _, w in MIX))
        self.people = 0
        self.posts = 0
        self.events = 0
        self.own_posts = 0
        self.clock = T0

    def text(self) -> str:
        return " ".join(
            self.rng.choices(self.words, cum_weights=self.cum_weights, k=self.rng.randint(8, 24))
        )

    def person(self) -> Person:
        # About a third of actors are new; the rest come back.
        if self.people == 0 or self.rng.random() < 0.33:
            self.people += 1
            k = self.people
        else:
            k = self.rng.randint(1, self.people)
        return Person(
            id=f"u{k}", handle=f"user_{k}", name=f"Person {k}", followers_count=k % 997, network="x"
        )

    def post(self, author: str) -> Post:
        self.posts += 1
        return Post(
            id=f"p{self.posts}",
            author_id=author,
            text=self.text(),
            created_at=self.clock,
            metrics=PostMetrics(likes=self.rng.randint(0, 50)),
            network="x",
        )

    def pull(self, count: int, extra_posts: int = 0) -> PullResult:
        result = PullResult()
        for _ in range(count):
            self.events += 1
            self.clock += timedelta(seconds=self.rng.randint(1, 20))
            kind = self.rng.choices(self.kinds, cum_weights=self.kind_cum_weights)[0]
            actor = self.person()
            result.people.append(actor)
            post_id = subject_id = None
            if kind in NEW_POST_KINDS:
                new_post = self.post(actor.id)
                result.posts.append(new_post)
                post_id = new_post.id
            if kind in (NotificationKind.LIKE, NotificationKind.REPOST, NotificationKind.QUOTE):
                if self.own_posts == 0 or self.rng.random() < 0.02:
                    self.own_posts += 1
                subject_id = f"own{self.rng.randint(max(1, self.own_posts - 20), self.own_posts)}"
            result.events.append(
                Notification(
                    id=f"{kind.value}:{actor.id}:{post_id or subject_id or self.events}",
                    kind=kind,
                    actor_id=actor.id,
                    created_at=self.clock,
                    post_id=post_id,
                    subject_id=subject_id,
                    network="x",
                )
            )
        for _ in range(extra_posts):
            result.posts.append(self.post(f"u{self.rng.randint(1, max(1, self.people))}"))
        return result


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm the page cache and statement cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def settle(store: Store) -> None:
    """Pay what a pull may leave for later: the search index and the WAL checkpoint."""
    store.inbox.search("settle")  # indexes pending posts and people first
    store._conn().execute("PRAGMA wal_checkpoint(PASSIVE)")


def ingest_rate(store: Store, world: World, events: int, batch: int) -> float:
    """Events per second through apply_pull, including the deferred work left at the end."""
    pulls = [world.pull(batch) for _ in range(events // batch)]
    settle(store)
    start = time.perf_counter()
    for pull in pulls:
        store.sync_state.apply_pull("bench", pull, world.clock)
    settle(store)
    return events / (time.perf_counter() - start)


def _rows(pull: PullResult) -> tuple[list[tuple], list[tuple], list[tuple]]:
    people = [(p.id, p.handle.lower(), p.handle, p.name, p.followers_count) for p in pull.people]
    posts = [(p.id, p.author_id, p.text, to_us(p.created_at)) for p in pull.posts]
    events = []
    for e in pull.events:
        created = to_us(e.created_at)
        key = group_key(e.kind.value, e.subject_id, created)
        events.append((e.id, e.kind.value, e.actor_id, e.post_id, e.subject_id, created, key))
    return people, posts, events


def sql_only_rate(store: Store, world: World, events: int) -> float:
    """The ceiling for this schema: the same rows written by bare executemany into
    the same tables and indexes, with the same batches and pragmas, and none of
    apply_pull's work (no look-ups, head flags, counters, search index, upserts)."""
    batches = [_rows(world.pull(SYNC_BATCH)) for _ in range(events // SYNC_BATCH)]
    conn = store._conn()
    settle(store)
    conn.execute("PRAGMA synchronous = NORMAL")  # as apply_pull does
    start = time.perf_counter()
    for people, posts, rows in batches:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO people(id, handle_lc, handle, name, followers_count)"
            " VALUES (?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
            people,
        )
        conn.executemany(
            "INSERT INTO posts(id, author_id, text, created_us) VALUES (?,?,?,?)", posts
        )
        before = conn.execute("SELECT max(n) FROM notifications").fetchone()[0] or 0
        conn.executemany(
            "INSERT INTO notifications(id, kind, actor_id, post_id, subject_id, created_us,"
            " group_key) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
            rows,
        )
        conn.execute(
            "INSERT INTO interactions(person_id, direction, kind, at_us, post_id)"
            " SELECT actor_id, 'inbound', kind, created_us, coalesce(post_id, subject_id)"
            " FROM notifications WHERE n > ?",
            (before,),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    rate = events / (time.perf_counter() - start)
    conn.execute("PRAGMA synchronous = FULL")
    return rate


def baseline_insert_rate(path: Path, world: World, events: int) -> float:
    """A raw executemany of the same notification rows into a bare table."""
    rows = [
        (e.id, e.kind.value, e.actor_id, e.post_id, e.subject_id, int(e.created_at.timestamp()))
        for e in world.pull(events).events
    ]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # what apply_pull uses
    conn.execute("CREATE TABLE bare (id, kind, actor, post, subject, created)")
    start = time.perf_counter()
    for i in range(0, len(rows), SYNC_BATCH):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO bare VALUES (?,?,?,?,?,?)", rows[i : i + SYNC_BATCH])
        conn.execute("COMMIT")
    rate = len(rows) / (time.perf_counter() - start)
    conn.close()
    return rate


def _floor_rows(pull: PullResult) -> tuple[list[tuple], list[tuple]]:
    events = []
    for e in pull.events:
        # The most time-local key an event allows: a mention, reply or quote sorts
        # by its post (X ids grow with time), a like or repost by the recent post
        # it is about; a follow or list add has only the follower's id.
        anchor = e.post_id or e.subject_id
        events.append((f"{anchor}|{e.id}" if anchor else e.id, e.actor_id, e.kind.value))
    return events, [(p.id, p.handle) for p in pull.people]


def floor_rate(path: Path, size: int, events: int, runs: int) -> float:
    """The best case for any schema that keeps what sync must keep at ``size``
    notifications: each event stored once (a unique key, made as time-local as
    the event allows) and each actor once (a unique user id). Nothing else: no
    posts, no inbox or history index, no counters, no search, no Python domain
    objects. Same pulls of 100, same pragmas, checkpoints paid. A real store
    cannot ingest faster than this."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA wal_autocheckpoint = 4000")
    conn.execute("CREATE TABLE events (n INTEGER PRIMARY KEY, key TEXT UNIQUE, actor, kind)")
    conn.execute("CREATE TABLE people (n INTEGER PRIMARY KEY, id TEXT UNIQUE, handle)")

    def write(rows: tuple[list[tuple], list[tuple]]) -> None:
        conn.executemany("INSERT OR IGNORE INTO people(id, handle) VALUES (?, ?)", rows[1])
        conn.executemany("INSERT OR IGNORE INTO events(key, actor, kind) VALUES (?,?,?)", rows[0])

    world = World(seed=5)
    while world.events < size:
        conn.execute("BEGIN")
        write(_floor_rows(world.pull(BULK_BATCH)))
        conn.execute("COMMIT")
    rates = []
    for _ in range(runs):
        pulls = [_floor_rows(world.pull(SYNC_BATCH)) for _ in range(events // SYNC_BATCH)]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        start = time.perf_counter()
        for rows in pulls:
            conn.execute("BEGIN IMMEDIATE")
            write(rows)
            conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        rates.append(events / (time.perf_counter() - start))
    conn.close()
    return statistics.median(rates)


def search_after_pending_ms(store: Store, world: World, word: str, runs: int) -> dict[str, float]:
    """Search pays for deferred indexing: right after one pull, and at the worst
    case (just under a batch of pending rows)."""
    after_one, worst = [], []
    for _ in range(runs):
        store.sync_state.apply_pull("bench", world.pull(SYNC_BATCH), world.clock)
        start = time.perf_counter()
        store.inbox.search(word)
        after_one.append((time.perf_counter() - start) * 1000)
    for _ in range(3):
        conn = store._conn()
        # A pull that reaches FLUSH_AT indexes in place; keep pulling until just under it.
        while search_index.pending(conn, search_index.POSTS) < FLUSH_AT - 50:
            store.sync_state.apply_pull("bench", world.pull(SYNC_BATCH), world.clock)
        start = time.perf_counter()
        store.inbox.search(word)
        worst.append((time.perf_counter() - start) * 1000)
    return {
        "search_after_one_pull_ms": statistics.median(after_one),
        "search_with_most_pending_ms": statistics.median(worst),
    }


def fill(store: Store, world: World, notifications: int, posts: int) -> None:
    """Bulk path: big apply_pull transactions until both counts are reached."""
    while world.events < notifications or world.posts < posts:
        todo = max(0, min(BULK_BATCH, notifications - world.events))
        post_ratio = 0.32  # what MIX yields per event
        extra = max(0, min(BULK_BATCH, posts - world.posts - int(todo * post_ratio)))
        store.sync_state.apply_pull("bulk", world.pull(todo, extra_posts=extra), world.clock)


def triage_half(store: Store, seed: int = 3) -> None:
    """Mark about half of the notifications done, older ones more often."""
    conn = store._conn()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "UPDATE notifications SET state = 'done', done_us = created_us"
        f" WHERE abs(random() % 100) < 50 + {seed} - 3"
    )
    conn.execute("COMMIT")


def window_figures(store: Store, runs: int) -> dict[str, float]:
    first = store.inbox.window(limit=50)
    second = store.inbox.window(limit=50, after=first[-1].sort_key)
    deep_key = _deep_key(store)
    figures = {
        "window_newest_ms": median_ms(lambda: store.inbox.window(limit=50), runs),
        "window_next_page_ms": median_ms(
            lambda: store.inbox.window(limit=50, after=first[-1].sort_key), runs
        ),
        "window_deep_page_ms": median_ms(
            lambda: store.inbox.window(limit=50, after=deep_key), runs
        ),
        "window_follows_only_ms": median_ms(
            lambda: store.inbox.window(limit=50, kinds=frozenset({NotificationKind.FOLLOW})),
            runs,
        ),
        "window_include_done_ms": median_ms(
            lambda: store.inbox.window(limit=50, include_done=True), runs
        ),
        "window_ungrouped_ms": median_ms(lambda: store.inbox.window(limit=50, group=False), runs),
        "count_ms": median_ms(store.inbox.count, runs),
    }
    assert len(second) == 50
    return figures


def split_accounts(store: Store) -> None:
    """Two signed-in accounts: one with 98% of the rows, one with 2%."""
    conn = store._conn()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE notifications SET account = CASE WHEN n % 50 = 0 THEN 'b' ELSE 'a' END")
    conn.execute("COMMIT")


def account_figures(store: Store, runs: int) -> dict[str, float]:
    """The inbox filtered to one account (`f`), the busy one and the quiet one."""
    busy, quiet = frozenset({"a"}), frozenset({"b"})
    return {
        "window_busy_account_ms": median_ms(
            lambda: store.inbox.window(limit=50, accounts=busy), runs
        ),
        "window_quiet_account_ms": median_ms(
            lambda: store.inbox.window(limit=50, accounts=quiet), runs
        ),
        "count_quiet_account_ms": median_ms(lambda: store.inbox.count(accounts=quiet), runs),
    }


def _deep_key(store: Store) -> tuple[str, str]:
    conn = store._conn()
    total = conn.execute("SELECT count(*) FROM notifications").fetchone()[0]
    row = conn.execute(
        "SELECT created_us, n FROM notifications ORDER BY n LIMIT 1 OFFSET ?", (total // 2,)
    ).fetchone()
    return str(row[0]), str(row[1])


def search_figures(store: Store, world: World, runs: int) -> dict[str, float]:
    common = world.words[5]
    mid = world.words[300]
    rare = world.words[-1]
    return {
        "search_common_word_ms": median_ms(lambda: store.inbox.search(common), runs),
        "search_mid_word_ms": median_ms(lambda: store.inbox.search(mid), runs),
        "search_two_words_ms": median_ms(
            lambda: store.inbox.search(f"{mid} {world.words[40]}"), runs
        ),
        "search_prefix_ms": median_ms(lambda: store.inbox.search(mid[:3]), runs),
        "search_rare_word_ms": median_ms(lambda: store.inbox.search(rare), runs),
    }


def select_one_ms(store: Store, runs: int) -> float:
    conn = store._conn()
    return median_ms(lambda: conn.execute("SELECT 1").fetchone(), runs)


def report(label: str, value: float, unit: str, target: str = "") -> None:
    print(f"  {label:<44} {value:>12,.3f} {unit:<6} {target}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="100k rows instead of 1M")
    parser.add_argument("--runs", type=int, default=5, help="runs per ingest median")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the files")
    args = parser.parse_args()
    big = 100_000 if args.quick else 1_000_000
    query_runs = 31
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp_name:
        tmp = Path(tmp_name)
        print(f"engage store benchmark (SQLite {sqlite3.sqlite_version}); files in {tmp}")

        print("ingest via apply_pull, pulls of 100 events with their people and posts")
        ingest_events = 10_000
        empty_rates = []
        bulk_rates = []
        for run in range(args.runs):
            with Store.open(tmp / f"empty{run}.db") as store:
                empty_rates.append(ingest_rate(store, World(seed=run), ingest_events, SYNC_BATCH))
            with Store.open(tmp / f"bulk{run}.db") as store:
                bulk_rates.append(ingest_rate(store, World(seed=run), ingest_events, 2_000))
        figures["ingest_empty_per_s"] = statistics.median(empty_rates)
        figures["ingest_empty_bulk2000_per_s"] = statistics.median(bulk_rates)
        ceilings = []
        for run in range(args.runs):
            with Store.open(tmp / f"ceiling{run}.db") as store:
                ceilings.append(sql_only_rate(store, World(seed=run), ingest_events))
        figures["ceiling_sql_only_empty_per_s"] = statistics.median(ceilings)
        figures["baseline_bare_insert_per_s"] = baseline_insert_rate(
            tmp / "bare.db", World(seed=99), ingest_events
        )
        report("into an empty file", figures["ingest_empty_per_s"], "/s", "target >= 50,000")
        report("into an empty file, pulls of 2,000", figures["ingest_empty_bulk2000_per_s"], "/s")
        report(
            "ceiling: same rows, schema, batches; SQL only",
            figures["ceiling_sql_only_empty_per_s"],
            "/s",
            "(no look-ups, flags, counts, search)",
        )
        report(
            "baseline: executemany into a bare table",
            figures["baseline_bare_insert_per_s"],
            "/s",
            "(notifications only, no index)",
        )

        world = World(seed=1)
        store = Store.open(tmp / "big.db")
        start = time.perf_counter()
        fill(store, world, 100_000, 100_000)
        figures["build_100k_s"] = time.perf_counter() - start
        triage_half(store)
        print(f"inbox windows at 100k notifications (built in {figures['build_100k_s']:.1f} s)")
        figures["baseline_select_1_ms"] = select_one_ms(store, query_runs)
        for name, value in window_figures(store, query_runs).items():
            figures[f"{name.replace('_ms', '')}_100k_ms"] = value
            report(name, value, "ms", "target <= 5" if name.startswith("window") else "")
        report("baseline: SELECT 1", figures["baseline_select_1_ms"], "ms")
        split_accounts(store)
        for name, value in account_figures(store, query_runs).items():
            figures[f"{name.replace('_ms', '')}_100k_ms"] = value
            report(name, value, "ms", "target <= 5" if name.startswith("window") else "")

        if big > 100_000:
            start = time.perf_counter()
            fill(store, world, big, big)
            triage_half(store)
            figures["build_1m_s"] = time.perf_counter() - start
            print(
                f"inbox windows at {big:,} notifications (built in {figures['build_1m_s']:.0f} s)"
            )
            for name, value in window_figures(store, query_runs).items():
                figures[f"{name.replace('_ms', '')}_1m_ms"] = value
                report(name, value, "ms", "target <= 5" if name.startswith("window") else "")
            split_accounts(store)
            for name, value in account_figures(store, query_runs).items():
                figures[f"{name.replace('_ms', '')}_1m_ms"] = value
                report(name, value, "ms", "target <= 5" if name.startswith("window") else "")

        scale = "1m" if big > 100_000 else "100k"
        print(f"search at {world.posts:,} posts")
        for name, value in search_figures(store, world, query_runs).items():
            figures[f"{name.replace('_ms', '')}_{scale}_ms"] = value
            report(name, value, "ms", "target <= 30")

        for name, value in search_after_pending_ms(store, world, world.words[300], 11).items():
            figures[f"{name.replace('_ms', '')}_{scale}_ms"] = value
            report(name, value, "ms", "target <= 30")

        print(f"ingest via apply_pull into the {world.posts:,}-post cache, pulls of 100")
        rates = [ingest_rate(store, world, ingest_events, SYNC_BATCH) for _ in range(args.runs)]
        figures[f"ingest_{scale}_cache_per_s"] = statistics.median(rates)
        report(
            "into the big cache", figures[f"ingest_{scale}_cache_per_s"], "/s", "target >= 50,000"
        )
        ceilings = [sql_only_rate(store, world, ingest_events) for _ in range(args.runs)]
        figures[f"ceiling_sql_only_{scale}_cache_per_s"] = statistics.median(ceilings)
        report(
            "ceiling: same rows, schema, batches; SQL only",
            figures[f"ceiling_sql_only_{scale}_cache_per_s"],
            "/s",
        )

        figures[f"floor_best_case_{scale}_per_s"] = floor_rate(
            tmp / "floor.db", big, ingest_events, args.runs
        )
        report(
            "floor: unique event key and user id only",
            figures[f"floor_best_case_{scale}_per_s"],
            "/s",
            "(any schema; see floor_rate)",
        )

        store.close()
        check_start = time.perf_counter()
        Store.open(tmp / "big.db").close()
        figures[f"open_with_quick_check_{scale}_s"] = time.perf_counter() - check_start
        report(
            "re-open (incl. PRAGMA quick_check)", figures[f"open_with_quick_check_{scale}_s"], "s"
        )
        figures[f"file_{scale}_mb"] = (tmp / "big.db").stat().st_size / 1e6
        report("file size", figures[f"file_{scale}_mb"], "MB")
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
