"""What config.toml may hold: each setting's type and range, an
``[[accounts]]`` entry (``AccountConfig``), and the checks that read a file
into a :class:`Config` (``engage_tui.config.load_config`` loads this module
only when there is a file to read)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

from engage_tui.config import Config, ConfigError
from engage_tui.platforms import registry

# The plans an account may name: the network setting kept in Config.plan.
PLANS: tuple[str, ...] = tuple(
    c for n in registry.NETWORKS for s in n.settings if s.attr == "plan" for c in s.choices
)


@dataclass(frozen=True, slots=True)
class AccountConfig:
    name: str
    handle: str | None = None
    plan: str = "pay-per-use"
    api_base: str | None = None


@dataclass(frozen=True, slots=True)
class Between:
    """A number from ``low`` to ``high``, both included. NaN and infinity are
    outside every range, so they are refused too."""

    low: int | float
    high: int | float

    def allows(self, value: Any) -> bool:
        return bool(self.low <= value <= self.high)

    def __str__(self) -> str:
        return f"{self.low} to {self.high}"


@dataclass(frozen=True, slots=True)
class OneOf:
    values: tuple[Any, ...]

    def allows(self, value: Any) -> bool:
        return value in self.values

    def __str__(self) -> str:
        return "one of " + ", ".join(str(v).lower() for v in self.values)


@dataclass(frozen=True, slots=True)
class Length:
    """A string of ``low`` to ``high`` characters, none of them a control character."""

    low: int
    high: int

    def allows(self, value: Any) -> bool:
        return self.low <= len(value) <= self.high and value.isprintable()

    def __str__(self) -> str:
        return f"{self.low} to {self.high} printable characters"


@dataclass(frozen=True, slots=True)
class AnyHandle:
    """A handle on one of the networks engage knows, by that network's rule."""

    def allows(self, value: Any) -> bool:
        return value.isprintable() and registry.network_of_handle(value) is not None

    def __str__(self) -> str:
        rules = [f"{n.display_name} ({n.handle_hint})" for n in registry.NETWORKS]
        return "a handle on " + " or ".join(rules)


Rule = Between | OneOf | Length | AnyHandle
BOOLEAN = OneOf((True, False))
NAME = Length(1, 64)
SOURCE_SECONDS = Between(10, 604_800)  # ten seconds to a week
KEYS = Length(1, 100)

# (section, key) -> (Config attribute, accepted types, the range it must be in).
# Every setting has a range: an unbounded number once crashed a pane (a
# timedelta of 10**12 days) or stopped every sync (a sleep too long for the OS).
_Check = tuple[str, tuple[type, ...], Rule]
_SCHEMA: dict[str | None, dict[str, _Check]] = {
    None: {
        "theme": ("theme", (str,), NAME),
        "account": ("account", (str,), NAME),
    },
    "sync": {
        "interval_seconds": ("sync_interval_seconds", (int,), Between(10, 86_400)),
        "first_sync_days": ("first_sync_days", (int,), Between(1, 30)),
        "mirror_watchlist": ("mirror_watchlist", (bool,), BOOLEAN),
    },
    "session": {
        "minutes": ("session_minutes", (int,), Between(1, 240)),
        "stale_days": ("stale_days", (int,), Between(1, 3650)),
        "undo_seconds": ("undo_seconds", (int, float), Between(0, 60)),
    },
    "inbox": {
        "advance_after_answer": ("advance_after_answer", (bool,), BOOLEAN),
        "compose_next_after_send": ("compose_next_after_send", (bool,), BOOLEAN),
    },
    # Each network's own table, as its descriptor states it.
    **{
        n.name: {s.key: (s.attr, (str,), OneOf(s.choices)) for s in n.settings}
        for n in registry.NETWORKS
        if n.settings
    },
}
# The tables: sync.sources.<name> = seconds, keymap.<id> = "keys", and the
# [[accounts]] entries' fields.
TABLE_RULES: dict[str, Rule] = {"sync.sources.<name>": SOURCE_SECONDS, "keymap.<id>": KEYS}
_ACCOUNT_KEYS: dict[str, Rule] = {
    "name": NAME,
    "handle": AnyHandle(),
    "plan": OneOf(PLANS),
    "api_base": Length(1, 2048),
}


