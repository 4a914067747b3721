"""Start-up pieces shared by the subcommands: config, paths, store, errors."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from engage_tui.config import Config, ConfigError, load_config
from engage_tui.paths import Paths, default_paths

if TYPE_CHECKING:
    from engage_tui.store import Store

EXIT_CONFIG = 2
EXIT_FAILURE = 1


def fail(message: str, status: int = EXIT_FAILURE) -> NoReturn:
    print(f"engage: {message}", file=sys.stderr)
    raise SystemExit(status)


def load() -> tuple[Paths, Config]:
    paths = default_paths()
    try:
        config = load_config(paths.config_file)
    except ConfigError as err:
        fail(str(err), EXIT_CONFIG)
    setup_logging(paths)
    return paths, config


def setup_logging(paths: Paths) -> None:
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
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(paths.log_file, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # an unwritable data dir must not stop the app
    handler.engage = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(os.environ.get("ENGAGE_LOG_LEVEL", "INFO").upper())


def open_store(paths: Paths, database=None, *, for_app: bool = False) -> Store:  # type: ignore[no-untyped-def]
    """Open the database, or stop with its plain message. ``for_app`` leaves a
    due full integrity check to the app, which runs it after its first frame."""
    from engage_tui.store import Store, StoreError

    path = database or paths.database
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Store.open(path, defer_check=for_app)
    except StoreError as err:
        fail(str(err), EXIT_CONFIG)
