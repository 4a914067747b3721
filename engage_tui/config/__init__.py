"""The user's config.toml, read strictly into a frozen object.

config.toml belongs to the user: engage reads it with tomllib and never
writes it (tomli-w would drop their comments). A missing file means
defaults. A broken one stops start-up with one plain message that names the
file and the line or key, with a "did you mean" for a misspelt key.

What a file may hold, and the checks that read one, are in ``rules.py``,
loaded only when there is a file to read: a user who keeps the defaults
does not pay for them (nor for the networks' descriptors they name) at
every start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from engage_tui.config.rules import AccountConfig


class ConfigError(Exception):
    """A config file engage cannot use. ``str(err)`` is the whole message.

    ``key`` is the last part of the setting at fault, when there is one, so
    the message can name its line (tomllib reports lines only for syntax).
    """

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


# An empty table, shared: read-only, so no default needs its own.
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Config(NamedTuple):
    """The settings, config.toml's or the defaults.

    A NamedTuple, not a frozen dataclass: every start builds the class before
    the first frame, and a dataclass costs about ten times more to create
    (its methods are compiled one by one)."""

    theme: str = "textual-dark"
    account: str | None = None  # which [[accounts]] entry `engage` opens
    # [sync]
    sync_interval_seconds: int = 60
    first_sync_days: int = 3
    mirror_watchlist: bool = True
    source_intervals: Mapping[str, int] = _NOTHING
    # [session]
    session_minutes: int = 10
    stale_days: int = 7
    undo_seconds: float = 5.0
    # [inbox]
    advance_after_answer: bool = True
    compose_next_after_send: bool = True
    # a network's table (X's [x]): its descriptor's settings
    plan: str = "pay-per-use"
    accounts: tuple[AccountConfig, ...] = ()
    keymap: Mapping[str, str] = _NOTHING

    def as_toml(self) -> dict[str, Any]:
        """The effective settings laid out as config.toml is, for `engage config show`.

        No secrets live in Config, so all of it may be shown.
        """
        from engage_tui.config.rules import _SCHEMA

        out: dict[str, Any] = {}
        for section, keys in _SCHEMA.items():
            table = out if section is None else out.setdefault(section, {})
            for key, (attr, _types, _check) in keys.items():
                value = getattr(self, attr)
                if value is not None:
                    table[key] = value
        if self.source_intervals:
            out["sync"]["sources"] = dict(self.source_intervals)
        if self.accounts:
            out["accounts"] = [
                {f.name: getattr(a, f.name) for f in fields(a) if getattr(a, f.name) is not None}
                for a in self.accounts
            ]
        if self.keymap:
            out["keymap"] = dict(self.keymap)
        return out


def load_config(path: Path) -> Config:
    """Read ``path``; defaults when it does not exist. Raises ConfigError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as err:
        raise ConfigError(f"Cannot read the config file {path}: {err.strerror}.") from err
    # Imported only when there is a file to read: tomllib costs ~5 ms to import,
    # paid on every start by users who keep the defaults.
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: the file is not UTF-8 text.") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}. Fix that line and start again.") from err
    from engage_tui.config.rules import build

    try:
        return build(path, data)
    except ConfigError as err:
        raise ConfigError(_with_line(err, raw.decode("utf-8")), err.key) from None


def with_line(err: ConfigError, path: Path) -> ConfigError:
    """``err`` naming the line of ``path`` its key is on (for checks made
    after loading, such as the TUI's theme and key names)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return err
    return ConfigError(_with_line(err, text), err.key)


def _with_line(err: ConfigError, text: str) -> str:
    message = str(err)
    if err.key is None:
        return message
    pattern = re.compile(rf"\s*\[*\s*\"?{re.escape(err.key)}\"?\s*(=|\])")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return message.replace(": ", f" (line {number}): ", 1)
    return message


# The rules' names, importable from here as they were before they had a
# module of their own (loading it on first use).
_RULES = frozenset(
    {
        "_ACCOUNT_KEYS",
        "AccountConfig",
        "_SCHEMA",
        "BOOLEAN",
        "KEYS",
        "NAME",
        "PLANS",
        "SOURCE_SECONDS",
        "TABLE_RULES",
        "AnyHandle",
        "Between",
        "Length",
        "OneOf",
        "Rule",
    }
)


def __getattr__(name: str) -> Any:
    if name not in _RULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from engage_tui.config import rules

    return getattr(rules, name)
