"""The `engage` command as a user meets it: its version, help and config
commands. The entry points themselves (`python -m engage_tui.cli.main` and
the `engage` script) run as real processes; the rest run in this process
(tests/cli_run.py), which answers as the process would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engage_tui import __version__
from tests.cli_run import run_engage


def engage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real ``python -m engage_tui.cli.main``, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_version_is_printed() -> None:
    result = engage("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"engage {__version__}"


def test_the_engage_script_runs_the_same_command(engage_home: Path) -> None:
    script = Path(sys.executable).with_name("engage")
    result = subprocess.run(
        [str(script), "config", "path"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(engage_home / "config" / "config.toml")


def test_help_names_every_subcommand() -> None:
    result = run_engage("--help")
    assert result.returncode == 0
    for word in ("--demo", "config", "auth", "sync", "sandbox"):
        assert word in result.stdout


def test_subcommands_have_their_own_help() -> None:
    for sub in (["config", "--help"], ["auth", "login", "--help"], ["sync", "--help"]):
        result = run_engage(*sub)
        assert result.returncode == 0, sub
        assert "usage: engage" in result.stdout


def test_help_imports_neither_textual_nor_tweepy() -> None:
    code = (
        "import sys\n"
        "from engage_tui.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'tweepy', 'keyring', 'rich') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in result.stdout


def test_config_path_prints_the_path_on_its_last_line(engage_home: Path) -> None:
    result = run_engage("config", "path")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1] == str(engage_home / "config" / "config.toml")


def test_config_show_prints_effective_settings(engage_home: Path) -> None:
    config = engage_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[session]\nminutes = 12\n")
    result = run_engage("config", "show")
    assert result.returncode == 0
    assert "minutes = 12" in result.stdout
    assert "stale_days = 7" in result.stdout


def test_broken_config_exits_2_with_one_plain_message_and_is_left_untouched(
    engage_home: Path,
) -> None:
    config = engage_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    original = b"# my notes\n[session]\nminuts = 12\n"
    config.write_bytes(original)
    result = engage("config", "show")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(config) in result.stderr
    assert "Did you mean 'minutes'?" in result.stderr
    assert config.read_bytes() == original
