"""Every query and write the commands make. Parameters are always bound, never formatted in."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, Answer, Attribute, AttributeValue
from kkb_cli.domain.progress import AnswerCount, RecordCount, ScopeData, VillageCount
from kkb_cli.domain.records import (
    ATTRIBUTES,
    RECORD_FIELDS,
    Change,
    KampungRecord,
    Status,
    record_values,
)
from kkb_cli.domain.regions import (
    CODE_LENGTH,
    INDONESIA,
    Level,
    Region,
    Village,
    child_level,
)
from kkb_cli.domain.targets import Target
from kkb_cli.errors import DatabaseError, RefusedError
from kkb_cli.storage import counts, history
from kkb_cli.storage.counts import within
from kkb_cli.storage.history import Seal
from kkb_cli.storage.migrations import user_version
from kkb_cli.storage.names import SeenCodes, SqlLookup

if TYPE_CHECKING:
    from kkb_cli.storage.checks import Finding
    from kkb_cli.storage.regions import RegionListLoad


_KAMPUNG_TEXTS = ("village.name", "kecamatan.name", "kampung_kb.name", "sk_number", "note")
_KAMPUNG_TABLE = """
    SELECT village.code, {0}, village.parent_code, {1},
        coalesce(status, 'none'),
        CASE status WHEN 'formed' THEN formed_year ELSE planned_year END,
        formed_date, planned_year, {2}, {3}, {4},
        (SELECT group_concat(attribute || '=' || answer) FROM attributes
         WHERE attributes.village_code = village.code)
    FROM regions AS village
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    LEFT JOIN kampung_kb ON kampung_kb.village_code = village.code
    -- "+level": walk the code index in order (streamed, no sort of the whole result in
    -- memory) rather than the level index
    WHERE village.code > ? AND village.code < ? AND +village.level = 'desa_kelurahan'
    ORDER BY village.code
"""


# Formed in the report's year, but after its date.
_FORMED_LATER = """
    SELECT substr(village_code, 1, :length), status, formed_year, planned_year, count(*)
    FROM kampung_kb
    WHERE formed_year = :year AND formed_date > :date AND status = 'formed'
        AND village_code > :low AND village_code < :high
    GROUP BY 1, 2, 3, 4
"""
# The answers of those records: not known on the date, since their record was not formed yet.
_ANSWERS_OF_FORMED_LATER = """
    SELECT substr(village_code, 1, :length), formed_year, attribute, answer,
        CAST(substr(since, 1, 4) AS INTEGER), count(*)
    FROM kampung_kb JOIN attributes USING (village_code)
    WHERE formed_year = :year AND formed_date > :date AND status = 'formed'
        AND kampung_kb.village_code > :low AND kampung_kb.village_code < :high
        AND (since IS NULL OR CAST(substr(since, 1, 4) AS INTEGER) <= :year)
    GROUP BY 1, 2, 3, 4, 5
"""
# Answers dated later in the report's year, of records formed by its date.
_ANSWERED_LATER = """
    SELECT substr(village_code, 1, :length), formed_year, attribute, answer,
        CAST(substr(since, 1, 4) AS INTEGER), count(*)
    FROM attributes JOIN kampung_kb USING (village_code)
    WHERE since > :date AND since < CAST(:year + 1 AS TEXT) AND status = 'formed'
        AND formed_year <= :year
        AND NOT (formed_year = :year AND formed_date IS NOT NULL AND formed_date > :date)
        AND attributes.village_code > :low AND attributes.village_code < :high
    GROUP BY 1, 2, 3, 4, 5
