"""TUI benchmark (not a test): start-up, keypress latency and memory, in a real pty.

Start-up is timed for the TUI alone on the cache (`engage_tui.tui.devrun`),
and for `engage` itself, signed in to X from the environment (its config, the
account, the sync engine; the API it points at answers nothing), and once
more on the empty cache signed in through the keyring (keyrings.alt's file
backend, chosen as a user would choose it): how a signed-in user starts,
keyring and all (the cache's size does not change that part). Each figure
is printed beside a baseline measured in the same run by the same harness: a
minimal Textual app that shows one static line (and, so that a key produces
a frame to time, updates that line on each key). Times are from process
start (or key written) to the terminal output that shows the frame.
Start-up runs in interleaved rounds (the baseline, then each app and cache
size), so the shared machine's slow spells fall on all of them alike.

    python bench/tui_bench.py [--runs 9] [--presses 200] [--quick]
    python bench/tui_bench.py --panes-only     # each pane's key to first frame
    python bench/tui_bench.py --start-only     # start-up alone

Each pane (prospects, tray, drafts, Today, search, person) is timed from its
key to the first frame that shows its title, at 100k cached items, against
the inbox's own key to frame in the same run (target: at most 100 ms over).
Each line gives the median over the openings minus the inbox's, and the
first opening apart (it builds the pane, once). The
machine's load average is printed beside the figures: on a shared machine
only same-run comparisons mean anything.

Caches (empty, 100k, 1M notifications) are built once by scripts/dev_fill.py
(the store's own ingest, every pull in one transaction: under 4 minutes for
1M on a busy 2-core machine) and kept in a temp folder per schema version,
so later runs reuse them. Last line: one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from dev_fill import fill  # noqa: E402

PYTHON = sys.executable
CACHE_DIR = Path(tempfile.gettempdir()) / "engage-tui-bench"
BASELINE = """
from textual.app import App
from textual.widgets import Static

class Baseline(App):
    def compose(self):
        yield Static("baseline ready", id="line")
    def on_key(self, event):
        self.n = getattr(self, "n", 0) + 1
        self.query_one("#line", Static).update(f"baseline ready {self.n}")

