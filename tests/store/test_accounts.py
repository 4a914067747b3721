"""Several signed-in accounts in one file: each account's events are its own
rows, its sync state its own keys, and the inbox can show one account or all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from engage_tui.domain import ActionRequest, NotificationKind, TriageState
from engage_tui.domain.models import ActionKind, Notification
from engage_tui.store import Store
from engage_tui.store.migrations import migrate
from tests.store.conftest import at, event, like, pull

ALICE, BOB = "1001", "did:plc:bob"
US = 1_000_000


def test_one_event_reaching_two_accounts_is_a_row_in_each_inbox(store: Store) -> None:
    # A post mentioning both of the user's accounts reaches both.
    mention = event(NotificationKind.MENTION, 5, 1, post_id="p1")
    store.sync_state.apply_pull("mentions", pull([mention]), at(2), account=ALICE)
    store.sync_state.apply_pull("mentions", pull([mention]), at(2), account=BOB)

    rows = store.inbox.window(group=False)

    assert sorted(r.notification.account for r in rows) == sorted([ALICE, BOB])
    assert store.inbox.count() == 2


def test_the_same_event_pulled_again_for_one_account_stays_one_row(store: Store) -> None:
    mention = event(NotificationKind.MENTION, 5, 1, post_id="p1")
    store.sync_state.apply_pull("mentions", pull([mention]), at(2), account=ALICE)

    again = store.sync_state.apply_pull("mentions", pull([mention]), at(3), account=ALICE)

    assert again == 0
    assert store.inbox.count() == 1


def test_each_account_keeps_its_own_cursors_snapshots_and_pull_times(store: Store) -> None:
    store.sync_state.apply_pull(
        "followers",
        pull(cursors={"c": "a1"}, snapshots={"s": frozenset({"u1"})}),
        at(1),
        account=ALICE,
    )
    store.sync_state.apply_pull(
        "followers",
        pull(cursors={"c": "b1"}, snapshots={"s": frozenset({"u2"})}),
        at(2),
        account=BOB,
    )

    assert (store.sync_state.cursor(f"{ALICE}|c"), store.sync_state.cursor(f"{BOB}|c")) == (
        "a1",
        "b1",
    )
    assert store.sync_state.snapshot(f"{ALICE}|s") == {"u1"}
    assert store.sync_state.snapshot(f"{BOB}|s") == {"u2"}
    assert store.sync_state.last_pull(f"{ALICE}|followers") == at(1)
    assert store.sync_state.last_pull(f"{BOB}|followers") == at(2)


def test_the_inbox_shows_one_account_when_asked(store: Store) -> None:
    store.sync_state.apply_pull("likes", pull([like(1, "a-post", 1)]), at(2), account=ALICE)
    store.sync_state.apply_pull(
        "likes", pull([like(2, "b-post", 2), like(3, "b-post2", 3)]), at(3), account=BOB
    )

    only_bob = store.inbox.window(accounts=frozenset({BOB}))

    assert {r.notification.account for r in only_bob} == {BOB}
    assert store.inbox.count(accounts=frozenset({BOB})) == 2
    assert store.inbox.count(accounts=frozenset({ALICE})) == 1
    assert store.inbox.count(accounts=frozenset()) == 0
    assert store.inbox.accounts() == sorted([ALICE, BOB])


def test_a_count_by_account_leaves_out_what_is_done(store: Store) -> None:
    store.sync_state.apply_pull(
        "likes", pull([like(1, "a1", 1), like(2, "a2", 2)]), at(3), account=ALICE
    )
    first = store.inbox.window(group=False)[0].notification.id

    store.inbox.set_triage([first], TriageState.DONE, at(4))

    assert store.inbox.count(accounts=frozenset({ALICE})) == 1
    assert store.inbox.count(accounts=frozenset({ALICE}), include_done=True) == 2


def test_the_newest_handled_item_is_per_account(store: Store) -> None:
    store.sync_state.apply_pull("likes", pull([like(1, "a1", 1)]), at(2), account=ALICE)
    store.sync_state.apply_pull("likes", pull([like(2, "b1", 5)]), at(6), account=BOB)
    bobs = store.inbox.window(accounts=frozenset({BOB}))[0].notification.id

    store.inbox.set_triage([bobs], TriageState.DONE, at(7))

    assert store.inbox.newest_done(BOB) == at(5)
    assert store.inbox.newest_done(ALICE) is None


def test_an_outbox_item_remembers_which_account_sends_it(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            network="bluesky",
            send_after=at(1),
            target_post_id="p1",
            text="thank you",
            account=BOB,
        )
    )

    assert store.outbox.get(item.id).account == BOB  # type: ignore[union-attr]


def _version_6_file(path: Path, owner_network: str = "x") -> None:
    """A file as engage wrote it with one account: bare ids and keys."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=6)
    conn.execute(
        "INSERT INTO people(id, network, handle, handle_lc) VALUES (?, ?, 'me', 'me')",
        (ALICE, owner_network),
    )
    conn.execute("INSERT INTO meta(key, value) VALUES ('owner_id', ?)", (ALICE,))
    conn.execute("INSERT INTO meta(key, value) VALUES ('sync:denied_actions', 'like')")
    conn.execute(
        "INSERT INTO notifications(id, network, kind, actor_id, created_us) VALUES"
        " ('x:follow:u5', 'x', 'follow', 'u5', ?)",
        (1_795_000_000 * US,),
    )
    conn.execute("INSERT INTO cursors(key, value, updated_us) VALUES ('mentions.since', '42', 1)")
    conn.execute("INSERT INTO snapshot_members(name, member) VALUES ('followers', 'u5')")
    conn.execute("INSERT INTO sync_sources(source, last_pull_us) VALUES ('followers', 1)")
    conn.execute(
        "INSERT INTO outbox(kind, state, network, created_us, send_after_us, updated_us)"
        " VALUES ('like', 'queued', 'x', 1, 1, 1)"
    )
    conn.close()


