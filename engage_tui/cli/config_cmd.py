"""`engage config path|show`."""

from __future__ import annotations

import argparse

import tomli_w

from engage_tui.cli.common import check_tui_config, load, say


def run_config(args: argparse.Namespace) -> int:
    paths, config = load()
    if args.config_command == "path":
        exists = "" if paths.config_file.exists() else " (not created yet: defaults apply)"
        if exists:
            say(f"# no file yet{exists}")
        say(str(paths.config_file))
        return 0
    check_tui_config(paths, config)
    say(f"# effective settings (from {paths.config_file} and defaults)")
    say(tomli_w.dumps(config.as_toml()).rstrip("\n"))
    database = paths.demo_dir / "engage.db" if getattr(args, "demo", False) else paths.database
    say(f"# database: {database}")
    return 0
