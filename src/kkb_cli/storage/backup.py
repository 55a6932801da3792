"""Copies of the database: `kkb backup`, and the copy an upgrade saves first.

A copy is made with SQLite's online backup API (one consistent snapshot, even while another
kkb writes), checked, and put in place whole (``files.atomic_path``): never through a link,
never more readable than the database.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import sqlite3
import urllib.parse
from datetime import datetime
from pathlib import Path

from kkb_cli.errors import DatabaseError, OutputError
from kkb_cli.files import atomic_path


def earlier_backup(conn: sqlite3.Connection, path: Path, version: int) -> Path | None:
    """The backup an interrupted upgrade of this very file already made, if any: the newest
    ``kkb.db.vN-backup-…`` beside it, when it holds exactly what the file holds now (an
    upgrade killed after its copy left the file as it was)."""
    made = sorted(
        (candidate.stat().st_mtime, candidate)
        for candidate in path.parent.glob(f"{glob.escape(path.name)}.v{version}-backup-*")
        if candidate.is_file() and not candidate.is_symlink()
    )
    if not made:
        return None
    newest = made[-1][1]
    try:
        with contextlib.closing(sqlite3.connect(read_only_uri(newest), uri=True)) as copy:
            same = content_digest(copy) == content_digest(conn)
    except sqlite3.Error:
        return None
    return newest if same else None


def content_digest(conn: sqlite3.Connection) -> str:
    """A digest of everything a database holds: its schema and every row of every table."""
    digest = hashlib.sha256()
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    for name, sql in tables:
        digest.update(f"{name}\0{sql}\0".encode())
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " ORDER BY name"
    ).fetchall():
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):  # noqa: S608 (schema names)
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
    for (version,) in conn.execute("PRAGMA user_version"):
        digest.update(str(version).encode())
    return digest.hexdigest()


def upgrade_backup_path(path: Path, version: int) -> Path:
    """Beside the database: kkb.db.v1-backup-20261127T221500, never an existing file."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    number = 1
    while os.path.lexists(candidate):  # a link there, even a dangling one, is taken
        number += 1
        candidate = path.with_name(f"{path.name}.v{version}-backup-{stamp}-{number}")
    return candidate


def save_backup(
    conn: sqlite3.Connection, target: Path, *, force: bool = False, mode_limit: int = 0o600
) -> Path:
    """Copy the open database to ``target`` with SQLite's online backup API.

    The copy is consistent even while other programs write (the API copies one snapshot), is
    checked before it is put in place, and appears at ``target`` whole or not at all.
    """
    try:
        with atomic_path(target, force=force, mode_limit=mode_limit) as temp:
            copy = sqlite3.connect(temp)
            try:
                conn.backup(copy)
                verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                copy.close()
            if verdict != "ok":
                raise DatabaseError("error.backup_bad", path=target, detail=verdict)
    except OutputError:
        raise
    except OSError as error:
        raise DatabaseError(
            "error.backup_failed", path=target, detail=error.strerror or error
        ) from None
    except sqlite3.Error as error:  # e.g. the disk filled up while the copy was written
        raise DatabaseError("error.backup_failed", path=target, detail=error) from None
    return target


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` so that nothing can be written to it."""
    return "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