"""


_STATUSES = frozenset(status.value for status in Status)


class _BadStatusError(Exception):
    """A status the schema does not allow: only another tool, past its checks, stores one."""


def _record_count(row: tuple[Any, ...]) -> RecordCount:
    area, status, formed_year, planned_year, count = row
    if status not in _STATUSES or status == Status.NONE:
        raise _BadStatusError(status)
    return RecordCount(area, Status(status), formed_year, planned_year, count)


def _answer_count(row: tuple[Any, ...]) -> AnswerCount:
    area, formed_year, attribute, answer, since_year, count = row
    return AnswerCount(area, formed_year, Attribute(attribute), Answer(answer), since_year, count)


@dataclass(frozen=True)
class HistoryRow:
    """One recorded change, with the values before and after (None: none)."""

    id: int
    changed_at: str
    command: str
    os_user: str
    kind: str  # kampung_kb, or file for an event of the file itself
    item: str
    village_code: str | None
    village_name: str | None  # None when the region is no longer in the file
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


class Repository:
    def __init__(
        self, conn: sqlite3.Connection, command: str = "", path: Path | None = None
    ) -> None:
        self.conn = conn
        self.command = command  # what history says made the changes ("add", "import csv x")
        self.path = path  # the database file, when there is one

    def snapshot(self, scope: Region, as_of: date) -> ScopeData:
        """What a report on ``scope`` needs on ``as_of``, counted by area, read in one
        transaction so that the counts agree with each other even while another kkb writes."""
        if self.conn.in_transaction:  # a writing session: its transaction is consistent already
            return self._read_snapshot(scope, as_of)
        self.conn.execute("BEGIN")
        try:
            return self._read_snapshot(scope, as_of)
        finally:
            self.conn.execute("COMMIT")  # nothing was written: this only ends the read

    def _read_snapshot(self, scope: Region, as_of: date) -> ScopeData:
        low, high = within(scope.code)
        level = child_level(scope.code)
        length = CODE_LENGTH[level] if level else len(scope.code)
        params = {"length": length, "low": low, "high": high}
        if scope.level in (None, Level.PROVINSI):
            # Counted ahead, per kabupaten/kota and provinsi (storage/counts.py).
            where = (
                " WHERE region_code > :low AND region_code < :high"
                " AND length(region_code) = :length"
            )
            villages = self.conn.execute(f"SELECT * FROM village_counts {where}", params)  # noqa: S608
            records = self.conn.execute(
                "SELECT region_code, status, formed_year, planned_year, count"  # noqa: S608
                f" FROM record_counts {where}",
                params,
            )
            answers = self.conn.execute(
                "SELECT region_code, formed_year, attribute, answer, since_year, count"  # noqa: S608
                f" FROM attribute_counts {where}",
                params,
            )
        else:
            villages = self.conn.execute(counts.GROUPED_VILLAGES, params)
            records = self.conn.execute(counts.GROUPED_RECORDS, params)
            answers = self.conn.execute(counts.GROUPED_ATTRIBUTES, params)
        by_area = {code: VillageCount(kelurahan, desa) for code, kelurahan, desa in villages}
        try:
            record_counts = [_record_count(row) for row in records]
        except _BadStatusError as error:
            code = self.conn.execute(
                "SELECT village_code FROM kampung_kb WHERE status = ? LIMIT 1", error.args
            ).fetchone()
            detail = f"status {error.args[0]!r}"
            raise DatabaseError(
                "error.db_bad_record", code=code[0] if code else "?", detail=detail
            ) from None
        answer_counts = [_answer_count(row) for row in answers]
        later = {**params, "year": as_of.year, "date": as_of.isoformat()}
        return ScopeData(
            scope=scope,
            areas=self.children(scope.code),
            villages=by_area,
            records=record_counts,
            answers=answer_counts,
            formed_later=[_record_count(r) for r in self.conn.execute(_FORMED_LATER, later)],
            answered_later=[
                _answer_count(row)
                for query in (_ANSWERS_OF_FORMED_LATER, _ANSWERED_LATER)
                for row in self.conn.execute(query, later)
            ],
            targets=self.all_targets(scope),
        )

    # -- regions ---------------------------------------------------------------------------

    def scope(self, code: str | None = None) -> Region:
        """The region a command works in: ``code`` (a --scope), else the file's own scope."""
        if code is None:
            row = self.conn.execute("SELECT value FROM settings WHERE key = 'scope'").fetchone()
            code = row[0] if row else INDONESIA
        region = self.region(code)
        if region is None:
            raise RefusedError("error.scope_unknown", code=code)
        return region

    def set_scope(self, region: Region) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('scope', ?)", (region.code,)
        )

    def region(self, code: str) -> Region | None:
        """The region with this code (``ID``: all of Indonesia); None when it is not loaded."""
        if code == INDONESIA:
            return Region(INDONESIA, "Indonesia")
        row = self.conn.execute("SELECT code, name FROM regions WHERE code = ?", (code,)).fetchone()
        return Region(*row) if row else None

    def children(self, code: str) -> list[Region]:
        """The regions right below ``code`` (the provinsi of ``ID``), in code order."""
        if code == INDONESIA:
            rows = self.conn.execute(
                "SELECT code, name FROM regions WHERE parent_code IS NULL ORDER BY code"
            )
        else:
            rows = self.conn.execute(
                "SELECT code, name FROM regions WHERE parent_code = ? ORDER BY code", (code,)
            )
        return [Region(*row) for row in rows]

    def regions_below(self, scope: Region, level: Level) -> list[Region]:
        """The regions of ``level`` inside the scope, in code order."""
        rows = self.conn.execute(
            "SELECT code, name FROM regions WHERE code > ? AND code < ? AND level = ?"
            " ORDER BY code",
            (*within(scope.code), level.value),
        )
        return [Region(*row) for row in rows]

    def village_lookup(self, scope: Region) -> SqlLookup:
        """The desa/kelurahan of the scope, to find by code or name (``find_region``)."""
        from kkb_cli.domain.regions import village_noun

        noun = village_noun(*self.village_kinds(scope))
        return SqlLookup(self.conn, scope.code, Level.DESA_KELURAHAN, noun)

    def seen_codes(self) -> SeenCodes:
        """Where an import remembers the villages its rows named (see storage/names.py)."""
        return SeenCodes(self.conn)

    def region_lookup(self, scope: Region, level: Level, what: str) -> SqlLookup:
        """The regions of ``level`` inside the scope, to find by code or name."""
        return SqlLookup(self.conn, scope.code, level, what)

    def village(self, code: str) -> Village | None:
        """The desa/kelurahan with this code, wherever it lies; None when it is not loaded."""
        rows = self._villages_between(code, code + "\0")
        return rows[0] if rows else None

    def begin_read(self) -> None:
        """Read all that follows from one snapshot of the file; the session ends it."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")

    def areas(self, scope: Region) -> list[Region]:
        """The regions one level below the scope (the kecamatan of a kota)."""
        return self.children(scope.code)

    def villages(self, scope: Region) -> list[Village]:
        """Every desa/kelurahan in the scope, with its kecamatan and kabupaten/kota, in code
        order."""
        return self._villages_between(*within(scope.code))

    def _villages_between(self, low: str, high: str) -> list[Village]:
        rows = self.conn.execute(
            """
            SELECT village.code, village.name, kecamatan.code, kecamatan.name, kabupaten.name
            FROM regions AS village
            JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
            JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
            WHERE village.code >= ? AND village.code < ? AND +village.level = ?
            ORDER BY village.code
            """,
            (low, high, Level.DESA_KELURAHAN.value),
        )
        return [Village(*row) for row in rows]

    def kampung_table(self, scope: Region, escape: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """One row per village of the scope with its record, in ``KAMPUNG_COLUMNS`` order,
        streamed from the cursor: an export of all of Indonesia never sits whole in memory.

        Text starting with one of the ``escape`` characters gets a ``'`` in front (CSV for
        spreadsheets, see render/csvout.py), done by SQLite because it is much quicker there.
        """
        low, high = within(scope.code)
        blank = (None,) * len(Attribute)
        marks = ", ".join("?" * len(escape))
        texts = [
            f"CASE WHEN substr({c}, 1, 1) IN ({marks}) THEN char(39) || {c} ELSE {c} END"
            if escape
            else c
            for c in _KAMPUNG_TEXTS
        ]
        query = _KAMPUNG_TABLE.format(*texts)
        params = [char for _ in _KAMPUNG_TEXTS for char in escape]
        keys = [attribute.value for attribute in Attribute]
        for row in self.conn.execute(query, (*params, low, high)):
            if row[4] not in _STATUSES:
                detail = f"status {row[4]!r}"
                raise DatabaseError("error.db_bad_record", code=row[0], detail=detail)
            answers = row[-1]
            if answers is None:  # most rows: cheap tuple slicing, no per-cell Python
                yield row[:-1] + blank
            else:
                known = dict(pair.split("=") for pair in answers.split(","))
                yield row[:-1] + tuple(known.get(key) for key in keys)

    # -- Kampung KB records ----------------------------------------------------------------

    def records(self, scope: Region) -> dict[str, KampungRecord]:
        """The Kampung KB records in the scope, with their attributes, by village code."""
        return self._records_between(*within(scope.code))

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

    def apply(self, changes: Iterable[Change], *, recount: bool = True) -> list[str]:
        """Write each change and append it to the history; the caller holds the write
        transaction, so the records and their history land together or not at all. Returns
        the village codes written; ``recount=False`` leaves the counts to the caller (an
        import writes in batches and recounts once)."""
        changed_at = history.now()
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        deletes: list[tuple[str]] = []
        logged: list[history.Change] = []
        replaced, answers = [], []  # records whose attributes change, and their new answers
        for change in changes:
            if not change.changed:
                continue
            code = change.village_code
            before, after = record_values(change.before), record_values(change.after)
            logged.append(
                history.Change(
                    history.KAMPUNG_KB,
                    code,
                    code,
                    history.as_json(before),
                    history.as_json(after),
                )
            )
            if after is None:
                deletes.append((code,))  # its attributes go with it (ON DELETE CASCADE)
                continue
            row = (
                code,
                *(after[field] for field in RECORD_FIELDS),
                changed_at if before is None else None,  # created_at is kept by an update
                changed_at,
            )
            (inserts if before is None else updates).append(row)
            if after[ATTRIBUTES] != (before[ATTRIBUTES] if before else {}):
                if before is not None:
                    replaced.append((code,))
                answers += [
                    (code, key, value["answer"], value["since"])
                    for key, value in after[ATTRIBUTES].items()
                ]
        # One prepared statement each, run for every row: the fastest way to write through
        # Python's sqlite3, which matters for an import of a whole province.
        self.conn.executemany("DELETE FROM kampung_kb WHERE village_code = ?", deletes)
        self.conn.executemany(_UPDATE_RECORD, updates)
        self.conn.executemany(_INSERT_RECORD, inserts)
        self.conn.executemany("DELETE FROM attributes WHERE village_code = ?", replaced)
        self.conn.executemany(
            "INSERT INTO attributes (village_code, attribute, answer, since) VALUES (?, ?, ?, ?)",
            answers,
        )
        history.append(self.conn, logged, self.command)
        written = [change.item for change in logged]
        if recount:
            counts.recount(self.conn, written)
        return written

    def log_current_records(self) -> None:
        """Start the history of a new file with the records it was created with (the seed)."""
        records = self._all_records()
        history.append(
            self.conn,
            (
                history.Change(history.KAMPUNG_KB, code, code, None, history.values_json(record))
                for code, record in records.items()
            ),
            self.command,
        )

    def _all_records(self) -> dict[str, KampungRecord]:
        return self._records_between("", "\U0010ffff")

    def count_formed(self, scope: Region) -> int:
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb"
            " WHERE village_code > ? AND village_code < ? AND status = ?",
            (*within(scope.code), Status.FORMED.value),
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
            "SELECT history.id, changed_at, command, os_user, kind, item, village_code,"  # noqa: S608 (constant text only)
            " regions.name, old_values, new_values, hash FROM history"
            " LEFT JOIN regions ON regions.code = history.village_code"
            f" {where} ORDER BY history.id DESC LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [
            HistoryRow(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                _json_or_none(row[8]),
                _json_or_none(row[9]),
                row[10],
            )
            for row in rows
        ]

    # -- targets ---------------------------------------------------------------------------

    def all_targets(self, scope: Region) -> list[Target]:
        """Every target of the scope and of the regions in it, of any subject."""
        rows = self.conn.execute(
            "SELECT region_code, year, subject, count, percent, note FROM targets"
            " WHERE region_code = ? OR (region_code > ? AND region_code < ?)"
            " ORDER BY region_code, year, subject",
            (scope.code, *within(scope.code)),
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
            (*within(region.code), Status.FORMED.value, year),
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

        save_backup(self.conn, target, force=force, mode_limit=self.file_mode())

    def file_mode(self) -> int:
        """Who may read the database file: a copy or export of it never allows more."""
        from kkb_cli.files import file_mode

        return file_mode(self.path) if self.path is not None else 0o600

    def recount(self) -> None:
        """Count again every kept count, and the name keys of the regions (after another
        program changed the records or the names)."""
        from kkb_cli.storage.names import refresh_name_keys

        counts.recount_all(self.conn)
        refresh_name_keys(self.conn)

    def recount_villages(self, village_codes: Sequence[str]) -> None:
        """Recount the kept counts where these villages lie (after writes made with
        ``apply(..., recount=False)``)."""
        counts.recount(self.conn, village_codes)

    def problems(self, seal: str | None = None) -> list[Finding]:
        """What `kkb check` finds wrong in the file; empty when it is sound. ``seal``: a
        history seal that must still be in the chain."""
        from kkb_cli.storage.checks import find_problems

        return find_problems(self.conn, seal)

    def sealed_entries(self, seal: str) -> int | None:
        """How many entries the history had when ``seal`` was its head (None: not in it)."""
        row = self.conn.execute(
            "SELECT count(*) FROM history WHERE id <= (SELECT id FROM history WHERE hash = ?)",
            (seal,),
        ).fetchone()
        return row[0] or None

    def seal(self) -> Seal:
        """The head of the history chain, to be kept outside the file."""
        return history.seal(self.conn)

    def schema_version(self) -> int:
        return user_version(self.conn)

    def journal_mode(self) -> str:
        mode: str = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode

    # -- region lists ----------------------------------------------------------------------
    # Thin: the bulk work is in storage/regions.py.

    def region_list_load(self) -> RegionListLoad:
        """A region list on its way in (see storage/regions.py)."""
        from kkb_cli.storage.regions import RegionListLoad

        return RegionListLoad(self.conn)

    def tree_counts(self, code: str) -> list[tuple[str, str, int, int]]:
        """For each region right below ``code``: its code, a lower level, how many regions of
        that level it holds, how many of those are kelurahan."""
        from kkb_cli.storage.regions import tree_counts

        return tree_counts(self.conn, code)

    def village_kinds(self, region: Region) -> tuple[int, int]:
        """How many kelurahan and how many desa the region has."""
        from kkb_cli.storage.regions import village_kinds

        return village_kinds(self.conn, region.code)


# Parameters: the village code, the RECORD_FIELDS in order, created_at, updated_at.
_INSERT_RECORD = """
    INSERT INTO kampung_kb (village_code, status, formed_year, formed_date, planned_year, name,
        sk_number, note, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
"""
_UPDATE_RECORD = """
    UPDATE kampung_kb SET status = ?2, formed_year = ?3, formed_date = ?4, planned_year = ?5,
        name = ?6, sk_number = ?7, note = ?8, updated_at = ?10
    WHERE village_code = ?1
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
            attributes={a: attributes[a] for a in ALL_ATTRIBUTES if a in attributes},
        )
    except (ValueError, TypeError) as error:
        # Only a file changed by another tool, past the schema's checks, can hold such a row.
        raise DatabaseError("error.db_bad_record", code=code, detail=error) from None


def _json_or_none(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))