def test_a_one_account_file_is_upgraded_to_that_account(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    _version_6_file(path)

    with Store.open(path) as store:
        row = store.inbox.window()[0].notification
        assert (row.id, row.account) == (f"{ALICE}|x:follow:u5", ALICE)
        assert store.sync_state.cursor(f"{ALICE}|mentions.since") == "42"
        assert store.sync_state.snapshot(f"{ALICE}|followers") == {"u5"}
        assert store.sync_state.last_pull(f"{ALICE}|followers") is not None
        assert store.outbox.items()[0].account == ALICE
        assert store.sync_state.meta_get("owner_id:x") == ALICE
        assert store.sync_state.meta_get("sync:denied_actions:x") == "like"
        assert store.sync_state.known_owners() == [ALICE]


def test_an_upgraded_file_takes_the_same_event_again_as_the_same_row(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    _version_6_file(path)
    with Store.open(path) as store:
        follow = Notification(
            id="x:follow:u5",
            kind=NotificationKind.FOLLOW,
            actor_id="u5",
            created_at=at(0),
            network="x",
        )

        new = store.sync_state.apply_pull("followers", pull([follow]), at(1), account=ALICE)

        assert new == 0
        assert len(store.inbox.window(group=False)) == 1


def test_a_file_nobody_synced_into_upgrades_without_an_account(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=6)
    conn.execute(
        "INSERT INTO notifications(id, network, kind, actor_id, created_us) VALUES"
        " ('x:follow:u5', 'x', 'follow', 'u5', 1)"
    )
    conn.close()

    with Store.open(path) as store:
        row = store.inbox.window()[0].notification
        assert (row.id, row.account) == ("x:follow:u5", "")
        assert store.sync_state.known_owners() == []


def test_an_owner_the_upgrade_could_not_place_still_counts_as_signed_in(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=6)
    conn.execute("INSERT INTO meta(key, value) VALUES ('owner_id', '1')")  # no person row
    conn.close()

    with Store.open(path) as store:
        assert store.sync_state.known_owners() == ["1"]


def test_what_a_person_brought_is_read_per_account_new_and_since_a_time(store: Store) -> None:
    follow = event(NotificationKind.FOLLOW, 5, 10)
    mention = event(NotificationKind.MENTION, 5, 20, post_id="p1")
    older = event(NotificationKind.LIKE, 5, 1, subject="s1")
    someone_else = event(NotificationKind.FOLLOW, 6, 15)
    store.sync_state.apply_pull(
        "x", pull([follow, mention, older, someone_else]), at(30), account=ALICE
    )
    store.sync_state.apply_pull("x", pull([follow]), at(30), account=BOB)
    store.inbox.set_triage([f"{ALICE}|{mention.id}"], TriageState.DONE, at(31))

    assert store.inbox.new_from("u5", at(5), ALICE) == [f"{ALICE}|{follow.id}"]
    assert sorted(store.inbox.new_from("u5", at(5))) == sorted(
        [f"{ALICE}|{follow.id}", f"{BOB}|{follow.id}"]
    )


def _other_networks_row(path: Path) -> None:
    """A Bluesky row in a one-account X file: kept as no account's by the upgrade."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO notifications(id, network, kind, actor_id, created_us) VALUES"
        " ('bluesky:follow:u7', 'bluesky', 'follow', 'u7', ?)",
        (1_795_000_000 * US,),
    )
    conn.close()


def test_rows_of_no_account_become_the_first_account_of_their_network(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    _version_6_file(path)
    _other_networks_row(path)
    with Store.open(path) as store:
        assert store.inbox.adopt_unowned(BOB, "bluesky") == 1
        follow = Notification(
            id="bluesky:follow:u7",
            kind=NotificationKind.FOLLOW,
            actor_id="u7",
            created_at=at(0),
            network="bluesky",
        )

        again = store.sync_state.apply_pull("notifications", pull([follow]), at(1), account=BOB)

        assert again == 0
        accounts = sorted(r.notification.account for r in store.inbox.window(group=False))
        assert accounts == sorted([ALICE, BOB])


def test_a_row_of_no_account_whose_twin_was_pulled_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    _version_6_file(path)
    _other_networks_row(path)
    with Store.open(path) as store:
        follow = Notification(
            id="bluesky:follow:u7",
            kind=NotificationKind.FOLLOW,
            actor_id="u7",
            created_at=at(0),
            network="bluesky",
        )
        store.sync_state.apply_pull("notifications", pull([follow]), at(1), account=BOB)

        assert store.inbox.adopt_unowned(BOB, "bluesky") == 0
        assert store.inbox.adopt_unowned(ALICE, "x") == 0  # the X rows had an account already
