"""The theme the user picked in the command palette, kept for the next start.

config.toml belongs to the user and is never written (tomli-w would drop
their comments), so a palette choice goes to engage's own ``theme.toml`` in
the data dir (0600). It records the config's theme at the time of the
choice: when the user later edits ``theme`` in config.toml, their edit wins.
"""

from __future__ import annotations

import os
from pathlib import Path


def load_chosen(path: Path | None, config_theme: str) -> str | None:
    """The theme picked last, unless config.toml's theme changed since then."""
    if path is None:
        return None
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # none picked yet (or unreadable): the config's theme
    import tomllib  # a theme was picked: a start without one does not load it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None  # a damaged file: the config's theme
    theme, over = data.get("theme"), data.get("config_theme")
    if not isinstance(theme, str) or over != config_theme:
        return None
    return theme


def save_chosen(path: Path, theme: str, config_theme: str) -> None:
    # Only a theme picked in the palette is saved: not part of start-up.
    import tomli_w

    from engage_tui.paths import create_private_file, ensure_dir

    ensure_dir(path.parent)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    create_private_file(tmp)
    tmp.write_text(tomli_w.dumps({"theme": theme, "config_theme": config_theme}), "utf-8")
    os.replace(tmp, path)
