"""Never lost: a held lock, a read-only file or a full disk never freezes a key
or loses a word, and the user is told what is wrong and what to do."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import engage_tui.store.store as store_module
import engage_tui.tui.app as app_module
from engage_tui.domain import OutboxState, TriageState
from engage_tui.store import Store
from engage_tui.tui import writes
from engage_tui.tui.app import EngageApp
from tests.tui.helpers import go_to, inbox_ready, notices, settle, until
from tests.tui.test_composer import composer, open_reply, typed

SIZE = (120, 40)

_HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


@pytest.fixture
def lock_holder(db_path: Path) -> Iterator[Callable[[], None]]:
    """Another process (as a cron `engage sync` would) holds the write lock
    until the returned function is called."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "locked"

    def release() -> None:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "released"

    yield release
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _state(store: Store, notification_id: str) -> TriageState:
    rows = store.inbox.window(limit=100, include_done=True, group=False)
    return next(r.notification.state for r in rows if r.notification.id == notification_id)


async def test_keys_act_at_once_while_another_process_holds_the_write_lock(
    app: EngageApp, store: Store, lock_holder: Callable[[], None]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        before = listing.cursor
        await pilot.press("e")
        # The lock is still held: all of this happened without the write.
        assert all(r.notification.id != "n-follow-dee" for r in listing.rows)
        await pilot.press("down")
        assert listing.cursor == before + 1
        assert _state(store, "n-follow-dee") is TriageState.NEW
        assert app.services.writes.waiting == 1
        lock_holder()
        assert app.services.writes.flush(30)
    assert _state(store, "n-follow-dee") is TriageState.DONE


async def test_a_draft_typed_while_the_lock_is_held_is_saved_after(
    app: EngageApp, store: Store, lock_holder: Callable[[], None]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"typed while locked", "escape")
        assert store.drafts.get("reply:200") is None
        lock_holder()
        await pilot.press("ctrl+q")
    draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == "typed while locked"


# --- a database that will not take the write ---------------------------------
# Permissions do not bind root, so the tests open the writer's connection the
# way SQLite does when the file is not writable (read-only), or with no room
# to grow (a full disk). The UI thread's connection is opened before.


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writes, "RETRY_DELAYS_S", (0.05,))
    # On a database that never takes the write, quitting gives up on the queue after
    # QUIT_FLUSH_S and keeps the words in a file; these tests look at that file and
    # the notices, not at how long quitting waited (5 s at each test's end).
    monkeypatch.setattr(app_module, "QUIT_FLUSH_S", 0.5)


def _read_only_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    def connect(path: Path) -> sqlite3.Connection:
        return sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )

    monkeypatch.setattr(store_module, "connect", connect)


