"""The "Who engages" bars fit the pane at every width: the bars shrink, then
the handles, each cut with an ellipsis; the counts are never cut (at 80x24
they wrapped onto a second line)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from engage_tui.tui.widgets.bar_chart import bar_lines

handles = st.text(st.sampled_from("abcdefghij_0123456789漢字"), min_size=1, max_size=30).map(
    lambda h: "@" + h
)


@given(
    people=st.lists(st.tuples(handles, st.integers(1, 99_999)), min_size=1, max_size=8),
    room=st.integers(20, 120),
)
def test_every_line_fits_its_room_and_keeps_its_count(
    people: list[tuple[str, int]], room: int
) -> None:
    labels = [label for label, _ in people]
    values = [value for _, value in people]
    lines = bar_lines(labels, values, width=18, room=room)
    for line, label, value in zip(lines, labels, values, strict=True):
        assert cell_len(line) <= room
        assert line.endswith(f" {value}")
        shown = line.split(" ", 1)[0]
        assert label.startswith(shown) or shown.endswith("…")


def test_a_long_handle_is_cut_with_an_ellipsis_not_silently() -> None:
    [line] = bar_lines(["@a_very_long_handle_indeed"], [3], width=18)
    assert line.startswith("@a_very_long_ha… ")
