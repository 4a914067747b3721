"""Mastodon's HTML as plain text, the mapping of notifications onto engage's
kinds, handles, servers and the measure: with generated input, since all of it
comes from other servers or from typing."""

from __future__ import annotations

import string
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.domain import NotificationKind
from engage_tui.platforms.mastodon import notifications, parse, parse_server
from engage_tui.platforms.mastodon.handles import check_handle
from engage_tui.platforms.mastodon.html import html_to_text
from engage_tui.platforms.mastodon.measure import length
from engage_tui.platforms.mastodon.outbox import narrower, same_words

HOST = "example.social"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello &amp; welcome</p>", "Hello & welcome"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>line<br>break<br/>again</p>", "line\nbreak\nagain"),
        (
            '<p><span class="h-card"><a href="https://a.example/@bob" class="u-url mention">'
            "@<span>bob</span></a></span> hi</p>",
            "@bob hi",
        ),
        (
            '<p><a href="https://example.com/a/long/path" rel="nofollow noopener" '
            'target="_blank"><span class="invisible">https://</span><span class="ellipsis">'
            'example.com/a/lo</span><span class="invisible">ng/path</span></a></p>',
            "https://example.com/a/long/path",
        ),
        (
            '<p><a href="https://x.example/tags/cats" class="mention hashtag">'
            "#<span>cats</span></a></p>",
            "#cats",
        ),
        (
            '<p><a href="https://other.example/page">this page</a></p>',
            "this page (https://other.example/page)",
        ),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("plain words", "plain words"),
    ],
)
def test_status_html_reads_as_the_words_a_person_sees(html: str, text: str):
    assert html_to_text(html) == text


_tags = st.sampled_from(["p", "br", "span", "a", "b", "i", "ul", "li", "pre", "code", "x-odd"])


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.text(max_size=20),
                _tags.map(lambda t: f"<{t}>"),
                _tags.map(lambda t: f"</{t}>"),
                st.sampled_from(
                    ["&amp;", "&lt;", "&#x1F600;", "&bogus;", "<", ">", "&", "\x1b[31m"]
                ),
            ),
            max_size=30,
        )
    )
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(markup())
def test_any_markup_becomes_text_without_tags_or_failing(html: str):
    text = html_to_text(html)

    assert isinstance(text, str)
    for tag in ("<p>", "<br>", "<span>", "</p>", "<a>", "<li>"):
        if tag not in html.replace("&lt;", "<"):
            assert tag not in text
    assert text == text.strip()
    assert "\n\n\n" not in text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=string.ascii_letters + string.digits + " .,!?'", max_size=200))
def test_plain_words_in_a_paragraph_come_back_as_written(words: str):
    escaped = words.replace("&", "&amp;").replace("<", "&lt;")
    assert html_to_text(f"<p>{escaped}</p>") == " ".join(words.split(" ")).strip()


def _account(i: str = "7") -> dict[str, Any]:
    return {"id": i, "acct": f"user{i}", "username": f"user{i}", "display_name": "U"}


def _status(sid: str = "100", **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "content": "<p>hi</p>",
        "created_at": "2026-01-01T00:00:00Z",
        "account": _account("1"),
        **extra,
    }


def _v1(kind: object, **extra: Any) -> dict[str, Any]:
    return {
        "id": "9",
        "type": kind,
        "created_at": "2026-01-01T00:00:01.5Z",
        "account": _account(),
        **extra,
    }


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        ("mention", _status(), NotificationKind.MENTION),
        (
            "mention",
            _status(in_reply_to_id="5", in_reply_to_account_id="1"),
            NotificationKind.REPLY,
        ),
        (
            "mention",
            _status(in_reply_to_id="5", in_reply_to_account_id="2"),
            NotificationKind.MENTION,
        ),
        ("favourite", _status(), NotificationKind.LIKE),
        ("reblog", _status(), NotificationKind.REPOST),
        ("follow", None, NotificationKind.FOLLOW),
        ("follow_request", None, NotificationKind.FOLLOW),
        (
            "quote",
            _status(quote={"state": "accepted", "quoted_status": _status("5")}),
            NotificationKind.QUOTE,
        ),
        ("poll", _status(), NotificationKind.OTHER),
        ("admin.sign_up", None, NotificationKind.OTHER),
        ("severed_relationships", None, NotificationKind.OTHER),
        ("something_from_2030", None, NotificationKind.OTHER),
    ],
)
def test_each_notification_type_maps_onto_an_engage_kind(kind, status, expected):
    found = notifications.from_v1(_v1(kind, status=status), HOST, HOST, owner_local_id="1")

    assert [f.event.kind for f in found] == [expected]
    event = found[0].event
    if expected is NotificationKind.REPLY:
        assert event.subject_id == parse.post_key(HOST, "5")
    if expected is NotificationKind.QUOTE:
        assert event.subject_id == parse.post_key(HOST, "5")
    if expected in (NotificationKind.OTHER,) or kind == "follow_request":
        assert event.raw_kind == kind


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.one_of(
        st.sampled_from(["mention", "favourite", "reblog", "follow", "quote", "poll"]), _json
    ),
    account=st.one_of(st.just(_account()), _json),
    status=st.one_of(st.just(_status()), st.builds(lambda q: _status(quote=q), _json), _json),
    at=st.one_of(st.just("2026-01-01T00:00:00Z"), _json),
    extra=st.dictionaries(st.text(max_size=8), _json, max_size=3),
)
def test_odd_notifications_never_fail_a_pull(kind, account, status, at, extra):
    item = {**extra, "type": kind, "account": account, "status": status, "created_at": at}

    found = notifications.from_v1(item, HOST, HOST, owner_local_id="1")

    for f in found:
        assert f.event.id.startswith(f"mastodon:{HOST}/")
        assert isinstance(f.event.actor_id, str)


