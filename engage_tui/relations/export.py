"""The relationship memory out of engage and back in: JSON (lossless) and CSV.

JSON holds everything ``Store.export_relationships`` returns (the people it
names, the watchlist, notes, tags, interactions) with times as ISO 8601 UTC
to the microsecond, so export -> import into a fresh store -> export gives
the same bytes. CSV is one table for spreadsheets: a ``record`` column says
whether a row is an interaction, a note, a tag or a prospect.

Every person carries their ``accounts``: the ids of every account linked
with theirs as one person, their own first among them (only their own when
not linked); a CSV row's ``person`` column names the person by its first
account. A file without ``accounts`` (written before links) links nobody.

Every person carries their network (``x`` or ``bluesky``), and so does every
prospect and every CSV row: an X person and a Bluesky person are two people,
told apart by their ids. A file without networks (written before Bluesky)
is read as X.

Both are safe to print to a terminal: JSON writes control characters as
escapes, and CSV drops them (a note may hold an OSC 52 sequence that writes
the clipboard). CSV cells that a spreadsheet would run as a formula get a
leading ``'`` (the OWASP advice for CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import (
    ActionKind,
    Direction,
    Interaction,
    NotificationKind,
    Person,
    Prospect,
)
from engage_tui.store.relationship_results import NoteRecord, RelationshipData
from engage_tui.text.safe import clean_text, terminal_json

FORMAT_NAME = "engage-relationships"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "record",
    "person_id",
    "handle",
    "network",
    "name",
    "direction",
    "kind",
    "at",
    "post_id",
    "text",
    "last_engaged_at",
    "person",
)


class ExportFormatError(ValueError):
    """A file engage cannot import; the message says what is wrong with it."""


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# Exactly what ``_iso`` writes: UTC, to the microsecond, ending in Z. Any
# other spelling of a time (an offset, a date alone, year 0) is not one
# engage wrote, and would not export back as it was read.
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z", re.ASCII)
_TIME_HINT = "engage writes times like 2026-11-20T14:00:00.000000Z"


def _dt(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ExportFormatError(f"{where}: expected a time like 2026-11-20T14:00:00.000000Z")
    try:
        if not _TIME.fullmatch(value):
            raise ValueError(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:  # year 0, month 13, February 30
        raise ExportFormatError(
            f"{where}: {_shown(value)} is not a time engage can store ({_TIME_HINT})"
        ) from None


def _opt_dt(value: Any, where: str) -> datetime | None:
    return None if value is None else _dt(value, where)


def _shown(value: Any) -> str:
    """A bad value, quoted and escaped for a message, and never a page long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(x: dict[str, Any], key: str, where: str, *, default: str | None = None) -> str:
    """A string field; None or absent gives ``default`` (required when that is None)."""
    value = x.get(key)
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        wanted = "a string" if default is None else "a string or null"
        raise ExportFormatError(f"{where}.{key}: expected {wanted}, not {_shown(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, written as "\ud800" in the file
        raise ExportFormatError(f"{where}.{key}: holds a broken character") from None
    return value


# Bluesky's at:// URIs are the longest ids engage stores: a DID (up to 2 KB),
# a collection and a record key.
_MAX_ID = 3000


def _post_id(x: dict[str, Any], key: str, where: str) -> str | None:
    """A post's id as engage writes it (null or a string: an X id, an at://
    URI, a Mastodon status key): one printable word of a sane length."""
    value = x.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= _MAX_ID
        or not value.isprintable()
        or value.split() != [value]
    ):
        raise ExportFormatError(
            f"{where}.{key}: {_shown(value)} is not a post id "
            f"(engage writes null or one printable word of at most {_MAX_ID} characters)"
        )
    return value


def _person_ref(
    x: dict[str, Any], where: str, networks: dict[str, str], *, required: bool = True
) -> str | None:
    """The ``person_id`` of a note, tag, interaction or prospect: one of the
    file's people, as engage writes every person it names among them (one
    missing would be shown by its id, as if that were a handle)."""
    value = x.get("person_id")
    if value is None and not required:
        return None
    if value is None:
        raise ExportFormatError(f"{where}.person_id: missing")
    if not isinstance(value, str) or value not in networks:
        raise ExportFormatError(
            f"{where}.person_id: {_shown(value)} is not among the file's people"
        )
    return value


_MAX_COUNT = 2**63 - 1  # SQLite's largest integer


def _count(x: dict[str, Any], key: str, where: str) -> int | None:
    value = x.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_COUNT:
        raise ExportFormatError(
            f"{where}.{key}: expected a whole number of at least 0, not {_shown(value)}"
        )
    return value


