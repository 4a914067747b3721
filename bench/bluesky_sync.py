"""Bluesky sync figures against the reference servers: a first sync of 1,000
notifications and an incremental sync of 10, in requests and seconds.

    .venv/bin/python bench/sync_bench.py --bluesky   # or this file itself

Starts its own network (see stack.py), makes one owner with 50 posts and 20
people who like all of them (1,000 like notifications), then pulls the
notifications source the way the sync engine does: until ``more`` is False,
committing cursors between pulls. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import secrets
import string
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts" / "bluesky"))

from atproto import Client, models
from stack import Stack, prepare

from engage_tui.domain import Person
from engage_tui.platforms.base import PullContext, PullResult
from engage_tui.platforms.bluesky import BlueskyLogin, BlueskyPlatform

POSTS = 50
LIKERS = 20
LATER_FOLLOWS = 10


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


class MemoryStore:
    value: str | None = None

    def load(self) -> str | None:
        return self.value

    def save(self, session: str) -> None:
        self.value = session

    def clear(self) -> None:
        self.value = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _account(pds: str) -> tuple[Client, str, str, str]:
    name = "b" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    password = secrets.token_urlsafe(12)
    sdk = Client(pds)
    made = sdk.com.atproto.server.create_account(
        models.ComAtprotoServerCreateAccount.Data(
            handle=f"{name}.test", email=f"{name}@example.test", password=password
        )
    )
    session = ":::".join((made.handle, made.did, made.access_jwt, made.refresh_jwt, pds))
    sdk.login(session_string=session, fetch_bsky_profile=False)
    return sdk, made.did, made.handle, password


def _create(sdk: Client, did: str, collection: str, record: dict[str, object]) -> None:
    # One write each: the reference AppView pages notifications by time alone,
    # so a batch written in one instant could lose items at a page boundary.
    sdk.com.atproto.repo.create_record(
        models.ComAtprotoRepoCreateRecord.Data(repo=did, collection=collection, record=record)
    )


def _newest_follows(sdk: Client) -> int:
    listed = sdk.app.bsky.notification.list_notifications({"limit": LATER_FOLLOWS})
    return sum(1 for n in listed.notifications if n.reason == "follow")


def _sync(platform: BlueskyPlatform, owner: Person, state: State) -> tuple[int, int, float]:
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


def _wait_count(platform: BlueskyPlatform, owner: Person, want: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        events, _, _ = _sync(platform, owner, State())
        if events >= want:
            return
        time.sleep(0.5)
    raise SystemExit(f"the AppView never listed {want} notifications")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    stack = Stack(prepare())
    try:
        urls = stack.start()
        owner_sdk, owner_did, owner_handle, owner_password = _account(urls.pds)
        posts = [
            owner_sdk.com.atproto.repo.create_record(
                models.ComAtprotoRepoCreateRecord.Data(
                    repo=owner_did,
                    collection="app.bsky.feed.post",
                    record={
                        "$type": "app.bsky.feed.post",
                        "text": f"post {i}",
                        "createdAt": _now(),
                    },
                )
            )
            for i in range(POSTS)
        ]
        for _ in range(LIKERS):
            sdk, did, _, _ = _account(urls.pds)
            likes = [{"subject": {"uri": p.uri, "cid": p.cid}, "createdAt": _now()} for p in posts]
            for like in likes:
                _create(sdk, did, "app.bsky.feed.like", like)
        login = BlueskyLogin(owner_handle, owner_password, urls.pds)
        platform = BlueskyPlatform(login, MemoryStore())
        owner = platform.whoami()
        _wait_count(platform, owner, POSTS * LIKERS)

        state = State()
        first = _sync(platform, owner, state)
        for _ in range(LATER_FOLLOWS):
            sdk, did, _, _ = _account(urls.pds)
            _create(sdk, did, "app.bsky.graph.follow", {"subject": owner_did, "createdAt": _now()})
        deadline = time.monotonic() + 60
        while _newest_follows(owner_sdk) < LATER_FOLLOWS:
            if time.monotonic() > deadline:
                raise SystemExit("the AppView never listed the new follows")
            time.sleep(0.2)
            time.sleep(0.5)
        later = _sync(platform, owner, state)
    finally:
        stack.stop()

    print(f"{'sync':<22}{'events':>8}{'requests':>10}{'seconds':>9}")
    for name, (events, requests, seconds) in (("first (1,000)", first), ("incremental", later)):
        print(f"{name:<22}{events:>8}{requests:>10}{seconds:>9.2f}")
    print(
        json.dumps(
            {
                "bluesky_first_sync": {"events": first[0], "requests": first[1], "s": first[2]},
                "bluesky_incremental": {"events": later[0], "requests": later[1], "s": later[2]},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
