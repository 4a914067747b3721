"""Every field of an imported file is one engage itself could have written:
records name people of the file, ids are ids, times are engage's times, tags
are engage's tags. A file is imported whole, or refused whole with a message
naming the record; what is imported exports back as it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.relations.export import _KINDS, ExportFormatError, from_json, to_json
from engage_tui.store import Store
from engage_tui.store.relationship_results import RelationshipData
from tests.conftest import fresh_store_file

HEAD = {"format": "engage-relationships", "version": 1}
T = "2026-11-01T09:00:00.000000Z"
ANA = {"id": "1", "network": "x", "handle": "ana"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        status = main(argv)
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def import_file(doc: Any, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    path.write_text(json.dumps(doc), "utf-8")
    return run(["import", str(path)], capsys)


def like(**fields: Any) -> dict[str, Any]:
    return {"person_id": "1", "direction": "inbound", "kind": "like", "at": T, **fields}


# --- one test per refusal ----------------------------------------------------------
@pytest.mark.parametrize(
    ("part", "record", "said"),
    [
        (
            "notes",
            {"person_id": "2", "notes": "met at the meetup", "updated_at": T},
            "notes[0].person_id: '2' is not among the file's people",
        ),
        ("tags", {"person_id": "2", "tag": "founder"}, "tags[0].person_id: '2' is not among"),
        ("interactions", like(person_id="2"), "interactions[0].person_id: '2' is not among"),
        # The file's person is "1": the number 1 is not how engage writes them.
        ("interactions", like(person_id=1), "interactions[0].person_id: 1 is not among"),
    ],
)
def test_a_record_naming_someone_not_in_the_file_is_refused(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    part: str,
    record: dict[str, Any],
    said: str,
) -> None:
    doc = {**HEAD, "people": [ANA], part: [record]}
    status, _out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert said in err and "Nothing was imported." in err


def test_a_watched_person_given_by_number_is_refused(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = {**HEAD, "people": [ANA], "prospects": [{"person_id": 1, "added_at": T}]}
    status, _out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert "prospects[0].person_id: 1 is not among the file's people" in err


@pytest.mark.parametrize(
    ("post_id", "said"),
    [
        (200, "interactions[0].post_id: 200 is not a post id"),
        ("", "interactions[0].post_id: '' is not a post id"),
        ("200\x1b]0;TITLE\x07", "interactions[0].post_id: '200\\x1b]0;TITLE\\x07' is not a post"),
        ("200 201", "interactions[0].post_id: '200 201' is not a post id"),
        ("\u202e002", "interactions[0].post_id: '\\u202e002' is not a post id"),
        pytest.param(
            "9" * 3001,
            "is not a post id (engage writes null or one printable word of at most",
            id="3001-characters",
        ),
    ],
)
def test_a_post_id_that_is_not_one_is_refused(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], post_id: Any, said: str
) -> None:
    doc = {**HEAD, "people": [ANA], "interactions": [like(post_id=post_id)]}
    status, out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert said in err and "Nothing was imported." in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


@pytest.mark.parametrize(
    "at",
    [
        "2026-11-01T10:00:00.000000+01:00",  # the same moment, not as engage writes it
        "2026-11-01T09:00:00Z",
        "2026-11-01",
        "2026-11-01T09:00:00.000000",
        "2026-11-01 09:00:00.000000Z",
        "٢٠٢٦-11-01T09:00:00.000000Z",  # Arabic-Indic digits, which fromisoformat reads
    ],
)
def test_a_time_not_written_as_engage_writes_it_is_refused(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], at: str
) -> None:
    doc = {**HEAD, "people": [ANA], "interactions": [like(at=at)]}
    status, _out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert "interactions[0].at:" in err and "is not a time engage can store" in err
    assert "engage writes times like 2026-11-20T14:00:00.000000Z" in err


@pytest.mark.parametrize(
    "tag",
    ["Founder", "two words", "a,b", " founder", "x\x1b[2J", "\u202eevil", ""],
)
def test_a_tag_engage_would_never_store_is_refused(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str
) -> None:
    doc = {**HEAD, "people": [ANA], "tags": [{"person_id": "1", "tag": tag}]}
    status, out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert "tags[0].tag:" in err and "is not a tag engage stores" in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


def test_a_tag_of_a_handle_still_to_be_looked_up_is_checked_too(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prospect = {"pending_handle": "bo", "added_at": T, "tags": ["ok", "Not OK"]}
    status, _out, err = import_file({**HEAD, "prospects": [prospect]}, tmp_path / "s.json", capsys)
    assert status == 1
    assert "prospects[0].tags[1]: 'Not OK' is not a tag engage stores" in err


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"notes": "founder"}, "notes"),
        ({"tags": ["founder"]}, "tags"),
        ({"pending_handle": "bo"}, "pending_handle"),
    ],
)
def test_notes_or_tags_on_a_watched_person_are_refused_not_dropped(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: dict[str, Any],
    field: str,
) -> None:
    # engage writes a watched person's notes and tags in "notes" and "tags";
    # the import used to drop these without a word.
    prospect = {"person_id": "1", "network": "x", "added_at": T, **extra}
    doc = {**HEAD, "people": [ANA], "prospects": [prospect]}
    status, _out, err = import_file(doc, tmp_path / "shared.json", capsys)
    assert status == 1
    assert f"prospects[0].{field}: only a prospect without a person_id has one" in err


# --- generated documents -------------------------------------------------------------
SAFE_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
TIMES = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.just(UTC)
).map(lambda t: t.isoformat(timespec="microseconds").replace("+00:00", "Z"))
TAGS = st.from_regex(r"[a-z0-9_\-]{1,10}", fullmatch=True)


def _person(n: int, bluesky: bool) -> dict[str, Any]:
    if bluesky:
        return {"id": f"did:plc:p{n}", "network": "bluesky", "handle": f"p{n}.bsky.social"}
    return {"id": str(1000 + n), "network": "x", "handle": f"p{n}"}


def _post_ids(person: dict[str, Any]) -> st.SearchStrategy[str | None]:
    if person["network"] == "bluesky":
        uri = st.from_regex(r"[a-z0-9]{4,13}", fullmatch=True).map(
            lambda key: f"at://{person['id']}/app.bsky.feed.post/{key}"
        )
        return st.one_of(st.none(), uri)
    return st.one_of(st.none(), st.integers(1, 10**19).map(str))


@st.composite
def good_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A file engage could have written: every record names one of its people."""
    people = [
        {
            **_person(n, draw(st.booleans())),
            "name": draw(SAFE_TEXT),
            "bio": draw(SAFE_TEXT),
            "followers_count": draw(st.one_of(st.none(), st.integers(0, 2**63 - 1))),
            "protected": draw(st.booleans()),
            "seen_at": draw(st.one_of(st.none(), TIMES)),
        }
        for n in range(draw(st.integers(1, 4)))
    ]
    who = st.sampled_from(people)

    @st.composite
    def interaction(d: st.DrawFn) -> dict[str, Any]:
        person = d(who)
        direction = d(st.sampled_from(sorted(_KINDS, key=lambda k: k.value)))
        return {
            "person_id": person["id"],
            "direction": direction.value,
            "kind": d(st.sampled_from(sorted(_KINDS[direction]))),
            "at": d(TIMES),
            "post_id": d(_post_ids(person)),
            "text": d(st.one_of(st.none(), SAFE_TEXT)),
        }

    watched = draw(st.lists(who, max_size=3, unique_by=lambda p: p["id"]))
    pending = [
        {
            "person_id": None,
            "network": "x",
            "pending_handle": f"new{n}",
            "added_at": draw(TIMES),
            "last_engaged_at": None,
            "notes": draw(SAFE_TEXT),
            "tags": draw(st.lists(TAGS, max_size=2, unique=True)),
        }
        for n in range(draw(st.integers(0, 2)))
    ]
    return {
        **HEAD,
        "people": people,
        "prospects": [
            {
                "person_id": p["id"],
                "network": p["network"],
                "added_at": draw(TIMES),
                "last_engaged_at": draw(st.one_of(st.none(), TIMES)),
            }
            for p in watched
        ]
        + pending,
        "notes": [
            {"person_id": draw(who)["id"], "notes": draw(SAFE_TEXT), "updated_at": draw(TIMES)}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "tags": [
            {"person_id": draw(who)["id"], "tag": draw(TAGS)}
            for _ in range(draw(st.integers(0, 3)))
        ],
        "interactions": draw(st.lists(interaction(), max_size=4)),
    }


# A value for each field that engage never writes there, on its own (not
# because of another record): a document with one of them is refused, by place.
BAD: dict[str, list[Any]] = {
    "id": [7, "1\x1b[2J", "did:plc:x\x07", "not an id"],
    "person_id": ["did:plc:nobody", 1000, "1\x1b]0;t\x07", ""],
    "network": ["mastodonx", 3],
    "handle": ["not a handle!", "\x1b[2Jana", 5],
    "pending_handle": ["not a handle!", 5],
    "name": [5, ["x"]],
    "bio": [5, {"a": 1}],
    "notes": [5, "\ud800"],
    "text": [5, True],
    "tag": ["Founder", "two words", "a,b", "", "x\x07", 3],
    "tags": [["Founder"], "founder", [3]],
    "kind": ["zap", "zap\x1b]0;TITLE\x07", 1],
    "direction": ["sideways", None],
    "post_id": [5, "", "a b", "x\x1b]0;t\x07", "9" * 3001, True],
    "at": ["2026-11-01T09:00:00Z", "2026-11-01", "0000-01-01T00:00:00.000000Z", 1.5, None],
    "added_at": ["2026-02-30T00:00:00.000000Z", "2026-11-01T10:00:00.000000+01:00", 0],
    "updated_at": ["9999-12-31T23:59:59-05:00", "", None],
    "last_engaged_at": ["yesterday", 1700000000],
    "seen_at": ["2026-11-01T09:00:00.000000", []],
    "followers_count": [-1, 1.5, "5"],
    "protected": ["yes", 1],
}


@st.composite
def spoiled_documents(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A good document with one field of one record made bad; and the place."""
    doc = draw(good_documents())
    places = [
        (part, n, field)
        for part in ("people", "prospects", "notes", "tags", "interactions")
        for n, record in enumerate(doc[part])
        for field in record
        if field in BAD
        # A pending prospect may have no notes or tags; a watched one none at all.
        and not (part == "prospects" and field in ("notes", "tags") and record["person_id"])
        # Without its person_id, a prospect is one still to be looked up.
        and not (part == "prospects" and field == "person_id")
    ]
    part, n, field = draw(st.sampled_from(places))
    doc[part][n][field] = draw(st.sampled_from(BAD[field]))
    return doc, f"{part}[{n}]"


def _exported_after_import(text: str, template: Path, path: Path) -> tuple[RelationshipData, str]:
    """What a fresh store exports after importing ``text``."""
    path.unlink(missing_ok=True)
    with Store.open(fresh_store_file(template, path)) as store:
        store.prospects.import_relationships(from_json(text))
        data = store.prospects.export_relationships()
    return data, to_json(data)


GENERATED = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@GENERATED
@given(doc=good_documents())
def test_a_file_engage_could_write_is_imported_and_exports_back_the_same(
    tmp_path: Path, empty_store_file: Path, doc: dict[str, Any]
) -> None:
    sent = from_json(json.dumps(doc))
    data, first = _exported_after_import(json.dumps(doc), empty_store_file, tmp_path / "a.db")
    # Nothing in the file is dropped on the way in.
    key = lambda i: (i.person_id, i.direction, i.kind, i.at, i.post_id)  # noqa: E731
    assert {key(i) for i in data.interactions} == {key(i) for i in sent.interactions}
    assert set(data.tags) == set(sent.tags)
    # A note replaces the one before it unless it says the same words.
    notes: dict[str, tuple[str, datetime]] = {}
    for note in sent.notes:
        if notes.get(note.person_id, ("",))[0] != note.notes:
            notes[note.person_id] = (note.notes, note.updated_at)
    assert {n.person_id: (n.notes, n.updated_at) for n in data.notes} == {
        pid: note for pid, note in notes.items() if note[0]
    }
    assert {p.person_id or p.pending_handle for p in data.prospects} == {
        p.person_id or p.pending_handle for p in sent.prospects
    }
    # And what engage exported is read back to the same bytes.
    _again, second = _exported_after_import(first, empty_store_file, tmp_path / "b.db")
    assert second == first


@GENERATED
@given(spoiled=spoiled_documents())
def test_a_file_with_one_bad_field_is_refused_naming_its_record(
    spoiled: tuple[dict[str, Any], str],
) -> None:
    doc, place = spoiled
    with pytest.raises(ExportFormatError) as refused:
        from_json(json.dumps(doc))
    assert str(refused.value).startswith(place)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=good_documents(), spoiled=spoiled_documents())
def test_a_refused_file_changes_nothing_in_the_store(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    first: dict[str, Any],
    spoiled: tuple[dict[str, Any], str],
) -> None:
    status, out, err = import_file(first, tmp_path / "first.json", capsys)
    assert status == 0, err
    before = run(["export"], capsys)
    doc, place = spoiled
    status, out, err = import_file(doc, tmp_path / "spoiled.json", capsys)
    assert status == 1
    assert f": {place}" in err and "Nothing was imported." in err
    assert "Traceback" not in out + err and "\x1b" not in out + err
    assert run(["export"], capsys) == before
