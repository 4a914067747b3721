"""Counts read as a person says them: "both accounts", never "all 2 accounts"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.text.counting import all_of


def test_two_are_both() -> None:
    assert all_of(2, "accounts") == "both accounts"


@given(st.integers(3, 10_000))
def test_more_than_two_are_all_of_them(count: int) -> None:
    assert all_of(count, "accounts") == f"all {count} accounts"
