"""The address engage shows for signing in on a Mastodon server: only what
the code flow needs (Mastodon.py 2.3.3 adds its unset options as the words
"None" and "False", which a server would read as a state and a language)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from engage_tui.platforms.mastodon import authorization_url
from engage_tui.platforms.mastodon.auth import AppCredentials

CLIENT_IDS = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=64)


@given(client_id=CLIENT_IDS)
def test_the_sign_in_address_asks_only_what_the_code_flow_needs(client_id: str) -> None:
    url = authorization_url("https://social.example", AppCredentials(client_id, "secret"))

    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "social.example",
        "/oauth/authorize",
    )
    assert query == {
        "client_id": [client_id],
        "response_type": ["code"],
        "redirect_uri": ["urn:ietf:wg:oauth:2.0:oob"],
        "scope": ["read write"],
    }
