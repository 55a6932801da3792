"""The regions: the scope, finding regions by code or name, what each region holds (loading a
Kemendagri region list in bulk is region_lists.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kkb_cli.domain.regions import CODE_LENGTH, INDONESIA_CODE, Level, Region, RegionCode, Village
from kkb_cli.storage.names import SeenCodes, SqlLookup

if TYPE_CHECKING:
    from kkb_cli.storage.region_lists import RegionListLoad

INDONESIA_REGION = Region(INDONESIA_CODE.value, "Indonesia")

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


def children(conn: sqlite3.Connection, code: RegionCode) -> list[Region]:
    """The regions right below ``code`` (the provinsi of Indonesia), in code order."""
    if code.is_indonesia:
        rows = conn.execute(
            "SELECT code, name FROM regions WHERE parent_code IS NULL ORDER BY code"
        )
    else:
        rows = conn.execute(
            "SELECT code, name FROM regions WHERE parent_code = ? ORDER BY code", (code.value,)
        )
    return [Region(*row) for row in rows]


class RegionStore:
    """The loaded regions and the file's scope."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def scope(self) -> Region:
        """The region the file's commands work in by default."""
        row = self.conn.execute("SELECT value FROM _settings WHERE key = 'scope'").fetchone()
        return self.get(RegionCode(row[0]) if row else INDONESIA_CODE) or INDONESIA_REGION

    def set_scope(self, region: Region) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO _settings (key, value) VALUES ('scope', ?)", (region.code,)
        )

    def get(self, code: RegionCode) -> Region | None:
        """The region with this code (all of Indonesia for ID); None when it is not loaded."""
        if code.is_indonesia:
            return INDONESIA_REGION
        row = self.conn.execute(
            "SELECT region.code, region.name, coalesce(parent.name, '') FROM regions AS region"
            " LEFT JOIN regions AS parent ON parent.code = region.parent_code"
            " WHERE region.code = ?",
            (code.value,),
        ).fetchone()
        return Region(*row) if row else None

    def children(self, code: RegionCode) -> list[Region]:
        return children(self.conn, code)

    def below(self, scope: RegionCode, level: Level) -> list[Region]:
        """The regions of ``level`` inside the scope, in code order."""
        rows = self.conn.execute(
            "SELECT code, name FROM regions WHERE code > ? AND code < ? AND level = ?"
            " ORDER BY code",
            (*scope.bounds, level.value),
        )
        return [Region(*row) for row in rows]

    def village(self, code: str) -> Village | None:
        """The desa/kelurahan with this code, wherever it lies; None when it is not loaded."""
        found: Village | None = self.lookup(INDONESIA_CODE, Level.DESA_KELURAHAN, "").by_code(code)
        return found

    def lookup(self, scope: RegionCode, level: Level, what: str) -> SqlLookup:
        """The regions of ``level`` inside the scope, to find by code or name."""
        return SqlLookup(self.conn, scope, level, what)

    def starting(
        self, typed: str, scope: RegionCode, levels: Sequence[Level], limit: int
    ) -> list[tuple[str, str, str | None]]:
        """(code, name, parent's name) of the regions whose name starts like ``typed``."""
        from kkb_cli.storage.names import names_starting

        return names_starting(self.conn, typed, scope, levels, limit)

    def village_kinds(self, code: RegionCode) -> tuple[int, int]:
        """How many kelurahan and how many desa the region (or Indonesia) has."""
        kelurahan, villages = self.conn.execute(
            "SELECT coalesce(sum(substr(code, 10, 1) = '1'), 0), count(*) FROM regions"
            " WHERE code > ? AND code < ? AND level = 'desa_kelurahan'",
            code.bounds,
        ).fetchone()
        return kelurahan, villages - kelurahan

    def tree_counts(self, code: RegionCode) -> list[tuple[str, str, int, int]]:
        """For each region right below ``code``: (its code, a lower level, how many regions
        of that level it holds, how many of them are kelurahan)."""
        level = code.child_level
        if level is None:
            return []
        low, high = code.bounds
        params = {"length": CODE_LENGTH[level], "low": low, "high": high}
        return [
            (child, _LEVEL_OF_LENGTH[length], count, kelurahan)
            for child, length, count, kelurahan in self.conn.execute(_TREE_COUNTS, params)
        ]

    def list_load(self) -> RegionListLoad:
        """A region list on its way in."""
        from kkb_cli.storage.region_lists import RegionListLoad

        return RegionListLoad(self.conn)

    def seen_codes(self) -> SeenCodes:
        """Where an import remembers the villages its rows named."""
        return SeenCodes(self.conn)
