"""`engage prospects add|remove|list|import`: the watchlist from the shell.

Handles the cache does not know yet wait as pending prospects; the next sync
looks them up. Works offline: nothing here touches the network.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engage_tui.cli.common import fail, load, open_store
from engage_tui.relations.handles import check_handle, parse_handles

EXIT_SOME_BAD = 1


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    paths, config = load()
    database = paths.demo_dir / "engage.db" if getattr(args, "demo", False) else None
    return config, open_store(paths, database)


def run_prospects(args: argparse.Namespace) -> int:
    config, store = _store(args)
    try:
        if args.prospects_command == "add":
            return _add(store, args.handles, args.notes)
        if args.prospects_command == "remove":
            return _remove(store, args.handles)
        if args.prospects_command == "import":
            return _import(store, Path(args.file))
        return _list(store, config.stale_days, args.sort, args.json)
    finally:
        store.close()


def _add_one(store, handle: str, notes: str, now: datetime) -> bool:  # type: ignore[no-untyped-def]
    """Add ``handle``; False when it was on the list already."""
    known = store.person_by_handle(handle)
    watched = {p.person_id for p in store.prospects()} | {
        (p.pending_handle or "").lower() for p in store.prospects() if p.pending_handle
    }
    if (known is not None and known.id in watched) or handle.lower() in watched:
        return False
    store.add_prospect(None, now, pending_handle=handle)
    if notes:
        if known is not None:
            old = store.notes(known.id)
            store.set_notes(known.id, f"{old}\n{notes}" if old else notes, now)
        else:
            store.set_pending_notes(handle, notes)
    return True


def _add(store, handles: list[str], notes: str) -> int:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    status = 0
    for raw in handles:
        handle = check_handle(raw)
        if handle is None:
            print(f"engage: {raw!r} is not an X handle (letters, digits and _, up to 15).")
            status = EXIT_SOME_BAD
            continue
        if not _add_one(store, handle, notes, now):
            print(f"@{handle} is already on your prospects list.")
            continue
        known = store.person_by_handle(handle)
        later = "" if known is not None else " (looked up at the next sync)"
        print(f"Added @{handle}{later}.")
    return status


def _remove(store, handles: list[str]) -> int:  # type: ignore[no-untyped-def]
    status = 0
    listing = store.prospects()
    for raw in handles:
        handle = (check_handle(raw) or raw.strip().lstrip("@")).lower()
        found = [
            p
            for p in listing
            if (p.person is not None and p.person.handle.lower() == handle)
            or (p.pending_handle or "").lower() == handle
        ]
        if not found:
            print(f"engage: @{handle} is not on your prospects list.")
            status = EXIT_SOME_BAD
            continue
        for p in found:
            if p.person_id:
                store.remove_prospect(p.person_id)
            else:
                store.remove_pending_prospect(p.pending_handle or handle)
        kept = " (your notes about them are kept)" if any(p.person_id for p in found) else ""
        print(f"Removed @{handle}{kept}.")
    return status


def _import(store, path: Path) -> int:  # type: ignore[no-untyped-def]
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text: save it as UTF-8 (CSV UTF-8 in a spreadsheet).")
    except OSError as err:
        fail(f"cannot read {path}: {err.strerror}")
    parsed = parse_handles(text)
    now = datetime.now(UTC)
    added = already = 0
    for row in parsed.rows:
        if _add_one(store, row.handle, row.notes, now):
            added += 1
        else:
            already += 1
    pending = len(store.pending_prospects())
    words = f"Added {added} prospect{'s' if added != 1 else ''}"
    if already:
        words += f" ({already} already on the list)"
    if pending:
        words += f"; {pending} to be looked up at the next sync"
    print(words + ".")
    if parsed.problems:
        print(f"{len(parsed.problems)} row(s) skipped; fix them and import the file again:")
        for problem in parsed.problems:
            print(f"  {problem}")
        return EXIT_SOME_BAD
    return 0


def _list(store, stale_days: int, sort: str, as_json: bool) -> int:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    rows = []
    for p in store.prospects(sort=sort):
        handle = p.person.handle if p.person is not None else (p.pending_handle or p.person_id)
        days = None if p.last_engaged_at is None else (now - p.last_engaged_at).days
        stale = p.last_engaged_at is None or now - p.last_engaged_at > timedelta(days=stale_days)
        rows.append(
            {
                "handle": handle,
                "name": p.person.name if p.person is not None else "",
                "pending": p.person is None,
                "days_since_engaged": days,
                "stale": stale,
                "tags": list(p.tags),
                "notes": p.notes,
            }
        )
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No prospects yet: add one with `engage prospects add @handle`.")
        return 0
    for r in rows:
        days = r["days_since_engaged"]
        since = "never engaged" if days is None else "today" if days == 0 else f"{days}d ago"
        mark = "!" if r["stale"] else " "
        extra = " (pending look-up)" if r["pending"] else ""
        tags = f"  [{', '.join(r['tags'])}]" if r["tags"] else ""
        note = str(r["notes"]).splitlines()[0] if r["notes"] else ""
        print(f"{mark} @{r['handle']:<16} {since:>14}{tags}{extra}  {note}".rstrip())
    return 0
