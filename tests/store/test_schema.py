"""Schema versions and forward migrations (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engage_tui.domain import Handled, NotificationKind, OutboxState, TriageState
from engage_tui.store import Store
from engage_tui.store.migrations import LATEST_VERSION, migrate
from tests.store.conftest import at

US = 1_000_000


def test_a_new_file_is_at_the_latest_version_with_wal(store: Store, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_connections_use_the_agreed_pragmas(store: Store) -> None:
    conn = store._conn()
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_thread_gets_its_own_connection_with_the_same_pragmas(store: Store) -> None:
    import threading

    seen: dict[str, object] = {}

    def work() -> None:
        conn = store._conn()
        seen["conn"] = conn
        seen["sync"] = conn.execute("PRAGMA synchronous").fetchone()[0]
        seen["drafts"] = store.drafts.all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen["conn"] is not store._conn()
    assert seen["sync"] == 2
    assert seen["drafts"] == []


def _version_1_file(path: Path) -> None:
    """A file as the first release wrote it, with some of everything in it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, target=1)
    day = 1_795_000_000 * US
    conn.executemany(
        "INSERT INTO people(id, handle, handle_lc, name) VALUES (?, ?, ?, ?)",
        [("u1", "Ada_L", "ada_l", "Ada Lovelace"), ("u2", "grace", "grace", "Grace Hopper")],
    )
    conn.execute(
        "INSERT INTO posts(id, author_id, text, created_us) VALUES"
        " ('own1', 'me', 'analytical engine notes', ?)",
        (day,),
    )
    conn.executemany(
        "INSERT INTO notifications(id, kind, actor_id, subject_id, created_us, state, done_us)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("like:u1:own1", "like", "u1", "own1", day + 1, "new", None),
            ("like:u2:own1", "like", "u2", "own1", day + 2, "new", None),
            ("follow:u2", "follow", "u2", None, day + 3, "done", day + 4),
        ],
    )
    conn.execute(
        "INSERT INTO prospects(person_id, added_us, notes) VALUES ('u1', ?, 'met at the conf')",
        (day,),
    )
    conn.execute(
        "INSERT INTO drafts(key, text, updated_us) VALUES ('reply:own1', 'thank you!', ?)", (day,)
    )
    conn.close()


def test_a_version_1_file_is_upgraded_with_its_data_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_1_file(path)
    with Store.open(path) as store:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        conn.close()
        draft = store.drafts.get("reply:own1")
        assert draft is not None and draft.text == "thank you!"
        person = store.people.get("u1")
        assert person is not None and person.name == "Ada Lovelace"
        # v2 grouped the two likes of one post on one day into one row.
        rows = store.inbox.window()
        assert [r.group_ids for r in rows] == [("like:u2:own1", "like:u1:own1")]
        done = store.inbox.window(kinds=frozenset({NotificationKind.FOLLOW}), include_done=True)
        assert done[0].notification.state is TriageState.DONE
        # v2 counters and search indexes were built from the old rows.
        assert store.inbox.count() == 2
        assert store.inbox.count(include_done=True) == 3
        assert [h.person.id for h in store.inbox.search("ada") if h.person] == ["u1"]
        assert [h.post.id for h in store.inbox.search("analytical") if h.post] == ["own1"]
        assert [h.kind for h in store.inbox.search("conf")] == ["note"]
        # v2 added tags to prospects.
        store.prospects.set_tags("u1", ["investor"])
        assert store.prospects.listing()[0].tags == ("investor",)


def test_a_version_5_file_gains_the_handled_mark_with_old_items_unmarked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v5.db"
    _version_1_file(path)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=5)
    conn.close()
    with Store.open(path) as store:
        done = store.inbox.window(kinds=frozenset({NotificationKind.FOLLOW}), include_done=True)
        assert done[0].notification.state is TriageState.DONE
        assert done[0].notification.handled is None
        likes = store.inbox.window()[0]
        store.inbox.set_triage(list(likes.group_ids), TriageState.DONE, at(9), Handled.LIKED)
        again = store.inbox.window(include_done=True, kinds=frozenset({NotificationKind.LIKE}))
        assert again[0].notification.handled is Handled.LIKED


def test_an_upgraded_file_keeps_working_for_new_rows(tmp_path: Path) -> None:
    from tests.store.conftest import like, pull

    path = tmp_path / "old.db"
    _version_1_file(path)
    with Store.open(path) as store:
        store.sync_state.apply_pull("likes", pull([like(3, "own9", 1)]), at(2))
        assert store.inbox.count() == 3


def test_reopening_a_current_file_changes_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    before = db_path.read_bytes()
    Store.open(db_path).close()
    assert db_path.read_bytes() == before


def test_a_pull_leaves_the_connection_durable_again(store: Store) -> None:
    from tests.store.conftest import like, pull

    store.sync_state.apply_pull("likes", pull([like(1, "own1", 1)]), at(2))
    assert store._conn().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_version_7_file_keeps_its_handed_items_and_never_reuses_an_outbox_id(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=7)
    for state in ("handed_to_x", "queued"):
        conn.execute(
            "INSERT INTO outbox(kind, state, created_us, send_after_us, updated_us, intent_url)"
            " VALUES ('like', ?, 1, 1, 1, 'https://x.com/intent/like?tweet_id=9')",
            (state,),
        )
    conn.execute("DELETE FROM outbox WHERE id = 2")  # the newest id, gone
    conn.close()

    with Store.open(path) as store:
        handed = store.outbox.get(1)
        assert handed is not None and handed.state is OutboxState.HANDED
        assert handed.intent_url == "https://x.com/intent/like?tweet_id=9"
        assert [i.id for i in store.outbox.items(frozenset({OutboxState.HANDED}))] == [1]
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        added = conn.execute(
            "INSERT INTO outbox(kind, state, created_us, send_after_us, updated_us)"
            " VALUES ('like', 'queued', 2, 2, 2)"
        )
        assert added.lastrowid == 3
    finally:
        conn.close()
