"""A database file that cannot be used is refused with one clear line, and left untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Kkb, add_villages, file_digest, records, table_rows


def assert_refused(result, words: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert words in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    kkb = Kkb(tmp_path / "no" / "such" / "folder" / "kkb.db")
    assert_refused(kkb("progress"), "does not exist")
    assert not (tmp_path / "no").exists()


def test_missing_folder_from_environment_is_refused(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from kkb_cli.cli import app

    monkeypatch.setenv("KKB_DB", str(tmp_path / "nowhere" / "kkb.db"))
    assert_refused(CliRunner().invoke(app, ["add", "Gamer"]), "does not exist")


def test_a_folder_given_as_database_is_refused(tmp_path: Path) -> None:
    assert_refused(Kkb(tmp_path)("progress"), "is a folder")


def test_garbage_file_is_refused_and_untouched(db_path: Path, kkb: Kkb) -> None:
    db_path.write_bytes(b"kelurahan,tahun\nKrapyak,2023\n" * 200)
    digest = file_digest(db_path)
    assert_refused(kkb("add", "Gamer"), "not a readable kkb database")
    assert_refused(kkb("progress"), "not a readable kkb database")
    assert file_digest(db_path) == digest


def test_truncated_database_is_refused_and_untouched(seeded: Kkb) -> None:
    data = seeded.db_path.read_bytes()
    seeded.db_path.write_bytes(data[: len(data) // 3])
    digest = file_digest(seeded.db_path)
    assert_refused(seeded("add", "Gamer"), "not a readable kkb database")
    assert file_digest(seeded.db_path) == digest


def test_a_database_of_another_program_is_refused(db_path: Path, kkb: Kkb) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    digest = file_digest(db_path)
    assert_refused(kkb("add", "Gamer"), "not a kkb database")
    assert file_digest(db_path) == digest


def test_a_database_from_a_newer_kkb_is_refused(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    digest = file_digest(seeded.db_path)
    assert_refused(seeded("progress"), "newer kkb")
    assert file_digest(seeded.db_path) == digest


@pytest.fixture
def locked(seeded: Kkb) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock on the seeded database."""
    conn = sqlite3.connect(seeded.db_path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    yield conn
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def test_locked_database_is_refused_after_the_busy_timeout(
    seeded: Kkb, locked: sqlite3.Connection
) -> None:
    before = file_digest(seeded.db_path)
    result = seeded("add", "Gamer", "--year", "2024", env={"KKB_BUSY_TIMEOUT": "0.2"})
    assert_refused(result, "is busy")
    assert "0.2 s" in result.stderr
    assert_refused(seeded("progress", env={"KKB_BUSY_TIMEOUT": "0.2"}), "is busy")
    locked.execute("ROLLBACK")
    assert file_digest(seeded.db_path) == before


def test_a_writer_waits_for_the_lock_instead_of_failing(
    seeded: Kkb, locked: sqlite3.Connection
) -> None:
    release = threading.Timer(1.0, lambda: locked.execute("COMMIT"))
    release.start()
    try:
        result = seeded("add", "Gamer", "--year", "2024")
    finally:
        release.join()
    assert result.exit_code == 0, result.stderr
    assert "20 of 27 kelurahan" in result.stdout


def test_bad_busy_timeout_setting_is_a_usage_error(seeded: Kkb) -> None:
    result = seeded("progress", env={"KKB_BUSY_TIMEOUT": "ten"})
    assert result.exit_code == 2
    assert "KKB_BUSY_TIMEOUT" in result.stderr


def _make_read_only(path: Path) -> None:
    """Read-only even for root (CI runs as root, who ignores file modes)."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("cannot make a file read-only for root here (chattr +i failed)")
    else:
        path.chmod(0o444)


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
    path.chmod(0o644)


@pytest.fixture
def read_only(seeded: Kkb) -> Iterator[Kkb]:
    _make_read_only(seeded.db_path)
    yield seeded
    _make_writable(seeded.db_path)


def test_read_only_database_refuses_writes_but_still_reports(read_only: Kkb) -> None:
    before = file_digest(read_only.db_path)
    assert_refused(read_only("add", "Gamer", "--year", "2024"), "read-only")
    assert file_digest(read_only.db_path) == before
    report = read_only.json("progress")
    assert report["formed"] == 19


def test_concurrent_writers_queue_instead_of_failing(seeded: Kkb) -> None:
    """Eight kkb processes registering different kelurahan at the same moment all land."""
    planned = [row["kelurahan_code"] for row in seeded.json("list", "--status", "planned")]
    assert len(planned) == 8
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path), "add", code],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in planned
    ]
    outcomes = []
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        outcomes.append((proc.returncode, err))
    assert outcomes == [(0, "")] * 8
    report = seeded.json("progress")
    assert report["formed"] == 27
    assert report["verdict"]["complete"] is True


def test_an_unusable_user_folder_is_refused(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from kkb_cli.cli import app

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    assert_refused(CliRunner().invoke(app, ["progress"]), "Cannot create the folder")
    assert CliRunner().invoke(app, ["add", "--help"]).exit_code == 0


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "3000000"])
def test_an_impossible_busy_timeout_is_refused(seeded: Kkb, value: str) -> None:
    result = seeded("progress", env={"KKB_BUSY_TIMEOUT": value})
    assert result.exit_code == 2
    assert "from 0 to 3600" in result.stderr


def test_init_on_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    assert_refused(Kkb(tmp_path)("init"), "is a folder")


def test_an_unknown_or_malformed_scope_is_refused_with_what_to_type(seeded: Kkb) -> None:
    seeded.refused("progress", "--scope", "33.99", words="No region 33.99 in this database")
    seeded.refused("list", "--scope", "3375", exit_code=2, words="is not a scope")
    seeded.refused("progress", "--scope", "33.75.03.1002", exit_code=2, words="is a desa/kelurahan")


def test_concurrent_imports_all_land(empty: Kkb, tmp_path: Path) -> None:
    """Eight kkb processes importing different files at the same moment: every row lands,
    none fails with "database is locked"."""
    codes = add_villages(empty.db_path, 8 * 500)
    files = []
    for index in range(8):
        path = tmp_path / f"part{index}.csv"
        rows = "".join(f"{code};terbentuk;2024\n" for code in codes[index::8])
        path.write_text("kode;status;tahun\n" + rows, encoding="utf-8")
        files.append(path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kkb_cli", "--db", str(empty.db_path), "import", "csv", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outcomes = [(proc.wait(timeout=120), proc.communicate()[1]) for proc in procs]
    assert outcomes == [(0, "")] * 8
    assert len(records(empty.db_path)) == 4_000
    assert len(empty.json("history")) == 4_000
    assert empty("check").exit_code == 0


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_check_after_a_killed_write_says_how_to_undo_it(seeded: Kkb, lang: str) -> None:
    """A kkb killed mid-write leaves its journal beside the file. `kkb check` only reads,
    so it cannot undo that write: it says so, and which command does (not "read-only")."""
    add_villages(seeded.db_path, 2000)  # enough for the write to reach the file
    before = table_rows(seeded.db_path)
    writer = subprocess.Popen(
        [sys.executable, "-c", _HALF_DONE, str(seeded.db_path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    writer.kill()
    writer.wait()
    assert Path(f"{seeded.db_path}-journal").exists()
    refused = seeded("--lang", lang, "check")
    assert refused.exit_code == 1 and "read-only" not in refused.stderr
    assert "kkb info" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert ("stopped" if lang == "en" else "terhenti") in refused.stderr
    assert seeded("info").exit_code == 0
    assert not Path(f"{seeded.db_path}-journal").exists()
    assert seeded("check").exit_code == 0
    assert table_rows(seeded.db_path) == before


# A writer that changes every region, spilling its pages to the file, then waits to be killed.
_HALF_DONE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE regions SET name = name || ' (half done)'")
print("writing", flush=True)
time.sleep(60)
"""
