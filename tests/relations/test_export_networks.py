"""Export and import carry each person's network: X and Bluesky people side
by side in JSON and CSV, both ways, and a wrong network is refused by name."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.domain import Direction, Interaction, Notification, Person, Post
from engage_tui.platforms.base import PullResult
from engage_tui.relations.export import ExportFormatError, from_json, to_csv, to_json
from engage_tui.store import Store
from tests.relations.conftest import ANA, MENTION, NOW, K, ago, event, pull

# Ana on Bluesky too: the same name, another network, another person.
BLUE_ANA = Person("did:plc:ana4lima", "ana.bsky.social", "Ana Lima", network="bluesky")
BLUE_POST = Post(
    "at://did:plc:ana4lima/app.bsky.feed.post/3k2a",
    BLUE_ANA.id,
    "@owner.bsky.social lovely thread",
    NOW - timedelta(hours=2),
    network="bluesky",
)
HEAD = {"format": "engage-relationships", "version": 1}
T = "2026-11-01T09:00:00.000000Z"


def _fill(store: Store) -> None:
    pull(store, [event(K.MENTION, ANA, ago(hours=3), post=MENTION)])
    mention = Notification(
        id="bsky:mention:3k2a",
        kind=K.MENTION,
        actor_id=BLUE_ANA.id,
        created_at=BLUE_POST.created_at,
        post_id=BLUE_POST.id,
        network="bluesky",
    )
    store.sync_state.apply_pull(
        "bluesky:notifications",
        PullResult(events=[mention], people=[BLUE_ANA], posts=[BLUE_POST]),
        NOW,
    )
    store.prospects.add_interaction(
        Interaction(BLUE_ANA.id, Direction.OUTBOUND, "like", ago(hours=1), BLUE_POST.id)
    )
    store.prospects.add(ANA.id, ago(days=10))
    store.prospects.add(BLUE_ANA.id, ago(days=9))
    store.prospects.add(None, ago(days=2), pending_handle="newface")
    store.prospects.add(None, ago(days=1), pending_handle="new.face.test")
    store.prospects.set_pending_notes("new.face.test", "met on Bluesky")
    store.prospects.set_notes(ANA.id, "X Ana: founder", ago(days=3))
    store.prospects.set_notes(BLUE_ANA.id, "Bluesky Ana: posts about design", ago(days=3))
    store.prospects.set_tags(BLUE_ANA.id, ["design"])


def test_json_round_trips_both_networks_byte_for_byte(store: Store, tmp_path: Path) -> None:
    _fill(store)
    first = to_json(store.prospects.export_relationships())
    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.prospects.import_relationships(from_json(first))
        assert to_json(fresh.prospects.export_relationships()) == first
        assert fresh.people.get(BLUE_ANA.id) == BLUE_ANA
        assert fresh.people.get(ANA.id) == ANA
        assert fresh.prospects.notes(BLUE_ANA.id) == "Bluesky Ana: posts about design"
        assert fresh.prospects.notes(ANA.id) == "X Ana: founder"
        assert sorted(fresh.prospects.pending()) == ["new.face.test", "newface"]


def test_every_person_and_prospect_in_the_json_names_its_network(store: Store) -> None:
    _fill(store)
    doc = json.loads(to_json(store.prospects.export_relationships()))
    assert {p["id"]: p["network"] for p in doc["people"]} == {ANA.id: "x", BLUE_ANA.id: "bluesky"}
    assert {(p["person_id"] or p["pending_handle"]): p["network"] for p in doc["prospects"]} == {
        ANA.id: "x",
        BLUE_ANA.id: "bluesky",
        "newface": "x",
        "new.face.test": "bluesky",
    }


def test_the_same_name_on_two_networks_stays_two_people(store: Store, tmp_path: Path) -> None:
    _fill(store)
    data = from_json(to_json(store.prospects.export_relationships()))
    anas = [p for p in data.people if p.name == "Ana Lima"]
    assert sorted((p.network, p.handle) for p in anas) == [
        ("bluesky", "ana.bsky.social"),
        ("x", "ana"),
    ]
    with Store.open(tmp_path / "fresh.db") as fresh:
        fresh.prospects.import_relationships(data)
        watched = {p.person_id: p.person for p in fresh.prospects.listing() if p.person_id}
        assert {pid: p.network for pid, p in watched.items() if p} == {
            ANA.id: "x",
            BLUE_ANA.id: "bluesky",
        }


def test_csv_rows_carry_the_network_of_their_person(store: Store) -> None:
    _fill(store)
    rows = list(csv.DictReader(io.StringIO(to_csv(store.prospects.export_relationships()))))
    assert {(r["record"], r["handle"], r["network"]) for r in rows} >= {
        ("prospect", "ana", "x"),
        ("prospect", "ana.bsky.social", "bluesky"),
        ("prospect", "newface", "x"),
        ("prospect", "new.face.test", "bluesky"),
        ("note", "ana.bsky.social", "bluesky"),
        ("tag", "ana.bsky.social", "bluesky"),
        ("interaction", "ana.bsky.social", "bluesky"),
        ("interaction", "ana", "x"),
    }
    assert all(r["network"] in ("x", "bluesky") for r in rows)


def test_a_file_from_before_bluesky_reads_as_x() -> None:
    doc = {
        **HEAD,
        "people": [{"id": "11", "handle": "ana"}],
        "prospects": [{"pending_handle": "bo", "added_at": T}],
    }
    data = from_json(json.dumps(doc))
    assert data.people[0].network == "x"
    assert data.prospects[0].pending_handle == "bo"


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana", "network": "myspace"}]},
            "people[0].network: 'myspace' is not a network engage knows"
            " (use x or bluesky or mastodon)",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana", "network": ["x"]}]},
            "people[0].network: expected a string or null, not ['x']",
        ),
        (
            {**HEAD, "people": [{"id": "did:plc:ana", "handle": "ana", "network": "bluesky"}]},
            "people[0].handle: 'ana' is not a Bluesky handle",
        ),
        (
            {**HEAD, "prospects": [{"pending_handle": "ana.bsky.social", "added_at": T}]},
            "prospects[0].pending_handle: 'ana.bsky.social' is not an X handle",
        ),
        (
            {**HEAD, "prospects": [{"pending_handle": "a.test", "network": 7, "added_at": T}]},
            "prospects[0].network: expected a string or null, not 7",
        ),
        (
            {
                **HEAD,
                "people": [{"id": "11", "handle": "ana", "network": "x"}],
                "prospects": [{"person_id": "11", "network": "bluesky", "added_at": T}],
            },
            "prospects[0].network: bluesky, but person '11' is on x",
        ),
    ],
)
def test_a_wrong_network_is_refused_naming_its_field(doc: Any, said: str) -> None:
    with pytest.raises(ExportFormatError) as refused:
        from_json(json.dumps(doc))
    assert said in str(refused.value)


# --- generated networks, through the command -----------------------------------------


network_values = st.one_of(
    st.sampled_from(["x", "bluesky", "X", " Bluesky ", "", "mastodon", "bsky", "x\x1b[2J"]),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.lists(st.sampled_from(["x", "bluesky"]), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
handles = st.sampled_from(["ana", "@bo_2", "ana.bsky.social", "@New.Face.test", "a.1", ""])


@st.composite
def files(draw: st.DrawFn) -> dict[str, Any]:
    people = [
        {"id": str(n), "handle": draw(handles), "network": draw(network_values)}
        for n in range(draw(st.integers(0, 3)))
    ]
    prospects = [
        {"pending_handle": draw(handles), "network": draw(network_values), "added_at": T}
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {**HEAD, "people": people, "prospects": prospects}


@settings(max_examples=200, deadline=None)
@given(doc=files())
def test_any_network_field_is_read_or_refused_by_place(doc: dict[str, Any]) -> None:
    try:
        data = from_json(json.dumps(doc))
    except ExportFormatError as err:
        assert str(err).startswith(("people[", "prospects[")), str(err)
        assert "\x1b" not in str(err)
        return
    for person, raw in zip(data.people, doc["people"], strict=True):
        assert person.network in ("x", "bluesky")
        if isinstance(raw["network"], str):
            assert person.network == raw["network"].strip().lower()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=files())
def test_engage_import_of_any_network_ends_in_a_message(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict[str, Any]
) -> None:
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(doc), "utf-8")
    try:
        status = main(["import", str(path)])
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "\x1b" not in out + err
    assert status == 0 if "Imported" in out else (status == 1 and "Nothing was imported." in err)
