"""Counts said as words a reader expects: "both accounts", not "all 2 accounts"."""

from __future__ import annotations


def all_of(count: int, plural: str) -> str:
    """ "both accounts" for two, "all 3 accounts" for more (and "the 1 ..." never)."""
    return f"both {plural}" if count == 2 else f"all {count} {plural}"
