"""Finding regions by name in the file, without reading them all.

Each region's name key (``domain.regions.name_key``: "Kel. Soko Duwet" → ``sokoduwet``) is
stored beside its name, with an index, so that an exact name is one lookup. A trigram index of
the same keys (SQLite FTS5, table ``_region_names``) finds the names that contain a few letters
(``kergon`` → Bendan Kergon) and the names that look like a misspelt one, among the 84,000
villages of Indonesia, in milliseconds. Its row of a region is the region's code as a number
(33.75.03.1002 → 3375031002): unique across levels, and a scope is a range of such numbers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from kkb_cli.domain.regions import Level, Region, RegionCode, Village, name_key

_SCAN_AT_MOST = 5000  # candidates compared one by one for similarity; more go through the index

_VILLAGE_SELECT = """
    SELECT village.code, village.name, kecamatan.code, kecamatan.name, kabupaten.name,
        village.name_key
    FROM regions AS village
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
"""
_REGION_SELECT = """
    SELECT village.code, village.name, parent.name, village.name_key FROM regions AS village
    LEFT JOIN regions AS parent ON parent.code = village.parent_code
"""


def refresh_name_keys(conn: sqlite3.Connection, codes: Iterable[str] | None = None) -> None:
    """Compute the name keys and trigram rows of ``codes`` (every region when None); the caller
    holds the write transaction."""
    if codes is None:
        rows = conn.execute("SELECT code, name FROM regions").fetchall()
        conn.execute("DELETE FROM _region_names")
    else:
        wanted = list(codes)
        forget_names(conn, wanted)
        rows = [
            row
            for code in wanted
            for row in conn.execute("SELECT code, name FROM regions WHERE code = ?", (code,))
        ]
    keyed = [(_key_of(code, name), code) for code, name in rows]
    conn.executemany("UPDATE regions SET name_key = ? WHERE code = ?", keyed)
    conn.executemany(
        "INSERT INTO _region_names (rowid, name_key) VALUES (?, ?)",
        [(RegionCode(code).number, key) for key, code in keyed],
    )


def _key_of(code: str, name: str) -> str:
    """A region's name key: its name without the word of its level ("Kabupaten Batang" is
    ``batang``)."""
    return name_key(name, RegionCode(code).level or Level.PROVINSI)


def forget_names(conn: sqlite3.Connection, codes: Iterable[str]) -> None:
    """Take regions out of the trigram index (removed or renamed ones)."""
    conn.executemany(
        "DELETE FROM _region_names WHERE rowid = ?", [(RegionCode(code).number,) for code in codes]
    )


def stale_name_keys(conn: sqlite3.Connection) -> list[str]:
    """Regions whose stored key, or trigram row, is not their name's (another program changed
    names): `kkb check` reports them, `kkb check --recount` computes them again."""
    stale = [
        code
        for code, name, key in conn.execute("SELECT code, name, name_key FROM regions")
        if _key_of(code, name) != key
    ]
    indexed = conn.execute("SELECT count(*) FROM _region_names").fetchone()[0]
    regions = conn.execute("SELECT count(*) FROM regions").fetchone()[0]
    if indexed != regions and not stale:
        stale.append("_region_names")
    return stale


class SqlLookup:
    """The regions of one level inside a scope, as ``domain.regions.find_region`` looks for
    them (a ``RegionLookup``). A code is found anywhere in the loaded regions; a name only
    inside the scope."""

    def __init__(
        self, conn: sqlite3.Connection, scope: RegionCode, level: Level, what: str
    ) -> None:
        self.conn = conn
        self.level = level
        self.what = what
        self.low, self.high = scope.bounds
        self.first, self.last = scope.numbers_below(level)
        self._select = _VILLAGE_SELECT if level is Level.DESA_KELURAHAN else _REGION_SELECT

    def _make(self, row: Sequence[Any]) -> Any:
        if self.level is Level.DESA_KELURAHAN:
            return Village(*row[:5])
        return Region(row[0], row[1], row[2] or "")

    def _rows(self, where: str, params: Sequence[Any], tail: str = "") -> list[Sequence[Any]]:
        return self.conn.execute(
            f"{self._select} WHERE {where} AND +village.level = ? {tail}",
            (*params, self.level.value),
        ).fetchall()

    def narrowed(self, query: str) -> tuple[Any, str]:
        return self, name_key(query, self.level)

    def by_code(self, code: str) -> Any:
        rows = self._rows("village.code = ?", (code,))
        return self._make(rows[0]) if rows else None

    def exact(self, key: str) -> list[Any]:
        rows = self._rows(
            "village.name_key = ? AND village.code > ? AND village.code < ?",
            (key, self.low, self.high),
            "ORDER BY village.code",
        )
        return [self._make(row) for row in rows]

    @cached_property
    def _small(self) -> bool:
        """Whether the scope has few enough candidates to read their keys one by one: quicker
        than the trigram index, whose lists span all of Indonesia."""
        (count,) = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM regions WHERE code > ? AND code < ?"
            " AND +level = ? LIMIT ?)",
            (self.low, self.high, self.level.value, _SCAN_AT_MOST + 1),
        ).fetchone()
        return bool(count <= _SCAN_AT_MOST)

    def containing(self, key: str, limit: int) -> tuple[list[Any], int]:
        if len(key) < 3 or self._small:  # shorter than a trigram, or a small scope
            where = "instr(village.name_key, ?) AND village.code > ? AND village.code < ?"
            rows = self._rows(where, (key, self.low, self.high), "ORDER BY village.code")
            return [self._make(row) for row in rows[:limit]], len(rows)
        match = f'"{key}"'  # a key holds letters and digits only: a phrase of its trigrams
        found = self.conn.execute(
            "SELECT rowid FROM _region_names WHERE _region_names MATCH ?"
            " AND rowid BETWEEN ? AND ? ORDER BY rowid",
            (match, self.first, self.last),
        ).fetchall()
        return self._by_numbers([number for (number,) in found[:limit]]), len(found)

    def similar(self, key: str, limit: int) -> list[tuple[str, Any]]:
        if self._small:
            rows = self._rows(
                "village.code > ? AND village.code < ?",
                (self.low, self.high),
                "ORDER BY village.code",
            )
            return [(row[-1], self._make(row)) for row in rows]
        trigrams = {key[i : i + 3] for i in range(len(key) - 2)}
        if not trigrams:
            return []
        found = self.conn.execute(
            "SELECT rowid FROM _region_names WHERE _region_names MATCH ?"
            " AND rowid BETWEEN ? AND ? ORDER BY rank LIMIT ?",
            (" OR ".join(f'"{t}"' for t in sorted(trigrams)), self.first, self.last, limit),
        ).fetchall()
        regions = self._by_numbers([number for (number,) in found])
        return [(_key_of(region.code, region.name), region) for region in regions]

    def few(self, limit: int) -> list[Any]:
        rows = self._rows(
            "village.code > ? AND village.code < ?",
            (self.low, self.high),
            f"ORDER BY village.code LIMIT {int(limit) + 1}",
        )
        return [self._make(row) for row in rows] if len(rows) <= limit else []

    def sample(self) -> Any:
        rows = self._rows(
            "village.code > ? AND village.code < ?",
            (self.low, self.high),
            "ORDER BY village.code LIMIT 1",
        )
        return self._make(rows[0]) if rows else None

    def _by_numbers(self, numbers: Sequence[int]) -> list[Any]:
        found = []
        for number in numbers:
            region = self.by_code(RegionCode.from_number(number).value)
            if region is not None:
                found.append(region)
        return found


class SeenCodes:
    """The line each code was first met on in an import, kept in a temporary table (on disk,
    with SQLite's small cache) rather than in memory, so that a file of any length fits."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("DROP TABLE IF EXISTS temp.seen_codes")
        conn.execute("CREATE TEMP TABLE seen_codes (code TEXT PRIMARY KEY, line INTEGER) STRICT")

    def setdefault(self, code: str, line: int, /) -> int:
        cursor = self.conn.execute(
            "INSERT INTO seen_codes VALUES (?, ?) ON CONFLICT DO NOTHING", (code, line)
        )
        if cursor.rowcount == 1:
            return line
        first: int = self.conn.execute(
            "SELECT line FROM seen_codes WHERE code = ?", (code,)
        ).fetchone()[0]
        return first

    def close(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.seen_codes")


# The names that start with what was typed, for shell completion. Inside a kabupaten or
# smaller, the scope's own regions (a few hundred) are read by code; across a provinsi or
# Indonesia, the name key index is read from the prefix on. Either way it stops at ``limit``.
_STARTING_IN_SCOPE = """
    SELECT region.code, region.name, parent.name FROM regions AS region
    LEFT JOIN regions AS parent ON parent.code = region.parent_code
    WHERE region.code > :low AND region.code < :high AND region.level IN ({levels})
      AND region.name_key >= :key AND region.name_key < :key || char(1114111)
    ORDER BY region.name_key, region.code LIMIT :limit
"""
_STARTING_BY_NAME = """
    SELECT region.code, region.name, parent.name
    FROM regions AS region INDEXED BY regions_by_name_key
    LEFT JOIN regions AS parent ON parent.code = region.parent_code
    WHERE region.name_key >= :key AND region.name_key < :key || char(1114111)
      AND region.code > :low AND region.code < :high AND region.level IN ({levels})
    ORDER BY region.name_key, region.code LIMIT :limit
"""
_STARTING_BY_CODE = """
    SELECT region.code, region.name, parent.name FROM regions AS region
    LEFT JOIN regions AS parent ON parent.code = region.parent_code
    WHERE region.code >= :key AND region.code < :key || ':'
      AND region.code > :low AND region.code < :high AND region.level IN ({levels})
    ORDER BY region.code LIMIT :limit
"""


def names_starting(
    conn: sqlite3.Connection,
    typed: str,
    scope: RegionCode,
    levels: Sequence[Level],
    limit: int,
) -> list[tuple[str, str, str | None]]:
    """(code, name, parent's name) of the regions of ``levels`` in ``scope`` whose name starts
    like ``typed`` (compared as name keys: "kel. sok" finds Sokoduwet), at most ``limit``,
    by name; or whose code starts with ``typed`` when it starts with a digit, by code."""
    key = name_key(typed, levels[0]) if typed.strip() else ""
    small = scope.depth >= 1  # a kabupaten/kota or a kecamatan
    query = _STARTING_IN_SCOPE if small or not key else _STARTING_BY_NAME
    if typed[:1].isdigit():
        query, key = _STARTING_BY_CODE, typed.strip()
    marks = ", ".join(f":level{i}" for i in range(len(levels)))
    low, high = scope.bounds
    params: dict[str, Any] = {"low": low, "high": high, "key": key, "limit": limit}
    params |= {f"level{i}": level.value for i, level in enumerate(levels)}
    rows = conn.execute(query.format(levels=marks), params)
    return [(code, name, parent) for code, name, parent in rows]
