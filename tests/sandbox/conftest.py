"""Fixtures: a sandbox per test on its own port, and clients that talk to it over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.sandbox import Sandbox, start_sandbox

from .sandbox_support import CLOCK, SEED, SMALL, Wire, reference_dir


@pytest.fixture
def reference() -> Path:
    found = reference_dir()
    if found is None:
        pytest.skip("../shared/reference is not beside the repository in this checkout")
    return found


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL) as sb:
        yield sb


@pytest.fixture
def basic_sandbox() -> Iterator[Sandbox]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL, plan="basic") as sb:
        yield sb


@pytest.fixture
def wire(sandbox: Sandbox) -> Iterator[Wire]:
    client = Wire(sandbox)
    yield client
    client.close()


@pytest.fixture
def basic_wire(basic_sandbox: Sandbox) -> Iterator[Wire]:
    client = Wire(basic_sandbox)
    yield client
    client.close()
