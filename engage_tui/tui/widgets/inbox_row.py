"""How one inbox row reads: who did what, in plain (never markup) text."""

from __future__ import annotations

import sys

from engage_tui.domain import Handled, NotificationKind, Person, TriageState
from engage_tui.store import InboxRow
from engage_tui.text.safe import clean_text

KIND_LABELS: dict[NotificationKind, str] = {
    NotificationKind.MENTION: "mention",
    NotificationKind.REPLY: "reply",
    NotificationKind.QUOTE: "quote",
    NotificationKind.FOLLOW: "follow",
    NotificationKind.LIKE: "like",
    NotificationKind.REPOST: "repost",
    NotificationKind.LIST_ADD: "list",
    NotificationKind.OTHER: "other",
}

_VERBS: dict[NotificationKind, str] = {
    NotificationKind.LIKE: "liked your post",
    NotificationKind.REPOST: "reposted your post",
    NotificationKind.FOLLOW: "followed you",
    NotificationKind.LIST_ADD: "added you to a list",
}


def kind_label(row: InboxRow) -> str:
    note = row.notification
    if note.kind is NotificationKind.OTHER and note.raw_kind:
        return clean_text(note.raw_kind, single_line=True)[:8]
    return KIND_LABELS.get(note.kind, str(note.kind))


def handle_text(handle: str) -> str:
    """``@handle`` safe for the screen: a stored handle may come from a shared file."""
    return "@" + clean_text(handle, single_line=True)


def person_label(person: Person | None) -> str:
    if person is None:
        return "someone"
    name = clean_text(person.name, single_line=True)
    handle = handle_text(person.handle)
    return f"{name} {handle}" if name else handle


def who(row: InboxRow) -> str:
    """ "Ana" alone, or "Ana, Bo and 3 others" for a group."""
    actors = row.group_actors or ((row.actor,) if row.actor else ())
    if len(actors) <= 1:
        return person_label(row.actor or (actors[0] if actors else None))
    names = [clean_text(p.name, single_line=True) or handle_text(p.handle) for p in actors]
    total = max(len(names), len(row.group_ids))
    if total == 2:
        return f"{names[0]} and {names[1]}"
    rest = total - 2
    return f"{names[0]}, {names[1]} and {rest} other{'s' if rest != 1 else ''}"


def body(row: InboxRow) -> str:
    """What happened, on one line: the new post's text, or a verb and the owner's post."""
    note = row.notification
    if note.kind in (NotificationKind.MENTION, NotificationKind.REPLY, NotificationKind.QUOTE):
        text = row.post.text if row.post else "(post not cached yet)"
        return clean_text(text, single_line=True)
    verb = _VERBS.get(note.kind)
    if verb is None:
        verb = f"did {clean_text(note.raw_kind or 'something', single_line=True)}"
    if row.subject is not None:
        return f"{verb}: {clean_text(row.subject.text, single_line=True)}"
    return verb


def is_new(row: InboxRow) -> bool:
    return row.notification.state is TriageState.NEW and not row.notification.seen


# How an answered item was handled: a glyph, and a letter (the key that did
# it) where the terminal cannot show the glyph. Shapes, not colours, tell
# them apart.
HANDLED_GLYPHS: dict[Handled, tuple[str, str]] = {
    Handled.REPLIED: ("↩", "r"),
    Handled.THANKED: ("✓", "t"),
    Handled.LIKED: ("♥", "l"),
}
HANDLED_WORDS: dict[Handled, str] = {
    Handled.REPLIED: "replied",
    Handled.THANKED: "thanked",
    Handled.LIKED: "liked",
}


def unicode_ok() -> bool:
    """The terminal takes more than ASCII: Textual draws on stderr, so its
    encoding (from the locale) says what the terminal was set up for."""
    encoding = getattr(sys.__stderr__, "encoding", None) or ""
    return encoding.lower().replace("-", "").startswith("utf")


def handled_mark(how: Handled, unicode: bool | None = None) -> str:
    glyph, letter = HANDLED_GLYPHS[how]
    return glyph if (unicode_ok() if unicode is None else unicode) else letter


def mark(row: InboxRow) -> str:
    """The row's first column: how it was answered, else whether it is new."""
    how = row.notification.handled
    unicode = unicode_ok()
    if how is not None:
        return handled_mark(how, unicode)
    if is_new(row):
        return "●" if unicode else "*"
    return " "
