"""The kinds and states engage stores as words (each a ``StrEnum``): what a
notification is, where an item stands, how an action goes out."""

from __future__ import annotations

from enum import StrEnum


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
