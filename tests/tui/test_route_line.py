"""The composer's route line: the cost first, exact to the fraction of a cent
that matters, and cut (never the price) to fit an 80-column terminal. Routed
by the real X platform against the sandbox; nothing is sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.cells import cell_len

from engage_tui.config import Config
from engage_tui.domain import ActionKind, Person, Post
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.compose_request import ComposeRequest
from engage_tui.tui.context import Services
from engage_tui.tui.widgets.composer import route_line, usd_words
from tests.sync.conftest import World, start_world
from tests.tui.world import NOW

# The route line's room at 80 columns: the composer's padding and the count.
ROOM = 66
PROSPECT = Person("900", "far_away", "Far Away", network="x")


@pytest.fixture
def world() -> Iterator[World]:
    with start_world() as w:
        yield w


@pytest.fixture
def svc(world: World, store: Store) -> Services:
    engine = SyncEngine(store, world.platform(), config=Config(), clock=world.clock)
    return Services(Config(), store, engine)


def test_a_standalone_thank_says_its_exact_price_first(svc: Services) -> None:
    thank = ComposeRequest(key="thank:900", action=ActionKind.POST, person=PROSPECT)
    line = route_line(svc, thank, "@far_away thank you!")
    assert line.startswith("$0.015 ")
    assert "about" not in line


def test_at_80_columns_the_line_is_cut_after_the_price(svc: Services) -> None:
    post = Post("901", PROSPECT.id, "a post that does not mention you", NOW, network="x")
    reply = ComposeRequest(key="reply:901", action=ActionKind.REPLY, target=post)
    line = route_line(svc, reply, "so true", width=ROOM)
    assert cell_len(line) <= ROOM
    assert line.startswith("Free ")
    assert line.endswith("…")
    assert "X only lets you reply in the browser" in route_line(svc, reply, "so true")


@pytest.mark.parametrize(
    ("usd", "words"),
    [(0.015, "$0.015"), (0.01, "$0.01"), (0.2, "$0.20"), (0.001, "$0.001"), (1.5, "$1.50")],
)
def test_prices_keep_the_fraction_of_a_cent_that_matters(usd: float, words: str) -> None:
    assert usd_words(usd) == words
