"""Drafts survive a SIGKILL; two processes write one file at once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from engage_tui.domain import ActionKind
from engage_tui.store import Store

REPO = Path(__file__).resolve().parents[2]

DRAFT_WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from engage_tui.domain import Draft
from engage_tui.store import Store

store = Store.open(Path(sys.argv[1]))
i = 0
while True:
    key = f"post:{i}"
    store.drafts.save(Draft(key=key, text=f"words {i} " * 20, updated_at=datetime.now(UTC)))
    print(key, flush=True)
    i += 1
"""


def test_every_draft_reported_saved_survives_sigkill(db_path: Path) -> None:
    Store.open(db_path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", DRAFT_WRITER, str(db_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported = []
    for line in child.stdout:  # kill it mid-stream, after a good number of saves
        reported.append(line.strip())
        if len(reported) == 300:
            break
    child.send_signal(signal.SIGKILL)
    reported += [line.strip() for line in child.stdout if line.strip()]
    child.wait()
    assert child.returncode == -signal.SIGKILL
    with Store.open(db_path) as store:
        saved = {d.key for d in store.drafts.all()}
        assert set(reported) <= saved
        assert store.drafts.get(reported[-1]) is not None
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from engage_tui.domain import (
    ActionKind, Draft, Notification, NotificationKind, Person, TriageState,
)
from engage_tui.platforms.base import PullResult
from engage_tui.store import Store
from engage_tui.domain import ActionRequest

path, name, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store.open(path)
t0 = datetime(2026, 11, 20, tzinfo=UTC)
for i in range(rounds):
    when = t0 + timedelta(seconds=i)
    events = [
        Notification(id=f"{name}:{i}:{j}", kind=NotificationKind.LIKE, actor_id=f"{name}{j}",
                     created_at=when, subject_id=f"own{j % 3}", network="x")
        for j in range(20)
    ]
    people = [Person(id=f"{name}{j}", handle=f"{name}_{j}", name=name, network="x")
              for j in range(20)]
    store.sync_state.apply_pull(name, PullResult(events=events, people=people,
                                      cursors={f"{name}.cursor": str(i)}), when)
    store.drafts.save(Draft(key=f"{name}:{i}", text="x", updated_at=when))
    store.outbox.enqueue(ActionRequest(ActionKind.LIKE, network="x", send_after=when,
                                       target_post_id=f"{name}{i}"))
    store.inbox.set_triage([f"{name}:{i}:0"], TriageState.DONE, when)
    store.inbox.window(limit=20)
print("ok")
"""


def test_two_processes_writing_at_once_neither_fails_nor_corrupts(db_path: Path) -> None:
    Store.open(db_path).close()
    rounds = 60
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), name, str(rounds)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("app", "cron")
    ]
    results = [p.communicate() for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    with Store.open(db_path) as store:
        assert store.inbox.count(include_done=True) == 2 * rounds * 20
        assert store.inbox.count() == 2 * rounds * 19
        assert len(store.drafts.all()) == 2 * rounds
        assert len(store.outbox.items()) == 2 * rounds
        assert store.sync_state.cursor("app.cursor") == str(rounds - 1)
        assert all(i.kind is ActionKind.LIKE for i in store.outbox.items())
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
