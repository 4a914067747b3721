"""`engage import` of any file: it is read whole, or refused with a message
naming what is wrong, and nothing is written; never a traceback."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.relations.export import _KINDS, ExportFormatError, from_json, to_json
from engage_tui.store import Store
from tests.conftest import fresh_store_file

HEAD = {"format": "engage-relationships", "version": 1}
T = "2026-11-01T09:00:00.000000Z"
# A file with one person, for the records that must name someone in it.
WITH_ANA = {**HEAD, "people": [{"id": "1", "handle": "ana"}]}


def run_import(
    doc: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    path = tmp_path / "shared.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    try:
        status = main(["import", str(path)])
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ({**HEAD, "prospects": "ana"}, "\"prospects\" must be a list, not 'ana'"),
        (
            {**HEAD, "prospects": [{"pending_handle": {"a": 1}, "added_at": T}]},
            "prospects[0].pending_handle: expected a string, not {'a': 1}",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana", "followers_count": 1e23}]},
            "people[0].followers_count: expected a whole number of at least 0, not 1e+23",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana", "followers_count": 10**23}]},
            "people[0].followers_count: expected a whole number of at least 0",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana", "followers_count": {"n": 1}}]},
            "people[0].followers_count: expected a whole number of at least 0, not {'n': 1}",
        ),
        (
            {
                **WITH_ANA,
                "notes": [
                    {"person_id": "1", "notes": "x", "updated_at": "0001-01-01T00:00:00+01:00"}
                ],
            },
            "notes[0].updated_at: '0001-01-01T00:00:00+01:00' is not a time engage can store",
        ),
        (
            {
                **WITH_ANA,
                "interactions": [
                    {
                        "person_id": "1",
                        "direction": "inbound",
                        "kind": "like",
                        "at": "0001-01-01T00:30:00+01:00",
                    }
                ],
            },
            "interactions[0].at: '0001-01-01T00:30:00+01:00' is not a time engage can store",
        ),
        (
            {**WITH_ANA, "tags": [{"person_id": "1", "tag": ["x"]}]},
            "tags[0].tag: expected a string",
        ),
        pytest.param(
            {**WITH_ANA, "notes": [{"person_id": "1", "notes": "\ud800", "updated_at": T}]},
            "notes[0].notes: holds a broken character",
        ),
        ({**HEAD, "version": True}, "export version True"),
        pytest.param("[" * 100_000, "not JSON", id="nested-too-deeply"),
    ],
)
def test_a_malformed_import_is_refused_with_its_place_named(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, said: str
) -> None:
    status, out, err = run_import(doc, tmp_path, capsys)
    assert status == 1
    assert said in err and "Nothing was imported." in err
    assert "Traceback" not in out + err


# --- generated files ------------------------------------------------------------------------
FIELDS = {
    "people": ["id", "handle", "name", "network", "bio", "followers_count", "protected", "seen_at"],
    "prospects": [
        "person_id",
        "network",
        "pending_handle",
        "added_at",
        "last_engaged_at",
        "notes",
        "tags",
    ],
    "notes": ["person_id", "notes", "updated_at"],
    "tags": ["person_id", "tag"],
    "interactions": ["person_id", "direction", "kind", "at", "post_id", "text"],
}
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON has no NaN
    st.text(max_size=20),
    st.sampled_from(
        [
            T,
            "2026-11-01",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-05:00",
            "ana",
            "@ana",
            "../../2/tweets?x=",
            "inbound",
            "outbound",
            "x",
            "\x1b]52;c;eA==\x07",
            "\ud800",
        ]
    ),
)
json_values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


times = st.one_of(
    # As engage writes them, and in the other spellings of ISO 8601 it never writes.
    st.datetimes(
        min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
    ).map(lambda t: t.isoformat(timespec="microseconds").replace("+00:00", "Z")),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
    ).map(lambda t: t.isoformat()),
)
ids = st.one_of(
    st.sampled_from(["1", "11", "12", "did:plc:ana"]),
    st.integers(min_value=0, max_value=2**70),
    st.text(max_size=8),
)
texts = st.text()
handles = st.one_of(
    st.from_regex(r"@?[A-Za-z0-9_]{1,15}", fullmatch=True),
    st.from_regex(r"@?[a-z0-9]{1,8}\.(bsky\.social|test)", fullmatch=True),
)
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "id": ids,
    "person_id": ids,
    "post_id": ids,
    "handle": handles,
    "pending_handle": handles,
    "name": texts,
    "bio": texts,
    "notes": texts,
    "text": texts,
    "tag": texts,
    "kind": st.one_of(
        st.sampled_from(["mention", "reply", "follow", "like", "thank", "post", "other"]), texts
    ),
    "network": st.sampled_from(["x", "bluesky"]),
    "followers_count": st.integers(min_value=-5, max_value=2**64),
    "protected": st.booleans(),
    "direction": st.sampled_from(["inbound", "outbound"]),
    "tags": st.lists(texts, max_size=3),
    "seen_at": times,
    "added_at": times,
    "last_engaged_at": times,
    "updated_at": times,
    "at": times,
}


@st.composite
def records(draw: st.DrawFn, names: list[str]) -> Any:
    """Mostly a record of the right shape; now and then any JSON value, and
    each field now and then of any type or missing."""
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values)
    record = {}
    for name in names:
        roll = draw(st.integers(0, 39))
        if roll == 0:
            continue
        record[name] = draw(leaves if roll == 1 else FIELD_VALUES[name])
    return record


@st.composite
def export_files(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(json_values)
    doc: dict[str, Any] = dict(HEAD)
    for part, names in FIELDS.items():
        roll = draw(st.integers(0, 9))
        if roll == 0:
            doc[part] = draw(json_values)
        elif roll > 3:
            doc[part] = draw(st.lists(records(names), max_size=4))
    return doc


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=export_files())
def test_any_file_is_imported_whole_or_refused_and_reads_back(
    tmp_path: Path, empty_store_file: Path, doc: Any
) -> None:
    text = json.dumps(doc)
    try:
        data = from_json(text)
    except ExportFormatError as err:
        # A refusal names its record (or says the file as a whole is not one).
        assert REFUSAL_PLACE.match(str(err)), str(err)
        return
    # Only what engage itself records gets in: a known kind for its direction.
    assert all(i.kind in _KINDS[i.direction] for i in data.interactions)
    # A new store for each file (the same path would keep the last file's rows).
    with Store.open(fresh_store_file(empty_store_file, tmp_path / "fresh.db")) as store:
        store.prospects.import_relationships(data)
        exported = to_json(store.prospects.export_relationships())
    # What engage exported imports again and exports back to the same bytes.
    with Store.open(fresh_store_file(empty_store_file, tmp_path / "again.db")) as store:
        store.prospects.import_relationships(from_json(exported))
        assert to_json(store.prospects.export_relationships()) == exported


REFUSAL_PLACE = re.compile(
    r"(people|prospects|notes|tags|interactions)\[\d+\][.: ]"
    r'|"(people|prospects|notes|tags|interactions)" must be a list'
    r"|not JSON|not an engage export|export version"
)


@pytest.mark.parametrize(
    ("direction", "kind"),
    [("inbound", "zap\u001b]0;TITLE\u0007"), ("inbound", "thank"), ("outbound", "follow")],
)
def test_an_interaction_of_a_kind_engage_never_records_is_refused(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    direction: str,
    kind: str,
) -> None:
    doc = {
        **HEAD,
        "people": [{"id": "1", "handle": "ana"}],
        "interactions": [{"person_id": "1", "direction": direction, "kind": kind, "at": T}],
    }
    status, out, err = run_import(doc, tmp_path, capsys)
    assert status == 1
    assert "interactions[0].kind:" in err and "Nothing was imported." in err
    assert "shared.json" in err
    assert "\x1b" not in out + err and "\x07" not in out + err


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=export_files())
def test_engage_import_of_any_file_ends_in_a_message(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any
) -> None:
    status, out, err = run_import(doc, tmp_path, capsys)
    assert status in (0, 1)
    assert "Traceback" not in out + err
    assert ("Imported" in out) if status == 0 else ("Nothing was imported." in err)


@pytest.mark.parametrize(
    ("doc", "said"),
    [
        ({**HEAD, "people": [{"id": 7, "handle": "ana"}]}, "people[0].id: 7 is not a person id"),
        (
            {**HEAD, "people": [{"id": "1\u001b[2J", "handle": "ana"}]},
            "people[0].id: '1\\x1b[2J' is not a person id on x",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana.bsky.social", "network": "bluesky"}]},
            "people[0].id: '1' is not a person id on bluesky",
        ),
        (
            {**HEAD, "people": [{"id": "1", "handle": "ana"}, {"id": "2", "handle": "Ana"}]},
            "people[1].handle: @Ana is already the handle of person '1' in this file",
        ),
        (
            {
                **HEAD,
                "prospects": [{"person_id": "did:plc:nobody", "network": "bluesky", "added_at": T}],
            },
            "prospects[0].person_id: 'did:plc:nobody' is not among the file's people",
        ),
    ],
)
def test_ids_that_are_not_ids_and_people_not_in_the_file_are_refused(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: Any, said: str
) -> None:
    status, out, err = run_import(doc, tmp_path, capsys)
    assert status == 1
    assert said in err and "Nothing was imported." in err
    assert "\x1b" not in out + err
