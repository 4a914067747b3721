"""``engage sandbox``: serve the simulated X on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from engage_tui.sandbox.context import PLANS
from engage_tui.sandbox.server import start_sandbox


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="engage sandbox",
        description="Serve a simulated X API v2 on 127.0.0.1 and print the environment "
        "that points engage at it.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free)")
    parser.add_argument("--seed", type=int, default=1, help="world seed (default 1)")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="world clock speed versus real time (default 1)"
    )
    parser.add_argument("--plan", choices=PLANS, default="pay-per-use", help="X API plan rules")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.speed <= 0:
        print("engage sandbox: --speed must be above 0", file=sys.stderr)
        return 2
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
    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    for name, value in sandbox.env.items():
        print(f"{name}={value}")
    print(f"# sandbox listening on {sandbox.base_url} (Ctrl-C to stop)", flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sandbox.stop()
    print("# sandbox stopped", flush=True)
    return 0
