"""Reading a list of X handles to watch: one a line, or a CSV with ``handle``
and (optionally) ``notes`` columns. Tolerates a UTF-8 BOM, blank lines, a
leading ``@``, spaces and a header row. Bad rows are reported by line number
and never stop the good ones."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")


@dataclass(frozen=True, slots=True)
class HandleRow:
    line: int
    handle: str  # without @, as written
    notes: str = ""


@dataclass(slots=True)
class HandleList:
    rows: list[HandleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: ..."


def check_handle(raw: str) -> str | None:
    """The handle without @ and spaces, or None when it cannot be an X handle."""
    handle = raw.strip().lstrip("@").strip()
    return handle if HANDLE.match(handle) else None


def parse_handles(text: str) -> HandleList:
    text = text.removeprefix("\ufeff")
    out = HandleList()
    reader = csv.reader(io.StringIO(text))
    handle_col, notes_col = 0, None
    seen: set[str] = set()
    first = True
    for record in reader:
        line = reader.line_num
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if first:
            first = False
            lowered = [c.lower().lstrip("\ufeff") for c in cells]
            if "handle" in lowered or "username" in lowered:
                handle_col = lowered.index("handle" if "handle" in lowered else "username")
                notes_col = lowered.index("notes") if "notes" in lowered else None
                continue
        raw = cells[handle_col] if handle_col < len(cells) else ""
        handle = check_handle(raw)
        if handle is None:
            shown = raw or "(empty)"
            out.problems.append(
                f"line {line}: {shown!r} is not an X handle (letters, digits and _, up to 15)"
            )
            continue
        if handle.lower() in seen:
            out.problems.append(f"line {line}: @{handle} is listed twice; kept the first")
            continue
        seen.add(handle.lower())
        notes = cells[notes_col] if notes_col is not None and notes_col < len(cells) else ""
        out.rows.append(HandleRow(line, handle, notes))
    return out
