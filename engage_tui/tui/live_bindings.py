"""The bindings live on a screen now, with the keys in force, as the palette
(commands.py) and the help screen list them; catalogue.py lists every
pane's defaults in the same shape. Loaded when one of them first opens, not
for the first frame (keymap.py holds what the app needs at start)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class BindingInfo:
    """One binding as the palette and help list it, by its stable id."""

    id: str
    keys: str
    description: str
    action: str
    owner: str  # the class that holds it
    node: DOMNode | None = None  # where to run the action (live bindings only)

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


def screen_bindings(screen: Screen[object]) -> list[BindingInfo]:
    """The bindings live on ``screen`` now (its focused widget, the screen, the app),
    with the keys actually in force (after the user's keymap), nearest first."""
    seen: dict[str, BindingInfo] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or not binding.description:
            continue
        display = app.get_key_display(Binding(key, binding.action))
        info = seen.get(binding.id)
        if info is None:
            seen[binding.id] = BindingInfo(
                binding.id,
                display,
                binding.description,
                binding.action,
                type(active.node).__name__,
                active.node,
            )
        elif display not in info.keys.split(" "):
            seen[binding.id] = BindingInfo(
                info.id,
                f"{info.keys} {display}",
                info.description,
                info.action,
                info.owner,
                info.node,
            )
    return list(seen.values())
