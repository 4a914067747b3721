"""The four OAuth 1.0a keys (and an optional app bearer) that sign engage's X requests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class XCredentials:
    """OAuth 1.0a user-context keys of the user's own developer app.

    The repr names no secret, so a credentials object can show up in a log,
    a traceback or a toast without leaking anything.
    """

    consumer_key: str = field(repr=False)
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)
    bearer_token: str | None = field(default=None, repr=False)

    @property
    def user_id(self) -> str | None:
        """X's access tokens start with the user's numeric id and a dash."""
        prefix, dash, _ = self.access_token.partition("-")
        return prefix if dash and prefix.isdigit() else None

    def secrets(self) -> tuple[str, ...]:
        """Every value that must never reach a log."""
        values = (
            self.consumer_key,
            self.consumer_secret,
            self.access_token,
            self.access_token_secret,
            self.bearer_token,
        )
        return tuple(v for v in values if v)

    def __repr__(self) -> str:
        return f"XCredentials(user_id={self.user_id!r}, secrets='***')"

    __str__ = __repr__
