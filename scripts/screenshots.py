"""Screenshots of engage, made from the demo world at a fixed seed and clock.

    python scripts/screenshots.py            # writes screenshots/*.svg (and *.png)

The sandbox world is seeded and its clock frozen, the sync engine fills a
fresh database from it, and the app runs under Textual's test driver with a
fixed clock and size, so running this again with no code change writes
identical files. PNGs are rendered from the SVGs with cairosvg where the
machine has cairo; without it only the SVGs are written.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage_tui.cli.account import make_platform, sandbox_account  # noqa: E402
from engage_tui.config import Config  # noqa: E402
from engage_tui.domain import Person  # noqa: E402
from engage_tui.sandbox import Sandbox, start_sandbox  # noqa: E402
from engage_tui.store import Store  # noqa: E402
from engage_tui.sync.engine import SyncEngine  # noqa: E402
from engage_tui.tui.app import EngageApp  # noqa: E402

OUT = ROOT / "screenshots"
SEED = 7  # the demo's seed
CLOCK = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
SIZE = (120, 40)
DEADLINE_S = 30.0

Step = Callable[[object], Awaitable[None]]


def make_engine(store: Store, sandbox: Sandbox) -> SyncEngine:
    platform = make_platform(sandbox_account(sandbox.env, "pay-per-use"))
    return SyncEngine(store, platform, config=Config(), clock=lambda: CLOCK)


def fill(database: Path, sandbox: Sandbox) -> None:
    """The demo world at CLOCK, synced into ``database`` as a first day would be."""
    with Store.open(database) as store:
        for user in sandbox.world.users.values():
            if user.role == "prospect":
                store.prospects.add(None, CLOCK, pending_handle=user.username)
        engine = make_engine(store, sandbox)
        for _ in range(3):  # the first turn may leave pages for the next
            engine.run_once()


async def until(pilot, condition: Callable[[], bool]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: the app did not reach the expected state")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_named(pilot, name: str) -> Callable[[], bool]:  # type: ignore[no-untyped-def]
    return lambda: type(pilot.app.screen).__name__ == name


async def inbox(pilot) -> None:  # type: ignore[no-untyped-def]
    from engage_tui.tui.widgets.inbox_list import InboxList

    await until(pilot, lambda: bool(pilot.app.screen.query(InboxList)))
    listing = pilot.app.screen.query_one(InboxList)
    await until(pilot, lambda: listing.loaded and bool(listing.rows))


async def to_kind(pilot, kind: str, skip: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor down to the (skip+1)th row of ``kind``."""
    from engage_tui.tui.widgets.inbox_list import InboxList

    listing = pilot.app.screen.query_one(InboxList)
    for n, row in enumerate(listing.rows):
        if row.notification.kind.value == kind:
            if skip == 0:
                while listing.cursor < n:
                    await pilot.press("j")
                return
            skip -= 1
    raise SystemExit(f"screenshots: no {kind} row in the demo inbox")


async def shoot_inbox(pilot) -> None:  # type: ignore[no-untyped-def]
    await inbox(pilot)
    await pilot.press("j", "j")


async def shoot_prospects(pilot) -> None:  # type: ignore[no-untyped-def]
    await inbox(pilot)
    await pilot.press("2")
    await until(pilot, screen_named(pilot, "ProspectsScreen"))
    await until(pilot, lambda: bool(pilot.app.screen.posts))


async def shoot_composer(pilot) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import TextArea

    from engage_tui.tui.widgets.composer import Composer

    await inbox(pilot)
    await to_kind(pilot, "mention", skip=2)
    await pilot.press("r")
    screen = pilot.app.screen
    await until(pilot, lambda: bool(screen.query(Composer)) and screen.query_one(Composer).is_open)
    area = screen.query_one("#composer-text", TextArea)
    area.cursor_blink = False
    await pilot.press(*"Thank you! Which part of the checklist helped most?")


async def shoot_person(pilot) -> None:  # type: ignore[no-untyped-def]
    await inbox(pilot)
    await to_kind(pilot, "mention", skip=2)
    await pilot.press("P")
    await until(pilot, screen_named(pilot, "PersonScreen"))


async def shoot_today(pilot) -> None:  # type: ignore[no-untyped-def]
    await inbox(pilot)
    await pilot.press("4")
    await until(pilot, screen_named(pilot, "TodayScreen"))
    await until(pilot, lambda: pilot.app.screen.data is not None)


