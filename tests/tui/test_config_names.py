"""Theme names and [keymap] tables only the TUI can judge: exit 2 with file, line and a hint."""

from __future__ import annotations

import inspect
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.cli.tui_config import check_tui_settings, split_keys
from engage_tui.config import ConfigError, load_config
from engage_tui.tui.choices import LIST_PANES, OFFERED_THEMES, binding_keys, panes_of


def exit_status(*args: str) -> int:
    """`engage ARGS` run in this process: its exit status."""
    try:
        return main(list(args))
    except SystemExit as stop:
        return int(stop.code or 0)


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ('theme = "neon-pink"\n', 1, "Did you mean 'rose-pine'?"),
        ('# mine\n[keymap]\n"inbox.replly" = "R"\n', 3, "Did you mean 'inbox.reply'?"),
        (
            '[keymap]\n"inbox.reply" = "R"\n"inbox.done" = "j"\n',
            3,
            "gives 'j' to two inbox actions, inbox.done and inbox.down",
        ),
    ],
    ids=["unknown-theme", "misspelt-id", "one-key-two-actions"],
)
def test_config_show_refuses_what_the_app_cannot_use(
    engage_home: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, hint: str
) -> None:
    path = write_config(engage_home, text)
    assert exit_status("config", "show") == 2
    err = capsys.readouterr().err
    assert f"{path} (line {line}): " in err
    assert hint in err
    assert path.read_text("utf-8") == text  # the user's file is left alone


def test_app_start_up_refuses_a_misspelt_binding_id(engage_home: Path) -> None:
    # A real process, as a user starts it: it stops before any screen.
    path = write_config(engage_home, '[keymap]\n"inbox.replly" = "R"\n')
    result = subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "--demo"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert f"{path} (line 2): unknown key binding id 'inbox.replly'" in result.stderr
    assert "Did you mean 'inbox.reply'?" in result.stderr
    assert result.stdout == ""


def test_a_remap_that_keeps_keys_apart_is_accepted(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(engage_home, 'theme = "textual-light"\n[keymap]\n"inbox.done" = "e,x"\n')
    assert exit_status("config", "show") == 0
    assert '"inbox.done" = "e,x"' in capsys.readouterr().out


def test_a_pane_key_taken_by_its_list_is_refused(tmp_path: Path) -> None:
    # In the drafts pane the list has the keyboard: j there moves down.
    path = write_config(tmp_path, '[keymap]\n"drafts.discard" = "j"\n')
    with pytest.raises(ConfigError, match=r"two drafts actions, drafts\.discard and list\.down"):
        check_tui_settings(path, load_config(path))


def test_the_default_keys_never_clash(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[keymap]\n"app.help" = "question_mark,f1"\n')
    check_tui_settings(path, load_config(path))


def test_list_panes_are_the_screens_that_hold_a_keyed_list() -> None:
    from engage_tui.tui.catalogue import owner_classes

    holders = {
        cls.GROUP
        for cls in owner_classes()
        # KeyedList(...) or KeyedList[Item](...)
        if hasattr(cls, "GROUP") and re.search(r"KeyedList(\[\w+\])?\(", inspect.getsource(cls))
    }
    assert holders == set(LIST_PANES)


def test_swapping_two_keys_of_one_pane_is_accepted(tmp_path: Path) -> None:
    path = write_config(tmp_path, '[keymap]\n"inbox.down" = "k"\n"inbox.up" = "j"\n')
    check_tui_settings(path, load_config(path))


IDS = sorted(binding_keys())
KEY_NAMES = sorted({k for keys, _pane in binding_keys().values() for k in split_keys(keys)})


def _typo(binding_id: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(0, len(binding_id) - 1))
    return binding_id[:i] + binding_id[i] * 2 + binding_id[i + 1 :]


ids = st.one_of(
    st.sampled_from(IDS),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30),
)
keys = st.one_of(
    st.sampled_from(KEY_NAMES),
    st.sampled_from(string.ascii_letters),
    st.lists(st.sampled_from(KEY_NAMES), min_size=1, max_size=3).map(",".join),
)
themes = st.one_of(
    st.sampled_from(OFFERED_THEMES),
    st.text(
        st.characters(codec="utf-8", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=64
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(theme=themes, keymap=st.dictionaries(ids, keys, max_size=4))
def test_any_theme_and_keymap_is_accepted_or_refused_with_its_line(
    tmp_path: Path, theme: str, keymap: dict[str, str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps({"theme": theme, "keymap": keymap}), "utf-8")
    try:
        config = load_config(path)
    except ConfigError as err:  # the core's own rules (printable text) came first
        assert str(err).startswith(f"{path}")
        return
    bindings = binding_keys()
    effective: dict[tuple[str, str], set[str]] = {}
    for binding_id, (default, group) in bindings.items():
        for key in split_keys(keymap.get(binding_id, default)):
            for pane in panes_of(group):
                effective.setdefault((pane, key), set()).add(binding_id)
    valid = (
        theme in OFFERED_THEMES
        and set(keymap) <= set(bindings)
        and all(len(owners) == 1 for owners in effective.values())
    )
    # A name TOML writes with escapes cannot be found on its line by its text.
    findable = all(c not in '"\\' and c.isprintable() for c in theme + "".join(keymap))
    try:
        check_tui_settings(path, config)
    except ConfigError as err:
        assert not valid
        message = str(err)
        assert message.startswith(f"{path}")
        assert "(line " in message or not findable
        assert "Did you mean" in message or "docs/keybindings.md" in message
    else:
        assert valid


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_one_letter_slip_in_an_id_is_named_back(data: st.DataObject) -> None:
    binding_id = data.draw(st.sampled_from(IDS))
    slip = _typo(binding_id, data)
    if slip in binding_keys():
        return
    path = Path("/nonexistent/config.toml")
    config = load_config(path)
    config = type(config)(keymap={slip: "F9"})
    with pytest.raises(ConfigError, match="Did you mean") as caught:
        check_tui_settings(path, config)
    assert repr(slip) in str(caught.value)
