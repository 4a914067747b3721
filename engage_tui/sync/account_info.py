"""How a signed-in account is named: one small module of its own, because
the inbox names its accounts before its first frame and the rest of the
controller's contract (``sync/controller.py``) is not needed until after it."""

from __future__ import annotations

from typing import NamedTuple


class AccountInfo(NamedTuple):
    """One signed-in account, as rows, filters and the composer name it.

    A NamedTuple, not a frozen dataclass: `engage` builds the class before
    its first frame, and a dataclass costs about 5M instructions (1.5 ms)
    to create, a NamedTuple about a tenth of it."""

    id: str  # its person id ("" until engage has asked who is signed in)
    network: str
    network_name: str  # "X", "Bluesky"
    handle: str = ""

    @property
    def label(self) -> str:
        """Short, and readable without colour: "X @alice", "Bluesky @bob.bsky.social"."""
        return f"{self.network_name} @{self.handle}" if self.handle else self.network_name

    @property
    def tag(self) -> str:
        """The inbox column's words: the network's initial (its descriptor's
        ``tag``) and the handle's first part."""
        from engage_tui.platforms.registry import find

        # A handle's first part: "bob" of bob.bsky.social, of bob@example.social.
        first = self.handle.replace("@", ".").split(".")[0] if self.handle else ""
        known = find(self.network)
        initial = known.tag if known is not None else self.network_name[:1]
        # Whole: the inbox's column cuts it to its width with an ellipsis.
        return f"{initial}·{first}" if first else self.network_name[:2]
