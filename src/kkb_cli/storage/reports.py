"""The report read model: what `kkb progress` and the exports read, counted by area.

Reports on a provinsi or on all of Indonesia read the counts kept per kabupaten/kota and
provinsi (``counts.py``); smaller scopes count straight from the records. What depends on the
report's date inside its year (a formation or an answer dated later) is looked up apart,
through indexes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from kkb_cli.domain.attributes import Answer, Attribute
from kkb_cli.domain.progress import AnswerCount, RecordCount, ScopeData, VillageCount
from kkb_cli.domain.regions import CODE_LENGTH, Level, Region, RegionCode
from kkb_cli.domain.status import Status
from kkb_cli.domain.targets import AGENCIES, Target
from kkb_cli.errors import DatabaseError
from kkb_cli.storage import counts
from kkb_cli.storage.regions import children
from kkb_cli.storage.targets import targets_of

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
# Counted ahead, per kabupaten/kota and provinsi (storage/counts.py): the rows of the scope's
# areas. A provinsi's are a range of codes (its kabupaten/kota's); all of Indonesia's, its
# provinsi's, are found through the regions of that level (the range of every code would
# also read all the rows kept for the kabupaten/kota).
_KEPT = " WHERE region_code > :low AND region_code < :high AND length(region_code) = :length"
_NATIONAL = " WHERE region_code IN (SELECT code FROM regions WHERE level = :level)"
_VILLAGE_COUNTS = "SELECT region_code, kelurahan, desa FROM _village_counts"
_RECORD_COUNTS = "SELECT region_code, status, formed_year, planned_year, count FROM _record_counts"
_ANSWER_COUNTS = (
    "SELECT region_code, formed_year, attribute, answer, since_year, count FROM _attribute_counts"
)
_KEPT_VILLAGES = _VILLAGE_COUNTS + _KEPT
_KEPT_RECORDS = _RECORD_COUNTS + _KEPT
_KEPT_ANSWERS = _ANSWER_COUNTS + _KEPT
_KEPT_VILLAGES_NATIONAL = _VILLAGE_COUNTS + _NATIONAL
_KEPT_RECORDS_NATIONAL = _RECORD_COUNTS + _NATIONAL
_KEPT_ANSWERS_NATIONAL = _ANSWER_COUNTS + _NATIONAL
STATUSES = frozenset(status.value for status in Status)


class _BadStatusError(Exception):
    """A status the schema does not allow: only another tool, past its checks, stores one."""


class ReportStore:
    """Reads for reports; the caller holds one read transaction for all of them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def scope_data(self, scope: Region, as_of: date) -> ScopeData:
        """What a report on ``scope`` needs on ``as_of``, counted by area."""
        code = scope.region_code
        low, high = code.bounds
        level = code.child_level
        length = CODE_LENGTH[level] if level else len(scope.code)
        params = {"length": length, "low": low, "high": high}
        if scope.level in (None, Level.PROVINSI):
            queries = (
                (_KEPT_VILLAGES, _KEPT_RECORDS, _KEPT_ANSWERS)
                if scope.level
                else (_KEPT_VILLAGES_NATIONAL, _KEPT_RECORDS_NATIONAL, _KEPT_ANSWERS_NATIONAL)
            )
            kept = params | {"level": Level.PROVINSI.value}
            villages, records, answers = (self.conn.execute(q, kept) for q in queries)
        else:
            villages = self.conn.execute(counts.GROUPED_VILLAGES, params)
            records = self.conn.execute(counts.GROUPED_RECORDS, params)
            answers = self.conn.execute(counts.GROUPED_ATTRIBUTES, params)
        by_area = {area: VillageCount(kelurahan, desa) for area, kelurahan, desa in villages}
        try:
            record_counts = [_record_count(row) for row in records]
        except _BadStatusError as error:
            found = self.conn.execute(
                "SELECT village_code FROM kampung_kb WHERE status = ? LIMIT 1", error.args
            ).fetchone()
            raise DatabaseError(
                "error.db_bad_record",
                code=found[0] if found else "?",
                detail=f"status {error.args[0]!r}",
            ) from None
        answer_counts = [_answer_count(row) for row in answers]
        later = {**params, "year": as_of.year, "date": as_of.isoformat()}
        return ScopeData(
            scope=scope,
            areas=children(self.conn, code),
            villages=by_area,
            records=record_counts,
            answers=answer_counts,
            formed_later=[_record_count(r) for r in self.conn.execute(_FORMED_LATER, later)],
            answered_later=[
                _answer_count(row)
                for query in (_ANSWERS_OF_FORMED_LATER, _ANSWERED_LATER)
                for row in self.conn.execute(query, later)
            ],
            targets=(targets := targets_of(self.conn, code)),
            agency_reach=self._agency_reach(targets, as_of),
        )

    def _agency_reach(self, targets: list[Target], as_of: date) -> dict[tuple[str, int], int]:
        """For each agency target, its formed Kampung KB reached by enough agencies in its year
        (up to ``as_of``)."""
        from kkb_cli.storage.activities import ActivityStore

        reach: dict[tuple[str, int], int] = {}
        activities = ActivityStore(self.conn, "")
        for target in targets:
            if target.subject != AGENCIES or target.agencies is None:
                continue
            start, end = date(target.year, 1, 1), min(date(target.year, 12, 31), as_of)
            reach[(target.region_code, target.year)] = (
                activities.reached_by(RegionCode(target.region_code), start, end, target.agencies)
                if start <= end
                else 0
            )
        return reach

    def kampung_table(self, scope: Region, escape: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """One row per village of the scope with its record, in ``KAMPUNG_COLUMNS`` order,
        streamed from the cursor: an export of all of Indonesia never sits whole in memory.

        Text starting with one of the ``escape`` characters gets a ``'`` in front (CSV for
        spreadsheets), done by SQLite because it is much quicker there.
        """
        low, high = scope.region_code.bounds
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
            if row[4] not in STATUSES:
                raise DatabaseError("error.db_bad_record", code=row[0], detail=f"status {row[4]!r}")
            answers = row[-1]
            if answers is None:  # most rows: cheap tuple slicing, no per-cell Python
                yield row[:-1] + blank
            else:
                known = dict(pair.split("=") for pair in answers.split(","))
                yield row[:-1] + tuple(known.get(key) for key in keys)


def _record_count(row: tuple[Any, ...]) -> RecordCount:
    area, status, formed_year, planned_year, count = row
    found = _STORED_STATUS.get(status)
    if found is None:
        raise _BadStatusError(status)
    return RecordCount(area, found, formed_year, planned_year, count)


def _answer_count(row: tuple[Any, ...]) -> AnswerCount:
    area, formed_year, attribute, answer, since_year, count = row
    try:
        return AnswerCount(
            area, formed_year, _ATTRIBUTES[attribute], _ANSWERS[answer], since_year, count
        )
    except KeyError:  # kkb never writes one: another program did
        raise DatabaseError("check.counts_stale", table="_attribute_counts") from None


# Stored values to enum members, by look-up (a national report reads thousands of rows;
# calling the enum is several times slower).
_STORED_STATUS = {status.value: status for status in Status if status is not Status.NONE}
_ATTRIBUTES = {attribute.value: attribute for attribute in Attribute}
_ANSWERS = {answer.value: answer for answer in Answer}
