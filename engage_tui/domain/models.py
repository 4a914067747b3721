"""The nouns of engage: people, posts, notifications, drafts, the outbox.

Ids are strings as the network gives them. A post's ``id`` is opaque to
everything above the platform layer: the store and the TUI keep it and hand
it back, they never look inside (an X id, a Bluesky ``uri|cid``, ...).
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

FactKind = Literal["home", "domain", "website", "field", "bio"]


class NotificationKind(StrEnum):
    MENTION = "mention"
    REPLY = "reply"
    QUOTE = "quote"
    FOLLOW = "follow"
    LIKE = "like"
    REPOST = "repost"
    LIST_ADD = "list_add"
    # A new post by someone the owner asked the network to tell them of
    # (a Mastodon follow with notifications on, a Bluesky activity
    # subscription): their words, not something they did toward the owner.
    NEW_POST = "new_post"
    # Anything a network reports that engage does not know yet; the raw
    # kind travels in Notification.raw_kind so nothing is dropped.
    OTHER = "other"


class TriageState(StrEnum):
    NEW = "new"
    DONE = "done"


class Handled(StrEnum):
    """How the owner answered an inbox item that an answer finished."""

    REPLIED = "replied"
    THANKED = "thanked"
    LIKED = "liked"


class ActionKind(StrEnum):
    REPLY = "reply"
    LIKE = "like"
    UNLIKE = "unlike"
    REPOST = "repost"
    POST = "post"


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # The API may not do it: the user finishes it on the network's own page
    # (X's web intent). The stored word predates other networks.
    HANDED = "handed_over"
    CANCELLED = "cancelled"


class Route(StrEnum):
    """How an action reaches the network."""

    API = "api"
    INTENT = "intent"
    NONE = "none"


class Direction(StrEnum):
    INBOUND = "inbound"  # they did something toward the owner
    OUTBOUND = "outbound"  # the owner did something toward them


@dataclass(frozen=True, slots=True)
class ProfileFact:
    """One thing a profile says about its owner, as the network showed it.

    ``kind``: ``home`` (where this profile lives, e.g. https://x.com/noor),
    ``domain`` (a domain the account proves it holds: a Bluesky handle),
    ``website`` (the profile's own website field), ``field`` (a Mastodon
    profile field), ``bio`` (a link written in the bio).
    """

    kind: FactKind
    value: str  # a URL or a bare domain
    # The network checked that the page links back (Mastodon's verified_at).
    verified: bool = False
    # home and domain: how the evidence names it ("X profile @noor",
    # "Bluesky handle noor.example"); field: the field's name.
    label: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    handle: str  # without the leading @
    name: str
    network: str
    bio: str = ""
    followers_count: int | None = None
    protected: bool = False
    seen_at: datetime | None = None
    # What the person published about themselves (websites, links, verified
    # fields): the evidence for a link suggestion. None when this read of the
    # profile did not carry them, so a partial payload never erases them.
    facts: tuple[ProfileFact, ...] | None = None


@dataclass(frozen=True, slots=True)
class PostMetrics:
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    quotes: int = 0


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    author_id: str
    text: str
    created_at: datetime
    network: str
    in_reply_to_id: str | None = None
    quoted_id: str | None = None
    conversation_id: str | None = None
    mentions: tuple[str, ...] = ()  # handles, lower-case, without @
    metrics: PostMetrics | None = None
    url: str | None = None  # where a browser shows it
    deleted: bool = False
    # Content labels on the post, lower-case words such as "porn", "nudity" or
    # "graphic-media": put there by its author (Bluesky self-labels) or by a
    # moderation service. Shown as a marker beside the text.
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Notification:
    """One event toward the owner. Grouping happens above, never here.

    ``id`` is a stable key built by the platform from what identifies the
    event (kind, actor, post), so the same event synced twice is one row.
    ``post_id`` is the post the event created (a mention, reply or quote);
    ``subject_id`` is the owner's post it concerns (what was liked, reposted,
    replied to or quoted).
    """

    id: str
    kind: NotificationKind
    actor_id: str
    created_at: datetime
    network: str
    post_id: str | None = None
    subject_id: str | None = None
    raw_kind: str | None = None
    state: TriageState = TriageState.NEW
    done_at: datetime | None = None
    seen: bool = False
    # Set when an answer (not a plain "done") finished the item.
    handled: Handled | None = None
    # Whose inbox it is in: the signed-in account's person id ("" before
    # engage knew it). Set by the sync engine, not by platforms.
    account: str = ""
    # It was snoozed and has come back (it stands at the time it came back).
    snoozed: bool = False


@dataclass(frozen=True, slots=True)
class Draft:
    """Words the user is writing. ``key`` names what they answer:
    ``reply:<post id>`` or ``thank:<person id>`` or ``post:<uuid>``; a draft
    is one per key AND account (two accounts answering one post write apart)."""

    key: str
    text: str
    updated_at: datetime
    target_post_id: str | None = None
    person_id: str | None = None
    # The signed-in account (person id) answering; "" when none was known.
    account: str = ""

    @property
    def slot(self) -> str:
        return draft_slot(self.key, self.account)


def draft_slot(key: str, account: str) -> str:
    """One name for a draft's key and account (where unsaved words wait)."""
    return f"{key} as {account}" if account else key


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: ActionKind
    state: OutboxState
    created_at: datetime
    send_after: datetime
    network: str
    target_post_id: str | None = None
    person_id: str | None = None
    text: str = ""
    draft_key: str | None = None
    attempts: int = 0
    remote_id: str | None = None
    error: str | None = None
    # Saved before the first attempt (X: nothing; Mastodon: Idempotency-Key).
    prepare_token: str | None = None
    intent_url: str | None = None
    route: Route | None = None
    updated_at: datetime | None = None
    # The signed-in account (its person id) that sends it; "" when queued
    # before engage knew who is signed in: the first account of its network
    # then sends it.
    account: str = ""


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """An action to queue (``store.outbox.enqueue``): what, where, and from whom.

    A reply's target is its post; a new post's is the draft it was written in.
    ``at`` is when it was queued (None: now); ``account`` (a signed-in
    account's person id) sends it, "" meaning the network's first account.
    """

    kind: ActionKind
    network: str
    send_after: datetime
    target_post_id: str | None = None
    person_id: str | None = None
    text: str = ""
    draft_key: str | None = None
    route: Route | None = None
    at: datetime | None = None
    account: str = ""


@dataclass(frozen=True, slots=True)
class Prospect:
    person_id: str
    added_at: datetime
    notes: str = ""
    last_engaged_at: datetime | None = None
    # Filled by the store when it joins people; None while the handle is
    # queued for look-up (added offline).
    person: Person | None = None
    pending_handle: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Interaction:
    """One thing between the owner and a person, in either direction."""

    person_id: str
    direction: Direction
    kind: str  # a NotificationKind value inbound; reply/like/thank/repost outbound
    at: datetime
    post_id: str | None = None
    text: str | None = None
    id: int | None = None
