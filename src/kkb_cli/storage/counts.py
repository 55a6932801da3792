"""Derived counts per provinsi and kabupaten/kota, so national reports stay instant.

A report on all of Indonesia would otherwise read 84,000 villages and as many records on every
run. Instead, each write recounts the kabupaten/kota it touched (and their provinsi) inside its
own transaction, and reports on a provinsi or on Indonesia read these few hundred rows. Smaller
scopes are counted straight from the records (``grouped_records``), which is also how
``kkb check`` verifies these tables.

What is counted does not depend on a report's date: records by status, formation year and
plan year; formed records' attributes by answer and the year the answer holds from. What does
depend on it (a formation or an answer dated later in the report's year) is looked up apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from kkb_cli.domain.regions import CODE_LENGTH, Level, RegionCode

KABUPATEN_LENGTH = CODE_LENGTH[Level.KABUPATEN_KOTA]
PROVINSI_LENGTH = CODE_LENGTH[Level.PROVINSI]


# Records of the villages in [low, high), grouped by the first `length` characters of their
# code: the region one level below a scope.
GROUPED_RECORDS = """
    SELECT substr(village_code, 1, :length), status, formed_year, planned_year, count(*)
    FROM kampung_kb WHERE village_code > :low AND village_code < :high
    GROUP BY 1, 2, 3, 4
"""
GROUPED_ATTRIBUTES = """
    SELECT substr(kampung_kb.village_code, 1, :length), formed_year, attribute, answer,
        CAST(substr(since, 1, 4) AS INTEGER), count(*)
    FROM kampung_kb JOIN attributes USING (village_code)
    WHERE kampung_kb.village_code > :low AND kampung_kb.village_code < :high
        AND status = 'formed'
    GROUP BY 1, 2, 3, 4, 5
"""
GROUPED_VILLAGES = """
    SELECT substr(code, 1, :length),
        sum(substr(code, 10, 1) = '1'), sum(substr(code, 10, 1) <> '1')
    FROM regions WHERE code > :low AND code < :high AND +level = 'desa_kelurahan'
    GROUP BY 1
"""


def forget_summaries(conn: sqlite3.Connection, kabupaten: Iterable[str] | None = None) -> None:
    """The activity summaries kept for reports depend on the records too (which are formed,
    and when): drop those of the kabupaten/kota recounted (storage/activities.py)."""
    from kkb_cli.storage.activities import forget_summaries as forget

    if conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = '_activity_summaries'"
    ).fetchone():  # not before schema 8 (an upgrade recounts on the way)
        forget(conn, kabupaten)


def recount(conn: sqlite3.Connection, village_codes: Iterable[str]) -> None:
    """Recount the kabupaten/kota of these villages, and their provinsi; the caller holds the
    write transaction."""
    kabupaten = sorted(
        {RegionCode(code).ancestor(Level.KABUPATEN_KOTA) for code in village_codes}, key=str
    )
    forget_summaries(conn, [code.value for code in kabupaten])
    if len(kabupaten) > 50:  # a large import: one pass over everything is quicker
        recount_all(conn, villages=False)
        return
    for code in kabupaten:
        _recount(conn, code.value, KABUPATEN_LENGTH, *code.bounds)
    for provinsi in sorted({code.ancestor(Level.PROVINSI).value for code in kabupaten}):
        _recount_provinsi(conn, provinsi)


def recount_all(conn: sqlite3.Connection, *, villages: bool = True) -> None:
    """Recount every provinsi and kabupaten/kota from scratch (after a region import, an
    upgrade, a large import); ``villages=False`` when the regions did not change."""
    forget_summaries(conn)
    tables = ("_village_counts", "_record_counts", "_attribute_counts")
    for table in tables if villages else tables[1:]:
        conn.execute(f"DELETE FROM {table}")  # noqa: S608 (constant names)
    for length in (KABUPATEN_LENGTH, PROVINSI_LENGTH) if villages else ():
        params = {"length": length, "low": "0", "high": ":"}
        conn.execute(f"INSERT INTO _village_counts {GROUPED_VILLAGES}", params)
    _recount(conn, None, KABUPATEN_LENGTH, "0", ":")
    for (code,) in conn.execute("SELECT code FROM regions WHERE level = 'provinsi'").fetchall():
        _recount_provinsi(conn, code)


def _recount(conn: sqlite3.Connection, code: str | None, length: int, low: str, high: str) -> None:
    """Recount the records (and formed records' attributes) of kabupaten/kota: ``code``, or
    all of them when None."""
    if code is not None:
        conn.execute("DELETE FROM _record_counts WHERE region_code = ?", (code,))
        conn.execute("DELETE FROM _attribute_counts WHERE region_code = ?", (code,))
    params = {"length": length, "low": low, "high": high}
    conn.execute(f"INSERT INTO _record_counts {GROUPED_RECORDS}", params)
    conn.execute(f"INSERT INTO _attribute_counts {GROUPED_ATTRIBUTES}", params)


def _recount_provinsi(conn: sqlite3.Connection, code: str) -> None:
    """A provinsi's counts: the sums of its kabupaten/kota's."""
    low, high = RegionCode(code).bounds
    conn.execute("DELETE FROM _record_counts WHERE region_code = ?", (code,))
    conn.execute("DELETE FROM _attribute_counts WHERE region_code = ?", (code,))
    conn.execute(
        "INSERT INTO _record_counts SELECT ?, status, formed_year, planned_year, sum(count)"
        " FROM _record_counts WHERE region_code > ? AND region_code < ?"
        " AND length(region_code) = ? GROUP BY 2, 3, 4",
        (code, low, high, KABUPATEN_LENGTH),
    )
    conn.execute(
        "INSERT INTO _attribute_counts"
        " SELECT ?, formed_year, attribute, answer, since_year, sum(count)"
        " FROM _attribute_counts WHERE region_code > ? AND region_code < ?"
        " AND length(region_code) = ? GROUP BY 2, 3, 4, 5",
        (code, low, high, KABUPATEN_LENGTH),
    )
