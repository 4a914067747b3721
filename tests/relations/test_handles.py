"""Reading a file of handles: forgiving about form, exact about bad rows."""

from __future__ import annotations

from engage_tui.relations.handles import parse_handles


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
