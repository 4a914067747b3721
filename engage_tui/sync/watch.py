"""Whether someone else wrote the store since the engine last looked.

`engage sync` from cron or another terminal stores rows while the app is
open; its pulls are not this engine's, so no ``pulled`` event tells the app.
The engine asks this on its own thread after every pass (at least once a
sync interval, and at once on ``s``), which costs one pragma read.
"""

from __future__ import annotations

from engage_tui.store import Store


class StoreWatch:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: int | None = None

    def moved(self) -> bool:
        """True when another connection committed since the last call; True
        the first time too, as what was written before the engine started
        (after the app's first read) is unknown."""
        version = self._store.sync_state.data_version()
        moved = version != self._seen
        self._seen = version
        return moved