def _flag(x: dict[str, Any], key: str, where: str) -> bool:
    value = x.get(key, False)
    if not isinstance(value, bool):
        raise ExportFormatError(f"{where}.{key}: expected true or false, not {_shown(value)}")
    return value


def _network(x: dict[str, Any], where: str) -> str:
    """The record's network: absent or null is X's, the registry's first
    (files from before Bluesky)."""
    from engage_tui.relations.handles import ORIGINAL, parse_network, unknown_network

    value = x.get("network")
    if value is None:
        return ORIGINAL
    if not isinstance(value, str):
        raise ExportFormatError(f"{where}.network: expected a string or null, not {_shown(value)}")
    network = parse_network(value)
    if network is None:
        raise ExportFormatError(f"{where}.network: {unknown_network(value)}")
    return network


def _handle(x: dict[str, Any], key: str, where: str, network: str, *, required: bool) -> str | None:
    from engage_tui.relations.handles import check_handle, not_a_handle

    raw = x.get(key)
    if raw is None and not required:
        return None
    text = _text(x, key, where)
    handle = check_handle(text, network)
    if handle is None:
        raise ExportFormatError(f"{where}.{key}: {not_a_handle(text, network)}")
    return handle


def _records(doc: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """The objects of the list ``key`` (absent or null: none), each with where it is."""
    items = doc.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        raise ExportFormatError(f'"{key}" must be a list, not {_shown(items)}')
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ExportFormatError(f"{key}[{n}] must be an object, not {_shown(item)}")
        out.append((f"{key}[{n}]", item))
    return out


# --- JSON ------------------------------------------------------------------------------
def _prospect_network(p: Prospect, networks: dict[str, str]) -> str | None:
    """A watched person's network, or a pending handle's (its shape says it)."""
    from engage_tui.relations.prospects import handle_network

    if p.person_id:
        return networks.get(p.person_id)
    return handle_network(p.pending_handle or "")


def _accounts(data: RelationshipData) -> dict[str, list[str]]:
    """Each linked account's person, as the ids of its accounts in link order."""
    return {account: list(group) for group in data.links for account in group}


def to_json(data: RelationshipData, since: datetime | None = None) -> str:
    networks = {p.id: p.network for p in data.people}
    accounts = _accounts(data)
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "since": _iso(since),
        "people": [
            {
                "id": p.id,
                "network": p.network,
                "handle": p.handle,
                "name": p.name,
                "bio": p.bio,
                "followers_count": p.followers_count,
                "protected": p.protected,
                "seen_at": _iso(p.seen_at),
                "accounts": accounts.get(p.id, [p.id]),
            }
            for p in data.people
        ],
        "prospects": [
            {
                "person_id": p.person_id or None,
                "network": _prospect_network(p, networks),
                "pending_handle": p.pending_handle,
                "added_at": _iso(p.added_at),
                "last_engaged_at": _iso(p.last_engaged_at),
                "notes": p.notes,
                "tags": list(p.tags),
            }
            for p in data.prospects
        ],
        "notes": [
            {"person_id": n.person_id, "notes": n.notes, "updated_at": _iso(n.updated_at)}
            for n in data.notes
        ],
        "tags": [{"person_id": pid, "tag": tag} for pid, tag in data.tags],
        "interactions": [
            {
                "person_id": i.person_id,
                "direction": i.direction.value,
                "kind": i.kind,
                "at": _iso(i.at),
                "post_id": i.post_id,
                "text": i.text,
            }
            for i in data.interactions
        ],
    }
    return terminal_json(doc) + "\n"


