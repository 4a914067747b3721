"""Mastodon sync figures against GoToSocial: a first sync of 1,000
notifications and an incremental sync of 10, in requests and seconds.

    .venv/bin/python bench/sync_bench.py --mastodon   # or this file itself

Starts its own GoToSocial (see scripts/mastodon/gotosocial.py) with a fresh
database, makes one owner with 50 statuses and 20 people who favourite all of
them (1,000 favourite notifications), then pulls the notifications source the
way the sync engine does: until ``more`` is False, committing cursors between
pulls. Then the 20 people mention the owner 10 times and it syncs again.
Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "mastodon"))

from gotosocial import Server, prepare
from mastodon import Mastodon

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform

STATUSES = 50
FAVOURITERS = 20
LATER_MENTIONS = 10


class State:
    def __init__(self) -> None:
        self.cursors: dict[str, str] = {}
        self.posts: set[str] = set()

    def cursor(self, key: str) -> str | None:
        return self.cursors.get(key)

    def snapshot(self, name: str) -> frozenset[str]:
        return frozenset()

    def known_posts(self, ids: list[str]) -> set[str]:
        return {i for i in ids if i in self.posts}

    def apply(self, result: PullResult) -> None:
        for key, value in result.cursors.items():
            if value is None:
                self.cursors.pop(key, None)
            else:
                self.cursors[key] = value
        self.posts.update(p.id for p in result.posts)


def _sync(platform: MastodonPlatform, owner: Person, state: State) -> tuple[int, int, float]:
    platform.take_usage()
    events = 0
    started = time.perf_counter()
    while True:
        ctx = PullContext(owner=owner, state=state, now=datetime.now(UTC), first_sync_days=30)
        result = platform.pull("notifications", ctx)
        state.apply(result)
        events += len(result.events)
        if not result.more:
            break
    seconds = time.perf_counter() - started
    return events, sum(u.requests for u in platform.take_usage()), seconds


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="engage-gts-bench-") as tmp:
        server = Server(prepare(), Path(tmp))
        server.start()
        try:
            began = time.monotonic()
            with ThreadPoolExecutor(max_workers=2) as pool:
                made = list(pool.map(lambda _: server.create_account(), range(FAVOURITERS + 1)))
            print(
                f"GoToSocial ready in {server.started_in_s:.1f} s; {len(made)} accounts in "
                f"{time.monotonic() - began:.1f} s",
                file=sys.stderr,
            )
            clients = [
                Mastodon(
                    access_token=m.access_token, api_base_url=server.url, version_check_mode="none"
                )
                for m in made
            ]
            owner_sdk, others = clients[0], clients[1:]
            statuses = [owner_sdk.status_post(f"status {i}") for i in range(STATUSES)]
            for sdk in others:
                for status in statuses:
                    sdk.status_favourite(status["id"])
            platform = MastodonPlatform(MastodonLogin(server.url, made[0].access_token))
            owner = platform.whoami()
            state = State()
            first = _sync(platform, owner, state)
            handle = made[0].username
            for i in range(LATER_MENTIONS):
                others[i % len(others)].status_post(f"@{handle} later {i}")
            time.sleep(0.5)  # notifications are written by the server's workers
            later = _sync(platform, owner, state)
        finally:
            server.stop()

    print(f"{'sync':<22}{'events':>8}{'requests':>10}{'seconds':>9}")
    for name, (events, requests, seconds) in (("first (1,000)", first), ("incremental", later)):
        print(f"{name:<22}{events:>8}{requests:>10}{seconds:>9.2f}")
    print(
        json.dumps(
            {
                "mastodon_first_sync": {"events": first[0], "requests": first[1], "s": first[2]},
                "mastodon_incremental": {"events": later[0], "requests": later[1], "s": later[2]},
            }
        )
    )
    return 0


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args()
    sys.exit(main())
