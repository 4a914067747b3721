"""Recognising the user's words in a post X returned: the one comparison behind
reconcile (a send whose answer was lost) and browser-finished replies.

X returns ``text`` with ``&``, ``<`` and ``>`` as entities; what the user typed
is literal, entities included. The generated cases go through the real sandbox
over HTTP (tweepy), with the answer to the post dropped after it was stored."""

from __future__ import annotations

import html
import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engage_tui.domain import ActionKind, Person
from engage_tui.platforms.base import ReconcileOutcome
from engage_tui.platforms.errors import Offline, Transient
from engage_tui.platforms.x import XPlatform
from engage_tui.platforms.x.parse import post_from
from engage_tui.platforms.x.words import same_words, x_unescaped
from tests.platforms.conftest import Sandbox
from tests.platforms.test_outbox import a_mention, item

# Pieces a user really types that collide with X's escaping.
TRICKY = [
    "&",
    "<",
    ">",
    "&amp;",
    "&lt;",
    "&gt;",
    "&gt",
    "&para;",
    "&para",
    "&copy",
    "&#38;",
    "&#x3c;",
    "&amp;lt;",
    "&nbsp;",
    "SEO&copywriting",
    "<3",
    "🎉",
    "👩‍👩‍👧",
    "é",
    "e\u0301",
    "\n",
    "\r\n",
    "  ",
    "\t",
]
WORDS = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=6)), min_size=1, max_size=14
).map("".join)


def x_escaped(text: str) -> str:
    """What X does to ``text``: ``&``, ``<`` and ``>`` as entities, nothing else."""
    return html.escape(text, quote=False)


def parsed(x_text: str) -> str:
    """A post's text as X returned it, decoded as parse.py stores it."""
    return post_from({"id": "1", "author_id": "2", "text": x_text}).text


@given(WORDS)
def test_typed_words_match_the_same_words_as_x_returns_them(words: str) -> None:
    assert same_words(words, parsed(x_escaped(words)))


@given(WORDS)
def test_a_post_keeps_the_words_as_written_not_xs_entities(words: str) -> None:
    assert parsed(x_escaped(words)) == words


@given(WORDS, WORDS)
def test_words_that_differ_in_escaped_characters_do_not_match(a: str, b: str) -> None:
    assume(a.count("&") != b.count("&") or a.count("<") != b.count("<"))
    assume("://" not in a + b)  # a link's tail is not compared: t.co replaces it
    assert not same_words(a, parsed(x_escaped(b)))


@given(WORDS)
def test_unescaping_undoes_exactly_what_x_escapes(words: str) -> None:
    assert x_unescaped(x_escaped(words)) == words


@pytest.mark.parametrize(
    ("typed", "posted"),
    [
        ("SEO&copywriting", "SEO&amp;copywriting"),
        ("&lt;3", "&amp;lt;3"),
        ("&para; two", "&amp;para; two"),
        ("Fish & chips https://example.com/menu", "@ana @bo_b Fish &amp; chips https://t.co/abc"),
        ("Café is open", "Cafe\u0301  is\r\nopen "),
    ],
)
def test_named_cases_match(typed: str, posted: str) -> None:
    assert same_words(typed, parsed(posted))


@pytest.mark.parametrize(
    ("typed", "posted"),
    [
        ("&lt;3", "&lt;3"),  # X would have sent "&amp;lt;3" for these words
        ("<3", "&amp;lt;3"),
        ("Ask @ana about it", "Ask about it"),
        ("Thanks a lot!", "Thanks a lot"),
    ],
)
def test_different_words_do_not_match(typed: str, posted: str) -> None:
    assert not same_words(typed, parsed(posted))


_unique = itertools.count(1)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(words=WORDS)
def test_a_reply_whose_answer_was_dropped_is_found_by_reconcile_whatever_its_words(
    x: XPlatform, owner: Person, sandbox: Sandbox, words: str
) -> None:
    text = f"{next(_unique)} {words}"  # X refuses the same words twice
    assume(x.measure(text).ok and text.strip())
    target = a_mention(x, owner, sandbox)
    reply = item(ActionKind.REPLY, text, target.id, sandbox.now())
    sandbox.fault("POST /2/tweets", "drop_after_commit")
    with pytest.raises(Transient) as lost:
        x.send(reply, target)
    assert lost.value.outcome_unknown and not isinstance(lost.value, Offline)
    stored = [
        p
        for p in sandbox.state()["posts"]
        if {"type": "replied_to", "id": target.id} in p["referenced_tweets"]
    ]
    assert len(stored) == 1
    found = x.reconcile(reply, target)
    assert (found.outcome, found.remote_id) == (ReconcileOutcome.SENT, stored[-1]["id"])
