"""docs/keybindings.md, generated from the bindings in the code.

`python scripts/gen_keybindings.py` rewrites the file; a test fails when the
file and the code drift apart.
"""

from __future__ import annotations

from textual.keys import format_key

from engage_tui.tui.catalogue import all_bindings

HEADER = """\
# Keybindings

Generated from the code by `python scripts/gen_keybindings.py`; do not edit by hand.

Every action has a binding with a stable id. Remap any of them in `config.toml`:

```toml
[keymap]
"inbox.reply" = "R"        # one key
"inbox.done" = "e,x"       # several keys, comma-separated
```

`?` (or F1) shows the keys of the pane you are in, and `ctrl+p` opens the
command palette, which reaches every action by name.

With several accounts signed in, `f` in the inbox also offers each account
(the inbox title then names it), and the composer's `ctrl+o` answers as
another signed-in account of the same network (the composer's "Replying as"
line says which; the key does nothing with one account on that network).
"""

# Where each class's bindings are in force, in the words a user would use.
PLACES = {
    "EngageApp": "Everywhere",
    "InboxScreen": "Inbox",
    "InboxList": "Inbox list",
    "ConversationScreen": "Conversation",
    "SearchScreen": "Search",
    "ProspectsScreen": "Prospects",
    "DraftsScreen": "Drafts",
    "KeyedList": "Lists (prospects, posts, drafts, results)",
    "SuggestionList": "Suggested links (person view, Today)",
    "Composer": "Composer",
    "FilterScreen": "Filter picker",
    "PromptScreen": "Prompts",
    "LinkScreen": "Link hand-over",
    "HelpScreen": "Help",
    "WelcomeScreen": "Welcome",
    "PersonScreen": "Person",
    "TodayScreen": "Today",
    "TrayScreen": "To finish (hand-overs)",
}


def render_markdown() -> str:
    sections: dict[str, list[str]] = {}
    for info in all_bindings():
        place = PLACES.get(info.owner, info.owner)
        keys = " ".join(f"`{_key_name(k.strip())}`" for k in info.keys.split(","))
        sections.setdefault(place, []).append(f"| {keys} | {info.description} | `{info.id}` |")
    parts = [HEADER]
    for place, rows in sections.items():
        parts.append(f"\n## {place}\n\n| keys | action | id |\n|---|---|---|\n")
        parts.append("\n".join(rows) + "\n")
    return "".join(parts)


def _key_name(key: str) -> str:
    # Textual shows enter as a symbol; docs read better with the word.
    return "enter" if key == "enter" else format_key(key)
