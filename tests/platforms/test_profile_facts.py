"""Each network's profile, read as facts: hostile bios, HTML and fields never
break a read, never smuggle a control character into a key, and the links a
person published come out as addresses."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage_tui.domain import ProfileFact
from engage_tui.domain.evidence import site_key
from engage_tui.platforms.bluesky import parse as bluesky
from engage_tui.platforms.mastodon import parse as mastodon
from engage_tui.platforms.mastodon.html import links_in_html
from engage_tui.platforms.x import parse as x
from engage_tui.text.links import links_in

ESCAPES = st.sampled_from(
    ["\x1b[2J", "\x1b]8;;https://evil.example\x07", "\x9b31m", "\x00", "\u202e"]
)
HOSTILE = st.lists(
    st.one_of(
        st.text(max_size=20),
        ESCAPES,
        st.sampled_from(
            [
                "https://noor.example",
                "noor.example/shop",
                "@noor@social.example",
                "<a href='https://x.com/noor'>x</a>",
                "<script>alert(1)</script>",
                "javascript:alert(1)",
                "https://t.co/abc",
                " ",
                "&amp;",
            ]
        ),
    ),
    max_size=8,
).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | HOSTILE,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def _clean(facts: tuple[ProfileFact, ...] | None) -> None:
    for fact in facts or ():
        key = site_key(fact.value)
        if key is not None:
            assert not any(unicodedata.category(ch)[0] == "C" for ch in key)


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE)
def test_links_in_a_bio_never_carry_spaces_or_control_characters(text: str) -> None:
    for link in links_in(text):
        assert link.startswith(("http://", "https://"))
        assert not any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in link)


def test_a_bio_gives_its_addresses_bare_domains_and_fediverse_handles() -> None:
    bio = (
        "Candles at https://noor.example/shop. Also noor.example,"
        " @noor@social.example and me@mail.example."
    )
    assert links_in(bio) == [
        "https://noor.example/shop",
        "https://social.example/@noor",
        "https://noor.example",
    ]


def test_an_escape_sequence_ends_an_address() -> None:
    assert links_in("https://noor.example\x1b[2J") == ["https://noor.example"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    user=st.dictionaries(
        st.sampled_from(["id", "username", "description", "url", "entities"]), JSON
    )
)
def test_any_x_user_object_reads_without_failing(user: dict[str, Any]) -> None:
    try:
        found = x.person_from(user)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError):
        return  # x.parse leaves out an item it cannot read (its own rule)
    _clean(found.facts)


def test_an_x_profile_gives_its_website_and_bio_links_through_the_t_co_entities() -> None:
    user = {
        "id": "1",
        "username": "noor",
        "name": "Noor",
        "description": "shop https://t.co/a",
        "url": "https://t.co/b",
        "entities": {
            "url": {"urls": [{"url": "https://t.co/b", "expanded_url": "https://noor.example"}]},
            "description": {
                "urls": [{"url": "https://t.co/a", "expanded_url": "https://shop.example/n"}]
            },
        },
    }
    assert x.person_from(user).facts == (
        ProfileFact("home", "https://x.com/noor", label="X profile @noor"),
        ProfileFact("website", "https://noor.example"),
        ProfileFact("bio", "https://shop.example/n"),
    )


def test_an_x_answer_without_the_bio_keeps_the_facts_read_before() -> None:
    assert x.person_from({"id": "1", "username": "noor", "name": "Noor"}).facts is None


@settings(max_examples=200, deadline=None)
@given(profile=st.dictionaries(st.sampled_from(["description", "website", "followersCount"]), JSON))
def test_any_bluesky_profile_reads_without_failing(profile: dict[str, Any]) -> None:
    found = bluesky.person({"did": "did:plc:a", "handle": "noor.example", **profile})
    assert found is not None
    _clean(found.facts)


def test_a_bluesky_profile_gives_its_handle_domain_website_and_bio_links() -> None:
    found = bluesky.person(
        {
            "did": "did:plc:a",
            "handle": "noor.example",
            "description": "also at x.com/noor",
            "website": "https://noor.example/about",
            "followersCount": 3,
        }
    )
    assert found is not None and found.facts is not None
    assert ProfileFact("domain", "noor.example", label="Bluesky handle noor.example") in found.facts
    assert ProfileFact("website", "https://noor.example/about") in found.facts
    assert ProfileFact("bio", "https://x.com/noor") in found.facts


def test_a_short_bluesky_view_without_the_website_keeps_the_facts_read_before() -> None:
    found = bluesky.person({"did": "did:plc:a", "handle": "noor.example"})
    assert found is not None and found.facts is None


def test_an_invalid_bluesky_handle_proves_no_domain() -> None:
    found = bluesky.person({"did": "did:plc:a", "handle": "handle.invalid", "followersCount": 0})
    assert found is not None and found.facts is not None
    assert all(fact.kind != "domain" for fact in found.facts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    note=HOSTILE,
    fields=st.lists(
        st.dictionaries(st.sampled_from(["name", "value", "verified_at"]), JSON), max_size=3
    ),
)
def test_any_mastodon_note_and_fields_read_without_failing(note: str, fields: list[Any]) -> None:
    account = {"id": "9", "acct": "noor", "note": note, "fields": fields, "url": note}
    found = mastodon.person(account, "social.example", "social.example")
    assert found is not None
    _clean(found.facts)


def test_a_mastodon_field_the_server_verified_is_marked_verified() -> None:
    account = {
        "id": "9",
        "acct": "noor",
        "url": "https://social.example/@noor",
        "note": (
            '<p>candles <a href="https://social.example/tags/wax"'
            ' class="mention hashtag">#wax</a></p>'
        ),
        "fields": [
            {
                "name": "Web",
                "value": '<a href="https://noor.example" rel="me"><span class="invisible">https://</span>noor.example</a>',
                "verified_at": "2026-11-02T06:32:46.981+00:00",
            },
            {"name": "Shop", "value": "shop.example", "verified_at": None},
        ],
    }
    found = mastodon.person(account, "social.example", "social.example")
    assert found is not None
    assert found.facts == (
        ProfileFact(
            "home", "https://social.example/@noor", label="Mastodon profile @noor@social.example"
        ),
        ProfileFact("field", "https://noor.example", verified=True, label="Web"),
        ProfileFact("field", "https://shop.example", label="Shop"),
    )


def test_a_mention_in_a_note_links_that_profile_but_a_hashtag_links_nothing() -> None:
    note = (
        '<p><span class="h-card"><a href="https://other.example/@noor" class="u-url mention">'
        '@<span>noor</span></a></span> <a href="https://social.example/tags/wax" '
        'class="mention hashtag">#<span>wax</span></a></p>'
    )
    assert links_in_html(note) == ["https://other.example/@noor"]
