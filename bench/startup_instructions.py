"""Start-up measured in instructions (not a test): callgrind counts every
instruction each app runs from process start to its first frame.

Wall-clock start-up on this shared machine moves with everyone else's load;
instruction counts do not. Each app of `bench/tui_bench.py --start-only` (the
minimal Textual baseline, the TUI alone on the empty, 100k and 1M caches,
`engage` signed in from the environment on each, and `engage` signed in
through the keyring) runs once under `valgrind --tool=callgrind` in a real
120x40 pty. Textual's public TEXTUAL_DRIVER setting makes each run on
`first_frame_driver.FirstFrameDriver`, Textual's own Linux driver that ends
the process at the first write holding the frame's marker (the words
tui_bench waits for), so what runs after the frame is not counted. Each
figure is the ratio of its instructions to the baseline's (target: 1.25).

    python bench/startup_instructions.py [--sizes 0,100000,1000000] [--only start_0,...]
        [--keep DIR]   # keep callgrind.out files for callgrind_annotate

Runs are about 50x slower under valgrind (20-60 s each). Python's hash seed
is fixed (PYTHONHASHSEED=0) and compiled modules come from a cache filled by
an untimed run, so two runs of one app agree to about 0.1%. Last line: one
JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tui_bench  # noqa: E402

DRIVER = "first_frame_driver:FirstFrameDriver"


def apps(sizes: list[int]) -> dict[str, tuple[list[str], str, dict[str, str]]]:
    """Each app's argv, its first frame's marker and its environment, as
    tui_bench --start-only starts them."""
    found: dict[str, tuple[list[str], str, dict[str, str]]] = {
        "baseline": (tui_bench.baseline_argv(), "baseline ready", {})
    }
    paths = {n: tui_bench.cache(n) for n in sizes}
    for n in sizes:
        marker = "Nothing new" if n == 0 else "●"
        found[f"start_{n}"] = (tui_bench.app_argv(paths[n]), marker, {})
        argv, env = tui_bench.engage_app(paths[n])
        found[f"engage_start_{n}"] = (argv, marker, env)
    if 0 in paths:
        argv, env = tui_bench.keyring_app(paths[0])
        found["keyring_start_0"] = (argv, "Nothing new", env)
    return found


def run(
    argv: list[str], marker: str, env: dict[str, str], out: Path | None, timeout: float
) -> tuple[int | None, float]:
    """Instructions to the first frame (None when not under valgrind) and
    the wall seconds the run took."""
    extra = {
        **env,
        "TEXTUAL_DRIVER": DRIVER,
        "ENGAGE_BENCH_FIRST_FRAME": marker,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        "PYTHONHASHSEED": "0",
    }
    if out is not None:
        argv = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--trace-children=no",
            *argv,
        ]
    pty = tui_bench.Pty(argv, extra)
    started = time.perf_counter()
    try:
        while pty.proc.poll() is None:
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{argv!r}: no first frame within {timeout} s")
            pty.read(0.5)
    finally:
        if pty.proc.poll() is None:
            pty.proc.kill()
            pty.proc.wait()
        os.close(pty.master)
    seconds = time.perf_counter() - started
    if pty.proc.returncode != 0:
        raise RuntimeError(f"{argv!r} ended with {pty.proc.returncode}: {pty.seen[-2000:]!r}")
    if out is None:
        return None, seconds
    totals = re.search(rb"^(?:summary|totals): (\d+)", out.read_bytes(), re.MULTILINE)
    if totals is None:
        raise RuntimeError(f"no totals in {out}")
    return int(totals.group(1)), seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="0,100000,1000000", help="cache sizes")
    parser.add_argument("--only", default="", help="comma-separated app names (and baseline)")
    parser.add_argument("--keep", type=Path, help="keep the callgrind.out files here")
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    sizes = [int(n) for n in args.sizes.split(",") if n]
    print("building caches (reused across runs) ...", flush=True)
    chosen = apps(sizes)
    if args.only:
        wanted = {"baseline", *args.only.split(",")}
        chosen = {name: app for name, app in chosen.items() if name in wanted}
    # Untimed, not under valgrind: fills the bytecode cache and the OS file cache.
    for argv, marker, env in chosen.values():
        run(argv, marker, env, None, args.timeout)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="engage-callgrind-"))
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, (argv, marker, env) in chosen.items():
        count, seconds = run(argv, marker, env, folder / f"callgrind.out.{name}", args.timeout)
        assert count is not None
        counts[name] = count
        ratio = count / counts["baseline"]
        print(f"{name:<22} {count:>14,} instructions  {ratio:.3f}x baseline  ({seconds:.0f} s)")
    if args.keep is None:
        shutil.rmtree(folder)
    figures: dict[str, float] = {f"{name}_instructions": c for name, c in counts.items()}
    for name, count in counts.items():
        if name != "baseline":
            figures[f"{name}_instruction_ratio"] = round(count / counts["baseline"], 3)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
