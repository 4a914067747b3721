"""What enters from the keyboard and from Bluesky's JSON: text measured in
graphemes with facets on UTF-8 boundaries, and notifications of any shape
mapped without failing. No server needed."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engage_tui.domain import NotificationKind
from engage_tui.platforms.bluesky import (
    BlueskyLogin,
    BlueskyPlatform,
    KeyringSessionStore,
    login_from_env,
)
from engage_tui.platforms.bluesky.measure import GRAPHEME_LIMIT, build_facets, measure_text
from engage_tui.platforms.bluesky.notifications import Mark, to_event
from engage_tui.platforms.bluesky.outbox import new_tid
from engage_tui.platforms.errors import Offline, SignedOut

from .bsky_support import MemoryStore

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one grapheme, five code points
FLAG = "\U0001f1eb\U0001f1f7"
ACCENT = "e\u0301"
HANDLES = {"alice.test": "did:plc:alice", "bob.example.com": "did:plc:bob"}


def _resolve(handle: str) -> str | None:
    return HANDLES.get(handle)


def _slices(text: str) -> list[tuple[str, dict[str, Any]]]:
    raw = text.encode("utf-8")
    out = []
    for facet in build_facets(text, _resolve):
        start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
        assert 0 <= start < end <= len(raw)
        raw[:start].decode("utf-8")  # a boundary, or this raises
        out.append((raw[start:end].decode("utf-8"), facet["features"][0]))
    return out


def test_a_family_emoji_is_one_character():
    assert measure_text(FAMILY * 3).length == 3


@pytest.mark.parametrize("cluster", [FLAG, ACCENT, "a", "\u00e9", "\u4e2d"])
def test_a_cluster_counts_as_one_character_up_to_the_limit(cluster: str):
    at_limit = measure_text(cluster * GRAPHEME_LIMIT)
    over = measure_text(cluster * (GRAPHEME_LIMIT + 1))

    assert (at_limit.length, at_limit.ok) == (GRAPHEME_LIMIT, True)
    assert (over.length, over.ok) == (GRAPHEME_LIMIT + 1, False)
    assert over.reason == (
        "The reply is 1 character over Bluesky's limit of 300: shorten it before sending."
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_reply_is_refused_in_plain_words(text: str):
    check = measure_text(text)

    assert not check.ok
    assert check.reason == "The reply is empty: write something first."


def test_text_under_300_characters_but_over_3000_bytes_is_refused():
    check = measure_text("a" + "\u0300" * 1600)  # the marks join the "a": one cluster

    assert check.length < GRAPHEME_LIMIT
    assert not check.ok
    assert "3,000 bytes" in (check.reason or "")


@given(st.text())
def test_any_text_is_measured_without_failing(text: str):
    check = measure_text(text)

    assert 0 <= check.length <= len(text)
    assert check.limit == GRAPHEME_LIMIT
    assert check.ok == (check.reason is None)


@given(st.text())
def test_facets_of_any_text_sit_on_utf8_boundaries(text: str):
    _slices(text)


@given(st.text(), st.text(), st.sampled_from(["https://example.com/a?b=c", "https://bsky.app"]))
def test_a_link_anywhere_becomes_a_facet_covering_exactly_the_link(
    before: str, after: str, url: str
):
    text = f"{before} {url} {after}"

    slices = _slices(text)

    assert measure_text(text).has_url
    assert any(s == url and f.get("uri") == url and f["$type"].endswith("#link") for s, f in slices)


@given(st.text(), st.text(), st.sampled_from(sorted(HANDLES)))
def test_a_mention_anywhere_becomes_a_facet_with_the_did(before: str, after: str, handle: str):
    text = f"{before} @{handle} {after}"

    slices = _slices(text)

    assert (f"@{handle}", {"$type": "app.bsky.richtext.facet#mention", "did": HANDLES[handle]}) in [
        (s, f) for s, f in slices
    ]


def test_a_mention_nobody_answers_to_stays_plain_text():
    assert _slices("hello @nobody.test") == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.text(), _JSON, _JSON)
def test_any_reason_and_record_map_without_failing(reason: str, record: Any, subject: Any):
    item = {
        "uri": "at://did:plc:them/app.bsky.feed.post/3abc",
        "cid": "bafy",
        "reason": reason,
        "reasonSubject": subject,
        "record": record,
        "author": {"did": "did:plc:them", "handle": "them.test"},
        "indexedAt": "2026-11-29T05:00:00.000Z",
        "isRead": False,
    }

    found = to_event(item)

    assert found is not None
    event, _ = found
    assert event.id == "bluesky:at://did:plc:them/app.bsky.feed.post/3abc"
    if event.kind is NotificationKind.OTHER:
        assert event.raw_kind == (reason or "unknown")


@pytest.mark.parametrize(
    "reason", ["starterpack-joined", "verified", "unverified", "contact-match"]
)
def test_reasons_engage_does_not_know_arrive_as_other_with_the_raw_reason(reason: str):
    found = to_event(
        {
            "uri": "at://did:plc:them/app.bsky.graph.verification/3abc",
            "reason": reason,
            "record": {},
            "author": {"did": "did:plc:them", "handle": "them.test"},
            "indexedAt": "2026-11-29T05:00:00Z",
        }
    )

    assert found is not None
    assert (found[0].kind, found[0].raw_kind) == (NotificationKind.OTHER, reason)


@given(st.text())
def test_a_subscribed_post_arrives_as_a_new_post_with_its_words(text: str):
    """The reason the AppView gives a post by someone the owner has an
    activity subscription to (the reference server never makes one: see
    test_new_posts.py)."""
    found = to_event(
        {
            "uri": "at://did:plc:them/app.bsky.feed.post/3abc",
            "cid": "bafy",
            "reason": "subscribed-post",
            "record": {
                "$type": "app.bsky.feed.post",
                "text": text,
                "createdAt": "2026-11-29T05:00:00Z",
            },
            "author": {"did": "did:plc:them", "handle": "them.test"},
            "indexedAt": "2026-11-29T05:00:00Z",
            "isRead": False,
        }
    )

    assert found is not None
    event, post = found
    assert (event.kind, event.raw_kind, event.subject_id) == (NotificationKind.NEW_POST, None, None)
    assert post is not None and event.post_id == post.id
    assert post.author_id == "did:plc:them"


def test_record_keys_are_valid_and_never_repeat():
    keys = [new_tid() for _ in range(2000)]

    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    assert all(len(k) == 13 and k[0] in "234567abcdefghij" for k in keys)


def test_an_unreachable_server_is_offline():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request
    login = BlueskyLogin(
        handle="me.test", app_password="a-b-c-d", service=f"http://127.0.0.1:{port}"
    )

    with pytest.raises(Offline, match="Could not reach Bluesky"):
        BlueskyPlatform(login, MemoryStore()).whoami()


def test_the_login_comes_from_the_environment_in_one_place():
    env = {
        "ENGAGE_BSKY_HANDLE": "@Me.test",
        "ENGAGE_BSKY_APP_PASSWORD": "aaaa-bbbb-cccc-dddd",
        "ENGAGE_BSKY_SERVICE": "http://127.0.0.1:2583",
    }

    login = login_from_env(env)

    assert login == BlueskyLogin("Me.test", "aaaa-bbbb-cccc-dddd", "http://127.0.0.1:2583")
    assert "aaaa" not in repr(login)
    assert login_from_env({}) is None
    assert login_from_env({"ENGAGE_BSKY_HANDLE": "me.test"}).service == "https://bsky.social"


def test_a_keyring_that_cannot_be_read_is_a_plain_sign_in_error():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        login = BlueskyLogin(handle="me.test", service="http://127.0.0.1:9")
        platform = BlueskyPlatform(login, KeyringSessionStore(login.account))
        with pytest.raises(SignedOut, match="keyring could not be read"):
            platform.whoami()
    finally:
        keyring.set_keyring(previous)


@given(st.one_of(st.text(), _JSON.map(json.dumps)))
def test_a_damaged_cursor_means_starting_over_not_failing(raw: str):
    mark = Mark.load(raw)

    assert mark is None or mark.at.tzinfo is not None
