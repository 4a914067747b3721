"""The real Bluesky servers (PLC, PDS, AppView from ``@atproto/dev-env``) for the
tests here: one network per test session, fresh accounts per test.

Under pytest-xdist every module that uses the network is marked with one
``xdist_group`` (ON_NETWORK; ``make test`` runs ``--dist loadgroup``), so exactly one
worker starts one network and the other workers never wait on it; a file lock
shared between workers would need a last-one-out rule to stop it, and a killed
worker would strand it. Tests that need no server (the text measure) run on any
worker.

The stack is skipped only when ENGAGE_SKIP_BLUESKY=1 says so; if it cannot be
prepared or started otherwise, every test that needs it fails with the reason.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .bsky_support import Accounts, Network

STACK_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bluesky" / "stack.py"
# Every module whose tests use the network says ``pytestmark = ON_NETWORK``.
ON_NETWORK = pytest.mark.xdist_group("bluesky")


def _stack_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("engage_bluesky_stack", STACK_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[Network]:
    if os.environ.get("ENGAGE_SKIP_BLUESKY") == "1":
        pytest.skip("ENGAGE_SKIP_BLUESKY=1: the reference Bluesky servers were not started")
    stack_mod = _stack_module()
    stack = stack_mod.Stack(stack_mod.prepare())
    urls = stack.start()
    try:
        yield Network(pds=urls.pds, appview=urls.bsky)
    finally:
        stack.stop()


@pytest.fixture
def accounts(bluesky_network: Network) -> Iterator[Accounts]:
    made = Accounts(bluesky_network)
    yield made
    made.close()
