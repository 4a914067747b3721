"""Exactly once where it is hardest: words X changes on the way (``&``, ``<``,
``>`` come back as entities), and two engines recovering the same crashed row.
Real tweepy over HTTP against the sandbox; its request counts are the truth."""

from __future__ import annotations

import pytest

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from tests.sync.conftest import EngineFactory, World
from tests.sync.helpers import a_mention, a_prospect_post, item, queue_reply, replies_to

# Words a user types that hold X's escaped characters or look like entities.
AMPERSAND_WORDS = [
    "SEO&copywriting is half the job",
    "&lt;3 thank you",
    "&para; two, as promised",
    "a <b> tag & a &amp; entity",
    "Q&A at 5 <today>",
]


@pytest.mark.parametrize("words", AMPERSAND_WORDS)
def test_a_reply_with_ampersands_whose_answer_was_lost_is_found_not_posted_again(
    world: World, store: Store, make_engine: EngineFactory, words: str
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    target = a_mention(store)
    queued = queue_reply(store, world, target, words, delay=0)
    world.fault("POST /2/tweets", "drop_after_commit")
    for _ in range(3):  # the send, then the reconcile once its backoff ran out
        engine.run_once()
        world.advance(60)
    done = item(store, queued.id)
    posted = replies_to(world, target.id, words)
    assert world.stats()["requests"]["POST /2/tweets"] == 1
    assert len(posted) == 1
    assert (done.state, done.remote_id, done.error) == (OutboxState.SENT, posted[0]["id"], None)


@pytest.mark.parametrize("words", AMPERSAND_WORDS)
def test_a_handed_reply_with_ampersands_is_confirmed_when_it_shows_up(
    world: World, store: Store, make_engine: EngineFactory, words: str
) -> None:
    engine = make_engine()
    assert engine.run_once().ok
    post = a_prospect_post(world, store)
    reply = queue_reply(store, world, post, words, delay=0)
    engine.run_once()
    assert item(store, reply.id).state is OutboxState.HANDED_TO_X
    owner = world.state()["owner"]["username"]
    posted = world.event("reply", owner, target_id=post.id, text=words)  # Post, in the browser
    world.advance(301)
    engine.run_once()
    done = item(store, reply.id)
    assert (done.state, done.remote_id) == (OutboxState.SENT, posted["post_id"])
