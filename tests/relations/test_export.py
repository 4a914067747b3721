"""Export and import: JSON round-trips without loss; CSV is one table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from engage_tui.domain import Direction, Interaction
from engage_tui.relations.export import ExportFormatError, from_json, to_csv, to_json
from engage_tui.store import Store
from tests.relations.conftest import ANA, BO, CY, MENTION, MINE, NOW, K, ago, event, pull


def _fill(store: Store) -> None:
    pull(
        store,
        [
            event(K.FOLLOW, ANA, ago(days=40)),
            event(K.LIKE, BO, ago(days=2), subject=MINE),
            event(K.MENTION, ANA, ago(hours=3), post=MENTION),
        ],
    )
    store.prospects.add_interaction(
        Interaction(ANA.id, Direction.OUTBOUND, "thank", ago(hours=1), "900", 'merci, "Ana"\n✨')
    )
    store.prospects.add(ANA.id, ago(days=10))
    store.prospects.add(None, ago(days=1), pending_handle="newface")
    store.prospects.set_pending_notes("newface", "met at the meetup")
    store.prospects.set_notes(ANA.id, "Founder; wants an intro", ago(days=3))
    store.prospects.set_notes(CY.id, "not a prospect, just kind", ago(days=4))
    store.prospects.set_tags(ANA.id, ["prospect", "partner"])


def test_json_round_trips_through_a_fresh_store_byte_for_byte(store: Store, tmp_path: Path) -> None:
    _fill(store)
    first = to_json(store.prospects.export_relationships())
    with Store.open(tmp_path / "fresh.db") as fresh:
        added = fresh.prospects.import_relationships(from_json(first))
        assert added["interactions"] == 4 and added["prospects"] == 2
        assert to_json(fresh.prospects.export_relationships()) == first
        assert fresh.prospects.notes(ANA.id) == "Founder; wants an intro"
        assert [p.last_engaged_at for p in fresh.prospects.listing() if p.person_id == ANA.id] == [
            ago(hours=1)
        ]


def test_importing_twice_adds_nothing_the_second_time(store: Store, tmp_path: Path) -> None:
    _fill(store)
    data = from_json(to_json(store.prospects.export_relationships()))
    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.prospects.import_relationships(data)
        again = fresh.prospects.import_relationships(data)
        assert (again["interactions"], again["prospects"], again["notes"], again["tags"]) == (
            0,
            0,
            0,
            0,
        )


def test_since_keeps_only_newer_interactions_but_all_notes(store: Store) -> None:
    _fill(store)
    data = store.prospects.export_relationships(since=ago(days=5))
    assert {i.kind for i in data.interactions} == {"like", "mention", "thank"}
    assert {n.person_id for n in data.notes} == {ANA.id, CY.id}


def test_csv_has_one_row_per_record_with_handles(store: Store) -> None:
    _fill(store)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.prospects.export_relationships()))))
    kinds = [r["record"] for r in rows]
    assert kinds.count("interaction") == 4 and kinds.count("note") == 2
    assert kinds.count("tag") == 2 and kinds.count("prospect") == 2
    thank = next(r for r in rows if r["kind"] == "thank")
    assert thank["handle"] == "ana" and thank["text"] == 'merci, "Ana"\n✨'
    assert next(r for r in rows if r["handle"] == "newface")["text"] == "met at the meetup"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "not JSON"),
        ('{"format": "other"}', "not an engage export"),
        ('{"format": "engage-relationships", "version": 9}', "version 9"),
        (
            '{"format": "engage-relationships", "version": 1, "interactions": [{"person_id": "1",'
            ' "direction": "sideways", "kind": "like", "at": "2026-01-01T00:00:00Z"}]}',
            "inbound or outbound",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_plain_reason(text: str, words: str) -> None:
    with pytest.raises(ExportFormatError, match=words):
        from_json(text)


def test_the_export_names_every_person_it_mentions(store: Store) -> None:
    _fill(store)
    data = store.prospects.export_relationships()
    assert {p.id for p in data.people} == {ANA.id, BO.id, CY.id}
    assert max(i.at for i in data.interactions) < NOW
