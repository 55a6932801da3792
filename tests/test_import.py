"""`kkb import csv`: spreadsheets in, all or nothing, every wrong row named with its line."""

from __future__ import annotations

import csv
import io
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Kkb, add_villages, file_digest, records, table_rows
from kkb_cli.domain.imports import FORMULA_START, RowChange, check_rows, read_header
from kkb_cli.domain.records import KAMPUNG_COLUMNS, Change, KampungRecord
from kkb_cli.domain.regions import ListLookup, Region, Village, VillageFinder
from kkb_cli.domain.status import Status
from kkb_cli.render.csvin import CsvFile
from kkb_cli.render.csvout import write_rows
from kkb_cli.storage.migrations import migrate
from kkb_cli.storage.records import RecordStore
from kkb_cli.storage.reports import ReportStore


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def imported(kkb: Kkb, path: Path, *options: str) -> str:
    result = kkb("import", "csv", str(path), *options)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def refused_import(kkb: Kkb, path: Path, *options: str) -> list[str]:
    """Run an import that must be refused: exit 1, one Error line, nothing stored changed.
    Returns the stderr lines after the Error line (the refused rows)."""
    before = table_rows(kkb.db_path)
    result = kkb("import", "csv", str(path), *options)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: "), result.stderr
    assert all(not line.startswith("Error") for line in lines[1:])
    assert "Traceback" not in result.stdout + result.stderr
    assert table_rows(kkb.db_path) == before
    return [lines[0], *lines[1:]]


def test_an_indonesian_excel_file_imports(empty: Kkb, tmp_path: Path) -> None:
    """Semicolons, a byte-order mark, Indonesian headers in any case, names as typed."""
    path = write(
        tmp_path / "kampung.csv",
        "\ufeffDesa/Kelurahan;Status;Tahun;Tanggal;Nama Kampung KB;No. SK;Catatan\r\n"
        "Krapyak;Terbentuk;2023;12/05/2023;Kampung KB Krapyak Sejahtera;SK 400/12/2023;ok\r\n"
        "kandang panjang;terbentuk;2023;;;;\r\n"
        "Kel. Gamer;rencana;2027;;;;nanti\r\n",
    )
    out = imported(empty, path)
    assert "3 added, 0 updated, 0 unchanged, 0 refused" in out
    stored = records(empty.db_path)
    assert stored["33.75.03.1002"] == (
        "formed", 2023, "2023-05-12", None, "Kampung KB Krapyak Sejahtera", "SK 400/12/2023", "ok",
    )  # fmt: skip
    assert stored["33.75.03.1003"] == ("formed", 2023, None, None, None, None, None)
    assert stored["33.75.02.1009"] == ("planned", None, None, 2027, None, None, "nanti")
    assert empty.json("progress")["formed"] == 2


def test_every_wrong_row_is_reported_and_nothing_is_written(empty: Kkb, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "kelurahan,status,tahun,tanggal\n"
        "Krapyak,formed,2023,\n"  # line 2: fine
        "Krapyk,formed,2023,\n"  # line 3: a typo
        "Degayu,formed,2031,\n"  # line 4: in the future
        "Degayu,formed,2023,\n"  # line 5: fine, but Degayu again
        "Tirto,formed,2023,2024-01-05\n"  # line 6: year and date disagree
        "Medono,maybe,2023,\n"  # line 7: not a status
        "Setono,formed,,31/02/2023\n",  # line 8: no such date
    )
    lines = refused_import(empty, path)
    assert "7 rows" in lines[0] and "6 of 7" in lines[0] and "nothing was imported" in lines[0]
    reported = {int(line.split(":")[0].split()[1]): line for line in lines[1:]}
    assert sorted(reported) == [3, 4, 5, 6, 7, 8]
    assert "Did you mean Krapyak" in reported[3]
    assert "future" in reported[4]
    assert "line 4" in reported[5]
    assert "disagree" in reported[6]
    assert "'maybe' is not a status" in reported[7]
    assert "not a real date" in reported[8]


