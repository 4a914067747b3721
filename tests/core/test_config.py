from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.config import Config, ConfigError, load_config
from engage_tui.platforms import registry


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert (config.session_minutes, config.stale_days, config.undo_seconds) == (10, 7, 5.0)


def test_settings_are_read_into_a_frozen_object(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "nord"\n[session]\nminutes = 15\nstale_days = 3\nundo_seconds = 2\n'
        "[sync]\ninterval_seconds = 120\n[sync.sources]\nfollowers = 7200\n"
        '[keymap]\n"inbox.reply" = "R"\n[[accounts]]\nname = "shop"\nplan = "basic"\n',
    )
    config = load_config(path)
    assert config.theme == "nord"
    assert config.session_minutes == 15
    assert config.undo_seconds == 2.0
    assert config.source_intervals["followers"] == 7200
    assert config.keymap["inbox.reply"] == "R"
    assert config.accounts[0].plan == "basic"
    with pytest.raises(AttributeError):
        config.theme = "other"  # type: ignore[misc]


def test_misspelt_key_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nminutes = 10\nstale_dayz = 3\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message
    assert "line 3" in message
    assert "Did you mean 'stale_days'?" in message


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n[session\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert "line 2" in str(err.value)


def test_wrong_type_names_the_key_and_the_expected_type(tmp_path: Path) -> None:
    path = write(tmp_path, '[session]\nminutes = "ten"\n')
    with pytest.raises(ConfigError, match=r"session.minutes must be a whole number"):
        load_config(path)


def test_boolean_is_not_accepted_as_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nundo_seconds = true\n")
    with pytest.raises(ConfigError, match="undo_seconds must be a number"):
        load_config(path)


def test_out_of_range_value_says_what_is_allowed(tmp_path: Path) -> None:
    path = write(tmp_path, '[x]\nplan = "free"\n')
    with pytest.raises(ConfigError, match="pay-per-use"):
        load_config(path)


def test_effective_settings_are_laid_out_like_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[session]\nminutes = 12\n"))
    shown = config.as_toml()
    assert shown["session"]["minutes"] == 12
    assert shown["x"]["plan"] == "pay-per-use"


def test_an_account_may_name_a_handle_on_any_network(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[accounts]]\nname = "blue"\nhandle = "olive.bsky.social"\n'
        '[[accounts]]\nname = "shop"\nhandle = "shop_owner"\n',
    )
    assert [a.handle for a in load_config(path).accounts] == ["olive.bsky.social", "shop_owner"]


def test_an_account_handle_no_network_takes_is_refused_with_every_rule(tmp_path: Path) -> None:
    path = write(tmp_path, '[[accounts]]\nname = "odd"\nhandle = "no spaces!"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "accounts[1].handle is out of range: use a handle on X" in str(err.value)
    assert "or Bluesky (a domain name" in str(err.value)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    handle=st.one_of(
        st.from_regex(r"@?[A-Za-z0-9_]{1,15}", fullmatch=True),
        st.from_regex(r"@?[a-z0-9]{1,12}\.bsky\.social", fullmatch=True),
        st.text(max_size=40),
    )
)
def test_an_account_handle_loads_exactly_when_some_network_takes_it(
    tmp_path: Path, handle: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps({"accounts": [{"name": "a", "handle": handle}]}), "utf-8")
    taken = handle.isprintable() and registry.network_of_handle(handle) is not None
    try:
        assert load_config(path).accounts[0].handle == handle
    except ConfigError as err:
        assert not taken, err
        assert "accounts[1].handle" in str(err)
    else:
        assert taken
