"""The history: an append-only hash chain of every change, who made it and when.

Each entry stores the hash of the entry before it (``prev_hash``; the first entry's is 64
zeros) and its own ``hash``, computed in one documented way::

    content = JSON array, UTF-8, no spaces, non-ASCII kept as is:
              [id, changed_at, command, os_user, kind, item, village_code,
               old_values, new_values]
    hash    = lowercase hex SHA-256 of (prev_hash + content)

``old_values`` and ``new_values`` enter as the exact JSON text stored (or null), so any change
to a stored entry, to its order, or to an entry before it, changes every later hash. A seal
(``kkb history seal``: the number of entries and the last hash), kept outside the file, then
proves that the history up to it is unchanged (``kkb check --seal``).
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from kkb_cli.domain.records import KampungRecord, record_values

GENESIS = "0" * 64  # the prev_hash of the first entry

# What a history entry is about.
KAMPUNG_KB, ACTIVITY, TARGET, FILE = "kampung_kb", "activity", "target", "file"


HISTORY_COLUMNS = (
    "id, changed_at, command, os_user, kind, item, village_code, old_values, new_values,"
    " prev_hash, hash"
)
_COLUMNS = f"INSERT INTO history ({HISTORY_COLUMNS})"


def os_user() -> str:
    """The account running kkb, as the operating system knows it: the name of the process's
    user id, not the LOGNAME or USER variables that anyone can set. Where there is no
    password database (Windows), the login name the system reports."""
    try:
        import pwd
    except ImportError:  # Windows
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return "?"
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a user id with no account (some containers)
        return f"uid {uid}"


def now() -> str:
    """The time of a change: UTC, to the second, so that users in any time zone agree."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def values_json(record: KampungRecord | None) -> str | None:
    """What the history stores for a record: its values as JSON, or NULL for no record."""
    return as_json(record_values(record))


def as_json(values: dict[str, Any] | None) -> str | None:
    """Values as history stores them; NULL for none."""
    return None if values is None else _encoders()[0].encode(values)


@functools.cache
def _encoders() -> tuple[Any, Any, Any]:
    """The JSON encoder and the hash the history uses, made once, when first needed (a
    report never needs them: they are left out of its start-up): the encoder of stored
    values, SHA-256, and a text as a JSON string (as the encoder writes it, non-ASCII
    kept)."""
    import hashlib
    import json
    from json.encoder import encode_basestring

    stored = json.JSONEncoder(ensure_ascii=False)  # json.dumps(…) would make one per call
    return stored, hashlib.sha256, encode_basestring


def entry_hash(
    prev_hash: str,
    id_: int,
    changed_at: str,
    command: str,
    os_user: str,
    kind: str,
    item: str,
    village_code: str | None,
    old_values: str | None,
    new_values: str | None,
) -> str:
    """The hash of one entry (see the module's docstring)."""
    middle = _json_middle(changed_at, command, os_user)
    return _hash(prev_hash, id_, middle, kind, item, village_code, old_values, new_values)


def _json_middle(changed_at: str, command: str, os_user: str) -> str:
    """The part of an entry's content that the entries of one append share, as JSON."""
    quoted = _encoders()[2]
    return f",{quoted(changed_at)},{quoted(command)},{quoted(os_user)},"


def _hash(
    prev_hash: str,
    id_: int,
    middle: str,
    kind: str,
    item: str,
    village_code: str | None,
    old_values: str | None,
    new_values: str | None,
) -> str:
    """The hash of an entry. Its content is written as ``json.dumps(array, ensure_ascii=False,
    separators=(",", ":"))`` writes it (an integer id, then strings or null), without
    building the array: an import appends an entry for each of its rows."""
    _, sha256, quoted = _encoders()
    content = (
        f"[{int.__repr__(id_)}{middle}{quoted(kind)},{quoted(item)},"
        f"{'null' if village_code is None else quoted(village_code)},"
        f"{'null' if old_values is None else quoted(old_values)},"
        f"{'null' if new_values is None else quoted(new_values)}]"
    )
    return str(sha256((prev_hash + content).encode("utf-8")).hexdigest())


