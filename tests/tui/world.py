"""A small, fixed world written through the store API, for Pilot and snapshot tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.domain.models import PostMetrics
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
MARKUP_TEXT = "@owner [bold red]x[/] \x1b[2Jsee [link=http://evil]this[/link]"

K = NotificationKind


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


OWNER = Person("1", "owner", "Olive Owner", followers_count=1200, network="x")
ANA = Person(
    "11", "ana", "Ana Lima", bio="Founder at a small studio", followers_count=5400, network="x"
)
BO = Person("12", "bo", "Bo Chen", followers_count=310, network="x")
CY = Person("13", "cy", "Cy Twombly", followers_count=88, network="x")
DEE = Person("14", "dee", "Dee Rivers", followers_count=42, network="x")
EVE = Person("15", "eve", "Eve Park", followers_count=990, network="x")
FOX = Person("16", "fox", "Fox Mulder", followers_count=2, network="x")
MAL = Person("17", "mallory", "[b]Mallory[/b]", followers_count=7, network="x")
GRACE = Person("20", "grace", "Grace Hopper", bio="Compilers", followers_count=99000, network="x")
ALAN = Person("21", "alan", "Alan Kay", followers_count=45000, network="x")
PEOPLE = [OWNER, ANA, BO, CY, DEE, EVE, FOX, MAL, GRACE, ALAN]

O1 = Post(
    "100",
    "1",
    "Shipped the new release today. Thanks everyone who tested it!",
    ago(days=1),
    network="x",
)
O2 = Post(
    "101", "1", "Small tools, used daily, beat big tools used never.", ago(days=2), network="x"
)
M1 = Post(
    "200",
    "11",
    "@owner loved your talk on small tools, slides anywhere?",
    ago(minutes=3),
    mentions=("owner",),
    url="https://x.com/ana/status/200",  # as a pull caches it
    network="x",
)
R1 = Post(
    "201",
    "12",
    "Congrats! Does it run on ARM yet?",
    ago(minutes=40),
    in_reply_to_id="100",
    conversation_id="100",
    network="x",
)
Q1 = Post("202", "13", "This is the right take.", ago(hours=2), quoted_id="101", network="x")
X1 = Post("203", "17", MARKUP_TEXT, ago(hours=3), mentions=("owner",), network="x")
G1 = Post(
    "300",
    "20",
    "Hiring two compiler engineers in Lisbon.",
    ago(hours=5),
    metrics=PostMetrics(likes=40),
    network="x",
)
G2 = Post("301", "20", "Nanoseconds are a length of wire.", ago(days=3), network="x")
A1 = Post(
    "302", "21", "The best way to predict the future is to invent it.", ago(days=9), network="x"
)
POSTS = [O1, O2, M1, R1, Q1, X1, G1, G2, A1]


def note(
    nid: str,
    kind: K,
    actor: Person,
    at: datetime,
    post: Post | None = None,
    subject: Post | None = None,
    raw: str | None = None,
) -> Notification:
    return Notification(
        nid,
        kind,
        actor.id,
        at,
        post_id=post.id if post else None,
        subject_id=subject.id if subject else None,
        raw_kind=raw,
        network="x",
    )


EVENTS = [
    note("n-mention-ana", K.MENTION, ANA, M1.created_at, M1),
    note("n-reply-bo", K.REPLY, BO, R1.created_at, R1, O1),
    note("n-quote-cy", K.QUOTE, CY, Q1.created_at, Q1, O2),
    note("n-mention-mal", K.MENTION, MAL, X1.created_at, X1),
    note("n-follow-dee", K.FOLLOW, DEE, ago(hours=4)),
    *(
        note(f"n-like-{p.handle}", K.LIKE, p, ago(hours=6, minutes=n), subject=O1)
        for n, p in enumerate([ANA, BO, CY, DEE, EVE])
    ),
    note("n-repost-fox", K.REPOST, FOX, ago(hours=8), subject=O2),
    note("n-list-eve", K.LIST_ADD, EVE, ago(hours=20)),
    note("n-other-fox", K.OTHER, FOX, ago(days=2), raw="bookmark"),
]


def fill(path: Path) -> Store:
    """A store at ``path`` holding the fixed world; returned open."""
    return populate(Store.open(path))


def populate(store: Store) -> Store:
    """Write the fixed world into ``store`` (an empty one) and hand it back."""
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    store.sync_state.apply_pull(
        "fixture", PullResult(events=list(EVENTS), people=PEOPLE, posts=POSTS), NOW
    )
    store.prospects.add(GRACE.id, ago(days=20))
    store.prospects.add(ALAN.id, ago(days=30))
    return store
