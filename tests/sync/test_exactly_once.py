"""Exactly once where it is hardest: words X changes on the way (``&``, ``<``,
``>`` come back as entities), and two engines recovering the same crashed row.
Real tweepy over HTTP against the sandbox; its request counts are the truth."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from engage_tui.sync.outbox import SENDING_LEASE
from tests.sync.conftest import EngineFactory, World
from tests.sync.helpers import a_mention, a_prospect_post, item, queue_reply, replies_to

FAILSAFE_S = 60  # a guard against a hung test, not a timing assertion
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
    assert item(store, reply.id).state is OutboxState.HANDED
    owner = world.state()["owner"]["username"]
    posted = world.event("reply", owner, target_id=post.id, text=words)  # Post, in the browser
    world.advance(301)
    engine.run_once()
    done = item(store, reply.id)
    assert (done.state, done.remote_id) == (OutboxState.SENT, posted["post_id"])


def test_two_engines_recovering_one_crashed_send_post_it_once(
    world: World, db_path: Path, store: Store, make_engine: EngineFactory
) -> None:
    """The app and a cron `engage sync` find the same row left in ``sending``.
    The app looks, then is paused before it writes; cron takes the row over and
    is paused just before its POST; then both go on."""
    assert make_engine().run_once().ok
    target = a_mention(store)
    queued = queue_reply(store, world, target, "Recovered once, by one of us.", delay=0)
    assert store.outbox.claim(queued.id, None, world.clock()) is not None  # then the process died
    world.advance(SENDING_LEASE.total_seconds() + 1)
    with Store.open(db_path) as app_store, Store.open(db_path) as cron_store:
        app_looked, app_go = threading.Event(), threading.Event()
        cron_posting, cron_go = threading.Event(), threading.Event()
        app_finish = app_store.outbox.finish

        def app_pauses_before_its_write(*args: Any, **kw: Any) -> bool:
            if not app_looked.is_set():
                app_looked.set()
                assert app_go.wait(FAILSAFE_S)
            return app_finish(*args, **kw)

        app_store.outbox.finish = app_pauses_before_its_write  # type: ignore[method-assign]
        cron_platform = world.platform()
        cron_send = cron_platform.send

        def cron_pauses_before_its_post(*args: Any, **kw: Any) -> Any:
            cron_posting.set()
            assert cron_go.wait(FAILSAFE_S)
            return cron_send(*args, **kw)

        cron_platform.send = cron_pauses_before_its_post  # type: ignore[method-assign]
        app = threading.Thread(target=make_engine(on=app_store).run_once)
        cron = threading.Thread(target=make_engine(on=cron_store, platform=cron_platform).run_once)
        app.start()
        assert app_looked.wait(FAILSAFE_S)
        cron.start()
        assert cron_posting.wait(FAILSAFE_S)
        app_go.set()
        app.join(FAILSAFE_S)
        cron_go.set()
        cron.join(FAILSAFE_S)
    assert world.stats()["requests"]["POST /2/tweets"] == 1
    posted = replies_to(world, target.id, "Recovered once, by one of us.")
    assert len(posted) == 1
    done = item(store, queued.id)
    assert (done.state, done.remote_id) == (OutboxState.SENT, posted[0]["id"])
