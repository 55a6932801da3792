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


def find_problems(conn: sqlite3.Connection, seal: str | None = None) -> list[Finding]:
    """Every problem in the database; an empty list means it is sound. ``seal`` is a history
    seal (a hash ``kkb history seal`` printed) that must still be in the chain.

    A file of an older schema gets SQLite's own checks and one finding that says an upgrade
    is due: kkb's rules are those of the current schema, and ``kkb check`` never writes.
    """
    from kkb_cli.storage.migrations import SCHEMA_VERSION, user_version

    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")  # one snapshot, even while another kkb writes
    try:
        problems = list(_sqlite_checks(conn))
        version = user_version(conn)
        if version < SCHEMA_VERSION:
            return [
                *problems,
                Finding("check.upgrade_due", {"old": version, "new": SCHEMA_VERSION}),
            ]
        try:
            problems += _rule_checks(conn, seal)
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
        "check.boundary_shape",
        # What `kkb region boundaries` stores: a MultiPolygon, and its extent in range.
        "SELECT region_code FROM boundaries"
        " WHERE json_extract(geometry, '$.type') IS NOT 'MultiPolygon'"
        " OR json_type(geometry, '$.coordinates') IS NOT 'array'"
        " OR NOT (-180 <= west AND west <= east AND east <= 180"
        "         AND -90 <= south AND south <= north AND north <= 90)",
    ),
    (
        "check.target_region",
        "SELECT region_code || ' ' || year FROM targets"
        " WHERE region_code NOT IN (SELECT code FROM regions)",
    ),
]


def _rule_checks(conn: sqlite3.Connection, seal: str | None) -> list[Finding]:
    return list(_rules(conn, seal))


def _rules(conn: sqlite3.Connection, seal: str | None) -> Iterator[Finding]:
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        yield Finding("check.journal_wal", {})
    for key, query in _RULES:
        codes = [str(row[0]) for row in conn.execute(query)]
        if codes:
            yield Finding(key, {"count": len(codes), "codes": _some(codes)})
    yield from _level_checks(conn)
    yield from _history_checks(conn, seal)
    yield from _count_checks(conn)
    yield from _name_checks(conn)


def _name_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    """The name keys and their trigram index must be those of the names stored."""
    from kkb_cli.storage.names import stale_name_keys

    stale = stale_name_keys(conn)
    if stale:
        yield Finding("check.name_keys_stale", {"count": len(stale), "codes": _some(stale)})


def _count_checks(conn: sqlite3.Connection) -> Iterator[Finding]:
    """The counts kept for national reports must equal a fresh count of what they summarise."""
    from collections import Counter

    from kkb_cli.storage import counts

    everything = {"low": "0", "high": ":"}
    for table, query in (
        ("_village_counts", counts.GROUPED_VILLAGES),
        ("_record_counts", counts.GROUPED_RECORDS),
        ("_attribute_counts", counts.GROUPED_ATTRIBUTES),
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


def _history_checks(conn: sqlite3.Connection, seal: str | None) -> Iterator[Finding]:
    """The history must be whole and append-only: its guards exactly as kkb made them, every
    hash of the chain right, and, for every village, each entry's "before" the previous
    entry's "after", ending in exactly the record stored now."""
    from kkb_cli.storage import history
    from kkb_cli.storage.migrations import HISTORY_TRIGGERS

    objects = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    if "history" not in objects:
        yield Finding("check.history_missing", {})
        return
    triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    altered = sorted(
        name
        for name in HISTORY_TRIGGERS.keys() | triggers.keys()
        if _normal(triggers.get(name)) != _normal(HISTORY_TRIGGERS.get(name))
    )
    if altered:
        yield Finding("check.history_guard", {"names": ", ".join(altered)})
    chain = history.verify_chain(conn, seal)
    if chain.gaps:  # ids count up from 1 and rows are never deleted
        yield Finding("check.history_ids", {"count": chain.entries, "missing": chain.gaps})
    if chain.broken_ids:
        ids = [str(id_) for id_ in chain.broken_ids]
        yield Finding("check.history_hash", {"count": len(ids), "ids": _some(ids)})
    if seal is not None and chain.sealed_at is None:
        yield Finding("check.seal_missing", {"seal": seal})
    latest: dict[str, Any] = {}
    broken = set()
    for code, old, new in conn.execute(
        "SELECT item, old_values, new_values FROM history WHERE kind = ? ORDER BY item, id",
        (history.KAMPUNG_KB,),
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


def _normal(sql: str | None) -> str | None:
    """SQL with its runs of white space made one space (how a statement is laid out in the
    file does not matter; every word of it does)."""
    return None if sql is None else " ".join(sql.split())


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
