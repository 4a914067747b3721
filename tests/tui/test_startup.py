"""What start-up leaves for after the first frame still happens."""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from engage_tui.cli.account import deferred_controller, make_controller
from engage_tui.cli.main import build_parser, main, parse
from engage_tui.config import Config
from engage_tui.domain import Notification, NotificationKind
from engage_tui.paths import default_paths
from engage_tui.platforms.base import PullResult
from engage_tui.platforms.network import ResolvedAccount
from engage_tui.platforms.x import tokens
from engage_tui.platforms.x.tokens import StoredCredentials
from engage_tui.state import AppState, SignedInAccount, save_state
from engage_tui.store import Store
from engage_tui.sync.controller import SyncController
from engage_tui.sync.deferred import ControllerFailed, DeferredController
from engage_tui.tui.app import EngageApp
from engage_tui.tui.widgets.composer import Composer
from tests.core.test_layers import loaded_after
from tests.tui.conftest import SIZE, make_app
from tests.tui.helpers import inbox_ready, settle, until
from tests.tui.world import ANA, M1, NOW, OWNER, PEOPLE, POSTS

MANY = 300


def _many_mentions(path: Path) -> Store:
    store = Store.open(path)
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    events = [
        Notification(
            f"n-{i}",
            NotificationKind.MENTION,
            ANA.id,
            NOW - timedelta(minutes=i + 1),
            post_id=M1.id,
            network="x",
        )
        for i in range(MANY)
    ]
    store.sync_state.apply_pull(
        "fixture", PullResult(events=events, people=PEOPLE, posts=POSTS), NOW
    )
    return store


