"""The catalogue of every key binding engage defines, read from the code itself.

Generated docs, the command palette and the check of a user's [keymap] read
it. It imports every pane, so nothing a pane imports may import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding

from engage_tui.tui.keymap import APP_BINDINGS
from engage_tui.tui.link import LinkScreen
from engage_tui.tui.live_bindings import BindingInfo
from engage_tui.tui.screens.consent import ConsentScreen
from engage_tui.tui.screens.conversation import ConversationScreen
from engage_tui.tui.screens.drafts import DraftsScreen
from engage_tui.tui.screens.filter import FilterScreen
from engage_tui.tui.screens.help import HelpScreen
from engage_tui.tui.screens.inbox import InboxScreen
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
from engage_tui.tui.widgets.link_suggestions import SuggestionList


def owner_classes() -> list[type]:
    """The panes and widgets that own bindings, in the order the docs list them."""
    return [
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
        SuggestionList,
        Composer,
        FilterScreen,
        PromptScreen,
        ConsentScreen,
        LinkScreen,
        HelpScreen,
        WelcomeScreen,
    ]


def binding_owners() -> list[tuple[str, Iterable[object]]]:
    """Who owns engage's bindings (by class name) and their bindings, in the
    order the docs list them."""
    return [("EngageApp", APP_BINDINGS)] + [
        (cls.__name__, getattr(cls, "BINDINGS", [])) for cls in owner_classes()
    ]


def all_bindings() -> list[BindingInfo]:
    """Every binding engage defines, with its default keys (ids are unique)."""
    out: list[BindingInfo] = []
    for owner, bindings in binding_owners():
        for binding in bindings:
            if isinstance(binding, Binding) and binding.id:
                out.append(
                    BindingInfo(binding.id, binding.key, binding.description, binding.action, owner)
                )
    return out


def pane_bindings(group: str) -> list[BindingInfo]:
    """The named actions of one pane (``inbox``, ``prospects``...), by their ids."""
    return [info for info in all_bindings() if info.group == group and info.description]


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Ids in a user's [keymap] that no binding has (a typo, most likely)."""
    known = {info.id for info in all_bindings()}
    return sorted(set(keymap) - known)
