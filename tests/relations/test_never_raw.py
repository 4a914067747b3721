"""Stored and imported text leaves engage as text: never run by a terminal,
never run by a spreadsheet, never used as a handle when it is not one."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.domain import Direction, Interaction, Person, Prospect
from engage_tui.paths import default_paths
from engage_tui.platforms.base import PullResult
from engage_tui.relations.export import CSV_COLUMNS, csv_cell, to_csv
from engage_tui.relations.handles import check_handle, parse_handles
from engage_tui.store import Store
from engage_tui.store.relationship_results import NoteRecord, RelationshipData
from tests.cli_run import run_engage_bytes
from tests.relations.conftest import NOW, K, event, pull

# What a hostile tweet, profile or shared file may carry.
HOSTILE = [
    "\x1b]0;owned title\x07",  # OSC 0: window title
    "\x1b]2;owned title\x1b\\",  # OSC 2, ended by ST
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[31m",  # CSI: clear, colour
    "\x1bP+q544e\x1b\\",  # DCS
    "\x9b31m\x9d0;c1 title\x9c",  # 8-bit C1 CSI and OSC
    "bell\x07nul\x00del\x7f",
    "\u202eevil\u202c \u2066iso\u2069",  # bidi override and isolate
]
hostile_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=6).map("".join),
)

# Bytes a terminal acts on: C0 except tab and newline, DEL, C1 (in UTF-8: C2 80-9F),
# bidi embeddings/overrides (E2 80 AA-AE) and isolates (E2 81 A6-A9).
TERMINAL_CONTROL = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
AT = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def _data(name: str, note: str, text: str, tag: str, handle: str) -> RelationshipData:
    who = Person("7", handle, name, network="x")
    return RelationshipData(
        people=(who,),
        prospects=(
            Prospect("7", AT, notes=note),
            Prospect("", AT, notes=note, pending_handle=handle),
        ),
        notes=(NoteRecord("7", note, AT),),
        tags=(("7", tag),),
        interactions=(Interaction("7", Direction.INBOUND, "mention", AT, "99", text),),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=hostile_text, note=hostile_text, text=hostile_text, tag=hostile_text, handle=hostile_text
)
def test_csv_export_holds_no_control_character_and_reads_back_cell_for_cell(
    name: str, note: str, text: str, tag: str, handle: str
) -> None:
    written = to_csv(_data(name, note, text, tag, handle))
    assert TEXT_CONTROL.search(written) is None
    rows = list(csv.reader(io.StringIO(written)))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["prospect", "prospect", "note", "tag", "interaction"]
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)
    name_col, text_col = CSV_COLUMNS.index("name"), CSV_COLUMNS.index("text")
    assert rows[3][name_col] == csv_cell(name)
    assert rows[1][text_col] == csv_cell(note)
    assert rows[5][text_col] == csv_cell(text)
    assert rows[4][text_col] == csv_cell(tag)
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_spreadsheet_formulas_are_neutralised_and_plain_text_kept() -> None:
    assert csv_cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert csv_cell("+1 555") == "'+1 555"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("met at PyCon = great") == "met at PyCon = great"
    assert csv_cell("\x1b]52;c;eA==\x07=1") == "'=1"


# --- the bytes the CLI writes --------------------------------------------------------------
def engage_bytes(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    return run_engage_bytes(*args, home=home)


def process_bytes(*args: str, home: Path) -> subprocess.CompletedProcess[bytes]:
    """Every byte a real process writes, its own or a library's."""
    env = {**os.environ, "ENGAGE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        capture_output=True,
        env=env,
        check=False,
    )


