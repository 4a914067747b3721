"""`engage prospects add|remove|list|import`: the watchlist from the shell.

Handles the cache does not know yet wait as pending prospects; the next sync
of their network looks them up. Works offline: nothing here touches the network.

A handle is checked by its network's rule (``--network``, X unless said); a
person on X and a person on Bluesky are two people, even with the same name.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from engage_tui.cli.common import fail, load, open_store, say
from engage_tui.relations import prospects
from engage_tui.relations.handles import (
    check_handle,
    ignored_columns,
    network_label,
    no_header,
    not_a_handle,
    parse_handles,
)
from engage_tui.relations.prospects import Added
from engage_tui.text.safe import clean_text, terminal_json

EXIT_SOME_BAD = 1


def _store(args: argparse.Namespace):
    paths, config = load()
    database = paths.demo_dir / "engage.db" if getattr(args, "demo", False) else None
    return config, open_store(paths, database)


def run_prospects(args: argparse.Namespace) -> int:
    config, store = _store(args)
    try:
        if args.prospects_command == "add":
            return _add(store, args.handles, args.notes, args.network)
        if args.prospects_command == "remove":
            return _remove(store, args.handles)
        if args.prospects_command == "import":
            return _import(store, Path(args.file), args.network)
        return _list(store, config.stale_days, args.sort, args.json)
    finally:
        store.close()


class Tally:
    """What one command did to the watchlist, for its one summary line (the
    last line printed) and its exit status: 0 when every handle was taken,
    1 when some were refused."""

    def __init__(self) -> None:
        self.added = 0
        self.to_look_up = 0  # of those added, not in the cache yet
        self.already = 0
        self.noted = 0  # of those already there, with a new note kept
        self.refused = 0
        self.ignored_columns = 0  # of an imported CSV: reported, not an error
        self.removed = 0
        self.absent = 0  # asked to remove, not on the list

    def count(self, added: Added, known: bool) -> None:
        if added is Added.NEW:
            self.added += 1
            self.to_look_up += 0 if known else 1
        else:
            self.already += 1
            self.noted += added is Added.NOTED

    @property
    def status(self) -> int:
        return EXIT_SOME_BAD if self.refused or self.absent else 0

    def added_line(self) -> str:
        parts = [f"{self.added} added"]
        if self.to_look_up:
            parts[0] += f" ({self.to_look_up} to be looked up at the next sync)"
        if self.already:
            kept = " (new notes added to theirs)" if self.noted else ""
            parts.append(f"{self.already} already on the list{kept}")
        if self.refused:
            parts.append(f"{self.refused} refused (see above)")
        if self.ignored_columns:
            plural = "s" if self.ignored_columns != 1 else ""
            parts.append(f"{self.ignored_columns} column{plural} ignored (see above)")
        return "Prospects: " + ", ".join(parts) + "."

    def removed_line(self) -> str:
        line = f"Prospects: {self.removed} removed"
        if self.absent:
            line += f", {self.absent} not on the list (see above)"
        return line + "."


def _add(store, handles: list[str], notes: str, network: str) -> int:
    now = datetime.now(UTC)
    tally = Tally()
    for raw in handles:
        handle = check_handle(raw, network)
        if handle is None:
            say(f"engage: {not_a_handle(raw, network)}.")
            tally.refused += 1
            continue
        added = prospects.add_handle(store, handle, network, notes, now)
        known = prospects.known_on(store, handle, network) is not None
        tally.count(added, known)
        if added is Added.ALREADY:
            say(f"@{handle} is already on your prospects list.")
            continue
        if added is Added.NOTED:
            say(f"@{handle} is already on your prospects list; your note was added to theirs.")
            continue
        later = "" if known else " (looked up at the next sync)"
        say(f"Added @{handle}{later}.")
    say(tally.added_line())
    return tally.status


def _remove(store, handles: list[str]) -> int:
    tally = Tally()
    listing = store.prospects.listing()
    for raw in handles:
        handle = (check_handle(raw) or raw.strip().removeprefix("@")).lower()
        found = [
            p
            for p in listing
            if (p.person is not None and p.person.handle.lower() == handle)
            or (p.pending_handle or "").lower() == handle
        ]
        if not found:
            say(f"engage: @{handle} is not on your prospects list.")
            tally.absent += 1
            continue
        for p in found:
            prospects.remove(store, p, datetime.now(UTC))
        tally.removed += 1
        kept = " (your notes about them are kept)" if any(p.person_id for p in found) else ""
        say(f"Removed @{handle}{kept}.")
    say(tally.removed_line())
    return tally.status


def _import(store, path: Path, network: str) -> int:
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in a spreadsheet).")
    except OSError as err:
        fail(f"cannot read {path}: {err.strerror}")
    parsed = parse_handles(text, network)
    now = datetime.now(UTC)
    tally = Tally()
    for row in parsed.rows:
        added = prospects.add_handle(store, row.handle, row.network, row.notes, now)
        tally.count(added, prospects.known_on(store, row.handle, row.network) is not None)
    tally.refused = len(parsed.problems)
    tally.ignored_columns = len(parsed.ignored) + parsed.unheaded
    if parsed.ignored:
        say(ignored_columns(parsed.ignored))
    if parsed.unheaded or parsed.header_guess is not None:
        say(no_header(parsed))
    if parsed.problems:
        say(f"{len(parsed.problems)} line(s) refused; fix them and import the file again:")
        for problem in parsed.problems:
            say(f"  {problem}")
    if not parsed.rows and not parsed.problems:
        say(f"Prospects: {path} holds no handles; nothing added.")
    else:
        say(tally.added_line())
    return tally.status


def _list(store, stale_days: int, sort: str, as_json: bool) -> int:
    now = datetime.now(UTC)
    rows = []
    for p in store.prospects.listing(sort=sort):
        days = None if p.last_engaged_at is None else (now - p.last_engaged_at).days
        rows.append(
            {
                "handle": prospects.handle_of(p),
                "network": prospects.network_of(p),
                "name": p.person.name if p.person is not None else "",
                "pending": p.person is None,
                "days_since_engaged": days,
                "stale": prospects.is_stale(p, now, stale_days),
                "tags": list(p.tags),
                "notes": p.notes,
            }
        )
    if as_json:
        say(terminal_json(rows))
        return 0
    if not rows:
        say("No prospects yet: add one with `engage prospects add @handle`.")
        return 0
    for r in rows:
        days = r["days_since_engaged"]
        since = "never engaged" if days is None else "today" if days == 0 else f"{days}d ago"
        mark = "!" if r["stale"] else " "
        extra = " (pending look-up)" if r["pending"] else ""
        tags = f"  [{clean_text(', '.join(r['tags']), single_line=True)}]" if r["tags"] else ""
        lines = clean_text(str(r["notes"])).strip().splitlines()
        note = clean_text(lines[0], single_line=True) if lines else ""
        handle = clean_text(str(r["handle"]), single_line=True)
        label = clean_text(network_label(str(r["network"])), single_line=True)
        say(f"{mark} {label:<7} @{handle:<16} {since:>14}{tags}{extra}  {note}".rstrip())
    stale = sum(1 for r in rows if r["stale"])
    pending = sum(1 for r in rows if r["pending"])
    summary = f"{len(rows)} prospect{'s' if len(rows) != 1 else ''}, {stale} stale (!)"
    if pending:
        summary += f", {pending} to be looked up at the next sync"
    say(summary + ".")
    return 0
