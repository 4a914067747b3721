"""Every prospects command ends with one true summary line, and its exit status matches it:
0 when every handle was taken, 1 when some were refused."""

from __future__ import annotations

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
