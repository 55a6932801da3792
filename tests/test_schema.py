"""The schema itself refuses records that break the domain's rules, whatever code writes them."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import Kkb

GOOD = {
    "village_code": "33.75.02.1009",
    "status": "formed",
    "formed_year": 2024,
    "formed_date": "2024-03-01",
    "planned_year": None,
    "created_at": "2026-01-01T00:00:00+00:00",
    "updated_at": "2026-01-01T00:00:00+00:00",
}


def insert(conn: sqlite3.Connection, **changes: object) -> None:
    row = {**GOOD, **changes}
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO kampung_kb ({columns}) VALUES ({marks})", list(row.values()))


@pytest.fixture
def conn(seeded: Kkb) -> sqlite3.Connection:
    connection = sqlite3.connect(seeded.db_path)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("DELETE FROM kampung_kb WHERE village_code = ?", (GOOD["village_code"],))
    return connection


def test_a_good_record_is_accepted(conn: sqlite3.Connection) -> None:
    insert(conn)


@pytest.mark.parametrize(
    "changes",
    [
        {"formed_year": None},  # formed without a year
        {"formed_date": "2023-03-01"},  # a date outside its year
        {"formed_date": "2024-02-30"},  # not a date
        {"formed_year": 2015, "formed_date": None},  # before the programme
        {"status": "rencana"},  # not a status
        {"status": "planned", "planned_year": None, "formed_year": None, "formed_date": None},
        {"status": "planned", "planned_year": 2025},  # planned yet formed
        {"village_code": "33.75.99.9999"},  # no such village
        {"formed_year": "MMXXIV"},  # STRICT: text is not a year
    ],
)
def test_a_record_breaking_the_rules_is_refused(conn: sqlite3.Connection, changes: dict) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert(conn, **changes)


def test_one_record_per_kelurahan(conn: sqlite3.Connection) -> None:
    insert(conn)
    with pytest.raises(sqlite3.IntegrityError):
        insert(conn, formed_year=2025, formed_date=None)
