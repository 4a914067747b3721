"""The drafts pane reads the write queue's waiting words before the store: a
draft save landing between the two reads is then in one or the other, and the
pane never shows the words from before it (CI saw the old order show them)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from engage_tui.config import Config
from engage_tui.domain import Draft
from engage_tui.store import Store
from engage_tui.store.aggregates.drafts import Drafts
from engage_tui.tui.context import Services
from engage_tui.tui.screens.drafts import latest_drafts

AT = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
KEY = "reply:200"


class DraftsThatLand(Drafts):
    """The writer's waiting save lands just after the store's drafts are read."""

    land: object = None

    def all(self) -> list[Draft]:
        found = super().all()
        if callable(self.land):
            self.land()
        return found


class SaveLandsDuringTheRead(Store):
    def __init__(self, path: Path, first: sqlite3.Connection) -> None:
        super().__init__(path, first)
        self.drafts = self.landing = DraftsThatLand(self._conn)


def test_a_save_landing_while_the_pane_reads_shows_the_newest_words(db_path: Path) -> None:
    store = SaveLandsDuringTheRead.open(db_path)
    assert isinstance(store, SaveLandsDuringTheRead)
    svc = Services(Config(), store, None)
    store.drafts.save(Draft(KEY, "first", AT))
    lock = sqlite3.connect(db_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # the save waits in the queue
    newer = Draft(KEY, "first second", AT)
    svc.write("your draft", lambda s: s.drafts.save(newer), words=newer.text, words_key=KEY)

    def land() -> None:
        lock.execute("COMMIT")
        assert svc.writes.flush(30)

    store.landing.land = land
    try:
        assert [d.text for d in latest_drafts(svc)] == ["first second"]
    finally:
        svc.writes.stop()
        lock.close()
        store.close()
