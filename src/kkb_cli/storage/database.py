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

from kkb_cli.errors import DatabaseError, KkbError
from kkb_cli.files import file_mode, refuse_link
from kkb_cli.storage.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate, user_version
from kkb_cli.storage.store import Store

DEFAULT_BUSY_TIMEOUT = 10.0
MAX_BUSY_TIMEOUT = 3600.0  # SQLite counts the wait in milliseconds in a C int; an hour is plenty


class Mode(Enum):
    READ = "read"  # reads; a new file is still created and seeded, in its own transaction
    CHECK = "check"  # reads the file as it is, read-only: no upgrade, no seed (`kkb check`)
    WRITE = "write"  # one transaction for the whole session
    CREATE = "create"  # like WRITE, but the file must not hold a database yet (`kkb init`)


# SQLite's result codes that mean "this file cannot be used now", with what to say: an
# extended code first, else its primary code. Any other SQLite error is a bug in kkb and is
# left to surface as one (exit 3).
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
    # SQLITE_READONLY_ROLLBACK: a killed kkb's journal beside the file, which `kkb check`
    # (reading the file as it is, read-only) cannot undo
    776: "error.db_interrupted",
}


@contextmanager
def session(
    path: Path,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    *,
    mode: Mode = Mode.READ,
    with_records: bool = True,
    must_exist: bool = False,
    bulk: bool = False,
    command: str = "",
    on_created: Callable[[], None] = lambda: None,
    on_upgraded: Callable[[int, Path], None] = lambda version, backup: None,
) -> Iterator[Store]:
    """The database at ``path``, current and seeded, for one command.

    ``must_exist`` refuses a missing file instead of creating one (for commands that only
    make sense on an office's existing records). ``command`` is what the history records as
    the maker of this session's changes.
    ``on_created`` is called once a new file's seed has been committed, ``on_upgraded`` with
    the old version and its backup once an older file has been upgraded. ``bulk`` (a
    writing session that writes thousands of rows, an import) keeps the statement journals
    of its transaction in memory (``_begin``). A file problem
    (locked, corrupt, read-only…) becomes a DatabaseError that says what to do.
    """
    _check_path(path)
    if must_exist and (not path.exists() or path.stat().st_size == 0):
        raise DatabaseError("error.db_missing", path=path)
    if mode is Mode.CREATE and path.exists() and path.stat().st_size > 0:
        raise DatabaseError("error.db_exists", path=path)
    conn = connect(path, busy_timeout, read_only=mode is Mode.CHECK)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        created = _prepare(conn, path, mode, with_records, on_upgraded, bulk)
        if created and mode is Mode.READ:
            on_created()
        yield Store(conn, command, path)
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


def connect(path: Path, busy_timeout: float, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the file at ``path``; a new file is made readable by its owner only,
    as password stores and ssh keys are. ``read_only`` opens it so that nothing can be
    written, not even by mistake."""
    if not read_only:
        _create_private(path)
    target: str | Path = path
    if read_only:
        from kkb_cli.storage.backup import read_only_uri

        target = read_only_uri(path)
    try:
        # isolation_level=None: transactions are ours, not the driver's.
        return sqlite3.connect(target, timeout=busy_timeout, isolation_level=None, uri=read_only)
    except sqlite3.Error as error:
        raise _translated(error, path, busy_timeout) from None


def _create_private(path: Path) -> None:
    """Create the database file, owner-only (0600), unless it exists; never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        pass  # it exists (or another kkb has just made it)
    except OSError as error:
        raise DatabaseError("error.db_cannot_create", path=path, detail=error.strerror) from None


def _prepare(
    conn: sqlite3.Connection,
    path: Path,
    mode: Mode,
    with_records: bool,
    on_upgraded: Callable[[int, Path], None],
    bulk: bool = False,
) -> bool:
    """Bring the file to the current schema, seeding a new one or upgrading an older one;
    True when it was seeded. A writing session leaves its transaction open for the
    command's own writes."""
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            "error.db_too_new", path=path, version=version, supported=SCHEMA_VERSION
        )
    if version > 0 and not _is_kkb_file(conn, version):
        raise DatabaseError("error.db_not_kkb", path=path)
    if mode is Mode.CHECK:
        return False  # read as it is: `kkb check` says when an upgrade is due
    if 0 < version < SCHEMA_VERSION:
        upgraded = _upgrade(conn, path)
        if upgraded is not None:
            on_upgraded(*upgraded)
        version = SCHEMA_VERSION
    if mode is Mode.READ and version == SCHEMA_VERSION:
        return False  # the everyday case: nothing to write, no lock to take
    _begin(conn, bulk=bulk and mode is not Mode.READ)
    # Read again under the write lock: another kkb may have set the file up meanwhile.
    version = user_version(conn)
    if mode is Mode.CREATE and version != 0:
        raise DatabaseError("error.db_exists", path=path)
    created = version == 0
    if created:
        from kkb_cli.storage.counts import recount_all
        from kkb_cli.storage.names import refresh_name_keys
        from kkb_cli.storage.records import RecordStore
        from kkb_cli.storage.seed import load_seed

        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone():
            raise DatabaseError("error.db_not_kkb", path=path)
        migrate(conn, 0)
        load_seed(conn)
        refresh_name_keys(conn)
        if not with_records:  # an office's own: the seed's regions only
            conn.execute("DELETE FROM kampung_kb")
            conn.execute("DELETE FROM targets")
        recount_all(conn)
        RecordStore(conn, "seed").log_current()
    if mode is Mode.READ:
        conn.execute("COMMIT")
    return created


