"""The controller starts the one Bluesky network only for runs that select
tests/bluesky (shared_network.py): a run of other folders starts nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from .shared_network import _selects_bluesky

ROOT = Path(__file__).resolve().parents[2]
Source = pytest.Config.ArgsSource


def config(args: list[str], source: Any, started_in: Path = ROOT) -> Any:
    return SimpleNamespace(
        args=args,
        args_source=source,
        rootpath=ROOT,
        invocation_params=SimpleNamespace(dir=started_in),
    )


@pytest.mark.parametrize(
    ("args", "source", "started_in"),
    [
        (["tests"], Source.TESTPATHS, Path("/")),  # `make test`: testpaths, from the rootdir
        (["tests/bluesky/test_actions.py::test_x"], Source.ARGS, ROOT),
        (["bluesky"], Source.ARGS, ROOT / "tests"),
        (["."], Source.ARGS, ROOT),
    ],
)
def test_a_run_that_selects_the_bluesky_tests_starts_the_network(
    args: list[str], source: Any, started_in: Path
):
    assert _selects_bluesky(config(args, source, started_in))


@pytest.mark.parametrize("args", [["tests/tui"], ["tests/mastodon", "tests/core/test_x.py"]])
def test_a_run_of_other_folders_starts_no_network(args: list[str]):
    assert not _selects_bluesky(config(args, Source.ARGS))