def from_json(text: str) -> RelationshipData:
    """Parse an export; raises ExportFormatError naming the first thing wrong.

    Every field is checked before anything is written against what engage
    itself writes there (types, ranges, the exact form of a time, ids, tags,
    and people named only if the file holds them), so a file edited by hand,
    or made to do harm, is refused whole with a message naming the record
    instead of reaching the database (or a request URL, for a handle)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportFormatError(f"not JSON (line {err.lineno}: {err.msg})") from None
    except RecursionError:
        raise ExportFormatError("not JSON engage can read (nested too deeply)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ExportFormatError(f'not an engage export (no "format": "{FORMAT_NAME}")')
    version = doc.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ExportFormatError(
            f"export version {_shown(version)}; this engage reads version {FORMAT_VERSION}"
        )
    people = tuple(_person(x, where) for where, x in _records(doc, "people"))
    _one_person_per_handle(people)
    networks = {p.id: p.network for p in people}
    prospects = tuple(_prospect(x, where, networks) for where, x in _records(doc, "prospects"))
    return RelationshipData(
        people=people,
        prospects=prospects,
        notes=tuple(
            NoteRecord(
                _person_ref(x, where, networks) or "",
                _text(x, "notes", where),
                _dt(x.get("updated_at"), f"{where}.updated_at"),
            )
            for where, x in _records(doc, "notes")
        ),
        tags=tuple(
            (_person_ref(x, where, networks) or "", _tag(x.get("tag"), f"{where}.tag"))
            for where, x in _records(doc, "tags")
        ),
        interactions=tuple(
            _interaction(x, where, networks) for where, x in _records(doc, "interactions")
        ),
        links=_links(_records(doc, "people"), networks),
    )


def _links(
    records: list[tuple[str, dict[str, Any]]], networks: dict[str, str]
) -> tuple[tuple[str, ...], ...]:
    """The people of several accounts the file's ``accounts`` lists name:
    each list must hold the person's own id and only ids of the file's people."""
    groups: dict[str, tuple[str, ...]] = {}
    for where, x in records:
        if "accounts" not in x:
            continue
        value = x["accounts"]
        own = x.get("id")
        if not isinstance(value, list) or own not in value:
            raise ExportFormatError(
                f"{where}.accounts: {_shown(value)} is not a list of account ids "
                "holding the person's own id"
            )
        for n, account in enumerate(value):
            if not isinstance(account, str) or account not in networks:
                raise ExportFormatError(
                    f"{where}.accounts[{n}]: {_shown(account)} is not a person in this file"
                )
        group = tuple(dict.fromkeys(value))
        for account in group:
            if account in groups and groups[account] != group:
                raise ExportFormatError(
                    f"{where}.accounts: {_shown(account)} is already another person's "
                    "account in this file"
                )
        if len(group) > 1:
            groups.update((account, group) for account in group)
    return tuple(dict.fromkeys(groups.values()))


def _person_id(x: dict[str, Any], where: str, network: str) -> str:
    """A person's id as engage writes it: a string of the network's shape."""
    from engage_tui.platforms.handles import is_person_id

    value = x.get("id")
    if not isinstance(value, str) or not is_person_id(value, network):
        raise ExportFormatError(
            f"{where}.id: {_shown(value)} is not a person id on {network} "
            "(engage writes X ids as strings of digits and Bluesky ids as did:...)"
        )
    return value


def _one_person_per_handle(people: tuple[Person, ...]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for n, person in enumerate(people):
        key = (person.network, person.handle.lower())
        if key in seen and seen[key] != person.id:
            raise ExportFormatError(
                f"people[{n}].handle: @{person.handle} is already the handle of "
                f"person {_shown(seen[key])} in this file"
            )
        seen[key] = person.id


def _person(x: dict[str, Any], where: str) -> Person:
    network = _network(x, where)
    return Person(
        id=_person_id(x, where, network),
        handle=_handle(x, "handle", where, network, required=True) or "",
        name=_text(x, "name", where, default=""),
        network=network,
        bio=_text(x, "bio", where, default=""),
        followers_count=_count(x, "followers_count", where),
        protected=_flag(x, "protected", where),
        seen_at=_opt_dt(x.get("seen_at"), f"{where}.seen_at"),
    )


def _tag(value: Any, where: str) -> str:
    """A tag as engage stores one (see ``is_tag``)."""
    from engage_tui.store.relationships import is_tag

    if not isinstance(value, str):
        raise ExportFormatError(f"{where}: expected a string, not {_shown(value)}")
    if not is_tag(value):
        raise ExportFormatError(
            f"{where}: {_shown(value)} is not a tag engage stores "
            "(one lower-case word: no spaces, commas or control characters)"
        )
    return value


def _prospect(x: dict[str, Any], where: str, networks: dict[str, str]) -> Prospect:
    person_id = _person_ref(x, where, networks, required=False)
    network = _network(x, where)
    if person_id and x.get("network") is not None and networks.get(person_id, network) != network:
        raise ExportFormatError(
            f"{where}.network: {network}, but person {_shown(person_id)} is on "
            f"{networks[person_id]}"
        )
    pending = _handle(x, "pending_handle", where, network, required=False)
    if not person_id and not pending:
        raise ExportFormatError(f"{where}: needs a person_id or a pending_handle")
    tags = x.get("tags")
    if tags is not None and not isinstance(tags, list):
        raise ExportFormatError(f"{where}.tags: expected a list of strings, not {_shown(tags)}")
    notes = _text(x, "notes", where, default="")
    if person_id and (pending or notes or tags):
        # engage keeps a watched person's notes and tags in "notes" and
        # "tags"; these fields are for a handle still to be looked up, and
        # would be dropped here without a word.
        field = "pending_handle" if pending else "notes" if notes else "tags"
        raise ExportFormatError(
            f"{where}.{field}: only a prospect without a person_id has one "
            '(a person\'s notes and tags go in "notes" and "tags")'
        )
    return Prospect(
        person_id=person_id or "",
        added_at=_dt(x.get("added_at"), f"{where}.added_at"),
        notes=notes,
        last_engaged_at=_opt_dt(x.get("last_engaged_at"), f"{where}.last_engaged_at"),
        pending_handle=pending,
        tags=tuple(_tag(t, f"{where}.tags[{n}]") for n, t in enumerate(tags or ())),
    )


# What engage itself records: what a network reported (inbound) and what the
# owner did (outbound, a thank being a reply that thanks).
_KINDS = {
    Direction.INBOUND: frozenset(k.value for k in NotificationKind),
    Direction.OUTBOUND: frozenset(
        {ActionKind.REPLY, ActionKind.LIKE, ActionKind.REPOST, ActionKind.POST, "thank"}
    ),
}


def _kind(x: dict[str, Any], where: str, direction: Direction) -> str:
    kind = _text(x, "kind", where)
    known = _KINDS[direction]
    if kind not in known:
        raise ExportFormatError(
            f"{where}.kind: {_shown(kind)} is not a kind engage records "
            f"({direction.value}: {', '.join(sorted(known))})"
        )
    return kind


def _interaction(x: dict[str, Any], where: str, networks: dict[str, str]) -> Interaction:
    try:
        direction = Direction(str(x.get("direction")))
    except ValueError:
        raise ExportFormatError(f"{where}.direction: must be inbound or outbound") from None
    text = x.get("text")
    return Interaction(
        person_id=_person_ref(x, where, networks) or "",
        direction=direction,
        kind=_kind(x, where, direction),
        at=_dt(x.get("at"), f"{where}.at"),
        post_id=_post_id(x, "post_id", where),
        text=None if text is None else _text(x, "text", where),
    )


# --- CSV -----------------------------------------------------------------------------
# A spreadsheet runs a cell starting with these as a formula (tab and CR too,
# as some of them skip leading whitespace before looking).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: str) -> str:
    """``value`` as a CSV cell: no terminal control characters, and never a formula."""
    cell = clean_text(value)
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


class _SafeWriter:
    """A csv writer whose every cell passes through ``csv_cell``; every row
    has all the columns, so a spreadsheet's filters see a clean table."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[str | None]) -> None:
        cells = [csv_cell(cell or "") for cell in row]
        self._writer.writerow(cells + [""] * (len(CSV_COLUMNS) - len(cells)))