def _begin(conn: sqlite3.Connection, *, bulk: bool) -> None:
    """Take the write lock (BEGIN IMMEDIATE). With ``bulk``, the transaction keeps its
    statement journals in memory.

    A statement that writes many rows (``storage/bulk.py``) keeps a journal of its own, the
    pages it changes as they were before it, to undo it alone if one of its rows is refused.
    SQLite keeps that journal in a temporary file once it passes 64 KiB, unless temporary
    storage is in memory when the transaction begins: an import's statements each change a
    few hundred pages at random places in the indexes, and writing them to a file cost about a
    tenth of an import's time. A statement journal holds only the pages that existed before
    the statement and that it changes: a hundred rows' worth, or, for the statement that
    builds the history's index by village again, the pages the dropped index left free (which
    ``history.REBUILT_AT_MOST`` bounds); it is emptied when the statement ends, so memory
    stays bounded, and it is never needed after a crash (the rollback journal on disk is).
    Temporary storage is set back at once, so that sorts (building an index,
    ``history.build_index``) still spill to temporary files: the choice of memory for the
    statement journals is made once, when the transaction begins."""
    if not bulk:
        conn.execute("BEGIN IMMEDIATE")
        return
    store = int(conn.execute("PRAGMA temp_store").fetchone()[0])
    conn.execute("PRAGMA temp_store = MEMORY")
    try:
        conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA temp_store = {store}")


# The tables each schema version has; a file whose user_version says N but lacks one of
# them is another program's file.
_TABLES_OF_VERSION = {
    1: {"regions", "kampung_kb", "targets"},
    2: {"history"},
    3: {"attributes"},
    4: {"settings", "village_counts", "record_counts", "attribute_counts"},
}


def _is_kkb_file(conn: sqlite3.Connection, version: int) -> bool:
    """Whether the file is kkb's: its application id says so (from schema 5 on), or, for a
    file of an older kkb (which set none), it has the tables of its version."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return True
    if application_id != 0 or version >= 5:
        return False
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    wanted = set().union(*(t for v, t in _TABLES_OF_VERSION.items() if v <= version))
    return wanted <= tables


def _upgrade(conn: sqlite3.Connection, path: Path) -> tuple[int, Path] | None:
    """Upgrade a file from an older kkb in its own transaction, after saving a copy of it
    beside it; returns the old version and the copy, or None if another kkb just did it.

    The upgrade is committed before the command runs, so a refused command does not undo it
    (nor make a second backup next time).
    """
    conn.execute("BEGIN IMMEDIATE")
    version = user_version(conn)  # again under the lock: another kkb may have upgraded it
    if version in (0, SCHEMA_VERSION):  # done meanwhile (or emptied: seeded as new)
        conn.execute("COMMIT")
        return None
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise DatabaseError("error.upgrade_unwritable", path=path, version=version)
    from kkb_cli.storage.backup import earlier_backup, save_backup, upgrade_backup_path

    # Copied while this connection holds the write lock, so the copy is exactly the file
    # before the upgrade. SQLite cannot back up through a connection that is writing, so a
    # second, reading connection makes the copy.
    try:
        with contextlib.closing(sqlite3.connect(path)) as reader:
            backup = earlier_backup(reader, path, version) or save_backup(
                reader, upgrade_backup_path(path, version), mode_limit=file_mode(path)
            )
    except KkbError as error:
        detail = error.params.get("detail") or error.message
        raise DatabaseError("error.upgrade_no_backup", path=path, detail=detail) from None
    migrate(conn, version)
    conn.execute("COMMIT")
    return version, backup


def _translated(error: sqlite3.Error, path: Path, busy_timeout: float) -> BaseException:
    """A DatabaseError for a problem with the file; the error itself for anything else."""
    code = getattr(error, "sqlite_errorcode", None)
    key = (
        _FILE_PROBLEMS.get(code) or _FILE_PROBLEMS.get(code & 0xFF)
        if isinstance(code, int)
        else None
    )
    if key is None:
        return error
    return DatabaseError(key, path=path, seconds=f"{busy_timeout:g}")


def _check_path(path: Path) -> None:
    refuse_link(path, DatabaseError, "error.db_is_link")
    if path.is_dir():
        raise DatabaseError("error.db_is_folder", path=path)
    if not path.parent.is_dir():
        raise DatabaseError("error.db_no_folder", folder=path.parent)
    if path.exists() and not os.access(path, os.R_OK):
        raise DatabaseError("error.db_unreadable", path=path)