def _full_disk_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    real = store_module.connect

    def connect(path: Path) -> sqlite3.Connection:
        conn = real(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more
        return conn

    monkeypatch.setattr(store_module, "connect", connect)


def _kept_file(db_path: Path, key: str) -> Path:
    return db_path.parent / "unsaved" / f"{key.replace(':', '-')}.txt"


async def test_a_draft_that_cannot_be_saved_stays_on_screen_and_in_a_file(
    app: EngageApp, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _read_only_connections(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"precious words")
        await until(pilot, lambda: any("Could not save" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "Could not save" in n)
        assert "your draft" in notice and "read-only" in notice
        assert "move the file aside" not in notice and "Traceback" not in notice
        kept = _kept_file(db_path, "reply:200")
        assert str(kept) in notice
        await until(pilot, lambda: kept.read_text("utf-8") == "precious words", "words kept")
        assert kept.stat().st_mode & 0o077 == 0  # private to the user
        assert composer(app).is_open and typed(app) == "precious words"
        assert store.drafts.get("reply:200") is None
        # The user gives the file back: the waiting draft lands by itself.
        monkeypatch.undo()
        await until(pilot, lambda: store.drafts.get("reply:200") is not None, "the draft saved")
        await until(pilot, lambda: any(n.startswith("Saved") for n in notices(app)), "saved")
        assert any(str(kept) in n for n in notices(app) if n.startswith("Saved"))
    draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == "precious words"


async def test_a_reopened_reply_shows_words_still_waiting_to_be_saved(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _read_only_connections(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"not lost", "escape")
        await pilot.press("r")
        await until(pilot, lambda: composer(app).is_open, "composer")
        assert typed(app) == "not lost"


async def test_a_full_disk_keeps_the_draft_and_says_so(
    app: EngageApp, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _full_disk_connections(monkeypatch)
    words = "a long reply " * 2000  # more than the pages left
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        composer(app).query_one("#composer-text").insert(words)  # type: ignore[attr-defined]
        await until(pilot, lambda: any("Could not save" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "Could not save" in n)
        assert "is full" in notice and "free some space" in notice
        assert "move the file aside" not in notice
        assert _kept_file(db_path, "reply:200").read_text("utf-8") == words
        assert typed(app) == words


async def test_marking_done_on_a_read_only_file_keeps_the_change_and_says_what_to_do(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _read_only_connections(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("e")
        await until(pilot, lambda: any("Could not save" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "Could not save" in n)
        assert "mark done" in notice and "read-only" in notice
        assert all(r.notification.id != "n-follow-dee" for r in listing.rows)
        monkeypatch.undo()
        await until(pilot, lambda: _state(store, "n-follow-dee") is TriageState.DONE, "done")


async def test_one_notice_for_a_stuck_queue_not_one_per_write(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _read_only_connections(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        for _ in range(3):
            await pilot.press("e")
        await until(pilot, lambda: any("Could not save" in n for n in notices(app)), "notice")
        await pilot.pause(0.3)  # several retries
        assert sum("Could not save" in n for n in notices(app)) == 1


# --- one target, one text, one live outbox item ------------------------------


async def test_sending_the_same_reply_again_while_it_waits_is_refused(store: Store) -> None:
    from tests.tui.conftest import make_app

    # The answered item stays under the cursor, so r opens the same reply again.
    app = make_app(store, advance_after_answer=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        await pilot.press(*"only once", "ctrl+s")
        assert app.services.writes.flush(30)
        await pilot.press("r")  # the pending reply's draft comes back
        await until(pilot, lambda: composer(app).is_open, "composer")
        assert typed(app) == "only once"
        await pilot.press("ctrl+s")
        assert app.services.writes.flush(30)
        await pilot.pause()
        assert any("already queued" in n for n in notices(app))
        assert composer(app).is_open  # the words stay where they are
    live = store.outbox.items(frozenset({OutboxState.QUEUED, OutboxState.SENDING}))
    assert [i.text for i in live] == ["only once"]


async def test_words_typed_after_the_first_notice_get_a_notice_naming_their_file(
    app: EngageApp, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch, fast_retries: None
) -> None:
    _read_only_connections(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("e")
        await until(pilot, lambda: any("mark done" in n for n in notices(app)), "first notice")
        await open_reply(pilot)
        await pilot.press(*"later words")
        kept = str(_kept_file(db_path, "reply:200"))
        await until(pilot, lambda: any(kept in n for n in notices(app)), "notice for the draft")
        assert any("your draft" in n and kept in n for n in notices(app))


async def test_words_kept_in_a_file_by_an_earlier_run_are_named_at_the_next_start(
    app: EngageApp, db_path: Path
) -> None:
    kept = _kept_file(db_path, "reply:200")
    kept.parent.mkdir(mode=0o700)
    kept.write_text("words from the day the disk was full", "utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await until(pilot, lambda: str(kept) in " ".join(app.notes), "the note")
        assert "kept in 1 file" in app.notes[-1]


async def test_no_note_about_kept_words_when_there_are_none(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert not any("could not save" in n for n in app.notes)


def _delete_database(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


async def test_a_database_deleted_while_the_app_runs_keeps_new_words_in_a_file(
    app: EngageApp, store: Store, db_path: Path, fast_retries: None
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_reply(pilot)
        _delete_database(db_path)
        await pilot.press(*"typed after the delete")
        kept = _kept_file(db_path, "reply:200")
        await until(pilot, lambda: any("was deleted" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "was deleted" in n)
        assert str(kept) in notice and "start it again" in notice
        await until(pilot, lambda: kept.read_text("utf-8") == "typed after the delete", "kept")
        assert typed(app) == "typed after the delete"
