"""Opening the kkb database file: first-use creation, upgrades, transactions and SQLite errors.

Journal mode: the default rollback journal (DELETE), never WAL. Offices keep files on shared
network drives, where WAL's shared-memory index does not work; a rollback journal is safe there.
Writers take the write lock up front (BEGIN IMMEDIATE) and wait up to ``busy_timeout`` seconds
for each other, so concurrent kkb commands queue instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkb_cli.errors import DatabaseError
from kkb_cli.storage.migrations import SCHEMA_VERSION, migrate
from kkb_cli.storage.repository import Repository
from kkb_cli.storage.seed import load_seed

DEFAULT_BUSY_TIMEOUT = 10.0
MAX_BUSY_TIMEOUT = 3600.0  # SQLite counts the wait in milliseconds in a C int; an hour is plenty


def connect(
    path: Path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> tuple[sqlite3.Connection, bool]:
    """Open ``path`` (creating it if needed), bring it to the current schema, seed it on first
    use, and return the connection and whether it was seeded just now. Raises DatabaseError
    with the way out."""
    conn = _open(path, busy_timeout)
    seeded = False
    try:
        version = _user_version(conn)
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                "error.db_too_new", path=path, version=version, supported=SCHEMA_VERSION
            )
        if version < SCHEMA_VERSION:
            with write_transaction(conn):
                # Read again under the write lock: another kkb may have done it meanwhile.
                version = _user_version(conn)
                if version == 0:
                    _initialise(conn, path, with_records=True)
                    seeded = True
                elif version < SCHEMA_VERSION:
                    migrate(conn, version)
    except sqlite3.Error as error:
        conn.close()
        raise translate(error, path, busy_timeout) from None
    except BaseException:
        conn.close()
        raise
    return conn, seeded


def create(path: Path, *, with_records: bool, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
    """Create a new database at ``path`` from the seed; refuse if a database is already there."""
    _check_path(path)
    if path.exists() and path.stat().st_size > 0:
        raise DatabaseError("error.db_exists", path=path)
    conn = _open(path, busy_timeout)
    try:
        with write_transaction(conn):
            if _user_version(conn) != 0:
                raise DatabaseError("error.db_exists", path=path)
            _initialise(conn, path, with_records=with_records)
    except sqlite3.Error as error:
        raise translate(error, path, busy_timeout) from None
    finally:
        conn.close()


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One command's writes as one transaction: all of them, or none if anything fails.

    BEGIN IMMEDIATE takes the write lock at the start, so a writer never fails half-way for
    a lock held by another; it waits for the busy timeout instead.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def translate(error: sqlite3.Error, path: Path, busy_timeout: float) -> DatabaseError:
    """Turn an SQLite error about the file into a DatabaseError that says what to do."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError("error.db_locked", path=path, seconds=f"{busy_timeout:g}")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError("error.db_corrupt", path=path)
    if "readonly" in text or "read-only" in text:
        return DatabaseError("error.db_readonly", path=path)
    if "unable to open" in text:
        return DatabaseError("error.db_cannot_open", path=path)
    return DatabaseError("error.db_other", path=path, detail=str(error))


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError("error.db_is_folder", path=path)
    if not path.parent.is_dir():
        raise DatabaseError("error.db_no_folder", folder=path.parent)
    if path.exists() and not os.access(path, os.R_OK):
        raise DatabaseError("error.db_unreadable", path=path)


def _user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _open(path: Path, busy_timeout: float) -> sqlite3.Connection:
    _check_path(path)
    try:
        # isolation_level=None: transactions are ours (see ``write_transaction``), not the driver's.
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise translate(error, path, busy_timeout) from None
    conn.execute("PRAGMA foreign_keys = ON")  # per connection; reads nothing from the file
    return conn


def _initialise(conn: sqlite3.Connection, path: Path, *, with_records: bool) -> None:
    """Schema and seed for an empty file, inside the caller's write transaction."""
    if _has_tables(conn):
        raise DatabaseError("error.db_not_kkb", path=path)
    migrate(conn, 0)
    load_seed(conn, skip_tables=frozenset() if with_records else frozenset({"kampung_kb"}))


@contextmanager
def session(path: Path, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Iterator[Repository]:
    """An open, current database for one command; SQLite errors become DatabaseError."""
    conn, seeded = connect(path, busy_timeout)
    try:
        yield Repository(conn, seeded_now=seeded)
    except sqlite3.Error as error:
        raise translate(error, path, busy_timeout) from None
    finally:
        conn.close()
