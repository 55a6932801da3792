"""Opening the kkb database file: first-use creation, upgrades, transactions and SQLite errors.

Every command works in one ``session``. A writing session is one transaction from start to
end: when the file is new, the seed and the command's own writes commit together or not at all.

Journal mode: the default rollback journal (DELETE), never WAL. Offices keep files on shared
network drives, where WAL's shared-memory index does not work; a rollback journal is safe there.
Writers take the write lock up front (BEGIN IMMEDIATE) and wait up to ``busy_timeout`` seconds
for each other, so concurrent kkb commands queue instead of failing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

from kkb_cli.errors import DatabaseError
from kkb_cli.storage.migrations import SCHEMA_VERSION, migrate, user_version
from kkb_cli.storage.repository import Repository
from kkb_cli.storage.seed import load_seed

DEFAULT_BUSY_TIMEOUT = 10.0
MAX_BUSY_TIMEOUT = 3600.0  # SQLite counts the wait in milliseconds in a C int; an hour is plenty


class Mode(Enum):
    READ = "read"  # reads; a new file is still created and seeded, in its own transaction
    WRITE = "write"  # one transaction for the whole session
    CREATE = "create"  # like WRITE, but the file must not hold a database yet (`kkb init`)


# SQLite's primary result codes that mean "this file cannot be used now", with what to say.
# Any other SQLite error is a bug in kkb and is left to surface as one (exit 3).
_FILE_PROBLEMS = {
    5: "error.db_locked",  # SQLITE_BUSY
    6: "error.db_locked",  # SQLITE_LOCKED
    8: "error.db_readonly",  # SQLITE_READONLY
    10: "error.db_io",  # SQLITE_IOERR
    11: "error.db_corrupt",  # SQLITE_CORRUPT
    13: "error.db_full",  # SQLITE_FULL
    14: "error.db_cannot_open",  # SQLITE_CANTOPEN
    23: "error.db_cannot_open",  # SQLITE_AUTH
    26: "error.db_corrupt",  # SQLITE_NOTADB
}


@contextmanager
def session(
    path: Path,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    *,
    mode: Mode = Mode.READ,
    with_records: bool = True,
    on_created: Callable[[], None] = lambda: None,
) -> Iterator[Repository]:
    """The database at ``path``, current and seeded, for one command.

    ``on_created`` is called once a new file's seed has been committed. A file problem
    (locked, corrupt, read-only…) becomes a DatabaseError that says what to do.
    """
    _check_path(path)
    if mode is Mode.CREATE and path.exists() and path.stat().st_size > 0:
        raise DatabaseError("error.db_exists", path=path)
    try:
        # isolation_level=None: transactions are ours, not the driver's.
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise _translated(error, path, busy_timeout) from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        created = _prepare(conn, path, mode, with_records)
        if created and mode is Mode.READ:
            on_created()
        yield Repository(conn)
        if conn.in_transaction:
            conn.execute("COMMIT")
            if created and mode is Mode.WRITE:  # `kkb init` says what it made itself
                on_created()
    except BaseException as error:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # the error that got us here matters more
                conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise _translated(error, path, busy_timeout) from None
        raise
    finally:
        conn.close()


def _prepare(conn: sqlite3.Connection, path: Path, mode: Mode, with_records: bool) -> bool:
    """Bring the file to the current schema, seeding a new one; True when it was seeded.

    A writing session leaves its transaction open for the command's own writes.
    """
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            "error.db_too_new", path=path, version=version, supported=SCHEMA_VERSION
        )
    if mode is Mode.READ and version == SCHEMA_VERSION:
        return False  # the everyday case: nothing to write, no lock to take
    conn.execute("BEGIN IMMEDIATE")
    # Read again under the write lock: another kkb may have set the file up meanwhile.
    version = user_version(conn)
    if mode is Mode.CREATE and version != 0:
        raise DatabaseError("error.db_exists", path=path)
    created = version == 0
    if created:
        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise DatabaseError("error.db_not_kkb", path=path)
        migrate(conn, 0)
        load_seed(conn)
        if not with_records:
            conn.execute("DELETE FROM kampung_kb")
    elif version < SCHEMA_VERSION:
        migrate(conn, version)
    if mode is Mode.READ:
        conn.execute("COMMIT")
    return created


def _translated(error: sqlite3.Error, path: Path, busy_timeout: float) -> BaseException:
    """A DatabaseError for a problem with the file; the error itself for anything else."""
    code = getattr(error, "sqlite_errorcode", None)
    key = _FILE_PROBLEMS.get(code & 0xFF) if isinstance(code, int) else None
    if key is None:
        return error
    return DatabaseError(key, path=path, seconds=f"{busy_timeout:g}")


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError("error.db_is_folder", path=path)
    if not path.parent.is_dir():
        raise DatabaseError("error.db_no_folder", folder=path.parent)
    if path.exists() and not os.access(path, os.R_OK):
        raise DatabaseError("error.db_unreadable", path=path)
