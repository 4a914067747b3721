"""What the inbox's first frame loads, and what it leaves for later.

Each module imported before the first frame is start-up time (issue #22:
start to the first frame within 1.25x of a minimal Textual app). These run
the real command in a pseudo-terminal on Textual's own driver, stopped at
its first frame (tests/tui/first_frame_driver.py), and read which modules
were loaded by then.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

from engage_tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
# The inbox's mark of a new item: its rows are on screen.
ROWS_SHOWN = "●"
# An X account from the environment whose API answers nothing (a closed port).
X_ACCOUNT_ENV = {
    "ENGAGE_X_CONSUMER_KEY": "key",
    "ENGAGE_X_CONSUMER_SECRET": "secret",
    "ENGAGE_X_ACCESS_TOKEN": "token",
    "ENGAGE_X_ACCESS_TOKEN_SECRET": "token-secret",
    "ENGAGE_X_API_BASE": "http://127.0.0.1:9",
}
# Built on first use, after the first frame: the store's other aggregates,
# the domain classes only they need (domain/models.py names every class), a
# search's hits, a group's thank, the rules that read a config file
# (there is none here), and the bindings as the palette and help list them.
LATER = (
    "engage_tui.store.aggregates.drafts",
    "engage_tui.store.aggregates.outbox",
    "engage_tui.store.aggregates.prospects",
    "engage_tui.store.aggregates.subscriptions",
    "engage_tui.store.aggregates.suggestions",
    "engage_tui.store.aggregates.today",
    "engage_tui.store.aggregates.usage",
    "engage_tui.domain.models",
    "engage_tui.domain.outbox",
    "engage_tui.domain.prospects",
    "engage_tui.domain.profile",
    "engage_tui.store.search",
    "engage_tui.tui.thank_round",
    "engage_tui.config.rules",
    "engage_tui.tui.live_bindings",
)


def modules_at_first_frame(
    argv: list[str], env: dict[str, str], tmp_path: Path, driver: str = "ModulesAtFirstFrame"
) -> set[str]:
    """The modules ``argv`` holds when it writes its first frame with rows
    (or what another driver of tests/tui/first_frame_driver.py writes then)."""
    listing = tmp_path / "modules.txt"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    full_env = {
        **os.environ,
        **env,
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
        "TEXTUAL_DRIVER": f"tests.tui.first_frame_driver:{driver}",
        "ENGAGE_TEST_FIRST_FRAME": ROWS_SHOWN,
        "ENGAGE_TEST_MODULES_FILE": str(listing),
    }
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while proc.poll() is None:
            try:
                seen = (seen + os.read(master, 1 << 16))[-20_000:]
            except OSError:
                break
        proc.wait()
    finally:
        os.close(master)
    assert proc.returncode == 0 and listing.exists(), seen.decode(errors="replace")
    return set(listing.read_text(encoding="utf-8").split())


def engage_at_first_frame(
    store: Store, engage_home: Path, tmp_path: Path, driver: str = "ModulesAtFirstFrame"
) -> set[str]:
    """`engage` itself, signed in to X from the environment, on ``store``'s
    rows (moved to its ENGAGE_HOME): the modules loaded at its first frame."""
    data = engage_home / "data"
    data.mkdir(parents=True)
    store.close()
    os.replace(store.path, data / "engage.db")
    engage = str(Path(sys.executable).parent / "engage")
    return modules_at_first_frame([engage], X_ACCOUNT_ENV, tmp_path, driver)


def test_the_tui_draws_its_first_inbox_frame_before_loading_what_only_later_panes_use(
    store: Store, tmp_path: Path
) -> None:
    loaded = modules_at_first_frame(
        [sys.executable, "-m", "engage_tui.tui.devrun", str(store.path)], {}, tmp_path
    )
    assert "engage_tui.tui.screens.inbox" in loaded  # the frame is the inbox's
    assert sorted(loaded.intersection(LATER)) == []


def test_the_tui_alone_draws_its_first_frame_without_the_networks_descriptors(
    store: Store, tmp_path: Path
) -> None:
    # The config's rules named each network's settings; the TUI alone (no
    # account) reads no network's descriptor before its first frame.
    loaded = modules_at_first_frame(
        [sys.executable, "-m", "engage_tui.tui.devrun", str(store.path)], {}, tmp_path
    )
    assert sorted(m for m in loaded if m.startswith("engage_tui.platforms")) == []


def test_engage_draws_its_first_inbox_frame_before_loading_what_only_later_panes_use(
    store: Store, engage_home: Path, tmp_path: Path
) -> None:
    loaded = engage_at_first_frame(store, engage_home, tmp_path)
    assert "engage_tui.tui.screens.inbox" in loaded
    assert sorted(loaded.intersection(LATER)) == []


def test_the_tui_alone_loads_engages_folder_layout_only_to_keep_a_picked_theme(
    store: Store, tmp_path: Path
) -> None:
    # paths.py writes theme.toml when a theme is picked; reading it needs no layout.
    loaded = modules_at_first_frame(
        [sys.executable, "-m", "engage_tui.tui.devrun", str(store.path)], {}, tmp_path
    )
    assert "engage_tui.tui.chosen_theme" in loaded
    assert "engage_tui.paths" not in loaded


def test_engage_names_its_environments_account_without_the_keyrings_format_or_sign_in(
    store: Store, engage_home: Path, tmp_path: Path
) -> None:
    # Naming X's account from the environment loads its connector: the
    # keyring entry's JSON, the platform's credentials and what a sign-in
    # hands back load with what uses them, after the first frame.
    loaded = engage_at_first_frame(store, engage_home, tmp_path)
    assert "engage_tui.platforms.x.account" in loaded  # the account was named
    later = ("json", "engage_tui.platforms.x.credentials", "engage_tui.platforms.signed_in")
    assert sorted(loaded.intersection(later)) == []


def test_engage_alone_reads_its_command_line_without_argparse(
    store: Store, engage_home: Path, tmp_path: Path
) -> None:
    # `engage` with no words opens the app: no parser is built, and the
    # command line's parsers (cli/parser.py) and argparse load only for words.
    loaded = engage_at_first_frame(store, engage_home, tmp_path)
    assert "engage_tui.cli.main" in loaded
    assert sorted(loaded.intersection(("argparse", "engage_tui.cli.parser"))) == []
