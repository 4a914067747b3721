"""GoToSocial, a real Mastodon-client-API server, for the tests here: one server
per test session (on its own PostgreSQL cluster, media in a private folder, on
127.0.0.1 on a free port), fresh accounts for every test.

Under pytest-xdist every module that uses the server is marked with one
``xdist_group`` (ON_SERVER; ``make test`` runs ``--dist loadgroup``), so exactly
one worker starts one server and stops it at the end of its session. Tests
that need no server (the text and mapping, the recorded Mastodon answers) run
on any worker.

The server is skipped only when ENGAGE_SKIP_MASTODON=1 says so; if it cannot
be prepared or started otherwise (``../shared/mastodon/`` missing and no
ENGAGE_GOTOSOCIAL), every test that needs it fails with the way to provide it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .gts_support import Accounts, Pool, Server, gotosocial_script


@pytest.fixture(scope="session")
def gotosocial(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pool]:
    if os.environ.get("ENGAGE_SKIP_MASTODON") == "1":
        pytest.skip("ENGAGE_SKIP_MASTODON=1: GoToSocial (the Mastodon test server) was not started")
    script = gotosocial_script()
    try:
        prepared = script.prepare()
    except script.Unavailable as err:
        pytest.fail(str(err), pytrace=False)
    folder = Path(tmp_path_factory.mktemp("gotosocial"))
    folder.chmod(0o700)
    server: Server = script.Server(prepared, folder)
    server.start()
    pool = Pool(server)
    try:
        yield pool
    finally:
        pool.close()
        server.stop()
        made = pool.made_in_s
        # Seen with `pytest -s` (or without xdist): what the harness costs.
        print(
            f"\nGoToSocial: ready in {server.started_in_s:.2f} s; {len(made)} accounts, "
            f"{(sum(made) / len(made)) if made else 0:.2f} s each on average",
            file=sys.stderr,
        )


@pytest.fixture
def accounts(gotosocial: Pool) -> Iterator[Accounts]:
    made = Accounts(gotosocial)
    yield made
    made.close()
