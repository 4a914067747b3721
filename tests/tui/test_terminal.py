"""The app in a real terminal: what happens when the terminal goes away."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

from engage_tui.store import Store
from tests.tui.world import fill

DEADLINE_S = 60.0


def _ignore_sighup() -> None:
    # As when engage runs under a wrapper that never passes the hang-up on.
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def _in_a_terminal(db: Path, **popen: Any) -> tuple[subprocess.Popen[bytes], int]:
    """The app on ``db`` in a 100x30 pseudo-terminal; returns it and the terminal's end."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "engage_tui.tui.devrun", str(db)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        **popen,
    )
    os.close(slave)
    return proc, master


def _wait_for_output(fd: int, marker: bytes) -> None:
    seen = b""
    deadline = time.monotonic() + DEADLINE_S
    while marker not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} on screen"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen = (seen + os.read(fd, 65536))[-100_000:]


def test_the_app_quits_when_its_terminal_is_closed(tmp_path: Path) -> None:
    db = tmp_path / "engage.db"
    with Store.open(db) as store:
        store.sync_state.meta_set("owner_id:x", "1")
    proc, master = _in_a_terminal(db, preexec_fn=_ignore_sighup)
    try:
        _wait_for_output(master, b"Nothing new")
        os.close(master)  # the terminal window closes
        master = -1
        assert proc.wait(timeout=DEADLINE_S) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if master >= 0:
            os.close(master)


def test_words_typed_just_before_the_window_closes_are_saved(tmp_path: Path) -> None:
    db = tmp_path / "engage.db"
    fill(db).close()
    proc, master = _in_a_terminal(db, start_new_session=True)
    try:
        _wait_for_output(master, b"Ana")
        os.write(master, b"r")
        _wait_for_output(master, b"Replying to")
        os.write(master, b"closing now")
        _wait_for_output(master, b"now")
        # At once, inside the 0.3 s save delay: the window is closed.
        proc.send_signal(signal.SIGHUP)
        assert proc.wait(timeout=DEADLINE_S) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    with Store.open(db) as store:
        draft = store.drafts.get("reply:200")
    assert draft is not None and draft.text == "closing now"