async def shoot_mixed(pilot) -> None:  # type: ignore[no-untyped-def]
    await inbox(pilot)
    await pilot.press("j")


SHOTS: dict[str, Step] = {
    "inbox": shoot_inbox,
    "prospects": shoot_prospects,
    "composer": shoot_composer,
    "person": shoot_person,
    "today": shoot_today,
    "mixed-inbox": shoot_mixed,
}
# Shots of an X, a Bluesky and a Mastodon account in one inbox.
MIXED = {"mixed-inbox"}

# The Bluesky and Mastodon sides of the mixed inbox: a small fixed account
# each, written into the store as its sync writes it (no server runs here;
# tests/bluesky and tests/mastodon drive the real ones). Each account has one
# post of its own, a mention, a reply to that post, and someone who follows
# and likes it; keys are as each platform writes them.
BSKY_ME = ("did:plc:demo-me", "sam.bsky.social", "Sam")
BSKY_PEOPLE = [
    ("did:plc:demo-rin", "rin.bsky.social", "Rin Aoki"),
    ("did:plc:demo-lou", "lou.codes", "Lou Marchetti"),
    ("did:plc:demo-ida", "ida.bsky.social", "Ida Berg"),
]
MASTODON_HOST = "social.example"
MASTODON_ME = ("1", "kit", "Kit")
MASTODON_PEOPLE = [
    ("2", "noa", "Noa Adler"),
    ("3", "theo", "Theo Lind"),
    ("4", "mei", "Mei Sato"),
]

# (post key part, words, minutes ago) of: the owner's post, the mention, the
# reply; then minutes ago of the follow and the like.
Said = tuple[str, str, int]


@dataclass(frozen=True)
class SmallAccount:
    network: str
    people: tuple[Person, Person, Person, Person]  # the owner, then who mentions, replies, likes
    post_key: Callable[[Person, str], str]
    said: tuple[Said, Said, Said]
    follow_ago: int
    like_ago: int


def bluesky_account() -> SmallAccount:
    def uri(person: Person, key: str) -> str:
        return f"at://{person.id}/app.bsky.feed.post/{key}"

    me, rin, lou, ida = (Person(*p, network="bluesky") for p in (BSKY_ME, *BSKY_PEOPLE))
    return SmallAccount(
        "bluesky",
        (me, rin, lou, ida),
        uri,
        (
            ("3mine", "Notes from the meetup, as promised.", 600),
            ("3rin", "@sam.bsky.social could you share the slides here too?", 7),
            ("3lou", "This was the clearest write-up of the evening.", 55),
        ),
        follow_ago=95,
        like_ago=130,
    )


def mastodon_account() -> SmallAccount:
    from engage_tui.platforms.mastodon import parse

    def person(local_id: str, user: str, name: str) -> Person:
        key = parse.person_key(MASTODON_HOST, local_id)
        return Person(key, f"{user}@{MASTODON_HOST}", name, network="mastodon")

    def status(_author: Person, local_id: str) -> str:
        return parse.post_key(MASTODON_HOST, local_id)

    me, noa, theo, mei = (person(*p) for p in (MASTODON_ME, *MASTODON_PEOPLE))
    return SmallAccount(
        "mastodon",
        (me, noa, theo, mei),
        status,
        (
            ("100", "Wrote up how we run our repair café.", 900),
            ("101", "@kit may I link this from our town's wiki?", 4),
            ("102", "We tried the same with bikes, happy to compare notes.", 35),
        ),
        follow_ago=70,
        like_ago=110,
    )


