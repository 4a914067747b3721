"""What a day of syncing costs: engage's engine against a naive poller.

Two sandboxes with the same seed (so the same world and the same day of
engagement), each in its own process: an owner with 5,000 followers, 200
recent posts and 50 prospects. Every 5 simulated minutes, for a simulated
day, engage's engine syncs one of them (``run_once``) and a naive poller
(written here with tweepy) syncs the other: every prospect's timeline,
liking_users and retweeted_by of every recent post, the whole follower list,
the mentions timeline and the list memberships, on every sync. The naive
poller is naive, not reckless: after a 429 it leaves that endpoint alone
until the window resets (otherwise it would only pile up 429s).

Figures come from the sandboxes' own meters (``/_sandbox/stats``):
requests, billable resources and dollars.

The least the API allows for the same changes is computed from the
sandbox's record of what changed between syncs (``/_sandbox/state``), priced
by X's rate card, counting only what the product must read to show who did
what:

- each new item once: a mention, reply or quote that @mentions the owner
  (a post from the owner's mentions timeline, owned: $0.001); a quote of an
  owner post that does not @mention the owner (from ``quote_tweets``, $0.005);
  a repost (from ``reposts_of_me``, $0.005, which also says when; X's
  ``retweeted_by`` names reposters without a time); a follow (the follower
  from the owner's follower list, owned: $0.001); a list add (the list,
  owned: $0.001); a prospect's post (from the list timeline, $0.005);
- plus the actor's user object (the author, liker, reposter, list owner) at
  $0.010, unless that user was already read the same UTC day (X bills a
  resource once a day): by then it costs nothing and is not counted again.
  A like is nothing but its liker (``liking_users``), so a like is one user
  resource, free when that user was already read that day. A follower
  comes from the follower list at the owned price, so it is read first in a
  sync, and a user read as a follower is free for the rest of the day;
- one request per kind of change per sync, except per post where X only
  answers per post: likes (``liking_users``) and quotes that do not @mention
  the owner (``quote_tweets``).

Least covers the changes after the first sync and starts the day having
read no user; the engine's first sync reads some users that same UTC day,
which can make a few of its later reads free. Neither counts the reads that
notice a change (the engine's own-timeline counts, $0.001 a post once a day).

With same-day re-reads free, a naive poller pays each resource once a day,
so its dollars are bounded too: the bench prints the best ratio any engine
could reach against it (naive / least) and says plainly when the 10x target
is out of reach.
    .venv/bin/python bench/sync_bench.py            # a simulated day (a few minutes)
    .venv/bin/python bench/sync_bench.py --hours 2  # quicker
    .venv/bin/python bench/sync_bench.py --bluesky  # Bluesky instead (bluesky_sync.py)
    .venv/bin/python bench/sync_bench.py --mastodon # Mastodon on GoToSocial (mastodon_sync.py)

The last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
import tweepy

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engage_tui.config import Config  # noqa: E402
from engage_tui.domain import Person  # noqa: E402
from engage_tui.platforms.x import XCredentials, XPlatform  # noqa: E402
from engage_tui.store import Store  # noqa: E402
from engage_tui.sync.engine import SyncEngine  # noqa: E402

CLOCK_START = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
SEED = 2026
SYNC_EVERY_S = 300
WORLD = {"followers": 5000, "own_posts": 200, "prospects": 50}
TARGET_VS_NAIVE = 10.0
TARGET_VS_LEAST = 1.5
# X's pay-per-use rate card, per resource.
OWNED, OTHER_POST, USER = 0.001, 0.005, 0.010

_SERVE = """
import json, sys, threading
from datetime import datetime
from engage_tui.sandbox import WorldSpec, start_sandbox
spec = WorldSpec(**json.loads(sys.argv[3]))
sb = start_sandbox(seed=int(sys.argv[1]), port=0, clock_start=datetime.fromisoformat(sys.argv[2]),
                   world=spec)
