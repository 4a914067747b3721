"""docs/keybindings.md must say what the code binds."""

from __future__ import annotations

from pathlib import Path

from engage_tui.tui.catalogue import all_bindings
from engage_tui.tui.keydocs import render_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "keybindings.md"


def test_keybindings_doc_matches_the_code() -> None:
    assert DOC.read_text("utf-8") == render_markdown(), (
        "docs/keybindings.md is out of date: run `python scripts/gen_keybindings.py`"
    )


def test_every_binding_id_is_unique() -> None:
    ids = [info.id for info in all_bindings()]
    assert len(ids) == len(set(ids))
