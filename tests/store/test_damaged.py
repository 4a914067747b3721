"""A damaged or newer file is reported plainly and never written to."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from engage_tui.domain import Draft
from engage_tui.store import DamagedDatabase, NewerDatabase, Store, StoreError
from engage_tui.store.migrations import LATEST_VERSION
from tests.store.conftest import at, post


def _real_file(path: Path) -> None:
    with Store.open(path) as store:
        store.save_draft(Draft(key="post:1", text="precious words", updated_at=at(0)))
        store.upsert_posts([post(f"p{i}", text=f"text number {i} " * 30) for i in range(400)])
    # Fold the WAL into the main file so it stands alone.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _open_fails(path: Path, error: type[StoreError]) -> str:
    before = path.read_bytes()
    with pytest.raises(error) as caught:
        Store.open(path)
    assert path.read_bytes() == before  # byte for byte as it was
    message = str(caught.value)
    assert str(path) in message
    assert caught.value.path == path
    return message


def test_garbage_bytes_are_reported_as_damaged(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(8192))
    message = _open_fails(db_path, DamagedDatabase)
    assert "not an SQLite database" in message
    assert "move the file aside" in message
    assert "drafts" in message


def test_a_text_file_is_reported_as_damaged(db_path: Path) -> None:
    db_path.write_text("[engage]\ntheme = 'dark'\n")
    assert "damaged" in _open_fails(db_path, DamagedDatabase)


def test_a_truncated_database_is_reported_as_damaged(db_path: Path) -> None:
    _real_file(db_path)
    size = db_path.stat().st_size
    with db_path.open("r+b") as handle:
        handle.truncate(size // 2)
    assert "truncated" in _open_fails(db_path, DamagedDatabase)


def test_a_header_cut_short_is_reported_as_damaged(db_path: Path) -> None:
    _real_file(db_path)
    with db_path.open("r+b") as handle:
        handle.truncate(60)
    assert "damaged" in _open_fails(db_path, DamagedDatabase)


def test_a_corrupt_page_fails_the_check_and_is_reported(db_path: Path) -> None:
    _real_file(db_path)
    conn = sqlite3.connect(db_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'posts'").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + os.urandom(page_size - 1))  # a leaf page full of nonsense
    assert "damaged" in _open_fails(db_path, DamagedDatabase)


def test_a_newer_schema_is_refused_without_migrating(db_path: Path) -> None:
    _real_file(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    message = _open_fails(db_path, NewerDatabase)
    assert "newer version of engage" in message
    assert "Upgrade engage" in message


def test_an_empty_file_becomes_a_new_database(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Store.open(db_path) as store:
        assert store.drafts() == []


def test_verify_passes_on_a_sound_file_and_records_the_check(store: Store) -> None:
    store.verify()
    assert (store.meta_get("store.checked_at") or "").isdigit()


def _corrupt_posts_page(path: Path) -> None:
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'posts'").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + os.urandom(page_size - 1))


def test_a_deferred_check_is_left_pending_and_verify_clears_it(db_path: Path) -> None:
    _real_file(db_path)
    with Store.open(db_path, defer_check=True) as store:
        assert store.check_pending
        store.verify()
        assert not store.check_pending


def test_a_deferred_check_still_finds_a_corrupt_page_before_anything_is_written(
    db_path: Path,
) -> None:
    _real_file(db_path)
    _corrupt_posts_page(db_path)
    before = db_path.read_bytes()
    with Store.open(db_path, defer_check=True) as store:
        assert store.check_pending
        with pytest.raises(DamagedDatabase, match=str(db_path)):
            store.verify()
    assert db_path.read_bytes() == before
