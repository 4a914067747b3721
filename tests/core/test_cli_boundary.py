"""One error boundary: whatever the command line, the environment or the
files hold, `engage` ends with a plain message and a known exit status,
and a traceback never reaches the terminal (it goes to engage.log)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.cli.main import main
from engage_tui.paths import default_paths

ALLOWED = {0, 1, 2}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main() in this process, as the console script runs it."""
    try:
        status = main(argv)
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def test_an_unexpected_error_is_one_plain_line_and_its_traceback_goes_to_the_log(
    engage_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_args: object) -> int:
        raise RuntimeError("a bug engage did not expect")

    monkeypatch.setattr("engage_tui.cli.prospects_cmd.run_prospects", broken)
    status, out, err = run(["prospects", "list"], capsys)
    assert status == 1
    log = default_paths().log_file
    assert err == (
        "engage: something went wrong that engage did not expect "
        f"(RuntimeError: a bug engage did not expect). The details are in {log}.\n"
    )
    assert "Traceback" not in out + err
    logged = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in logged and "a bug engage did not expect" in logged


def test_a_full_disk_is_named_as_such(
    engage_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engage_tui.cli.export_cmd.run_export", full)
    status, _out, err = run(["export"], capsys)
    assert status == 1
    assert err.startswith("engage: the disk is full. Free some space")


def test_a_bogus_log_level_is_a_usage_error(
    engage_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENGAGE_LOG_LEVEL", "BOGUS")
    status, _out, err = run(["prospects", "list"], capsys)
    assert status == 2
    assert "ENGAGE_LOG_LEVEL='BOGUS' is not a log level: use one of DEBUG, INFO" in err


def test_a_file_where_the_data_folder_belongs_is_named(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engage_home.mkdir()
    (engage_home / "data").write_text("not a folder", "utf-8")
    status, _out, err = run(["prospects", "list"], capsys)
    assert status == 2
    assert f"{engage_home / 'data'} should be engage's data folder, but it is a file" in err


def test_a_folder_where_the_database_belongs_is_named(
    engage_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (engage_home / "data" / "engage.db").mkdir(parents=True)
    for argv in (["prospects", "list"], ["export"], ["prospects", "add", "ana"]):
        status, _out, err = run(argv, capsys)
        assert status == 2, argv
        assert "engage.db should be engage's database file, but it is a folder" in err


@pytest.mark.parametrize(
    "since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00", "0001-01-01"]
)
def test_export_since_the_edge_of_time_is_a_message_or_works(
    engage_home: Path, capsys: pytest.CaptureFixture[str], since: str
) -> None:
    status, out, err = run(["export", "--since", since], capsys)
    assert "Traceback" not in out + err
    if "+01:00" in since or "-05:00" in since:
        assert status == 2 and "outside the years 1 to 9999 once moved to UTC" in err
    else:
        assert status == 0 and json.loads(out)["format"] == "engage-relationships"


# --- generated command lines --------------------------------------------------------------
words = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "@ana",
            "ana",
            "../../2/tweets?x=",
            "--json",
            "--sort",
            "stale",
            "--notes",
            "--format",
            "csv",
            "--since",
            "0001-01-01T00:00:00+01:00",
            "2026-13-45",
            "nan",
            "-",
            "--output",
            "\x1b]52;c;eA==\x07",
            "\x00",
            "a" * 300,
        ]
    ),
)
commands = st.sampled_from(
    [
        ["prospects", "add"],
        ["prospects", "remove"],
        ["prospects", "list"],
        ["prospects", "import"],
        ["export"],
        ["export", "--format", "csv"],
        ["import"],
        ["config", "show"],
        ["config", "path"],
        ["config"],
        ["prospects"],
        [],
    ]
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(command=commands, rest=st.lists(words, max_size=5))
def test_any_command_line_ends_in_a_known_status_without_a_traceback(
    engage_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    rest: list[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # an --output or a file name lands here
    argv = command + rest
    if not command or argv[:1] == ["--output"]:
        # Without a command engage opens the app: only flags that stop first.
        argv = ["--help"] if not rest else ["--version", *rest]
    status, out, err = run(argv, capsys)
    assert status in ALLOWED, (argv, status, err)
    assert "Traceback" not in out + err, argv
    assert "\x1b" not in out + err and "\x07" not in out + err
