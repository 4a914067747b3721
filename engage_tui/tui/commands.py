"""The one command-palette provider: "group: action" for what makes sense here.

Commands are the bindings live on the screen the palette was opened from
(its focused widget, the screen, the app), so the palette offers exactly
what the keys offer there, named "inbox: mark done", "composer: queue reply".
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from engage_tui.tui.keymap import BindingInfo, screen_bindings


def command_name(info: BindingInfo) -> str:
    return f"{info.group}: {info.description.lower()}"


class EngageCommands(Provider):
    def _commands(self) -> list[tuple[str, BindingInfo]]:
        return [(command_name(info), info) for info in screen_bindings(self.screen)]

    def _runner(self, info: BindingInfo):  # type: ignore[no-untyped-def]
        node = info.node if info.node is not None else self.screen
        return partial(node.run_action, info.action)

    async def discover(self) -> Hits:
        for name, info in self._commands():
            yield DiscoveryHit(name, self._runner(info), help=f"{info.keys}  ({info.id})")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, info in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._runner(info), help=f"{info.keys}")