def build(path: Path, data: dict[str, Any]) -> Config:
    values: dict[str, Any] = {}
    known_top = set(_SCHEMA[None]) | {s for s in _SCHEMA if s} | {"keymap", "accounts"}
    for key, value in data.items():
        if key in _SCHEMA[None]:
            values.update(_checked(path, None, key, value))
        elif key in _SCHEMA and key is not None:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: [{key}] must be a table.")
            for sub, subvalue in value.items():
                if key == "sync" and sub == "sources":
                    values["source_intervals"] = MappingProxyType(
                        _int_table(path, "sync.sources", subvalue)
                    )
                elif sub in _SCHEMA[key]:
                    values.update(_checked(path, key, sub, subvalue))
                else:
                    known = set(_SCHEMA[key]) | ({"sources"} if key == "sync" else set())
                    raise ConfigError(_unknown(path, f"{key}.{sub}", sub, known), sub)
        elif key == "keymap":
            values["keymap"] = MappingProxyType(_str_table(path, "keymap", value))
        elif key == "accounts":
            values["accounts"] = _accounts(path, value)
        else:
            raise ConfigError(_unknown(path, key, key, known_top), key)
    return Config(**values)


def _checked(path: Path, section: str | None, key: str, value: Any) -> dict[str, Any]:
    attr, types, check = _SCHEMA[section][key]
    where = f"{section}.{key}" if section else key
    # bool is an int in Python; a number setting must not accept true/false.
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        wanted = "a number" if float in types else _type_name(types[0])
        raise ConfigError(
            f"{path}: {where} must be {wanted}, not {_type_name(type(value))} ({value!r}).", key
        )
    if not check.allows(value):
        raise ConfigError(f"{path}: {where} = {value!r} is out of range: use {check}.", key)
    # Checked as a number above; the undo window is kept as a float.
    return {attr: float(cast(float, value)) if attr == "undo_seconds" else value}


def _str_table(path: Path, name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [{name}] must be a table of id = "keys".')
    for key, item in value.items():
        if not isinstance(item, str):
            raise ConfigError(f'{path}: {name}.{key} must be a string of keys, such as "r".', key)
        if not KEYS.allows(item):
            raise ConfigError(f"{path}: {name}.{key} = {item!r} is out of range: use {KEYS}.", key)
    return dict(value)


def _int_table(path: Path, name: str, value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table of source = seconds.")
    for key, item in value.items():
        if not isinstance(item, int) or isinstance(item, bool):
            raise ConfigError(f"{path}: {name}.{key} must be a whole number of seconds.", key)
        if not SOURCE_SECONDS.allows(item):
            raise ConfigError(
                f"{path}: {name}.{key} = {item!r} is out of range: use {SOURCE_SECONDS}.", key
            )
    return dict(value)


def _accounts(path: Path, value: Any) -> tuple[AccountConfig, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{path}: accounts must be written as [[accounts]] tables.")
    out = []
    for n, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ConfigError(f"{path}: accounts entry {n} must be a table.")
        for key, sub in item.items():
            if key not in _ACCOUNT_KEYS:
                raise ConfigError(
                    _unknown(path, f"accounts[{n}].{key}", key, set(_ACCOUNT_KEYS)), key
                )
            if not isinstance(sub, str):
                raise ConfigError(f"{path}: accounts[{n}].{key} must be a string.", key)
            if not _ACCOUNT_KEYS[key].allows(sub):
                raise ConfigError(
                    f"{path}: accounts[{n}].{key} is out of range: use {_ACCOUNT_KEYS[key]}.", key
                )
        if "name" not in item:
            raise ConfigError(f"{path}: accounts entry {n} needs a name.")
        out.append(AccountConfig(**item))
    return tuple(out)


def _unknown(path: Path, where: str, key: str, known: set[Any]) -> str:
    import difflib  # only on the way to an error message

    names = sorted(str(k) for k in known if k)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else f" Known keys: {', '.join(names)}."
    return f"{path}: unknown setting {where!r}.{hint}"


def _type_name(t: type) -> str:
    return {
        str: "a string",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
    }.get(t, t.__name__)
