"""Every key binding by its stable id: for `?` help, the palette, docs and remapping.

Users remap keys by id in config.toml (``[keymap] "inbox.reply" = "R"``);
the App hands that table to ``App.set_keymap``. ``all_bindings()`` lists the
defaults of every pane, from the code itself, so generated docs never drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class BindingInfo:
    id: str
    keys: str
    description: str
    action: str
    owner: str  # the class that holds it
    node: DOMNode | None = None  # where to run the action (live bindings only)

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


def _bindings_of(cls: type) -> Iterable[Binding]:
    for item in getattr(cls, "BINDINGS", []):
        if isinstance(item, Binding):
            yield item


def binding_owners() -> list[type]:
    """The classes that own engage's bindings, in the order the docs list them."""
    from engage_tui.tui.app import EngageApp
    from engage_tui.tui.screens.conversation import ConversationScreen
    from engage_tui.tui.screens.drafts import DraftsScreen
    from engage_tui.tui.screens.filter import FilterScreen
    from engage_tui.tui.screens.help import HelpScreen
    from engage_tui.tui.screens.inbox import InboxScreen
    from engage_tui.tui.screens.link import LinkScreen
    from engage_tui.tui.screens.person import PersonScreen
    from engage_tui.tui.screens.prompt import PromptScreen
    from engage_tui.tui.screens.prospects import ProspectsScreen
    from engage_tui.tui.screens.search import SearchScreen
    from engage_tui.tui.screens.today import TodayScreen
    from engage_tui.tui.screens.tray import TrayScreen
    from engage_tui.tui.screens.welcome import WelcomeScreen
    from engage_tui.tui.widgets.composer import Composer
    from engage_tui.tui.widgets.inbox_list import InboxList
    from engage_tui.tui.widgets.keyed_list import KeyedList

    return [
        EngageApp,
        InboxScreen,
        InboxList,
        ConversationScreen,
        SearchScreen,
        ProspectsScreen,
        DraftsScreen,
        TodayScreen,
        PersonScreen,
        TrayScreen,
        KeyedList,
        Composer,
        FilterScreen,
        PromptScreen,
        LinkScreen,
        HelpScreen,
        WelcomeScreen,
    ]


def all_bindings() -> list[BindingInfo]:
    """Every binding engage defines, with its default keys (ids are unique)."""
    out: list[BindingInfo] = []
    for cls in binding_owners():
        for binding in _bindings_of(cls):
            if binding.id:
                out.append(
                    BindingInfo(
                        binding.id, binding.key, binding.description, binding.action, cls.__name__
                    )
                )
    return out


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Ids in a user's [keymap] that no binding has (a typo, most likely)."""
    known = {info.id for info in all_bindings()}
    return sorted(set(keymap) - known)


def screen_bindings(screen: Screen[object]) -> list[BindingInfo]:
    """The bindings live on ``screen`` now (its focused widget, the screen, the app),
    with the keys actually in force (after the user's keymap), nearest first."""
    seen: dict[str, BindingInfo] = {}
    order: list[str] = []
    app = screen.app
    for node, bindings_map in screen._binding_chain:
        for key, bindings in bindings_map.key_to_bindings.items():
            for binding in bindings:
                if not binding.id or not binding.description:
                    continue
                if app._check_action_state(binding.action, node) is False:
                    continue
                display = app.get_key_display(binding.__class__(key, binding.action))
                info = seen.get(binding.id)
                if info is None:
                    seen[binding.id] = BindingInfo(
                        binding.id,
                        display,
                        binding.description,
                        binding.action,
                        type(node).__name__,
                        node,
                    )
                    order.append(binding.id)
                elif display not in info.keys.split(" "):
                    seen[binding.id] = BindingInfo(
                        info.id,
                        f"{info.keys} {display}",
                        info.description,
                        info.action,
                        info.owner,
                        info.node,
                    )
    return [seen[i] for i in order]
