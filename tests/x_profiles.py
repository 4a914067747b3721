"""An X profile on the sandbox (real tweepy over HTTP), set and read as a
link-suggestion test needs it beside another network's real server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from engage_tui.domain import Person
from engage_tui.platforms.x import XPlatform
from engage_tui.sandbox import start_sandbox
from tests.sandbox.sandbox_support import CLOCK, SEED, SMALL
from tests.sandbox_control import SandboxControl

XUser = dict[str, Any]


class XProfiles:
    """The sandbox's people, through its control routes and engage's X platform."""

    def __init__(self, control: SandboxControl) -> None:
        self._control = control
        self._platform = XPlatform(
            control.credentials(), api_base=control.base_url, timeout=(2.0, 5.0)
        )

    def someone(self) -> XUser:
        """A user of the sandbox's world other than the owner."""
        owner = self._control.owner_id
        return next(u for u in self._control.state()["users"] if str(u["id"]) != owner)

    def set_profile(self, user: XUser, **fields: str) -> None:
        """Their profile's ``url`` or ``description``, as they would edit it."""
        self._control.control("POST", "profile", {"username": user["username"], **fields})

    def read(self, user: XUser) -> Person:
        """Them, as engage's X platform looks them up."""
        return self._platform.lookup_person(user["username"])


@contextmanager
def x_profiles() -> Iterator[XProfiles]:
    with start_sandbox(seed=SEED, clock_start=CLOCK, world=SMALL) as sandbox:
        control = SandboxControl(sandbox.base_url, sandbox.env)
        try:
            yield XProfiles(control)
        finally:
            control.close()
