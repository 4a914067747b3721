"""The link's state: offline and signed out are told apart."""

from __future__ import annotations

from datetime import UTC, datetime

from engage_tui.sync.link import LinkState

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_credentials_refused_after_an_outage_is_signed_out_not_offline() -> None:
    link = LinkState()
    link.went_offline(NOW, "connection refused")
    link.refused_credentials(NOW, "X refused engage's keys: sign in again")
    assert link.online
    assert link.signed_out
    assert link.message == "X refused engage's keys: sign in again"


def test_an_answer_after_refused_credentials_clears_the_message() -> None:
    link = LinkState()
    link.refused_credentials(NOW, "refused")
    assert link.succeeded()
    assert (link.online, link.signed_out, link.message) == (True, False, None)
