"""What a user may name in config.toml for the TUI: its themes and its binding ids.

The core's config reader knows nothing of Textual, so the CLI checks these
names against this module before the app starts (``engage config show`` too).
"""

from __future__ import annotations

# The Textual themes engage offers: each keeps every inbox column at WCAG AA
# contrast (4.5:1) on plain and selected rows with engage's styles
# (tests/tui/test_themes.py measures each). Left out, for falling short:
# tokyo-night, catppuccin-frappe, solarized-light, solarized-dark and
# atom-one-dark (a selected row at 3.4-4.2:1), and ansi-dark and ansi-light
# (the terminal's own palette, which cannot be measured).
OFFERED_THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "catppuccin-macchiato",
    "catppuccin-latte",
    "dracula",
    "monokai",
    "flexoki",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-light",
)


def theme_names() -> tuple[str, ...]:
    """The names ``theme =`` accepts."""
    return OFFERED_THEMES


# The panes whose lists are KeyedLists: the list's keys (``list.*``) are
# pressed in those panes, beside the pane's own.
LIST_PANES: tuple[str, ...] = ("drafts", "person", "prospects", "search", "today", "tray")


def panes_of(group: str) -> tuple[str, ...]:
    """The panes a binding group's keys are pressed in."""
    return LIST_PANES if group == "list" else (group,)


def binding_keys() -> dict[str, tuple[str, str]]:
    """Every binding id -> (its default keys, the pane it belongs to).

    Imports every pane (about a tenth of a second): only called when the
    config has a [keymap] table."""
    from engage_tui.tui.catalogue import all_bindings

    return {info.id: (info.keys, info.group) for info in all_bindings()}
