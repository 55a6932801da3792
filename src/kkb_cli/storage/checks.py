"""`kkb check`: SQLite's own integrity check, then the rules every kkb database keeps.

The schema enforces most rules as it writes, but a file can be damaged, or edited with
another tool that skipped the constraints; these queries look at what is actually stored.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kkb_cli.domain.records import ATTRIBUTES, RECORD_FIELDS

_LEVEL_BY_DEPTH = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")


@dataclass(frozen=True)
class Finding:
    """One broken rule: a message key and what to fill it with."""

    key: str
    params: dict[str, Any]


def find_problems(conn: sqlite3.Connection) -> list[Finding]:
    """Every problem in the database; an empty list means it is sound."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")  # one snapshot, even while another kkb writes
    try:
        problems = list(_sqlite_checks(conn))
        try:
            problems += _rule_checks(conn)
        except sqlite3.DatabaseError:
            if not problems:  # damage SQLite's own check did not see: report it as damage
                raise
        return problems
    finally:
        if began:
            with contextlib.suppress(sqlite3.Error):  # a damaged file may fail even to end a read
                conn.execute("COMMIT")


def _sqlite_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    """SQLite's view of the file: damaged pages, broken indexes, failed constraints."""
    for (message,) in conn.execute("PRAGMA integrity_check"):
        if message != "ok":
            yield Finding("check.integrity", {"detail": message})
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        yield Finding("check.foreign_key", {"table": table, "rowid": rowid, "parent": parent})


# (message key, query returning the offending rows' identifying values)
_RULES: list[tuple[str, str]] = [
    (
        "check.record_not_village",
        "SELECT village_code FROM kampung_kb LEFT JOIN regions ON code = village_code"
        " WHERE regions.level IS NOT 'desa_kelurahan'",
    ),
    (
        "check.record_status",
        "SELECT village_code FROM kampung_kb WHERE status NOT IN ('formed', 'planned')",
    ),
    (
        "check.formed_year_range",
        "SELECT village_code FROM kampung_kb WHERE formed_year < 2016"
        " OR formed_year > CAST(strftime('%Y', 'now') AS INTEGER)"
        " OR planned_year < 2016",
    ),
    (
        "check.formed_without_year",
        "SELECT village_code FROM kampung_kb WHERE status = 'formed' AND formed_year IS NULL",
    ),
    (
        "check.planned_without_year",
        "SELECT village_code FROM kampung_kb WHERE status = 'planned'"
        " AND (planned_year IS NULL OR formed_year IS NOT NULL OR formed_date IS NOT NULL)",
    ),
    (
        "check.date_year",
        "SELECT village_code FROM kampung_kb WHERE formed_date IS NOT NULL"
        " AND (date(julianday(formed_date)) IS NOT formed_date"
        "      OR CAST(substr(formed_date, 1, 4) AS INTEGER) IS NOT formed_year)",
    ),
    (
        "check.two_records",
        # NOT INDEXED: read the rows themselves, not the primary key's index, which a damaged
        # or hand-edited file could have out of step with them.
        "SELECT village_code FROM kampung_kb NOT INDEXED GROUP BY village_code HAVING count(*) > 1",
    ),
    (
        "check.region_parent",
        # A region's parent is its code without the last part, one level up.
        "SELECT child.code FROM regions AS child LEFT JOIN regions AS parent"
        " ON parent.code = child.parent_code"
        " WHERE (child.parent_code IS NULL) <> (child.level = 'provinsi')"
        " OR (child.parent_code IS NOT NULL AND (parent.code IS NULL"
        "     OR child.code NOT LIKE child.parent_code || '.%'"
        "     OR instr(substr(child.code, length(child.parent_code) + 2), '.') > 0))",
    ),
    (
        "check.target_region",
        "SELECT region_code || ' ' || year FROM targets"
        " WHERE region_code NOT IN (SELECT code FROM regions)",
    ),
]


