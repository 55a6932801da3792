"""Every query and write the commands make. Parameters are always bound, never formatted in."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from kkb_cli.domain.progress import ScopeData
from kkb_cli.domain.records import KampungRecord, Status
from kkb_cli.domain.regions import Level, Region, Village
from kkb_cli.errors import DatabaseError
from kkb_cli.storage.migrations import user_version


def _prefix_range(code: str) -> tuple[str, str]:
    """Bounds that select every code below ``code`` with an index range scan ('/' follows '.')."""
    return code + ".", code + "/"


class Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def snapshot(self) -> ScopeData:
        """The scope's regions, records and targets, read in one transaction so they agree
        with each other even while another kkb is writing."""
        if self.conn.in_transaction:  # a writing session: its transaction is consistent already
            return self._read_snapshot()
        self.conn.execute("BEGIN")
        try:
            return self._read_snapshot()
        finally:
            self.conn.execute("COMMIT")  # nothing was written: this only ends the read

    def _read_snapshot(self) -> ScopeData:
        scope = self.scope()
        return ScopeData(
            scope=scope,
            areas=self.areas(scope),
            villages=self.villages(scope),
            records=self.records(scope),
            targets=self.targets(scope),
        )

    # -- regions ---------------------------------------------------------------------------

    def scope(self) -> Region:
        """The kabupaten/kota this database serves (one per database for now)."""
        rows = self.conn.execute(
            "SELECT code, name FROM regions WHERE level = ? ORDER BY code",
            (Level.KABUPATEN_KOTA.value,),
        ).fetchall()
        if len(rows) != 1:
            raise DatabaseError("error.scope_count", count=len(rows))
        return Region(*rows[0])

    def areas(self, scope: Region) -> list[Region]:
        """The regions one level below the scope (the kecamatan of a kota)."""
        rows = self.conn.execute(
            "SELECT code, name FROM regions WHERE parent_code = ? ORDER BY code", (scope.code,)
        )
        return [Region(*row) for row in rows]

    def villages(self, scope: Region) -> list[Village]:
        """Every desa/kelurahan in the scope, with its kecamatan, in code order."""
        rows = self.conn.execute(
            """
            SELECT village.code, village.name, kecamatan.code, kecamatan.name
            FROM regions AS village
            JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
            WHERE village.code > ? AND village.code < ? AND village.level = ?
            ORDER BY village.code
            """,
            (*_prefix_range(scope.code), Level.DESA_KELURAHAN.value),
        )
        return [Village(*row) for row in rows]

    # -- Kampung KB records ----------------------------------------------------------------

    def records(self, scope: Region) -> dict[str, KampungRecord]:
        """The Kampung KB records in the scope, by village code."""
        rows = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM kampung_kb"  # noqa: S608 (a constant, no user text)
            " WHERE village_code > ? AND village_code < ?",
            _prefix_range(scope.code),
        )
        return {row[0]: _record(row) for row in rows}

    def record(self, village_code: str) -> KampungRecord | None:
        row = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM kampung_kb WHERE village_code = ?",  # noqa: S608
            (village_code,),
        ).fetchone()
        return _record(row) if row else None

    def save_record(self, record: KampungRecord, *, new: bool) -> None:
        """Insert (``new``) or update one village's record; the caller holds the write
        transaction."""
        from sqlite_utils import Database  # imported here: only writers pay for it

        now = datetime.now(UTC).isoformat(timespec="seconds")
        row: dict[str, Any] = asdict(record)
        row["status"] = record.status.value
        row["formed_date"] = record.formed_date.isoformat() if record.formed_date else None
        row["updated_at"] = now
        table = Database(self.conn, execute_plugins=False).table("kampung_kb")
        if new:
            table.insert({**row, "created_at": now})
        else:
            table.update(record.village_code, row)

    def count_formed(self, scope: Region) -> int:
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb"
            " WHERE village_code > ? AND village_code < ? AND status = ?",
            (*_prefix_range(scope.code), Status.FORMED.value),
        ).fetchone()[0]
        return count

    # -- targets ---------------------------------------------------------------------------

    def targets(self, region: Region) -> dict[int, int]:
        """The region's formation targets, count by year."""
        rows = self.conn.execute(
            "SELECT year, count FROM targets WHERE region_code = ? ORDER BY year", (region.code,)
        )
        return dict(rows.fetchall())

    # -- the file --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows of each kind the file holds, for ``kkb info``."""
        regions = dict(self.conn.execute("SELECT level, count(*) FROM regions GROUP BY level"))
        records = dict(self.conn.execute("SELECT status, count(*) FROM kampung_kb GROUP BY 1"))
        targets: int = self.conn.execute("SELECT count(*) FROM targets").fetchone()[0]
        return {
            **{level.value: regions.get(level.value, 0) for level in Level},
            **{
                status.value: records.get(status.value, 0)
                for status in (Status.FORMED, Status.PLANNED)
            },
            "targets": targets,
        }

    def schema_version(self) -> int:
        return user_version(self.conn)

    def journal_mode(self) -> str:
        mode: str = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode


_RECORD_COLUMNS = (
    "village_code, status, formed_year, formed_date, planned_year, name, sk_number, note"
)


def _record(row: tuple[Any, ...]) -> KampungRecord:
    code, status, formed_year, formed_date, planned_year, name, sk_number, note = row
    return KampungRecord(
        village_code=code,
        status=Status(status),
        formed_year=formed_year,
        formed_date=date.fromisoformat(formed_date) if formed_date else None,
        planned_year=planned_year,
        name=name,
        sk_number=sk_number,
        note=note,
    )
