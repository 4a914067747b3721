"""The one command-palette provider: "group: action" for every action of every pane.

The pane the palette was opened from offers the bindings live there now (its
focused widget, the screen, the app), with the keys in force. The other
panes (inbox, prospects, drafts, today) offer every action they define;
choosing one goes to that pane first, then runs it there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from engage_tui.tui.live_bindings import BindingInfo, screen_bindings

# The app's panes (keys 1 to 4), each with its own actions.
PANES = ("inbox", "prospects", "drafts", "today")


def command_name(info: BindingInfo) -> str:
    return f"{info.group}: {info.description.lower()}"


class Command(NamedTuple):
    name: str
    help: str
    run: Callable[[], Awaitable[object]]


class EngageCommands(Provider):
    def commands(self) -> list[Command]:
        """What the palette offers from the screen it was opened on."""
        from engage_tui.tui.catalogue import pane_bindings  # imports every pane

        screen = self.screen
        app = self.app
        out = [
            Command(
                command_name(info),
                f"{info.keys}  ({info.id})",
                partial(app.run_action, info.action, info.node or screen),
            )
            for info in screen_bindings(screen)
        ]
        here = getattr(screen, "GROUP", None)
        for pane in PANES:
            if pane == here:
                continue
            for info in pane_bindings(pane):
                run = partial(self._go_and_run, pane, info)
                out.append(Command(command_name(info), f"goes to {pane}  ({info.id})", run))
        return out

    async def _go_and_run(self, pane: str, wanted: BindingInfo) -> None:
        from engage_tui.tui.kept_screens import show_pane

        app = self.app
        shown = show_pane(app, pane)
        if shown is not None:
            await shown
        # Back to the pane itself from what was opened over it (a person, a conversation).
        while len(app.screen_stack) > 1 and getattr(app.screen, "GROUP", None) != pane:
            await app.pop_screen()
        screen = app.screen
        for info in screen_bindings(screen):
            if info.id == wanted.id:
                await app.run_action(info.action, info.node or screen)
                return
        app.notify(f"{command_name(wanted)}: not possible here now.", markup=False)

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
