"""Every change is recorded, in the same transaction, in a history nothing can rewrite."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import pytest

from conftest import Kkb, run_kkb_process, table_rows


def test_the_seed_starts_the_history(seeded: Kkb) -> None:
    entries = seeded.json("history")
    assert len(entries) == 27
    assert {e["command"] for e in entries} == {"seed"}
    assert all(e["before"] is None for e in entries)
    assert sum(e["after"]["status"] == "formed" for e in entries) == 19


def test_each_command_is_recorded_newest_first(seeded: Kkb, tmp_path: Path) -> None:
    assert seeded("add", "Gamer", "--date", "2024-08-17").exit_code == 0
    assert seeded("edit", "Gamer", "--sk", "SK 1/2024").exit_code == 0
    source = tmp_path / "update.csv"
    source.write_text("kelurahan,status,tahun\nGamer,formed,2025\n", encoding="utf-8")
    assert seeded("import", "csv", str(source), "--update").exit_code == 0
    assert seeded("remove", "Gamer", "--yes").exit_code == 0
    entries = seeded.json("history", "Gamer")
    assert [e["command"] for e in entries] == [
        "remove", "import csv update.csv", "edit", "add", "seed",
    ]  # fmt: skip
    assert all(e["os_user"] == getpass.getuser() for e in entries[:-1])
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    remove, imported, edit, add, seed = entries
    assert seed["after"]["status"] == "planned"
    assert add["before"] == seed["after"]
    assert add["after"]["formed_date"] == "2024-08-17"
    assert (edit["before"]["sk_number"], edit["after"]["sk_number"]) == (None, "SK 1/2024")
    assert (imported["after"]["formed_year"], imported["after"]["formed_date"]) == (2025, None)
    assert imported["after"]["sk_number"] == "SK 1/2024"  # not in the file: kept
    assert (remove["before"], remove["after"]) == (imported["after"], None)


def test_the_history_table_shows_what_changed(seeded: Kkb) -> None:
    assert seeded("add", "Gamer", "--year", "2024").exit_code == 0
    result = seeded("history", "Gamer", "--limit", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "Command", "User", "Code", "Kelurahan", "Change"]
    assert len(lines) == 2
    assert "status planned → formed, year formed – → 2024" in lines[1]
    assert result.stderr == "1 change\n"


def test_a_refused_command_leaves_no_history(seeded: Kkb) -> None:
    seeded.refused("add", "Krapyak", "--year", "2024", words="already has")
    assert len(seeded.json("history")) == 27


def test_history_cannot_be_edited_or_deleted(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path)
    for statement in ("UPDATE history SET command = 'x'", "DELETE FROM history"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
    assert len(seeded.json("history")) == 27


def test_history_of_an_unknown_kelurahan_is_refused(seeded: Kkb) -> None:
    before = table_rows(seeded.db_path)
    seeded.refused("history", "Krapyk", words="Did you mean Krapyak")
    assert table_rows(seeded.db_path) == before


def test_history_times_are_shown_in_local_time(seeded: Kkb) -> None:
    utc = seeded.json("history", "--limit", "1")[0]["changed_at"]
    assert utc.endswith("+00:00")
    # A POSIX TZ string (UTC+7, named WIB): no time-zone database needed on the machine.
    shown = run_kkb_process(
        "--db", str(seeded.db_path), "history", "--limit", "1", env={"TZ": "WIB-7"}
    ).stdout
    hour = (int(utc[11:13]) + 7) % 24
    assert f"{hour:02d}:{utc[14:16]} WIB" in shown
