"""Region boundaries (schema 9): each region's outline, for maps.

A file of boundaries on its way in is streamed into a temporary table (on disk, like a region
list's rows: memory stays flat), compared with the region list in SQL, and written all at
once; the map reads them back by region and level.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kkb_cli.domain.boundaries import CheckedFeature
from kkb_cli.domain.regions import CODE_LENGTH, INDONESIA_CODE, Level, RegionCode


@dataclass
class BoundaryChanges:
    """What loading the boundaries would change, counted."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0


class BoundaryStore:
    """The stored boundaries."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def shapes(self, prefix_code: str, level: Level) -> Iterator[tuple[str, dict[str, Any]]]:
        """(region code, GeoJSON MultiPolygon) of every boundary of a region of ``level`` that
        is ``prefix_code`` or lies in it ("" or "ID": all of Indonesia), in code order."""
        query, params = _within(prefix_code, level)
        for code, geometry in self.conn.execute(
            f"SELECT region_code, geometry FROM boundaries WHERE {query} ORDER BY region_code",  # noqa: S608
            params,
        ):
            yield code, json.loads(geometry)

    def count(self, prefix_code: str, level: Level) -> int:
        """How many regions of ``level`` in ``prefix_code`` have a boundary (see ``shapes``)."""
        query, params = _within(prefix_code, level)
        found: int = self.conn.execute(
            f"SELECT count(*) FROM boundaries WHERE {query}",  # noqa: S608 (constant text)
            params,
        ).fetchone()[0]
        return found

    def loading(self) -> BoundaryLoad:
        """A file of boundaries on its way in."""
        return BoundaryLoad(self.conn)


def _within(prefix_code: str, level: Level) -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause of the regions of ``level`` that are, or lie in, ``prefix_code``: an
    index range on the code, and the code's length for the level."""
    length = CODE_LENGTH[level]
    prefix = prefix_code.strip()
    everywhere = not prefix or RegionCode.means_indonesia(prefix)
    region = INDONESIA_CODE if everywhere else RegionCode(prefix)
    low, high = region.bounds
    return (
        "((region_code > ? AND region_code < ?) OR region_code = ?) AND length(region_code) = ?",
        (low, high, region.value, length),
    )


class BoundaryLoad:
    """The features of one file: good ones with their outline, bad ones with their code (so
    that an unknown code is reported with the rest). Nothing reaches ``boundaries`` until
    ``apply``; the table goes with ``close`` or with the connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("DROP TABLE IF EXISTS temp.incoming_boundaries")
        conn.execute(
            "CREATE TEMP TABLE incoming_boundaries (number INTEGER PRIMARY KEY,"
            " code TEXT NOT NULL, geometry TEXT, west REAL, south REAL, east REAL, north REAL)"
        )

    def add(self, features: Iterable[CheckedFeature]) -> None:
        """Features with a readable code; a good one with its outline."""
        self.conn.executemany(
            "INSERT INTO incoming_boundaries VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    feature.number,
                    feature.code,
                    *(
                        (b.geometry, b.west, b.south, b.east, b.north)
                        if (b := feature.boundary) is not None
                        else (None,) * 5
                    ),
                )
                for feature in features
                if feature.code is not None
            ),
        )

    def refused(self, limit: int) -> tuple[list[tuple[int, str]], int]:
        """The features whose code the region list lacks, the first ``limit`` (number, code)
        by number; and how many features with a code are refused, for that or for what is
        wrong with them (they have no outline)."""
        self.conn.execute(
            "CREATE INDEX temp.incoming_boundaries_by_code ON incoming_boundaries (code)"
        )
        found = self.conn.execute(f"{_UNKNOWN} ORDER BY number LIMIT ?", (limit,)).fetchall()
        (refused,) = self.conn.execute(
            f"SELECT count(*) FROM incoming_boundaries WHERE geometry IS NULL"  # noqa: S608
            f" OR number IN (SELECT number FROM ({_UNKNOWN}))"
        ).fetchone()
        return found, refused

    def plan(self) -> BoundaryChanges:
        """Count what loading would add, replace, and leave as it was."""
        added, replaced, unchanged = self.conn.execute(
            "SELECT coalesce(sum(b.region_code IS NULL), 0),"
            " coalesce(sum(b.geometry <> i.geometry), 0),"
            " coalesce(sum(b.geometry = i.geometry), 0)"
            " FROM incoming_boundaries AS i"
            " LEFT JOIN main.boundaries AS b ON b.region_code = i.code"
        ).fetchone()
        return BoundaryChanges(added, replaced, unchanged)

    def codes(self) -> Iterator[str]:
        """The codes loaded, in code order."""
        for (code,) in self.conn.execute("SELECT code FROM incoming_boundaries ORDER BY code"):
            yield code

    def apply(self) -> None:
        """Write every boundary of the file, replacing those the regions had; the caller holds
        the write transaction."""
        self.conn.execute(
            "INSERT INTO main.boundaries (region_code, geometry, west, south, east, north)"
            " SELECT code, geometry, west, south, east, north FROM incoming_boundaries"
            " WHERE true ORDER BY code"  # WHERE: SQLite's rule for an upsert after a SELECT
            " ON CONFLICT (region_code) DO UPDATE SET geometry = excluded.geometry,"
            " west = excluded.west, south = excluded.south, east = excluded.east,"
            " north = excluded.north"
        )

    def close(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.incoming_boundaries")


_UNKNOWN = """
    SELECT number, code FROM incoming_boundaries
    WHERE NOT EXISTS (SELECT 1 FROM main.regions WHERE regions.code = incoming_boundaries.code)
"""
