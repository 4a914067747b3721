"""What the relationship queries return: a person's memory, the thank queue,
who engages most, and the day's tally. Domain objects only, never rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from engage_tui.domain import Interaction, Person, Post, Prospect

# Tags offered for everyone; users may add their own words too.
SUGGESTED_TAGS = ("prospect", "customer", "partner")


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a person's history; ``subject`` is the post it was about
    when the interaction carries no text of its own (a like of your post)."""

    interaction: Interaction
    subject: Post | None = None


@dataclass(frozen=True, slots=True)
class PersonSummary:
    person_id: str
    person: Person | None
    notes: str = ""
    tags: tuple[str, ...] = ()
    is_prospect: bool = False
    last_engaged_at: datetime | None = None  # the owner's last outbound act
    first_seen: datetime | None = None
    last_touched: datetime | None = None  # newest interaction either way
    inbound_30d: int = 0
    outbound_30d: int = 0
    timeline: tuple[TimelineEntry, ...] = ()
    # every account of this person (``person_id`` among them, in link order)
    # and those of them engage has cached, for their network labels
    accounts: tuple[str, ...] = ()
    linked: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class ThankCard:
    """What one person did that the owner has not answered yet: a thank queue card."""

    person: Person
    counts: dict[str, int]  # interaction kind -> how many
    newest_at: datetime
    first_time: bool  # nothing from them before what this card counts
    # their newest mention/reply/quote, so a thank can answer it
    their_post: Post | None = None
    # A person of linked accounts: the cards of their other accounts (each
    # network's own "since last answered"), newest first. This card is the
    # account where they engaged most recently, so a thank goes there.
    elsewhere: tuple[ThankCard, ...] = ()

    @property
    def parts(self) -> tuple[ThankCard, ...]:
        """Each account's card, this one's first."""
        return (replace(self, elsewhere=()), *self.elsewhere) if self.elsewhere else (self,)

    def summary(self) -> str:
        """ "followed you, liked 3 posts, reposted 1" (in a fixed order)."""
        parts = []
        for kind, one, many in _SUMMARY_WORDS:
            n = self.counts.get(kind, 0)
            if n == 1:
                parts.append(one)
            elif n > 1:
                parts.append(many.format(n=n))
        other = sum(n for k, n in self.counts.items() if k not in _KNOWN_KINDS)
        if other:
            parts.append(f"{other} other")
        return ", ".join(parts)


_SUMMARY_WORDS = (
    ("follow", "followed you", "followed you"),
    ("mention", "mentioned you", "mentioned you {n} times"),
    ("reply", "replied", "replied {n} times"),
    ("quote", "quoted you", "quoted you {n} times"),
    ("like", "liked a post", "liked {n} posts"),
    ("repost", "reposted 1", "reposted {n}"),
    ("list_add", "added you to a list", "added you to {n} lists"),
)
_KNOWN_KINDS = frozenset(k for k, _, _ in _SUMMARY_WORDS)


@dataclass(frozen=True, slots=True)
class Engager:
    person_id: str
    person: Person | None
    total: int
    likes: int = 0
    reposts: int = 0
    replies: int = 0  # replies, mentions and quotes


@dataclass(frozen=True, slots=True)
class DayCounts:
    replies: int = 0
    likes: int = 0
    thanks: int = 0
    done: int = 0
    left: int = 0  # new items still in the inbox
    pending: int = 0  # handed over to the network, not yet confirmed


@dataclass(frozen=True, slots=True)
class ReplySpeed:
    answered: int
    median: timedelta | None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    started_at: datetime
    ended_at: datetime | None
    active: timedelta


@dataclass(frozen=True, slots=True)
class NoteRecord:
    person_id: str
    notes: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RelationshipData:
    """The whole relationship memory, for export and import: the people it
    names, the watchlist, notes, tags (person id, tag), interactions and
    which accounts are one person."""

    people: tuple[Person, ...] = ()
    prospects: tuple[Prospect, ...] = ()
    notes: tuple[NoteRecord, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    interactions: tuple[Interaction, ...] = field(default_factory=tuple)
    # people of several linked accounts: each one's account ids, in link order
    links: tuple[tuple[str, ...], ...] = ()
