"""What a profile says about its owner: the evidence for a link suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FactKind = Literal["home", "domain", "website", "field", "bio"]


@dataclass(frozen=True, slots=True)
class ProfileFact:
    """One thing a profile says about its owner, as the network showed it.

    ``kind``: ``home`` (where this profile lives, e.g. https://x.com/noor),
    ``domain`` (a domain the account proves it holds: a Bluesky handle),
    ``website`` (the profile's own website field), ``field`` (a Mastodon
    profile field), ``bio`` (a link written in the bio).
    """

    kind: FactKind
    value: str  # a URL or a bare domain
    # The network checked that the page links back (Mastodon's verified_at).
    verified: bool = False
    # home and domain: how the evidence names it ("X profile @noor",
    # "Bluesky handle noor.example"); field: the field's name.
    label: str = ""
