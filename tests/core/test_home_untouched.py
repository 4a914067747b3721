"""engage kept to ENGAGE_HOME stays there, and the suite never uses the real home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engage_tui.paths import default_paths, unsaved_words_dirs
from engage_tui.store import Store
from engage_tui.tui.writes import WriteQueue
from tests.conftest import REAL_HOME, REPO


def test_each_test_has_a_home_folder_of_its_own(tmp_path: Path) -> None:
    assert Path.home() != REAL_HOME
    assert Path.home().is_relative_to(tmp_path)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        assert Path(os.environ[var]).is_relative_to(tmp_path), var


def test_under_engage_home_every_folder_for_unsaved_words_is_in_it(engage_home: Path) -> None:
    database = default_paths().database
    for folder in unsaved_words_dirs(database):
        assert folder.is_relative_to(engage_home), folder


def test_words_another_engage_kept_in_the_home_folder_are_not_announced(
    engage_home: Path, own_home: Path
) -> None:
    # Another engage on this machine (no ENGAGE_HOME) kept words in ~/engage-unsaved.
    elsewhere = own_home / "engage-unsaved"
    elsewhere.mkdir()
    (elsewhere / "reply-1.txt").write_text("another instance's words", "utf-8")
    database = default_paths().database
    database.parent.mkdir(parents=True)
    with Store.open(database) as store:
        queue = WriteQueue(store, lambda report: None)
        try:
            assert queue.kept_before() == []
        finally:
            queue.stop()


def test_without_engage_home_the_home_folder_is_a_place_for_words(
    own_home: Path, tmp_path: Path
) -> None:
    folders = unsaved_words_dirs(tmp_path / "data" / "engage.db", environ={})
    assert own_home / "engage-unsaved" in folders


def test_a_test_that_touches_the_real_home_fails(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import os\n"
        "from tests.conftest import REAL_HOME\n"
        "def test_lists_the_real_home():\n"
        "    os.listdir(REAL_HOME)\n",
        "utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.conftest",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            str(probe),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout
    assert "touched the real home folder" in done.stdout