def to_csv(data: RelationshipData) -> str:
    people = {p.id: p for p in data.people}
    accounts = _accounts(data)
    networks = {p.id: p.network for p in data.people}
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(CSV_COLUMNS)

    def who(pid: str) -> list[str]:
        p = people.get(pid)
        return [pid, p.handle, p.network, p.name] if p else [pid, "", "", ""]

    def person(pid: str | None) -> str:
        """The person a row is about, named by its first account."""
        return accounts.get(pid, [pid])[0] if pid else ""

    for p in data.prospects:
        pending = ["", p.pending_handle or "", _prospect_network(p, networks) or "", ""]
        row = who(p.person_id) if p.person_id else pending
        writer.writerow(
            [
                "prospect",
                *row,
                "",
                "",
                _iso(p.added_at),
                "",
                p.notes,
                _iso(p.last_engaged_at),
                person(p.person_id),
            ]
        )
    for note in data.notes:
        writer.writerow(
            [
                "note",
                *who(note.person_id),
                "",
                "",
                _iso(note.updated_at),
                "",
                note.notes,
                "",
                person(note.person_id),
            ]
        )
    for pid, tag in data.tags:
        writer.writerow(["tag", *who(pid), "", "", "", "", tag, "", person(pid)])
    for i in data.interactions:
        writer.writerow(
            [
                "interaction",
                *who(i.person_id),
                i.direction.value,
                i.kind,
                _iso(i.at),
                i.post_id or "",
                i.text or "",
                "",
                person(i.person_id),
            ]
        )
    return out.getvalue()
