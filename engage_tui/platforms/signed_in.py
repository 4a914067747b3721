"""What a sign-in (``engage auth login``) hands back for engage's state file.

Its own module: a connector builds one only when signing in, so opening the
app (which loads the connector to name an account) does not build the class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engage_tui.domain import Person


@dataclass(frozen=True, slots=True)
class SignedIn:
    """What a sign-in hands back for engage's state file."""

    name: str  # the keyring entry's name
    person: Person
    api_base: str | None  # the server or API base to keep with the account
    said_after: tuple[str, ...] = ()  # lines for the terminal once the account is recorded
