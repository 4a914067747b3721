"""The Python start API and the CLI that others build on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from engage_tui.sandbox import Sandbox, start_sandbox

from .sandbox_support import CLOCK, SMALL

ENV_NAMES = {
    "ENGAGE_X_API_BASE",
    "ENGAGE_X_CONSUMER_KEY",
    "ENGAGE_X_CONSUMER_SECRET",
    "ENGAGE_X_ACCESS_TOKEN",
    "ENGAGE_X_ACCESS_TOKEN_SECRET",
    "ENGAGE_X_BEARER_TOKEN",
}


def test_base_url_is_loopback_with_the_chosen_port(sandbox: Sandbox) -> None:
    assert sandbox.base_url.startswith("http://127.0.0.1:")
    assert int(sandbox.base_url.rsplit(":", 1)[1]) > 0


def test_env_names_every_credential_and_points_at_the_server(sandbox: Sandbox) -> None:
    assert set(sandbox.env) == ENV_NAMES
    assert sandbox.env["ENGAGE_X_API_BASE"] == sandbox.base_url


def test_access_token_starts_with_the_owner_id(sandbox: Sandbox) -> None:
    prefix, rest = sandbox.env["ENGAGE_X_ACCESS_TOKEN"].split("-", 1)
    assert prefix == str(sandbox.world.owner_id)
    assert rest.isalnum()


def test_context_manager_stops_the_server() -> None:
    with start_sandbox(seed=1, clock_start=CLOCK, world=SMALL) as sb:
        url = sb.base_url
        assert requests.get(url + "/_sandbox/clock", timeout=10).status_code == 200
    try:
        requests.get(url + "/_sandbox/clock", timeout=5)
    except requests.ConnectionError:
        return
    raise AssertionError("the server still answered after stop")


def test_stop_twice_is_harmless() -> None:
    sb = start_sandbox(seed=1, clock_start=CLOCK, world=SMALL)
    sb.stop()
    sb.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(sb.base_url + "/_sandbox/clock", timeout=5)


def test_unknown_plan_is_refused() -> None:
    try:
        start_sandbox(seed=1, clock_start=CLOCK, world=SMALL, plan="enterprise")
    except ValueError as exc:
        assert "plan" in str(exc)
    else:
        raise AssertionError("an unknown plan was accepted")


# How a non-interactive shell starts `engage sandbox &`: with SIGINT ignored, which the
# program inherits (and Python then installs no KeyboardInterrupt of its own).
SIGINT_IGNORED = ["sh", "-c", 'trap "" INT; exec "$0" "$@"']


def _start_cli(*, prefix: list[str] | None = None) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The sandbox CLI as a process, and the environment it printed."""
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [*(prefix or []), sys.executable, "-m", "engage_tui.sandbox", "--port", "0", "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=repo,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    try:
        while len(env) < len(ENV_NAMES):
            line = proc.stdout.readline()
            assert line, "the CLI ended before printing its environment"
            name, _, value = line.strip().partition("=")
            if name in ENV_NAMES:
                env[name] = value
    except BaseException:
        _end(proc)
        raise
    return proc, env


def _stop_with(proc: subprocess.Popen[str], signum: int) -> tuple[str, str]:
    """Send ``signum`` and return what the CLI printed to stdout and stderr after it."""
    try:
        proc.send_signal(signum)
        return proc.communicate(timeout=60)
    finally:
        _end(proc)


def _end(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_cli_prints_env_logs_requests_and_exits_cleanly_on_ctrl_c() -> None:
    proc, env = _start_cli()
    assert proc.stdout is not None
    try:
        response = requests.get(env["ENGAGE_X_API_BASE"] + "/2/users/me", timeout=10)
        assert response.status_code == 401
        logged = ""
        while "/2/users/me" not in logged:
            logged = proc.stdout.readline()
            assert logged, "no request line was logged"
        assert "401" in logged
    except BaseException:
        _end(proc)
        raise
    out, err = _stop_with(proc, signal.SIGINT)
    assert proc.returncode == 0
    assert "# sandbox stopped" in out
    assert "Traceback" not in err


def test_cli_stops_on_ctrl_c_when_started_with_ctrl_c_ignored() -> None:
    proc, _env = _start_cli(prefix=SIGINT_IGNORED)
    out, err = _stop_with(proc, signal.SIGINT)
    assert proc.returncode == 0
    assert "# sandbox stopped" in out
    assert "Traceback" not in err


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_cli_stops_on_ctrl_c_that_the_kernel_hands_to_a_server_thread() -> None:
    proc, _env = _start_cli()
    # kill() naming a thread's id makes that thread the signal's first choice; Python
    # runs the handler only in the main thread, which must wake up for it.
    threads = [int(tid) for tid in os.listdir(f"/proc/{proc.pid}/task") if int(tid) != proc.pid]
    assert threads, "the sandbox serves from a thread of its own"
    try:
        os.kill(threads[0], signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        _end(proc)
    assert proc.returncode == 0
    assert "# sandbox stopped" in out
    assert "Traceback" not in err


def test_cli_stops_cleanly_on_sigterm() -> None:
    proc, _env = _start_cli()
    out, err = _stop_with(proc, signal.SIGTERM)
    assert proc.returncode == 0
    assert "# sandbox stopped" in out
    assert "Traceback" not in err
