"""engage on an X account and a Bluesky account at once, both local, for
trying the mixed inbox by hand (and for its screenshot).

    .venv/bin/python scripts/two_networks.py            # runs `engage` on both
    .venv/bin/python scripts/two_networks.py --sync     # `engage sync --now` instead

X is the sandbox on 127.0.0.1 (the demo's world); Bluesky is the reference
PDS and AppView from scripts/bluesky (prepared by `make test`, or here on
first use). A Bluesky owner is made with a few people who follow, mention,
reply to and like them, as real people would. engage runs with its own
ENGAGE_HOME in a temporary folder and a file keyring there, so nothing of
yours is touched; everything stops when engage exits.
"""

from __future__ import annotations

import argparse
import os
import secrets
import string
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "bluesky"))
sys.path.insert(0, str(ROOT))

import stack  # noqa: E402  (scripts/bluesky/stack.py)
from atproto import Client, models  # noqa: E402

from engage_tui.sandbox import start_sandbox  # noqa: E402


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Person:
    def __init__(self, pds: str, name: str) -> None:
        suffix = "".join(secrets.choice(string.ascii_lowercase) for _ in range(4))
        self.handle = f"{name}{suffix}.test"
        self.sdk = Client(pds)
        made = self.sdk.com.atproto.server.create_account(
            models.ComAtprotoServerCreateAccount.Data(
                handle=self.handle,
                email=f"{name}{suffix}@example.test",
                password=secrets.token_urlsafe(16),
            )
        )
        self.did = made.did
        session = ":::".join((made.handle, made.did, made.access_jwt, made.refresh_jwt, pds))
        self.sdk.login(session_string=session, fetch_bsky_profile=False)
        self.sdk.com.atproto.repo.put_record(
            models.ComAtprotoRepoPutRecord.Data(
                repo=self.did,
                collection="app.bsky.actor.profile",
                rkey="self",
                record={"$type": "app.bsky.actor.profile", "displayName": name.title()},
            )
        )

    def create(self, collection: str, record: dict[str, Any]) -> dict[str, str]:
        done = self.sdk.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(
                repo=self.did, collection=collection, record={"createdAt": _now(), **record}
            )
        )
        return {"uri": done.uri, "cid": done.cid}

    def post(self, text: str, **more: Any) -> dict[str, str]:
        record = {"$type": "app.bsky.feed.post", "text": text, **more}
        return self.create("app.bsky.feed.post", record)

    def mention(self, owner: Person, text: str) -> dict[str, str]:
        tag = f"@{owner.handle}"
        start = len(f"{text} ".encode())
        facet = {
            "index": {"byteStart": start, "byteEnd": start + len(tag.encode())},
            "features": [{"$type": "app.bsky.richtext.facet#mention", "did": owner.did}],
        }
        return self.post(f"{text} {tag}", facets=[facet])


def _world(pds: str) -> tuple[Person, str]:
    """The owner, with a morning's worth of people engaging with them."""
    owner = Person(pds, "sam")
    app_password = owner.sdk.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="engage")
    ).password
    launch = owner.post("We just opened bookings for the spring pottery course.")
    tip = owner.post("Glaze tip: thin coats, three of them, and patience.")
    ana, ben, cleo, dev = (Person(pds, n) for n in ("ana", "ben", "cleo", "dev"))
    for person in (ana, ben, cleo, dev):
        person.create("app.bsky.graph.follow", {"subject": owner.did})
    ana.create("app.bsky.feed.like", {"subject": launch})
    cleo.create("app.bsky.feed.like", {"subject": launch})
    dev.create("app.bsky.feed.like", {"subject": tip})
    ben.post("Booked! Is there parking near the studio?", reply={"root": launch, "parent": launch})
    cleo.mention(owner, "Best glaze advice I have read this year, thanks")
    dev.create("app.bsky.feed.repost", {"subject": tip})
    return owner, app_password


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sync", action="store_true", help="run `engage sync --now` instead")
    args = parser.parse_args(argv)
    network = stack.Stack(stack.prepare(verbose=True))
    urls = network.start()
    x = start_sandbox(seed=7, port=0, follow_real_time=True)
    try:
        owner, app_password = _world(urls.pds)
        time.sleep(2)  # the AppView indexes what the PDS wrote
        with tempfile.TemporaryDirectory(prefix="engage-two-") as home:
            env = {k: v for k, v in os.environ.items() if not k.startswith("ENGAGE_")}
            env.update(x.env)
            env.update(
                {
                    "ENGAGE_HOME": home,
                    "ENGAGE_BSKY_SERVICE": urls.pds,
                    "ENGAGE_BSKY_HANDLE": owner.handle,
                    "ENGAGE_BSKY_APP_PASSWORD": app_password,
                    "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
                    "XDG_DATA_HOME": str(Path(home) / "keyring"),
                }
            )
            command = ["engage", "sync", "--now"] if args.sync else ["engage"]
            exe = Path(sys.executable).with_name("engage")
            return subprocess.call([str(exe), *command[1:]], env=env)
    finally:
        x.stop()
        network.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
