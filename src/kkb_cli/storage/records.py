"""Kampung KB records and their history: every write appends to the history's hash chain in
the same transaction (see history.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, Answer, Attribute, AttributeValue
from kkb_cli.domain.records import ATTRIBUTES, RECORD_FIELDS, Change, KampungRecord, record_values
from kkb_cli.domain.regions import RegionCode
from kkb_cli.domain.status import Status
from kkb_cli.errors import DatabaseError, RefusedError
from kkb_cli.storage import counts, history

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


class RecordStore:
    """The Kampung KB records of the file; writes need the caller's write transaction."""

    def __init__(self, conn: sqlite3.Connection, command: str) -> None:
        self.conn = conn
        self.command = command  # what history says made the changes ("add", "import csv x")

    def get(self, village_code: str) -> KampungRecord | None:
        """One village's record, with its attributes; None when it has none."""
        return self._between(village_code, village_code + "\0").get(village_code)

    def _between(self, low: str, high: str) -> dict[str, KampungRecord]:
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

    def formation(self, village_code: str) -> KampungRecord | None:
        """One village's record without its attributes (whether and when it was formed): the
        one query an activity needs, run for each row of an import."""
        row = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM kampung_kb WHERE village_code = ?",  # noqa: S608
            (village_code,),
        ).fetchone()
        return _record(row, {}) if row else None

    def count_formed(self, scope: RegionCode) -> int:
        count: int = self.conn.execute(
            "SELECT count(*) FROM kampung_kb"
            " WHERE village_code > ? AND village_code < ? AND status = ?",
            (*scope.bounds, Status.FORMED.value),
        ).fetchone()[0]
        return count

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
                    history.KAMPUNG_KB, code, code, history.as_json(before), history.as_json(after)
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
        # A record keeps its activities: it is not removed while it has some, nor moved to
        # after (or back to a plan before) the first of them.
        _check_activities(self.conn, [code for (code,) in deletes], [row[0] for row in updates])
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
        _check_formed_before_activities(self.conn, [row[0] for row in updates])
        history.append(self.conn, logged, self.command)
        written = [change.item for change in logged]
        if recount:
            counts.recount(self.conn, written)
        return written

    def recount(self, village_codes: Iterable[str]) -> None:
        """Recount the kept counts where these villages lie (after ``apply(recount=False)``)."""
        counts.recount(self.conn, village_codes)

    def log_current(self) -> None:
        """Start the history of a new file with the records it was created with (the seed)."""
        records = self._between("", "\U0010ffff")
        history.append(
            self.conn,
            (
                history.Change(history.KAMPUNG_KB, code, code, None, history.values_json(record))
                for code, record in records.items()
            ),
            self.command,
        )

    def history(
        self,
        village_code: str | None = None,
        limit: int | None = None,
        within: RegionCode | None = None,
    ) -> list[HistoryRow]:
        """Recorded changes, newest first; only one village's when ``village_code`` is given,
        or only those of the villages ``within`` a region, and at most ``limit``."""
        where: str
        params: tuple[str, ...]
        if village_code:
            where, params = "WHERE village_code = ?", (village_code,)
        elif within is not None:
            where, params = "WHERE village_code > ? AND village_code < ?", within.bounds
        else:
            where, params = "", ()
        rows = self.conn.execute(
            "SELECT history.id, changed_at, command, os_user, kind, item, village_code,"  # noqa: S608 (constant text only)
            " regions.name, old_values, new_values, hash FROM history"
            " LEFT JOIN regions ON regions.code = history.village_code"
            f" {where} ORDER BY history.id DESC LIMIT ?",
            (*params, -1 if limit is None else limit),
        )
        return [_history_row(*row) for row in rows]


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


def _history_row(
    id_: int,
    changed_at: str,
    command: str,
    os_user: str,
    kind: str,
    item: str,
    village_code: str | None,
    village_name: str | None,
    old_values: str | None,
    new_values: str | None,
    digest: str,
) -> HistoryRow:
    return HistoryRow(
        id_,
        changed_at,
        command,
        os_user,
        kind,
        item,
        village_code,
        village_name,
        _json_or_none(old_values),
        _json_or_none(new_values),
        digest,
    )


def _json_or_none(text: str | None) -> dict[str, Any] | None:
    import json

    return None if text is None else dict(json.loads(text))


def _check_activities(conn: sqlite3.Connection, removed: list[str], updated: list[str]) -> None:
    """Refuse to remove a record that has activities (they would lose their Kampung KB)."""
    if not removed or not _any_activity(conn):
        return
    for code in removed:
        found = conn.execute(
            "SELECT count(*) FROM activities WHERE village_code = ?", (code,)
        ).fetchone()[0]
        if found:
            raise RefusedError("error.remove_has_activities", code=code, count=found)


def _check_formed_before_activities(conn: sqlite3.Connection, updated: list[str]) -> None:
    """Refuse a record changed to a plan, or to a formation after its first activity."""
    if not updated or not _any_activity(conn):
        return
    for code in updated:
        row = conn.execute(
            "SELECT min(a.date), k.status, k.formed_year, k.formed_date FROM activities AS a"
            " JOIN kampung_kb AS k ON k.village_code = a.village_code"
            " WHERE a.village_code = ?",
            (code,),
        ).fetchone()
        first, status, year, day = row
        if first is None:
            continue
        formed_from = day or (f"{year}-01-01" if year else None)
        if status != "formed" or formed_from is None or formed_from > first:
            raise RefusedError("error.edit_after_activities", code=code, first=first)


def _any_activity(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM activities LIMIT 1").fetchone() is not None
