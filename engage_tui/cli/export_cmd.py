"""`engage export` and `engage import`: the relationship memory as a file."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from engage_tui.cli.common import fail, load, open_store, say
from engage_tui.text.safe import clean_text, terminal_json


def _store(args: argparse.Namespace):
    paths, _config = load()
    database = paths.demo_dir / "engage.db" if getattr(args, "demo", False) else None
    return open_store(paths, database)


def parse_since(value: str) -> datetime:
    """A date (2026-11-01) or a time (2026-11-01T09:00), read as UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        # In UTC now, so a time the store cannot hold (year 1 east of UTC) is
        # refused here as a usage error, not later as a crash.
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: write it as YYYY-MM-DD (for example 2026-11-01)"
        ) from None
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is outside the years 1 to 9999 once moved to UTC"
        ) from None


def run_export(args: argparse.Namespace) -> int:
    from engage_tui.relations.export import to_csv, to_json

    store = _store(args)
    try:
        data = store.prospects.export_relationships(args.since)
    finally:
        store.close()
    text = to_json(data, args.since) if args.format == "json" else to_csv(data)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    out = Path(args.output)
    try:
        _write_private(out, text)
    except OSError as err:
        fail(f"cannot write {path_shown(out)}: {err.strerror}")
    say(
        f"Exported {len(data.interactions)} interactions, {len(data.notes)} notes, "
        f"{len(data.tags)} tags and {len(data.prospects)} prospects to {path_shown(out)}.",
        file=sys.stderr,
    )
    return 0


def _write_private(out: Path, text: str) -> None:
    """Write ``text`` to ``out`` as 0600 whatever the umask (it holds notes).

    Written beside the target and renamed: a failed export never leaves half
    a file. A file already there is replaced, so it ends 0600 too."""
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)  # a leftover may be another's or looser
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def path_shown(path: Path) -> str:
    """The path as written, or, when it holds characters a terminal would
    act on or drop, as a JSON string with those escaped: the name said is
    always the name of the file."""
    name = str(path)
    return name if clean_text(name) == name else terminal_json(name)


def run_import(args: argparse.Namespace) -> int:
    from engage_tui.relations.export import ExportFormatError, from_json

    path = Path(args.file)
    try:
        data = from_json(path.read_text("utf-8-sig"))
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except (OSError, UnicodeDecodeError) as err:
        fail(f"cannot read {path}: {err}")
    except ExportFormatError as err:
        fail(f"{path}: {err}. Nothing was imported.")
    store = _store(args)
    try:
        added = store.prospects.import_relationships(data)
    finally:
        store.close()
    say(
        f"Imported {added['interactions']} interactions, {added['notes']} notes, "
        f"{added['tags']} tags and {added['prospects']} prospects "
        "(what was already here is kept)."
    )
    return 0