async def test_rows_below_the_first_screen_arrive_without_a_key(tmp_path: Path) -> None:
    store = _many_mentions(tmp_path / "many.db")
    app = make_app(store)
    try:
        async with app.run_test(size=SIZE) as pilot:
            listing = await inbox_ready(pilot)
            await until(pilot, lambda: len(listing.rows) > SIZE[1], "the rows after the first page")
            assert len(listing.rows) < MANY  # still a window, not the whole inbox
            for _ in range(MANY // 100 + 2):  # each G nears the end: the next page follows
                await pilot.press("G")
                await settle(pilot)
            assert len(listing.rows) == MANY
            assert [r.notification.id for r in listing.rows] == [f"n-{i}" for i in range(MANY)]
    finally:
        store.close()


async def test_inbox_title_gets_its_count_after_start(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await inbox_ready(pilot)
        title = app.screen.query_one("#inbox-title", Static)
        await until(pilot, lambda: "·" in str(title.render()), "the inbox count")
        assert str(title.render()).startswith("Inbox · new · ")


async def test_composer_opened_at_once_has_its_rules(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: bool(app.screen.query(Composer)), "the composer")
        composer = app.screen.query_one(Composer)
        await until(pilot, lambda: composer.display, "the composer shown")
        # From Composer.DEFAULT_CSS: `border-top: tall $accent`.
        assert composer.styles.border_top[0] == "tall"


async def test_second_pane_shown_at_once_has_its_rules(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await until(pilot, lambda: bool(app.screen.query("#prospects-left")), "prospects")
        left = app.screen.query_one("#prospects-left")
        # From prospects.tcss: `border-right: vkey $panel`.
        assert left.styles.border_right[0] == "vkey"


async def test_a_resized_terminal_lays_the_inbox_out_again(app: EngageApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        listing = await inbox_ready(pilot)
        await settle(pilot)
        assert listing.size.width == SIZE[0]
        await pilot.resize_terminal(SIZE[0] - 30, SIZE[1] - 10)
        await until(pilot, lambda: listing.size.width == SIZE[0] - 30, "the narrower inbox")
        status = app.screen.query_one("#status-bar")
        assert status.region.bottom <= SIZE[1] - 10


# An X account from the environment whose API answers nothing (a closed port).
X_ACCOUNT_ENV = {
    "ENGAGE_X_CONSUMER_KEY": "key",
    "ENGAGE_X_CONSUMER_SECRET": "secret",
    "ENGAGE_X_ACCESS_TOKEN": "token",
    "ENGAGE_X_ACCESS_TOKEN_SECRET": "token-secret",
    "ENGAGE_X_API_BASE": "http://127.0.0.1:9",
}
# What a network's sync needs and the inbox's first frame does not.
SYNC_ONLY = (
    "tweepy",
    "requests",
    "atproto_client",
    "httpx",
    "mastodon",
    "engage_tui.sync.engine",
    "engage_tui.platforms.x.platform",
)


def _loaded_when_the_app_starts(modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` `engage` (an X account from the environment, no
    state or config file) holds where the app would start to run: what is
    loaded by then is paid for before the first frame."""
    probe = (
        "import sys\n"
        "from engage_tui.tui.app import EngageApp\n"
        "def run(self):\n"
        f"    print(sorted(m for m in {modules!r} if m in sys.modules))\n"
        "EngageApp.run = run\n"
        "from engage_tui.cli.main import main\n"
        "main([])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, **X_ACCOUNT_ENV},
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = ast.literal_eval(result.stdout.strip())
    return loaded


def test_engage_starts_its_app_before_loading_a_network_client_or_the_sync_engine(
    engage_home: Path,
) -> None:
    assert _loaded_when_the_app_starts(SYNC_ONLY) == []


def test_engage_names_its_accounts_without_the_sync_contract_or_a_toml_parser(
    engage_home: Path,
) -> None:
    # The accounts are named from sync/account_info.py; the rest of the
    # controller's contract comes with the engines, after the first frame.
    # With no state.toml or config.toml there is nothing for tomllib to read.
    assert _loaded_when_the_app_starts(("engage_tui.sync.controller", "tomllib")) == []


def test_the_inbox_loads_its_undo_commands_after_its_first_frame() -> None:
    # The inbox's keys answer items (tui/answering.py); the undo commands
    # and the composer's request load with the composer, after the frame.
    undo = ("engage_tui.tui.undo", "engage_tui.tui.compose_request")
    assert loaded_after("import engage_tui.tui.devrun", undo) == []


def test_engage_reads_the_keyring_after_its_first_frame(
    engage_home: Path, test_keyring: None
) -> None:
    # A signed-in account whose tokens the keyring keeps: reading them
    # (keyring's backend discovery, 40-125 ms of CPU here) waits for the
    # engines, after the first frame.
    save_state(default_paths().state_file, AppState(accounts=(WORK,), default="work"))
    tokens.save("work", _x_account().creds)  # type: ignore[arg-type]
    probe = (
        "import sys\n"
        "from engage_tui.tui.app import EngageApp\n"
        "def run(self):\n"
        "    print([a.label for a in self.services.controller.accounts()],"
        " 'keyring' in sys.modules)\n"
        "EngageApp.run = run\n"
        "from engage_tui.cli.main import main\n"
        "main([])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["['X']", "False"]


def test_opening_an_account_nobody_has_is_refused_before_the_app_starts(
    engage_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Naming the accounts moved out of the keyring's way; a name that is
    # nobody's still stops `engage` before the app, with the names there are.
    save_state(default_paths().state_file, AppState(accounts=(WORK,), default="work"))
    monkeypatch.setattr(EngageApp, "run", lambda self: pytest.fail("the app started"))
    with pytest.raises(SystemExit) as stopped:
        main(["--account", "nobody"])
    assert stopped.value.code == 2
    assert "no signed-in account named 'nobody'. Signed in: work" in capsys.readouterr().err


WORK = SignedInAccount("work", OWNER.id, OWNER.handle, network="x")
GONE = SignedInAccount("shop", "777", "shop_owner", network="x")


async def test_an_account_without_tokens_is_said_in_the_banner_while_the_others_open(
    store: Store, test_keyring: None
) -> None:
    controller = deferred_controller(store, [_x_account(), GONE], Config())
    app = EngageApp(Config(), store, controller, clock=lambda: NOW)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: bool(app.notes), "the banner's note")
            assert app.notes == [
                "Not opened: the keyring has no tokens for 'shop' (@shop_owner): "
                "sign in again with `engage auth login`."
            ]
            assert app.return_code is None
    finally:
        controller.stop()


async def test_when_no_account_can_open_the_app_ends_with_the_keyrings_message(
    store: Store, test_keyring: None, capfd: pytest.CaptureFixture[str]
) -> None:
    controller = deferred_controller(store, [GONE], Config())
    app = EngageApp(Config(), store, controller, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None, "the app stopping")
    assert app.return_code == 1
    assert (
        "engage: the keyring has no tokens for 'shop' (@shop_owner): "
        "sign in again with `engage auth login`."
    ) in " ".join(capfd.readouterr().err.split())


def _x_account(user_id: str | None = None) -> ResolvedAccount:
    from engage_tui.credentials import Secret

    creds = StoredCredentials(
        consumer_key=Secret("key"),
        consumer_secret=Secret("secret"),
        access_token=Secret("token"),
        access_token_secret=Secret("token-secret"),
        api_base="http://127.0.0.1:9",
    )
    return ResolvedAccount("env", creds, "pay-per-use", "environment", "x", user_id=user_id)


@pytest.mark.parametrize("user_id", [None, OWNER.id], ids=["owner-from-the-cache", "signed-in-id"])
def test_the_accounts_named_before_the_engines_exist_are_the_ones_the_engines_name(
    store: Store, user_id: str | None
) -> None:
    store.people.upsert([OWNER])
    store.sync_state.meta_set("owner_id:x", OWNER.id)
    accounts = [_x_account(user_id)]
    deferred = deferred_controller(store, accounts, Config())
    before = deferred.accounts(), deferred.network_name
    real = make_controller(store, accounts, Config())
    assert before == (real.accounts(), real.network_name)
    assert before[0][0].handle == OWNER.handle


async def test_an_account_that_cannot_open_ends_the_app_with_its_message(store: Store) -> None:
    def build() -> tuple[SyncController, list[str]]:
        raise ControllerFailed("the keyring has no tokens for 'work': sign in again.", 2)

    controller = DeferredController(build, [])
    app = EngageApp(Config(), store, controller, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code == 2, "the app stopping")
    assert app.return_code == 2


# The words of a command line: the app's own options, their values, commands,
# help and mistakes.
WORDS = st.sampled_from(
    [
        "--demo",
        "--reset",
        "--account",
        "--account=x:@ana",
        "--acc",
        "--de",
        "--re",
        "--ver",
        "--version",
        "-h",
        "--help",
        "--",
        "-",
        "bluesky:ana.bsky.social",
        "sync",
        "config",
        "path",
        "--json",
        "--bogus",
        "",
    ]
)


def _read(parse: Callable[[], argparse.Namespace]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parse())
        except SystemExit as stop:
            result = ("exit", stop.code)
    return result, out.getvalue(), err.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=5))
def test_the_command_line_reads_the_same_without_every_commands_parser(words: list[str]) -> None:
    assert _read(lambda: parse(words)) == _read(lambda: build_parser().parse_args(words))


def test_opening_the_app_builds_no_commands_parser() -> None:
    # build_parser loads export_cmd (for --since): the app's start does not.
    code = "from engage_tui.cli.main import parse\nparse(['--account', 'x:@ana', '--demo'])"
    assert loaded_after(code, ("engage_tui.cli.export_cmd",)) == []


# Each network's client library (and what only it needs).
CLIENT_LIBRARIES = ("tweepy", "requests", "atproto_client", "pydantic", "mastodon", "bs4")


@pytest.mark.parametrize("network", ["x", "bluesky", "mastodon"])
def test_naming_a_keyring_account_loads_no_client_library(network: str, test_keyring: None) -> None:
    # What `engage` does for each signed-in account before the first frame.
    code = (
        "from engage_tui.platforms import registry\n"
        "from engage_tui.state import SignedInAccount\n"
        f"kept = SignedInAccount('work', '42', 'ana', network={network!r})\n"
        "try:\n"
        f"    registry.network({network!r}).connect().from_keyring(kept, 'free')\n"
        "except Exception:\n"
        "    pass  # no tokens kept for it: named as unavailable, all the same\n"
    )
    assert loaded_after(code, CLIENT_LIBRARIES) == []


def test_naming_the_environments_bluesky_account_loads_no_sdk() -> None:
    code = (
        "import os\n"
        "os.environ.update(ENGAGE_BSKY_HANDLE='ana.bsky.social',"
        " ENGAGE_BSKY_SERVICE='http://127.0.0.1:9')\n"
        "from engage_tui.platforms import registry\n"
        "registry.network('bluesky').connect().from_environment('free')"
    )
    assert loaded_after(code, CLIENT_LIBRARIES) == []
