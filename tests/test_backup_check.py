"""`kkb backup` copies a live database safely; `kkb check` finds what is wrong in one."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Kkb, add_villages, file_digest, paused_inside_transaction, table_rows


def test_a_backup_holds_exactly_what_the_database_holds(seeded: Kkb, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    result = seeded("backup", str(copy))
    assert result.exit_code == 0, result.stderr
    assert "27 Kampung KB records, 27 history entries" in result.stdout
    assert table_rows(copy) == table_rows(seeded.db_path)
    assert Kkb(copy)("check").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["backup", "copy.db"],
        ["history"],
        ["edit", "Krapyak", "--year", "2023"],
        ["remove", "Krapyak", "--yes"],
        ["import", "csv", "rows.csv"],
    ],
)
def test_commands_on_existing_records_refuse_a_mistyped_database(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo in --db must not quietly check, back up or change a fresh copy of the seed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rows.csv").write_text("kelurahan,tahun\nKrapyak,2023\n", encoding="utf-8")
    typo = tmp_path / "kkb-typo.db"
    result = Kkb(typo)(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: There is no database at")
    assert "kkb init" in result.stderr
    assert not typo.exists() and not (tmp_path / "copy.db").exists()


def test_a_backup_sees_committed_data_only(empty: Kkb, tmp_path: Path) -> None:
    """A backup taken while another process is inside its import transaction holds the state
    before the import, and passes the check."""
    codes = add_villages(empty.db_path, 50)
    source = tmp_path / "rows.csv"
    source.write_text(
        "kode,status,tahun\n" + "".join(f"{c},formed,2024\n" for c in codes), encoding="utf-8"
    )
    before = table_rows(empty.db_path)
    with paused_inside_transaction(
        "import", "--db", str(empty.db_path), "import", "csv", str(source)
    ):
        copy = tmp_path / "during.db"
        assert empty("backup", str(copy)).exit_code == 0
    assert table_rows(copy) == before
    assert Kkb(copy)("check").exit_code == 0


def test_a_backup_never_overwrites_unless_forced(seeded: Kkb, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_text("precious")
    seeded.refused("backup", str(copy), words="already exists")
    assert copy.read_text() == "precious"
    assert seeded("backup", str(copy), "--force").exit_code == 0
    assert table_rows(copy) == table_rows(seeded.db_path)
    seeded.refused("backup", str(seeded.db_path), "--force", words="is the database itself")
    seeded.refused("backup", str(tmp_path / "no" / "x.db"), words="does not exist")


def test_a_backup_while_another_process_writes_is_consistent(empty: Kkb, tmp_path: Path) -> None:
    """A writer imports thousands of records while backups are taken: each copy is one whole
    state, before or after the import, and passes the check."""
    codes = add_villages(empty.db_path, 4_000)
    big = tmp_path / "big.csv"
    big.write_text(
        "kelurahan_code,status,year\n" + "".join(f"{c},formed,2024\n" for c in codes),
        encoding="utf-8",
    )
    writer = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(empty.db_path), "import", "csv", str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts = set()
    for index in range(6):
        copy = tmp_path / f"copy{index}.db"
        assert empty("backup", str(copy)).exit_code == 0
        assert Kkb(copy)("check").exit_code == 0
        conn = sqlite3.connect(copy)
        counts.add(conn.execute("SELECT count(*) FROM kampung_kb").fetchone()[0])
        conn.close()
    assert writer.wait(timeout=120) == 0, writer.stderr
    assert counts <= {0, 4_000}


def test_check_passes_on_a_sound_database(seeded: Kkb) -> None:
    result = seeded("check")
    assert result.exit_code == 0
    assert "no problems found (27 Kampung KB records, 27 history entries, 33 regions)" in (
        result.stdout
    )
    assert seeded.json("check") == {
        "path": str(seeded.db_path.resolve()),
        "ok": True,
        "problems": [],
    }


# Damage a sound file the way another tool could (constraints and triggers bypassed).
DAMAGE = {
    "formed_without_year": [
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE kampung_kb SET formed_year = NULL WHERE village_code = '33.75.03.1002'",
    ],
    "history_mismatch": [
        "UPDATE kampung_kb SET name = 'edited elsewhere' WHERE village_code = '33.75.03.1002'",
    ],
    "history_guard": ["DROP TRIGGER history_is_append_only_delete"],
    "record_not_village": [
        "PRAGMA foreign_keys = OFF",
        "UPDATE kampung_kb SET village_code = '33.75.03' WHERE village_code = '33.75.03.1002'",
    ],
    "region_parent": [
        "PRAGMA foreign_keys = OFF",
        "UPDATE regions SET parent_code = '33.75.01' WHERE code = '33.75.03.1002'",
    ],
    "history_chain": [
        "DROP TRIGGER history_is_append_only_update",
        "UPDATE history SET old_values = NULL WHERE id = (SELECT max(id) FROM history)",
    ],
    "history_ids": [
        "DROP TRIGGER history_is_append_only_delete",
        "DELETE FROM history WHERE id = 5",
    ],
    "history_missing": ["DROP TABLE history"],
    "journal_wal": ["PRAGMA journal_mode = WAL"],
    "foreign_key": [
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO targets (region_code, year, count) VALUES ('33.99', 2025, 3)",
    ],
    "region_level": ["UPDATE regions SET level = 'kecamatan' WHERE code = '33.75.03.1002'"],
    "date_year": [
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE kampung_kb SET formed_date = '2023-02-30' WHERE village_code = '33.75.03.1002'",
    ],
}


@pytest.mark.parametrize("problem", list(DAMAGE))
def test_check_finds_damage_and_exits_1(seeded: Kkb, problem: str) -> None:
    # A change is made first, so that the history has more than one entry for a kelurahan.
    assert seeded("edit", "Krapyak", "--name", "Kampung KB Krapyak").exit_code == 0
    conn = sqlite3.connect(seeded.db_path, isolation_level=None)
    for statement in DAMAGE[problem]:
        conn.execute(statement)
    conn.close()
    before = file_digest(seeded.db_path)
    result = seeded("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    report = seeded("check", "--json")
    assert report.exit_code == 1
    checks = [p["check"] for p in json.loads(report.stdout)["problems"]]
    assert problem in checks
    assert file_digest(seeded.db_path) == before  # checking never writes


def test_check_reports_a_damaged_file(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path)
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'regions_by_level'")
    start = (page.fetchone()[0] - 1) * 4096
    conn.close()
    data = bytearray(seeded.db_path.read_bytes())
    for at in range(start + 3896, start + 3996):  # flip bits in the index's cells
        data[at] ^= 0x01
    seeded.db_path.write_bytes(bytes(data))
    result = seeded("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "problem(s) found" in lines[0]
    assert any("missing from index regions_by_level" in line for line in lines[1:])
    assert "Traceback" not in result.stdout + result.stderr


def test_check_reports_unreadable_history_values(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path, isolation_level=None)
    conn.execute("DROP TRIGGER history_is_append_only_update")
    conn.execute("UPDATE history SET new_values = '{broken' WHERE id = 3")
    conn.close()
    result = seeded("check")
    assert result.exit_code == 1
    assert "history does not end in the stored record" in result.stderr


def test_records_damaged_by_another_tool_are_refused_not_crashed_on(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE kampung_kb SET status = 'foo' WHERE village_code = '33.75.03.1002'")
    conn.close()
    for args in (["list"], ["progress"], ["export", "csv"], ["edit", "Krapyak", "--year", "2023"]):
        result = seeded(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "holds a record kkb cannot read (kelurahan 33.75.03.1002" in result.stderr
        assert "kkb check" in result.stderr
    assert "unknown status" in seeded("check").stderr


def test_another_programs_database_with_a_version_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    before = file_digest(other)
    for args in (["list"], ["check"], ["info"]):
        result = Kkb(other)(*args)
        assert result.exit_code == 1
        assert "not a kkb database" in result.stderr
    assert file_digest(other) == before
    assert list(tmp_path.glob("other.db.*")) == []  # no backup made of it either