print(json.dumps({"base_url": sb.base_url, "env": sb.env}), flush=True)
sys.stdin.read()
sb.stop()
"""


@dataclass
class Remote:
    """A sandbox in a child process (so the two worlds use both cores)."""

    base_url: str
    env: dict[str, str]
    process: subprocess.Popen[str]

    def control(self, method: str, path: str, **body: Any) -> Any:
        answer = requests.request(method, self.base_url + path, json=body or None, timeout=120)
        answer.raise_for_status()
        return answer.json()

    def now(self) -> datetime:
        return datetime.fromisoformat(self.control("GET", "/_sandbox/clock")["now"])


@contextmanager
def remote_sandbox() -> Iterator[Remote]:
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVE, str(SEED), CLOCK_START.isoformat(), json.dumps(WORLD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert process.stdout is not None
        started = json.loads(process.stdout.readline())
        yield Remote(started["base_url"], started["env"], process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=60)


def credentials(env: dict[str, str]) -> XCredentials:
    return XCredentials(
        consumer_key=env["ENGAGE_X_CONSUMER_KEY"],
        consumer_secret=env["ENGAGE_X_CONSUMER_SECRET"],
        access_token=env["ENGAGE_X_ACCESS_TOKEN"],
        access_token_secret=env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
    )


# --- the naive poller --------------------------------------------------------------


class _Rebased(requests.Session):
    """tweepy always builds api.twitter.com URLs: send them to the sandbox."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = str(url).replace("https://api.twitter.com", self.base)
        kwargs.setdefault("timeout", (5, 60))
        return super().request(method, url, *args, **kwargs)


class NaivePoller:
    def __init__(self, remote: Remote) -> None:
        env = remote.env
        self.client = tweepy.Client(
            consumer_key=env["ENGAGE_X_CONSUMER_KEY"],
            consumer_secret=env["ENGAGE_X_CONSUMER_SECRET"],
            access_token=env["ENGAGE_X_ACCESS_TOKEN"],
            access_token_secret=env["ENGAGE_X_ACCESS_TOKEN_SECRET"],
            wait_on_rate_limit=False,
        )
        self.client.session = _Rebased(remote.base_url)
        self.remote = remote
        self.blocked: dict[str, datetime] = {}
        self.me = ""
        self.recent_posts: list[str] = []
        self.prospects: list[str] = []
        self.rate_limited = 0

    def setup(self, prospects: list[str]) -> None:
        me = self.client.get_me(user_auth=True)
        self.me = str(me.data.id)
        self.prospects = prospects

    def _call(self, name: str, now: datetime, fn: Any, **kw: Any) -> Any:
        if self.blocked.get(name, now) > now:
            return None
        try:
            return fn(user_auth=True, **kw)
        except tweepy.TooManyRequests as err:
            self.rate_limited += 1
            reset = int(err.response.headers.get("x-rate-limit-reset", "0"))
            self.blocked[name] = datetime.fromtimestamp(reset, UTC)
            return None

    def _pages(self, name: str, now: datetime, fn: Any, **kw: Any) -> list[Any]:
        out: list[Any] = []
        token = None
        while True:
            page = (
                self._call(name, now, fn, pagination_token=token, **kw)
                if token
                else (self._call(name, now, fn, **kw))
            )
            if page is None:
                return out
            out.extend(page.data or [])
            token = (page.meta or {}).get("next_token")
            if not token:
                return out

    def sync(self, now: datetime) -> None:
        c = self.client
        posts = self._call(
            "own",
            now,
            c.get_users_tweets,
            id=self.me,
            max_results=100,
            exclude=["retweets", "replies"],
        )
        if posts is not None and posts.data:
            self.recent_posts = [str(p.id) for p in posts.data]
        self._call("mentions", now, c.get_users_mentions, id=self.me, max_results=100)
        self._pages("followers", now, c.get_users_followers, id=self.me, max_results=1000)
        self._call("lists", now, c.get_list_memberships, id=self.me, max_results=100)
        for user_id in self.prospects:
            self._call("timeline", now, c.get_users_tweets, id=user_id, max_results=20)
        for post_id in self.recent_posts:
            self._call("liking", now, c.get_liking_users, id=post_id, max_results=100)
            self._call("retweeted", now, c.get_retweeters, id=post_id, max_results=100)


# --- the least the API allows ----------------------------------------------------------


@dataclass
class Least:
    requests: int = 0
    resources: int = 0
    cost_usd: float = 0.0
    changes: dict[str, int] = field(default_factory=dict)


