"""A theme picked in the command palette is still the theme after a restart;
an edit of ``theme`` in config.toml made after that pick wins. The choice is
kept in engage's own file (0600), never in the user's config.toml."""

from __future__ import annotations

import stat
from pathlib import Path

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.world import NOW


def app_with(store: Store, theme_file: Path, theme: str = "textual-dark") -> EngageApp:
    return EngageApp(Config(theme=theme), store, None, clock=lambda: NOW, theme_file=theme_file)


async def pick_in_palette(app: EngageApp, theme: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"theme", "enter")
        await settle(pilot)
        await pilot.press(*theme, "enter")
        await until(pilot, lambda: app.theme == theme, "the theme")
        await pilot.press("ctrl+q")


async def theme_at_start(app: EngageApp) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        return app.theme


async def test_a_theme_picked_in_the_palette_stays_after_a_restart(
    store: Store, tmp_path: Path
) -> None:
    kept = tmp_path / "data" / "theme.toml"
    await pick_in_palette(app_with(store, kept), "nord")
    assert await theme_at_start(app_with(store, kept)) == "nord"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


async def test_a_later_edit_of_the_config_theme_wins(store: Store, tmp_path: Path) -> None:
    kept = tmp_path / "data" / "theme.toml"
    await pick_in_palette(app_with(store, kept), "nord")
    assert await theme_at_start(app_with(store, kept, theme="gruvbox")) == "gruvbox"


async def test_a_damaged_kept_theme_falls_back_to_the_config(store: Store, tmp_path: Path) -> None:
    kept = tmp_path / "theme.toml"
    kept.write_bytes(b"\xff not toml [")
    assert await theme_at_start(app_with(store, kept, theme="dracula")) == "dracula"
