"""The keys line is never cut without a mark: it shows whole entries, and when
they do not all fit it ends in "…" (clicked, it opens the help, which lists
them all). The inbox shows its snooze key."""

from __future__ import annotations

import pytest

from engage_tui.store import Store
from engage_tui.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import make_app
from tests.tui.helpers import inbox_ready, settle

# The inbox's keys as the bar shows them, in order.
INBOX = [
    "⏎ Open",
    "r Reply",
    "l Like/unlike",
    "t Thank",
    "e Mark done",
    "z Snooze",
    "f Filter",
    "/ Search",
    "p Add to prospects",
    "o Open in browser",
    "? Help",
    "u Undo",
]


def _left_part(bar: KeyBar) -> str:
    line = "".join(segment.text for segment in bar.render_line(0))
    return line.split("▏")[0].rstrip()


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
async def test_the_inbox_keys_line_shows_whole_entries_and_ends_in_a_mark_when_cut(
    store: Store, width: int
) -> None:
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        left = _left_part(app.screen.query_one(KeyBar))
    drawn = ["".join(f" {entry} " for entry in INBOX[:n]) for n in range(len(INBOX) + 1)]
    if left == drawn[-1].rstrip():
        return  # every key fits
    # Cut: the first entries, each whole, then the mark.
    assert any(left == f"{prefix} …" for prefix in drawn[1:-1]), left


@pytest.mark.parametrize("width", [80, 120])
async def test_the_inbox_shows_its_snooze_key(store: Store, width: int) -> None:
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await inbox_ready(pilot)
        await settle(pilot)
        assert "z Snooze" in _left_part(app.screen.query_one(KeyBar))