class ChangeLog:
    """Diffs of the sandbox's record between syncs, priced as the docstring says."""

    # Followers first: a user read from the follower list (owned) is free
    # for every later kind that day.
    ORDER = ("follows", "mentions", "quotes", "likes", "reposts", "list_adds", "prospect_posts")
    ITEM_PRICE = {
        "mentions": OWNED,
        "quotes": OTHER_POST,
        "likes": 0.0,  # the like is its liker's user object, priced as the actor
        "reposts": OTHER_POST,
        "follows": 0.0,  # the follower is the actor, priced as owned below
        "list_adds": OWNED,
        "prospect_posts": OTHER_POST,
    }
    # Kinds X answers per post: one request per post with changes.
    PER_POST = frozenset({"likes", "quotes"})

    def __init__(self, state: dict[str, Any]) -> None:
        self.owner = str(state["owner"]["id"])
        self.handle = "@" + state["owner"]["username"].lower()
        self.prospects = {str(u["id"]) for u in state["users"] if u["role"] == "prospect"}
        self.seen = self._sets(state)
        self.day = ""
        self.users_read_today: set[str] = set()

    def _sets(self, state: dict[str, Any]) -> dict[str, dict[Any, tuple[str, str]]]:
        """Per kind: item -> (actor id, post it is about or "")."""
        owner_posts = {str(p["id"]) for p in state["posts"] if str(p["author_id"]) == self.owner}
        authors = {str(p["id"]): str(p["author_id"]) for p in state["posts"]}
        mentions: dict[Any, tuple[str, str]] = {}
        quotes: dict[Any, tuple[str, str]] = {}
        prospect_posts: dict[Any, tuple[str, str]] = {}
        for post in state["posts"]:
            refs = post.get("referenced_tweets") or []
            if any(r.get("type") == "retweeted" for r in refs) or post.get("deleted"):
                continue
            post_id, author = str(post["id"]), str(post["author_id"])
            quoted = next((str(r["id"]) for r in refs if r.get("type") == "quoted"), None)
            if author != self.owner and self.handle in post["text"].lower():
                mentions[post_id] = (author, "")
            elif author != self.owner and quoted in owner_posts:
                quotes[post_id] = (author, quoted or "")
            if author in self.prospects:
                prospect_posts[post_id] = ("", "")
        return {
            "mentions": mentions,
            "quotes": quotes,
            "likes": {
                (str(x["post_id"]), str(x["user_id"])): (str(x["user_id"]), str(x["post_id"]))
                for x in state["likes"]
                if str(x["post_id"]) in owner_posts
            },
            "reposts": {
                str(x["retweet_id"]): (str(x["user_id"]), str(x["post_id"]))
                for x in state["retweets"]
                if str(x["post_id"]) in owner_posts
                and str(x["retweet_id"]) in authors  # still there
            },
            "follows": {
                str(f["follower_id"]): (str(f["follower_id"]), "")
                for f in state["follows"]
                if str(f["user_id"]) == self.owner
            },
            "list_adds": {
                str(x["id"]): (str(x["owner_id"]), "")
                for x in state["lists"]
                if self.owner in map(str, x["members"])
            },
            "prospect_posts": prospect_posts,
        }

    def _actor_price(self, kind: str, actor: str) -> tuple[int, float]:
        """(resources, dollars) for the actor's user object, once a UTC day."""
        if not actor:
            return 0, 0.0
        if actor in self.users_read_today:
            # A like is its liker: returned again, but free.
            return (1, 0.0) if kind in ("likes", "follows") else (0, 0.0)
        self.users_read_today.add(actor)
        return 1, OWNED if kind == "follows" else USER

    def step(self, state: dict[str, Any], least: Least) -> None:
        day = str(state["clock"])[:10]
        if day != self.day:
            self.day, self.users_read_today = day, set()
        now = self._sets(state)
        for kind in self.ORDER:
            items = now[kind]
            new = [key for key in items if key not in self.seen[kind]]
            if not new:
                continue
            least.changes[kind] = least.changes.get(kind, 0) + len(new)
            for key in new:
                actor, _ = items[key]
                if kind not in ("likes", "follows"):
                    least.resources += 1  # the item itself
                    least.cost_usd += self.ITEM_PRICE[kind]
                extra, dollars = self._actor_price(kind, actor)
                least.resources += extra
                least.cost_usd += dollars
            if kind in self.PER_POST:
                least.requests += len({items[key][1] for key in new})
            else:
                least.requests += 1
        self.seen = now


# --- the run ------------------------------------------------------------------------------


def metered(remote: Remote) -> dict[str, float]:
    stats = remote.control("GET", "/_sandbox/stats")
    return {
        "requests": sum(stats["requests"].values()),
        "resources": sum(stats["resources"].values()),
        "cost_usd": round(sum(stats["cost_usd"].values()), 4),
    }


