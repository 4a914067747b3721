"""A group's thank, one member at a time (see ``answering.py``). Loaded when
a group is thanked, not with the inbox's first frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engage_tui.domain import Person


@dataclass(slots=True)
class ThankRound:
    """Thanking each member of a group in turn."""

    people: list[Person]
    ids: tuple[str, ...]
    finishing: bool  # the last thank finishes the group's item
    account: str = ""  # the group's account: each thank goes out as it
    sent: int = 0  # how many people the round has been through (thanked or skipped)
    thanked: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def current(self) -> Person | None:
        return self.people[self.sent] if self.sent < len(self.people) else None
