"""Two accounts in one store: the fixed X world of world.py as account "1" (X
@owner), and a Bluesky account (@olive.bsky.social) with its own rows.

The controller is the real ``AccountsSync`` over real ``SyncEngine``s: the X
one on the real X platform against a sandbox, the Bluesky ones on the real
Bluesky platform (built without a request: nothing here reaches a server).
The engines are never started: these tests look at the TUI, not at sync,
and a started engine would pull the sandbox's world into the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from engage_tui.config import Config
from engage_tui.domain import Notification, NotificationKind, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.platforms.bluesky import BlueskyPlatform
from engage_tui.platforms.bluesky.session import BlueskyLogin, HeldSession
from engage_tui.store import Store
from engage_tui.sync.accounts import AccountsSync
from engage_tui.sync.controller import Listener
from engage_tui.sync.engine import SyncEngine
from tests.sync.conftest import World
from tests.tui.world import EVENTS, NOW, OWNER, PEOPLE, POSTS, ago

K = NotificationKind
# Nothing listens here: a request made by mistake fails at once.
NO_SERVER = "http://127.0.0.1:9"

ME_BSKY = Person("did:plc:olive", "olive.bsky.social", "Olive Owner", network="bluesky")
ME_BSKY_WORK = Person("did:plc:work", "studio.bsky.social", "Olive's Studio", network="bluesky")
JUN = Person("did:plc:jun", "jun.bsky.social", "Jun Ito", network="bluesky")
KAI = Person("did:plc:kai", "kai.bsky.social", "Kai Moss", network="bluesky")
BSKY_PEOPLE = [ME_BSKY, ME_BSKY_WORK, JUN, KAI]


def _uri(did: str, key: str) -> str:
    return f"at://{did}/app.bsky.feed.post/{key}"


MINE_BSKY = Post(
    _uri(ME_BSKY.id, "3own"), ME_BSKY.id, "Moved my notes here too.", ago(days=1), network="bluesky"
)
JUN_MENTION = Post(
    _uri(JUN.id, "3jun"),
    JUN.id,
    "@olive.bsky.social are you on the new feed yet?",
    ago(minutes=10),
    mentions=("olive.bsky.social",),
    network="bluesky",
)
KAI_REPLY = Post(
    _uri(KAI.id, "3kai"),
    KAI.id,
    "Welcome over! The water is fine.",
    ago(minutes=90),
    in_reply_to_id=MINE_BSKY.id,
    network="bluesky",
)
KAI_TO_STUDIO = Post(
    _uri(KAI.id, "3kst"),
    KAI.id,
    "@studio.bsky.social do you take commissions?",
    ago(minutes=50),
    mentions=("studio.bsky.social",),
    network="bluesky",
)
BSKY_POSTS = [MINE_BSKY, JUN_MENTION, KAI_REPLY, KAI_TO_STUDIO]


def _bsky(
    nid: str,
    kind: K,
    actor: Person,
    at: datetime,
    post_id: str | None = None,
    subject_id: str | None = None,
) -> Notification:
    return Notification(
        nid, kind, actor.id, at, network="bluesky", post_id=post_id, subject_id=subject_id
    )


BSKY_EVENTS = [
    _bsky("b-mention-jun", K.MENTION, JUN, JUN_MENTION.created_at, post_id=JUN_MENTION.id),
    _bsky(
        "b-reply-kai",
        K.REPLY,
        KAI,
        KAI_REPLY.created_at,
        post_id=KAI_REPLY.id,
        subject_id=MINE_BSKY.id,
    ),
    _bsky("b-follow-jun", K.FOLLOW, JUN, ago(hours=3, minutes=30)),
    _bsky("b-like-kai", K.LIKE, KAI, ago(hours=7), subject_id=MINE_BSKY.id),
]
STUDIO_EVENTS = [
    _bsky("s-mention-kai", K.MENTION, KAI, KAI_TO_STUDIO.created_at, post_id=KAI_TO_STUDIO.id),
]


def stored_id(account: Person, notification_id: str) -> str:
    """A notification's id as stored: the store keys it by its account."""
    return f"{account.id}|{notification_id}"


def populate_mixed(store: Store, *, studio: bool = False) -> Store:
    """The X world as account "1" and the Bluesky account's rows (and, with
    ``studio``, a second Bluesky account's) in one store."""
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    store.sync_state.meta_set("owner_id:bluesky", ME_BSKY.id)
    store.sync_state.apply_pull(
        "fixture", PullResult(events=list(EVENTS), people=PEOPLE, posts=POSTS), NOW, account="1"
    )
    store.sync_state.apply_pull(
        "fixture",
        PullResult(events=BSKY_EVENTS, people=BSKY_PEOPLE, posts=BSKY_POSTS),
        NOW,
        account=ME_BSKY.id,
    )
    if studio:
        store.sync_state.apply_pull(
            "fixture",
            PullResult(events=STUDIO_EVENTS, people=BSKY_PEOPLE, posts=BSKY_POSTS),
            NOW,
            account=ME_BSKY_WORK.id,
        )
    return store


class UnstartedAccounts(AccountsSync):
    """The real AccountsSync, whose engines the app never starts (see above)."""

    def start(self, listener: Listener) -> None:
        self._listener = listener

    def stop(self) -> None:
        pass


def x_engine(store: Store, world: World) -> SyncEngine:
    return SyncEngine(
        store, world.platform(), config=Config(), clock=lambda: NOW, owner_id=OWNER.id
    )


def bluesky_engine(store: Store, me: Person, *, first: bool = True) -> SyncEngine:
    platform = BlueskyPlatform(BlueskyLogin(me.handle, service=NO_SERVER), HeldSession())
    return SyncEngine(
        store,
        platform,
        config=Config(),
        clock=lambda: NOW,
        owner_id=me.id,
        account_name=f"bluesky:{me.handle}",
        first_on_network=first,
    )


def accounts(store: Store, world: World | None, bluesky: Sequence[Person]) -> UnstartedAccounts:
    """X (when ``world`` is given) and these Bluesky accounts, X first."""
    engines = [x_engine(store, world)] if world is not None else []
    engines += [bluesky_engine(store, me, first=n == 0) for n, me in enumerate(bluesky)]
    return UnstartedAccounts(engines)
