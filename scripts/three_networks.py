"""engage on an X account, a Bluesky account and a Mastodon account at once,
all local, for trying the three-network inbox by hand.

    .venv/bin/python scripts/three_networks.py            # runs `engage` on all three
    .venv/bin/python scripts/three_networks.py --sync     # `engage sync --now` instead

X is the sandbox on 127.0.0.1 (the demo's world); Bluesky is the reference
PDS and AppView from scripts/bluesky (as in scripts/two_networks.py);
Mastodon is GoToSocial from scripts/mastodon (a real Mastodon-API server,
prepared by `make test`, or here on first use). On Bluesky and on Mastodon an
owner is made with a few people who follow, mention, reply to and like them,
as real people would; on Mastodon one mention is followers-only with a
content warning, so a reply to it shows the visibility rule.

engage runs with its own ENGAGE_HOME in a temporary folder and a file keyring
there, so nothing of yours is touched; the accounts come from the ENGAGE_*
variables, as a headless user sets them. Everything stops when engage exits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "mastodon"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import gotosocial  # noqa: E402  (scripts/mastodon/gotosocial.py)
import two_networks  # noqa: E402  (scripts/two_networks.py: the X and Bluesky worlds)
from mastodon import Mastodon  # noqa: E402

from engage_tui.sandbox import start_sandbox  # noqa: E402

# The admin command takes seconds per account: two at a time, as the tests do.
MAKING_AT_ONCE = 2


def _sdk(server: gotosocial.Server, made: gotosocial.Token) -> Mastodon:
    return Mastodon(
        access_token=made.access_token,
        api_base_url=server.url,
        version_check_mode="none",
        ratelimit_method="throw",
    )


def _set_name(sdk: Mastodon, name: str) -> None:
    sdk.account_update_credentials(display_name=name)


def mastodon_world(server: gotosocial.Server) -> str:
    """The owner's token, after a morning's worth of people engaging with them."""
    names = ("sam", "ana", "ben", "cleo")
    with ThreadPoolExecutor(max_workers=MAKING_AT_ONCE) as pool:
        made = list(pool.map(lambda _: server.create_account(), names))
    sam, ana, ben, cleo = (_sdk(server, m) for m in made)
    for sdk, name in zip((sam, ana, ben, cleo), names, strict=True):
        _set_name(sdk, name.title())
    me = sam.account_verify_credentials()
    handle = f"{me['acct']}@{server.url.split('://', 1)[1]}"
    launch = sam.status_post("Spring pottery course: bookings open today.")
    tip = sam.status_post("Kiln tip: let it cool overnight, never open it hot.")
    for person in (ana, ben, cleo):
        person.account_follow(me["id"])
    ana.status_favourite(launch["id"])
    cleo.status_favourite(tip["id"])
    ben.status_reblog(tip["id"])
    ben.status_post(
        f"@{handle} Booked! Are tools provided?", in_reply_to_id=launch["id"], visibility="public"
    )
    cleo.status_post(
        f"@{handle} between us: my first bowl cracked in the kiln",
        visibility="private",
        spoiler_text="kiln mishap",
    )
    ana.status_post(f"@{handle} your glaze notes saved my weekend, thank you")
    return str(made[0].access_token)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sync", action="store_true", help="run `engage sync --now` instead")
    args = parser.parse_args(argv)
    bluesky = two_networks.stack.Stack(two_networks.stack.prepare(verbose=True))
    urls = bluesky.start()
    x = start_sandbox(seed=7, port=0, follow_real_time=True)
    with tempfile.TemporaryDirectory(prefix="engage-three-") as home:
        gts_folder = Path(home) / "gotosocial"
        gts_folder.mkdir(mode=0o700)
        server = gotosocial.Server(gotosocial.prepare(), gts_folder)
        try:
            print("GoToSocial:", server.start(), flush=True)
            token = mastodon_world(server)
            owner, app_password = two_networks._world(urls.pds)
            time.sleep(2)  # the AppView indexes what the PDS wrote
            env: dict[str, Any] = {
                k: v for k, v in os.environ.items() if not k.startswith("ENGAGE_")
            }
            env.update(x.env)
            env.update(
                {
                    "ENGAGE_HOME": str(Path(home) / "engage"),
                    "ENGAGE_BSKY_SERVICE": urls.pds,
                    "ENGAGE_BSKY_HANDLE": owner.handle,
                    "ENGAGE_BSKY_APP_PASSWORD": app_password,
                    "ENGAGE_MASTODON_SERVER": server.url,
                    "ENGAGE_MASTODON_TOKEN": token,
                    "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
                    "XDG_DATA_HOME": str(Path(home) / "keyring"),
                }
            )
            command = ["sync", "--now"] if args.sync else []
            exe = Path(sys.executable).with_name("engage")
            return subprocess.call([str(exe), *command], env=env)
        finally:
            server.stop()
            x.stop()
            bluesky.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
