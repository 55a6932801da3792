"""`kkb export csv`: what a spreadsheet gets, and files written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import Kkb, file_digest
from kkb_cli.domain.attributes import ALL_ATTRIBUTES, LABELS, Attribute
from kkb_cli.render.csvout import neutralise


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_kampung_table_round_trips_through_csv(seeded: Kkb) -> None:
    result = seeded("export", "csv")
    assert result.exit_code == 0, result.stderr
    assert not result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # no byte-order mark on stdout
    rows = read_csv(result.stdout)
    listed = seeded.json("list")
    assert len(rows) == len(listed) == 27
    for row, item in zip(rows, listed, strict=True):
        for column, value in item.items():
            assert row[column] == ("" if value is None else str(value)), column


def test_semicolons_for_excel_with_indonesian_settings(seeded: Kkb, tmp_path: Path) -> None:
    """Excel set to Indonesian splits cells at ; and reads 57,1 as a number; kkb reads the
    file back."""
    areas = seeded("export", "csv", "--table", "areas", "--delimiter", ";")
    assert areas.exit_code == 0, areas.stderr
    rows = list(csv.DictReader(io.StringIO(areas.stdout), delimiter=";"))
    shares = {row["name"]: row["coverage_pct"] for row in rows}
    report = {a["name"]: a["coverage_pct"] for a in seeded.json("progress")["areas"]}
    assert shares == {name: f"{share:.1f}".replace(".", ",") for name, share in report.items()}

    # The Kampung KB table in ; goes back in unchanged (kkb import csv finds the ;).
    table = tmp_path / "kampung.csv"
    done = seeded("export", "csv", "--delimiter", ";", "--output", str(table))
    assert done.exit_code == 0, done.stderr
    assert table.read_text(encoding="utf-8-sig").splitlines()[0].startswith("kelurahan_code;")
    again = seeded("import", "csv", str(table))
    assert again.exit_code == 0, again.stderr
    assert seeded("export", "csv", "--delimiter", ";").stdout == table.read_text("utf-8-sig")

    tabs = seeded("export", "csv", "--delimiter", "tab").stdout.splitlines()[0]
    assert tabs.startswith("kelurahan_code\tkelurahan\t")


def test_kampung_table_has_the_columns_reports_need(seeded: Kkb) -> None:
    header = seeded("export", "csv").stdout.splitlines()[0].split(",")
    for column in (
        "kelurahan_code",
        "kelurahan",
        "kecamatan_code",
        "kecamatan",
        "status",
        "year",
        "date",
        "name",
        "sk_number",
        "note",
    ):
        assert column in header


def test_progress_and_areas_tables_match_progress_json(seeded: Kkb) -> None:
    report = seeded.json("progress")
    years = read_csv(seeded("export", "csv", "--table", "progress").stdout)
    assert [int(r["year"]) for r in years] == [y["year"] for y in report["years"]]
    assert [int(r["cumulative"]) for r in years] == [y["cumulative"] for y in report["years"]]
    areas = read_csv(seeded("export", "csv", "--table", "areas").stdout)
    assert [(a["name"], int(a["formed"])) for a in areas] == [
        (a["name"], a["formed"]) for a in report["areas"]
    ]
    assert [float(a["coverage_pct"]) for a in areas] == [a["coverage_pct"] for a in report["areas"]]


@pytest.mark.parametrize("formula", ["=1+2", "+62 812", "-SUM(A1)", "@cmd", "'quoted'"])
def test_formula_text_is_neutralised(seeded: Kkb, formula: str) -> None:
    seeded("add", "Gamer", "--year", "2024", "--name", formula, "--note", formula)
    rows = {r["kelurahan"]: r for r in read_csv(seeded("export", "csv").stdout)}
    assert rows["Gamer"]["name"] == "'" + formula
    assert rows["Gamer"]["note"] == "'" + formula


def test_text_starting_with_tab_or_cr_is_neutralised() -> None:
    """kkb strips such spaces from what it is given, but a file edited elsewhere may hold them."""
    from kkb_cli.render.csvout import neutralise

    assert neutralise("\tTAB") == "'\tTAB"
    assert neutralise("\rCR") == "'\rCR"
    assert neutralise(2024) == 2024


def test_plain_numbers_and_dates_stay_plain(seeded: Kkb) -> None:
    seeded("add", "Gamer", "--date", "2024-03-01", "--name", "Kampung KB 'Gamer' ; 2")
    rows = {r["kelurahan"]: r for r in read_csv(seeded("export", "csv").stdout)}
    assert rows["Gamer"]["year"] == "2024"
    assert rows["Gamer"]["date"] == "2024-03-01"
    assert rows["Gamer"]["name"] == "Kampung KB 'Gamer' ; 2"
    assert neutralise(-5) == -5


def test_output_file_is_written_with_a_bom_for_excel(seeded: Kkb, tmp_path: Path) -> None:
    target = tmp_path / "laporan.csv"
    result = seeded("export", "csv", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert "27 rows" in result.stderr
    assert result.stdout == ""
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 27
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_existing_output_is_kept_unless_forced(seeded: Kkb, tmp_path: Path) -> None:
    target = tmp_path / "laporan.csv"
    target.write_text("the office's own file\n")
    digest = file_digest(target)
    result = seeded("export", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "--force" in result.stderr
    assert file_digest(target) == digest
    forced = seeded("export", "csv", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8-sig").startswith("kelurahan_code,")


def test_output_into_a_missing_folder_is_refused(seeded: Kkb, tmp_path: Path) -> None:
    result = seeded("export", "csv", "-o", str(tmp_path / "missing" / "x.csv"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_unknown_table_is_a_usage_error(seeded: Kkb) -> None:
    result = seeded("export", "csv", "--table", "budget")
    assert result.exit_code == 2


def test_dash_means_stdout(seeded: Kkb, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = seeded("export", "csv", "--table", "areas", "-o", "-")
    assert result.stdout.startswith("code,name,villages")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_symlink_is_never_written_through(
    seeded: Kkb, tmp_path: Path, force: list[str], dangling: bool
) -> None:
    """`ln -s ../victim/secret.txt out/link.csv; kkb export csv -o out/link.csv --force` must
    not replace the secret, and a dangling link must not create its target."""
    victim = tmp_path / "victim"
    victim.mkdir()
    secret = victim / "secret.txt"
    if not dangling:
        secret.write_text("the secret\n")
    out = tmp_path / "out"
    out.mkdir()
    link = out / "link.csv"
    link.symlink_to(Path("..") / "victim" / "secret.txt")
    result = seeded.refused("export", "csv", "-o", str(link), *force, words="symbolic link")
    assert "../victim/secret.txt" in result.stderr
    assert link.is_symlink()
    if dangling:
        assert not secret.exists()
    else:
        assert secret.read_text() == "the secret\n"
    assert sorted(p.name for p in out.iterdir()) == ["link.csv"]  # no temporary file left


def test_a_pipe_is_never_replaced(seeded: Kkb, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = seeded("export", "csv", "-o", str(fifo), "--force")
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_export_is_never_more_readable_than_the_database(seeded: Kkb, tmp_path: Path) -> None:
    """A new database is its owner's only (0600), and so is what is exported from it; a
    database made readable by others gives exports the user's usual permissions (umask), and a
    replaced file never becomes more readable than it was."""
    old_umask = os.umask(0o022)
    try:
        assert stat.S_IMODE(seeded.db_path.stat().st_mode) == 0o600
        for command in (["csv"], ["json"], ["xlsx"]):
            private = tmp_path / f"private.{command[0]}"
            assert seeded("export", *command, "-o", str(private)).exit_code == 0
            assert stat.S_IMODE(private.stat().st_mode) == 0o600, command
        seeded.db_path.chmod(0o644)
        fresh = tmp_path / "fresh.csv"
        assert seeded("export", "csv", "-o", str(fresh)).exit_code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        shared = tmp_path / "shared.csv"
        shared.write_text("x\n")
        shared.chmod(0o640)
        assert seeded("export", "csv", "-o", str(shared), "--force").exit_code == 0
        assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)


def test_a_full_disk_is_a_plain_error(seeded: Kkb) -> None:
    full_device = Path("/dev/full")
    if not full_device.exists():
        pytest.skip("no /dev/full here")
    with full_device.open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path), "export", "csv"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: No space left on device")
    assert "Traceback" not in done.stderr


def test_the_workbook_holds_every_table_exactly(seeded: Kkb, tmp_path: Path) -> None:
    """Read the workbook back and compare every cell with the JSON export of the same data."""
    openpyxl = pytest.importorskip("openpyxl")
    assert seeded("set", "Krapyak", "dashat=yes", "--date", "2024-03-01").exit_code == 0
    assert seeded("edit", "Krapyak", "--date", "2023-05-12").exit_code == 0
    assert seeded("target", "set", "2025", "100%", "--attribute", "dashat").exit_code == 0
    book = tmp_path / "laporan.xlsx"
    result = seeded("export", "xlsx", "--output", str(book))
    assert result.exit_code == 0, result.stderr
    tables = json.loads(seeded("export", "json").stdout)
    workbook = openpyxl.load_workbook(book)
    sheets = {
        "kampung": "Kampung KB",
        "progress": "Progress by year",
        "areas": "Coverage by area",
        "attributes": "Attributes",
        "targets": "Targets",
        "activities": "Activities",
        "agencies": "Agencies",
        "lintas_sektor": "Lintas sektor",
    }
    assert workbook.sheetnames == list(sheets.values())
    for table, name in sheets.items():
        sheet = workbook[name]
        if not tables[table]:  # no activities yet: the headings alone
            assert sheet.max_row == 1
            continue
        keys = list(tables[table][0])  # the JSON's keys, in the columns' order
        assert len(keys) == sheet.max_column
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        rows = []
        for cells in sheet.iter_rows(min_row=2):
            row = {}
            for key, cell in zip(keys, cells, strict=True):
                value = cell.value
                if isinstance(value, datetime):
                    value = value.date().isoformat()  # a real date, not text
                elif cell.number_format == "0.0%" and value is not None:
                    value = round(value * 100, 1)  # a real percentage
                row[key] = value
            rows.append(row)
        assert rows == [_in_words(table, row) for row in tables[table]], table
    kampung = workbook["Kampung KB"]
    krapyak = next(r for r in kampung.iter_rows(min_row=2) if r[0].value == "33.75.03.1002")
    assert isinstance(krapyak[6].value, datetime)  # the formation date
    assert isinstance(krapyak[5].value, int)  # the year


# What a person reads in the English workbook for the codes of the JSON export.
_ANSWERS = {"yes": "Yes", "no": "No", None: "Not yet known"}
_STATUSES = {"in_progress": "in progress"}  # the others read as they are coded


def _in_words(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A JSON row as the English workbook writes it: statuses, answers and names in words."""
    row = dict(row)
    if table == "kampung":
        for attribute in ALL_ATTRIBUTES:
            # A village with no Kampung KB has no answers at all; a Kampung KB's are words.
            known = row["status"] != "none" or row[attribute.value] is not None
            row[attribute.value] = _ANSWERS[row[attribute.value]] if known else None
    if table == "attributes":
        row["attribute"] = LABELS[Attribute(row["attribute"])]
    if table == "targets":
        row["subject"] = "formation" if row["subject"] == "formed" else LABELS[row["subject"]]
    if "status" in row:
        row["status"] = _STATUSES.get(row["status"], row["status"])
    return row


def test_export_json_has_every_table_with_stable_keys(seeded: Kkb) -> None:
    tables = json.loads(seeded("export", "json").stdout)
    assert set(tables) == {
        "scope", "kampung", "progress", "areas", "attributes", "targets", "activities",
        "agencies", "lintas_sektor",
    }  # fmt: skip
    assert len(tables["kampung"]) == 27
    assert tables["kampung"][0]["dashat"] is None  # not known, never "no"
    assert len(tables["attributes"]) == 11 * 5  # the kota and its 4 kecamatan
