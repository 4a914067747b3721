"""Every prospects command ends with one true summary line, and its exit status matches it:
0 when every handle was taken, 1 when some were refused."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.relations.handles import check_handle


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """`engage ARGS` in this process: exit status and the lines it printed."""
    try:
        status = main(list(args))
    except SystemExit as stop:
        status = int(stop.code or 0)
    return status, capsys.readouterr().out.splitlines()


def test_add_with_one_bad_handle_says_so_and_exits_1(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = run(capsys, "prospects", "add", "good_one", "bad!")
    assert status == 1
    assert lines[-1] == (
        "Prospects: 1 added (1 to be looked up at the next sync), 1 refused (see above)."
    )
    assert any("'bad!' is not an X handle" in line for line in lines)


def test_add_of_good_handles_exits_0(engage_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "prospects", "add", "ana")
    status, lines = run(capsys, "prospects", "add", "ana", "bo")
    assert status == 0
    assert lines[-1] == (
        "Prospects: 1 added (1 to be looked up at the next sync), 1 already on the list."
    )


def test_an_empty_csv_adds_nothing_and_does_not_count_earlier_handles(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "prospects", "add", "a1", "a2", "a3", "a4")  # four pending already
    empty = tmp_path / "empty.csv"
    empty.write_text("handle,notes\n", "utf-8")
    status, lines = run(capsys, "prospects", "import", str(empty))
    assert status == 0
    assert lines == [f"Prospects: {empty} holds no handles; nothing added."]


def test_import_lists_refused_lines_before_its_summary_and_exits_1(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "prospects", "add", "ana")
    listing = tmp_path / "people.csv"
    listing.write_text("handle,notes\nana,met at PyCon\nnot valid!,x\nbo\n", "utf-8")
    status, lines = run(capsys, "prospects", "import", str(listing))
    assert status == 1
    assert "  line 3: 'not valid!' is not an X handle" in "\n".join(lines)
    assert lines[-1] == (
        "Prospects: 1 added (1 to be looked up at the next sync), "
        "1 already on the list (new notes added to theirs), 1 refused (see above)."
    )


def test_remove_counts_what_was_not_there_and_exits_1(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "prospects", "add", "ana")
    status, lines = run(capsys, "prospects", "remove", "ana", "nobody")
    assert status == 1
    assert lines[-1] == "Prospects: 1 removed, 1 not on the list (see above)."
    assert run(capsys, "prospects", "remove", "ana") == (
        1,
        [
            "engage: @ana is not on your prospects list.",
            "Prospects: 0 removed, 1 not on the list (see above).",
        ],
    )


def test_list_ends_with_a_count(engage_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "prospects", "add", "ana", "bo")
    status, lines = run(capsys, "prospects", "list")
    assert status == 0
    assert lines[-1] == "2 prospects, 2 stale (!), 2 to be looked up at the next sync."


handles = st.one_of(
    st.from_regex(r"@?[A-Za-z0-9_]{1,15}", fullmatch=True),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(given_handles=st.lists(handles, min_size=1, max_size=6))
def test_any_handles_end_in_a_summary_whose_counts_add_up(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    given_handles: list[str],
) -> None:
    monkeypatch.setenv("ENGAGE_HOME", str(tmp_path_factory.mktemp("home")))
    # "--": a handle may begin with "-", which the shell would hand over as an option.
    status, lines = run(capsys, "prospects", "add", "--", *given_handles)
    checked = [check_handle(h) for h in given_handles]
    refused = sum(1 for h in checked if h is None)
    distinct = len({h.lower() for h in checked if h is not None})
    last = lines[-1]
    assert last.startswith(f"Prospects: {distinct} added")
    assert (f"{refused} refused" in last) == (refused > 0)
    already = len(given_handles) - refused - distinct
    assert (f"{already} already on the list" in last) == (already > 0)
    assert status == (1 if refused else 0)


# --- columns the import does not read ---------------------------------------------------------
def write_csv(path: Path, header: list[str], *rows: list[str]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), "utf-8")
    return path


def test_import_names_the_columns_it_ignored_with_a_did_you_mean_and_exits_0(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = write_csv(
        tmp_path / "people.csv",
        ["Handle", "note", "network", "extra"],
        *[[h, "met at PyCon", "x", "1"] for h in ("ana", "bo", "cy", "dee")],
    )
    status, lines = run(capsys, "prospects", "import", str(listing))
    assert status == 0
    assert lines == [
        "Columns ignored: 'note' (did you mean 'notes'?), 'extra'. "
        "engage reads handle (or username), notes and network.",
        "Prospects: 4 added (4 to be looked up at the next sync), 2 columns ignored (see above).",
    ]


def test_a_hostile_or_huge_column_name_is_shown_escaped_and_cut(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = write_csv(
        tmp_path / "people.csv",
        ["handle", "\x1b]52;c;cm0gLXJmIH4=\x07" + "x" * 100_000],
        ["ana", "1"],
    )
    status, lines = run(capsys, "prospects", "import", str(listing))
    assert status == 0
    assert lines[0].startswith("Columns ignored: '\\x1b]52;c;cm0gLXJmIH4=\\x07xxx")
    assert "xxx...." in lines[0] and len(lines[0]) < 200
    assert lines[-1].endswith(", 1 column ignored (see above).")


def test_a_csv_without_a_header_says_only_its_first_column_was_read(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = write_csv(tmp_path / "people.csv", ["ana", "met at PyCon"], ["bo", "", "x"])
    status, lines = run(capsys, "prospects", "import", str(listing))
    assert status == 0
    assert lines == [
        "Only the first column was read, as handles: with no header row, 2 other columns "
        "were ignored. To import notes or networks, name the columns in the first row: "
        "handle,notes,network.",
        "Prospects: 2 added (2 to be looked up at the next sync), 2 columns ignored (see above).",
    ]


def test_a_misspelt_handle_header_gets_a_did_you_mean(
    engage_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = write_csv(tmp_path / "people.csv", ["Hanlde"], ["ana"])
    status, lines = run(capsys, "prospects", "import", str(listing))
    assert status == 0
    assert lines[0] == (
        "The first line was read as a handle, not a header: did you mean 'handle' for 'Hanlde'?"
    )


# Header cells: any text (control and escape sequences included), the names
# engage reads and near misses, empty cells, and huge ones. "\r" is left out:
# reading the file turns it into "\n", so the name shown would differ.
header_cells = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r")),
    st.sampled_from(["", " ", "handle", "Handle", "username", "notes", "NOTES", "note", "network"]),
    st.sampled_from(["\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "\u202eevil", "\x00"]),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["x", "\x1b", "é", "\x85"]), st.integers(0, 5000)
    ),
)
READ = {"handle", "username", "notes", "network"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(with_handle=st.booleans(), cells=st.lists(header_cells, max_size=8))
def test_any_header_row_imports_and_names_what_it_ignored_as_text(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    with_handle: bool,
    cells: list[str],
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ENGAGE_HOME", str(home / "engage"))
    header = ["handle", *cells] if with_handle else cells
    listing = write_csv(home / "people.csv", header, ["ana"])
    status, lines = run(capsys, "prospects", "import", str(listing))
    said = "\n".join(lines)
    assert status in (0, 1)
    assert not [c for c in said if unicodedata.category(c) == "Cc" and c != "\n"]
    assert lines[-1].startswith("Prospects: ")
    if with_handle:
        assert status == 0 and lines[-1].startswith("Prospects: 1 added")
        for cell in cells:
            name = cell.strip()
            if name and name.lower().lstrip("\ufeff") not in READ:
                # Shown as its repr, cut after 37 characters.
                assert repr(name)[:20] in said
