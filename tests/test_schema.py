"""The schema itself refuses records that break the domain's rules, whatever code writes them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import Kkb, table_rows
from kkb_cli.storage.migrations import SCHEMA_VERSION

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
    stored = conn.execute(
        "SELECT status, formed_year, formed_date FROM kampung_kb WHERE village_code = ?",
        (GOOD["village_code"],),
    ).fetchall()
    assert stored == [("formed", 2024, "2024-03-01")]


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


def _version_1_file(path: Path) -> None:
    """A database as kkb 0.1 (schema version 1) wrote it: no history table."""
    from kkb_cli.storage.migrations import migrate
    from kkb_cli.storage.seed import seed_text, statements

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrate(conn, 0, to_version=1)
    for statement in statements(seed_text()):
        if "INTO _settings" not in statement:  # settings came with version 4
            conn.execute(statement)
    conn.execute(
        "UPDATE kampung_kb SET name = 'Kampung KB Krapyak' WHERE village_code = '33.75.03.1002'"
    )
    conn.execute("COMMIT")
    conn.close()


def test_an_older_database_is_upgraded_after_a_backup_beside_it(db_path: Path, kkb: Kkb) -> None:
    _version_1_file(db_path)
    old_rows = table_rows(db_path)
    assert "history" not in old_rows
    result = kkb("progress", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Upgraded" in result.stderr
    assert f"from schema version 1 to {SCHEMA_VERSION}" in result.stderr
    backups = list(db_path.parent.glob("kkb.db.v1-backup-*"))
    assert len(backups) == 1
    assert str(backups[0]) in result.stderr
    assert table_rows(backups[0]) == old_rows  # the file exactly as it was
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == 1
    # The records are kept, and their history starts with the upgrade.
    upgraded = table_rows(db_path)
    assert [row[:4] for row in upgraded["regions"]] == old_rows["regions"]
    assert upgraded["kampung_kb"] == old_rows["kampung_kb"]
    # Version 3 gave targets a subject (what is counted) and a percentage.
    assert upgraded["targets"] == [
        (code, year, "formed", count, None, note, None)  # schema 8: no agency target
        for code, year, count, note in old_rows["targets"]
    ]
    entries = kkb.json("history")
    assert len(entries) == 28 and {e["command"] for e in entries} == {"upgrade"}
    # Version 5 chained the history as it stood, and said so in one more entry.
    assert entries[0]["after"] == {"event": "history_chained", "schema": 5, "entries": 27}
    krapyak = kkb.json("history", "Krapyak")[0]["after"]
    assert krapyak["name"] == "Kampung KB Krapyak"
    assert kkb("check").exit_code == 0
    # Version 4 stored the scope: a file of one kota keeps working on that kota.
    assert kkb.json("info")["scope"] == {"code": "33.75", "name": "Kota Pekalongan"}
    assert kkb.json("progress")["total_villages"] == 27
    assert list(db_path.parent.glob("kkb.db.v1-backup-*")) == backups  # upgraded only once


def test_an_upgrade_that_fails_leaves_the_old_file_as_it_was(
    db_path: Path, kkb: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkb_cli.storage import migrations

    _version_1_file(db_path)
    before = table_rows(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE history (id INTEGER PRIMARY KEY)")  # half done, then…
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 10  # type: ignore[attr-defined]  # SQLITE_IOERR
        raise error

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    result = kkb("progress")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The disk or network share refused")
    assert table_rows(db_path) == before
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == 1


def test_the_upgrade_stands_even_when_the_command_is_refused(db_path: Path, kkb: Kkb) -> None:
    _version_1_file(db_path)
    result = kkb("add", "Krapyak", "--year", "2024")  # refused: Krapyak is formed already
    assert result.exit_code == 1
    assert "Upgraded" in result.stderr and "already has a Kampung KB" in result.stderr
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert kkb("add", "Krapyak", "--year", "2024").exit_code == 1
    assert len(list(db_path.parent.glob("kkb.db.v1-backup-*"))) == 1  # one upgrade, one copy


def _as_schema_9(db_path: Path) -> None:
    """Give the file the history of schemas 5 to 9: the same table, with an index of its
    hashes (UNIQUE)."""
    from kkb_cli.storage.history import HISTORY_COLUMNS
    from kkb_cli.storage.migrations import _V5_HISTORY, HISTORY_TRIGGERS

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN")
    views = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view' AND sql LIKE '%history%'"
    ).fetchall()
    for name, _ in views:
        conn.execute(f"DROP VIEW {name}")
    conn.execute(_V5_HISTORY)
    conn.execute(f"INSERT INTO history_v5 SELECT {HISTORY_COLUMNS} FROM history")
    conn.execute("DROP TABLE history")
    conn.execute("ALTER TABLE history_v5 RENAME TO history")
    conn.execute("CREATE INDEX history_by_village ON history (village_code, id)")
    for sql in [*HISTORY_TRIGGERS.values(), *(sql for _, sql in views)]:
        conn.execute(sql)
    conn.execute("PRAGMA user_version = 9")
    conn.execute("COMMIT")
    conn.close()


def _history_indexes(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    return sorted(row[1] for row in conn.execute("PRAGMA index_list(history)"))


def test_an_upgrade_from_schema_9_keeps_every_history_entry_without_the_hash_index(
    seeded: Kkb,
) -> None:
    """Schema 10 drops the index of the history's hashes (the chain tells entries apart):
    every entry is kept as it was, the chain and a seal still hold, the history still reads
    with names, and it is still append-only."""
    assert seeded("add", "Gamer", "--year", "2024").exit_code == 0
    sealed = seeded.json("history", "seal")
    assert seeded("edit", "Gamer", "--name", "Kampung KB Gamer").exit_code == 0
    shown = seeded("history", "Gamer").stdout
    _as_schema_9(seeded.db_path)
    assert _history_indexes(seeded.db_path) == [
        "history_by_village",
        "sqlite_autoindex_history_1",
    ]
    before = table_rows(seeded.db_path)
    for lang, words in (("en", "Run `kkb upgrade`"), ("id", "Jalankan `kkb upgrade`")):
        due = seeded("--lang", lang, "check")
        assert due.exit_code == 1 and words in due.stderr, due.stderr
        assert len(due.stderr.splitlines()) == 1 and "backup" not in due.stderr  # not damage
    as_json = seeded("check", "--json")
    assert as_json.exit_code == 1 and "Run `kkb upgrade`" in as_json.stderr
    assert [p["check"] for p in json.loads(as_json.stdout)["problems"]] == ["upgrade_due"]
    upgraded = seeded("upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert f"from schema version 9 to {SCHEMA_VERSION}" in upgraded.stdout + upgraded.stderr
    assert _history_indexes(seeded.db_path) == ["history_by_village"]
    assert table_rows(seeded.db_path) == before
    assert seeded("history", "Gamer").stdout == shown
    named = sqlite3.connect(seeded.db_path).execute(
        "SELECT desa_kelurahan, what FROM history_with_names ORDER BY id DESC LIMIT 1"
    )
    assert named.fetchall() == [("Gamer", "changed")]
    proved = seeded("check", "--seal", sealed["hash"])
    assert proved.exit_code == 0, proved.stderr
    assert f"{sealed['entries']} entries" in proved.stdout
    conn = sqlite3.connect(seeded.db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE history SET command = 'forged' WHERE id = 1")
