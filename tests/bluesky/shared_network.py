"""One Bluesky network for every pytest-xdist worker, started by the controller.

A pytest plugin (``-p tests.bluesky.shared_network``, or named in the root
conftest's ``pytest_plugins``). Under xdist, when the run selects tests/bluesky,
the controller starts the network in a thread of its own as the run begins,
while the workers start and collect, and stops it when the run ends; the
workers find its addresses in a folder named by ``SHARED_ENV`` (set before the
workers are spawned, so they inherit it). The Bluesky tests then spread over
every worker instead of queueing on one: most of their time is waiting (the
AppView indexing, engage's commands in a subprocess), which overlaps. A second
network per worker was measured slower (each is CPU-bound in Node); one network
serves them all, as it serves the many accounts of one worker.

The controller owns the network, so no worker needs a last-one-out rule, and a
killed run leaves nothing behind: the network's processes die with the thread
that started them (PR_SET_PDEATHSIG), which lives until the run ends.

Without xdist, or without this plugin, conftest's fixture starts a network in
the one worker that runs the ``xdist_group("bluesky")`` tests, as before.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
STACK_SCRIPT = HERE.parents[1] / "scripts" / "bluesky" / "stack.py"
# The folder where the controller's network says it is ready (or why it failed).
SHARED_ENV = "ENGAGE_TEST_SHARED_BLUESKY"
READY = "ready.json"
FAILED = "failed.txt"
_KEY = pytest.StashKey["_Network"]()


def stack_module() -> ModuleType:
    """scripts/bluesky/stack.py (a script, not a package)."""
    name = "engage_bluesky_stack"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, STACK_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class _Network:
    """The stack, started and stopped by one thread that lives for the run:
    a child with PR_SET_PDEATHSIG dies when the thread that started it ends."""

    def __init__(self, stack_module: ModuleType, folder: Path) -> None:
        self._stack_module = stack_module
        self.folder = folder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bluesky-network", daemon=True)

    def begin(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        stack = None
        try:
            stack = self._stack_module.Stack(self._stack_module.prepare())
            urls = stack.start()
            _publish(self.folder / READY, json.dumps({"pds": urls.pds, "appview": urls.bsky}))
        except BaseException:  # every failure reaches the workers' tests as their reason
            _publish(self.folder / FAILED, traceback.format_exc())
            stack = None
        self._stop.wait()
        if stack is not None:
            stack.stop()

    def end(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def _publish(path: Path, text: str) -> None:
    # Renamed into place: a worker never reads half a file.
    part = path.with_suffix(".part")
    part.write_text(text)
    part.rename(path)


def _selects_bluesky(config: pytest.Config) -> bool:
    # testpaths are relative to the rootdir, arguments to where pytest started.
    from_testpaths = config.args_source is pytest.Config.ArgsSource.TESTPATHS
    base = config.rootpath if from_testpaths else config.invocation_params.dir
    for arg in config.args:
        target = (base / arg.split("::", 1)[0]).resolve()
        if target == HERE or HERE in target.parents or target in HERE.parents:
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):  # a worker: it uses the controller's network
        return
    if not getattr(config.option, "numprocesses", None):  # no workers: the fixture starts one
        return
    if os.environ.get("ENGAGE_SKIP_BLUESKY") == "1" or not _selects_bluesky(config):
        return
    network = _Network(stack_module(), Path(tempfile.mkdtemp(prefix="engage-bsky-shared-")))
    network.begin()
    config.stash[_KEY] = network
    os.environ[SHARED_ENV] = str(network.folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    network = config.stash.get(_KEY, None)
    if network is not None:
        del config.stash[_KEY]
        os.environ.pop(SHARED_ENV, None)
        network.end()


def shared_folder() -> Path | None:
    """The controller's network's folder, when this worker has one to use."""
    named = os.environ.get(SHARED_ENV)
    return Path(named) if named else None


def wait_for_shared(folder: Path, timeout_s: float) -> dict[str, str]:
    """The addresses of the controller's network, once it is ready; fails the
    test with the controller's reason if it could not start."""
    deadline = time.monotonic() + timeout_s
    while True:
        if (folder / READY).exists():
            loaded: dict[str, str] = json.loads((folder / READY).read_text())
            return loaded
        if (folder / FAILED).exists():
            pytest.fail(
                "The Bluesky network could not start:\n" + (folder / FAILED).read_text(),
                pytrace=False,
            )
        if time.monotonic() > deadline:
            pytest.fail(f"The Bluesky network was not ready after {timeout_s:.0f} s", pytrace=False)
        time.sleep(0.1)
