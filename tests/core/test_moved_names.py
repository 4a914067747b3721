"""Names that moved to modules of their own (so the first frame does not
build them) are still importable where callers found them before, and are
the same objects."""

from __future__ import annotations

import importlib

import pytest

MOVED = [
    ("engage_tui.domain", "Draft", "engage_tui.domain.outbox"),
    ("engage_tui.domain", "OutboxItem", "engage_tui.domain.outbox"),
    ("engage_tui.domain", "ActionRequest", "engage_tui.domain.outbox"),
    ("engage_tui.domain", "Prospect", "engage_tui.domain.prospects"),
    ("engage_tui.domain", "Interaction", "engage_tui.domain.prospects"),
    ("engage_tui.domain", "ProfileFact", "engage_tui.domain.profile"),
    ("engage_tui.domain.models", "Notification", "engage_tui.domain.inbox"),
    ("engage_tui.domain.models", "draft_slot", "engage_tui.domain.outbox"),
    ("engage_tui.domain.models", "NotificationKind", "engage_tui.domain.kinds"),
    ("engage_tui.config", "AccountConfig", "engage_tui.config.rules"),
    ("engage_tui.config", "_SCHEMA", "engage_tui.config.rules"),
    ("engage_tui.config", "PLANS", "engage_tui.config.rules"),
    ("engage_tui.store", "SearchHit", "engage_tui.store.search"),
    ("engage_tui.platforms.network", "SignedIn", "engage_tui.platforms.signed_in"),
    ("engage_tui.tui.keymap", "BindingInfo", "engage_tui.tui.live_bindings"),
    ("engage_tui.tui.keymap", "screen_bindings", "engage_tui.tui.live_bindings"),
]


@pytest.mark.parametrize(("old", "name", "home"), MOVED, ids=[f"{o}.{n}" for o, n, _ in MOVED])
def test_a_moved_name_is_found_where_it_was(old: str, name: str, home: str) -> None:
    found = getattr(importlib.import_module(old), name)
    assert found is getattr(importlib.import_module(home), name)


@pytest.mark.parametrize(
    "module",
    ["engage_tui.domain", "engage_tui.config", "engage_tui.store", "engage_tui.tui.keymap"],
)
def test_a_name_that_never_was_is_still_an_attribute_error(module: str) -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        importlib.import_module(module).no_such_name  # noqa: B018
