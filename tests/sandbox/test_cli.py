"""``engage sandbox`` flags: a bad value prints one plain line and exits 2, never a traceback."""

from __future__ import annotations

import contextlib
import io
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.sandbox.cli import MAX_SPEED, main


def _refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


def _good_speed(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return text.isascii() and math.isfinite(value) and 0 < value <= MAX_SPEED


def _good_port(text: str) -> bool:
    body = text.strip().lstrip("+")
    return body.isascii() and body.isdigit() and len(body) <= 20 and int(body) <= 65535


@pytest.mark.parametrize("value", ["99999", "-1", "65536", "http", "٣", "1e3", ""])
def test_a_port_outside_0_to_65535_is_refused_plainly(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "argument --port" in _refused(["--port", value], capsys)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "1e400", "1e9", "fast"])
def test_a_speed_that_is_not_a_sane_positive_number_is_refused_plainly(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "argument --speed" in _refused(["--speed", value], capsys)


@settings(max_examples=60, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.floats().map(repr),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )
)
def test_any_speed_is_accepted_or_refused_with_one_line(value: str) -> None:
    if _good_speed(value):
        return  # a valid speed would start a server
    _refused_quietly(["--speed", value])


@settings(max_examples=60, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )
)
def test_any_port_is_accepted_or_refused_with_one_line(value: str) -> None:
    if _good_port(value):
        return  # a valid port would start a server
    _refused_quietly(["--port", value])


def _refused_quietly(argv: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "Traceback" not in err.getvalue()
    # argparse's usage, then one line that says what is wrong.
    assert err.getvalue().strip().splitlines()[-1].startswith("engage sandbox: error:")


def test_engage_sandbox_with_a_bad_port_exits_2_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", "sandbox", "--port", "99999"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "must be between 0 and 65535" in result.stderr
