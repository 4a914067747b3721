"""What every main screen shares: a docked composer, the status bar, the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.worker import Worker

from engage_tui.tui.context import Services, services
from engage_tui.tui.failures import forward
from engage_tui.tui.widgets.key_bar import KeyBar
from engage_tui.tui.widgets.notices import NotesBanner, NoticeLine, say
from engage_tui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from engage_tui.tui.compose_request import ComposeRequest
    from engage_tui.tui.widgets.composer import Composer


class EngageScreen(Screen[None]):
    """A pane of the app. Subclasses give ``compose_body``, a ``GROUP`` for the
    command palette ("inbox: mark done") and ``HELP``, a few lines for `?`."""

    GROUP = "app"
    TITLE_TEXT = "engage"
    HELP = ""

    def __init__(self) -> None:
        super().__init__()
        self._stale = False
        self._composer: Composer | None = None
        # Keys typed while the composer is first mounted: its words, given to
        # it in order once it is open.
        self._for_composer: list[events.Key] | None = None
        self._opening: ComposeRequest | None = None
        self._composer_mounted: AwaitMount | None = None

    @property
    def svc(self) -> Services:
        return services(self)

    def compose(self) -> ComposeResult:
        # The composer is mounted just after the first frame (on_mount): it is
        # not part of it, and its text area is costly to build and style.
        yield NotesBanner(id="notes-banner")
        yield from self.compose_body()
        yield NoticeLine(id="notice")
        yield StatusBar(id="status-bar")
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        # Ready before the key that opens it: mounted by that key, the
        # composer took the keyboard only after the keys typed right after it.
        self.call_after_refresh(self._mount_composer)

    def _mount_composer(self) -> Composer:
        if self._composer is None:
            from engage_tui.tui.widgets.composer import Composer

            composer = Composer(id="composer")
            composer.display = False
            self._composer_mounted = self.mount(composer, before="#notice")
            self._composer = composer
        return self._composer

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        forward(self, event)

    def _data_changed(self, _: int) -> None:
        # The stack is empty while the app quits (a write landing as it closes).
        stack = self.app.screen_stack
        if stack and stack[-1] is self:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Read what this screen shows again (after a write or a sync)."""

    # --- the composer ------------------------------------------------------
    @property
    def composer(self) -> Composer | None:
        # Kept, not queried: check_action asks for it once per binding each
        # time the key bar is drawn. A composer, once mounted, stays.
        return self._composer

    def composer_coming(self) -> None:
        """The key just pressed opens the composer once a read lands (a saved
        draft's post and people): the keys typed from now on are its words,
        kept until it opens, not commands for the list."""
        if self._for_composer is None:
            self._for_composer = []

    def composer_not_coming(self) -> None:
        """The read behind ``composer_coming`` failed (its failure is shown):
        the keys kept for the composer are dropped, as words with nowhere to
        go, rather than run as commands they were not typed as."""
        if self._opening is None:
            self._for_composer = None

    def open_composer(self, request: ComposeRequest) -> bool:
        """Open the composer for ``request``; False (and a plain message) when
        no signed-in account can answer it (a Bluesky post, only X signed in)."""
        from engage_tui.tui.accounts import not_signed_in

        refused = not_signed_in(self.svc, request)
        if refused is not None:
            self.say(refused, severity="warning")
            self.composer_not_coming()
            return False
        composer = self._composer
        if composer is not None and composer.is_mounted:
            composer.open(request)
            self._hand_kept_keys(composer)
            return True
        # Not there yet (a key pressed right after the pane was shown): the
        # keys typed meanwhile are kept for it, and it opens once mounted.
        first = self._opening is None
        self.composer_coming()
        self._opening = request

        async def open_when_mounted() -> None:
            # Mounted here, in this screen's turn, not inside the app's
            # handling of the key (a priority binding).
            composer = self._mount_composer()
            if self._composer_mounted is not None:
                await self._composer_mounted
            opening, self._opening = self._opening or request, None
            composer.open(opening)
            self._hand_kept_keys(composer)

        if first:
            self.call_later(open_when_mounted)
        return True

    def _hand_kept_keys(self, composer: Composer) -> None:
        """The keys typed while the composer was coming, to it, in order."""
        kept, self._for_composer = self._for_composer or [], None
        composer.take_keys(kept)

    def on_key(self, event: events.Key) -> None:
        composer = self._composer
        if composer is None:
            return
        if self._for_composer is not None:
            # Typed after the key that opens the composer, while it mounts.
            event.stop()
            event.prevent_default()
            self._for_composer.append(event)
        elif event.is_printable and composer.is_open and composer.has_focus_within:
            # A character the text area would have taken and stopped: handed
            # to the list just before the composer took the keyboard.
            event.stop()
            event.prevent_default()
            composer.take_keys([event])

    def on_composer_closed(self, message: Composer.Closed) -> None:
        self.focus_main()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the composer has the keyboard, the pane's own keys are words.
        composer = self.composer
        opening = self._for_composer is not None
        if opening or (composer is not None and composer.has_focus_within):
            own = {b.action for b in self.BINDINGS if isinstance(b, Binding)}
            if action in own:
                return False
        return True

    def focus_main(self) -> None:
        """Give the keyboard back to the screen's main list."""

    def say(self, words: str, *, severity: SeverityLevel = "information") -> None:
        """What happened to the item: on the notice line, each message
        replacing the last; warnings and errors are still toasts."""
        say(self, words, severity=severity)
