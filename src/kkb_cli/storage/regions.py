"""The regions table in bulk: loading a Kemendagri region list and counting what each region
holds. Functions of a connection; the caller holds the transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from kkb_cli.domain.region_list import RECORD, SCOPE, TARGET, RegionRow
from kkb_cli.domain.regions import CODE_LENGTH, child_level
from kkb_cli.storage.counts import recount_all, within

# For each child of a region (its code is the first `length` characters), how many regions of
# each code length (that is, level) it holds, and how many of them are kelurahan. Only the
# code is read, so SQLite scans the primary key's index alone: one pass over the range.
_TREE_COUNTS = """
    SELECT substr(code, 1, :length), length(code), count(*), sum(substr(code, 10, 1) = '1')
    FROM regions
    WHERE code > :low AND code < :high AND length(code) > :length
    GROUP BY 1, 2
"""
_LEVEL_OF_LENGTH = {length: level.value for level, length in CODE_LENGTH.items()}


def region_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every loaded region's name, by code."""
    return dict(conn.execute("SELECT code, name FROM regions"))


def regions_in_use(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The regions something points to, with what: a Kampung KB record, a target, the
    stored scope."""
    used: dict[str, list[str]] = {}
    for query, reason in (
        ("SELECT village_code FROM kampung_kb", RECORD),
        ("SELECT DISTINCT region_code FROM targets", TARGET),
        ("SELECT value FROM settings WHERE key = 'scope'", SCOPE),
    ):
        for (code,) in conn.execute(query):
            used.setdefault(code, []).append(reason)
    return used


def apply_region_list(
    conn: sqlite3.Connection,
    added: Sequence[RegionRow],
    renamed: Iterable[tuple[str, str, str]],
    removed: Iterable[str],
) -> None:
    """Add (parents first), rename and remove regions, then recount the derived counts."""
    doomed = sorted(removed, reverse=True)  # children before their parents
    if doomed:
        # The derived counts point to regions; recount_all rebuilds them below.
        conn.execute("DELETE FROM village_counts")
        conn.executemany("DELETE FROM regions WHERE code = ?", [(code,) for code in doomed])
    conn.executemany(
        "UPDATE regions SET name = ? WHERE code = ?", [(new, code) for code, _, new in renamed]
    )
    # The table's two CHECKs (a known level; no parent exactly for a provinsi) hold by
    # construction: plan_region_list derives both from the code. Evaluating them takes a
    # third of the national list's insert time, so they are skipped for this statement;
    # NOT NULL, STRICT types and the foreign key to the parent are still enforced, and
    # `kkb check` verifies levels and parents. (A flag pragma expires the compiled
    # statements, so nothing else runs without the checks.)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        with _indexes_rebuilt_after(conn, bulk=len(added) > _row_count(conn)):
            conn.executemany(
                "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)", added
            )
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
    recount_all(conn)


def _row_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM regions").fetchone()[0]
    return count


@contextmanager
def _indexes_rebuilt_after(conn: sqlite3.Connection, *, bulk: bool) -> Iterator[None]:
    """For a bulk load (more rows than the table holds, e.g. the national list into a new
    file), drop the table's secondary indexes and build them again afterwards from the same
    SQL: quicker than updating them row by row. All inside the caller's transaction."""
    if not bulk:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'index' AND tbl_name = 'regions' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')  # a name from the schema itself, not user text
    yield
    for _, sql in indexes:
        conn.execute(sql)


def tree_counts(conn: sqlite3.Connection, code: str) -> list[tuple[str, str, int, int]]:
    """For each region right below ``code`` (or ``ID``): (its code, a lower level, how many
    regions of that level it holds, how many of them are kelurahan)."""
    level = child_level(code)
    if level is None:
        return []
    low, high = within(code)
    params = {"length": CODE_LENGTH[level], "low": low, "high": high}
    return [
        (child, _LEVEL_OF_LENGTH[length], count, kelurahan)
        for child, length, count, kelurahan in conn.execute(_TREE_COUNTS, params)
    ]


def village_kinds(conn: sqlite3.Connection, code: str) -> tuple[int, int]:
    """How many kelurahan and how many desa the region (or ``ID``) has."""
    low, high = within(code)
    kelurahan, villages = conn.execute(
        "SELECT coalesce(sum(substr(code, 10, 1) = '1'), 0), count(*) FROM regions"
        " WHERE code > ? AND code < ? AND level = 'desa_kelurahan'",
        (low, high),
    ).fetchone()
    return kelurahan, villages - kelurahan
