"""An imported person id is taken only in the shape its network's own code stores."""

from __future__ import annotations

import pytest

from engage_tui.platforms.handles import is_person_id
from engage_tui.platforms.mastodon.parse import person_key


@pytest.mark.parametrize(
    ("raw", "network"),
    [
        ("1000000000000000001", "x"),
        ("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "bluesky"),
        (person_key("mastodon.social", "109302193345"), "mastodon"),
        (person_key("localhost:40285", "01JF8ZK3Q0W6T7YB2C9S5D4E1A"), "mastodon"),
    ],
)
def test_each_network_takes_the_ids_it_stores(raw: str, network: str) -> None:
    assert is_person_id(raw, network)


@pytest.mark.parametrize(
    ("raw", "network"),
    [
        ("did:plc:ewvi7nxzyoun6zhxrhs64oiz", "x"),
        ("1000000000000000001", "mastodon"),
        ("mastodon:host/accounts/1\x1b]0;T\x07", "mastodon"),
        ("1", "myspace"),
    ],
)
def test_an_id_of_another_shape_or_network_is_refused(raw: str, network: str) -> None:
    assert not is_person_id(raw, network)
