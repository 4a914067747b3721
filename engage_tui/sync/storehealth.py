"""Whether engage can write its own database, and when to try again if not.

A write that fails during sync (a read-only file, a full disk, a folder owned
by root after one ``sudo engage sync``) is not a problem of one source or one
item: every later write fails the same way. So, like an offline link, it
pauses the whole engine (no requests: each pull would be billed and then
thrown away), backs off, and is said once, in words that say what to do.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engage_tui.store.errors import StoreError
from engage_tui.sync.backoff import backoff

STORE_BASE_S = 10.0
STORE_CAP_S = 300.0

# SQLite's primary result codes (the low byte of the extended code).
_PERM, _BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _AUTH, _NOTADB = (
    3,
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    23,
    26,
)


def is_store_failure(exc: BaseException) -> bool:
    """True for a failure of engage's own database rather than of the network."""
    return isinstance(exc, sqlite3.Error | StoreError)


def store_problem(exc: BaseException, path: Path) -> str:
    """Plain words for a failed write of ``path``: what is wrong and what to do."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    os_errno = getattr(exc.__cause__ or exc, "errno", None)
    cannot = f"Could not write engage's database {path}"
    if primary == _FULL or os_errno == errno.ENOSPC:
        return f"{cannot}: the disk is full. Free some space."
    if primary in (_READONLY, _PERM, _AUTH, _CANTOPEN) or os_errno in (errno.EROFS, errno.EACCES):
        return (
            f"{cannot}: the file or its folder is read-only or belongs to another user "
            "(for example after running engage with sudo). Make them yours and writable "
            f"again."
        )
    if primary in (_BUSY, _LOCKED):
        return f"{cannot}: another program keeps it locked. Close other engage windows or jobs."
    if primary == _IOERR:
        return f"{cannot}: the disk reported an error (full, removed or failing). Check the disk."
    if primary in (_CORRUPT, _NOTADB):
        return (
            f"{cannot}: the file looks damaged. Quit engage and start it again to have it checked."
        )
    return f"{cannot}. Details are in the log file."


@dataclass(slots=True)
class StoreHealth:
    blocked_until: datetime | None = None
    message: str | None = None
    _failures: int = 0

    def may_try(self, now: datetime) -> bool:
        return self.blocked_until is None or now >= self.blocked_until

    def unblock(self) -> None:
        """The user asked for a sync now: try at once."""
        self.blocked_until = None

    def failed(self, now: datetime, message: str) -> bool:
        """A write failed. True when the message is new (say it once)."""
        self._failures += 1
        self.blocked_until = now + backoff(self._failures, base=STORE_BASE_S, cap=STORE_CAP_S)
        is_new = message != self.message
        self.message = message
        return is_new

    def succeeded(self) -> bool:
        """A pass wrote what it had to. True when this cleared a problem."""
        changed = self.message is not None
        self.blocked_until = None
        self.message = None
        self._failures = 0
        return changed