class Change(NamedTuple):
    """One change to append: what it is about, and its values before and after (JSON text).
    (A tuple: an import makes one for every row.)"""

    kind: str
    item: str
    village_code: str | None
    old_values: str | None
    new_values: str | None


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """The last entry's id and hash; (0, GENESIS) for an empty history."""
    row = conn.execute("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(conn: sqlite3.Connection, changes: Iterable[Change], command: str) -> int:
    """Append ``changes`` to the chain, in order; the caller holds the write transaction (so
    no one else appends meanwhile). Returns how many were appended."""
    last_id, last_hash = head(conn)
    changed_at = now()
    user = os_user()
    middle = _json_middle(changed_at, command, user)
    rows = []
    for kind, item, village_code, old_values, new_values in changes:
        last_id += 1
        digest = _hash(last_hash, last_id, middle, kind, item, village_code, old_values, new_values)
        rows.append(
            (last_id, changed_at, command, user, kind, item, village_code, old_values,
             new_values, last_hash, digest)
        )  # fmt: skip
        last_hash = digest
    from kkb_cli.storage.bulk import insert_rows

    insert_rows(conn, _COLUMNS, rows)
    return len(rows)


# The history's index by village is dropped for a bulk append only while the history holds at
# most this many entries (its index about 12 MB). Building it again reuses the pages it left,
# and an import (a bulk session, ``database._begin``) journals them in memory, as much as the
# index whenever the rows it appends have not taken them first (a file of rows mostly
# unchanged): so memory stays bounded whatever the history's length.
REBUILT_AT_MOST = 500_000


def drop_village_index(conn: sqlite3.Connection, entries: int) -> str | None:
    """Before appending ``entries`` entries, as many as the history holds already or more
    (and it holds at most ``REBUILT_AT_MOST``): drop its index by village, which each entry
    would change at a random place, so that it is built again once they are in
    (``build_index``, in the same transaction), in order, for less. Returns the statement
    that builds it (None: the index is kept)."""
    last_id, _ = head(conn)
    if entries < max(last_id, 1) or last_id > REBUILT_AT_MOST:
        return None
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'history_by_village'"
    ).fetchone()
    if row is None or not row[0]:
        return None
    conn.execute("DROP INDEX history_by_village")
    return str(row[0])


def build_index(conn: sqlite3.Connection, statement: str) -> None:
    """Build again an index that ``drop_village_index`` dropped, exactly as it was. SQLite
    sorts its entries in memory up to the size of the page cache, then in temporary files:
    with SQLite's default cache (2 MiB), whatever the history's length, memory stays flat."""
    size = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    conn.execute("PRAGMA main.cache_size = -2000")
    try:
        conn.execute(statement)
    finally:
        conn.execute(f"PRAGMA main.cache_size = {int(size)}")


@dataclass(frozen=True)
class Seal:
    """The head of the history: how many entries, the last one's hash and time."""

    entries: int
    hash: str
    changed_at: str | None


def seal(conn: sqlite3.Connection) -> Seal:
    row = conn.execute(
        "SELECT count(*), (SELECT hash FROM history ORDER BY id DESC LIMIT 1),"
        " (SELECT changed_at FROM history ORDER BY id DESC LIMIT 1) FROM history"
    ).fetchone()
    return Seal(row[0], row[1] or GENESIS, row[2])


@dataclass(frozen=True)
class ChainCheck:
    """What walking the whole chain found."""

    entries: int
    broken_ids: list[int]  # entries whose link or hash does not hold
    gaps: int  # ids missing between 1 and the last id
    sealed_at: int | None = None  # the entry the seal names (its position), if found


def verify_chain(conn: sqlite3.Connection, sealed_hash: str | None = None) -> ChainCheck:
    """Recompute every hash in id order; a stored hash that differs, or a link to anything but
    the entry before, breaks the chain from there on."""
    expected_prev = GENESIS
    broken: list[int] = []
    entries = 0
    sealed_at = None
    last_id = 0
    gaps = 0
    for row in conn.execute(f"SELECT {HISTORY_COLUMNS} FROM history ORDER BY id"):  # noqa: S608
        *fields, prev_hash, stored = row
        entries += 1
        gaps += max(0, fields[0] - last_id - 1)
        last_id = fields[0]
        if prev_hash != expected_prev or entry_hash(prev_hash, *fields) != stored:
            broken.append(fields[0])
        if sealed_hash is not None and stored == sealed_hash:
            sealed_at = entries
        expected_prev = stored
    return ChainCheck(entries, broken, gaps, sealed_at)
