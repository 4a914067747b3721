"""Failures do not go silent: a pane whose load fails says so, once, in plain words."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Input

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


# --- every worker group, through the one handler -----------------------------
# Each row: the store read that fails, the keys that start the worker reading
# it, and the words the notice names what failed with (its worker's
# description). Typed after the inbox is up, so the first frame's read is not
# the one that fails.
_GROUPS = [
    ("outbox.items", ["F"], "load the tray"),
    ("inbox.window", ["e"], "read the inbox"),
    ("people.complete_handles", ["r", *"@gr"], "complete the @handle"),
    ("drafts.for_key", ["r"], "read your draft"),
    ("prospects.person_summary", ["P"], "load this person"),
    ("today.thank_queue", ["4"], "load Today"),
    ("people.posts_by_person", ["2"], "load their posts"),
]


@pytest.mark.parametrize(("read", "keys", "words"), _GROUPS, ids=[g[2] for g in _GROUPS])
async def test_a_failed_worker_says_what_failed_in_its_own_words(
    app: EngageApp,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    read: str,
    keys: list[str],
    words: str,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        aggregate, method = read.split(".")
        failing = _fails(sqlite3.OperationalError("disk I/O error"))
        monkeypatch.setattr(getattr(store, aggregate), method, failing)
        await pilot.press(*keys)
        await until(pilot, lambda: any(f"Could not {words}" in n for n in notices(app)), words)
        notice = next(n for n in notices(app) if f"Could not {words}" in n)
        assert "disk I/O error" in notice and "Traceback" not in notice


async def test_a_failed_inbox_read_says_so_in_the_list_too(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        monkeypatch.setattr(
            store.inbox, "window", _fails(sqlite3.OperationalError("disk I/O error"))
        )
        listing.reload()
        await until(pilot, lambda: "disk I/O error" in listing.empty_text, "the list's words")
        assert listing.empty_text.startswith("Could not read the inbox")


async def test_a_failed_prospect_lookup_says_what_failed(
    app: EngageApp, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: bool(app.screen.query("#prospect-list")), "prospects")
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        monkeypatch.setattr(
            store.people, "by_handle", _fails(sqlite3.OperationalError("disk I/O error"))
        )
        await pilot.press(*"@newperson", "enter")
        await until(
            pilot, lambda: any("Could not look up the prospect" in n for n in notices(app)), "n"
        )


def test_every_worker_the_tui_starts_names_what_it_does() -> None:
    # The failure notice is built from the description: a worker without one
    # would tell the user "Could not _load()".
    import ast
    from pathlib import Path

    import engage_tui.tui

    missing = []
    for path in Path(engage_tui.tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
            if name in ("work", "run_worker") and not any(
                k.arg == "description" for k in node.keywords
            ):
                missing.append(f"{path.name}:{node.lineno}")
    assert missing == []
