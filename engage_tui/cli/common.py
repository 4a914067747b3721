"""Start-up pieces shared by the subcommands: config, paths, store, errors."""

from __future__ import annotations

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
        return paths, load_config(paths.config_file)
    except ConfigError as err:
        fail(str(err), EXIT_CONFIG)


def open_store(paths: Paths, database=None) -> Store:  # type: ignore[no-untyped-def]
    from engage_tui.store import Store, StoreError

    path = database or paths.database
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Store.open(path)
    except StoreError as err:
        fail(str(err), EXIT_CONFIG)
