"""Every query and write the commands make. Parameters are always bound, never formatted in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import Answer, Attribute, AttributeValue
from kkb_cli.domain.progress import ScopeData
from kkb_cli.domain.records import Change, KampungRecord, Status, record_values
from kkb_cli.domain.regions import Level, Region, Village
from kkb_cli.domain.targets import FORMED, Target
from kkb_cli.errors import DatabaseError
from kkb_cli.storage import history
from kkb_cli.storage.migrations import user_version

if TYPE_CHECKING:
    from kkb_cli.storage.checks import Finding


def _prefix_range(code: str) -> tuple[str, str]:
    """Bounds that select every code below ``code`` with an index range scan ('/' follows '.')."""
    return code + ".", code + "/"


@dataclass(frozen=True)
class HistoryRow:
    """One recorded change, with the record's values before and after (None: no record)."""

    id: int
    changed_at: str
    command: str
    os_user: str
    village_code: str
    village_name: str | None  # None when the region is no longer in the file
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class Repository:
    def __init__(self, conn: sqlite3.Connection, command: str = "") -> None:
        self.conn = conn
        self.command = command  # what history says made the changes ("add", "import csv x")

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
            all_targets=self.all_targets(scope),
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
        """The Kampung KB records in the scope, with their attributes, by village code."""
        return self._records_between(*_prefix_range(scope.code))

    def record(self, village_code: str) -> KampungRecord | None:
        """One village's record, with its attributes; None when it has none."""
        return self._records_between(village_code, village_code + "\0").get(village_code)

    def _records_between(self, low: str, high: str) -> dict[str, KampungRecord]:
        """Records whose village code lies in [low, high) (code ranges use the index)."""
        known: dict[str, dict[Attribute, AttributeValue]] = {}
        for code, attribute, answer, since in self.conn.execute(
            "SELECT village_code, attribute, answer, since FROM attributes"
            " WHERE village_code >= ? AND village_code < ?",
            (low, high),
        ):
            known.setdefault(code, {})[Attribute(attribute)] = AttributeValue(
                Answer(answer), date.fromisoformat(since) if since else None
            )
        rows = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM kampung_kb"  # noqa: S608 (a constant, no user text)
            " WHERE village_code >= ? AND village_code < ?",
            (low, high),
        )
        return {row[0]: _record(row, known.get(row[0], {})) for row in rows}

    def apply(self, changes: Iterable[Change]) -> None:
        """Write each change and append it to the history; the caller holds the write
        transaction, so the records and their history land together or not at all."""
        changed = [change for change in changes if change.changed]
        changed_at = history.now()
        inserts, updates, deletes = [], [], []
        for change in changed:
            if change.after is None:
                deletes.append((change.village_code,))
                continue
            row = {
                "village_code": change.village_code,
                **record_values(change.after),
                "updated_at": changed_at,
            }
            if change.before is None:
                inserts.append({**row, "created_at": changed_at})
            else:
                updates.append(row)
        # One prepared statement each, run for every row: the fastest way to write through
        # Python's sqlite3, which matters for an import of a whole province.
        self.conn.executemany("DELETE FROM kampung_kb WHERE village_code = ?", deletes)
        self.conn.executemany(_UPDATE_RECORD, updates)
        self.conn.executemany(_INSERT_RECORD, inserts)
        self._write_attributes(
            [c for c in changed if c.after is not None and c.after.attributes != _known(c.before)]
        )
        self._log(changed, changed_at)

    def _write_attributes(self, changes: Sequence[Change]) -> None:
        """Replace the attributes of each changed record with its new ones."""
        self.conn.executemany(
            "DELETE FROM attributes WHERE village_code = ?", [(c.village_code,) for c in changes]
        )
        self.conn.executemany(
            "INSERT INTO attributes (village_code, attribute, answer, since) VALUES (?, ?, ?, ?)",
            [
                (
                    change.village_code,
                    attribute.value,
                    value.answer.value,
                    value.since.isoformat() if value.since else None,
                )
                for change in changes
                if change.after is not None
                for attribute, value in change.after.attributes.items()
            ],
        )

    def log_current_records(self) -> None:
        """Start the history of a new file with the records it was created with (the seed)."""
        records = self._all_records()
        self._log([Change(code, None, record) for code, record in records.items()], history.now())

    def _log(self, changes: Sequence[Change], changed_at: str) -> None:
        user = history.os_user()
        self.conn.executemany(
            "INSERT INTO history"
            " (changed_at, command, os_user, village_code, old_values, new_values)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    changed_at,
                    self.command,
                    user,
                    change.village_code,
                    history.values_json(change.before),
                    history.values_json(change.after),
                )
                for change in changes
            ),
        )

    def _all_records(self) -> dict[str, KampungRecord]:
        return self._records_between("", "\U0010ffff")

    def count_formed(self, scope: Region) -> int:
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb"
            " WHERE village_code > ? AND village_code < ? AND status = ?",
            (*_prefix_range(scope.code), Status.FORMED.value),
        ).fetchone()[0]
        return count

    # -- history ---------------------------------------------------------------------------

    def history(
        self, village_code: str | None = None, limit: int | None = None
    ) -> list[HistoryRow]:
        """Recorded changes, newest first; only one village's when ``village_code`` is given,
        and at most ``limit``."""
        where, params = ("WHERE village_code = ?", (village_code,)) if village_code else ("", ())
        rows = self.conn.execute(
            "SELECT history.id, changed_at, command, os_user, village_code, regions.name,"  # noqa: S608 (constant text only)
            " old_values, new_values FROM history"
            " LEFT JOIN regions ON regions.code = history.village_code"
            f" {where} ORDER BY history.id DESC LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [
            HistoryRow(id_, at, command, user, code, name, _json_or_none(old), _json_or_none(new))
            for id_, at, command, user, code, name, old, new in rows
        ]

    # -- targets ---------------------------------------------------------------------------

    def targets(self, region: Region) -> dict[int, int]:
        """The region's formation targets, count by year."""
        rows = self.conn.execute(
            "SELECT year, count FROM targets WHERE region_code = ? AND subject = ? ORDER BY year",
            (region.code, FORMED),
        )
        return dict(rows.fetchall())

    def all_targets(self, scope: Region) -> list[Target]:
        """Every target of the scope and of the regions in it, of any subject."""
        rows = self.conn.execute(
            "SELECT region_code, year, subject, count, percent, note FROM targets"
            " WHERE region_code = ? OR (region_code > ? AND region_code < ?)"
            " ORDER BY region_code, year, subject",
            (scope.code, *_prefix_range(scope.code)),
        )
        return [Target(*row) for row in rows]

    def save_target(self, target: Target) -> Target | None:
        """Set a target, replacing one for the same region, year and subject; returns the
        one it replaced."""
        old = self._target(target.region_code, target.year, target.subject)
        if target.note is None and old is not None:  # a new amount keeps the old note
            target = replace(target, note=old.note)
        self.conn.execute(
            "INSERT OR REPLACE INTO targets (region_code, year, subject, count, percent, note)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                target.region_code,
                target.year,
                target.subject,
                target.count,
                target.percent,
                target.note,
            ),
        )
        return old

    def formed_before(self, region: Region, year: int) -> int:
        """How many Kampung KB in ``region`` were formed before ``year``."""
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb WHERE village_code > ? AND village_code < ?"
            " AND status = ? AND formed_year < ?",
            (*_prefix_range(region.code), Status.FORMED.value, year),
        ).fetchone()[0]
        return count

    def remove_target(self, region_code: str, year: int, subject: str) -> Target | None:
        """Remove a target; returns it, or None when there was none."""
        old = self._target(region_code, year, subject)
        self.conn.execute(
            "DELETE FROM targets WHERE region_code = ? AND year = ? AND subject = ?",
            (region_code, year, subject),
        )
        return old

    def _target(self, region_code: str, year: int, subject: str) -> Target | None:
        row = self.conn.execute(
            "SELECT region_code, year, subject, count, percent, note FROM targets"
            " WHERE region_code = ? AND year = ? AND subject = ?",
            (region_code, year, subject),
        ).fetchone()
        return Target(*row) if row else None

    # -- the file --------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows of each kind the file holds, for ``kkb info``."""
        regions = dict(self.conn.execute("SELECT level, count(*) FROM regions GROUP BY level"))
        records = dict(self.conn.execute("SELECT status, count(*) FROM kampung_kb GROUP BY 1"))
        targets: int = self.conn.execute("SELECT count(*) FROM targets").fetchone()[0]
        logged: int = self.conn.execute("SELECT count(*) FROM history").fetchone()[0]
        return {
            **{level.value: regions.get(level.value, 0) for level in Level},
            **{
                status.value: records.get(status.value, 0)
                for status in (Status.FORMED, Status.PLANNED)
            },
            "targets": targets,
            "history": logged,
        }

    def backup(self, target: Path, *, force: bool) -> None:
        """A consistent, checked copy of the database at ``target`` (see ``save_backup``)."""
        from kkb_cli.storage.database import save_backup

        save_backup(self.conn, target, force=force)

    def problems(self) -> list[Finding]:
        """What `kkb check` finds wrong in the file; empty when it is sound."""
        from kkb_cli.storage.checks import find_problems

        return find_problems(self.conn)

    def schema_version(self) -> int:
        return user_version(self.conn)

    def journal_mode(self) -> str:
        mode: str = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode


