"""Reading a list of handles to watch: one a line, or a CSV with ``handle``
and (optionally) ``notes`` and ``network`` columns. Tolerates a UTF-8 BOM,
blank lines, a leading ``@``, spaces and a header row. Bad rows are reported
by line number and never stop the good ones.

A row's network is its ``network`` cell (``x`` or ``bluesky``), else the
one the caller gives (``engage prospects import --network``), else X. The
same handle text on two networks would be two people, so a handle is
"listed twice" only on the same network.

A CSV written by ``engage export --format csv`` can be read too: its
``record`` column marks the prospect rows, and only those are taken (with
their ``text`` as the notes).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from engage_tui.platforms.handles import (
    NETWORKS,
    RULES,
    HandleRule,
    network_name,
    network_of_handle,
    sign_in_command,
)

__all__ = [
    "NETWORKS",
    "HandleList",
    "HandleRow",
    "HandleRule",
    "check_handle",
    "handle_rule",
    "network_label",
    "network_of_handle",
    "not_a_handle",
    "parse_handles",
    "parse_network",
    "sign_in_command",
    "unknown_network",
]


@dataclass(frozen=True, slots=True)
class HandleRow:
    line: int
    handle: str  # without @, as the network's rule gives it back
    notes: str = ""
    network: str = "x"


@dataclass(slots=True)
class HandleList:
    rows: list[HandleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: ..."


def handle_rule(network: str = "x") -> HandleRule:
    """The rule of ``network``; raises KeyError for a network engage does not know."""
    return RULES[network]


def unknown_network(raw: object) -> str:
    """The message for a network name engage does not know; ``raw`` is shown
    quoted and escaped, and never a page long."""
    shown = repr(raw)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{shown} is not a network engage knows (use {' or '.join(NETWORKS)})"


def parse_network(raw: str) -> str | None:
    """A network as a person writes it (``X``, `` bluesky ``), or None when
    engage does not know it."""
    name = raw.strip().lower()
    return name if name in RULES else None


# The network's name for people ("X", "Bluesky"); an unknown one as stored.
network_label = network_name


def check_handle(raw: str, network: str = "x") -> str | None:
    """The handle without @ and spaces, or None when it cannot be one on ``network``."""
    return handle_rule(network).check(raw)


def not_a_handle(raw: str, network: str = "x") -> str:
    """The message for a handle refused by ``network``'s rule; ``raw`` is shown
    quoted and escaped, never as the terminal would read it. When another
    network would take it, the message says how to import it as that one."""
    rule = handle_rule(network)
    article = "an" if rule.display_name[:1] in "AEIOUX" else "a"  # "an X handle"
    message = f"{raw!r} is not {article} {rule.display_name} handle ({rule.hint})"
    other = network_of_handle(raw)
    if other is not None and other != network:
        message += f"; if it is on {network_label(other)}, give the network as {other}"
    return message


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


def parse_handles(text: str, network: str = "x") -> HandleList:
    """The rows of ``text``; ``network`` is for rows without a network of their own."""
    handle_rule(network)  # a KeyError here is the caller's mistake, not the file's
    text = text.removeprefix("\ufeff")
    out = HandleList()
    handle_col, notes_col, network_col, record_col = 0, None, None, None
    seen: set[tuple[str, str]] = set()
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
                network_col = lowered.index("network") if "network" in lowered else None
                record_col = lowered.index("record") if "record" in lowered else None
                notes_name = "text" if record_col is not None else "notes"
                notes_col = lowered.index(notes_name) if notes_name in lowered else None
                continue
        if record_col is not None and (cells[record_col:] or [""])[0] != "prospect":
            continue  # an export's interaction, note or tag
        row_network = network
        written = cells[network_col] if network_col is not None and network_col < len(cells) else ""
        if written:
            named = parse_network(written)
            if named is None:
                out.problems.append(f"line {line}: {unknown_network(written)}")
                continue
            row_network = named
        raw = cells[handle_col] if handle_col < len(cells) else ""
        handle = check_handle(raw, row_network)
        if handle is None:
            shown = raw or "(empty)"
            out.problems.append(f"line {line}: {not_a_handle(shown, row_network)}")
            continue
        key = (row_network, handle.lower())
        if key in seen:
            out.problems.append(f"line {line}: @{handle} is listed twice; kept the first")
            continue
        seen.add(key)
        notes = cells[notes_col] if notes_col is not None and notes_col < len(cells) else ""
        out.rows.append(HandleRow(line, handle, notes, row_network))
    return out
