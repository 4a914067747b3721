"""tests/cli_run.py, the in-process way the tests run engage's CLI: it answers
as the real process does, and leaves the test's process as it found it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from tests.cli_run import run_engage


def _real(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("prospects", "add", "ana", "not valid!", "--notes", "met at PyCon"),
        ("config", "show", "--nonsense"),
        ("export", "--since", "last tuesday"),
    ],
)
def test_a_run_in_the_process_answers_as_the_real_process_does(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"

    ran = run_engage(*args, home=here)
    real = _real(*args, env={**os.environ, "ENGAGE_HOME": str(there)})

    assert ran.returncode == real.returncode
    assert ran.stdout == real.stdout.replace(str(there), str(here))
    assert ran.stderr == real.stderr.replace(str(there), str(here))


def test_a_run_leaves_the_environment_streams_logging_and_keyring_as_they_were(
    tmp_path: Path, test_keyring: object
) -> None:
    environ, streams = dict(os.environ), (sys.stdin, sys.stdout, sys.stderr)
    root = logging.getLogger()
    handlers, level, backend = list(root.handlers), root.level, keyring.get_keyring()

    done = run_engage(
        "prospects",
        "list",
        env={"ENGAGE_HOME": str(tmp_path), "ENGAGE_LOG_LEVEL": "DEBUG", "PATH": ""},
        stdin="ignored\n",
    )

    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "engage.log").is_file()  # the run had its own log
    assert dict(os.environ) == environ
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
    assert (root.handlers, root.level) == (handlers, level)
    assert keyring.get_keyring() is backend


def test_the_keyring_is_the_one_the_calls_environment_chooses(test_keyring: object) -> None:
    done = run_engage(
        "auth",
        "login",
        "bluesky",
        "--service",
        "http://127.0.0.1:9",
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        stdin="alice.test\nsecret\n",
    )

    assert done.returncode == 1
    assert "cannot store your tokens or session safely" in done.stderr
    assert keyring.get_keyring() is test_keyring
