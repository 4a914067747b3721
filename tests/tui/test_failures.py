"""Failures do not go silent: a pane whose load fails says so, once, in plain words."""

from __future__ import annotations

import sqlite3

import pytest

from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.helpers import inbox_ready, notices, settle, until

SIZE = (120, 40)


def _fails(error: BaseException):
    def raiser(*args: object, **kwargs: object) -> object:
        raise error

    return raiser


async def test_a_pane_whose_load_fails_says_so(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store.drafts, "all", _fails(sqlite3.OperationalError("disk I/O error")))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("3")
        await until(pilot, lambda: any("load your drafts" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "load your drafts" in n)
        assert "disk I/O error" in notice and "Traceback" not in notice


async def test_a_read_only_database_is_named_as_such_not_as_damage(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = sqlite3.OperationalError("attempt to write a readonly database")
    error.sqlite_errorcode = 8  # SQLITE_READONLY
    monkeypatch.setattr(store.prospects, "listing", _fails(error))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: any("load your prospects" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "load your prospects" in n)
        assert "read-only" in notice and "move the file aside" not in notice


async def test_the_status_bar_count_failing_is_not_swallowed(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        store.usage, "month_spend", _fails(sqlite3.OperationalError("disk I/O error"))
    )
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await until(pilot, lambda: any("count what is queued" in n for n in notices(app)), "n")


async def test_the_same_failure_is_told_once_not_on_every_reload(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store.inbox, "count", _fails(sqlite3.OperationalError("disk I/O error")))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        for _ in range(3):
            app.screen.reload()  # type: ignore[attr-defined]
            await settle(pilot)
        assert sum("count the inbox" in n for n in notices(app)) == 1


async def test_a_bug_in_a_pane_is_reported_as_one(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store.drafts, "all", _fails(KeyError("oops")))
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("3")
        await until(pilot, lambda: any("load your drafts" in n for n in notices(app)), "notice")
        notice = next(n for n in notices(app) if "load your drafts" in n)
        assert "a bug in engage" in notice