Baseline().run()
"""


def cache(count: int) -> Path:
    """A store of ``count`` notifications, built once per schema version and
    reused by later runs (a file of an older schema would be migrated at the
    first start, and that start timed)."""
    from engage_tui.store.migrations import LATEST_VERSION

    # ENGAGE_HOME's layout (data/engage.db), so `engage` opens it too.
    folder = CACHE_DIR / f"schema-{LATEST_VERSION}" / f"home-{count}" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "engage.db"
    done = path.with_suffix(".ready")
    if not done.exists():
        for stale in folder.glob("engage.db*"):
            stale.unlink()
        started = time.perf_counter()
        if count == 0:
            from engage_tui.store import Store

            store = Store.open(path)
            store.sync_state.meta_set(
                "owner_id:x", "1"
            )  # an account, so the inbox (not the welcome) shows
            store.close()
        else:
            fill(path, count)
        done.write_text("ok")
        print(f"  built the {count:,} cache in {time.perf_counter() - started:.1f} s", flush=True)
    return path


class Pty:
    """A child process on a 120x40 pseudo-terminal, timed by what it writes."""

    def __init__(self, argv: list[str], extra_env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        env.update(extra_env or {})
        env.pop("NO_COLOR", None)
        # As installed (pip compiles bytecode at install time): both the
        # baseline and engage read compiled modules from one cache, filled by
        # an untimed run first. Without it, PYTHONDONTWRITEBYTECODE (set on
        # some machines) made every run compile engage's own modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(CACHE_DIR / "bytecode")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 1 << 16)
        except OSError:
            return b""

    def wait_for(self, marker: bytes, timeout: float = 60.0) -> float:
        """Seconds from process start until ``marker`` has been written."""
        deadline = time.perf_counter() + timeout
        while marker not in self.seen:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no {marker!r} on screen within {timeout} s")
            self.seen = (self.seen + self.read(0.5))[-200_000:]
        return time.perf_counter() - self.started

    def drain(self, quiet: float = 0.3) -> None:
        while self.read(quiet):
            pass

    def key_to_frame(self, key: bytes, timeout: float = 2.0) -> float:
        """Seconds from writing ``key`` to the first output that follows it."""
        sent = time.perf_counter()
        os.write(self.master, key)
        chunk = self.read(timeout)
        got = time.perf_counter() - sent
        # Let the rest of that frame arrive before the next key.
        while chunk and self.read(0.005):
            pass
        return got if chunk else float("nan")

    def key_to_marker(self, key: bytes, marker: bytes, timeout: float = 10.0) -> float:
        """Seconds from writing ``key`` until ``marker`` (a pane's title) is written."""
        self.seen = b""
        sent = time.perf_counter()
        os.write(self.master, key)
        while marker not in self.seen:
            if time.perf_counter() - sent > timeout:
                return float("nan")
            self.seen = (self.seen + self.read(0.2))[-200_000:]
        return time.perf_counter() - sent

    def cpu_seconds(self) -> float:
        """CPU time the process has used (every thread, user and system): on
        a busy shared machine a steadier measure than the wall clock, which
        also counts the time spent waiting for a core."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        try:
            os.write(self.master, b"\x11")  # ctrl+q
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def app_argv(path: Path) -> list[str]:
    return [PYTHON, "-m", "engage_tui.tui.devrun", str(path)]


# An X account from the environment whose API answers nothing (a closed port):
# the sync that starts after the first frame finds the network down.
ENGAGE_ENV = {
    "ENGAGE_X_CONSUMER_KEY": "bench",
    "ENGAGE_X_CONSUMER_SECRET": "bench",
    "ENGAGE_X_ACCESS_TOKEN": "bench",
    "ENGAGE_X_ACCESS_TOKEN_SECRET": "bench",
    "ENGAGE_X_API_BASE": "http://127.0.0.1:9",
}


def engage_app(path: Path) -> tuple[list[str], dict[str, str]]:
    """`engage` itself on the cache (its ENGAGE_HOME), signed in from the
    environment: the command, its config, the account and the sync engine."""
    home = path.parent.parent
    return [str(Path(PYTHON).parent / "engage")], {**ENGAGE_ENV, "ENGAGE_HOME": str(home)}


def keyring_app(path: Path) -> tuple[list[str], dict[str, str]]:
    """`engage` on a copy of the empty cache, its X account signed in with
    its tokens in the keyring (a plain file under the bench's folder)."""
    home = path.parent.parent.parent / "keyring-home"  # beside home-0, per schema
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    env = {
        "ENGAGE_HOME": str(home),
        "XDG_DATA_HOME": str(home / "xdg"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    if not (data / "state.toml").exists():
        import shutil

        shutil.copyfile(path, data / "engage.db")
        setup = (
            "from engage_tui.credentials import Secret\n"
            "from engage_tui.paths import default_paths\n"
            "from engage_tui.platforms.x import tokens\n"
            "from engage_tui.state import AppState, SignedInAccount, save_state\n"
            "creds = tokens.StoredCredentials(*(Secret('bench'),) * 4,"
            f" api_base={ENGAGE_ENV['ENGAGE_X_API_BASE']!r})\n"
            "tokens.save('bench', creds)\n"
            "save_state(default_paths().state_file, AppState("
            "(SignedInAccount('bench', '1', 'bench'),), 'bench'))\n"
        )
        subprocess.run([PYTHON, "-c", setup], env={**os.environ, **env}, check=True)
    return [str(Path(PYTHON).parent / "engage")], env


def baseline_argv() -> list[str]:
    return [PYTHON, "-c", BASELINE]


def start_once(
    argv: list[str], marker: bytes, extra_env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Seconds to first frame, CPU seconds used by then, and peak RSS (MB), of one start."""
    pty = Pty(argv, extra_env)
    try:
        seconds = pty.wait_for(marker)
        cpu = pty.cpu_seconds()
        pty.drain(0.3)
        return seconds, cpu, pty.peak_rss_mb()
    finally:
        pty.close()


App = tuple[list[str], bytes, dict[str, str]]  # argv, first frame's marker, environment


def start_times(
    apps: dict[str, App], runs: int
) -> dict[str, tuple[list[float], list[float], float]]:
    """Each app started ``runs`` times, interleaved round by round (baseline,
    then every cache size), so a slow spell of this shared machine lands on
    all of them alike instead of on whichever was measured then. Returns each
    app's start times, CPU times to first frame and its largest peak RSS."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    cpus: dict[str, list[float]] = {name: [] for name in apps}
    rss: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(runs):
        for name, (argv, marker, extra_env) in apps.items():
            seconds, cpu, peak = start_once(argv, marker, extra_env)
            times[name].append(seconds)
            cpus[name].append(cpu)
            rss[name].append(peak)
    return {name: (times[name], cpus[name], max(rss[name])) for name in apps}


def key_latency(argv: list[str], marker: bytes, presses: int) -> tuple[float, float, float]:
    """p50 and p95 (ms) of j-to-frame over ``presses`` keys, and peak RSS (MB) after."""
    pty = Pty(argv)
    try:
        pty.wait_for(marker)
        pty.drain(0.5)
        samples = [pty.key_to_frame(b"j") * 1000 for _ in range(presses)]
        rss = pty.peak_rss_mb()
    finally:
        pty.close()
    good = sorted(s for s in samples if s == s)
    if len(good) < presses * 0.9:
        raise RuntimeError(f"only {len(good)} of {presses} keys produced a frame")
    p95 = good[min(len(good) - 1, int(len(good) * 0.95))]
    return statistics.median(good), p95, rss


# Each pane: the key that opens it, the words of its first frame (its title),
# and the key back to the inbox.
PANES: dict[str, tuple[bytes, bytes, bytes]] = {
    "prospects": (b"2", b"Prospects", b"1"),
    "tray": (b"F", b"to finish on", b"\x1b"),
    "drafts": (b"3", b"Drafts", b"1"),
    "today": (b"4", b"Today", b"1"),
    "search": (b"/", b"Search the cache", b"\x1b"),
    "person": (b"P", b"History", b"\x1b"),
}


def pane_latency(argv: list[str], marker: bytes, rounds: int) -> dict[str, list[float]]:
    """ms from each pane's key to its first frame, ``rounds`` times each,
    interleaved pane by pane (the first opening of each included: it is the
    one a user waits for most)."""
    pty = Pty(argv)
    times: dict[str, list[float]] = {name: [] for name in PANES}
    try:
        pty.wait_for(marker)
        pty.drain(0.5)
        for _ in range(rounds):
            for name, (key, title, back) in PANES.items():
                times[name].append(pty.key_to_marker(key, title) * 1000)
                pty.drain(0.3)
                os.write(pty.master, back)
                pty.drain(0.5)
    finally:
        pty.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=9, help="start-up rounds")
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="100k only, 3 runs")
    parser.add_argument("--pane-rounds", type=int, default=7, help="openings of each pane")
    parser.add_argument(
        "--panes-only", action="store_true", help="only the panes' key to first frame, at 100k"
    )
    parser.add_argument(
        "--start-only", action="store_true", help="only start-up (no keys, no panes)"
    )
    args = parser.parse_args()
    sizes = [0, 100_000] if args.quick else [0, 100_000, 1_000_000]
    if args.panes_only:
        sizes = [100_000]
    runs = 3 if args.quick else args.runs
    print("building caches (reused across runs) ...", flush=True)
    paths = {n: cache(n) for n in sizes}

    figures: dict[str, float] = {}
    if args.panes_only:
        panes(paths[100_000], args.presses, args.pane_rounds, figures)
        print(json.dumps(figures))
        return 0
    apps: dict[str, App] = {"baseline": (baseline_argv(), b"baseline ready", {})}
    for n in sizes:
        marker = b"Nothing new" if n == 0 else "●".encode()
        apps[f"start_{n}"] = (app_argv(paths[n]), marker, {})
        argv, env = engage_app(paths[n])
        apps[f"engage_start_{n}"] = (argv, marker, env)
    argv, env = keyring_app(paths[0])
    apps["keyring_start_0"] = (argv, b"Nothing new", env)
    # Untimed: fills the bytecode cache (and the OS file cache) for all of them.
    start_times(apps, 1)
    measured = start_times(apps, runs)
    base_times, base_cpus, base_rss = measured["baseline"]
    base_start = statistics.median(base_times)
    base_cpu = statistics.median(base_cpus)
    figures["baseline_start_s"] = round(base_start, 3)
    figures["baseline_cpu_s"] = round(base_cpu, 3)
    figures["baseline_rss_mb"] = round(base_rss, 1)
    print(
        f"start-up, {runs} interleaved rounds (baseline, then each app and cache size); "
        f"baseline: first frame {base_start * 1000:.0f} ms (median; "
        f"{min(base_times) * 1000:.0f}-{max(base_times) * 1000:.0f}), "
        f"{base_cpu * 1000:.0f} ms of CPU, peak RSS {base_rss:.0f} MB"
    )
    rows = (
        ("start", "the TUI alone", sizes),
        ("engage_start", "`engage` + account", sizes),
        ("keyring_start", "`engage` + keyring", [0]),
    )
    for name, what, counts in rows:
        for n in counts:
            times, cpus, rss = measured[f"{name}_{n}"]
            start = statistics.median(times)
            cpu_ratio = statistics.median(c / b for c, b in zip(cpus, base_cpus, strict=True))
            figures[f"{name}_{n}_cpu_ratio_per_round"] = round(cpu_ratio, 2)
            ratio = start / base_start
            # The same figure round by round: how steady the ratio is on this machine.
            per_round = statistics.median(t / b for t, b in zip(times, base_times, strict=True))
            figures[f"{name}_{n}_s"] = round(start, 3)
            figures[f"{name}_{n}_ratio"] = round(ratio, 2)
            figures[f"{name}_{n}_ratio_per_round"] = round(per_round, 2)
            figures[f"{name.replace('start', 'rss')}_{n}_mb"] = round(rss, 1)
            verdict = "ok" if ratio <= 1.25 else "OVER"
            print(
                f"{what:<19} {n:>9,} cached: {start * 1000:6.0f} ms  = {ratio:.2f}x baseline "
                f"(target <= 1.25x) {verdict} [median of per-round ratios {per_round:.2f}x; "
                f"CPU to first frame {cpu_ratio:.2f}x]; "
                f"peak RSS {rss:.0f} MB (+{rss - base_rss:.0f} MB)"
            )
    if args.start_only:
        print(json.dumps(figures))
        return 0
    b50, b95, _ = key_latency(baseline_argv(), b"baseline ready", args.presses)
    figures["baseline_key_p50_ms"] = round(b50, 2)
    figures["baseline_key_p95_ms"] = round(b95, 2)
    print(f"baseline key to frame: p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    for n in sizes[1:]:
        k50, k95, rss = key_latency(app_argv(paths[n]), "●".encode(), args.presses)
        figures[f"key_{n}_p50_ms"] = round(k50, 2)
        figures[f"key_{n}_p95_ms"] = round(k95, 2)
        figures[f"rss_after_keys_{n}_mb"] = round(rss, 1)
        figures[f"rss_growth_{n}_mb"] = round(rss - base_rss, 1)
        verdict = "ok" if k95 - b95 <= 10 else "OVER"
        print(
            f"j to frame, {n:>9,} cached: p50 {k50:.1f} ms, p95 {k95:.1f} ms "
            f"(+{k95 - b95:.1f} ms over baseline p95; target <= +10) {verdict}; "
            f"peak RSS {rss:.0f} MB (+{rss - base_rss:.0f} MB over baseline; target <= 40)"
        )
    panes(paths[100_000], args.presses, args.pane_rounds, figures)
    print(json.dumps(figures))
    return 0


def panes(path: Path, presses: int, rounds: int, figures: dict[str, float]) -> None:
    """Each pane's key to first frame at 100k cached items, minus the inbox's
    own key to frame (j) in the same run."""
    load = os.getloadavg()[0]
    figures["panes_load_1m_before"] = round(load, 2)
    inbox50, _, _ = key_latency(app_argv(path), "●".encode(), presses)
    figures["inbox_key_p50_ms"] = round(inbox50, 2)
    print(
        f"panes at 100,000 cached (load average {load:.2f}); "
        f"the inbox's own j to frame: p50 {inbox50:.1f} ms"
    )
    for name, samples in pane_latency(app_argv(path), "●".encode(), rounds).items():
        good = [s for s in samples if s == s]
        if not good:
            print(f"  {name:<9}: no first frame seen (its title never showed)")
            continue
        median = statistics.median(good)
        over = median - inbox50
        first = samples[0]
        later = [s for s in samples[1:] if s == s]
        later50 = statistics.median(later) if later else float("nan")
        figures[f"pane_{name}_p50_ms"] = round(median, 1)
        figures[f"pane_{name}_later_p50_ms"] = round(later50, 1)
        figures[f"pane_{name}_over_inbox_ms"] = round(over, 1)
        figures[f"pane_{name}_first_ms"] = round(first, 1)
        verdict = "ok" if over <= 100 else "OVER"
        first_verdict = "ok" if first - inbox50 <= 100 else "OVER"
        print(
            f"  {name:<9} key to first frame minus the inbox's: {over:+6.0f} ms "
            f"(target <= +100) {verdict}; median {median:6.1f} ms "
            f"({min(good):.0f}-{max(good):.0f}), of later openings {later50:.0f} ms; "
            f"first opening {first:.0f} ms ({first - inbox50:+.0f}) {first_verdict}"
        )
    figures["panes_load_1m_after"] = round(os.getloadavg()[0], 2)


if __name__ == "__main__":
    raise SystemExit(main())
