"""The outbox state machine, including races between connections and processes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from engage_tui.domain import ActionKind, ActionRequest, Draft, OutboxState, Route
from engage_tui.store import Store
from tests.store.conftest import at

REPO = Path(__file__).resolve().parents[2]


def test_enqueue_starts_queued_with_its_fields(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            send_after=at(1),
            target_post_id="p1",
            person_id="u1",
            text="thanks!",
            draft_key="reply:p1",
            route=Route.API,
            at=at(0),
            network="x",
        )
    )
    assert item.state is OutboxState.QUEUED
    assert (item.kind, item.text, item.draft_key, item.route) == (
        ActionKind.REPLY,
        "thanks!",
        "reply:p1",
        Route.API,
    )
    assert item.created_at == at(0) and item.send_after == at(1) and item.attempts == 0
    assert store.outbox.items() == [item]


def test_ids_are_never_reused(store: Store) -> None:
    first = store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(0), network="x"))
    store._conn().execute("DELETE FROM outbox")
    second = store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(0), network="x"))
    assert second.id > first.id


def test_cancel_only_while_queued(store: Store) -> None:
    a = store.outbox.enqueue(
        ActionRequest(ActionKind.LIKE, send_after=at(5), target_post_id="p1", network="x")
    )
    b = store.outbox.enqueue(
        ActionRequest(ActionKind.LIKE, send_after=at(0), target_post_id="p2", network="x")
    )
    assert store.outbox.cancel(a.id) is True
    assert store.outbox.cancel(a.id) is False  # already cancelled
    assert store.outbox.claim(b.id, None, at(1)) is not None
    assert store.outbox.cancel(b.id) is False  # being sent: too late
    assert {i.id: i.state for i in store.outbox.items()} == {
        a.id: OutboxState.CANCELLED,
        b.id: OutboxState.SENDING,
    }
    assert store.outbox.claim(a.id, None, at(6)) is None  # a cancelled item is never sent


def test_due_returns_sending_items_then_queued_ones_that_are_due(store: Store) -> None:
    later = store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(10), network="x"))
    second = store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(2), network="x"))
    first = store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(1), network="x"))
    stuck = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    store.outbox.claim(stuck.id, None, at(0))  # then the process died mid-send
    assert [i.id for i in store.outbox.due(at(5))] == [stuck.id, first.id, second.id]
    assert later.id in [i.id for i in store.outbox.due(at(10))]


def test_claim_moves_to_sending_counts_attempts_and_keeps_the_first_token(
    store: Store,
) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    claimed = store.outbox.claim(item.id, "token-1", at(1))
    assert claimed is not None
    assert (claimed.state, claimed.attempts, claimed.prepare_token) == (
        OutboxState.SENDING,
        1,
        "token-1",
    )
    assert claimed.updated_at == at(1)
    assert store.outbox.claim(item.id, "token-2", at(1)) is None  # already sending
    store.outbox.finish(claimed, OutboxState.QUEUED, at=at(2), error="timeout", retry_at=at(3))
    again = store.outbox.claim(item.id, "token-2", at(4))
    assert again is not None and again.attempts == 2 and again.prepare_token == "token-1"


def test_finish_with_retry_goes_back_to_queued(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    claimed = store.outbox.claim(item.id, None, at(1))
    assert claimed is not None
    assert store.outbox.finish(claimed, OutboxState.FAILED, at=at(2), error="503", retry_at=at(7))
    back = store.outbox.get(item.id)
    assert back is not None
    assert (back.state, back.send_after, back.error) == (OutboxState.QUEUED, at(7), "503")
    assert store.outbox.due(at(6)) == []
    assert [i.id for i in store.outbox.due(at(7))] == [item.id]


def test_finish_sent_records_the_remote_id_and_is_final(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    claimed = store.outbox.claim(item.id, None, at(1))
    assert claimed is not None
    assert store.outbox.finish(claimed, OutboxState.SENT, at=at(2), remote_id="999")
    done = store.outbox.get(item.id)
    assert done is not None and done.state is OutboxState.SENT and done.remote_id == "999"
    assert store.outbox.finish(claimed, OutboxState.FAILED, at=at(3), error="late") is False
    assert store.outbox.finish(done, OutboxState.FAILED, at=at(3), error="late") is False
    assert store.outbox.due(at(9)) == []


def test_finish_never_moves_a_row_another_process_claimed_since(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    crashed = store.outbox.claim(item.id, None, at(1))
    assert crashed is not None
    # Another process recovers the crashed claim and claims the row again.
    assert store.outbox.finish(crashed, OutboxState.QUEUED, at=at(200), retry_at=at(200))
    taken = store.outbox.claim(item.id, None, at(200))
    assert taken is not None and taken.attempts == 2
    # This process, late, tries to requeue or fail the claim it saw.
    assert store.outbox.finish(crashed, OutboxState.QUEUED, at=at(201), retry_at=at(201)) is False
    assert store.outbox.finish(crashed, OutboxState.FAILED, at=at(201), error="late") is False
    assert store.outbox.get(item.id) == taken


def test_sent_is_recorded_whoever_holds_the_row(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.REPLY, send_after=at(0), text="hi", network="x")
    )
    first = store.outbox.claim(item.id, None, at(1))
    assert first is not None
    assert store.outbox.finish(first, OutboxState.QUEUED, at=at(200), retry_at=at(200))
    assert store.outbox.claim(item.id, None, at(200)) is not None
    # The first sender's answer arrives after all: the post is on the network.
    assert store.outbox.finish(first, OutboxState.SENT, at=at(202), remote_id="999")
    done = store.outbox.get(item.id)
    assert done is not None and (done.state, done.remote_id) == (OutboxState.SENT, "999")


def test_a_handed_over_item_keeps_the_intent_url(store: Store) -> None:
    item = store.outbox.enqueue(
        ActionRequest(ActionKind.LIKE, send_after=at(0), target_post_id="p1", network="x")
    )
    url = "https://x.com/intent/like?tweet_id=p1"
    store.outbox.finish(item, OutboxState.HANDED, at=at(1), intent_url=url, route=Route.INTENT)
    handed = store.outbox.get(item.id)
    assert handed is not None
    assert (handed.state, handed.intent_url, handed.route) == (
        OutboxState.HANDED,
        url,
        Route.INTENT,
    )
    assert store.outbox.items(frozenset({OutboxState.HANDED})) == [handed]
    assert store.outbox.items(frozenset({OutboxState.QUEUED})) == []


def test_sent_deletes_the_draft_unless_edited_after_queueing(store: Store) -> None:
    store.drafts.save(Draft(key="reply:p1", text="v1", updated_at=at(0)))
    store.drafts.save(Draft(key="reply:p2", text="v1", updated_at=at(0)))
    one = store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            send_after=at(1),
            text="v1",
            draft_key="reply:p1",
            at=at(1),
            network="x",
        )
    )
    two = store.outbox.enqueue(
        ActionRequest(
            ActionKind.REPLY,
            send_after=at(1),
            text="v1",
            draft_key="reply:p2",
            at=at(1),
            network="x",
        )
    )
    store.drafts.save(Draft(key="reply:p2", text="v2, typed after", updated_at=at(2)))
    for item in (one, two):
        claimed = store.outbox.claim(item.id, None, at(3))
        assert claimed is not None
        store.outbox.finish(claimed, OutboxState.SENT, at=at(4), remote_id=str(item.id))
    assert store.drafts.get("reply:p1") is None
    kept = store.drafts.get("reply:p2")
    assert kept is not None and kept.text == "v2, typed after"


def test_claim_race_between_two_connections_has_one_winner(db_path: Path) -> None:
    first = Store.open(db_path)
    second = Store.open(db_path)
    items = [
        first.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(0), network="x")).id
        for _ in range(40)
    ]
    wins: dict[str, list[int]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def worker(store: Store, name: str) -> None:
        start.wait()
        for item_id in items:
            if store.outbox.claim(item_id, name, at(1)) is not None:
                wins[name].append(item_id)

    threads = [
        threading.Thread(target=worker, args=(first, "a")),
        threading.Thread(target=worker, args=(second, "b")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins["a"] + wins["b"]) == items
    assert all(i.attempts == 1 for i in first.outbox.items())
    first.close()
    second.close()


CLAIMER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from engage_tui.store import Store

store = Store.open(Path(sys.argv[1]))
now = datetime(2026, 12, 1, tzinfo=UTC)
won = []
for item in store.outbox.due(now):
    if store.outbox.claim(item.id, sys.argv[2], now) is not None:
        won.append(item.id)
print(" ".join(map(str, won)))
store.close()
"""


def test_claim_race_between_two_processes_claims_each_item_once(db_path: Path) -> None:
    with Store.open(db_path) as store:
        items = [
            store.outbox.enqueue(ActionRequest(ActionKind.LIKE, send_after=at(0), network="x")).id
            for _ in range(60)
        ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, str(db_path), name],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b", "c")
    ]
    outputs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    won = [int(x) for out, _ in outputs for x in out.split()]
    assert sorted(won) == items
    with Store.open(db_path) as store:
        assert {i.state for i in store.outbox.items()} == {OutboxState.SENDING}
        assert all(i.attempts == 1 for i in store.outbox.items())
