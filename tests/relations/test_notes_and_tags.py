"""Notes and tags belong to a person: anyone, prospect or not, and they stay."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engage_tui.store import Store
from engage_tui.store.migrations import migrate
from tests.relations.conftest import ANA, BO, NOW, pull


def test_notes_about_someone_who_is_not_a_prospect_are_kept_and_searchable(store: Store) -> None:
    pull(store, [])
    store.prospects.set_notes(BO.id, "Runs the ARM build farm;\nask about CI minutes")
    assert store.prospects.notes(BO.id) == "Runs the ARM build farm;\nask about CI minutes"
    hits = [h for h in store.inbox.search("build farm") if h.kind == "note"]
    assert [h.person.id for h in hits if h.person] == [BO.id]


def test_changing_notes_replaces_what_search_finds(store: Store) -> None:
    pull(store, [])
    store.prospects.set_notes(BO.id, "talked about gardening")
    store.prospects.set_notes(BO.id, "talked about compilers")
    assert [h for h in store.inbox.search("gardening") if h.kind == "note"] == []
    assert [h.kind for h in store.inbox.search("compilers")] == ["note"]
    store._conn().execute(
        "INSERT INTO person_notes_fts(person_notes_fts, rank) VALUES ('integrity-check', 1)"
    )


def test_tags_are_trimmed_lowercased_and_unique(store: Store) -> None:
    store.prospects.set_tags(ANA.id, ["Customer", " partner ", "customer", ""])
    assert store.prospects.tags(ANA.id) == ("customer", "partner")


def test_a_prospect_shows_the_persons_notes_and_tags(store: Store) -> None:
    pull(store, [])
    store.prospects.set_notes(ANA.id, "met at PyCon")
    store.prospects.set_tags(ANA.id, ["prospect"])
    store.prospects.add(ANA.id, NOW)
    [p] = store.prospects.listing()
    assert p.notes == "met at PyCon" and p.tags == ("prospect",)


def test_pending_notes_and_tags_become_the_persons_when_looked_up(store: Store) -> None:
    store.prospects.add(None, NOW, pending_handle="ana")
    store.prospects.set_pending_notes("ana", "from the conference list")
    [pending] = store.prospects.listing()
    assert pending.notes == "from the conference list"
    pull(store, [])
    assert store.prospects.resolve_pending("ana", ANA.id)
    assert store.prospects.notes(ANA.id) == "from the conference list"
    assert [h.person.id for h in store.inbox.search("conference") if h.person] == [ANA.id]


def test_upgrading_a_version_2_file_moves_prospect_notes_and_tags_to_the_person(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, 2)
    conn.execute("INSERT INTO prospects(person_id, added_us, notes) VALUES ('11', 1, 'old note')")
    conn.execute("INSERT INTO notes_fts(rowid, notes) VALUES (1, 'old note')")
    conn.execute("INSERT INTO prospect_tags(prospect, tag) VALUES (1, 'vip')")
    conn.close()
    with Store.open(path) as store:
        assert store.prospects.notes("11") == "old note" and store.prospects.tags("11") == ("vip",)
        assert store.prospects.listing()[0].notes == "old note"
        assert [h.kind for h in store.inbox.search("old note")] == ["note"]
        store._conn().execute(
            "INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)"
        )