def _hostile_store(home: Path) -> None:
    evil = "".join(HOSTILE)
    mallory = Person("66", f"mal{HOSTILE[0]}", f"Mallory {evil}", bio=evil, network="x")
    with Store.open(default_paths({"ENGAGE_HOME": str(home)}).database) as store:
        store.sync_state.apply_pull(
            "test",
            PullResult(events=[event(K.FOLLOW, mallory, NOW)], people=[mallory], posts=[]),
            NOW,
        )
        store.prospects.add(mallory.id, NOW - timedelta(days=1))
        store.prospects.set_notes(mallory.id, f"first line {evil}\nsecond {evil}")
        store.prospects.set_tags(mallory.id, [f"tag{HOSTILE[3]}", f"t{HOSTILE[6]}"])
        # A pending handle stored before handles were checked on the way in.
        store.prospects.add(None, NOW, pending_handle=f"../../2/tweets?x={HOSTILE[1]}")
        store.prospects.set_pending_notes(f"../../2/tweets?x={HOSTILE[1]}", evil)


def test_no_cli_printer_writes_a_terminal_control_byte(engage_home: Path) -> None:
    _hostile_store(engage_home)
    runs = {
        "list": process_bytes("prospects", "list", home=engage_home),
        "list --json": process_bytes("prospects", "list", "--json", home=engage_home),
        "export csv": process_bytes("export", "--format", "csv", home=engage_home),
        "export json": process_bytes("export", home=engage_home),
        "remove": process_bytes("prospects", "remove", f"x{HOSTILE[3]}", home=engage_home),
        "add": process_bytes("prospects", "add", f"x{HOSTILE[0]}", home=engage_home),
    }
    for what, run in runs.items():
        assert run.stdout or run.stderr, what
        for stream in (run.stdout, run.stderr):
            assert TERMINAL_CONTROL.search(stream) is None, (what, stream[:300])
    shown = runs["list"].stdout.decode()
    assert "Mallory" not in shown  # the list shows handles, never the profile
    assert "first line" in shown and "owned title" not in shown
    assert b"Traceback" not in runs["remove"].stderr + runs["add"].stderr


def test_json_printed_to_the_terminal_still_holds_the_data_exactly(engage_home: Path) -> None:
    _hostile_store(engage_home)
    listed = json.loads(engage_bytes("prospects", "list", "--json", home=engage_home).stdout)
    notes = {r["handle"]: r["notes"] for r in listed}
    assert notes[f"mal{HOSTILE[0]}"].startswith("first line \x1b]0;owned title\x07")


# --- handles are handles ---------------------------------------------------------------
def test_x_handles_follow_xs_rule() -> None:
    assert check_handle("@ana_B2") == "ana_B2"
    assert check_handle("  jack  ") == "jack"
    assert check_handle("a" * 15) == "a" * 15
    for bad in ("../../2/tweets?x=", "@@ana", "a" * 16, "", "@", "ana smith", "ana\x1b[2J", "ånа"):
        assert check_handle(bad) is None, bad


@given(st.text())
def test_whatever_passes_the_handle_rule_is_safe_in_a_url_path(raw: str) -> None:
    handle = check_handle(raw)
    if handle is not None:
        assert re.fullmatch(r"[A-Za-z0-9_]{1,15}", handle)


def test_prospects_add_refuses_a_path_for_a_handle(engage_home: Path) -> None:
    done = engage_bytes("prospects", "add", "../../2/tweets?x=", home=engage_home)
    assert done.returncode == 1
    assert b"is not an X handle" in done.stdout
    listed = engage_bytes("prospects", "list", "--json", home=engage_home).stdout
    assert json.loads(listed) == []


def test_import_refuses_a_file_whose_pending_handle_is_not_a_handle(
    tmp_path: Path, engage_home: Path
) -> None:
    doc = {
        "format": "engage-relationships",
        "version": 1,
        "prospects": [{"pending_handle": "../../2/tweets?x=", "added_at": "2026-11-01T00:00:00Z"}],
    }
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(doc), "utf-8")
    done = engage_bytes("import", str(path), home=engage_home)
    assert done.returncode == 1
    assert b"is not an X handle" in done.stderr and b"Nothing was imported" in done.stderr
    listed = engage_bytes("prospects", "list", "--json", home=engage_home).stdout
    assert json.loads(listed) == []


