"""A damaged or newer file is reported plainly and never written to."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.domain import Draft
from engage_tui.store import (
    DamagedDatabase,
    DatabaseGone,
    DiskFull,
    NewerDatabase,
    ReadOnlyDatabase,
    Store,
    StoreError,
)
from engage_tui.store.errors import Trouble, classify, store_error
from engage_tui.store.migrations import LATEST_VERSION
from tests.cli_run import run_engage
from tests.store.conftest import at, post

ROOT = Path(__file__).resolve().parents[2]


def _real_file(path: Path) -> None:
    with Store.open(path) as store:
        store.drafts.save(Draft(key="post:1", text="precious words", updated_at=at(0)))
        store.people.upsert_posts(
            [post(f"p{i}", text=f"text number {i} " * 30) for i in range(400)]
        )
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
        assert store.drafts.all() == []


def test_verify_passes_on_a_sound_file_and_records_the_check(store: Store) -> None:
    store.verify()
    assert (store.sync_state.meta_get("store.checked_at") or "").isdigit()


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


# --- trouble that is not damage ---------------------------------------------
# A read-only folder, a file owned by root or a full disk must never be called
# damaged: "move the file aside" would abandon the drafts in it. Permissions do
# not bind root, so when the suite runs as root the open runs in a child
# process as an unprivileged user (nobody), the way a user meets it.

_OPEN_AND_SAY = """
import sys
from datetime import UTC, datetime
from pathlib import Path
import engage_tui
# The copy made for this child, not the clone nor an installed engage.
assert Path(engage_tui.__file__).parent.parent == Path(sys.argv[2]), engage_tui.__file__
from engage_tui.domain import Draft
from engage_tui.store import Store
from engage_tui.store.errors import store_error
path = Path(sys.argv[1])
try:
    with Store.open(path) as store:
        store.drafts.save(Draft(key="post:2", text="new words", updated_at=datetime.now(UTC)))
    print("saved")
except Exception as err:
    err = store_error(err, path)
    print(type(err).__name__)
    print(err)
