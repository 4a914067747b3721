"""Key bindings by their stable ids: the app's own, and those live on a screen.

Users remap keys by id in config.toml (``[keymap] "inbox.reply" = "R"``);
the App hands that table to ``App.set_keymap``. The catalogue of every
pane's defaults (for docs, the palette and checking a keymap) is in
catalogue.py, which imports the panes; this module imports none of them,
so the help screen and the app can read it. The bindings live on a screen
(``BindingInfo``, ``screen_bindings``) are in live_bindings.py, loaded by
the palette and the help screen when first opened.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding, BindingType

# The app's own bindings, here rather than in app.py so that the catalogue
# lists them without importing the app (which imports the panes).
APP_BINDINGS: list[BindingType] = [
    Binding("question_mark,f1", "help", "Help", id="app.help"),
    Binding("1", "go('inbox')", "Inbox", id="app.inbox", show=False),
    Binding("2", "go('prospects')", "Prospects", id="app.prospects", show=False),
    Binding("3", "go('drafts')", "Drafts", id="app.drafts", show=False),
    Binding("4,T", "go('today')", "Today", id="app.today", show=False),
    Binding("u", "undo", "Undo", id="app.undo"),
    Binding("F", "tray", "To finish", id="app.tray", show=False),
    Binding("x", "dismiss_notes", "Dismiss notes", id="app.dismiss_notes", show=False),
    Binding("X", "toggle_notes", "Show all notes / fold them", id="app.toggle_notes", show=False),
    Binding("s", "sync_now", "Sync now", id="app.sync", show=False),
    Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False, priority=True),
]


def composer_key(
    key: str, action: str, description: str, binding_id: str, *, show: bool = True
) -> Binding:
    """A key that opens the composer. It has priority: it acts as it reaches
    the app, before the app hands the next keys of a burst to the list, where
    they would run as the pane's commands instead of being the composer's
    first words. The screen's ``check_action`` turns it off while a text field
    (the composer, a search box, notes) has the keyboard, so there it types."""
    return Binding(key, action, description, id=binding_id, show=show, priority=True)


def key_name(keymap: Mapping[str, str], binding_id: str) -> str:
    """The key a message names for ``binding_id``: the first the user's keymap
    binds to it, else engage's default, as the footer writes keys ("u",
    "ctrl+s"). Every hint in a message goes through here, so a user who
    remapped undo is never told "u to undo"."""
    from textual.keys import format_key

    keys = (
        keymap.get(binding_id) or _APP_KEYS.get(binding_id) or _default_keys().get(binding_id, "")
    )
    first = keys.split(",")[0].strip()
    return format_key(first) if first else binding_id


_APP_KEYS = {b.id: b.key for b in APP_BINDINGS if isinstance(b, Binding) and b.id}


def _default_keys() -> dict[str, str]:
    """Every binding id of the panes and widgets loaded so far, with its
    default keys. A message names a key of the pane that says it (loaded,
    since it is showing) or of the app: the catalogue, which imports every
    pane, is not needed (and would be an import cycle)."""
    from textual.dom import DOMNode

    out: dict[str, str] = {}
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                out.setdefault(binding.id, binding.key)
    return out


def __getattr__(name: str) -> object:
    # Moved to live_bindings.py: the first frame does not build them.
    if name in ("BindingInfo", "screen_bindings"):
        from engage_tui.tui import live_bindings

        return getattr(live_bindings, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
