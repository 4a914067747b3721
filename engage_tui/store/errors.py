"""Store failures, with messages that say what is wrong and what to do.

SQLite and the OS report four different troubles with the same exception
types: the file (or its folder) cannot be written, the disk is full, the file
is damaged, or another process holds the lock. Each needs different advice,
and only real damage may suggest moving the file aside: that advice abandons
the drafts and notes kept in it. ``classify`` tells them apart.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import Enum
from pathlib import Path


class StoreError(Exception):
    """Base for store failures. ``str(err)`` is a plain message for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DamagedDatabase(StoreError):
    """Not a database, truncated, or failing its integrity check."""


class NewerDatabase(StoreError):
    """Written by a newer engage (user_version above what we know)."""


class ReadOnlyDatabase(StoreError):
    """The file, its -wal/-shm companions or its folder cannot be written."""


class DiskFull(StoreError):
    """No room left on the disk that holds the database."""


class DatabaseBusy(StoreError):
    """Another process holds the write lock longer than we waited."""


class DatabaseGone(StoreError):
    """The file engage opened was deleted, moved or replaced while it ran:
    whatever is written now would go to a file nobody can open again."""


class AlreadyQueued(StoreError):
    """The same words to the same target already wait in the outbox: one live item each."""

    def __init__(self, message: str, item_id: int) -> None:
        super().__init__(message)
        self.item_id = item_id


class Trouble(Enum):
    PERMISSION = "permission"
    DISK_FULL = "disk full"
    DAMAGED = "damaged"
    BUSY = "busy"
    GONE = "gone"
    OTHER = "other"


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_BY_CODE = {
    _SQLITE_PERM: Trouble.PERMISSION,
    _SQLITE_READONLY: Trouble.PERMISSION,
    _SQLITE_FULL: Trouble.DISK_FULL,
    _SQLITE_CORRUPT: Trouble.DAMAGED,
    _SQLITE_NOTADB: Trouble.DAMAGED,
    _SQLITE_BUSY: Trouble.BUSY,
    _SQLITE_LOCKED: Trouble.BUSY,
}
_BY_ERRNO = {
    errno.EACCES: Trouble.PERMISSION,
    errno.EPERM: Trouble.PERMISSION,
    errno.EROFS: Trouble.PERMISSION,
    errno.ENOSPC: Trouble.DISK_FULL,
    errno.EDQUOT: Trouble.DISK_FULL,
}


def _unwritable(path: Path) -> bool:
    """The database, a companion file that exists, or its folder is not writable."""
    candidates = [path.parent, path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return any(p.exists() and not os.access(p, os.W_OK) for p in candidates)


# Less free space than this next to the database is a full disk to SQLite.
_ROOM_BYTES = 1 << 20


def _no_room(path: Path) -> bool:
    try:
        stat = os.statvfs(path.parent)
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < _ROOM_BYTES


def classify(err: BaseException, path: Path | None = None) -> Trouble:
    """What kind of trouble a raw sqlite3 or OS error is."""
    if isinstance(err, DamagedDatabase):
        return Trouble.DAMAGED
    if isinstance(err, ReadOnlyDatabase):
        return Trouble.PERMISSION
    if isinstance(err, DiskFull):
        return Trouble.DISK_FULL
    if isinstance(err, DatabaseBusy):
        return Trouble.BUSY
    if isinstance(err, DatabaseGone):
        return Trouble.GONE
    if isinstance(err, OSError):
        return _BY_ERRNO.get(err.errno or 0, Trouble.OTHER)
    if isinstance(err, sqlite3.Error):
        code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
        if code in _BY_CODE:
            return _BY_CODE[code]
        # A full disk is not always SQLITE_FULL: growing the -shm or -wal
        # file on a full file system is a "disk I/O error". It is not
        # damage, and moving the file aside would abandon its drafts.
        if code == _SQLITE_IOERR and path is not None and _no_room(path):
            return Trouble.DISK_FULL
        # "unable to open database file" (CANTOPEN) is what SQLite says when
        # a folder it must create the -wal or -shm file in is read-only.
        if path is not None and _unwritable(path):
            return Trouble.PERMISSION
        text = str(err).lower()
        if "readonly" in text or "read-only" in text:
            return Trouble.PERMISSION
        if "disk is full" in text:
            return Trouble.DISK_FULL
        if "locked" in text or "busy" in text:
            return Trouble.BUSY
    return Trouble.OTHER


def gone_message(path: Path) -> str:
    return (
        f"engage's database {path} was deleted, moved or replaced while engage was "
        "running, so nothing more can be saved to it. Quit engage (ctrl+q) and start it "
        "again: it opens the file now at that place, or makes a new one."
    )


def permission_message(path: Path) -> str:
    return (
        f"engage cannot write to its database {path}: the file, its -wal or -shm file, "
        f"or the folder {path.parent} is read-only or owned by another user. Nothing "
        f"is damaged: give them back to your user (for example `sudo chown -R $USER "
        f"{path.parent}`)."
    )


def disk_full_message(path: Path) -> str:
    return (
        f"The disk holding engage's database {path} is full. Nothing is damaged: free some space."
    )


def busy_message(path: Path) -> str:
    return (
        f"Another engage (a sync, perhaps) is writing to {path}. Your change is kept "
        "and saved as soon as it finishes."
    )


def damaged_error(path: Path, detail: str) -> DamagedDatabase:
    return DamagedDatabase(
        f"The engage database {path} is damaged ({detail}). Nothing was changed in it. "
        f"Quit engage, move the file aside (for example rename it to {path.name}.damaged) "
        "and start engage again: it will rebuild its cache from X. Keep the old file: "
        "drafts and notes you wrote are only in it.",
        path,
    )


def store_error(err: BaseException, path: Path) -> StoreError:
    """A raw sqlite3/OS error as a StoreError whose message fits its trouble."""
    if isinstance(err, StoreError):
        return err
    trouble = classify(err, path)
    if trouble is Trouble.PERMISSION:
        return ReadOnlyDatabase(permission_message(path), path)
    if trouble is Trouble.DISK_FULL:
        return DiskFull(disk_full_message(path), path)
    if trouble is Trouble.BUSY:
        return DatabaseBusy(busy_message(path), path)
    if trouble is Trouble.DAMAGED:
        return damaged_error(path, str(err))
    return StoreError(
        f"engage could not use its database {path} ({err}). Your change is kept "
        "on screen; engage tries again.",
        path,
    )