def _rule_checks(conn: sqlite3.Connection) -> list[Finding]:
    return list(_rules(conn))


def _rules(conn: sqlite3.Connection) -> Iterator[Finding]:
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        yield Finding("check.journal_wal", {})
    for key, query in _RULES:
        codes = [str(row[0]) for row in conn.execute(query)]
        if codes:
            yield Finding(key, {"count": len(codes), "codes": _some(codes)})
    yield from _level_checks(conn)
    yield from _history_checks(conn)
    yield from _count_checks(conn)


def _count_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    """The counts kept for national reports must equal a fresh count of what they summarise."""
    from collections import Counter

    from kkb_cli.storage import counts

    everything = {"low": "0", "high": ":"}
    for table, query in (
        ("village_counts", counts.GROUPED_VILLAGES),
        ("record_counts", counts.GROUPED_RECORDS),
        ("attribute_counts", counts.GROUPED_ATTRIBUTES),
    ):
        expected: Counter[tuple[Any, ...]] = Counter()
        for length in (counts.KABUPATEN_LENGTH, counts.PROVINSI_LENGTH):
            expected.update(conn.execute(query, {**everything, "length": length}))
        stored = Counter(conn.execute(f"SELECT * FROM {table}"))  # noqa: S608 (constant names)
        if stored != expected:
            yield Finding("check.counts_stale", {"table": table})


def _level_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    wrong = [
        code
        for code, level in conn.execute("SELECT code, level FROM regions")
        if _LEVEL_BY_DEPTH[min(code.count("."), 3)] != level
    ]
    if wrong:
        yield Finding("check.region_level", {"count": len(wrong), "codes": _some(wrong)})


def _history_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    """The history must be whole and append-only, and end, for every village, in exactly the
    record stored now: each entry's "before" is the previous entry's "after"."""
    objects = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if "history" not in objects:
        yield Finding("check.history_missing", {})
        return
    if not {"history_is_append_only_update", "history_is_append_only_delete"} <= objects:
        yield Finding("check.history_guard", {})
    stored, expected = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM history").fetchone()
    if stored != expected:  # ids count up from 1 and rows are never deleted
        yield Finding("check.history_ids", {"count": stored, "expected": expected})
    latest: dict[str, Any] = {}
    broken = set()
    for code, old, new in conn.execute(
        "SELECT village_code, old_values, new_values FROM history ORDER BY village_code, id"
    ):
        if _parsed(old) != latest.get(code):
            broken.add(code)
        latest[code] = _parsed(new)
    if broken:
        codes = sorted(broken)
        yield Finding("check.history_chain", {"count": len(codes), "codes": _some(codes)})
    records = {
        row[0]: {**dict(zip(RECORD_FIELDS, row[1:], strict=True)), ATTRIBUTES: {}}
        for row in conn.execute(f"SELECT village_code, {', '.join(RECORD_FIELDS)} FROM kampung_kb")  # noqa: S608
    }
    for code, attribute, answer, since in conn.execute(
        "SELECT village_code, attribute, answer, since FROM attributes"
    ):
        if code in records:
            records[code][ATTRIBUTES][attribute] = {"answer": answer, "since": since}
    differ = sorted(
        code for code in records.keys() | latest.keys() if records.get(code) != latest.get(code)
    )
    if differ:
        yield Finding("check.history_mismatch", {"count": len(differ), "codes": _some(differ)})


def _parsed(values: str | None) -> Any:
    """Stored values as data; text that is not JSON stands for itself, so it never matches.
    Entries from before schema 3 have no attributes: none were known."""
    if values is None:
        return None
    try:
        parsed = json.loads(values)
    except ValueError:
        return values
    if isinstance(parsed, dict):
        parsed.setdefault(ATTRIBUTES, {})
    return parsed


def _some(codes: list[str], shown: int = 5) -> str:
    more = f" … (+{len(codes) - shown})" if len(codes) > shown else ""
    return ", ".join(codes[:shown]) + more
