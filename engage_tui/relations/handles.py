"""Reading a list of X handles to watch: one a line, or a CSV with ``handle``
and (optionally) ``notes`` columns. Tolerates a UTF-8 BOM, blank lines, a
leading ``@``, spaces and a header row. Bad rows are reported by line number
and never stop the good ones."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class HandleRow:
    line: int
    handle: str  # without @, as written
    notes: str = ""


@dataclass(slots=True)
class HandleList:
    rows: list[HandleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: ..."


@dataclass(frozen=True, slots=True)
class HandleRule:
    """One network's rule for handles, as its platform module states it."""

    network: str
    check: Callable[[str], str | None]  # the handle without @, or None
    hint: str  # what a handle may be, for messages


def handle_rule(network: str = "x") -> HandleRule:
    """The rule of ``network``; raises KeyError for a network engage does not know."""
    if network == "x":
        from engage_tui.platforms.x import handles as x_handles

        return HandleRule("x", x_handles.check_handle, x_handles.HANDLE_HINT)
    raise KeyError(network)


def check_handle(raw: str, network: str = "x") -> str | None:
    """The handle without @ and spaces, or None when it cannot be one on ``network``."""
    return handle_rule(network).check(raw)


def not_a_handle(raw: str, network: str = "x") -> str:
    """The message for a handle refused by ``network``'s rule; ``raw`` is shown
    quoted and escaped, never as the terminal would read it."""
    return f"{raw!r} is not an {network.upper()} handle ({handle_rule(network).hint})"


def _records(text: str, problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each CSV record. A record the csv module refuses
    (a quote never closed, a field over its 128 KB limit) is reported at the
    line where it starts, and reading goes on after it."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            end = reader.line_num
            lines = f"line {start}" if end <= start else f"lines {start}-{end}"
            if "field limit" in str(err):
                why = f"a field is longer than {csv.field_size_limit() // 1024} KB"
            elif "end of data" in str(err):
                why = "a quote opened on this line is never closed"
            else:
                why = f"a quote opened on this line is not closed where it should be ({err})"
            problems.append(f"line {start}: {why}; {lines} skipped")
            continue
        yield start, record


def parse_handles(text: str) -> HandleList:
    text = text.removeprefix("\ufeff")
    out = HandleList()
    handle_col, notes_col = 0, None
    seen: set[str] = set()
    first = True
    for line, record in _records(text, out.problems):
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
            out.problems.append(f"line {line}: {not_a_handle(shown)}")
            continue
        if handle.lower() in seen:
            out.problems.append(f"line {line}: @{handle} is listed twice; kept the first")
            continue
        seen.add(handle.lower())
        notes = cells[notes_col] if notes_col is not None and notes_col < len(cells) else ""
        out.rows.append(HandleRow(line, handle, notes))
    return out
