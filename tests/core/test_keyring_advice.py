"""The no-keyring advice works on the install the README makes (the app alone,
`make demo`: keyring, but not keyrings.alt)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

from engage_tui.credentials import NO_KEYRING_HELP
from tests.conftest import REPO

# The app-only install: keyrings.alt (a dev dependency) cannot be imported.
APP_ONLY = """
import sys

class NoKeyringsAlt:
    def find_spec(self, name, path=None, target=None):
        if name == "keyrings" or name.startswith("keyrings."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, NoKeyringsAlt())
from engage_tui.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_keyrings_alt_is_not_part_of_the_app_install() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert not any(dep.startswith("keyrings.alt") for dep in project["dependencies"])
    # So the advice that names it says how to get it.
    assert "pip install keyrings.alt" in NO_KEYRING_HELP


def test_following_the_plain_file_advice_without_keyrings_alt_says_what_to_do() -> None:
    done = subprocess.run(
        [sys.executable, "-c", APP_ONLY, "auth", "login", "bluesky"],
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        },
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "engage did not expect" not in done.stderr
    assert "cannot be loaded here" in done.stderr
    assert "pip install keyrings.alt" in done.stderr
