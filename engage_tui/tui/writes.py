"""The TUI's local writes: one ordered queue, written by one thread.

The keyboard never waits on the database. A key shows its change at once and
hands the write here; a thread of its own writes it, in the order the keys
were pressed. While another process (a cron ``engage sync``) holds SQLite's
write lock, the thread waits a short moment, lets go and tries again, so a
write that cannot land yet holds up only the writes behind it, never a key.

A write that fails is never dropped for a reason the user can fix: a
read-only file, a -wal owned by root, a full disk. It stays at the head of
the queue and is tried again, more slowly each time, until it lands; the
user is told once what is wrong and what to do, and once when it is saved.
Words that cannot be saved (a draft, notes) are also written at once to a
plain file the user can open, so a crash or a closed terminal cannot take
them either.

Every report goes through one callback (the app turns it into a notice).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from engage_tui.store.errors import StoreError, Trouble, classify, store_error

if TYPE_CHECKING:
    from engage_tui.store import Store

# How long one attempt waits for another process's write lock. Short: the
# queue tries again itself, and a stop request is seen between attempts.
WRITE_BUSY_TIMEOUT_MS = 100
# Waits between attempts after a failure that is not a held lock.
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 5.0)
# A lock held longer than this is worth a word to the user.
BUSY_NOTICE_AFTER_S = 1.5
# How long quitting waits for the writer to finish the write it is in.
STOP_WAIT_S = 2.0


class Write(NamedTuple):
    """One local write.

    ``what`` names it for the user ("your draft", "mark done"); ``run`` does it
    with the store (on the queue's thread); ``landed`` gets its result back on
    the UI thread; ``words`` are text the user typed, kept in a file while the
    write cannot land; ``refresh``: the panes read again once it has landed.
    """

    what: str
    run: Callable[[Store], Any]
    landed: Callable[[Any], None] | None = None
    words: str | None = None
    words_key: str | None = None
    refresh: bool = True


class Landed(NamedTuple):
    write: Write
    result: Any


class Stuck(NamedTuple):
    """Writes are waiting: ``message`` says why and what to do."""

    message: str
    trouble: Trouble


class Recovered(NamedTuple):
    """What was waiting is saved."""

    message: str


class Refused(NamedTuple):
    """A write the store refused for a reason retrying cannot change."""

    write: Write
    message: str


Report = Landed | Stuck | Recovered | Refused


class _Named(NamedTuple):
    what: str


def _retryable(err: BaseException) -> bool:
    # SQLite and the OS fail for reasons that pass (a lock, a full disk, a
    # permission the user gives back). A StoreError of no such kind is a
    # refusal by the store's rules (a second send of the same words), and
    # anything else is a bug: trying again would hold up every write behind it.
    if isinstance(err, StoreError):
        return classify(err) is not Trouble.OTHER
    return isinstance(err, sqlite3.Error | OSError)


class WriteQueue:
    def __init__(
        self,
        store: Store,
        report: Callable[[Report], None],
        words_dirs: Callable[[], list[Path]] | None = None,
    ) -> None:
        self.store = store
        self._report = report
        # Looked up only when words need a file: never at start-up.
        self._words_dirs = words_dirs or (lambda: default_words_dirs(store.path))
        self._queue: deque[Write] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._busy = False  # the head is being written
        self._failed = False  # the head failed at least once
        # Newest words per key not yet in the store (what a reopened
        # composer must show), and the file each was kept in.
        self._unsaved: dict[str, str] = {}
        self._kept: dict[str, Path] = {}
        self._kept_text: dict[str, str] = {}

    # --- the UI thread ------------------------------------------------------
    def submit(self, write: Write) -> None:
        with self._cond:
            if write.words_key is not None and write.words is not None:
                self._unsaved[write.words_key] = write.words
            self._queue.append(write)
            # Started on the first write, not at start-up; started again for a
            # write that arrives after stop() let the last one end (a pane
            # saving as it unmounts), so no write is ever left unrun.
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="engage-writes", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def unsaved_words(self, key: str) -> str | None:
        """Words for ``key`` handed to the queue but not yet in the store."""
        with self._cond:
            return self._unsaved.get(key)

    def all_unsaved_words(self) -> dict[str, str]:
        """Every key's words not yet in the store. Read this before the store:
        a write landing in between is then in one or the other, never lost
        between a store read that came too early and words already dropped."""
        with self._cond:
            return dict(self._unsaved)

    @property
    def stuck(self) -> bool:
        """The write at the head has failed and waits to be tried again."""
        with self._cond:
            return self._failed

    @property
    def waiting(self) -> int:
        # The write being tried stays at the head of the queue until it lands.
        with self._cond:
            return len(self._queue)

    def flush(self, timeout: float) -> bool:
        """Wait (up to ``timeout`` seconds) until every write has landed."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def kept_before(self) -> list[Path]:
        """Files of words an earlier run kept because the database would not
        take them (the user has not deleted them yet), newest first."""
        found: list[Path] = []
        for folder in self._words_dirs():
            try:
                found += [p for p in folder.glob("*.txt") if p.is_file()]
            except OSError:
                continue
        return sorted(found, key=_modified, reverse=True)

    def keep_unsaved(self) -> list[Path]:
        """Write every word not yet in the store to a file (at quit)."""
        return self._keep_waiting()

    def stop(self, timeout: float = STOP_WAIT_S) -> None:
        """End the writer once the queue is empty, and wait for it: whoever
        closes the store next must not close it under a write."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- the writer thread --------------------------------------------------
    def _loop(self) -> None:
        failures = 0
        stuck: Trouble | None = None
        busy_since: float | None = None
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._cond.wait()
                if not self._queue:
                    return
                write = self._queue[0]
                self._busy = True
            try:
                self.store.check_still_there()
                self.store.set_busy_timeout(WRITE_BUSY_TIMEOUT_MS)
                result = write.run(self.store)
            except Exception as err:
                if not _retryable(err):
                    self._done(write)
                    self._report(Refused(write, str(err)))
                    continue
                trouble = classify(err, self.store.path)
                if trouble is Trouble.BUSY:
                    now = time.monotonic()
                    busy_since = busy_since or now
                    delay = 0.05
                    if stuck is None and now - busy_since >= BUSY_NOTICE_AFTER_S:
                        stuck = trouble
                        self._report(Stuck(self._stuck_message(err, write, None), trouble))
                else:
                    if trouble is Trouble.PERMISSION:
                        self._reconnect()
                    delay = RETRY_DELAYS_S[min(failures, len(RETRY_DELAYS_S) - 1)]
                    failures += 1
                    # Words typed since the last attempt go to their file too.
                    with self._cond:
                        had_file = set(self._kept)
                    kept = self._keep_waiting()
                    if stuck is not trouble:
                        stuck = trouble
                        self._report(Stuck(self._stuck_message(err, write, kept), trouble))
                    else:
                        self._tell_new_files(had_file, err)
                with self._cond:
                    self._busy = False
                    self._failed = True
                    self._cond.notify_all()
                    if self._stopping:
                        return
                    self._cond.wait(delay)
                continue
            kept = self._kept_paths()
            self._done(write)
            if stuck is not None and stuck is not Trouble.BUSY:
                self._report(Recovered(_recovered_words(kept)))
            stuck, failures, busy_since = None, 0, None
            self._report(Landed(write, result))

    def _reconnect(self) -> None:
        with suppress(Exception):  # a closing store: the next attempt says so
            self.store.reconnect()

    def _done(self, write: Write) -> None:
        with self._cond:
            self._queue.popleft()
            self._busy = False
            self._failed = False
            key = write.words_key
            if key is not None and not any(w.words_key == key for w in self._queue):
                self._unsaved.pop(key, None)
            kept_key = write.words_key or write.what
            if not any((w.words_key or w.what) == kept_key for w in self._queue):
                self._kept.pop(kept_key, None)
                self._kept_text.pop(kept_key, None)
            self._cond.notify_all()

    def _kept_paths(self) -> list[Path]:
        with self._cond:
            return list(self._kept.values())

    def _stuck_message(
        self, err: BaseException, write: Write | _Named, kept: list[Path] | None
    ) -> str:
        problem = str(store_error(err, self.store.path))
        if kept is None:  # a held lock: it passes by itself
            return problem
        head = (
            f"Could not save {write.what}: it is kept on screen and saved once the "
            "database takes it. "
        )
        if kept:
            head += f"Your words are also in {kept[-1]}. "
        elif self._words_waiting():
            head += "Your words could not be kept in a file either: copy them somewhere. "
        return head + problem

    def _tell_new_files(self, had_file: set[str], err: BaseException) -> None:
        """Words that first went to a file while already stuck get their own notice."""
        with self._cond:
            new = [(k, p) for k, p in self._kept.items() if k not in had_file]
        for key, path in new:
            what = next(
                (w.what for w in self._words_waiting() if (w.words_key or w.what) == key), key
            )
            self._report(Stuck(self._stuck_message(err, _Named(what), [path]), classify(err)))

    def _words_waiting(self) -> list[Write]:
        """The newest waiting write of each text the user typed."""
        with self._cond:
            newest = {w.words_key or w.what: w for w in self._queue if w.words}
        return list(newest.values())

    def _keep_waiting(self) -> list[Path]:
        """Keep every waiting text in its file (rewritten only when it changed)."""
        out = []
        for write in self._words_waiting():
            path = self._keep(write)
            if path is not None:
                out.append(path)
        return out

    def _keep(self, write: Write) -> Path | None:
        """Write ``write.words`` to a private file; the path, or None if nowhere would take it."""
        assert write.words is not None
        key = write.words_key or write.what
        with self._cond:
            already = self._kept.get(key)
            if already is not None and self._kept_text.get(key) == write.words:
                return already
        name = _file_name(key)
        for folder in self._words_dirs():
            path = folder / name
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(write.words)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError:
                continue
            with self._cond:
                self._kept[key] = path
                self._kept_text[key] = write.words
            return path
        return None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _file_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", key).strip("-")[:80] + ".txt"


def _recovered_words(kept: list[Path]) -> str:
    if kept:
        return (
            f"Saved: everything that was waiting is in the database now "
            f"(the copy in {kept[-1]} can go)."
        )
    return "Saved: everything that was waiting is in the database now."


def default_words_dirs(database: Path) -> list[Path]:
    """Where unsaved words go (``paths.unsaved_words_dirs``: under
    ``ENGAGE_HOME`` when it is set)."""
    from engage_tui.paths import unsaved_words_dirs

    return unsaved_words_dirs(database)
