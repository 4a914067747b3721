"""EngageApp: wires config, store, controller, themes and keys; screens do the rest."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App
from textual.reactive import reactive
from textual.worker import Worker

from engage_tui.text.safe import clean_text
from engage_tui.tui.collector import first_frame_shown
from engage_tui.tui.context import Services, utc_now
from engage_tui.tui.keymap import APP_BINDINGS
from engage_tui.tui.messages import (
    DataChanged,
    QuitBehindKeys,
    SyncEventArrived,
    WorkFailed,
    WriteReported,
)
from engage_tui.tui.screens.inbox import InboxScreen
from engage_tui.tui.sync_events import SyncEventHandler
from engage_tui.tui.workers import reads

if TYPE_CHECKING:
    from pathlib import Path

    from textual.command import Provider
    from textual.screen import Screen

    from engage_tui.config import Config
    from engage_tui.store import Store
    from engage_tui.sync.controller import SyncController, SyncEvent, SyncStatus
    from engage_tui.tui.writes import Report

log = logging.getLogger(__name__)

# The panes' and dialogs' rules, each in a .tcss beside its module.
PANE_CSS = (
    "conversation",
    "drafts",
    "filter",
    "help",
    "person",
    "prospects",
    "search",
    "today",
    "tray",
)
# Bursts of pulled rows are shown at most this often.
PULL_REFRESH_S = 1.0
# How often the app checks that its terminal is still there.
TERMINAL_CHECK_S = 2.0
# The same failure is told again only after this long.
FAILURE_REPEAT_S = 30.0
# How often snoozed items are looked at to come back.
SNOOZE_CHECK_S = 30.0
# How long quitting waits for local writes still in the queue.
QUIT_FLUSH_S = 5.0


def _engage_commands() -> type[Provider]:
    # The palette (and the keymap module it reads) loads when first opened.
    from engage_tui.tui.commands import EngageCommands

    return EngageCommands


class EngageApp(App[str | None]):
    # Every pane's rules are read with the app's, once, at start-up (about
    # 3 ms): a screen's own CSS_PATH, read the first time it is shown, made
    # Textual parse every rule of the app again and restyle every widget,
    # the inbox's too, on that first opening (see docs/architecture.md).
    CSS_PATH = ["engage.tcss", *(f"screens/{name}.tcss" for name in PANE_CSS)]
    TITLE = "engage"
    # Only the inbox is built for the first frame; the other panes (and their
    # imports) are built the first time they are shown, and kept
    # (tui/kept_screens.py: show_pane).
    COMMANDS = App.COMMANDS | {_engage_commands}
    BINDINGS = APP_BINDINGS

    # init=False: the panes watch these from their on_mount; their first
    # values must not call those watchers, which would read the inbox and the
    # status counts a second time at start-up.
    sync_status: reactive[SyncStatus | None] = reactive(None, always_update=True, init=False)
    data_version: reactive[int] = reactive(0, init=False)
    notes_version: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        config: Config,
        store: Store,
        controller: SyncController | None,
        *,
        clock: Callable[[], datetime] | None = None,
        banner: str | None = None,
        theme_file: Path | None = None,
    ) -> None:
        super().__init__()
        from engage_tui.tui.choices import OFFERED_THEMES

        # Only the themes that keep the inbox readable are offered (ctrl+p too).
        for name in set(self.available_themes) - set(OFFERED_THEMES):
            self.unregister_theme(name)
        self.services = Services(
            config,
            store,
            controller,
            clock or utc_now,
            report=self._write_reported,
            notify=self.tell,
        )
        self.banner = banner
        # Where a theme picked in the palette is kept for the next start.
        self.theme_file = theme_file
        # Notes for the banner at the top of the panes, kept until dismissed.
        self.notes: list[str] = []
        # The banner shows every line of them (else at most a fifth of the screen).
        self.notes_open = False
        self._events = SyncEventHandler(self, self.add_note, self.tell_sent)
        self._failures_shown: dict[str, float] = {}

    def get_default_screen(self) -> Screen[None]:
        # The inbox starts as the app's default screen, not as a MODES entry:
        # Textual mounts a MODES screen while the app itself is still composing,
        # so it would lay out and render a frame that is thrown away, run every
        # "after refresh" callback (starting worker threads) before anything is
        # on screen, and parse all the CSS again. As the default screen it is
        # laid out once, when the app is ready, and drawn once.
        return InboxScreen()

    def on_mount(self) -> None:
        config = self.services.config
        from engage_tui.tui.chosen_theme import load_chosen

        chosen = load_chosen(self.theme_file, config.theme)
        if chosen in self.available_themes:
            self.theme = chosen
        elif config.theme in self.available_themes:
            self.theme = config.theme
        else:
            self.notify(f"Unknown theme {config.theme!r}: using the default.", markup=False)
        self.watch(self, "theme", self._keep_theme, init=False)
        if config.keymap:
            # Checked before start-up (cli/tui_config.py: a misspelt id or a
            # clash exits 2), so the app does not import every pane to check again.
            self.set_keymap(dict(config.keymap))
        if self._needs_welcome():
            from engage_tui.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        if self.banner:
            self.add_note(self.banner)
        self.set_interval(PULL_REFRESH_S, self._events.flush_pulled)
        self._catch_hangup()
        stdin = sys.__stdin__
        if not self.is_headless and stdin is not None and stdin.isatty():
            self.set_interval(TERMINAL_CHECK_S, partial(self._exit_if_hung_up, stdin.fileno()))
        self.call_after_refresh(self._start_sync)
        self.call_after_refresh(self._warm_up)
        self.call_after_refresh(self._tell_kept_words)
        self.call_after_refresh(self.wake_snoozed)
        self.set_interval(SNOOZE_CHECK_S, self.wake_snoozed)

    def on_ready(self) -> None:
        # Textual sends Ready once the first frame is drawn: the entry points
        # held the collector for the start-up until now (tui/collector.py).
        first_frame_shown()

    def _keep_theme(self, theme: str) -> None:
        """A theme picked in the palette stays picked after a restart."""
        if self.theme_file is None:
            return
        from engage_tui.tui.chosen_theme import save_chosen

        try:
            save_chosen(self.theme_file, theme, self.services.config.theme)
        except OSError as err:
            self.notify(
                f"Theme {theme} is used now, but could not be kept for the next start: {err}.",
                severity="warning",
                markup=False,
            )

    def _catch_hangup(self) -> None:
        # Closing the terminal window sends SIGHUP, whose default ends the
        # process at once: the words typed since the last save (up to 0.3 s
        # of them) would go with it. Quit as on ctrl+q instead.
        import asyncio

        # No signals on Windows, nor outside the main thread.
        with suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hung_up)

    async def action_quit(self) -> None:
        # ctrl+q has priority: it reaches the app while keys typed just before
        # it (a burst) may still wait in the focused widget's queue, or be on
        # their way up from it to the app's own bindings. Quit behind them, by
        # their path: the words they type are saved with the draft, and a `u`
        # typed just before undoes before the app goes.
        focused = self.focused
        if focused is None or not focused.post_message(QuitBehindKeys()):
            self.exit()

    def on_quit_behind_keys(self, _: QuitBehindKeys) -> None:
        self.exit()

    def _hung_up(self) -> None:
        self.save_open_words()
        self.exit()

    def save_open_words(self) -> None:
        """Save what the open composers and notes hold, now, and wait for it to land."""
        for screen in self.screen_stack:
            for node in screen.walk_children(with_self=True):
                save = getattr(node, "save_now", None)
                if callable(save):
                    save()
        self.services.writes.flush(QUIT_FLUSH_S)

    def _exit_if_hung_up(self, fd: int) -> None:
        # A closed terminal (a dropped SSH session, a closed window) normally
        # ends the app with SIGHUP. Where that signal never arrives (the app
        # started under make or another wrapper), Textual's input thread reads
        # end-of-file in a busy loop for ever. With its terminal gone the app
        # quits as on ctrl+q, saving an open draft.
        if not os.isatty(fd):
            self.exit()

    def _needs_welcome(self) -> bool:
        svc = self.services
        if svc.controller is not None or svc.store.sync_state.known_owners():
            return False
        store = svc.store
        return not (
            store.inbox.window(limit=1, include_done=True)
            or store.prospects.listing()
            or store.drafts.all()
        )

    def _start_sync(self) -> None:
        if self.services.store.check_pending:
            # The store's full integrity check reads the whole file: it runs
            # after the first frame, and nothing syncs into the file before
            # it passes.
            self.run_worker(
                self._verify_store,
                thread=True,
                group="verify",
                exit_on_error=False,
                description="check the database",
            )
            return
        self._start_controller()

    def _verify_store(self) -> None:
        from engage_tui.store import StoreError

        try:
            self.services.store.verify()
        except StoreError as err:
            self.call_from_thread(self.exit, None, 2, str(err))
            return
        self.call_from_thread(self._start_controller)

    def _start_controller(self) -> None:
        if self.services.controller is not None:
            self._prepare_controller()

    @reads("start syncing", group="sync-start")
    def _prepare_controller(self) -> None:
        # Its first status, read off the UI thread: `engage` hands over a
        # controller it builds on this first question (sync/deferred.py), so
        # the keyring is read and each network's client library loads here,
        # after the first frame.
        from rich.text import Text

        from engage_tui.sync.deferred import ControllerFailed

        controller = self.services.controller
        if controller is None:
            return
        try:
            status = controller.status()
        except ControllerFailed as err:
            # Text: the words are shown as they are (an account's name may
            # hold brackets, which Rich would read as markup).
            message = Text(f"engage: {clean_text(str(err))}")
            self.call_from_thread(self.exit, None, err.status, message)
            return
        self.call_from_thread(self._sync_started, controller, status)

    def _sync_started(self, controller: SyncController, status: SyncStatus) -> None:
        self.sync_status = status
        controller.start(self._listener)

    def _warm_up(self) -> None:
        # The composer (and each signed-in network's length rules: X's
        # twitter-text tables are large) and the panes' actions load after the
        # first frame, off the UI thread, so `r` (or `e`) acts at once.
        controller = self.services.controller
        networks = {a.network for a in controller.accounts()} if controller is not None else set()
        self.run_worker(
            lambda: _load_composer(networks),
            thread=True,
            exit_on_error=False,
            group="warm-up",
            description="load the composer",
        )

    def _tell_kept_words(self) -> None:
        # Words a run could not save wait in files until the user deletes
        # them: say where at every start, so they are not forgotten there.
        kept = self.services.writes.kept_before()
        if kept:
            files = "1 file" if len(kept) == 1 else f"{len(kept)} files"
            self.add_note(
                f"Words engage could not save to its database earlier are kept in {files}, "
                f"the newest {clean_text(str(kept[0]), single_line=True)}: copy what you "
                "still need from them, then delete them."
            )

    def wake_snoozed(self) -> None:
        """Bring back the snoozed items whose time has come: looked for off the
        UI thread, written (and the panes read again) only when some are due."""
        now = self.services.now()
        self.run_worker(
            partial(self._snoozes_due, now),
            thread=True,
            group="snooze-check",
            description="look for snoozed items due back",
            exclusive=True,
            exit_on_error=False,
        )

    def _snoozes_due(self, now: datetime) -> None:
        if not self.services.store.inbox.snoozes_due(now):
            return

        def woke(ids: list[str]) -> None:
            if ids:
                self.post_message(DataChanged("local"))

        def write() -> None:
            self.services.write(
                "bring back snoozed items",
                lambda store: store.inbox.wake_snoozed(now),
                landed=woke,
                refresh=False,
            )

        self.call_from_thread(write)

    def _listener(self, event: SyncEvent) -> None:
        # Called on the controller's thread: post_message hops to our loop
        # without blocking the sync thread (call_from_thread would wait on us).
        self.post_message(SyncEventArrived(event))

    def on_sync_event_arrived(self, message: SyncEventArrived) -> None:
        if message.event.status is not None:
            self.sync_status = message.event.status
        self._events.handle(message.event)

    def on_data_changed(self, message: DataChanged) -> None:
        self.data_version += 1

    def on_unmount(self) -> None:
        writes = self.services.writes
        # The panes saved their words as they closed; they land before we go,
        # or, when the database cannot take them, wait in a file.
        if not writes.flush(QUIT_FLUSH_S):
            kept = writes.keep_unsaved()
            if kept:
                self.exit(
                    self.return_value,
                    self.return_code or 0,
                    f"engage could not save everything to its database; your words are in "
                    f"{', '.join(str(p) for p in kept)}.",
                )
        writes.stop()
        if self.services.controller is not None:
            self.services.controller.stop()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        from engage_tui.tui.failures import forward

        forward(self, event)

    def on_work_failed(self, message: WorkFailed) -> None:
        from engage_tui.tui.failures import describe

        log.error("%s failed", message.what, exc_info=message.error)
        words = describe(message.what, message.error, self.services.store.path)
        # A pane that fails on every reload says so once, not once a second.
        now = time.monotonic()
        if now - self._failures_shown.get(words, -FAILURE_REPEAT_S) < FAILURE_REPEAT_S:
            return
        self._failures_shown[words] = now
        self.notify(words, severity="error", timeout=15, markup=False)

    def _write_reported(self, report: Report) -> None:
        # Called on the write queue's thread.
        self.post_message(WriteReported(report))

    def on_write_reported(self, message: WriteReported) -> None:
        from engage_tui.tui.writes import Landed, Recovered, Refused, Stuck

        report = message.report
        if isinstance(report, Landed):
            if report.write.landed is not None:
                report.write.landed(report.result)
            if report.write.refresh:
                self.post_message(DataChanged("local"))
        elif isinstance(report, Stuck):
            self.notify(report.message, severity="error", timeout=30, markup=False)
        elif isinstance(report, Recovered):
            self.notify(report.message, markup=False)
            self.post_message(DataChanged("local"))
        elif isinstance(report, Refused):
            self.notify(report.message, severity="warning", timeout=10, markup=False)

    # --- telling the user ----------------------------------------------------
    def tell(self, words: str) -> None:
        """What just happened, on the pane's notice line (one line, updated in
        place) rather than as a toast; a toast where no pane is showing."""
        from engage_tui.tui.widgets.notices import NoticeLine

        if not self.screen_stack:
            return  # quitting: a write that landed as the panes closed has no one to tell
        lines = self.screen.query(NoticeLine)
        if lines:
            lines.first().show(words)
        else:
            self.notify(words, markup=False)

    def tell_sent(self, words: str) -> None:
        """An item went out: its "queued: sending in 5 s" notice is no longer
        true, so "Reply sent." takes its place. Any other notice stays (the
        status bar's queue count says the rest), and no toast covers the pane."""
        from engage_tui.tui.widgets.notices import NoticeLine

        if not self.screen_stack:
            return  # quitting (see tell)
        lines = self.screen.query(NoticeLine)
        if not lines:
            self.notify(words, timeout=3, markup=False)
        elif " queued: " in lines.first().words:
            lines.first().show(words)

    def add_note(self, words: str) -> None:
        """A note worth reading (the demo, a list made for the prospects): it
        stays in the banner until dismissed. The same note is kept once."""
        if words not in self.notes:
            self.notes.append(words)
            del self.notes[:-8]
            self.notes_version += 1

    def notes_key(self) -> str:
        return self.services.key("app.dismiss_notes")

    def notes_open_key(self) -> str:
        return self.services.key("app.toggle_notes")

    def action_dismiss_notes(self) -> None:
        if self.notes:
            self.notes.clear()
            self.notes_open = False
            self.notes_version += 1

    def action_toggle_notes(self) -> None:
        if self.notes:
            self.notes_open = not self.notes_open
            self.notes_version += 1

    # --- app-wide actions ----------------------------------------------------
    def action_go(self, pane: str) -> None:
        from engage_tui.tui.kept_screens import show_pane

        show_pane(self, pane)

    def action_help(self) -> None:
        from engage_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_tray(self) -> None:
        from engage_tui.tui.screens.tray import TrayScreen, open_tray

        if not isinstance(self.screen, TrayScreen):
            open_tray(self)

    def action_undo(self) -> None:
        command = self.services.undo.pop()
        if command is None:
            self.tell("Nothing to undo.")
            return
        # The inbox, or an item opened from it, shows what the undo brings back.
        reveal = getattr(self.screen, "reveal", None)
        if command.reveal and callable(reveal):
            reveal(command.reveal[0])
        words = command.undo(self.services)
        if words:
            self.tell(words)

    def action_sync_now(self) -> None:
        if self.services.controller is None:
            self.notify("No account: nothing to sync. Run `engage auth login` first.", markup=False)
            return
        self.services.controller.sync_now()
        self.notify("Syncing…", timeout=2)


def _load_composer(networks: set[str]) -> None:
    import engage_tui.tui.actions
    import engage_tui.tui.widgets.composer  # noqa: F401
    from engage_tui.platforms import registry
    from engage_tui.tui.kept_screens import load_panes

    for network in networks or {registry.ORIGINAL}:
        registry.measure(network, "")
    # The other panes' code too, so their first opening waits on no import.
    load_panes()
