"""The file `engage export --output` writes: private, and named truly."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engage_tui.paths import default_paths
from engage_tui.store import Store
from tests.cli_run import run_engage
from tests.relations.conftest import ANA, NOW, K, event, pull


def _export(home: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_engage("export", "--output", str(out), home=home, umask=0o022)


def _export_in_a_new_process(
    home: Path, out: Path, umask: int = 0o022
) -> subprocess.CompletedProcess[str]:
    def with_umask() -> None:
        os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "export", "--output", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "ENGAGE_HOME": str(home)},
        preexec_fn=with_umask,
        check=False,
    )


@pytest.fixture
def with_a_note(engage_home: Path) -> Path:
    with Store.open(default_paths({"ENGAGE_HOME": str(engage_home)}).database) as store:
        pull(store, [event(K.FOLLOW, ANA, NOW)])
        store.prospects.set_notes(ANA.id, "private words about Ana", NOW)
    return engage_home


def test_an_export_is_written_0600_under_umask_022(with_a_note: Path, tmp_path: Path) -> None:
    out = tmp_path / "people.json"
    done = _export_in_a_new_process(with_a_note, out)
    assert done.returncode == 0, done.stderr
    assert "private words about Ana" in out.read_text("utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_an_export_over_a_readable_file_leaves_it_0600(with_a_note: Path, tmp_path: Path) -> None:
    out = tmp_path / "people.json"
    out.write_text("old", "utf-8")
    out.chmod(0o644)
    assert _export(with_a_note, out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_an_export_names_the_file_it_wrote_even_with_escapes_in_its_name(
    with_a_note: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a\x1b]0;TITLE\x07b.json"
    done = _export(with_a_note, out)
    assert done.returncode == 0, done.stderr
    assert out.is_file()
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    said = done.stderr.split(" to ", 1)[1].strip().removesuffix(".")
    # The name said, read back as the JSON string it is, is the file's.
    assert json.loads(said) == str(out)