_INSERT_RECORD = """
    INSERT INTO kampung_kb (village_code, status, formed_year, formed_date, planned_year, name,
        sk_number, note, created_at, updated_at)
    VALUES (:village_code, :status, :formed_year, :formed_date, :planned_year, :name,
        :sk_number, :note, :created_at, :updated_at)
"""
_UPDATE_RECORD = """
    UPDATE kampung_kb SET status = :status, formed_year = :formed_year,
        formed_date = :formed_date, planned_year = :planned_year, name = :name,
        sk_number = :sk_number, note = :note, updated_at = :updated_at
    WHERE village_code = :village_code
"""

_RECORD_COLUMNS = (
    "village_code, status, formed_year, formed_date, planned_year, name, sk_number, note"
)


def _known(record: KampungRecord | None) -> Mapping[Attribute, AttributeValue]:
    return record.attributes if record is not None else {}


def _record(row: tuple[Any, ...], attributes: Mapping[Attribute, AttributeValue]) -> KampungRecord:
    code, status, formed_year, formed_date, planned_year, name, sk_number, note = row
    try:
        return KampungRecord(
            village_code=code,
            status=Status(status),
            formed_year=formed_year,
            formed_date=date.fromisoformat(formed_date) if formed_date else None,
            planned_year=planned_year,
            name=name,
            sk_number=sk_number,
            note=note,
            attributes={a: attributes[a] for a in Attribute if a in attributes},
        )
    except (ValueError, TypeError) as error:
        # Only a file changed by another tool, past the schema's checks, can hold such a row.
        raise DatabaseError("error.db_bad_record", code=code, detail=error) from None


def _json_or_none(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))