def test_a_row_for_an_existing_record_is_a_conflict_unless_update(
    seeded: Kkb, tmp_path: Path
) -> None:
    path = write(tmp_path / "x.csv", "kelurahan,status,year,name\nKrapyak,formed,2022,Baru\n")
    lines = refused_import(seeded, path)
    assert "Krapyak (33.75.03.1002) already has a record (formed 2023)" in lines[1]
    assert "--update" in lines[1]
    out = imported(seeded, path, "--update")
    assert "0 added, 1 updated, 0 unchanged" in out
    krapyak = records(seeded.db_path)["33.75.03.1002"]
    assert krapyak[:3] == ("formed", 2022, None)
    assert krapyak[4] == "Baru"
    # A column the file does not have keeps its value: the seed's note is still there.
    assert krapyak[6] and "Pekalongan Utara" in krapyak[6]


def test_an_unchanged_row_is_not_a_conflict(seeded: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kelurahan,status,year\nKrapyak,formed,2023\n")
    before = table_rows(seeded.db_path)
    assert "0 added, 0 updated, 1 unchanged" in imported(seeded, path)
    assert table_rows(seeded.db_path) == before  # not even a history row


def test_dry_run_lists_the_changes_and_writes_nothing(seeded: Kkb, tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.csv",
        "kelurahan,status,year\nGamer,formed,2024\nKrapyak,formed,2023\nPoncol,planned,2026\n",
    )
    before = file_digest(seeded.db_path)
    out = imported(seeded, path, "--dry-run", "--update")
    assert file_digest(seeded.db_path) == before
    assert "line 2: update Gamer (33.75.02.1009): status planned → formed" in out
    assert "line 4: update Poncol (33.75.02.1007): planned year 2024 → 2026" in out
    assert "Krapyak" not in out  # unchanged rows are counted, not listed
    assert "0 would be added, 2 updated, 1 unchanged, 0 refused; nothing was written" in out


def test_an_export_imports_back_unchanged(seeded: Kkb, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x")'  # exported with a leading ' against CSV injection
    assert seeded("edit", "Krapyak", "--name", hostile, "--note", "-1; 'quoted'").exit_code == 0
    export = tmp_path / "laporan.csv"
    assert seeded("export", "csv", "--output", str(export)).exit_code == 0
    assert "'=HYPERLINK" in export.read_text(encoding="utf-8-sig")
    before = table_rows(seeded.db_path)
    assert "0 added, 0 updated, 27 unchanged" in imported(seeded, export)
    assert table_rows(seeded.db_path) == before
    # Into a database without records, the same file recreates every record exactly.
    other = Kkb(tmp_path / "other.db")
    assert other("init", "--no-records").exit_code == 0
    assert "27 added" in imported(other, export)
    assert records(other.db_path) == records(seeded.db_path)


def test_standard_input_is_read_with_a_dash(empty: Kkb) -> None:
    result = empty("import", "csv", "-", input="kode,status,tahun\n33.75.03.1002,formed,2023\n")
    assert result.exit_code == 0, result.stderr
    assert records(empty.db_path)["33.75.03.1002"][:2] == ("formed", 2023)


def test_a_status_none_row_never_removes_a_record(seeded: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kelurahan,status\nKrapyak,none\nGamer,belum\n")
    lines = refused_import(seeded, path, "--update")
    assert len(lines) == 3 and "kkb remove" in lines[1]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\n\n  \n", "is empty"),
        (b'""\r\n,,\r\n', "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV text file"),
        ("kelurahan,tahun\nTirtö,2023\n".encode("latin-1"), "not UTF-8 text (line 2)"),
        (b"kelurahan,status,tahun,warna\nKrapyak,formed,2023,biru\n", "Unknown column(s) 'warna'"),
        (b"status,tahun\nformed,2023\n", "no kelurahan column"),
        (b"kelurahan,desa\nKrapyak,Krapyak\n", "Two columns mean the same thing"),
        (b'kelurahan,status,name\nKrapyak,formed,"Kampung KB Kra', "cut off"),
    ],
    ids=[
        "empty",
        "blank",
        "empty-cells",
        "binary",
        "latin-1",
        "unknown-column",
        "no-kelurahan",
        "twice",
        "cut",
    ],
)
def test_a_bad_file_is_refused_with_one_clear_line(
    empty: Kkb, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    lines = refused_import(empty, path)
    assert words in lines[0]


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"], ids=["unix", "windows", "old-mac"])
def test_a_byte_that_is_not_utf8_far_down_the_file_is_named_by_its_line(
    empty: Kkb, tmp_path: Path, ending: bytes
) -> None:
    """The file is decoded a block at a time, ahead of the row being read: the refusal
    still names the line the wrong byte is on, not the block's first, whatever the file's
    line endings."""
    lines = ["kelurahan,status,tahun"] + [f"Krapyak,planned,{2024 + i % 3}" for i in range(700)]
    bad = 599  # far past the first block of the file that is decoded
    content = [line.encode("utf-8") for line in lines]
    content[bad - 1] = "Krapyák,planned,2024".encode("latin-1")
    path = tmp_path / "latin.csv"
    path.write_bytes(ending.join(content) + ending)
    refusal = refused_import(empty, path)
    assert f"not UTF-8 text (line {bad})" in refusal[0]
    assert records(empty.db_path) == {}


def test_rows_left_unread_when_a_command_is_interrupted_close_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C stops a command part-way through a file's rows: the file is closed first,
    then the rows unread are let go, with nothing printed (no Python traceback)."""
    import gc
    import sys

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    path = write(tmp_path / "x.csv", "kelurahan,status\n" + "Krapyak,formed\n" * 5000)
    with CsvFile(path) as source:
        source.check()
        rows = source.rows()
        assert next(rows) == (2, ["Krapyak", "formed"])
    del rows
    gc.collect()
    assert unraisable == []


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"], ids=["windows", "old-mac", "unix"])
def test_a_file_with_any_line_ending_imports_with_its_line_numbers(
    empty: Kkb, tmp_path: Path, ending: str
) -> None:
    content = ending.join(
        ["\ufeffkelurahan;status;tahun;catatan", "Krapyak;formed;2023;", "", "Degayu;formed;2031;"]
    )
    path = tmp_path / "lines.csv"
    path.write_bytes((content + ending).encode("utf-8"))
    lines = refused_import(empty, path)
    assert lines[1].startswith("  line 4:") and "2031" in lines[1]
    good = tmp_path / "good.csv"
    good.write_bytes(content.replace("2031", "2023").encode("utf-8"))
    result = empty("import", "csv", str(good))
    assert result.exit_code == 0, result.stderr
    assert sorted(records(empty.db_path)) == ["33.75.03.1002", "33.75.03.1007"]  # Degayu


def test_a_file_cut_off_mid_row_is_refused(empty: Kkb, tmp_path: Path) -> None:
    full = "kelurahan,status,tahun,nama\nKrapyak,formed,2023,Satu\nDegayu,formed,2023,Dua\n"
    path = write(tmp_path / "cut.csv", full[: full.index("2023,Dua")])
    lines = refused_import(empty, path)
    assert lines[1].startswith("  line 3:") and "cut off" in lines[1]


def test_a_missing_file_or_a_folder_is_refused(empty: Kkb, tmp_path: Path) -> None:
    assert "There is no file" in refused_import(empty, tmp_path / "nope.csv")[0]
    assert "is a folder" in refused_import(empty, tmp_path)[0]


def test_ten_thousand_rows_with_one_wrong_import_nothing(empty: Kkb, tmp_path: Path) -> None:
    codes = add_villages(empty.db_path, 10_000)
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["kelurahan_code", "status", "year", "date"])
        for index, code in enumerate(codes):
            day = "2024-02-30" if index == 6_789 else ""  # the one wrong row
            writer.writerow([code, "formed", 2016 + index % 9, day])
    lines = refused_import(empty, path)
    assert "1 of 10000 rows refused" in lines[0]
    assert lines[1:] == [
        "  line 6791: '2024-02-30' is not a real date: check the day and the month."
    ]
    # Mended, the same file imports whole, with one history entry per record.
    path.write_text(path.read_text().replace("2024-02-30", ""))
    assert "10,000 added" in imported(empty, path)
    assert len(records(empty.db_path)) == 10_000
    assert len(empty.json("history")) == 10_000
    assert empty("check").exit_code == 0


def test_a_name_is_matched_within_the_kecamatan_column(empty: Kkb, tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(empty.db_path)
    with conn:  # a second Krapyak, in another kecamatan
        conn.execute("INSERT INTO regions VALUES ('33.75.01.1020', 'Krapyak', 'desa_kelurahan',"
                     " '33.75.01', 'krapyak')")  # fmt: skip
        conn.execute("INSERT INTO _region_names (rowid, name_key) VALUES (3375011020, 'krapyak')")
    conn.close()
    ambiguous = write(tmp_path / "a.csv", "kelurahan,status,tahun\nKrapyak,formed,2023\n")
    # two villages of one name: the row must say which, in its Kecamatan column
    assert "Fill in the Kecamatan column" in refused_import(empty, ambiguous)[1]
    narrowed = write(
        tmp_path / "b.csv",
        "kelurahan,kecamatan,status,tahun\nKrapyak,Pekalongan Barat,formed,2023\n",
    )
    imported(empty, narrowed)
    assert list(records(empty.db_path)) == ["33.75.01.1020"]


def test_update_with_some_columns_keeps_the_rest(seeded: Kkb, tmp_path: Path) -> None:
    """A file that only fills in details, or only years, leaves everything else as it was."""
    assert seeded("edit", "Krapyak", "--date", "2023-05-12").exit_code == 0
    details = write(tmp_path / "sk.csv", "kelurahan;no_sk\nKrapyak;SK 7/2023\nGamer;SK 8/2024\n")
    assert "2 updated" in imported(seeded, details, "--update")
    stored = records(seeded.db_path)
    assert stored["33.75.03.1002"][:3] == ("formed", 2023, "2023-05-12")  # date kept
    assert stored["33.75.03.1002"][5] == "SK 7/2023"
    assert stored["33.75.02.1009"][:4] == ("planned", None, None, 2024)  # still a plan
    years = write(tmp_path / "years.csv", "kelurahan,tahun\nKrapyak,2023\n")
    assert "1 unchanged" in imported(seeded, years, "--update")  # the known date is kept
    plans = write(tmp_path / "plans.csv", "kelurahan,tahun_rencana\nKrapyak,2022\n")
    assert "1 updated" in imported(seeded, plans, "--update")
    assert records(seeded.db_path)["33.75.03.1002"][:4] == ("formed", 2023, "2023-05-12", 2022)


def test_details_for_a_kelurahan_without_a_record_are_refused(empty: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "kelurahan,nama\nKrapyak,Kampung KB Krapyak\n")
    assert "No status, year, date" in refused_import(empty, path)[1]


def test_a_code_that_disagrees_with_the_name_or_kecamatan_is_refused(
    seeded: Kkb, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "x.csv",
        "kelurahan_code,kelurahan,kecamatan,status,year\n"
        "33.75.01.1009,Poncol,,formed,2024\n"  # 33.75.01.1009 is Tirto
        "33.75.02.1007,Poncol,Pekalongan Selatan,formed,2024\n"  # Poncol is in Timur
        "33.75.02.1009,GAMER,33.75.02,formed,2024\n",  # agrees (case and code forms)
    )
    lines = refused_import(seeded, path, "--update")
    assert len(lines) == 3
    assert "The code 33.75.01.1009 is Tirto, not 'Poncol'" in lines[1]
    assert "lies in kecamatan Pekalongan Timur, not 'Pekalongan Selatan'" in lines[2]


@pytest.mark.parametrize("name", ["'- nama", "''", "'=1+1", "-1", "@home", "'quoted'"])
def test_text_starting_with_a_quote_or_formula_sign_round_trips(
    seeded: Kkb, tmp_path: Path, name: str
) -> None:
    assert seeded("edit", "Krapyak", "--name", name).exit_code == 0
    export = tmp_path / "laporan.csv"
    assert seeded("export", "csv", "--output", str(export)).exit_code == 0
    other = Kkb(tmp_path / "other.db")
    assert other("init", "--no-records").exit_code == 0
    imported(other, export)
    assert records(other.db_path)["33.75.03.1002"][4] == name


# -- the round trip as a property: any record, exported and imported, comes back the same ----

_TODAY = date(2026, 11, 27)
_VILLAGE = Village("33.75.03.1002", "Krapyak", "33.75.03", "Pekalongan Utara")
_FINDER = VillageFinder(
    ListLookup([_VILLAGE], "kelurahan"),
    ListLookup([Region(_VILLAGE.kecamatan_code, _VILLAGE.kecamatan_name)], "kecamatan"),
    lambda area: ListLookup([_VILLAGE], "kelurahan"),
)
_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
).map(str.strip)
_texts = st.none() | _text.filter(bool)


@st.composite
def kampung_records(draw: st.DrawFn) -> KampungRecord:
    details = {"name": draw(_texts), "sk_number": draw(_texts), "note": draw(_texts)}
    planned = draw(st.none() | st.integers(2016, 2036))
    if draw(st.booleans()):
        day = draw(st.none() | st.dates(date(2016, 1, 1), _TODAY))
        year = day.year if day else draw(st.integers(2016, 2026))
        return KampungRecord(_VILLAGE.code, Status.FORMED, year, day, planned, **details)
    return KampungRecord(_VILLAGE.code, Status.PLANNED, planned_year=planned or 2027, **details)


def _exported(record: KampungRecord) -> str:
    """The record as `kkb export csv` writes it: stored in a database in memory, then read
    back through the export's own query and CSV writer."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, 0)
    conn.executemany(
        "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)",
        [
            ("33", "Jawa Tengah", "provinsi", None),
            ("33.75", "Kota Pekalongan", "kabupaten_kota", "33"),
            (_VILLAGE.kecamatan_code, _VILLAGE.kecamatan_name, "kecamatan", "33.75"),
            (_VILLAGE.code, _VILLAGE.name, "desa_kelurahan", _VILLAGE.kecamatan_code),
        ],
    )
    RecordStore(conn, "test").apply([Change(_VILLAGE.code, None, record)])
    out = io.StringIO()
    table = ReportStore(conn).kampung_table(Region("33.75", ""), FORMULA_START)
    write_rows(KAMPUNG_COLUMNS, table, out)
    return out.getvalue()


@given(record=kampung_records())
def test_any_record_survives_export_then_import(record: KampungRecord) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(_exported(record), encoding="utf-8")
        with CsvFile(path) as exported:
            columns = read_header(exported.check())
            outcomes = list(
                check_rows(
                    columns,
                    exported.rows(),
                    _FINDER,
                    lambda code: None,
                    update=False,
                    today=_TODAY,
                )
            )
    assert [type(o) for o in outcomes] == [RowChange]
    assert [o.change.after for o in outcomes if isinstance(o, RowChange)] == [record]


def test_an_empty_cell_never_erases_a_stored_value(seeded: Kkb, tmp_path: Path) -> None:
    """A clerk's sheet with an empty Catatan or No. SK column keeps the stored notes."""
    assert seeded("edit", "Tirto", "--sk", "SK 9/2023").exit_code == 0
    before = records(seeded.db_path)["33.75.01.1009"]
    path = write(
        tmp_path / "x.csv", "kelurahan;status;tahun;no_sk;catatan\nTirto;terbentuk;2023;;\n"
    )
    assert "1 unchanged" in imported(seeded, path, "--update")
    assert records(seeded.db_path)["33.75.01.1009"] == before


def test_office_sheet_habits_are_accepted(empty: Kkb, tmp_path: Path) -> None:
    """A row-number column, trailing separators, and a very long note."""
    note = "catatan panjang " * 10_000  # 160,000 characters, past Python's default cell limit
    path = write(
        tmp_path / "x.csv",
        f"No;Kelurahan;Status;Tahun;Catatan;\n1;Krapyak;terbentuk;2023;{note};\n2;Degayu;rencana;2027;\n",
    )
    assert "2 added" in imported(empty, path)
    assert records(empty.db_path)["33.75.03.1002"][6] == note.strip()


def test_a_name_in_another_kecamatan_says_where_it_is(empty: Kkb, tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.csv",
        "kelurahan;kecamatan;status;tahun\nMedono;Pekalongan Timur;terbentuk;2023\n",
    )
    lines = refused_import(empty, path)
    assert "'Medono' is not in kecamatan Pekalongan Timur but in Pekalongan Barat" in lines[1]


def test_attribute_columns_by_any_name_and_a_bad_answer_names_its_column(
    seeded: Kkb, tmp_path: Path
) -> None:
    good = write(
        tmp_path / "a.csv", "kelurahan;Dapur Sehat Atasi Stunting;PIK-R\nKrapyak;ya;tidak\n"
    )
    assert "1 updated" in imported(seeded, good, "--update")
    row = next(r for r in seeded.json("list") if r["kelurahan"] == "Krapyak")
    assert (row["dashat"], row["pik_r"]) == ("yes", "no")
    bad = write(tmp_path / "b.csv", "kelurahan;dashat\nKrapyak;mungkin\n")
    assert "Dashat: 'mungkin' is not an answer" in refused_import(seeded, bad, "--update")[1]


def test_standard_input_is_named_in_the_summary(empty: Kkb) -> None:
    result = empty("import", "csv", "-", input="kelurahan,tahun\nKrapyak,2023\n")
    assert result.stdout.startswith("Imported standard input: 1 added")
