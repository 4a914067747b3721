"""`engage sync` as cron runs it: a report, exit 0; offline, exit 1 with the reason."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import run_engage
from tests.sync.conftest import REPO_ROOT, World


def _engage(world: World, home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_engage(*args, env={**os.environ, **world.env, **env}, home=home)


def test_engage_sync_json_reports_usage_and_exits_zero(world: World, tmp_path: Path) -> None:
    done = _engage(world, tmp_path, "sync", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["usage"]["GET /2/users/me"]["requests"] == 1
    assert report["requests"] >= 4 and report["month_to_date_usd"] > 0
    assert "Traceback" not in done.stderr


def test_engage_sync_offline_exits_non_zero_with_a_plain_reason(
    world: World, tmp_path: Path
) -> None:
    done = _engage(world, tmp_path, "sync", ENGAGE_X_API_BASE="http://127.0.0.1:9")
    assert done.returncode != 0
    assert "problem:" in done.stdout and "Offline" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_second_sync_says_when_each_source_is_next_due(world: World, tmp_path: Path) -> None:
    assert _engage(world, tmp_path, "sync").returncode == 0
    again = _engage(world, tmp_path, "sync")
    assert again.returncode == 0
    assert "not due yet:" in again.stdout and "mentions at" in again.stdout
    assert again.stderr == ""


def test_sync_logs_to_the_log_file_and_never_a_token(world: World, tmp_path: Path) -> None:
    # A real process: the log's redaction is installed once per process, and
    # in this worker an earlier test may have installed it already.
    done = subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "sync"],
        env={
            **os.environ,
            **world.env,
            "ENGAGE_HOME": str(tmp_path),
            "ENGAGE_LOG_LEVEL": "DEBUG",
            "PYTHONPATH": str(REPO_ROOT),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == ""
    log = (tmp_path / "data" / "engage.log").read_text("utf-8")
    assert "/2/users/me" in log
    for name in (
        "ENGAGE_X_ACCESS_TOKEN",
        "ENGAGE_X_ACCESS_TOKEN_SECRET",
        "ENGAGE_X_CONSUMER_SECRET",
    ):
        assert world.env[name] not in log


FULL_DEVICE = Path("/dev/full")  # every write to it fails with "No space left on device"
needs_full_device = pytest.mark.skipif(not FULL_DEVICE.exists(), reason="needs /dev/full")


def _log_on_a_full_disk(home: Path) -> None:
    log = home / "data" / "engage.log"
    log.unlink(missing_ok=True)
    log.symlink_to(FULL_DEVICE)


def _every_source_due(home: Path) -> None:
    """As if hours had passed since the last sync (engage sync runs on the wall clock)."""
    with sqlite3.connect(home / "data" / "engage.db") as db:
        db.execute("DELETE FROM sync_sources")


@needs_full_device
def test_a_log_file_on_a_full_disk_prints_nothing_and_sync_still_works(
    world: World, tmp_path: Path
) -> None:
    assert _engage(world, tmp_path, "sync").returncode == 0
    _every_source_due(tmp_path)  # so there are requests, and log lines about them
    _log_on_a_full_disk(tmp_path)
    done = _engage(world, tmp_path, "sync", ENGAGE_LOG_LEVEL="DEBUG")
    assert (done.returncode, done.stderr) == (0, "")


@needs_full_device
def test_a_full_disk_during_sync_prints_one_plain_line_and_exits_non_zero(
    world: World, tmp_path: Path
) -> None:
    assert _engage(world, tmp_path, "sync").returncode == 0
    _every_source_due(tmp_path)
    _log_on_a_full_disk(tmp_path)

    def full_disk() -> None:
        # In the child only: no file may grow past 64 KB (the database's
        # write-ahead log fills up mid-pull), and the kernel's signal for
        # that is ignored so the write fails as on a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

    # A real process: the file size limit and the ignored signal are its own.
    done = subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "sync"],
        env={**os.environ, **world.env, "ENGAGE_HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=full_disk,
    )
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("engage: Could not write engage's database"), line
    assert "disk" in line
