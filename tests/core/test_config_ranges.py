"""Every setting has a range: whatever a config.toml holds, engage either
runs with values inside the documented ranges or stops with one message
naming the file and the line (exit 2), never a traceback."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.config import (
    _ACCOUNT_KEYS,
    _SCHEMA,
    SOURCE_SECONDS,
    Config,
    ConfigError,
    load_config,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Once crashed the prospects pane: a timedelta of 10**12 days.
        ("[session]\nstale_days = 999999999999\n", "session.stale_days = 999999999999"),
        # Once made every sync fail silently: a wait too long for the OS.
        ("[sync]\ninterval_seconds = 10000000000000\n", "sync.interval_seconds = 10000000000000"),
        ("[sync.sources]\nfollowers = 99999999999\n", "sync.sources.followers"),
        ("[session]\nundo_seconds = nan\n", "session.undo_seconds = nan"),
        ("[session]\nundo_seconds = inf\n", "session.undo_seconds = inf"),
        ('theme = "nord\\u001b]0;x\\u0007"\n', "theme ="),
        ('[keymap]\n"inbox.reply" = ""\n', "keymap.inbox.reply"),
    ],
)
def test_a_value_past_its_range_is_refused_at_its_line(
    tmp_path: Path, text: str, said: str
) -> None:
    path = write(tmp_path, "# my settings\n" + text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message and said in message
    assert "(line 3)" in message or "(line 2)" in message
    assert "use " in message


def test_a_float_where_a_whole_number_belongs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="interval_seconds must be a whole number"):
        load_config(write(tmp_path, "[sync]\ninterval_seconds = 1e13\n"))


def test_the_edges_of_each_range_are_accepted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[sync]\ninterval_seconds = 86400\nfirst_sync_days = 30\n"
        "[sync.sources]\nmentions = 604800\n"
        "[session]\nminutes = 240\nstale_days = 3650\nundo_seconds = 0\n",
    )
    config = load_config(path)
    assert (config.sync_interval_seconds, config.stale_days, config.undo_seconds) == (
        86400,
        3650,
        0.0,
    )


# --- generated values for every key ------------------------------------------------------
toml_values = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, 9, 10, 30, 60, 240, 3650, 86_400, 604_800, 10**12, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=80),
    st.sampled_from(["pay-per-use", "basic", "nord", "\x1b]52;c;eA==\x07", ""]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
every_key = [(section, key) for section, keys in _SCHEMA.items() for key in keys]
every_key += [("sync.sources", "mentions"), ("keymap", "inbox.reply")]


def _doc(section: str | None, key: str, value: Any) -> dict[str, Any]:
    if section is None:
        return {key: value}
    doc: dict[str, Any] = {}
    table = doc
    for part in section.split("."):
        table = table.setdefault(part, {})
    table[key] = value
    return doc


def _in_range(config: Config) -> bool:
    for keys in _SCHEMA.values():
        for attr, _types, rule in keys.values():
            value = getattr(config, attr)
            if value is not None and not rule.allows(value):
                return False
    return all(SOURCE_SECONDS.allows(v) for v in config.source_intervals.values())


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(every_key), value=toml_values)
def test_any_value_of_any_key_loads_in_range_or_is_refused_by_name(
    tmp_path: Path, where: tuple[str | None, str], value: Any
) -> None:
    section, key = where
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(_doc(section, key, value)), "utf-8")
    try:
        config = load_config(path)
    except ConfigError as err:
        assert str(path) in str(err) and key in str(err)
        return
    assert _in_range(config)
    if isinstance(value, float) and not math.isfinite(value):
        raise AssertionError(f"{value} was accepted for {where}")


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(_ACCOUNT_KEYS)), value=toml_values)
def test_any_account_field_loads_in_range_or_is_refused(
    tmp_path: Path, field: str, value: Any
) -> None:
    path = tmp_path / "config.toml"
    entry = {"name": "shop", field: value}
    path.write_text(tomli_w.dumps({"accounts": [entry]}), "utf-8")
    try:
        config = load_config(path)
    except ConfigError as err:
        assert str(path) in str(err)
        return
    account = config.accounts[0]
    assert all(
        rule.allows(getattr(account, name))
        for name, rule in _ACCOUNT_KEYS.items()
        if getattr(account, name) is not None
    )


def test_the_cli_refuses_an_unbounded_setting_with_exit_2(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = engage_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[session]\nstale_days = 999999999999\n", "utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["prospects", "list"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"{config} (line 2): session.stale_days = 999999999999 is out of range" in err
    assert "use 1 to 3650" in err
