"""Private things stay private: engage's folders are 0700 and its files 0600
whatever the umask, and no signature or nonce reaches engage.log, at any level."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests

from engage_tui.cli.common import open_store, setup_logging
from engage_tui.paths import default_paths
from engage_tui.state import AppState, SignedInAccount, save_state
from tests.cli_run import run_engage
from tests.platforms.conftest import Sandbox, sandbox  # noqa: F401 - the fixture


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def engage(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """A fresh process under umask 022, as a new install starts."""
    return subprocess.run(
        [sys.executable, "-m", "engage_tui.cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ENGAGE_HOME": str(home)},
        check=False,
        preexec_fn=lambda: os.umask(0o022),
    )


def test_a_fresh_install_under_umask_022_is_private(engage_home: Path) -> None:
    done = engage("prospects", "add", "ana", "--notes", "private words", home=engage_home)
    assert done.returncode == 0, done.stderr
    paths = default_paths({"ENGAGE_HOME": str(engage_home)})
    assert mode(paths.data_dir) == 0o700
    assert mode(paths.database) == 0o600
    assert mode(paths.log_file) == 0o600


def test_the_databases_wal_and_shm_files_are_private_while_it_is_open(
    engage_home: Path, umask_022: None
) -> None:
    paths = default_paths()
    setup_logging(paths)
    store = open_store(paths)
    try:
        store.prospects.set_notes("11", "private words")
        wal = paths.database.with_name("engage.db-wal")
        shm = paths.database.with_name("engage.db-shm")
        assert wal.exists() and shm.exists()
        assert (mode(paths.database), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        store.close()


def test_state_toml_is_private(engage_home: Path, umask_022: None) -> None:
    path = default_paths().state_file
    save_state(path, AppState(accounts=(SignedInAccount("me", "1", "me"),), default="me"))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_files_an_older_engage_left_readable_are_tightened(engage_home: Path) -> None:
    paths = default_paths({"ENGAGE_HOME": str(engage_home)})
    paths.data_dir.mkdir(parents=True, mode=0o755)
    paths.config_dir.mkdir(parents=True, mode=0o755)
    for made in (paths.log_file, paths.database):
        made.touch()
        made.chmod(0o644)
    paths.data_dir.chmod(0o755)
    done = run_engage("prospects", "list", home=engage_home, umask=0o022)
    assert done.returncode == 0, done.stderr
    assert mode(paths.data_dir) == 0o700 and mode(paths.config_dir) == 0o700
    assert mode(paths.database) == 0o600 and mode(paths.log_file) == 0o600


def test_a_database_made_read_only_stays_read_only(engage_home: Path) -> None:
    run_engage("prospects", "add", "ana", home=engage_home, umask=0o022)
    database = default_paths({"ENGAGE_HOME": str(engage_home)}).database
    database.chmod(0o444)
    run_engage("prospects", "list", home=engage_home, umask=0o022)
    assert mode(database) == 0o400  # group and others lose read; nobody gains write


# --- signatures and nonces ------------------------------------------------------------------
def test_no_signature_or_nonce_reaches_the_log_at_debug(
    sandbox: Sandbox,  # noqa: F811 - the fixture imported above
    engage_home: Path,
) -> None:
    paths = default_paths()
    setup_logging(paths, "DEBUG")
    x = sandbox.platform()
    sent: list[str] = []

    def keep_header(response: requests.Response, *_args: object, **_kwargs: object) -> None:
        sent.append(str(response.request.headers["Authorization"]))

    x.client.session.hooks["response"].append(keep_header)
    x.whoami()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = paths.log_file.read_text("utf-8")
    assert "Signature:" in logged and "oauth_nonce" in logged, "oauthlib should log at DEBUG"
    assert sent, "the request should have been signed"
    params = dict(part.strip().split("=", 1) for part in sent[0].removeprefix("OAuth ").split(","))
    nonce = unquote(params["oauth_nonce"].strip('"'))
    signature = unquote(params["oauth_signature"].strip('"'))
    for secret in (nonce, signature, params["oauth_signature"].strip('"')):
        assert secret not in logged
    for secret in sandbox.credentials().secrets():
        assert secret not in logged
