"""Targets: for any region, of any subject."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from kkb_cli.domain.regions import RegionCode
from kkb_cli.domain.status import Status
from kkb_cli.domain.targets import Target

_COLUMNS = "region_code, year, subject, count, percent, note, agencies"


def targets_of(conn: sqlite3.Connection, scope: RegionCode) -> list[Target]:
    """Every target of the scope and of the regions in it, of any subject."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM targets"  # noqa: S608 (constant text)
        " WHERE region_code = ? OR (region_code > ? AND region_code < ?)"
        " ORDER BY region_code, year, subject",
        (scope.value, *scope.bounds),
    )
    return [Target(*row) for row in rows]


class TargetStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def within(self, scope: RegionCode) -> list[Target]:
        return targets_of(self.conn, scope)

    def save(self, target: Target) -> Target | None:
        """Set a target, replacing one for the same region, year and subject; returns the
        one it replaced. A new amount keeps the old note unless a note is given."""
        old = self.get(target.region_code, target.year, target.subject)
        if target.note is None and old is not None:
            target = replace(target, note=old.note)
        self.conn.execute(
            f"INSERT OR REPLACE INTO targets ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            (
                target.region_code,
                target.year,
                target.subject,
                target.count,
                target.percent,
                target.note,
                target.agencies,
            ),
        )
        return old

    def remove(self, region_code: str, year: int, subject: str) -> Target | None:
        """Remove a target; returns it, or None when there was none."""
        old = self.get(region_code, year, subject)
        self.conn.execute(
            "DELETE FROM targets WHERE region_code = ? AND year = ? AND subject = ?",
            (region_code, year, subject),
        )
        return old

    def get(self, region_code: str, year: int, subject: str) -> Target | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM targets"  # noqa: S608 (constant text)
            " WHERE region_code = ? AND year = ? AND subject = ?",
            (region_code, year, subject),
        ).fetchone()
        return Target(*row) if row else None

    def formed_before(self, region: RegionCode, year: int) -> int:
        """How many Kampung KB in ``region`` were formed before ``year``."""
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb WHERE village_code > ? AND village_code < ?"
            " AND status = ? AND formed_year < ?",
            (*region.bounds, Status.FORMED.value, year),
        ).fetchone()[0]
        return count