"""


def _shared_folder() -> Path:
    # Not under tmp_path: pytest's base folder is private to its user.
    folder = Path(tempfile.mkdtemp(prefix="engage-ro-"))
    folder.chmod(0o755)
    return folder


def _package_copy() -> Path:
    """engage_tui copied to a folder every user can read: the clone (and the
    venv in it) may sit under a folder only its owner can enter, as
    ``mktemp -d`` makes, and the child runs as nobody."""
    import engage_tui

    folder = Path(tempfile.mkdtemp(prefix="engage-child-"))
    shutil.copytree(
        Path(engage_tui.__file__).parent,
        folder / "engage_tui",
        ignore=shutil.ignore_patterns("__pycache__", "sandbox"),
    )
    for item in [folder, *folder.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)
    return folder


def _open_as_user(path: Path) -> tuple[str, str]:
    package = _package_copy()
    try:
        # The interpreter itself, not the venv's link to it (inside the
        # clone); -S: no site-packages either. The child needs only the
        # standard library and the copy.
        python = os.path.realpath(sys.executable)
        command = [python, "-S", "-c", _OPEN_AND_SAY, str(path), str(package)]
        if os.geteuid() == 0:
            for item in [path.parent, *path.parent.iterdir()]:
                os.chown(item, 65534, 65534)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(package)}
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, cwd=package, env=env
        )
    finally:
        shutil.rmtree(package)
    assert "Traceback" not in done.stderr, done.stderr
    kind, _, message = done.stdout.partition("\n")
    return kind, message


def _left_with_a_wal(path: Path) -> None:
    """A database whose last writer died: its -wal is still there, no -shm."""
    _real_file(path)
    script = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute(\"UPDATE drafts SET text = 'newer words'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    Path(f"{path}-shm").unlink(missing_ok=True)
    assert Path(f"{path}-wal").stat().st_size > 0


@pytest.fixture
def shared_db() -> Iterator[Path]:
    folder = _shared_folder()
    yield folder / "engage.db"
    for item in [folder, *folder.iterdir()]:
        item.chmod(0o755)
    shutil.rmtree(folder)


def test_a_read_only_folder_is_a_permission_problem_not_damage(shared_db: Path) -> None:
    _left_with_a_wal(shared_db)
    shared_db.parent.chmod(0o555)
    kind, message = _open_as_user(shared_db)
    assert kind == "ReadOnlyDatabase"
    assert "read-only" in message and "Nothing is damaged" in message
    assert "damaged (" not in message and "move the file aside" not in message


def test_a_wal_owned_by_someone_else_is_a_permission_problem(shared_db: Path) -> None:
    _left_with_a_wal(shared_db)
    for item in [shared_db, Path(f"{shared_db}-wal")]:
        item.chmod(0o444)
    kind, message = _open_as_user(shared_db)
    assert kind == "ReadOnlyDatabase"
    assert "move the file aside" not in message


def test_a_write_refused_by_sqlite_as_read_only_is_a_permission_problem(db_path: Path) -> None:
    _real_file(db_path)
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO meta(key, value) VALUES ('a', 'b')")
    conn.close()
    error = store_error(caught.value, db_path)
    assert isinstance(error, ReadOnlyDatabase)
    assert "move the file aside" not in str(error)


def test_a_full_disk_gets_its_own_message(db_path: Path) -> None:
    _real_file(db_path)
    conn = sqlite3.connect(db_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # no page more: as a full disk
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO meta(key, value) VALUES ('big', ?)", ("x" * 100_000,))
    conn.close()
    assert classify(caught.value, db_path) is Trouble.DISK_FULL
    error = store_error(caught.value, db_path)
    assert isinstance(error, DiskFull)
    assert "is full" in str(error) and "move the file aside" not in str(error)


@pytest.mark.parametrize(
    ("number", "trouble"),
    [
        (errno.EACCES, Trouble.PERMISSION),
        (errno.EPERM, Trouble.PERMISSION),
        (errno.EROFS, Trouble.PERMISSION),
        (errno.ENOSPC, Trouble.DISK_FULL),
    ],
)
def test_os_errors_are_classified_by_errno(number: int, trouble: Trouble) -> None:
    assert classify(OSError(number, os.strerror(number))) is trouble


def test_only_damage_suggests_moving_the_file_aside(db_path: Path) -> None:
    db_path.write_bytes(os.urandom(8192))
    with pytest.raises(DamagedDatabase) as caught:
        Store.open(db_path)
    assert "move the file aside" in str(caught.value)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own, to fill for real."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs to fill needs root and mount(8)")
    where = tmp_path / "disk"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_opening_on_a_full_disk_says_the_disk_is_full_not_damaged(small_disk: Path) -> None:
    # SQLite calls this a "disk I/O error" (it cannot grow the -shm file);
    # engage once told the user to move a healthy file aside.
    path = small_disk / "engage.db"
    with Store.open(path) as store:
        store.sync_state.meta_set("draft", "words only this file holds")
    (small_disk / "filler").write_bytes(b"")
    with (small_disk / "filler").open("ab") as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 65536)
            filler.flush()

    with pytest.raises(DiskFull) as caught:
        Store.open(path)

    assert "is full" in str(caught.value)
    assert "move the file aside" not in str(caught.value)


def test_a_command_on_a_full_disk_exits_1_saying_so_as_a_passing_failure(
    small_disk: Path,
) -> None:
    # Exit 2 is for a setup the user must fix; a cron job on a full disk
    # should be able to tell this apart and simply run again later.
    data = small_disk / "data"
    data.mkdir()
    with Store.open(data / "engage.db") as store:
        store.sync_state.meta_set("draft", "words only this file holds")
    with (small_disk / "filler").open("ab") as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 65536)
            filler.flush()

    done = run_engage("prospects", "list", home=small_disk)

    assert done.returncode == 1, done.stderr
    assert "is full" in done.stderr
    assert "Traceback" not in done.stderr and "move the file aside" not in done.stderr


def test_a_database_deleted_under_the_open_store_is_noticed(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.check_still_there()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        with pytest.raises(DatabaseGone) as caught:
            store.check_still_there()
    assert "deleted, moved or replaced" in str(caught.value)
    assert "move the file aside" not in str(caught.value)


def test_a_database_replaced_under_the_open_store_is_noticed(db_path: Path) -> None:
    other = db_path.with_name("other.db")
    Store.open(other).close()
    with Store.open(db_path) as store:
        os.replace(other, db_path)
        with pytest.raises(DatabaseGone):
            store.check_still_there()
