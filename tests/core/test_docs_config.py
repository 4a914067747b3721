"""docs/configuration.md names every setting config.py accepts, with its range."""

from __future__ import annotations

from pathlib import Path

from engage_tui.config import _ACCOUNT_KEYS, _SCHEMA, TABLE_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def _rows() -> dict[str, str]:
    """The Keys table: the key column's text -> its range column's text."""
    rows = {}
    for line in DOC.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows[cells[0].strip("`")] = cells[2]
    return rows


def test_every_setting_is_documented_with_its_range() -> None:
    rows = _rows()
    settings = {
        f"{section}.{key}" if section else key: rule
        for section, keys in _SCHEMA.items()
        for key, (_attr, _types, rule) in keys.items()
    }
    settings.update(TABLE_RULES)
    wrong = {
        name: (rows.get(name), str(rule))
        for name, rule in settings.items()
        if rows.get(name) != str(rule)
    }
    assert wrong == {}


def test_every_account_field_is_documented_with_its_range() -> None:
    documented = _rows()["accounts"]
    missing = [f"`{key}` {rule}" for key, rule in _ACCOUNT_KEYS.items()]
    assert [m for m in missing if m not in documented] == []
