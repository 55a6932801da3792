"""Why kkb writes with `executemany` and not sqlite-utils' `insert_all`.

Inserts the same 84,000 Kampung KB rows into the same table both ways, inside one
transaction each, and prints the time of each. Needs the `dev` extra (sqlite-utils).

    python bench/write_paths.py
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

ROWS = 84_000
TABLE = """
CREATE TABLE kampung_kb (
    village_code TEXT PRIMARY KEY, status TEXT NOT NULL, formed_year INTEGER,
    formed_date TEXT, planned_year INTEGER, name TEXT, sk_number TEXT, note TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
) STRICT
"""
INSERT = (
    "INSERT INTO kampung_kb VALUES (:village_code, :status, :formed_year, :formed_date,"
    " :planned_year, :name, :sk_number, :note, :created_at, :updated_at)"
)


def rows() -> list[dict[str, object]]:
    return [
        {
            "village_code": f"{11 + i // 10_000}.{(i // 100) % 100:02d}.{i % 100:02d}.2001",
            "status": "formed",
            "formed_year": 2016 + i % 9,
            "formed_date": None,
            "planned_year": None,
            "name": f"Kampung KB {i}",
            "sk_number": None,
            "note": None,
            "created_at": "2026-11-27T00:00:00+00:00",
            "updated_at": "2026-11-27T00:00:00+00:00",
        }
        for i in range(ROWS)
    ]


def timed(folder: Path, name: str, write: object) -> float:
    conn = sqlite3.connect(folder / f"{name}.db", isolation_level=None)
    conn.execute(TABLE)
    data = rows()
    start = time.perf_counter()
    conn.execute("BEGIN")
    write(conn, data)  # type: ignore[operator]
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    assert conn.execute("SELECT count(*) FROM kampung_kb").fetchone()[0] == ROWS
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        prepared = timed(folder, "executemany", lambda c, d: c.executemany(INSERT, d))
        batched = timed(
            folder, "insert_all", lambda c, d: Database(c).table("kampung_kb").insert_all(d)
        )
    print(f"{ROWS:,} rows: executemany {prepared:.2f} s, sqlite-utils insert_all {batched:.2f} s")


if __name__ == "__main__":
    main()
