"""``engage sandbox``: serve the simulated X on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import math
import select
import signal
import socket
import sys
from types import FrameType

from engage_tui.sandbox.context import PLANS
from engage_tui.sandbox.server import start_sandbox

# At this speed a world day passes in under nine seconds; nothing needs it faster.
MAX_SPEED = 10_000.0
MAX_SEED = 2**63 - 1


def _port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 0 and 65535, not {text}")
    return value


def _seed(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_SEED}")
    return value


def _integer(text: str) -> int:
    stripped = text.strip()
    # ASCII digits only: int() also reads "٣" and "1_000", and very long numbers raise.
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 20:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}")
    return int(stripped)


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_SPEED) or not text.isascii():
        raise argparse.ArgumentTypeError(
            f"must be a number above 0 and at most {MAX_SPEED:g}, not {text!r}"
        )
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="engage sandbox",
        description="Serve a simulated X API v2 on 127.0.0.1 and print the environment "
        "that points engage at it.",
    )
    parser.add_argument(
        "--port", type=_port, default=0, help="port to listen on, 0-65535 (0: any free)"
    )
    parser.add_argument(
        "--seed", type=_seed, default=1, help=f"world seed, 0-{MAX_SEED} (default 1)"
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help=f"world clock speed versus real time, above 0 and at most {MAX_SPEED:g} (default 1)",
    )
    parser.add_argument("--plan", choices=PLANS, default="pay-per-use", help="X API plan rules")
    return parser


class _Stop(Exception):
    """SIGINT or SIGTERM arrived: stop serving."""


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM; bad flags print one line and exit 2 (argparse's way)."""
    args = _parser().parse_args(argv)
    stopping = False

    def _stop(signum: int, frame: FrameType | None) -> None:
        # Raised in the main thread wherever it is; the handler takes no lock, so it
        # cannot wait on one the main thread holds (Event.set() here could). Only the
        # first signal raises: a second Ctrl-C while stopping leaves no traceback.
        nonlocal stopping
        if not stopping:
            stopping = True
            raise _Stop

    # Our own handlers rather than Python's KeyboardInterrupt: a process started with
    # SIGINT ignored (a script's `engage sandbox &`, some runners) keeps it ignored,
    # and Python then installs no KeyboardInterrupt, so Ctrl-C did nothing at all.
    previous = {signum: signal.signal(signum, _stop) for signum in _STOP_SIGNALS}
    try:
        return _serve(args)
    except _Stop:  # during start-up: nothing is serving yet
        print("# sandbox stopped", flush=True)
        return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _serve(args: argparse.Namespace) -> int:
    try:
        sandbox = start_sandbox(
            seed=args.seed,
            port=args.port,
            plan=args.plan,
            speed=args.speed,
            log=lambda line: print(line, flush=True),
        )
    except OSError as exc:
        print(f"engage sandbox: cannot listen on port {args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        for name, value in sandbox.env.items():
            print(f"{name}={value}")
        print(f"# sandbox listening on {sandbox.base_url} (Ctrl-C to stop)", flush=True)
        _wait_for_stop()
    except _Stop:
        pass
    finally:
        sandbox.stop()
    print("# sandbox stopped", flush=True)
    return 0


def _wait_for_stop() -> None:
    """Sleep until a stop signal arrives; its handler raises ``_Stop`` (no poll)."""
    # The kernel may hand the signal to any thread (one answering a request, say), and
    # Python runs handlers only when the main thread runs again: a plain sleep here
    # would sleep on through Ctrl-C. The wakeup fd wakes it whichever thread got it.
    wake_r, wake_w = socket.socketpair()
    with wake_r, wake_w:
        wake_w.setblocking(False)
        previous = signal.set_wakeup_fd(wake_w.fileno())
        try:
            while True:
                select.select([wake_r], [], [])
                wake_r.recv(64)
        finally:
            signal.set_wakeup_fd(previous)
