"""The keys line at the bottom of each pane: what the keys do here, in one widget.

It looks like Textual's Footer (same theme variables, same spacing) but draws
the whole line itself. The Footer builds a widget per key and rebuilds them
all whenever the bindings change: at start-up that was the largest single cost
before the first frame. Clicking a key presses it, as in the Footer.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

_PALETTE_SEPARATOR = "▏"
# Ends a key line cut short: more keys than fit (the help lists them all).
_MORE = " …"


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--item",
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--item {
            background: $footer-item-background;
        }
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # (first cell, last cell + 1, key) of each key drawn, for clicks
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(width, base)
        part = self.get_component_rich_style
        item = part("key-bar--item")
        key_style = part("key-bar--key")
        description_style = part("key-bar--description")
        dim = Style(dim=True)

        keys: list[tuple[str, str, str, bool]] = []  # key, shown as, description, enabled
        palette: tuple[str, str, str, bool] | None = None
        app = self.app
        active = self.screen.active_bindings
        seen_actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in seen_actions:
                seen_actions.add(binding.action)
                keys.append(
                    (binding.key, app.get_key_display(binding), binding.description, enabled)
                )
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)

        right: list[Segment] = []
        if palette is not None:
            key, shown, description, enabled = palette
            extra = Style() if enabled else dim
            # The Footer draws the palette key compact, after a thin rule.
            right = [
                Segment(_PALETTE_SEPARATOR, part("key-bar--separator")),
                Segment(shown, key_style + extra),
                Segment(f" {description}", description_style + extra),
                Segment(" ", Style(bgcolor=item.bgcolor)),  # padding: a background only
            ]
        right_width = sum(cell_len(s.text) for s in right)
        room = max(width - right_width, 0)

        left: list[Segment] = []
        spans: list[tuple[int, int, str]] = []
        x = 0
        for n, (key, shown, description, enabled) in enumerate(keys):
            extra = Style() if enabled else dim
            pieces = [Segment(f" {shown} ", key_style + extra)]
            if description:
                pieces.append(Segment(f"{description} ", description_style + extra))
            size = sum(cell_len(p.text) for p in pieces)
            # Whole entries only; when one does not fit, a mark says more keys
            # exist (clicking it, or the help key, lists them all).
            more = n < len(keys) - 1
            if x + size + (cell_len(_MORE) if more else 0) > room:
                if x + cell_len(_MORE) <= room:
                    left.append(Segment(_MORE, description_style))
                    spans.append((x, x + cell_len(_MORE), ""))  # "": the help
                break
            spans.append((x, x + size, key))
            left.extend(pieces)
            x += size
        blank = Style(bgcolor=base.bgcolor)
        line = Strip(left).adjust_cell_length(room, blank)
        if palette is not None:
            spans.append((room + 1, width, palette[0]))
        self._spans = spans
        return Strip([*line, *right]).adjust_cell_length(width, blank)

    async def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                if key:
                    self.app.simulate_key(key)
                else:
                    await self.app.run_action("help")
                return
