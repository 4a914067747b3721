"""The set-up the composer state machines share: an EngageApp under Pilot on
a copy of the sandbox inbox pulled once, on an event loop of the machine's
own, its engine never started (a rule syncs when it says so)."""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import shutil
from collections.abc import Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from hypothesis.stateful import RuleBasedStateMachine

from engage_tui.config import Config
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine
from engage_tui.tui.app import EngageApp
from tests.sync.conftest import World
from tests.tui.conftest import SIZE
from tests.tui.helpers import inbox_ready, settle
from tests.tui.mixed_world import UnstartedAccounts

T = TypeVar("T")
_examples = itertools.count()


class AppOnAnInboxCopy(RuleBasedStateMachine):
    world: World
    template: Path
    # After a send, the next item's composer opens (the flow) or not.
    flow = False

    def __init__(self) -> None:
        super().__init__()
        self.example = next(_examples)
        folder = self.template.parent / f"ex{self.example}"
        folder.mkdir()
        self.path = folder / "engage.db"
        shutil.copy(self.template, self.path)
        self.now: datetime = self.world.clock()
        self.store = Store.open(self.path)
        engine = SyncEngine(self.store, self.world.platform(), config=Config(), clock=self._now)
        config = Config(compose_next_after_send=self.flow)
        self.app = EngageApp(config, self.store, UnstartedAccounts([engine]), clock=self._now)
        self.loop = asyncio.new_event_loop()
        # One context for every step: Textual keeps the active app in context
        # variables, which a fresh task per step would not share.
        self.ctx = contextvars.copy_context()
        self.context = self.app.run_test(size=SIZE)
        self.pilot = self.run(self.context.__aenter__())
        self.run(inbox_ready(self.pilot))
        self.account = engine.account().id
        # The draft key of the open composer, kept by the machine's model.
        self.key: str | None = None

    def _now(self) -> datetime:
        return self.now

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(self.loop.create_task(work, context=self.ctx))

    def teardown(self) -> None:
        try:
            # Words still open are saved, and land, before the app is torn
            # down: Pilot's teardown closes the panes while the app still runs.
            if self.key is not None:
                self.run(self.pilot.press("escape"))
            self.run(settle(self.pilot))
            self.run(self.context.__aexit__(None, None, None))
        finally:
            self.loop.close()
            self.store.close()
