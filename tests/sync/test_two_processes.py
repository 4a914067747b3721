"""`engage sync` from cron beside an open app: two processes, one database file.
Each queued reply is claimed by exactly one of them and posted exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from engage_tui.domain import OutboxState
from engage_tui.store import Store
from tests.sync.conftest import REPO_ROOT, EngineFactory, World
from tests.sync.helpers import item, mentions, queue_reply, replies_to

_CRON = """
import json, sys
from datetime import datetime
from pathlib import Path
from engage_tui.config import Config
from engage_tui.platforms.x.tokens import from_environment
from engage_tui.platforms.x.account import x_credentials
from engage_tui.platforms.x import XPlatform
from engage_tui.store import Store
from engage_tui.sync.engine import SyncEngine

creds = from_environment()
platform = XPlatform(
    x_credentials(creds),
    api_base=creds.api_base,
)
now = datetime.fromisoformat(sys.argv[2])
with Store.open(Path(sys.argv[1])) as store:
    report = SyncEngine(store, platform, config=Config(), clock=lambda: now).run_once()
print(json.dumps(report.to_json()))
"""


def test_cron_sync_beside_a_running_app_posts_each_reply_once(
    world: World, db_path, store: Store, make_engine: EngineFactory
) -> None:
    app = make_engine()
    assert app.run_once().ok
    targets = mentions(store, 6)
    queued = [
        queue_reply(store, world, t, f"Cron or app, one of us sends reply {n}.", delay=0)
        for n, t in enumerate(targets)
    ]
    cron = subprocess.Popen(
        [sys.executable, "-c", _CRON, str(db_path), world.clock().isoformat()],
        env={**os.environ, **world.env, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    app.start(lambda event: None)
    app.wake()
    try:
        out, err = cron.communicate(timeout=120)
        assert cron.returncode == 0, err
        report = json.loads(out)
        deadline = time.monotonic() + 60  # a failsafe, not a timing assertion
        while any(item(store, q.id).state is not OutboxState.SENT for q in queued):
            assert time.monotonic() < deadline, [store.outbox.get(q.id) for q in queued]
            app.wake()
            time.sleep(0.05)
    finally:
        app.stop()
    for n, (target, one) in enumerate(zip(targets, queued, strict=True)):
        posted = replies_to(world, target.id, f"Cron or app, one of us sends reply {n}.")
        assert len(posted) == 1
        assert item(store, one.id).remote_id == posted[0]["id"]
    assert isinstance(report["sent"], list)
