"""The link matcher: each kind of published evidence suggests a link; a name,
a picture or a handle that merely looks alike never does."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.domain import ProfileFact
from engage_tui.domain.evidence import Profile, match, site_key, suggest

_LABEL = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)
DOMAINS = st.builds(lambda a, b: f"{a}.{b}", _LABEL, st.sampled_from(["com", "example", "org"]))
# A site that is not one of the networks' own hosts (those hold profiles).
SITES = DOMAINS.filter(lambda d: d not in ("x.com", "twitter.com", "bsky.app"))
HANDLES = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)


def x_profile(pid: str, username: str, *extra: ProfileFact) -> Profile:
    home = ProfileFact("home", f"https://x.com/{username}", label=f"X profile @{username}")
    return Profile(pid, "x", (home, *extra))


def bluesky_profile(pid: str, handle: str, *extra: ProfileFact) -> Profile:
    facts = (
        ProfileFact(
            "home", f"https://bsky.app/profile/{handle}", label=f"Bluesky profile {handle}"
        ),
        ProfileFact("domain", handle, label=f"Bluesky handle {handle}"),
        *extra,
    )
    return Profile(pid, "bluesky", facts)


def mastodon_profile(pid: str, user: str, host: str, *extra: ProfileFact) -> Profile:
    home = ProfileFact("home", f"https://{host}/@{user}", label=f"Mastodon profile @{user}@{host}")
    return Profile(pid, "mastodon", (home, *extra))


@settings(deadline=None)
@given(username=HANDLES, domain=DOMAINS, where=st.sampled_from(["website", "bio"]))
def test_a_bluesky_handle_that_is_the_x_profiles_website_is_evidence(
    username: str, domain: str, where: str
) -> None:
    x = x_profile("1", username, ProfileFact(where, f"https://{domain}/"))  # type: ignore[arg-type]
    found = match(x, bluesky_profile("did:plc:a", domain))
    assert found is not None and found.kind == "domain"
    assert found.evidence.startswith(f"Bluesky handle {domain} is ")
    assert found.evidence.endswith(f" in X profile @{username}")


def test_the_evidence_line_names_the_handle_and_the_profile() -> None:
    x = x_profile("1", "noor", ProfileFact("website", "https://noor.example"))
    found = match(x, bluesky_profile("did:plc:a", "noor.example"))
    assert found is not None
    assert found.evidence == "Bluesky handle noor.example is the website in X profile @noor"


@settings(deadline=None)
@given(user=HANDLES, host=DOMAINS, domain=DOMAINS)
def test_a_verified_mastodon_field_pointing_at_the_other_domain_is_evidence(
    user: str, host: str, domain: str
) -> None:
    field = ProfileFact("field", f"https://{domain}", verified=True, label="web")
    found = match(mastodon_profile("m", user, host, field), bluesky_profile("b", domain))
    assert found is not None and found.kind == "verified"
    assert "server-verified" in found.evidence


@settings(deadline=None)
@given(user=HANDLES, host=DOMAINS, username=HANDLES)
def test_a_verified_mastodon_field_pointing_at_the_other_profile_is_evidence(
    user: str, host: str, username: str
) -> None:
    field = ProfileFact("field", f"https://twitter.com/{username}", verified=True)
    found = match(mastodon_profile("m", user, host, field), x_profile("1", username))
    assert found is not None and found.kind == "verified"


@settings(deadline=None)
@given(username=HANDLES, site=SITES, path=st.from_regex(r"(/[a-z]{1,6}){0,2}", fullmatch=True))
def test_the_same_website_in_two_profiles_is_evidence(username: str, site: str, path: str) -> None:
    x = x_profile("1", username, ProfileFact("website", f"http://www.{site}{path}/"))
    bsky = bluesky_profile("b", "someone.bsky.social", ProfileFact("bio", f"{site}{path}"))
    found = match(x, bsky)
    assert found is not None and found.kind == "website"
    assert found.evidence.startswith(f"same website {site}{path} in ")


@settings(deadline=None)
@given(user=HANDLES, host=DOMAINS, username=HANDLES)
def test_a_profile_linking_the_other_profile_is_evidence(
    user: str, host: str, username: str
) -> None:
    mastodon = mastodon_profile("m", user, host)
    x = x_profile("1", username, ProfileFact("bio", f"https://{host}/@{user}"))
    found = match(x, mastodon)
    assert found is not None and found.kind == "link"
    assert found.evidence == f"X profile @{username} links to Mastodon profile @{user}@{host}"


@settings(deadline=None)
@given(handle=HANDLES, domain=DOMAINS)
def test_the_same_handle_on_every_network_alone_is_no_evidence(handle: str, domain: str) -> None:
    # What a guess would use: one user name everywhere (the display name and
    # the picture are not even in a profile's facts).
    x = x_profile("1", handle)
    bsky = bluesky_profile("b", f"{handle}.bsky.social")
    mastodon = mastodon_profile("m", handle, domain)
    assert suggest(x, [bsky, mastodon]) == []
    assert suggest(bsky, [x, mastodon]) == []


@settings(deadline=None)
@given(site=DOMAINS)
def test_two_accounts_on_one_network_are_never_suggested(site: str) -> None:
    first = x_profile("1", "one", ProfileFact("website", f"https://{site}"))
    second = x_profile("2", "two", ProfileFact("website", f"https://{site}"))
    assert match(first, second) is None


def test_an_employer_named_in_two_bios_is_no_evidence() -> None:
    # Only a declared website counts twice; two bios may name one employer.
    x = x_profile("1", "a", ProfileFact("bio", "https://bigcorp.com"))
    bsky = bluesky_profile("b", "b.bsky.social", ProfileFact("bio", "https://bigcorp.com"))
    assert match(x, bsky) is None


def test_two_profiles_linking_one_third_profile_are_no_evidence() -> None:
    # Both link their company's X account: that is not each other.
    x = x_profile("1", "a", ProfileFact("website", "https://x.com/bigcorp"))
    bsky = bluesky_profile("b", "b.bsky.social", ProfileFact("bio", "https://x.com/bigcorp"))
    assert match(x, bsky) is None


def test_the_strongest_evidence_is_the_one_shown() -> None:
    field = ProfileFact("field", "https://noor.example", verified=True)
    link = ProfileFact("bio", "https://bsky.app/profile/noor.example")
    found = match(
        mastodon_profile("m", "noor", "social.example", link, field),
        bluesky_profile("b", "noor.example"),
    )
    assert found is not None and found.kind == "verified"


def test_a_pair_is_named_in_one_order_whichever_side_is_read_first() -> None:
    x = x_profile("1", "noor", ProfileFact("website", "https://noor.example"))
    bsky = bluesky_profile("did:plc:a", "noor.example")
    assert match(x, bsky) == match(bsky, x)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_an_address_from_anywhere_keys_without_spaces_or_control_characters(raw: str) -> None:
    key = site_key(raw)
    if key is not None:
        assert key == key.strip() and key
        assert not any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in key)


def test_addresses_that_name_no_web_host_key_to_nothing() -> None:
    for raw in (
        "",
        "candles",
        "mailto:noor@noor.example",
        "ftp://noor.example",
        "https://noor.example\x1b[2J",
        "https://user:pw@noor.example",
        "https://noor.example:notaport",
        "javascript:alert(1)",
    ):
        assert site_key(raw) is None, raw


def test_one_site_under_its_other_names_keys_the_same() -> None:
    assert site_key("https://twitter.com/Noor/") == site_key("x.com/noor") == "x.com/noor"
    assert site_key("HTTP://WWW.Noor.Example/") == "noor.example"