def test_import_refuses_a_person_whose_handle_is_not_a_handle(tmp_path: Path) -> None:
    from engage_tui.relations.export import ExportFormatError, from_json

    doc = {
        "format": "engage-relationships",
        "version": 1,
        "people": [{"id": "5", "handle": "ana/../../x", "name": "Ana"}],
    }
    try:
        from_json(json.dumps(doc))
    except ExportFormatError as err:
        assert "people[0]" in str(err) and "is not an X handle" in str(err)
    else:
        raise AssertionError("a path was accepted as a handle")


# --- CSV lists of handles --------------------------------------------------------------
def test_an_unclosed_quote_is_reported_at_its_own_line() -> None:
    parsed = parse_handles('handle,notes\nana,ok\nbo,"never closed\ncy,x\ndee,y\n')
    assert [r.handle for r in parsed.rows] == ["ana"]
    assert parsed.problems == [
        "line 3: a quote opened on this line is never closed; lines 3-5 skipped"
    ]


def test_a_huge_field_is_reported_and_the_other_rows_kept() -> None:
    parsed = parse_handles("handle,notes\nana," + "x" * 200_000 + "\nbo,fine\n")
    assert [r.handle for r in parsed.rows] == ["bo"]
    assert parsed.problems == ["line 2: a field is longer than 128 KB; line 2 skipped"]


def test_importing_a_csv_with_a_200kb_field_gives_a_message(
    tmp_path: Path, engage_home: Path
) -> None:
    listing = tmp_path / "big.csv"
    listing.write_text("handle,notes\nana," + "x" * 200_000 + "\nbo,fine\n", "utf-8")
    done = engage_bytes("prospects", "import", str(listing), home=engage_home)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"line 2: a field is longer than 128 KB" in done.stdout


# --- a note for someone already watched ------------------------------------------------
def test_a_note_for_a_handle_already_listed_is_added_to_theirs(engage_home: Path) -> None:
    engage_bytes("prospects", "add", "ana", "--notes", "met at PyCon", home=engage_home)
    again = engage_bytes("prospects", "add", "@ANA", "--notes", "wants an intro", home=engage_home)
    assert b"your note was added to theirs" in again.stdout
    same = engage_bytes("prospects", "add", "ana", "--notes", "wants an intro", home=engage_home)
    assert b"already on your prospects list." in same.stdout
    listed = json.loads(engage_bytes("prospects", "list", "--json", home=engage_home).stdout)
    assert [r["notes"] for r in listed] == ["met at PyCon\nwants an intro"]


def test_a_csv_import_keeps_notes_for_people_already_watched(
    tmp_path: Path, engage_home: Path
) -> None:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        from tests.relations.conftest import ANA

        pull(store, [event(K.FOLLOW, ANA, NOW)])
        store.prospects.add(ANA.id, NOW)
    listing = tmp_path / "people.csv"
    listing.write_text("handle,notes\nana,met at PyCon\n", "utf-8")
    done = engage_bytes("prospects", "import", str(listing), home=engage_home)
    assert b"1 already on the list (new notes added to theirs)" in done.stdout
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        assert store.prospects.notes(ANA.id) == "met at PyCon"


csv_pieces = st.lists(
    st.one_of(
        st.sampled_from(
            ['"', ",", "\n", "\r\n", "@ana", "bo_2", "handle", "notes", "\ufeff", "x" * 40, "\x00"]
        ),
        st.sampled_from(HOSTILE),
        st.text(max_size=10),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300)
@given(text=csv_pieces)
def test_any_csv_gives_real_handles_and_problems_by_line(text: str) -> None:
    parsed = parse_handles(text)
    lines = text.count("\n") + text.count("\r") + 2
    for row in parsed.rows:
        assert check_handle(row.handle) == row.handle
        assert 1 <= row.line <= lines
    for problem in parsed.problems:
        number = int(re.match(r"line (\d+): ", problem).group(1))  # type: ignore[union-attr]
        assert 1 <= number <= lines
        assert TEXT_CONTROL.search(problem) is None
    handles = [r.handle.lower() for r in parsed.rows]
    assert len(handles) == len(set(handles))
