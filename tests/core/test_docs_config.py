"""docs/configuration.md names every setting config.py accepts."""

from __future__ import annotations

from pathlib import Path

from engage_tui.config import _SCHEMA

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text("utf-8")
    missing = [
        f"{section}.{key}" if section else key
        for section, keys in _SCHEMA.items()
        for key in keys
        if f"`{section + '.' if section else ''}{key}`" not in text
    ]
    assert missing == []
