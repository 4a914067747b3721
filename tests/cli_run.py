"""engage's CLI run in the test's own process, answered as a subprocess would
answer: ``run_engage("sync", "--json")`` gives a ``CompletedProcess`` with
the exit status, stdout and stderr of that one command.

A new ``python -m engage_tui.cli.main`` costs about a second of CPU before it
does anything (the atproto SDK builds its ~665 pydantic models, tweepy and
keyring load) and the suite started about 150 of them: in a pytest worker those
imports are paid once. Tests whose subject is the process itself (its exit
through the real entry point, signals, a terminal, a lock held by another
process, the modes a fresh process creates under its umask, what it imports)
still start one.

What a fresh process would have of its own is given to the call and taken
back after it: the environment (all of it, as ``subprocess.run(env=...)``),
stdin, stdout and stderr, the keyring backend (chosen from that environment,
as keyring chooses it at start-up), the log handlers and level engage sets up,
the signal handlers, the working folder and the umask.
"""

from __future__ import annotations

import contextlib
import io
import locale
import logging
import os
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO, cast

from engage_tui.cli.main import main

# What a process started by the tests would see as its argv[0..]: the
# CompletedProcess names the command the same way.
COMMAND = (sys.executable, "-m", "engage_tui.cli.main")
# Answers one line of standard input (with its newline; "" for its end),
# given what was shown on stdout so far.
Answer = Callable[[str], str]
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE)


def run_engage(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: str | Answer = "",
    home: Path | None = None,
    cwd: Path | None = None,
    umask: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """``engage *args`` with ``stdin`` typed in, as ``subprocess.run(...,
    text=True, capture_output=True)`` would report it. ``env`` is the whole
    environment of the call (default: this process's); ``home`` sets
    ENGAGE_HOME on top of it. ``stdin`` may be a function that answers
    each line read as a person at the terminal would: from what engage has
    shown on stdout so far."""
    typed = stdin.encode() if isinstance(stdin, str) else stdin
    done = run_engage_bytes(*args, env=env, stdin=typed, home=home, cwd=cwd, umask=umask)
    return subprocess.CompletedProcess(
        done.args, done.returncode, _as_text(done.stdout), _as_text(done.stderr)
    )


def run_engage_bytes(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: bytes | Answer = b"",
    home: Path | None = None,
    cwd: Path | None = None,
    umask: int | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """As ``run_engage``, with the bytes engage wrote, undecoded."""
    environment = dict(os.environ if env is None else env)
    if home is not None:
        environment["ENGAGE_HOME"] = str(home)
    out, err = io.BytesIO(), io.BytesIO()
    # A pipe's streams as Python opens them: the locale's encoding, strict on
    # stdout and backslashreplace on stderr.
    encoding = locale.getpreferredencoding(False)
    typed = (
        io.TextIOWrapper(io.BytesIO(stdin), encoding=encoding)
        if isinstance(stdin, bytes)
        else cast(TextIO, _Answering(stdin, out, encoding))
    )
    streams = (
        typed,
        io.TextIOWrapper(out, encoding=encoding, write_through=True),
        io.TextIOWrapper(err, encoding=encoding, errors="backslashreplace", write_through=True),
    )
    with _own_process_state(environment, streams, cwd, umask):
        status = _exit_status(list(args), streams[2])
        for stream in streams[1:]:
            stream.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return subprocess.CompletedProcess([*COMMAND, *args], status, stdout, stderr)


class _Answering:
    """Standard input whose every line is answered when it is read (all
    that ``input()`` asks of it)."""

    def __init__(self, answer: Answer, shown: io.BytesIO, encoding: str) -> None:
        self.answer, self.shown, self.encoding = answer, shown, encoding

    def readline(self, size: int = -1) -> str:
        return self.answer(self.shown.getvalue().decode(self.encoding, "replace"))

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def _exit_status(argv: list[str], stderr: io.TextIOWrapper) -> int:
    """What the interpreter makes of ``raise SystemExit(main())``."""
    try:
        code: object = main(argv)
    except SystemExit as stopped:
        code = stopped.code
    except BaseException:  # the interpreter prints any other escape and exits 1
        traceback.print_exc(file=stderr)
        return 1
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1


def _as_text(raw: bytes) -> str:
    # subprocess's text mode: the locale's encoding, universal newlines.
    return io.TextIOWrapper(io.BytesIO(raw), encoding=locale.getpreferredencoding(False)).read()


@contextlib.contextmanager
def _own_process_state(
    environment: dict[str, str],
    streams: tuple[TextIO, TextIO, TextIO],
    cwd: Path | None,
    umask: int | None,
) -> Iterator[None]:
    import keyring
    import keyring.core

    saved_environ = dict(os.environ)
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_raise = logging.raiseExceptions
    saved_keyring = keyring.get_keyring()
    on_main_thread = threading.current_thread() is threading.main_thread()
    saved_signals: dict[int, Any] = (
        {s: signal.getsignal(s) for s in _SIGNALS} if on_main_thread else {}
    )
    saved_cwd = Path.cwd()
    saved_umask = None if umask is None else os.umask(umask)
    try:
        os.environ.clear()
        os.environ.update(environment)
        if cwd is not None:
            os.chdir(cwd)
        # keyring picks its backend once, when a process first asks: from
        # PYTHON_KEYRING_BACKEND, its config file, or the best one installed.
        keyring.core.init_backend()
        # As a new interpreter starts: a test that ran main() before may have
        # left engage's setting (False), which would hide its absence here.
        logging.raiseExceptions = True
        sys.stdin, sys.stdout, sys.stderr = streams
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_environ)
        os.chdir(saved_cwd)
        if saved_umask is not None:
            os.umask(saved_umask)
        keyring.set_keyring(saved_keyring)
        for handler in root.handlers[:]:
            if handler not in saved_handlers:
                root.removeHandler(handler)
                # As logging.shutdown does at a process's exit: a log that
                # cannot be flushed (a full disk) is not the command's failure.
                with contextlib.suppress(OSError, ValueError):
                    handler.flush()
                with contextlib.suppress(OSError, ValueError):
                    handler.close()  # closes the file even when its flush fails
        root.setLevel(saved_level)
        logging.raiseExceptions = saved_raise
        for signum, handler in saved_signals.items():
            if handler is not None:
                signal.signal(signum, handler)
