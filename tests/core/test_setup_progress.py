"""A long first set-up says what it is doing, step by step: `make test` sat
silent for minutes while npm compiled the Bluesky stack. The scripts run as
they do under make (their own process), into a temporary cache folder."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"engage_script_{Path(path).stem}", ROOT / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_a_long_step_of_the_bluesky_set_up_says_it_is_still_at_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stack = _script("scripts/bluesky/stack.py")
    monkeypatch.setattr(stack, "HEARTBEAT_S", 0.05)
    heard: list[str] = []
    # A child that outlives a few heartbeats (what npm ci does for minutes).
    stack._run([sys.executable, "-c", "import time; time.sleep(0.3)"], "npm ci", heard.append)
    assert heard and all(line.startswith("    still at: npm ci (") for line in heard)


def test_a_failed_step_says_which_and_shows_its_output() -> None:
    stack = _script("scripts/bluesky/stack.py")
    with pytest.raises(stack.StackError, match=r"npm ci failed \(exit 3\):\nno network"):
        stack._run([sys.executable, "-c", "print('no network'); raise SystemExit(3)"], "npm ci")


def test_unpacking_gotosocial_names_each_step(tmp_path: Path) -> None:
    gts = _script("scripts/mastodon/gotosocial.py")
    if not (gts.SHARED / f"gotosocial-{gts.VERSION}-linux-amd64.gz").is_file():
        pytest.skip("no GoToSocial package in ../shared/mastodon on this machine")
    env = {k: v for k, v in os.environ.items() if k != "ENGAGE_GOTOSOCIAL"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/mastodon/gotosocial.py"), "prepare"],
        capture_output=True,
        text=True,
        env={**env, "XDG_CACHE_HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stdout.splitlines() if line.startswith("engage: GoToSocial:")]
    assert [s.split(": ", 2)[2][:4] for s in steps] == ["1/3 ", "2/3 ", "3/3 "]
    assert done.stdout.rstrip().endswith("gotosocial")
