"""What the composer is asked to write: light, so panes import it without the composer."""

from __future__ import annotations

from dataclasses import dataclass

from engage_tui.domain import ActionKind, Person, Post


@dataclass(frozen=True, slots=True)
class ComposeRequest:
    """What the composer is for. ``key`` is the draft key (``reply:<post id>``,
    ``thank:<person id>``); ``target`` is the post answered, if any."""

    key: str
    action: ActionKind
    target: Post | None = None
    target_author: Person | None = None
    parent: Post | None = None
    parent_author: Person | None = None
    person: Person | None = None
    prefill: str = ""
    # Where this composer stands in a round ("2 of 5 · escape stops the round").
    progress: str = ""
    # Opened by the flow on an item with a post: ctrl+l likes it instead.
    likeable: bool = False
    # The signed-in account (person id) that answers: an inbox row's own;
    # "" for the first account on the post's network.
    account: str = ""
