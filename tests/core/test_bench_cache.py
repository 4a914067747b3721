"""The start-up benchmark's caches hold what the app really reads: the rows
pulls written one by one through ``apply_pull`` would leave, at the current
schema (scripts/dev_fill.py writes them all in one transaction, for speed)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

from engage_tui.store.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[2]


def _dev_fill() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_fill", ROOT / "scripts" / "dev_fill.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the full-text indexes by what they find)."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        out["schema"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"), key=repr)
        out["found"] = [
            *conn.execute("SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'sqlite'"),
            *conn.execute("SELECT rowid FROM people_fts WHERE people_fts MATCH 'ana'"),
        ]
        out["version"] = [tuple(conn.execute("PRAGMA user_version").fetchone())]
        return out
    finally:
        conn.close()


def test_the_one_transaction_fill_writes_what_pulls_one_by_one_write(tmp_path: Path) -> None:
    dev_fill = _dev_fill()
    count = 2 * dev_fill.BATCH + 700  # three pulls: follows group per pull
    dev_fill.fill(tmp_path / "bulk.db", count)
    dev_fill.fill(tmp_path / "pulls.db", count, per_pull=True)
    bulk, pulls = _contents(tmp_path / "bulk.db"), _contents(tmp_path / "pulls.db")
    assert bulk == pulls
    assert len(bulk["notifications"]) == count + 1  # and Mallory's escape-laden mention
    assert bulk["version"] == [(LATEST_VERSION,)]