def add_account(store: Store, account: SmallAccount) -> None:
    from datetime import timedelta

    from engage_tui.domain import Notification, NotificationKind, Post
    from engage_tui.platforms.base import PullResult

    def ago(minutes: int) -> datetime:
        return CLOCK - timedelta(minutes=minutes)

    def short(person: Person) -> str:
        return re.split(r"[.@]", person.handle)[0]

    net = account.network
    me, mentioner, replier, fan = account.people
    (mine_key, mine_text, mine_ago), mention, reply = account.said
    mine = Post(account.post_key(me, mine_key), me.id, mine_text, ago(mine_ago), network=net)
    mentioned = Post(
        account.post_key(mentioner, mention[0]),
        mentioner.id,
        mention[1],
        ago(mention[2]),
        mentions=(me.handle,),
        network=net,
    )
    replied = Post(
        account.post_key(replier, reply[0]),
        replier.id,
        reply[1],
        ago(reply[2]),
        in_reply_to_id=mine.id,
        network=net,
    )
    K = NotificationKind
    events = [
        Notification(
            f"{short(mentioner)}-mention",
            K.MENTION,
            mentioner.id,
            ago(mention[2]),
            net,
            post_id=mentioned.id,
        ),
        Notification(
            f"{short(replier)}-reply",
            K.REPLY,
            replier.id,
            ago(reply[2]),
            net,
            post_id=replied.id,
            subject_id=mine.id,
        ),
        Notification(f"{short(fan)}-follow", K.FOLLOW, fan.id, ago(account.follow_ago), net),
        Notification(
            f"{short(fan)}-like", K.LIKE, fan.id, ago(account.like_ago), net, subject_id=mine.id
        ),
    ]
    store.sync_state.meta_set(f"owner_id:{net}", me.id)
    store.sync_state.apply_pull(
        "notifications",
        PullResult(events=events, people=list(account.people), posts=[mine, mentioned, replied]),
        CLOCK,
        account=me.id,
    )


def make_mixed(store: Store, sandbox: Sandbox):  # type: ignore[no-untyped-def]
    """The demo's X account beside the Bluesky and Mastodon ones; only X's engine runs."""
    from engage_tui.platforms.bluesky import BlueskyPlatform
    from engage_tui.platforms.bluesky.session import BlueskyLogin, HeldSession
    from engage_tui.platforms.mastodon import MastodonLogin, MastodonPlatform, parse
    from engage_tui.sync.accounts import AccountsSync

    class OnlyXRuns(AccountsSync):
        def start(self, listener) -> None:  # type: ignore[no-untyped-def]
            self._listener = listener
            self.engines[0].start(self._relay)

    login = BlueskyLogin(BSKY_ME[1], service="http://127.0.0.1:9")
    bluesky = SyncEngine(
        store,
        BlueskyPlatform(login, HeldSession()),
        config=Config(),
        clock=lambda: CLOCK,
        owner_id=BSKY_ME[0],
    )
    # Nothing listens there: the engine never runs, and building it asks nothing.
    mastodon = SyncEngine(
        store,
        MastodonPlatform(MastodonLogin("http://127.0.0.1:9", None)),
        config=Config(),
        clock=lambda: CLOCK,
        owner_id=parse.person_key(MASTODON_HOST, MASTODON_ME[0]),
    )
    return OnlyXRuns([make_engine(store, sandbox), bluesky, mastodon])


async def shoot(database: Path, sandbox: Sandbox, name: str, step: Step) -> Path:
    with Store.open(database) as store:
        # The real engine against the frozen world: every source was just
        # synced, so it has nothing to fetch and the status bar stays still.
        if name in MIXED:
            add_account(store, bluesky_account())
            add_account(store, mastodon_account())
            engine = make_mixed(store, sandbox)
        else:
            engine = make_engine(store, sandbox)
        app = EngageApp(Config(), store, engine, clock=lambda: CLOCK)
        async with app.run_test(size=SIZE) as pilot:
            await step(pilot)
            await settle(pilot)
            app.clear_notifications()
            await settle(pilot)
            svg = app.export_screenshot(title=f"engage: {name}")
    target = OUT / f"{name}.svg"
    target.write_text(svg, "utf-8")
    return target


def copy_database(source: Path, target: Path) -> None:
    # SQLite's backup API, so nothing still in the WAL file is left behind.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def to_png(svg: Path) -> Path | None:
    try:
        import cairosvg
    except (ImportError, OSError):  # no cairosvg, or no cairo library on this machine
        return None
    png = svg.with_suffix(".png")
    cairosvg.svg2png(url=str(svg), write_to=str(png), output_width=1440)
    return png


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    # Days ("today", streaks) are local days: fix the zone so files never vary.
    os.environ["TZ"] = "UTC"
    time.tzset()
    OUT.mkdir(exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        start_sandbox(seed=SEED, port=0, clock_start=CLOCK) as sandbox,
    ):
        os.environ["ENGAGE_HOME"] = tmp
        template = Path(tmp) / "demo.db"
        fill(template, sandbox)
        for name, step in SHOTS.items():
            # Each shot starts from the same database, so none sees another's actions.
            database = Path(tmp) / f"{name}.db"
            copy_database(template, database)
            svg = asyncio.run(shoot(database, sandbox, name, step))
            png = to_png(svg)
            print(svg.relative_to(ROOT), "and PNG" if png else "(no PNG: cairo not available)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
