"""Each command's writes are one transaction: a failure part-way leaves nothing behind."""

from __future__ import annotations

import csv
import signal
import sqlite3
from pathlib import Path

import pytest

from conftest import Kkb, add_villages, paused_inside_transaction, records, table_rows
from kkb_cli.render.csvout import neutralise
from kkb_cli.render.terminal import terminal_safe
from kkb_cli.storage import seed
from kkb_cli.storage.records import RecordStore


def disk_error() -> sqlite3.OperationalError:
    """What SQLite raises when the disk or share fails mid-command (SQLITE_IOERR)."""
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10  # type: ignore[attr-defined]
    return error


def test_a_failure_after_the_write_rolls_the_whole_command_back(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_rows(seeded.db_path)

    def crash(self: RecordStore, scope: object) -> int:
        raise disk_error()

    # The record is saved, then counting the new coverage fails: the save must not survive.
    monkeypatch.setattr(RecordStore, "count_formed", crash)
    result = seeded("add", "Gamer", "--year", "2024")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The disk or network share refused")
    assert table_rows(seeded.db_path) == before


def test_a_refused_first_command_leaves_no_seeded_database(db_path: Path, kkb: Kkb) -> None:
    """The seed and the command's own write are one transaction on a new file."""
    result = kkb("add", "Pringrejoo", "--year", "2024")
    assert result.exit_code == 1
    assert "Created a new database" not in result.stderr
    assert table_rows(db_path) == {}
    made = kkb("add", "Pringrejo", "--year", "2024")
    assert made.exit_code == 0
    assert "Created a new database" in made.stderr
    assert kkb.json("progress")["formed"] == 20


def test_an_sql_mistake_in_kkb_is_reported_as_a_bug(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_query(self: RecordStore, scope: object) -> int:
        return self.conn.execute("SELECT count(*) FROM no_such_table").fetchone()[0]

    monkeypatch.setattr(RecordStore, "count_formed", broken_query)
    before = table_rows(seeded.db_path)
    result = seeded("add", "Gamer", "--year", "2024")
    assert result.exit_code == 3
    assert "no such table" in result.stderr
    assert table_rows(seeded.db_path) == before


def test_a_failure_while_seeding_leaves_no_half_made_database(
    db_path: Path, kkb: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_load_seed = seed.load_seed

    def load_then_crash(conn: sqlite3.Connection) -> None:
        real_load_seed(conn)
        raise disk_error()

    monkeypatch.setattr(seed, "load_seed", load_then_crash)
    result = kkb("progress")
    assert result.exit_code == 1
    assert "Created a new database" not in result.stderr
    assert table_rows(db_path) == {}  # neither schema nor seed rows were kept
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == 0
    monkeypatch.setattr(seed, "load_seed", real_load_seed)
    assert kkb.json("progress")["formed"] == 19  # the next run creates it properly


HOSTILE = [
    "Kampung KB \"Mina Bahari\"; 'Sejahtera'",
    "x'); DROP TABLE kampung_kb; --",
    "baris satu\nbaris dua\r\nbaris tiga",
    "Dashat 🍲 Sehat ✅",
    "\u202eRTL mark\u200f and \u200b zero width",
    "\x1b[2J\x1b[31mclears the screen",
    "[bold red]not markup[/]",
    "K" * 10_000,
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_stored_and_shown_exactly(seeded: Kkb, hostile: str) -> None:
    result = seeded("add", "Gamer", "--year", "2024", "--name", hostile, "--note", hostile)
    assert result.exit_code == 0, result.stderr
    row = next(r for r in seeded.json("list") if r["kelurahan"] == "Gamer")
    assert (row["name"], row["note"]) == (hostile, hostile)
    table = seeded("list", "--status", "formed")
    assert table.exit_code == 0
    assert "\x1b" not in table.stdout  # shown, never obeyed by the terminal
    if len(hostile) < 100:
        assert terminal_safe(hostile) in table.stdout
    assert "\u202e" not in table.stdout  # a bidi override would reorder what the user reads
    assert seeded("progress").exit_code == 0
    assert {t for t in table_rows(seeded.db_path) if not t.startswith("_region_names")} == {
        "regions", "kampung_kb", "targets", "history", "attributes", "_settings",
        "_village_counts", "_record_counts", "_attribute_counts", "_activity_summaries",
        "activities", "activity_agencies", "activity_groups", "catalogue_kegiatan",
        "catalogue_instansi", "catalogue_fungsi", "catalogue_sasaran", "boundaries",
    }  # fmt: skip


def test_terminal_safe_escapes_what_would_drive_the_terminal() -> None:
    assert terminal_safe("Kampung KB Mina Bahari 🍲") == "Kampung KB Mina Bahari 🍲"
    assert terminal_safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert terminal_safe("x\u202ey") == "x\\u202ey"
    assert terminal_safe("one\ntwo") == "one\\ntwo"


def test_a_bug_is_one_error_line_not_a_traceback_and_changes_nothing(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_rows(seeded.db_path)

    def broken(self: RecordStore, scope: object) -> int:
        raise ZeroDivisionError("division by zero")

    # count_formed runs after the record is saved, inside the command's transaction.
    monkeypatch.setattr(RecordStore, "count_formed", broken)
    result = seeded("add", "Gamer", "--year", "2024")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: kkb failed unexpectedly (ZeroDivisionError")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert table_rows(seeded.db_path) == before
    debug = seeded("add", "Gamer", "--year", "2024", env={"KKB_DEBUG": "1"})
    assert isinstance(debug.exception, ZeroDivisionError)


def _kill_inside_transaction(where: str, *args: str) -> None:
    with paused_inside_transaction(where, *args) as proc:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def test_a_kill_while_seeding_a_new_file_leaves_no_half_made_database(db_path: Path) -> None:
    _kill_inside_transaction("seed", "--db", str(db_path), "add", "Gamer", "--year", "2024")
    assert Path(f"{db_path}-journal").exists()  # SQLite's record of what to undo
    assert table_rows(db_path) == {}  # opening the file rolled the half-made seed back
    report = Kkb(db_path).json("progress")  # and the next command starts afresh
    assert (report["total_villages"], report["formed"]) == (27, 19)


def test_a_kill_in_the_middle_of_add_leaves_the_database_as_it_was(seeded: Kkb) -> None:
    before = table_rows(seeded.db_path)
    _kill_inside_transaction("add", "--db", str(seeded.db_path), "add", "Gamer", "--year", "2024")
    assert Path(f"{seeded.db_path}-journal").exists()  # killed with the record written
    assert table_rows(seeded.db_path) == before
    assert seeded.json("progress")["formed"] == 19


def test_a_kill_in_the_middle_of_a_large_import_leaves_the_database_as_it_was(
    seeded: Kkb, tmp_path: Path
) -> None:
    codes = add_villages(seeded.db_path, 5_000)
    big = tmp_path / "big.csv"
    big.write_text(
        "kelurahan_code,status,year\n" + "".join(f"{c},formed,2023\n" for c in codes),
        encoding="utf-8",
    )
    before = table_rows(seeded.db_path)
    _kill_inside_transaction("import", "--db", str(seeded.db_path), "import", "csv", str(big))
    assert Path(f"{seeded.db_path}-journal").exists()  # killed with 5,000 records written
    assert table_rows(seeded.db_path) == before  # row by row, every table
    assert seeded("check").exit_code == 0
    assert "5,000 added" in seeded("import", "csv", str(big)).stdout  # and it can be redone


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_survives_import_and_export(seeded: Kkb, tmp_path: Path, hostile: str) -> None:
    """Imported, stored exactly; exported formula-safe; re-imported, still exactly the same."""
    source = tmp_path / "hostile.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(
            [
                ["kelurahan", "status", "tahun", "nama", "catatan"],
                ["Gamer", "formed", "2024", hostile, hostile],
            ]
        )
    result = seeded("import", "csv", str(source), "--update")
    assert result.exit_code == 0, result.stderr
    expected = hostile.strip()  # outer spaces and line breaks of a cell are not kept
    assert records(seeded.db_path)["33.75.02.1009"][4:7:2] == (expected, expected)
    export = tmp_path / "export.csv"
    assert seeded("export", "csv", "--output", str(export)).exit_code == 0
    exported = next(
        row
        for row in csv.DictReader(export.open(encoding="utf-8-sig", newline=""))
        if row["kelurahan"] == "Gamer"
    )
    assert exported["name"] == neutralise(expected)
    stored = table_rows(seeded.db_path)
    assert "27 unchanged" in seeded("import", "csv", str(export)).stdout
    assert table_rows(seeded.db_path) == stored
    assert seeded("history", "Gamer").exit_code == 0
    assert seeded("check").exit_code == 0


def _journals_on_disk() -> set[str]:
    """The deleted files this process holds open: where SQLite keeps a statement journal
    that outgrew memory (it deletes the file as it opens it)."""
    fds = Path("/proc/self/fd")
    held = set()
    for fd in fds.iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.endswith(" (deleted)"):
            held.add(target)
    return held


class _Undo(Exception):
    pass


def _temp_store_default() -> bool:
    """SQLite built to keep temporary files on disk unless told otherwise (TEMP_STORE=1, as
    Debian's is): a statement journal past 64 KiB then goes to a file."""
    options = {row[0] for row in sqlite3.connect(":memory:").execute("PRAGMA compile_options")}
    return "TEMP_STORE=1" in options


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads Linux's /proc")
@pytest.mark.skipif(not _temp_store_default(), reason="SQLite built with another TEMP_STORE")
@pytest.mark.parametrize("bulk", [False, True], ids=["command", "import"])
def test_an_import_keeps_its_statement_journals_in_memory_and_undoes_a_refused_statement(
    seeded: Kkb, bulk: bool
) -> None:
    """A statement of many rows journals the pages it changes, to be undone alone: an
    import (``bulk``) keeps that journal in memory, not in a temporary file, while its
    sorts still spill to files (temporary storage back to the default). A statement refused
    at its last row is undone whole, the statements before it kept, in both."""
    from kkb_cli.storage.bulk import insert_rows
    from kkb_cli.storage.database import Mode, session

    before = table_rows(seeded.db_path)
    insert = "INSERT INTO regions (code, name, level, parent_code)"
    rows = [(f"33.75.01.{2001 + i}", f"Uji {i}", "desa_kelurahan", "33.75.01") for i in range(3000)]
    with pytest.raises(_Undo), session(seeded.db_path, mode=Mode.WRITE, bulk=bulk) as store:
        conn = store.conn
        mine = "code BETWEEN '33.75.01.2001' AND '33.75.01.5000'"
        assert conn.execute("PRAGMA temp_store").fetchone()[0] == 0
        held = _journals_on_disk()
        insert_rows(conn, insert, rows)
        # Changes every page of the rows above: far more than SQLite keeps in memory (64 KiB)
        # unless the transaction keeps its statement journals there.
        conn.execute(f"UPDATE regions SET name = name || '.' WHERE {mine}")
        assert bool(_journals_on_disk() - held) is not bulk
        wrong = [
            (f"33.75.01.{9001 + i}", f"Baru {i}", "desa_kelurahan", "33.75.01") for i in range(99)
        ]
        with pytest.raises(sqlite3.IntegrityError):
            insert_rows(conn, insert, [*wrong, (rows[0][0], "Lagi", "desa_kelurahan", "33.75.01")])
        near = "code BETWEEN '33.75.01.2001' AND '33.75.01.9999'"
        counted = conn.execute(f"SELECT count(*), sum({mine}) FROM regions WHERE {near}")
        assert counted.fetchone() == (3000, 3000)  # the refused statement left nothing
        assert conn.execute("SELECT name FROM regions WHERE code = '33.75.01.2001'").fetchone() == (
            "Uji 0.",
        )
        raise _Undo
    assert table_rows(seeded.db_path) == before