def minus(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    return {k: round(a[k] - b[k], 4) for k in a}


def ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b else None


def run(hours: float) -> dict[str, Any]:
    syncs = int(hours * 3600 / SYNC_EVERY_S)
    with remote_sandbox() as engine_world, remote_sandbox() as naive_world:
        state = engine_world.control("GET", "/_sandbox/state")
        prospect_ids = [str(u["id"]) for u in state["users"] if u["role"] == "prospect"]
        changes = ChangeLog(state)
        least = Least()
        sim_now = [engine_world.now()]

        tmp = Path(tempfile.mkdtemp(prefix="engage-sync-bench-"))
        store = Store.open(tmp / "engage.db")
        people = [
            Person(id=str(u["id"]), handle=u["username"], name=u["name"], network="x")
            for u in state["users"]
            if u["role"] == "prospect"
        ]
        store.people.upsert(people)
        for person in people:
            store.prospects.add(person.id, sim_now[0])
        platform = XPlatform(
            credentials(engine_world.env), api_base=engine_world.base_url, timeout=(5, 60)
        )
        engine = SyncEngine(
            store,
            platform,
            config=Config(sync_interval_seconds=SYNC_EVERY_S),
            clock=lambda: sim_now[0],
        )
        naive = NaivePoller(naive_world)
        naive.setup(prospect_ids)

        started = time.perf_counter()
        first_report = engine.run_once()
        first_sync_s = time.perf_counter() - started
        if not first_report.ok:
            raise SystemExit(f"the first sync failed: {first_report.problems}")
        naive_started = time.perf_counter()
        naive.sync(sim_now[0])
        naive_first_s = time.perf_counter() - naive_started
        engine_after_first = metered(engine_world)

        incremental: list[float] = []
        for n in range(syncs):
            for world in (engine_world, naive_world):
                moved = world.control("POST", "/_sandbox/clock", advance_seconds=SYNC_EVERY_S)
            sim_now[0] = datetime.fromisoformat(moved["now"])
            t = time.perf_counter()
            report = engine.run_once()
            incremental.append(time.perf_counter() - t)
            if not report.ok:
                print(f"  sync {n}: {report.problems}", file=sys.stderr)
            naive.sync(sim_now[0])
            changes.step(engine_world.control("GET", "/_sandbox/state"), least)
            if (n + 1) % 24 == 0:
                print(f"  ... {n + 1}/{syncs} syncs", file=sys.stderr, flush=True)

        engine_total = metered(engine_world)
        engine_stats = engine_world.control("GET", "/_sandbox/stats")
        by_endpoint = {
            route: {
                "requests": engine_stats["requests"][route],
                "resources": engine_stats["resources"].get(route, 0),
                "cost_usd": round(engine_stats["cost_usd"].get(route, 0.0), 4),
            }
            for route in sorted(engine_stats["requests"])
        }
        engine_day = minus(engine_total, engine_after_first)
        naive_total = metered(naive_world)
        store.close()

    per_day = 24 / hours
    scale = {k: round(v * per_day, 4) for k, v in engine_total.items()}
    return {
        "hours": hours,
        "syncs": syncs,
        "world": WORLD,
        "engine": {
            "total": engine_total,
            "first_sync": engine_after_first,
            "incremental": engine_day,
            "per_day_total": scale,
            "by_endpoint": by_endpoint,
        },
        "naive": {
            "total": naive_total,
            "per_day_total": {k: round(v * per_day, 4) for k, v in naive_total.items()},
            "rate_limited_calls": naive.rate_limited,
        },
        "least": {
            "requests": least.requests,
            "resources": least.resources,
            "cost_usd": round(least.cost_usd, 4),
            "changes": least.changes,
        },
        "ratios": {
            "naive_over_engine_requests": ratio(naive_total["requests"], engine_total["requests"]),
            "naive_over_engine_resources": ratio(
                naive_total["resources"], engine_total["resources"]
            ),
            "naive_over_engine_cost": ratio(naive_total["cost_usd"], engine_total["cost_usd"]),
            "engine_incremental_over_least_requests": ratio(engine_day["requests"], least.requests),
            "engine_incremental_over_least_resources": ratio(
                engine_day["resources"], least.resources
            ),
            "engine_incremental_over_least_cost": ratio(engine_day["cost_usd"], least.cost_usd),
            # The best any engine could do against the naive poller.
            "naive_over_least_requests": ratio(naive_total["requests"], least.requests),
            "naive_over_least_resources": ratio(naive_total["resources"], least.resources),
            "naive_over_least_cost": ratio(naive_total["cost_usd"], least.cost_usd),
        },
        "vs_naive_target_reachable": least.cost_usd * TARGET_VS_NAIVE <= naive_total["cost_usd"],
        "timing_s": {
            "engine_first_sync": round(first_sync_s, 3),
            "engine_incremental_median": round(statistics.median(incremental), 4),
            "engine_incremental_p95": round(
                sorted(incremental)[int(0.95 * (len(incremental) - 1))], 4
            ),
            "naive_first_sync": round(naive_first_s, 3),
        },
        "targets": {"vs_naive": TARGET_VS_NAIVE, "vs_least": TARGET_VS_LEAST},
    }


def show(result: dict[str, Any]) -> None:
    e, n, least, r = result["engine"], result["naive"], result["least"], result["ratios"]
    print(
        f"engage sync bench: {result['syncs']} syncs, every {SYNC_EVERY_S // 60} min, over "
        f"{result['hours']} simulated hours; world {result['world']}"
    )
    print(f"{'':34}{'requests':>10}{'resources':>12}{'dollars':>10}")
    rows = [
        ("naive poller (whole run)", n["total"]),
        ("engine (whole run)", e["total"]),
        ("  engine first full sync", e["first_sync"]),
        ("  engine incremental syncs", e["incremental"]),
        ("least the API allows (changes)", least),
    ]
    for label, row in rows:
        print(f"{label:34}{row['requests']:>10}{row['resources']:>12}{row['cost_usd']:>10.3f}")
    print("engine by endpoint (whole run):")
    for route, row in e["by_endpoint"].items():
        print(f"  {route:32}{row['requests']:>10}{row['resources']:>12}{row['cost_usd']:>10.3f}")
    print(f"naive 429s avoided by waiting: {n['rate_limited_calls']} calls hit a limit")
    print(f"changes in the world: {least['changes']}")
    print(
        f"naive / engine: requests {r['naive_over_engine_requests']}x, resources "
        f"{r['naive_over_engine_resources']}x, dollars {r['naive_over_engine_cost']}x "
        f"(target >= {TARGET_VS_NAIVE}x)"
    )
    print(
        f"naive / least (the best any engine could do): requests "
        f"{r['naive_over_least_requests']}x, resources {r['naive_over_least_resources']}x, "
        f"dollars {r['naive_over_least_cost']}x"
    )
    if not result["vs_naive_target_reachable"]:
        print(
            f"NOTE: {TARGET_VS_NAIVE}x cheaper than naive in dollars is impossible here: "
            f"least ${least['cost_usd']:.2f} x {TARGET_VS_NAIVE} > naive "
            f"${n['total']['cost_usd']:.2f}. With same-day re-reads free, the naive poller pays "
            "each resource once a day, so its bill is bounded; the best possible ratio is "
            f"{r['naive_over_least_cost']}x."
        )
    print(
        f"engine incremental / least: requests {r['engine_incremental_over_least_requests']}x, "
        f"resources {r['engine_incremental_over_least_resources']}x, dollars "
        f"{r['engine_incremental_over_least_cost']}x (target <= {TARGET_VS_LEAST}x)"
    )
    t = result["timing_s"]
    print(
        f"time: engine first full sync {t['engine_first_sync']} s, incremental median "
        f"{t['engine_incremental_median']} s (p95 {t['engine_incremental_p95']} s); naive full "
        f"sync {t['naive_first_sync']} s"
    )
    print(json.dumps(result, sort_keys=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=24.0, help="simulated hours (default 24)")
    parser.add_argument(
        "--bluesky",
        action="store_true",
        help="Bluesky instead, on the reference servers: a first sync of 1,000 notifications "
        "and an incremental one, in requests and seconds (see bluesky_sync.py)",
    )
    parser.add_argument(
        "--mastodon",
        action="store_true",
        help="Mastodon instead, on GoToSocial: a first sync of 1,000 notifications and an "
        "incremental one, in requests and seconds (see mastodon_sync.py)",
    )
    args = parser.parse_args()
    if args.mastodon:
        from mastodon_sync import main as mastodon_main  # beside this file

        raise SystemExit(mastodon_main())
    if args.bluesky:
        from bluesky_sync import main as bluesky_main  # beside this file

        raise SystemExit(bluesky_main())
    show(run(args.hours))


if __name__ == "__main__":
    main()
