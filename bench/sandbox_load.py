"""The sandbox under load: many clients at once, with slow half-sent requests beside them.

The sandbox runs in its own process (as ``engage sandbox`` does); this process runs
``--clients`` threads, each a keep-alive ``requests`` session signed with OAuth 1.0a as
its own world user (so each has its own rate-limit windows, as on X), each sending
``--requests`` requests: a mix of user and post lookups, timelines, searches and a new
post now and then. Beside them, ``--slow`` raw connections send headers that promise a
100-byte body, send a few bytes of it and then nothing: the server must close them after
its idle timeout without slowing anyone else.

Every answer must be a 2xx: a 4xx, a 5xx, a dropped connection or a timeout is an error.
Latency is measured at the client, per request. It prints the median and p99 per kind of
request and overall, and a last line of JSON with every figure:

    .venv/bin/python bench/sandbox_load.py                 # 50 clients x 200 requests
    .venv/bin/python bench/sandbox_load.py --clients 10 --requests 50
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import socket
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import requests
from requests_oauthlib import OAuth1

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engage_tui.sandbox import WorldSpec, start_sandbox

CLOCK = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
IDLE_TIMEOUT = 5.0


@dataclass(slots=True)
class ClientResult:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


def _serve(clients: int, pipe: Connection) -> None:
    """The sandbox process: build the world, hand out one token per client, serve."""
    with start_sandbox(
        seed=3, clock_start=CLOCK, world=WorldSpec(), idle_timeout=IDLE_TIMEOUT
    ) as sandbox:
        world = sandbox.world
        users = [u for u in world.users.values() if u.id != world.owner_id][:clients]
        tokens = [(str(u.id), *sandbox.app.credentials.issue_access_token(u.id)) for u in users]
        post_ids = [str(pid) for pid in world.all_post_ids[-500:]]
        pipe.send(
            {
                "base_url": sandbox.base_url,
                "consumer_key": sandbox.env["ENGAGE_X_CONSUMER_KEY"],
                "consumer_secret": sandbox.env["ENGAGE_X_CONSUMER_SECRET"],
                "tokens": tokens,
                "post_ids": post_ids,
                "usernames": [u.username for u in users],
            }
        )
        pipe.recv()  # until the bench says stop


def _client(
    index: int, setup: dict[str, Any], count: int, start: threading.Event, out: ClientResult
) -> None:
    user_id, token, secret = setup["tokens"][index]
    auth = OAuth1(setup["consumer_key"], setup["consumer_secret"], token, secret)
    base = setup["base_url"]
    posts = setup["post_ids"]
    names = setup["usernames"]
    session = requests.Session()
    start.wait()
    for n in range(count):
        kind = ("user", "posts", "timeline", "search", "by_name", "user", "posts", "write")[n % 8]
        if kind == "user":
            method, path, params = "GET", f"/2/users/{user_id}", {"user.fields": "public_metrics"}
        elif kind == "posts":
            ids = ",".join(posts[(index * 7 + n + i) % len(posts)] for i in range(20))
            method, path, params = "GET", "/2/tweets", {"ids": ids, "tweet.fields": "created_at"}
        elif kind == "timeline":
            method, path, params = "GET", f"/2/users/{user_id}/tweets", {"max_results": "20"}
        elif kind == "search":
            method, path, params = "GET", "/2/tweets/search/recent", {"query": "coffee OR tea"}
        elif kind == "by_name":
            name = names[(index + n) % len(names)]
            method, path, params = "GET", f"/2/users/by/username/{name}", {}
        else:
            method, path, params = "POST", "/2/tweets", {}
        began = time.perf_counter()
        try:
            if method == "POST":
                text = f"load check {index}-{n}: hello from client {index}"
                response = session.post(base + path, json={"text": text}, auth=auth, timeout=60)
            else:
                response = session.get(base + path, params=params, auth=auth, timeout=60)
            took = time.perf_counter() - began
            if not 200 <= response.status_code < 300:
                out.errors.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
        except requests.RequestException as exc:
            took = time.perf_counter() - began
            out.errors.append(f"{method} {path}: {type(exc).__name__}")
        out.latencies[kind].append(took)
    session.close()


def _slow(base_url: str, start: threading.Event, closed: list[float]) -> None:
    """Promise a body, send a little of it, then wait for the server to give up."""
    host, port = base_url.removeprefix("http://").split(":")
    start.wait()
    with socket.create_connection((host, int(port)), timeout=120) as conn:
        conn.sendall(
            b"POST /2/tweets HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text": "half'
        )
        began = time.perf_counter()
        try:
            while conn.recv(4096):
                pass
            closed.append(time.perf_counter() - began)
        except OSError:
            closed.append(time.perf_counter() - began)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--slow", type=int, default=5)
    args = parser.parse_args(argv)

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(args.clients, child), daemon=True)
    server.start()
    setup = parent.recv()
    start = threading.Event()
    results = [ClientResult() for _ in range(args.clients)]
    threads = [
        threading.Thread(target=_client, args=(i, setup, args.requests, start, results[i]))
        for i in range(args.clients)
    ]
    slow_closed: list[float] = []
    slow = [
        threading.Thread(target=_slow, args=(setup["base_url"], start, slow_closed))
        for _ in range(args.slow)
    ]
    for thread in threads + slow:
        thread.start()
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    for thread in slow:
        thread.join(IDLE_TIMEOUT * 4)
    parent.send("stop")
    server.join(30)

    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    for result in results:
        errors += result.errors
        for kind, values in result.latencies.items():
            by_kind[kind] += values
    every = [v for values in by_kind.values() for v in values]
    print(f"{args.clients} clients x {args.requests} requests, {args.slow} slow half-sent")
    print(f"{'kind':<10} {'n':>6} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
    figures: dict[str, Any] = {}
    for kind in sorted(by_kind):
        values = by_kind[kind]
        med, p99 = statistics.median(values) * 1000, _pct(values, 0.99) * 1000
        print(f"{kind:<10} {len(values):>6} {med:>10.1f} {p99:>8.1f} {max(values) * 1000:>8.1f}")
        figures[kind] = {"n": len(values), "median_ms": round(med, 1), "p99_ms": round(p99, 1)}
    overall_med = statistics.median(every) * 1000
    overall_p99 = _pct(every, 0.99) * 1000
    print(f"{'all':<10} {len(every):>6} {overall_med:>10.1f} {overall_p99:>8.1f}")
    print(f"throughput {len(every) / wall:.0f} requests/s over {wall:.1f} s")
    print(
        f"slow connections closed by the server: {len(slow_closed)} of {args.slow}"
        + (f" (after {max(slow_closed):.1f} s at most)" if slow_closed else "")
    )
    print(f"errors: {len(errors)}")
    for line in sorted(set(errors))[:10]:
        print(f"  {line}")
    summary = {
        "clients": args.clients,
        "requests_each": args.requests,
        "requests": len(every),
        "errors": len(errors),
        "median_ms": round(overall_med, 1),
        "p99_ms": round(overall_p99, 1),
        "wall_s": round(wall, 1),
        "slow": args.slow,
        "slow_closed": len(slow_closed),
        "by_kind": figures,
    }
    print(json.dumps(summary, sort_keys=True))
    return 0 if not errors and len(slow_closed) == args.slow else 1


if __name__ == "__main__":
    sys.exit(main())
