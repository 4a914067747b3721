"""Start-up pieces shared by the subcommands: config, paths, store, errors."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, NoReturn, TextIO

from engage_tui.config import Config, ConfigError, load_config
from engage_tui.paths import Paths, create_private_file, default_paths, ensure_dir, make_private
from engage_tui.text.safe import clean_text

if TYPE_CHECKING:
    from engage_tui.store import Store

EXIT_CONFIG = 2
EXIT_FAILURE = 1


def say(text: str, *, file: TextIO | None = None) -> None:
    """Print a line to the terminal. Every CLI message goes through here, so
    a handle, note or server answer inside it is shown as text and never run
    by the terminal (see ``clean_text``)."""
    print(clean_text(text), file=file or sys.stdout)


def fail(message: str, status: int = EXIT_FAILURE) -> NoReturn:
    say(f"engage: {message}", file=sys.stderr)
    raise SystemExit(status)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def load() -> tuple[Paths, Config]:
    paths = default_paths()
    try:
        config = load_config(paths.config_file)
    except ConfigError as err:
        fail(str(err), EXIT_CONFIG)
    level = log_level()
    check_data_dir(paths)
    setup_logging(paths, level)
    return paths, config


def check_tui_config(paths: Paths, config: Config) -> None:
    """Stop (exit 2) on a theme or [keymap] entry the app cannot use."""
    from engage_tui.cli.tui_config import check_tui_settings

    try:
        check_tui_settings(paths.config_file, config)
    except ConfigError as err:
        fail(str(err), EXIT_CONFIG)


def log_level() -> str:
    """``ENGAGE_LOG_LEVEL``, checked: a typo there is a usage error, not a crash."""
    level = os.environ.get("ENGAGE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        shown = os.environ.get("ENGAGE_LOG_LEVEL", "")
        fail(
            f"ENGAGE_LOG_LEVEL={shown!r} is not a log level: use one of {', '.join(LOG_LEVELS)}.",
            EXIT_CONFIG,
        )
    return level


def check_data_dir(paths: Paths) -> None:
    """Make the data folder (private), or stop with what is in the way."""
    data = paths.data_dir
    if data.exists() and not data.is_dir():
        fail(
            f"{data} should be engage's data folder, but it is a file. Move the file "
            "aside (or set ENGAGE_HOME to another folder) and start again.",
            EXIT_CONFIG,
        )
    try:
        ensure_dir(data)
    except OSError as err:
        fail(f"cannot create the data folder {data}: {err.strerror}.", EXIT_CONFIG)
    if paths.config_dir.is_dir():
        make_private(paths.config_dir)


def setup_logging(paths: Paths, level: str = "INFO") -> None:
    """Log to engage.log in the data dir, never to the terminal: a stray line
    on stderr would tear through the app's screen, and users should see plain
    messages, not tracebacks. ``ENGAGE_LOG_LEVEL=DEBUG`` for more detail."""
    # The log is best effort: a full disk or a vanished log file must not
    # print logging's own traceback on the terminal (or through the app).
    logging.raiseExceptions = False
    root = logging.getLogger()
    if any(getattr(h, "engage", False) for h in root.handlers):
        return
    try:
        ensure_dir(paths.data_dir)
        create_private_file(paths.log_file)
        handler: logging.Handler = logging.FileHandler(paths.log_file, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # an unwritable data dir must not stop the app
    handler.engage = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


def open_store(paths: Paths, database=None, *, for_app: bool = False) -> Store:
    """Open the database, or stop with its plain message. ``for_app`` leaves a
    due full integrity check to the app, which runs it after its first frame."""
    from engage_tui.store import DatabaseBusy, DiskFull, ReadOnlyDatabase, Store, StoreError

    path = database or paths.database
    if path.parent.exists() and not path.parent.is_dir():
        fail(f"{path.parent} should be a folder, but it is a file. Move it aside.", EXIT_CONFIG)
    if path.is_dir():
        fail(
            f"{path} should be engage's database file, but it is a folder. Move the "
            "folder aside and start again: engage creates a new database.",
            EXIT_CONFIG,
        )
    try:
        ensure_dir(path.parent)
    except OSError as err:
        fail(f"cannot create the folder {path.parent}: {err.strerror}.", EXIT_CONFIG)
    try:
        return Store.open(path, defer_check=for_app)
    except (DiskFull, DatabaseBusy, ReadOnlyDatabase) as err:
        # What a write could meet at any time, said as sync says it (exit 1);
        # exit 2 stays for a file engage cannot use at all (damaged, newer).
        fail(str(err), EXIT_FAILURE)
    except StoreError as err:
        fail(str(err), EXIT_CONFIG)
