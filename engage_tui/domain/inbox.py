"""What the inbox shows: people, their posts, and the notifications about them.

Ids are strings as the network gives them. A post's ``id`` is opaque to
everything above the platform layer: the store and the TUI keep it and hand
it back, they never look inside (an X id, a Bluesky ``uri|cid``, ...).
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from engage_tui.domain.kinds import Handled, NotificationKind, TriageState

if TYPE_CHECKING:
    from engage_tui.domain.profile import ProfileFact


# NamedTuples, not frozen dataclasses: every first frame builds these four
# classes, and a frozen dataclass cost about 5.5M instructions (1.5 ms) to
# create, its six methods compiled one by one; a NamedTuple about a tenth.
# They keep their fields, defaults, value equality, hashing and
# immutability; a changed copy is ``_replace`` (dataclasses.replace takes
# dataclasses only).
class Person(NamedTuple):
    """Someone on a network, as the cache last read their profile."""

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


class PostMetrics(NamedTuple):
    """A post's counts, as the network last reported them."""

    likes: int = 0
    reposts: int = 0
    replies: int = 0
    quotes: int = 0


class Post(NamedTuple):
    """A post as the cache keeps it."""

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


class Notification(NamedTuple):
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
