"""The real Bluesky servers (PLC, PDS, AppView from ``@atproto/dev-env``) for the
tests here: one network per test session, fresh accounts per test.

Under pytest-xdist with the shared_network plugin, the controller starts the
one network and every worker's tests use it (see shared_network.py). Without
it, every module that uses the network is marked with one ``xdist_group``
(ON_NETWORK; ``make test`` runs ``--dist loadgroup``), so exactly one worker
starts one network and the other workers never wait on it; a file lock
shared between workers would need a last-one-out rule to stop it, and a killed
worker would strand it. Tests that need no server (the text measure) run on any
worker.

The stack is skipped only when ENGAGE_SKIP_BLUESKY=1 says so; if it cannot be
prepared or started otherwise, every test that needs it fails with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .bsky_support import Accounts, Network
from .shared_network import shared_folder, stack_module, wait_for_shared


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With the controller's network, the Bluesky tests go after the others,
    which run while it starts (about 10 s); the others keep their order."""
    if shared_folder() is None:
        return
    here = Path(__file__).resolve().parent
    first = [i for i in items if here not in i.path.parents]
    items[:] = first + [i for i in items if here in i.path.parents]


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[Network]:
    if os.environ.get("ENGAGE_SKIP_BLUESKY") == "1":
        pytest.skip("ENGAGE_SKIP_BLUESKY=1: the reference Bluesky servers were not started")
    stack_mod = stack_module()
    shared = shared_folder()
    if shared is not None:
        # The controller's, started as the run began: ready by now, or soon.
        urls = wait_for_shared(shared, stack_mod.READY_TIMEOUT_S + 60)
        yield Network(pds=urls["pds"], appview=urls["appview"])
        return
    stack = stack_mod.Stack(stack_mod.prepare())
    started = stack.start()
    try:
        yield Network(pds=started.pds, appview=started.bsky)
    finally:
        stack.stop()


@pytest.fixture
def accounts(bluesky_network: Network) -> Iterator[Accounts]:
    made = Accounts(bluesky_network)
    yield made
    made.close()
