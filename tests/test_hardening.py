"""kkb tried as an attacker and as an unlucky user would: links at the destination, files more
readable than the database, a rewritten history, a borrowed user name, garbage input, closed
streams, full disks, kills, pipes that close early, hostile text on a terminal."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Kkb, file_digest, read_terminal, records, run_kkb_process, table_rows

SYLLABLES = ("su", "ka", "ma", "ju", "ra", "wi", "do", "mul", "yo", "tan", "ja", "rejo", "sari")


def village_list(provinces: int, kecamatan: int, villages: int, seed: int = 3) -> str:
    """A region list of made-up but name-like villages: ``provinces`` provinsi, one kabupaten
    each, ``kecamatan`` kecamatan each, ``villages`` desa each."""
    rng = random.Random(seed)
    lines = ["code,name"]
    for p in range(provinces):
        provinsi = f"{61 + p}"
        lines += [f"{provinsi},Provinsi {provinsi}", f"{provinsi}.01,Kabupaten {provinsi}"]
        for k in range(kecamatan):
            code = f"{provinsi}.01.{k + 1:02d}"
            lines.append(f"{code},Kecamatan {code}")
            for v in range(villages):
                name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
                lines.append(f"{code}.{2001 + v},{name.capitalize()} {v}")
    return "\n".join(lines) + "\n"


# -- 1. no writes through links --------------------------------------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_backup_is_never_written_through_a_link(
    seeded: Kkb, tmp_path: Path, force: list[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret\n")
    link = tmp_path / "copy.db"
    link.symlink_to(secret)
    dangling = tmp_path / "new.db"
    dangling.symlink_to(tmp_path / "elsewhere.db")
    for target in (link, dangling):
        result = seeded.refused("backup", str(target), *force, words="symbolic link")
        assert str(target.readlink()) in result.stderr
    assert secret.read_text() == "the secret\n"
    assert not (tmp_path / "elsewhere.db").exists()


def test_a_database_behind_a_link_is_refused(seeded: Kkb, tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(seeded.db_path)
    before = file_digest(seeded.db_path)
    result = Kkb(link)("add", "Gamer", "--year", "2024")
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr and str(seeded.db_path) in result.stderr
    assert file_digest(seeded.db_path) == before
    dangling = tmp_path / "dangling.db"
    dangling.symlink_to(tmp_path / "nowhere.db")
    assert Kkb(dangling)("progress").exit_code == 1
    assert not (tmp_path / "nowhere.db").exists()


def test_an_upgrade_backup_name_taken_by_a_link_is_left_alone(db_path: Path, kkb: Kkb) -> None:
    from test_schema import _version_1_file

    _version_1_file(db_path)
    victim = db_path.parent / "victim.txt"
    victim.write_text("keep\n")
    for seconds in range(3):  # whatever second the upgrade starts in
        moment = time.strftime("%Y%m%dT%H%M%S", time.localtime(time.time() + seconds))
        (db_path.parent / f"kkb.db.v1-backup-{moment}").symlink_to(victim)
    assert kkb("progress").exit_code == 0
    assert victim.read_text() == "keep\n"
    backups = [p for p in db_path.parent.glob("kkb.db.v1-backup-*") if not p.is_symlink()]
    assert len(backups) == 1


# -- 2. private copies -----------------------------------------------------------------------


def test_a_new_database_and_its_copies_are_readable_by_their_owner_only(
    kkb: Kkb, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        assert kkb("init").exit_code == 0
        assert stat.S_IMODE(kkb.db_path.stat().st_mode) == 0o600
        copy = tmp_path / "copy.db"
        assert kkb("backup", str(copy)).exit_code == 0
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        kkb.db_path.chmod(0o640)
        shared = tmp_path / "shared.db"
        assert kkb("backup", str(shared)).exit_code == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_an_upgrade_backup_is_no_more_readable_than_the_file(db_path: Path, kkb: Kkb) -> None:
    from test_schema import _version_1_file

    _version_1_file(db_path)
    db_path.chmod(0o600)
    old = os.umask(0o022)
    try:
        assert kkb("progress").exit_code == 0
    finally:
        os.umask(old)
    (backup,) = db_path.parent.glob("kkb.db.v1-backup-*")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


# -- 3. a history that proves it was not rewritten -------------------------------------------


def _sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def _problems(kkb: Kkb, *args: str) -> list[str]:
    result = kkb("check", "--json", *args)
    assert result.exit_code == 1, result.stdout
    return [problem["check"] for problem in json.loads(result.stdout)["problems"]]


def test_triggers_with_the_right_names_but_an_empty_body_are_found(seeded: Kkb) -> None:
    _sql(
        seeded.db_path,
        "DROP TRIGGER history_is_append_only_update",
        "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history BEGIN SELECT 1; END",
    )
    assert _problems(seeded) == ["history_guard"]


def test_an_extra_trigger_is_found(seeded: Kkb) -> None:
    _sql(
        seeded.db_path,
        "CREATE TRIGGER sneaky AFTER INSERT ON kampung_kb BEGIN SELECT 1; END",
    )
    assert _problems(seeded) == ["history_guard"]


def test_a_note_changed_in_the_record_and_its_history_is_found(seeded: Kkb) -> None:
    """The old check compared the record with its last history entry only: change both and it
    was fooled. The hash of the entry no longer holds."""
    assert seeded("edit", "Krapyak", "--note", "asli").exit_code == 0
    _sql(
        seeded.db_path,
        "DROP TRIGGER history_is_append_only_update",
        "UPDATE kampung_kb SET note = 'palsu' WHERE village_code = '33.75.03.1002'",
        "UPDATE history SET new_values = replace(new_values, 'asli', 'palsu')"
        " WHERE id = (SELECT max(id) FROM history)",
    )
    _sql(seeded.db_path, _trigger_again(seeded.db_path))
    assert _problems(seeded) == ["history_hash"]
    # and recounting the derived counts does not bless it
    assert "history_hash" in _problems(seeded, "--recount")


def _trigger_again(db: Path) -> str:
    from kkb_cli.storage.migrations import HISTORY_TRIGGERS

    return HISTORY_TRIGGERS["history_is_append_only_update"]


def test_a_forged_entry_with_its_record_change_is_found(seeded: Kkb) -> None:
    """An `edit` entry appended by hand, with the record changed to match: the history still
    ends in the record, but the entry is not in the chain."""
    _sql(
        seeded.db_path,
        "UPDATE kampung_kb SET sk_number = 'SK palsu' WHERE village_code = '33.75.03.1002'",
        """INSERT INTO history (id, changed_at, command, os_user, kind, item, village_code,
               old_values, new_values, prev_hash, hash)
           SELECT (SELECT max(id) + 1 FROM history), '2026-01-01T00:00:00+00:00', 'edit',
               'someone', 'kampung_kb', '33.75.03.1002', '33.75.03.1002', h.new_values,
               replace(h.new_values, '"sk_number": null', '"sk_number": "SK palsu"'),
               (SELECT hash FROM history ORDER BY id DESC LIMIT 1), printf('%064d', 1)
           FROM history AS h
           WHERE h.id = (SELECT max(id) FROM history WHERE item = '33.75.03.1002')""",
    )
    assert _problems(seeded) == ["history_hash"]


def test_a_seal_proves_the_history_up_to_it_unchanged(seeded: Kkb) -> None:
    sealed = seeded("history", "seal")
    assert sealed.exit_code == 0
    assert "27 entries" in sealed.stdout
    seal = sealed.stdout.splitlines()[1]
    assert len(seal) == 64
    assert seeded.json("history", "seal")["hash"] == seal
    # Later changes keep the seal valid: what was sealed is unchanged.
    assert seeded("add", "Gamer", "--year", "2024").exit_code == 0
    proved = seeded("check", "--seal", seal.upper())
    assert proved.exit_code == 0, proved.stderr
    assert "27 entries" in proved.stdout and "unchanged" in proved.stdout
    # Someone rewrites an early entry and computes every later hash again, as the documented
    # algorithm allows: the chain holds, but the seal is no longer in it.
    _rewrite_history(seeded.db_path)
    assert seeded("check").exit_code == 0  # the chain alone cannot tell
    assert _problems(seeded, "--seal", seal) == ["seal_missing"]
    seeded.refused("check", "--seal", "abc", words="not a seal", exit_code=2)


def _rewrite_history(db: Path) -> None:
    from kkb_cli.storage import history

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER history_is_append_only_update")
    rows = conn.execute(f"SELECT {history.HISTORY_COLUMNS} FROM history ORDER BY id").fetchall()
    previous = history.GENESIS
    for row in rows:
        fields = list(row[:9])
        if fields[0] == 1:
            fields[3] = "someone else"  # os_user of the first entry
        digest = history.entry_hash(previous, *fields)
        conn.execute(
            "UPDATE history SET os_user = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (fields[3], previous, digest, fields[0]),
        )
        previous = digest
    from kkb_cli.storage.migrations import HISTORY_TRIGGERS

    conn.execute(HISTORY_TRIGGERS["history_is_append_only_update"])
    conn.close()


# -- 4. the recorded user --------------------------------------------------------------------


def test_the_recorded_user_is_the_account_not_the_environment(seeded: Kkb) -> None:
    import pwd

    account = pwd.getpwuid(os.getuid()).pw_name
    env = {"LOGNAME": "kepala_dinas", "USER": "kepala_dinas", "USERNAME": "kepala_dinas"}
    result = run_kkb_process("--db", str(seeded.db_path), "remove", "Gamer", "--yes", env=env)
    assert result.returncode == 0, result.stderr
    assert seeded.json("history", "Gamer")[0]["os_user"] == account != "kepala_dinas"


# -- 5. misspelt names at a large scope ------------------------------------------------------


@pytest.fixture
def big(empty: Kkb, tmp_path: Path) -> Kkb:
    """8,000 made-up villages in 4 provinsi: more than kkb compares one by one, so names are
    found and suggested through the index."""
    regions = tmp_path / "regions.csv"
    regions.write_text(village_list(4, 20, 100), encoding="utf-8")
    assert empty("region", "import", str(regions)).exit_code == 0
    assert empty("scope", "set", "ID").exit_code == 0
    return empty


def test_a_typo_at_a_national_scope_gets_the_closest_names(big: Kkb) -> None:
    lines = village_list(4, 20, 100).splitlines()
    code, name = lines[200].split(",")
    typo = name[:2] + name[3:]  # a letter missing
    result = big.refused("add", typo, "--year", "2024", words="Did you mean")
    assert code in result.stderr
    found = big("add", name, "--year", "2024")
    assert found.exit_code == 0 and code in found.stdout


def test_a_thousand_unknown_names_are_refused_quickly_listing_a_hundred(
    big: Kkb, tmp_path: Path
) -> None:
    path = tmp_path / "typos.csv"
    path.write_text(
        "kelurahan,tahun\n" + "".join(f"Tidakada {i}x,2024\n" for i in range(1000)),
        encoding="utf-8",
    )
    before = table_rows(big.db_path)
    result = big("import", "csv", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "1000 of 1000 rows refused" in lines[0]
    assert len(lines) == 1 + 100 + 1
    assert "900 more rows refused" in lines[-1]
    assert table_rows(big.db_path) == before


# -- 6. unbounded input ----------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(empty: Kkb, device: str) -> None:
    for command in (["import", "csv"], ["region", "import"]):
        empty.refused(*command, device, words="is a device, not a file")


def test_a_fifo_with_no_writer_is_refused_at_once(empty: Kkb, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = run_kkb_process("--db", str(empty.db_path), "import", "csv", str(fifo), timeout=20)
    assert result.returncode == 1
    assert "named pipe (FIFO)" in result.stderr


def test_a_folder_is_refused(empty: Kkb, tmp_path: Path) -> None:
    empty.refused("import", "csv", str(tmp_path), words="is a folder")


def test_a_line_without_end_is_refused_naming_its_line(empty: Kkb, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("kelurahan,catatan\nKrapyak,ok\n")
        out.write("Degayu," + "x" * (5 * 1024 * 1024) + "\n")
    result = empty.refused("import", "csv", str(path), words="line 3 is longer than")
    assert len(result.stderr) < 500


def test_a_quote_left_open_is_refused_without_reading_on(empty: Kkb, tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write('kelurahan,catatan\nKrapyak,"never closed\n')
        for _ in range(3000):
            out.write("y" * 1000 + "\n")
    empty.refused("import", "csv", str(path), words="line 2")


def test_a_header_of_many_unknown_columns_gives_a_short_message(empty: Kkb, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(
        "kelurahan," + ",".join(f"kolom{i}" for i in range(100_000)) + "\nKrapyak\n",
        encoding="utf-8",
    )
    result = empty.refused("import", "csv", str(path), words="(+99990)")
    assert len(result.stderr) < 1000


def test_standard_input_still_imports(empty: Kkb) -> None:
    result = empty("import", "csv", "-", input="kelurahan,tahun\nKrapyak,2023\n")
    assert result.exit_code == 0, result.stderr
    assert records(empty.db_path)["33.75.03.1002"][:2] == ("formed", 2023)


# -- 7. exit 3 only for kkb's own bugs -------------------------------------------------------


def _kkb_bytes(*args: bytes, **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"kkb_cli", *args],
        capture_output=True,
        timeout=60,
        check=False,
        **options,  # type: ignore[call-overload]
    )


@pytest.mark.parametrize(
    "args",
    [
        [b"add", b"Krapyak", b"--note", b"\xff\xfe"],
        [b"add", b"Krap\xffyak"],
        [b"list", b"--kecamatan", b"\xc3"],
        [b"export", b"csv", b"--output", b"\xff.csv"],
    ],
    ids=["note", "kelurahan", "kecamatan", "output"],
)
def test_an_argument_that_is_not_utf8_is_bad_usage(seeded: Kkb, args: list[bytes]) -> None:
    before = table_rows(seeded.db_path)
    result = _kkb_bytes(b"--db", os.fsencode(seeded.db_path), *args)
    assert result.returncode == 2, result.stderr
    stderr = result.stderr.decode()
    assert stderr.startswith("Error: ") and "not UTF-8 text" in stderr
    assert "Traceback" not in stderr
    assert table_rows(seeded.db_path) == before


def test_a_closed_stdout_is_a_clear_error(seeded: Kkb) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path), "export", "csv"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Standard output is closed")


def test_a_full_disk_during_an_xlsx_export_is_a_clear_error(seeded: Kkb, tmp_path: Path) -> None:
    """A file size limit stands in for a full disk: the write fails the same way."""
    out = tmp_path / "out"
    out.mkdir()

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    result = subprocess.run(
        [
            *(sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path)),
            *("export", "xlsx", "--output", str(out / "laporan.xlsx")),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limited,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "Exception ignored" not in result.stderr
    assert list(out.iterdir()) == []  # no workbook, no temporary file or folder


def test_a_foreign_file_with_kkb_table_names_is_not_kkbs(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    for table in ("regions", "kampung_kb", "targets", "history", "attributes"):
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    before = file_digest(other)
    for args in (["progress"], ["check"], ["add", "Krapyak"]):
        result = Kkb(other)(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert "not a kkb database" in result.stderr
    assert file_digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


# -- 8. no leftovers after a kill ------------------------------------------------------------


def test_stale_temporary_files_of_a_killed_kkb_are_removed(seeded: Kkb, tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process number no longer in use
    stale = tmp_path / f".laporan.csv.kkb-{gone.pid}-abcd1234.tmp"
    stale.write_text("half an export")
    (tmp_path / f".copy.db.kkb-{gone.pid}-efgh5678.tmp-journal").write_text("journal")
    (tmp_path / f".x.xlsx.kkb-{gone.pid}-ijkl.tmpdir").mkdir()
    alive = tmp_path / f".other.csv.kkb-{os.getpid()}-mnop.tmp"  # this process runs
    alive.write_text("in use")
    mine = tmp_path / "notes.tmp"
    mine.write_text("not kkb's")
    assert seeded("export", "csv", "-o", str(tmp_path / "laporan.csv")).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "kkb.db") == sorted(
        ["laporan.csv", alive.name, "notes.tmp"]
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_terminated_export_leaves_nothing_behind(
    seeded: Kkb, tmp_path: Path, signum: int
) -> None:
    from conftest import paused_inside_transaction

    out = tmp_path / "out"
    out.mkdir()
    target = out / "laporan.csv"
    with paused_inside_transaction(
        "export", "--db", str(seeded.db_path), "export", "csv", "-o", str(target)
    ) as proc:
        assert any(out.iterdir())  # its temporary file is there, being written
        proc.send_signal(signum)
        assert proc.wait(timeout=30) == 128 + signum
    assert list(out.iterdir()) == []


def test_an_upgrade_killed_after_its_backup_makes_no_second_one(db_path: Path) -> None:
    from conftest import paused_inside_transaction
    from test_schema import _version_1_file

    _version_1_file(db_path)
    before = table_rows(db_path)
    with paused_inside_transaction("upgrade", "--db", str(db_path), "progress") as proc:
        proc.kill()
    assert table_rows(db_path) == before
    (backup,) = db_path.parent.glob("kkb.db.v1-backup-*")
    result = run_kkb_process("--db", str(db_path), "progress")
    assert result.returncode == 0, result.stderr
    assert str(backup) in result.stderr
    assert list(db_path.parent.glob("kkb.db.v1-backup-*")) == [backup]


# -- 9. check never writes -------------------------------------------------------------------


def test_check_of_an_older_file_reads_it_as_it_is(db_path: Path, kkb: Kkb) -> None:
    from test_schema import _version_1_file

    _version_1_file(db_path)
    before = file_digest(db_path)
    result = kkb("check")
    assert result.exit_code == 1
    assert "schema version 1" in result.stderr and "kkb upgrade" in result.stderr
    assert file_digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["kkb.db"]
    upgraded = kkb("upgrade")
    assert upgraded.exit_code == 0 and "Upgraded" in upgraded.stderr
    assert kkb("check").exit_code == 0
    assert "nothing to upgrade" in kkb("upgrade").stdout


# -- 10. a reader that goes away -------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["history"], ["export", "csv"]])
def test_a_reader_that_stops_early_gives_exit_141(
    empty: Kkb, tmp_path: Path, command: list[str]
) -> None:
    from conftest import add_villages

    codes = add_villages(empty.db_path, 3000)
    rows = tmp_path / "rows.csv"
    rows.write_text("kode,tahun\n" + "".join(f"{c},2023\n" for c in codes), encoding="utf-8")
    assert empty("import", "csv", str(rows)).exit_code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(empty.db_path), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    assert proc.wait(timeout=60) == 141
    assert b"Traceback" not in proc.stderr.read()
    proc.stderr.close()


# -- 11. terminal and bidi safety outside tables ---------------------------------------------

HOSTILE = "Kampung \x1b]0;pwned\x07\x1b[2J\r\u202eKB\u2066x\u2069\u200b\x7f"


def test_an_export_to_a_terminal_shows_control_characters_escaped(seeded: Kkb) -> None:
    import pty

    assert seeded("edit", "Krapyak", "--name", HOSTILE).exit_code == 0
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path), "export", "csv"],
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    shown = read_terminal(leader)
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    assert b"\x1b" not in shown and "\u202e".encode() not in shown
    assert b"\\x1b]0;pwned" in shown and b"\\u202e" in shown
    # a file or a pipe gets the name exactly
    piped = seeded("export", "csv")
    assert HOSTILE in piped.stdout


def test_json_escapes_every_control_and_bidi_character(seeded: Kkb) -> None:
    assert seeded("edit", "Krapyak", "--name", HOSTILE).exit_code == 0
    result = seeded("list", "--json")
    for raw in ("\x1b", "\u202e", "\u2066", "\u2069", "\u200b", "\x7f", "\r"):
        assert raw not in result.stdout
    assert "\\u202e" in result.stdout and "\\u007f" in result.stdout
    row = next(r for r in json.loads(result.stdout) if r["kelurahan"] == "Krapyak")
    assert row["name"] == HOSTILE  # the same text once read back


# -- 12. formulas in fullwidth forms ---------------------------------------------------------


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠", "﹢", "﹣", "﹦", "﹫"])
def test_fullwidth_formula_signs_are_neutralised_and_read_back(
    seeded: Kkb, tmp_path: Path, start: str
) -> None:
    name = f"{start}1+1"
    assert seeded("edit", "Krapyak", "--name", name).exit_code == 0
    path = tmp_path / "out.csv"
    assert seeded("export", "csv", "-o", str(path)).exit_code == 0
    assert f",'{name}," in path.read_text(encoding="utf-8-sig")
    assert seeded("edit", "Krapyak", "--name", "x").exit_code == 0
    assert "1 updated" in seeded("import", "csv", str(path), "--update").stdout
    assert records(seeded.db_path)["33.75.03.1002"][4] == name


# -- 13. stdout by name, and the history of a removed village --------------------------------


@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(seeded: Kkb, output: str) -> None:
    result = seeded("export", "csv", "--output", output)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("kelurahan_code,")


def test_the_history_of_a_village_a_region_list_removed_is_shown(
    seeded: Kkb, tmp_path: Path
) -> None:
    assert seeded("remove", "Gamer", "--yes").exit_code == 0
    path = tmp_path / "regions.csv"
    path.write_text("\n".join(_seed_regions(seeded)) + "\n", encoding="utf-8")
    assert seeded("region", "import", str(path)).exit_code == 0
    assert seeded("progress", "--json").exit_code == 0
    shown = seeded.json("history", "33.75.02.1009")
    assert [e["command"] for e in shown] == ["remove", "seed"]
    seeded.refused("history", "33.75.02.1999", words="33.75.02.1999")


def _seed_regions(kkb: Kkb) -> list[str]:
    conn = sqlite3.connect(kkb.db_path)
    rows = conn.execute(
        "SELECT code, name FROM regions WHERE code <> '33.75.02.1009' ORDER BY code"
    ).fetchall()
    conn.close()
    return ["code,name", *(f"{code},{name}" for code, name in rows)]
