"""A damaged database found by the check the app runs after its first frame."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.conftest import SIZE
from tests.tui.helpers import until
from tests.tui.world import NOW, fill


def damaged_file(path: Path) -> None:
    fill(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'posts'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + os.urandom(page_size - 1))


async def test_the_app_stops_with_a_plain_message_when_the_deferred_check_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "engage.db"
    damaged_file(path)
    before = path.read_bytes()
    store = Store.open(path, defer_check=True)
    assert store.check_pending
    app = EngageApp(Config(), store, None, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None, "the app to stop")
    store.close()
    assert app.return_code == 2
    # Textual wraps the message to the terminal's width: compare without spaces.
    shown = "".join(capsys.readouterr().err.split())
    assert "engage.dbisdamaged" in shown and "movethefileaside" in shown
    assert "Traceback" not in shown
    assert path.read_bytes() == before
