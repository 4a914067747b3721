"""The status bar: what matters survives a narrow terminal, and a failing store
says so instead of "online"."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from engage_tui.sync.controller import SyncStatus
from engage_tui.tui.widgets.status_bar import LocalCounts, describe
from tests.tui.world import NOW

BUSY = SyncStatus(
    online=True,
    last_sync_at=NOW - timedelta(minutes=3),
    rate_remaining=74,
    month_spend_usd=1.23,
    paused={"followers": NOW + timedelta(minutes=9)},
)
COUNTS = LocalCounts(queued=2, month_spend=1.23, today=7, handed=3)
# 80 columns less the bar's padding.
WIDTH = 78


def test_at_80_columns_the_queue_spend_and_tray_stay() -> None:
    line = describe(BUSY, COUNTS, True, NOW, width=WIDTH, network="X", tray_key="F")
    assert cell_len(line) <= WIDTH
    for part in ("2 queued", "$1.23 this month", "3 to finish on X (F)", "● online"):
        assert part in line


def test_a_wide_terminal_shows_everything() -> None:
    line = describe(BUSY, COUNTS, True, NOW, width=200, network="X", tray_key="F")
    for part in ("74 calls left", "synced 3m ago", "7 today", "paused 9m"):
        assert part in line


def test_a_failing_store_says_so_instead_of_online() -> None:
    problem = (
        "Could not write engage's database (/home/u/.local/share/engage/engage.db): "
        "disk is full. Syncing waits until it can write."
    )
    status = SyncStatus(online=True, message=problem, month_spend_usd=0.5)
    line = describe(status, LocalCounts(queued=1), True, NOW, width=WIDTH)
    assert "online" not in line
    assert line.startswith("▲ Could not write engage's database")
    assert "1 queued" in line and "$0.50 this month" in line
    assert cell_len(line) <= WIDTH


@given(
    message=st.text(max_size=300),
    width=st.integers(min_value=WIDTH, max_value=300),
    handed=st.integers(min_value=0, max_value=10_000),
)
def test_any_problem_message_fits_with_the_queue_and_spend(
    message: str, width: int, handed: int
) -> None:
    status = SyncStatus(online=True, message=message or None, rate_remaining=900)
    counts = LocalCounts(queued=12, month_spend=10.5, today=3, handed=handed)
    line = describe(status, counts, True, NOW, width=width, network="X", tray_key="F")
    assert "12 queued" in line and "$10.50 this month" in line
    assert cell_len(line) <= width


def test_the_tray_key_follows_the_users_keymap() -> None:
    from engage_tui.tui.keymap import key_name

    assert key_name({}, "app.tray") == "F"
    assert key_name({"app.tray": "ctrl+t,H"}, "app.tray") == "ctrl+t"
