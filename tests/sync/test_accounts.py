"""Several accounts, one engine each, one outbox: each account sends only its
own items, and the status bar adds the accounts up."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from engage_tui.domain import (
    ActionKind,
    ActionRequest,
    Notification,
    NotificationKind,
    OutboxItem,
    OutboxState,
    Person,
)
from engage_tui.domain.exchange import PullResult
from engage_tui.store import Store
from engage_tui.sync.account_info import AccountInfo
from engage_tui.sync.accounts import AccountsSync, combined_status
from engage_tui.sync.controller import SyncStatus
from engage_tui.sync.engine import SyncEngine
from engage_tui.sync.stranded import stranded, stranded_words
from tests.sync.conftest import TEST_CONFIG, EngineFactory, World
from tests.sync.helpers import a_mention, owner_id

T = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
X = AccountInfo("1", "x", "X", "alice")
BSKY = AccountInfo("did:plc:b", "bluesky", "Bluesky", "bob.bsky.social")


def _queue_like(store: Store, world: World, account: str) -> int:
    target = a_mention(store)
    return store.outbox.enqueue(
        ActionRequest(
            ActionKind.LIKE,
            network="x",
            send_after=world.clock() - timedelta(seconds=1),
            target_post_id=target.id,
            at=world.clock(),
            account=account,
        )
    ).id


def _state(store: Store, item_id: int) -> OutboxState:
    found = store.outbox.get(item_id)
    assert found is not None
    return found.state


def test_an_account_does_not_send_another_accounts_item(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once()
    theirs = _queue_like(store, world, account="another-x-account")

    engine.run_once()

    assert _state(store, theirs) is OutboxState.QUEUED
    assert engine.status().queued == 0


def test_an_account_sends_its_own_item(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once()
    mine = _queue_like(store, world, account=owner_id(world))

    engine.run_once()

    assert _state(store, mine) is not OutboxState.QUEUED


def test_an_item_queued_before_the_sender_was_known_goes_with_the_first_account(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    engine.run_once()
    unassigned = _queue_like(store, world, account="")

    engine.run_once()

    assert _state(store, unassigned) is not OutboxState.QUEUED


def test_the_engine_names_its_account_once_it_knows_who_is_signed_in(
    world: World, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    before = engine.accounts()
    engine.run_once()
    after = engine.account()

    assert before[0].id == ""
    assert (after.id, after.network) == (owner_id(world), "x")
    assert after.label == f"X @{world.state()['owner']['username']}"


def test_the_status_bar_is_offline_when_every_account_is() -> None:
    status = combined_status([SyncStatus(online=False), SyncStatus(online=False)], (X, BSKY))

    assert status.online is False


def test_one_account_offline_is_named_while_the_others_sync() -> None:
    status = combined_status(
        [
            SyncStatus(online=True, message="X refused one source."),
            SyncStatus(online=False, message="Offline: Bluesky did not answer in time."),
        ],
        (X, BSKY),
    )

    assert status.online is True
    assert status.message == "Bluesky @bob.bsky.social: Offline: Bluesky did not answer in time."


def test_the_status_bar_counts_every_accounts_queue_and_shows_the_newest_sync() -> None:
    status = combined_status(
        [SyncStatus(queued=2, last_sync_at=T), SyncStatus(queued=1, last_sync_at=T + timedelta(1))],
        (X, BSKY),
    )

    assert status.queued == 3
    assert status.last_sync_at == T + timedelta(1)


def test_a_problem_in_the_status_bar_names_its_account() -> None:
    status = combined_status(
        [SyncStatus(), SyncStatus(message="The session has ended.")], (X, BSKY)
    )

    assert status.message == "Bluesky @bob.bsky.social: The session has ended."


def test_free_is_said_only_when_every_account_is_free() -> None:
    free = SyncStatus(free_words="Bluesky: free")
    billed = SyncStatus(month_spend_usd=1.25)

    assert combined_status([free, replace(free)], (BSKY, BSKY)).free_words == "Bluesky: free"
    mixed = combined_status([billed, free], (X, BSKY))
    assert mixed.free_words is None
    assert mixed.month_spend_usd == 1.25


def test_a_paused_source_is_named_with_its_account() -> None:
    status = combined_status([SyncStatus(), SyncStatus(paused={"notifications": T})], (X, BSKY))

    assert status.paused == {"Bluesky @bob.bsky.social notifications": T}


def test_the_account_column_tag_is_short_and_plain_text() -> None:
    assert X.tag == "X·alice"
    assert BSKY.tag == "B·bob"
    assert AccountInfo("", "x", "X").tag == "X"


def _item(network: str, account: str = "") -> OutboxItem:
    return OutboxItem(
        id=1,
        kind=ActionKind.REPLY,
        state=OutboxState.QUEUED,
        created_at=T,
        send_after=T,
        network=network,
        account=account,
    )


def test_an_item_for_a_network_with_no_account_open_is_stranded() -> None:
    assert stranded([_item("bluesky")], (X,)) == [_item("bluesky")]
    assert stranded([_item("x")], (X,)) == []


def test_an_item_for_a_signed_out_account_is_stranded_not_sent_as_another() -> None:
    other_bluesky = AccountInfo("did:plc:other", "bluesky", "Bluesky", "other.test")

    assert stranded([_item("bluesky", BSKY.id)], (X, other_bluesky)) == [_item("bluesky", BSKY.id)]
    assert stranded([_item("bluesky", BSKY.id)], (X, BSKY)) == []


def test_an_account_not_yet_asked_who_it_is_may_be_the_one_an_item_waits_for() -> None:
    not_yet = AccountInfo("", "bluesky", "Bluesky")

    assert stranded([_item("bluesky", BSKY.id)], (X, not_yet)) == []


def test_the_words_say_which_network_and_how_to_bring_it_back() -> None:
    words = stranded_words([_item("bluesky"), _item("bluesky")])

    assert words == (
        "2 queued actions wait for a Bluesky account that is not signed in: sign in to it "
        "again (engage auth login bluesky) and it goes out, once. Nothing is lost."
    )


def test_a_sync_says_what_waits_for_an_account_that_is_not_open(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engine = make_engine()
    waiting = store.outbox.enqueue(
        ActionRequest(
            ActionKind.LIKE,
            network="bluesky",
            send_after=world.clock(),
            target_post_id="at://p",
            at=world.clock(),
            account="did:plc:gone",
        )
    )

    report = engine.run_once()

    assert _state(store, waiting.id) is OutboxState.QUEUED
    assert any("1 queued action waits for a Bluesky account" in n for n in report.notes)
    assert (engine.status().message or "").startswith("1 queued action waits")


def test_several_accounts_say_what_waits_once_for_them_all(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    engines = [make_engine(), make_engine()]
    several = AccountsSync(engines)
    engines[0].run_once()
    store.outbox.enqueue(
        ActionRequest(
            ActionKind.LIKE,
            network="bluesky",
            send_after=world.clock(),
            target_post_id="at://p",
            at=world.clock(),
        )
    )

    assert engines[0].status().message is None  # each engine leaves it to the whole
    assert (several.status().message or "").startswith("1 queued action waits for a Bluesky")
    assert several.stranded_words() == several.status().message


def test_only_the_networks_first_account_pulls_the_watchlists_posts(
    world: World, store: Store
) -> None:
    # Prospects' posts are the network's, not an account's: a second X
    # account reading them too would pay X for the same posts twice.
    second = SyncEngine(
        store, world.platform(), config=TEST_CONFIG, clock=world.clock, first_on_network=False
    )
    first = SyncEngine(store, world.platform(), config=TEST_CONFIG, clock=world.clock)

    pulled_by_second = second.run_once(every_source=True).sources_pulled
    pulled_by_first = first.run_once(every_source=True).sources_pulled

    assert "prospects" not in pulled_by_second and "mentions" in pulled_by_second
    assert "prospects" in pulled_by_first


def _unowned_follow(store: Store) -> str:
    """A row kept from before engage knew whose it was."""
    follow = Notification(
        id="x:follow:kept", kind=NotificationKind.FOLLOW, actor_id="kept", created_at=T, network="x"
    )
    person = Person(id="kept", handle="kept_one", name="Kept", network="x")
    store.sync_state.apply_pull(
        "followers", PullResult(events=[follow], people=[person]), T, account=""
    )
    return follow.id


def _account_of(store: Store, notification_id: str) -> str:
    rows = store.inbox.window(limit=1000, include_done=True, group=False)
    return next(r.notification.account for r in rows if r.notification.id.endswith(notification_id))


def test_the_first_account_on_a_network_takes_its_rows_of_no_account(
    world: World, store: Store, make_engine: EngineFactory
) -> None:
    kept = _unowned_follow(store)

    make_engine().run_once()

    assert _account_of(store, kept) == owner_id(world)


def test_a_second_account_on_the_network_leaves_rows_of_no_account(
    world: World, store: Store
) -> None:
    kept = _unowned_follow(store)
    second = SyncEngine(
        store, world.platform(), config=TEST_CONFIG, clock=world.clock, first_on_network=False
    )

    second.run_once()

    assert _account_of(store, kept) == ""
