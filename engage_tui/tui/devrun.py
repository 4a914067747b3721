"""Run the TUI on a store file with no account: `python -m engage_tui.tui.devrun PATH`.

For development and the benchmark (no network, no credentials). The real
entry point is `engage`, which the CLI wires with a sync controller.
"""

from __future__ import annotations

import sys
from pathlib import Path

from engage_tui.tui.collector import held_until_first_frame


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m engage_tui.tui.devrun STORE_PATH", file=sys.stderr)
        return 2
    # As `engage` starts it: the imports below are start-up too.
    with held_until_first_frame():
        from engage_tui.config import Config
        from engage_tui.store import Store
        from engage_tui.tui.app import EngageApp

        # As `engage` opens it: a due full integrity check runs after the first frame.
        store = Store.open(Path(argv[0]), defer_check=True)
        try:
            EngageApp(Config(), store, None).run()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
