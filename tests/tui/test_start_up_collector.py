"""Python's cycle collector waits for the first frame (tui/collector.py): the
start-up's passes over objects that live as long as the process found almost
nothing to free. These check that the start-up runs with it held, that it
runs again once the first frame is drawn, and that a start that ends early
leaves it running (engage's commands also run inside this test process)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.collector import held_until_first_frame
from tests.cli_run import run_engage
from tests.tui.test_first_frame_modules import engage_at_first_frame, modules_at_first_frame

AT_FIRST_FRAME = "CollectorAtFirstFrame"


def test_the_tui_alone_draws_its_first_frame_with_the_collector_held(
    store: Store, tmp_path: Path
) -> None:
    seen = modules_at_first_frame(
        [sys.executable, "-m", "engage_tui.tui.devrun", str(store.path)],
        {},
        tmp_path,
        AT_FIRST_FRAME,
    )
    assert seen == {"held"}


def test_engage_draws_its_first_frame_with_the_collector_held(
    store: Store, engage_home: Path, tmp_path: Path
) -> None:
    assert engage_at_first_frame(store, engage_home, tmp_path, AT_FIRST_FRAME) == {"held"}


async def test_the_collector_runs_again_once_the_first_frame_is_drawn(store: Store) -> None:
    with held_until_first_frame():
        assert not gc.isenabled()
        app = EngageApp(Config(), store, None)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()


def test_a_start_that_fails_before_any_frame_leaves_the_collector_running() -> None:
    with pytest.raises(RuntimeError), held_until_first_frame():
        raise RuntimeError("the app never started")
    assert gc.isenabled()


def test_engage_refusing_its_config_before_the_app_leaves_the_collector_running(
    engage_home: Path,
) -> None:
    config = engage_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[session]\nminuts = 12\n", encoding="utf-8")
    result = run_engage()
    assert result.returncode == 2, result.stderr
    assert gc.isenabled()
