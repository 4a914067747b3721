"""Reading a list of handles to watch: one a line, or a CSV with ``handle``
and (optionally) ``notes`` and ``network`` columns. Tolerates a UTF-8 BOM,
blank lines, a leading ``@``, spaces and a header row. Bad rows are reported
by line number and never stop the good ones.

Column names are matched without regard to case or surrounding spaces
(``Handle`` is ``handle``; ``username`` is taken for ``handle``). A column
the header names but engage does not read is not an error: it is reported
(``HandleList.ignored``), with the column it was probably meant to be when
its name is close to one (``note`` for ``notes``), so a misspelt header does
not drop every note without a word.

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
import difflib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from engage_tui.platforms import registry
from engage_tui.platforms.handles import (
    NETWORKS,
    RULES,
    HandleRule,
    network_name,
    network_of_handle,
    sign_in_command,
)
from engage_tui.platforms.registry import ORIGINAL

__all__ = [
    "NETWORKS",
    "ORIGINAL",
    "HandleList",
    "HandleRow",
    "HandleRule",
    "IgnoredColumn",
    "check_handle",
    "handle_examples",
    "handle_rule",
    "ignored_columns",
    "network_label",
    "network_of_handle",
    "no_header",
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
    network: str = ORIGINAL


@dataclass(frozen=True, slots=True)
class IgnoredColumn:
    name: str  # the header cell as written (stripped); "" for a column with no name
    meant: str | None = None  # the column its name is close to ("notes" for "note")
    repeats: str | None = None  # the column read under an earlier name ("handle")


@dataclass(slots=True)
class HandleList:
    rows: list[HandleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 4: ..."
    ignored: list[IgnoredColumn] = field(default_factory=list)
    # With no header row: how many columns after the first hold cells (only
    # the first is read), and the first line's cell when it looks like a
    # misspelt header ("hanlde", read as a handle).
    unheaded: int = 0
    header_guess: IgnoredColumn | None = None


# The columns a header may name, each with the field it fills: ``username``
# is another name for the handle.
_COLUMNS = {"handle": "handle", "username": "handle", "notes": "notes", "network": "network"}
# How close a name must be to a column's (difflib's ratio) to be offered as a
# "did you mean": "note" and "hanlde" are (0.8 and more); "name" is not
# "username" (0.67).
_NEAR_MISS = 0.75
# A column name is shown whole up to this many characters of its repr, and
# a header of a thousand columns does not print a thousand names.
_NAME_CHARS = 40
_NAMES_SHOWN = 10


def handle_rule(network: str = ORIGINAL) -> HandleRule:
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


def handle_examples() -> str:
    """One handle on each network, for a prompt: "@ana_b on X, or @ana.bsky.social on Bluesky"."""
    return ", or ".join(f"@{n.handle_example} on {n.display_name}" for n in registry.NETWORKS)


# The network's name for people ("X", "Bluesky"); an unknown one as stored.
network_label = network_name


def check_handle(raw: str, network: str = ORIGINAL) -> str | None:
    """The handle without @ and spaces, or None when it cannot be one on ``network``."""
    return handle_rule(network).check(raw)


def not_a_handle(raw: str, network: str = ORIGINAL) -> str:
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


def _quoted(raw: str) -> str:
    """``raw`` quoted and escaped (a control character reads as ``\\x1b``),
    and never a page long."""
    shown = repr(raw[:_NAME_CHARS])
    if len(raw) > _NAME_CHARS or len(shown) > _NAME_CHARS:
        shown = shown[: _NAME_CHARS - 3] + "..."
    return shown


def ignored_columns(columns: list[IgnoredColumn]) -> str:
    """The message naming the columns an import did not read, each quoted and
    escaped, with what it was probably meant to be."""
    shown = []
    for column in columns[:_NAMES_SHOWN]:
        if not column.name:
            shown.append("a column with no name")
        elif column.repeats:
            shown.append(
                f"{_quoted(column.name)} (another {column.repeats} column; the first is read)"
            )
        elif column.meant:
            shown.append(f"{_quoted(column.name)} (did you mean {column.meant!r}?)")
        else:
            shown.append(_quoted(column.name))
    if len(columns) > _NAMES_SHOWN:
        shown.append(f"and {len(columns) - _NAMES_SHOWN} more")
    return (
        f"Columns ignored: {', '.join(shown)}. "
        "engage reads handle (or username), notes and network."
    )


def no_header(parsed: HandleList) -> str:
    """The message for a file with no header row whose rows hold more than a
    handle, or whose first line looks like a misspelt header."""
    said = []
    if parsed.header_guess is not None:
        guess = parsed.header_guess
        said.append(
            f"The first line was read as a handle, not a header: "
            f"did you mean {guess.meant!r} for {_quoted(guess.name)}?"
        )
    if parsed.unheaded:
        plural = "s were" if parsed.unheaded != 1 else " was"
        said.append(
            f"Only the first column was read, as handles: with no header row, "
            f"{parsed.unheaded} other column{plural} ignored. To import notes or networks, "
            "name the columns in the first row: handle,notes,network."
        )
    return " ".join(said)


def _ignored(header: list[str], read: dict[int, str], filled: set[int]) -> list[IgnoredColumn]:
    """The header's columns outside ``read`` (index -> field); an unnamed one
    (a spreadsheet's trailing comma) only when some row has a cell in it."""
    fields = set(read.values())
    # Only a column the file does not have yet is worth suggesting.
    free = [name for name, target in _COLUMNS.items() if target not in fields]
    out = []
    for index in sorted(set(range(len(header))) | filled):
        if index in read:
            continue
        name = header[index] if index < len(header) else ""
        if not name:
            if index in filled:
                out.append(IgnoredColumn(""))
            continue
        lowered = name.lower().lstrip("\ufeff")  # as the header was read
        if (repeats := _COLUMNS.get(lowered)) in fields:
            out.append(IgnoredColumn(name, repeats=repeats))
            continue
        meant = difflib.get_close_matches(lowered, free, n=1, cutoff=_NEAR_MISS)
        out.append(IgnoredColumn(name, meant[0] if meant else None))
    return out


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


def parse_handles(text: str, network: str = ORIGINAL) -> HandleList:
    """The rows of ``text``; ``network`` is for rows without a network of their own."""
    handle_rule(network)  # a KeyError here is the caller's mistake, not the file's
    text = text.removeprefix("\ufeff")
    out = HandleList()
    handle_col, notes_col, network_col, record_col = 0, None, None, None
    seen: set[tuple[str, str]] = set()
    first = True
    header: list[str] | None = None
    filled: set[int] = set()  # columns with a cell in some row after the header (if any)
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
                # An export's other columns are for `engage import`: not reported.
                header = None if record_col is not None else cells
                continue
            meant = difflib.get_close_matches(
                lowered[0], ["handle", "username"], n=1, cutoff=_NEAR_MISS
            )
            out.header_guess = IgnoredColumn(cells[0], meant[0]) if meant else None
        filled.update(i for i, cell in enumerate(cells) if cell)
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
    if header is not None:
        read = {handle_col: "handle"}
        read.update({notes_col: "notes"} if notes_col is not None else {})
        read.update({network_col: "network"} if network_col is not None else {})
        out.ignored = _ignored(header, read, filled)
    elif record_col is None:
        out.unheaded = len(filled - {0})
    return out
