"""How one inbox row reads (who did what, in plain, never markup, text) and
how it is drawn as one line of segments."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from engage_tui.domain import Handled, NotificationKind, Person, TriageState
from engage_tui.store import InboxRow
from engage_tui.text.safe import clean_text
from engage_tui.tui.content_labels import label_marker
from engage_tui.tui.timefmt import ago

KIND_LABELS: dict[NotificationKind, str] = {
    NotificationKind.MENTION: "mention",
    NotificationKind.REPLY: "reply",
    NotificationKind.QUOTE: "quote",
    NotificationKind.FOLLOW: "follow",
    NotificationKind.LIKE: "like",
    NotificationKind.REPOST: "repost",
    NotificationKind.LIST_ADD: "list",
    NotificationKind.NEW_POST: "new post",
    NotificationKind.OTHER: "other",
}

_VERBS: dict[NotificationKind, str] = {
    NotificationKind.LIKE: "liked your post",
    NotificationKind.REPOST: "reposted your post",
    NotificationKind.FOLLOW: "followed you",
    NotificationKind.LIST_ADD: "added you to a list",
}


# Kinds whose row shows the post the person wrote.
_THEIR_WORDS = (
    NotificationKind.MENTION,
    NotificationKind.REPLY,
    NotificationKind.QUOTE,
    NotificationKind.NEW_POST,
)


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
    if note.kind in _THEIR_WORDS:
        text = row.post.text if row.post else "(post not cached yet)"
        marker = label_marker(row.post.labels) if row.post else ""
        return f"{marker} " * bool(marker) + clean_text(text, single_line=True)
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
    if row.notification.snoozed and row.notification.state is TriageState.NEW:
        return "z"  # back from a snooze
    if is_new(row):
        return "●" if unicode else "*"
    return " "


def render_row(
    row: InboxRow,
    width: int,
    now: datetime,
    style: Callable[[str], Style],
    tag: str = "",
    tag_width: int = 0,
) -> Strip:
    """One inbox line of exactly ``width`` cells; ``style`` gives the list's
    component styles (``inbox-list--who``, ...). With ``tag_width``, a column
    that width says whose account the row belongs to (``tag``, in words)."""
    # Segments are built directly: laying each row out through Rich Text
    # (assemble, truncate, render) cost ~5x more, and the first frame lays
    # out every visible row. The result is the same segments Text made.
    who_width = max(12, min(32, width // 4))
    time_width = 4
    account_width = tag_width + 1 if tag_width else 0
    rest = max(width - 2 - 9 - who_width - 1 - time_width - 1 - account_width, 0)
    who_style = style("inbox-list--who")
    # The time sits before the names and text: terminals disagree about the
    # width of some emoji sequences, and a column after them would wobble.
    when = f"{ago(row.notification.created_at, now):>{time_width}} "
    parts: list[tuple[str, Style | None]] = [
        (f"{mark(row)} ", style("inbox-list--new")),
        (_fit(kind_label(row), 8), style("inbox-list--kind")),
        (" ", None),
        (when, style("inbox-list--time")),
    ]
    if tag_width:
        parts += [(_fit(tag, tag_width), style("inbox-list--account")), (" ", None)]
    if len(row.group_actors) > 1:
        # "Ana, Bo and 3 others liked your post: ..." reads as one sentence,
        # cut as a whole; the names keep their style up to the cut.
        names = strip_control_codes(who(row))
        sentence = _fit(f"{names} {strip_control_codes(body(row))}", who_width + 1 + rest)
        named = len(names) if len(names) < len(sentence) else len(sentence)
        parts += [(sentence[:named], who_style), (sentence[named:], None)]
    else:
        parts += [
            (fit_person(row.actor, who_width), who_style),
            (" ", None),
            (_fit(body(row), rest), None),
        ]
    return Strip(_segments(parts)).adjust_cell_length(width)


def fit_person(person: Person | None, width: int) -> str:
    """ "Name @handle" in exactly ``width`` cells. When both do not fit, each
    is cut with an ellipsis and the handle keeps at least half the room (or
    all it needs): it tells two people of one name apart, and a long name
    must not shrink it to ``@…``."""
    if person is None:
        return _fit("someone", width)
    name = strip_control_codes(clean_text(person.name, single_line=True))
    handle = strip_control_codes(handle_text(person.handle))
    whole = f"{name} {handle}" if name else handle
    if not name or cell_len(whole) <= width:
        return _fit(whole, width)
    # The name keeps at least two cells ("A…"): dropped, it would be cut silently.
    handle_room = min(cell_len(handle), max(width // 2, width - 1 - cell_len(name)), width - 3)
    name_room = width - 1 - handle_room
    return _fit(f"{_fit(name, name_room).rstrip()} {_fit(handle, handle_room)}", width)


def _fit(value: str, width: int) -> str:
    """``value`` cut (with an ellipsis) or padded to exactly ``width`` cells, wide
    characters counted: what Rich's ``Text.truncate(overflow="ellipsis", pad=True)`` does."""
    value = strip_control_codes(value)
    length = cell_len(value)
    if length > width:
        return set_cell_size(value, width - 1) + "…"
    return value + " " * (width - length)


def _segments(parts: list[tuple[str, Style | None]]) -> list[Segment]:
    """One segment per styled part, and unstyled neighbours run together, as
    Rich's ``Text.render`` splits a line at its spans."""
    out: list[Segment] = []
    plain = ""
    for text, style in parts:
        if not text:
            continue
        if style:
            if plain:
                out.append(Segment(plain, _NULL))
                plain = ""
            out.append(Segment(text, style))
        else:
            plain += text
    if plain:
        out.append(Segment(plain, _NULL))
    return out


_NULL = Style.null()