@settings(max_examples=100, deadline=None)
@given(
    body=st.dictionaries(
        st.sampled_from(["accounts", "partial_accounts", "statuses", "notification_groups"]),
        st.lists(
            st.one_of(
                _json,
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["favourite", "mention", "odd"]),
                        "sample_account_ids": st.lists(
                            st.one_of(st.just("7"), st.integers(), _json), max_size=3
                        ),
                        "status_id": st.one_of(st.just("100"), st.integers(), _json),
                        "most_recent_notification_id": st.one_of(
                            st.integers(), st.text(max_size=5), _json
                        ),
                        "latest_page_notification_at": st.one_of(
                            st.just("2026-01-01T00:00:00Z"), _json
                        ),
                    }
                ),
            ),
            max_size=4,
        ),
    )
)
def test_odd_grouped_answers_never_fail_a_pull(body):
    body.setdefault("accounts", [_account()])
    body.setdefault("statuses", [_status()])

    for f in notifications.from_v2(body, HOST, HOST, owner_local_id="1"):
        assert f.event.actor_id == parse.person_key(HOST, "7")


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.integers(min_value=0, max_value=10**30), st.text(min_size=1, max_size=30)))
def test_ids_are_kept_as_the_server_wrote_them(raw):
    key = parse.post_key(HOST, parse.id_of({"id": raw}, "id") or "x")

    assert parse.id_of({"id": raw}, "id") in (str(raw), None)
    if "/" not in str(raw):
        assert parse.local_id(key, HOST) == str(raw)


@pytest.mark.parametrize(
    ("raw", "handle"),
    [
        ("@Alice@Mastodon.Social", "alice@mastodon.social"),
        ("bob@localhost:3000", "bob@localhost:3000"),
        ("alice", None),
        ("alice.bsky.social", None),
        ("@alice@", None),
        ("a b@host", None),
    ],
)
def test_a_handle_is_user_at_host(raw: str, handle: str | None):
    assert check_handle(raw) == handle


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_typed_server_is_a_https_url_or_a_plain_refusal(raw: str):
    try:
        server = parse_server(raw)
    except ValueError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert server.startswith(("https://", "http://localhost", "http://127.0.0.1", "http://[::1]"))
    assert server == parse_server(server)


def test_a_handle_names_its_server():
    assert parse_server("@alice@mastodon.social") == "https://mastodon.social"
    with pytest.raises(ValueError, match="https"):
        parse_server("http://mastodon.social")


def test_a_reply_takes_the_less_public_visibility():
    assert narrower("public", "private") == "private"
    assert narrower("direct", "public") == "direct"
    assert narrower("unlisted", "public") == "unlisted"
    assert narrower("private", "unlisted") == "private"


def test_the_words_of_a_reply_are_recognised_as_mastodon_shows_them():
    assert same_words("@bob@other.example  thanks!", "@bob thanks!")
    assert not same_words("thanks!", "thanks?")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=0, max_value=50))
def test_the_measure_never_fails_and_never_counts_less_than_the_words_without_links(text, weight):
    assert length(text, weight) >= 0
    if "://" not in text and "@" not in text and "." not in text:
        assert length(text, weight) == length(text, 23)


def test_only_a_429_reads_as_a_rate_limit():
    from mastodon.errors import MastodonRatelimitError

    from engage_tui.platforms.errors import RateLimited, Transient
    from engage_tui.platforms.mastodon.failures import map_exception

    limit = map_exception(MastodonRatelimitError("Hit rate limit."), "GET x", False, "s", 2e9)
    unreadable = map_exception(
        MastodonRatelimitError("Rate limit time calculations failed: bad date"), "POST x", True, "s"
    )

    assert isinstance(limit, RateLimited) and limit.reset_at.year == 2033
    assert isinstance(unreadable, Transient) and not isinstance(unreadable, RateLimited)
    assert unreadable.outcome_unknown
