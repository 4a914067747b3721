"""Reading a file of handles: forgiving about form, exact about bad rows."""

from __future__ import annotations

from engage_tui.relations.handles import IgnoredColumn, parse_handles


def test_one_handle_a_line_with_at_signs_blank_lines_and_spaces() -> None:
    parsed = parse_handles("@ana\n\n  bo_2 \n@Cy\n")
    assert [(r.line, r.handle) for r in parsed.rows] == [(1, "ana"), (3, "bo_2"), (4, "Cy")]
    assert parsed.problems == []


def test_a_csv_with_bom_header_and_notes_column() -> None:
    parsed = parse_handles('\ufeffnotes,handle\n"met at PyCon, 2026",@ana\n,bo\n')
    assert [(r.handle, r.notes) for r in parsed.rows] == [("ana", "met at PyCon, 2026"), ("bo", "")]


def test_bad_rows_are_reported_by_line_and_the_good_ones_kept() -> None:
    parsed = parse_handles("handle\nana\nnot a handle\nthis_is_far_too_long_a_handle\nana\nbo\n")
    assert [r.handle for r in parsed.rows] == ["ana", "bo"]
    assert [p.split(":")[0] for p in parsed.problems] == ["line 3", "line 4", "line 5"]


def test_columns_not_read_are_reported_once_each_with_a_near_miss_named() -> None:
    parsed = parse_handles("handle,Notes,HANDLE,nots,,Name,netwrk,\nana,n,b,c,d,e,f,\n")
    assert [(r.handle, r.notes) for r in parsed.rows] == [("ana", "n")]
    assert parsed.ignored == [
        IgnoredColumn("HANDLE", repeats="handle"),
        IgnoredColumn("nots", repeats=None),  # notes is read already: no guess
        IgnoredColumn(""),  # a cell under a column with no name
        IgnoredColumn("Name"),
        IgnoredColumn("netwrk", meant="network"),
    ]


def test_an_empty_trailing_column_and_an_exports_columns_are_not_reported() -> None:
    assert parse_handles("handle,notes,\nana,n,\n").ignored == []
    export = "record,person_id,handle,network,name,text\nprospect,1,ana,x,Ana,hello\n"
    assert parse_handles(export).ignored == []
