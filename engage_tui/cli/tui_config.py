"""The settings only the TUI can judge: the theme's name and the [keymap] table.

config.py (the core) knows nothing of Textual, so it takes any theme name and
any binding id; this check runs before `engage` starts and in `engage config
show`, and stops with the file, the line and a "did you mean", as the rest
of the config does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from engage_tui.config import Config, ConfigError, with_line


def check_tui_settings(path: Path, config: Config) -> None:
    """Raise ConfigError for a theme engage does not offer, a binding id no
    pane has, or one key given to two actions of one pane."""
    from engage_tui.tui.choices import theme_names

    themes = theme_names()
    if config.theme not in themes:
        raise with_line(ConfigError(_unknown_theme(path, config.theme, themes), "theme"), path)
    if not config.keymap:
        return
    # Imports every pane: paid only by those who remap keys.
    from engage_tui.tui.choices import binding_keys

    bindings = binding_keys()
    for binding_id in config.keymap:
        if binding_id not in bindings:
            raise with_line(
                ConfigError(_unknown_id(path, binding_id, sorted(bindings)), binding_id), path
            )
    clash = _clash(config.keymap, bindings)
    if clash is not None:
        raise with_line(clash.error(path), path)


def _unknown_theme(path: Path, name: str, themes: tuple[str, ...]) -> str:
    import difflib  # only on the way to an error message

    close = difflib.get_close_matches(name, themes, n=1, cutoff=0.0)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return (
        f"{path}: theme = {name!r} is not a theme engage offers.{hint} "
        f"The themes: {', '.join(themes)}."
    )


def _unknown_id(path: Path, binding_id: str, known: list[str]) -> str:
    import difflib  # only on the way to an error message

    close = difflib.get_close_matches(binding_id, known, n=1, cutoff=0.6)
    hint = (
        f" Did you mean {close[0]!r}?"
        if close
        else " Every id is listed in docs/keybindings.md (or press ? in the app)."
    )
    return f"{path}: unknown key binding id {binding_id!r} in [keymap].{hint}"


def split_keys(keys: str) -> list[str]:
    """``"e, x"`` -> ``["e", "x"]``, as Textual reads a binding's keys."""
    return [k.strip() for k in keys.split(",") if k.strip()]


class _Clash:
    def __init__(self, key: str, set_id: str, other_id: str, default: str, pane: str) -> None:
        self.key, self.set_id, self.other_id = key, set_id, other_id
        self.default, self.pane = default, pane

    def error(self, path: Path) -> ConfigError:
        return ConfigError(
            f"{path}: [keymap] gives {self.key!r} to two {self.pane} actions, "
            f"{self.set_id} and {self.other_id}: a key does one thing in a pane. "
            f"Did you mean {self.default!r} ({self.set_id}'s default), or another key "
            f"no {self.pane} action uses?",
            self.set_id,
        )


def _clash(user: Mapping[str, str], bindings: dict[str, tuple[str, str]]) -> _Clash | None:
    """The first key two ids of one pane share once the user's keymap applies
    (naming an id the user set)."""
    from engage_tui.tui.choices import panes_of

    owners: dict[tuple[str, str], list[str]] = defaultdict(list)
    for binding_id, (default, group) in bindings.items():
        for key in dict.fromkeys(split_keys(user.get(binding_id, default))):
            for pane in panes_of(group):
                owners[(pane, key)].append(binding_id)
    for (pane, key), ids in owners.items():
        if len(ids) < 2:
            continue
        set_by_user = [i for i in ids if i in user]
        if not set_by_user:
            continue
        set_id = set_by_user[-1]
        other = next(i for i in ids if i != set_id)
        return _Clash(key, set_id, other, bindings[set_id][0], pane)
    return None
