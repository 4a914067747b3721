"""The relationship memory out of engage and back in: JSON (lossless) and CSV.

JSON holds everything ``Store.export_relationships`` returns (the people it
names, the watchlist, notes, tags, interactions) with times as ISO 8601 UTC
to the microsecond, so export -> import into a fresh store -> export gives
the same bytes. CSV is one table for spreadsheets: a ``record`` column says
whether a row is an interaction, a note, a tag or a prospect.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from engage_tui.domain import Direction, Interaction, Person, Prospect
from engage_tui.store.relationship_results import NoteRecord, RelationshipData

FORMAT_NAME = "engage-relationships"
FORMAT_VERSION = 1
CSV_COLUMNS = (
    "record",
    "person_id",
    "handle",
    "name",
    "direction",
    "kind",
    "at",
    "post_id",
    "text",
    "last_engaged_at",
)


class ExportFormatError(ValueError):
    """A file engage cannot import; the message says what is wrong with it."""


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _dt(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ExportFormatError(f"{where}: expected a time like 2026-11-20T14:00:00.000000Z")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ExportFormatError(f"{where}: {value!r} is not a time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _opt_dt(value: Any, where: str) -> datetime | None:
    return None if value is None else _dt(value, where)


# --- JSON ------------------------------------------------------------------------------
def to_json(data: RelationshipData, since: datetime | None = None) -> str:
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
            }
            for p in data.people
        ],
        "prospects": [
            {
                "person_id": p.person_id or None,
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
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str) -> RelationshipData:
    """Parse an export; raises ExportFormatError naming the first thing wrong."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportFormatError(f"not JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise ExportFormatError(f'not an engage export (no "format": "{FORMAT_NAME}")')
    if doc.get("version") != FORMAT_VERSION:
        raise ExportFormatError(
            f"export version {doc.get('version')!r}; this engage reads version {FORMAT_VERSION}"
        )
    try:
        return RelationshipData(
            people=tuple(_person(p) for p in doc.get("people", [])),
            prospects=tuple(
                _prospect(p, f"prospects[{n}]") for n, p in enumerate(doc.get("prospects", []))
            ),
            notes=tuple(
                NoteRecord(
                    str(x["person_id"]), str(x["notes"]), _dt(x["updated_at"], f"notes[{n}]")
                )
                for n, x in enumerate(doc.get("notes", []))
            ),
            tags=tuple((str(x["person_id"]), str(x["tag"])) for x in doc.get("tags", [])),
            interactions=tuple(
                _interaction(x, f"interactions[{n}]")
                for n, x in enumerate(doc.get("interactions", []))
            ),
        )
    except (KeyError, TypeError) as err:
        raise ExportFormatError(f"a record lacks a field or has the wrong shape ({err})") from None


def _person(x: dict[str, Any]) -> Person:
    return Person(
        id=str(x["id"]),
        handle=str(x["handle"]),
        name=str(x.get("name") or ""),
        network=str(x.get("network") or "x"),
        bio=str(x.get("bio") or ""),
        followers_count=x.get("followers_count"),
        protected=bool(x.get("protected", False)),
        seen_at=_opt_dt(x.get("seen_at"), f"people {x['id']}"),
    )


def _prospect(x: dict[str, Any], where: str) -> Prospect:
    if not x.get("person_id") and not x.get("pending_handle"):
        raise ExportFormatError(f"{where}: needs a person_id or a pending_handle")
    return Prospect(
        person_id=str(x.get("person_id") or ""),
        added_at=_dt(x["added_at"], where),
        notes=str(x.get("notes") or ""),
        last_engaged_at=_opt_dt(x.get("last_engaged_at"), where),
        pending_handle=x.get("pending_handle"),
        tags=tuple(str(t) for t in x.get("tags", [])),
    )


def _interaction(x: dict[str, Any], where: str) -> Interaction:
    try:
        direction = Direction(x["direction"])
    except ValueError:
        raise ExportFormatError(f"{where}: direction must be inbound or outbound") from None
    return Interaction(
        person_id=str(x["person_id"]),
        direction=direction,
        kind=str(x["kind"]),
        at=_dt(x["at"], where),
        post_id=x.get("post_id"),
        text=x.get("text"),
    )


# --- CSV -----------------------------------------------------------------------------
def to_csv(data: RelationshipData) -> str:
    people = {p.id: p for p in data.people}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def who(pid: str) -> list[str]:
        p = people.get(pid)
        return [pid, p.handle if p else "", p.name if p else ""]

    for p in data.prospects:
        row = who(p.person_id) if p.person_id else ["", p.pending_handle or "", ""]
        writer.writerow(
            ["prospect", *row, "", "", _iso(p.added_at), "", p.notes, _iso(p.last_engaged_at)]
        )
    for note in data.notes:
        writer.writerow(
            ["note", *who(note.person_id), "", "", _iso(note.updated_at), "", note.notes]
        )
    for pid, tag in data.tags:
        writer.writerow(["tag", *who(pid), "", "", "", "", tag])
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
            ]
        )
    return out.getvalue()
