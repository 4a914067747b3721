"""engage's entry point: reading the command line and dispatching it. Kept
light: `engage --help` must not import Textual, tweepy or keyring (each
subcommand imports what it needs), and `engage` alone builds no parser
(every parser and its help are in ``cli/parser.py``)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

EXIT_USAGE = 2


def parse(args_list: list[str]) -> argparse.Namespace:
    """The command line, as ``build_parser`` reads it. `engage` alone (how
    the app is opened) builds no parser and loads no argparse (about 10M
    instructions before the first frame); anything else goes to
    ``cli/parser.py``, which reads the app's options without building every
    command's parser, and answers or explains the rest."""
    if not args_list:
        from types import SimpleNamespace

        # What argparse makes of no words at all (a test checks they agree).
        alone: Any = SimpleNamespace(demo=False, reset=False, account=None, command=None)
        return alone
    from engage_tui.cli import parser

    return parser.parse(args_list)


def build_parser() -> argparse.ArgumentParser:
    """Every command's parser (``cli/parser.py``)."""
    from engage_tui.cli import parser

    return parser.build_parser()


EXIT_UNEXPECTED = 1
EXIT_INTERRUPTED = 130
# 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """engage's one entry point, and its one error boundary: whatever a
    command did not expect ends in a plain message and a non-zero status,
    with the traceback in engage.log, never on the terminal."""
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_gone()
    except Exception as err:  # the boundary: every expected failure has its own message
        return _unexpected(err)


def _run(args_list: list[str]) -> int:
    # The sandbox parses its own flags (it imports nothing of ours).
    if args_list[:1] == ["sandbox"]:
        from engage_tui.sandbox.cli import main as sandbox_main

        return sandbox_main(args_list[1:])
    return _dispatch(parse(args_list))


def _reader_gone() -> int:
    """The reader of our output went away (`engage auth status | head`): stop
    quietly, as a Unix tool does on SIGPIPE, without a word on stderr. What
    is still buffered for the closed pipe is dropped, so Python's own flush
    at exit does not fail again."""
    import os

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_BROKEN_PIPE


def _unexpected(err: Exception) -> int:
    import errno
    import logging

    from engage_tui.cli.common import say, setup_logging
    from engage_tui.paths import default_paths

    log_file = None
    try:
        paths = default_paths()
        setup_logging(paths)
        logging.getLogger("engage").error("unexpected error", exc_info=err)
        if paths.log_file.is_file():
            log_file = paths.log_file
    except Exception:
        pass  # a log that cannot be written must not hide the message below
    if isinstance(err, OSError) and err.errno == errno.ENOSPC:
        what = "the disk is full. Free some space and run the command again."
    elif isinstance(err, PermissionError):
        where = f" {err.filename}" if err.filename else ""
        what = (
            f"permission denied{where}. Check who owns engage's files "
            "(see docs/troubleshooting.md)."
        )
    elif isinstance(err, OSError):
        where = f" ({err.filename})" if err.filename else ""
        what = f"{err.strerror or err}{where}."
    else:
        what = f"something went wrong that engage did not expect ({type(err).__name__}: {err})."
    details = f" The details are in {log_file}." if log_file else ""
    say(f"engage: {what}{details}", file=sys.stderr)
    return EXIT_UNEXPECTED


def _dispatch(args: argparse.Namespace) -> int:
    if args.demo and args.command == "auth":
        from engage_tui.cli.common import fail

        fail(
            "the demo world needs no sign-in: `engage --demo` opens it as its owner. "
            "Run `engage auth ...` without --demo to sign in to X.",
            EXIT_USAGE,
        )
    if args.reset and not (args.demo and args.command in (None, "sync")):
        from engage_tui.cli.common import fail

        fail("--reset goes with --demo (it starts the demo world afresh).", EXIT_USAGE)
    if args.command == "config":
        from engage_tui.cli.config_cmd import run_config

        return run_config(args)
    if args.command == "auth":
        from engage_tui.cli.auth_cmd import run_auth

        return run_auth(args)
    if args.command == "prospects":
        from engage_tui.cli.prospects_cmd import run_prospects

        return run_prospects(args)
    if args.command == "people":
        from engage_tui.cli.people_cmd import run_people

        return run_people(args)
    if args.command == "export":
        from engage_tui.cli.export_cmd import run_export

        return run_export(args)
    if args.command == "import":
        from engage_tui.cli.export_cmd import run_import

        return run_import(args)
    if args.command == "sync":
        from engage_tui.cli.sync_cmd import run_sync

        return run_sync(args)
    from engage_tui.tui.collector import held_until_first_frame

    with held_until_first_frame():
        from engage_tui.cli.app_cmd import run_app

        return run_app(args)


if __name__ == "__main__":
    raise SystemExit(main())
