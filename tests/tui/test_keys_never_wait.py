"""Keys never wait on the database: a read that takes its time (another
process holding the file, a cold page cache on a big one) is a worker's, and
the key that asked for it returns at once; what it read arrives after.

The store's reads are held here the way a busy disk holds them: a read on a
worker thread waits until the test lets it go, and a read on the UI thread
(the event loop's, where keys are handled) is noted and goes on, since that
one would have frozen every key for as long as it took.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from engage_tui.domain import Draft, OutboxState
from engage_tui.store import Store
from engage_tui.tui.app import EngageApp
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.link_picker import AccountPicker
from engage_tui.tui.screens.prospects import ProspectsScreen
from engage_tui.tui.widgets.composer import Composer
from tests.tui.helpers import DEADLINE_S, go_to, inbox_ready, notices, until
from tests.tui.test_composer import composer, typed
from tests.tui.test_person import open_person_from_inbox
from tests.tui.test_person_links import BLUE_ANA
from tests.tui.world import ANA, NOW

SIZE = (120, 40)


class HeldReads:
    """Some of the store's reads, held until ``release``."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self._store = store
        self._monkeypatch = monkeypatch
        self._released = threading.Event()
        self.on_ui_thread: list[str] = []

    def hold(self, *names: str) -> None:
        """``names``: the store's reads by aggregate, such as ``drafts.get``."""
        for name in names:
            aggregate, method = name.split(".")
            owner = getattr(self._store, aggregate)
            self._monkeypatch.setattr(owner, method, self._held(name, getattr(owner, method)))

    def _held(self, name: str, read: Callable[..., Any]) -> Callable[..., Any]:

        def held(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                self.on_ui_thread.append(name)
            else:
                self._released.wait()
            return read(*args, **kwargs)

        return held

    def release(self) -> None:
        self._released.set()

    @contextmanager
    def holding(self, *names: str) -> Iterator[None]:
        """Hold ``names`` for the block; released when it ends, failed or not."""
        self.hold(*names)
        try:
            yield
        finally:
            self.release()


@pytest.fixture
def held(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldReads]:
    reads = HeldReads(store, monkeypatch)
    yield reads
    reads.release()  # a failed test must not leave a worker waiting


async def while_held(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Like ``until``, but without waiting for workers: some wait on held reads."""
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        await pilot.pause(0.02)


async def open_reply_held(pilot: Pilot[Any]) -> Composer:
    await inbox_ready(pilot)
    await go_to(pilot, "n-mention-ana")
    await pilot.press("r")
    app = pilot.app
    assert isinstance(app, EngageApp)
    await while_held(pilot, lambda: bool(app.screen.query(Composer)), "the composer")
    await while_held(pilot, lambda: composer(app).is_open, "the composer open")
    return composer(app)


def suggested(app: EngageApp) -> list[str]:
    return [p.handle for p in composer(app)._suggestions]


async def test_at_completion_asks_the_store_off_the_ui_thread(
    app: EngageApp, held: HeldReads
) -> None:
    held.hold("people.complete_handles")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await open_reply_held(pilot)
            await pilot.press(*"hi @gr")
            # Every key acted while the read waits; no one is offered yet.
            assert typed(app).endswith("hi @gr")
            assert suggested(app) == []
        finally:
            held.release()
        await until(pilot, lambda: suggested(app) == ["grace"], "the completion")
        assert held.on_ui_thread == []
        await pilot.press("tab")
        assert typed(app).endswith("hi @grace ")


async def test_opening_a_reply_reads_its_draft_off_the_ui_thread_and_keys_act_after_it(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    store.drafts.save(
        Draft(key="reply:200", text="Slides are", updated_at=NOW, target_post_id="200")
    )
    held.hold("drafts.get", "drafts.for_key")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await open_reply_held(pilot)
            # Typed before the saved words are read: they wait for them.
            await pilot.press(*" up")
            assert typed(app) == ""
        finally:
            held.release()
        await until(pilot, lambda: typed(app) == "Slides are up", "the draft, then the keys")
        assert held.on_ui_thread == []
        assert "Your saved draft is back." in notices(app)


async def test_opening_a_draft_from_drafts_reads_its_post_off_the_ui_thread(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    store.drafts.save(
        Draft(key="reply:200", text="Slides are up", updated_at=NOW, target_post_id="200")
    )
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, DraftsScreen), "drafts")
        screen = app.screen
        assert isinstance(screen, DraftsScreen)
        await until(pilot, lambda: screen.draft is not None, "the draft listed")
        with held.holding("people.post", "people.get"):
            await pilot.press("enter")
            # The post answered is still being read: no composer is open yet
            # (one may be mounted ahead, hidden).
            assert not any(c.is_open for c in screen.query(Composer))
        await until(
            pilot,
            lambda: bool(screen.query(Composer)) and typed(app) == "Slides are up",
            "the draft open",
        )
        assert held.on_ui_thread == []
        assert composer(app).request is not None
        assert composer(app).request.key == "reply:200"  # type: ignore[union-attr]


async def test_ctrl_s_checks_for_a_duplicate_without_reading_the_outbox_on_the_key(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    outbox = store.outbox.items
    held.hold("outbox.items")
    async with app.run_test(size=SIZE) as pilot:
        try:
            await open_reply_held(pilot)
            await pilot.press(*"Slides are up", "ctrl+s")
            # The check waits for what the composer reads on opening.
            assert composer(app).is_open and outbox() == []
        finally:
            held.release()
        await until(pilot, lambda: not composer(app).is_open, "the reply queued")
        assert held.on_ui_thread == []
        assert app.services.writes.flush(DEADLINE_S)
        [item] = store.outbox.items()
        assert item.text == "Slides are up" and item.state is OutboxState.QUEUED


async def test_adding_a_prospect_from_the_inbox_reads_no_prospect_on_the_key(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        with held.holding("prospects.listing"):
            await pilot.press("p")
            assert any("added to prospects" in n for n in notices(app))
        assert held.on_ui_thread == []
        assert app.services.writes.flush(DEADLINE_S)
        assert any(
            p.person is not None and p.person.handle == "dee" for p in store.prospects.listing()
        )


async def test_adding_someone_already_a_prospect_says_so_when_the_write_lands(
    app: EngageApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await go_to(pilot, "n-follow-dee")
        await pilot.press("p")
        assert app.services.writes.flush(DEADLINE_S)
        await pilot.press("p")
        await until(
            pilot,
            lambda: any("@dee is already on your prospects list." in n for n in notices(app)),
            "the notice",
        )
        # Undoing the second add leaves them where the first put them.
        await pilot.press("u")
        assert app.services.writes.flush(DEADLINE_S)
        assert sum(p.person_id == "14" for p in store.prospects.listing()) == 1


async def test_adding_a_prospect_by_handle_looks_them_up_off_the_ui_thread(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(app.screen, ProspectsScreen), "prospects")
        await until(pilot, lambda: len(app.screen.prospects) == 2, "the list")  # type: ignore[attr-defined]
        await pilot.press("a")
        await until(pilot, lambda: bool(app.screen.query(Input)), "prompt")
        with held.holding("people.by_handle"):
            await pilot.press(*"@newperson", "enter")
            assert not any("newperson" in n for n in notices(app))
        await until(pilot, lambda: any("@newperson added" in n for n in notices(app)), "said")
        assert held.on_ui_thread == []


async def test_linking_a_picked_account_names_it_without_reading_it_again(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    store.people.upsert([BLUE_ANA])
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-mention-ana")
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, AccountPicker), "the picker")
        await pilot.press(*"ana.bsky")
        await until(pilot, lambda: app.screen.query_one(OptionList).option_count == 1, "ana")
        with held.holding("people.get"):
            await pilot.press("enter")
            await while_held(
                pilot, lambda: any("Linked @ana.bsky.social" in n for n in notices(app)), "said"
            )
        assert held.on_ui_thread == []
        assert app.services.writes.flush(DEADLINE_S)
        assert store.people.accounts_of(BLUE_ANA.id) == [ANA.id, BLUE_ANA.id]


async def test_the_link_picker_lists_and_looks_up_accounts_off_the_ui_thread(
    app: EngageApp, store: Store, held: HeldReads
) -> None:
    store.people.upsert([BLUE_ANA])
    async with app.run_test(size=SIZE) as pilot:
        await open_person_from_inbox(pilot, "n-mention-ana")
        with held.holding("people.people_seen_lately", "people.person_on"):
            await pilot.press("L")
            await while_held(pilot, lambda: isinstance(app.screen, AccountPicker), "the picker")
            # The list and the typed account are read while the keys go on.
            await pilot.press(*"bluesky:ana.bsky.social", "enter")
            assert isinstance(app.screen, AccountPicker)
        await until(
            pilot, lambda: any("Linked @ana.bsky.social" in n for n in notices(app)), "said"
        )
        assert held.on_ui_thread == []
