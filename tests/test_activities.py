"""Programme activities: what each agency (OPD) delivers through each Kampung KB, recorded,
corrected, imported, and read back as the head of office asks: which agencies have entered
which Kampung KB."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Kkb, table_rows


def _add(kkb: Kkb, village: str, day: str, title: str, *options: str) -> Any:
    result = kkb("activity", "add", village, "--date", day, "--title", title, *options)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def active(seeded: Kkb) -> Kkb:
    """The seed's kota with a few activities in 2024: Krapyak reached by three agencies,
    Jenggot by five, Medono by one; the other formed Kampung KB by none."""
    _add(seeded, "Krapyak", "2024-03-05", "Demo masak MP-ASI", "--kegiatan", "dashat",
         "--opd", "Dinas Kesehatan", "--opd", "puskesmas", "--fungsi", "reproduksi",
         "--for", "balita", "--place", "Balai RW 03", "--people", "40")  # fmt: skip
    _add(seeded, "Krapyak", "2024-04-10", "Kelas BKB", "--kegiatan", "bkb", "--opd", "dinkes",
         "--opd", "lainnya: Karang Taruna", "--fungsi", "pendidikan")  # fmt: skip
    _add(seeded, "Jenggot", "2024-05-01", "Pelatihan UMKM", "--kegiatan", "umkm",
         "--opd", "diskop", "--opd", "dinsos", "--opd", "disdik", "--opd", "dpmd",
         "--opd", "bkkbn", "--fungsi", "ekonomi")  # fmt: skip
    _add(seeded, "Medono", "2024-06-01", "Posyandu remaja", "--kegiatan", "posyandu",
         "--opd", "puskesmas", "--fungsi", "Reproduction")  # fmt: skip
    return seeded


# -- 1. recording -----------------------------------------------------------------------------


def test_an_activity_is_recorded_with_its_catalogue_entries(active: Kkb) -> None:
    shown = active.json("activity", "show", "1")
    assert shown["kelurahan"] == "Krapyak" and shown["date"] == "2024-03-05"
    assert shown["kegiatan"] == 35 and "DASHAT" in shown["kegiatan_name"]
    assert shown["agencies"] == ["Dinas Kesehatan", "Puskesmas"]
    assert (shown["fungsi"], shown["groups"]) == (3, ["Children under five"])
    assert (shown["place"], shown["people"]) == ("Balai RW 03", 40)
    other = active.json("activity", "show", "2")
    assert other["agencies"] == ["Dinas Kesehatan", "Lainnya: Karang Taruna"]
    indonesian = active("--lang", "id", "activity", "show", "1").stdout
    assert "5 Maret 2024" in indonesian and "Balita" in indonesian


def test_the_same_activity_again_is_refused_with_its_number(active: Kkb) -> None:
    refused = active.refused(
        "activity", "add", "krapyak", "--date", "05/03/2024", "--title", "demo  masak mp-asi",
        words="number 1",
    )  # fmt: skip
    assert "kkb activity edit 1" in refused.stderr


@pytest.mark.parametrize(
    ("village", "day", "options", "words"),
    [
        ("Poncol", "2024-05-01", (), "only planned"),  # a plan, not a Kampung KB yet
        ("Krapyak", "2022-05-01", (), "before the Kampung KB of Krapyak"),
        ("Krapyak", "2099-05-01", (), "in the future"),
        ("Krapyak", "2024-05-01", ("--opd", "Dinas Kesehtan"), "Dinas Kesehatan (19)"),
        ("Krapyak", "2024-05-01", ("--opd", "dinas"), "fits several agencies"),
        ("Krapyak", "2024-05-01", ("--kegiatan", "99"), "No Inpres kegiatan '99'"),
        ("Krapyak", "2024-05-01", ("--fungsi", "olahraga"), "fungsi keluarga"),
    ],
)
def test_what_cannot_be_an_activity_is_refused(
    active: Kkb, village: str, day: str, options: tuple[str, ...], words: str
) -> None:
    active.refused(
        "activity", "add", village, "--date", day, "--title", "Sosialisasi", *options, words=words
    )


def test_an_unknown_agency_is_never_taken_silently(active: Kkb) -> None:
    refused = active.refused(
        "activity", "add", "Krapyak", "--date", "2024-05-01", "--title", "x",
        "--opd", "Karang Taruna", words="lainnya: Karang Taruna",
    )  # fmt: skip
    assert "kkb catalogue opd" in refused.stderr
    indonesian = active("--lang", "id", "activity", "add", "Krapyak", "--date", "2024-05-01",
                        "--title", "x", "--opd", "Karang Taruna")  # fmt: skip
    assert indonesian.exit_code == 1
    assert indonesian.stderr.startswith("Kesalahan: Tidak ada instansi 'Karang Taruna'")


def test_a_village_without_a_kampung_kb_is_told_to_register_it(empty: Kkb) -> None:
    empty.refused(
        "activity", "add", "Krapyak", "--date", "2024-05-01", "--title", "x", words="kkb add"
    )


# -- 2. seeing and correcting ------------------------------------------------------------------


def test_list_filters_by_village_agency_kegiatan_and_period(active: Kkb) -> None:
    ids = lambda *args: [row["id"] for row in active.json("activity", "list", *args)]  # noqa: E731
    assert ids() == [1, 2, 3, 4]  # by date
    assert ids("Krapyak") == [1, 2]
    assert ids("--opd", "puskesmas") == [1, 4]
    assert ids("--opd", "lainnya: karang taruna") == [2]
    assert ids("--kegiatan", "dashat") == [1]
    assert ids("--from", "2024-04-01", "--to", "2024-05-31") == [2, 3]
    assert ids("--kecamatan", "Utara") == [1, 2]
    shown = active("activity", "list").stdout
    assert "Demo masak MP-ASI" in shown and "Karang Taruna" in shown
    assert "4 activities" in active("activity", "list").stderr


def test_edit_changes_only_what_is_given_and_history_keeps_it(active: Kkb) -> None:
    done = active("activity", "edit", "2", "--title", "Kelas BKB bulan April", "--people", "25")
    assert done.exit_code == 0, done.stderr
    assert "Kelas BKB → Kelas BKB bulan April" in done.stdout
    edited = active.json("activity", "show", "2")
    assert edited["title"] == "Kelas BKB bulan April" and edited["people"] == 25
    assert edited["agencies"] == ["Dinas Kesehatan", "Lainnya: Karang Taruna"]  # kept
    again = active("activity", "edit", "2", "--people", "25")
    assert "nothing was changed" in again.stdout
    history = active.json("history", "Krapyak")
    assert history[0]["kind"] == "activity" and history[0]["command"] == "activity edit"
    shown = active("history", "Krapyak").stdout
    assert "activity 2: title: Kelas BKB → Kelas BKB bulan April; people: – → 25" in shown
    assert "activity 1 added: Demo masak MP-ASI (2024-03-05)" in shown
    indonesian = active("--lang", "id", "history", "Krapyak").stdout
    assert "kegiatan 2: judul: Kelas BKB → Kelas BKB bulan April" in indonesian


def test_remove_needs_a_yes_off_a_terminal_and_history_keeps_it(active: Kkb) -> None:
    active.refused("activity", "remove", "3", words="--yes")
    done = active("activity", "remove", "3", "--yes")
    assert done.exit_code == 0, done.stderr
    assert [row["id"] for row in active.json("activity", "list")] == [1, 2, 4]
    active.refused("activity", "show", "3", words="no activity number 3")
    assert any(row["kind"] == "activity" and row["after"] is None for row in active.json("history"))
    # A new activity never takes a removed one's number.
    _add(active, "Jenggot", "2024-07-01", "Pelatihan lagi")
    assert active.json("activity", "list", "Jenggot")[-1]["id"] == 5


def test_a_record_keeps_its_activities(active: Kkb) -> None:
    active.refused("remove", "Medono", "--yes", words="recorded activities (1)")
    active.refused("edit", "Medono", "--date", "2024-09-01", words="2024-06-01")
    active.refused("edit", "Medono", "--planned", "2027", words="2024-06-01")
    assert active("edit", "Medono", "--date", "2023-03-01").exit_code == 0


@pytest.mark.parametrize(("lang", "words"), [("en", "Children under five"), ("id", "Balita")])
def test_catalogues_list_codes_and_names(kkb: Kkb, lang: str, words: str) -> None:
    kegiatan = kkb.json("catalogue")
    assert len(kegiatan) == 58 and kegiatan[34]["code"] == 35
    assert {row["program"] for row in kegiatan} == set(range(1, 9))
    assert len(kkb.json("catalogue", "opd")) == 37
    assert len(kkb.json("catalogue", "fungsi")) == 9
    shown = kkb("--lang", lang, "catalogue", "sasaran")
    assert shown.exit_code == 0 and words in shown.stdout


# -- 3. importing a spreadsheet ------------------------------------------------------------------

SHEET = (
    "\ufeffNo;Tanggal;Judul;Desa/Kelurahan;Kecamatan;Kegiatan;Instansi;Fungsi;Sasaran;Tempat;"
    "Jumlah Peserta\n"
    "1;05/03/2024;Demo masak MP-ASI;Krapyak;Pekalongan Utara;35;Dinas Kesehatan | Puskesmas;"
    "Reproduksi;Balita;Balai RW 03;40\n"
    "2;12/03/2024;Penyuluhan KB;Jenggot;;Pelayanan Keluarga Berencana (KB) dan Kespro;"
    "Puskesmas|Perwakilan BKKBN;Reproduksi;PUS;;1.200\n"
)  # fmt: skip


def test_import_reads_an_office_sheet_and_again_changes_nothing(
    seeded: Kkb, tmp_path: Path
) -> None:
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    done = seeded("activity", "import", str(sheet))
    assert done.exit_code == 0, done.stderr
    assert "Imported the activities of" in done.stdout and "2 added" in done.stdout
    rows = seeded.json("activity", "list")
    assert [(r["kelurahan"], r["kegiatan"], r["people"]) for r in rows] == [
        ("Krapyak", 35, 40), ("Jenggot", 19, 1200),
    ]  # fmt: skip
    assert rows[1]["agencies"] == ["Puskesmas", "Perwakilan BKKBN"]
    before = table_rows(seeded.db_path)
    again = seeded("activity", "import", str(sheet))
    assert "0 added, 0 updated, 2 unchanged" in again.stdout
    assert table_rows(seeded.db_path)["activities"] == before["activities"]


def test_an_import_is_all_or_nothing_with_every_bad_line(seeded: Kkb, tmp_path: Path) -> None:
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(
        "tanggal,judul,kelurahan,instansi\n"
        "2024-03-05,Demo masak,Krapyak,Dinas Kesehatan\n"
        "2024-03-06,Kelas,Krapyk,Dinas Kesehatan\n"
        "2024-03-07,Kelas,Krapyak,Dinas Antah Berantah\n"
        "2099-03-07,Kelas,Krapyak,puskesmas\n"
        "2024-03-05,demo masak,Krapyak,dinkes\n",
        encoding="utf-8",
    )
    before = table_rows(seeded.db_path)
    refused = seeded("activity", "import", str(sheet))
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert "4 of 5 rows refused" in lines[0]
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "line 3", "line 4", "line 5", "line 6",
    ]  # fmt: skip
    assert "Krapyak" in lines[1]  # the closest name
    assert "line 2" in lines[4]  # the same activity twice
    assert table_rows(seeded.db_path) == before


def test_a_dry_run_counts_and_an_update_replaces(seeded: Kkb, tmp_path: Path) -> None:
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    dry = seeded("activity", "import", str(sheet), "--dry-run")
    assert "2 would be added" in dry.stdout and "line 2: add Demo masak MP-ASI" in dry.stdout
    assert seeded.json("activity", "list") == []
    assert seeded("activity", "import", str(sheet)).exit_code == 0
    changed = tmp_path / "kegiatan-2.csv"
    changed.write_text(SHEET.replace("Balai RW 03", "Balai RW 04"), encoding="utf-8")
    refused = seeded("activity", "import", str(changed))
    assert refused.exit_code == 1 and "add --update" in refused.stderr
    updated = seeded("activity", "import", str(changed), "--update")
    assert "1 updated, 1 unchanged" in updated.stdout
    assert seeded.json("activity", "show", "1")["place"] == "Balai RW 04"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_row_that_leaves_details_out_keeps_them(seeded: Kkb, tmp_path: Path, lang: str) -> None:
    """As in the records import: a column the file does not have, or an empty cell, keeps
    the stored value. A row that says only some details is unchanged when they agree, and
    with --update changes those alone; an empty kegiatan is not `lainnya`."""
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert seeded("activity", "import", str(sheet)).exit_code == 0
    stored = seeded.json("activity", "show", "1")
    agreeing = tmp_path / "peserta.csv"
    agreeing.write_text(
        "tanggal;judul;kelurahan;kegiatan;instansi;jumlah peserta\n"
        "05/03/2024;Demo masak  MP-ASI;Krapyak;;;40\n",
        encoding="utf-8",
    )
    same = seeded("--lang", lang, "activity", "import", str(agreeing))
    assert same.exit_code == 0, same.stderr
    assert (
        "0 added, 0 updated, 1 unchanged" if lang == "en" else "0 ditambah, 0 diubah, 1 tetap"
    ) in same.stdout
    agreeing.write_text(agreeing.read_text(encoding="utf-8").replace(";40", ";45"), "utf-8")
    refused = seeded("--lang", lang, "activity", "import", str(agreeing))
    assert refused.exit_code == 1 and "--update" in refused.stderr
    updated = seeded("--lang", lang, "activity", "import", str(agreeing), "--update")
    assert updated.exit_code == 0, updated.stderr
    after = seeded.json("activity", "show", "1")
    assert after["people"] == 45 and after["title"] == "Demo masak MP-ASI"
    for kept in ("kegiatan", "agencies", "fungsi", "groups", "place"):
        assert after[kept] == stored[kept], kept
    assert stored["kegiatan"] is not None and stored["agencies"] and stored["place"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ["no title (judul) column", "(e.g. tanggal;judul;kelurahan) and a row per activity"],
        ),
        ("id", ["tidak memiliki kolom judul (title)", "satu baris per kegiatan"]),
    ],
)
def test_a_sheet_without_a_title_or_without_anything_says_what_an_activity_needs(
    seeded: Kkb, tmp_path: Path, lang: str, words: list[str]
) -> None:
    no_title = tmp_path / "tanpa-judul.csv"
    no_title.write_text("Tanggal;Kegiatan;Desa\n05/03/2024;Posyandu;Krapyak\n", encoding="utf-8")
    empty = tmp_path / "kosong.csv"
    empty.write_text("", encoding="utf-8")
    for path, expected in zip((no_title, empty), words, strict=True):
        refused = seeded("--lang", lang, "activity", "import", str(path))
        assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
        assert expected in refused.stderr, refused.stderr


def test_an_export_carries_lainnya_back_into_another_copy(active: Kkb, tmp_path: Path) -> None:
    """The export writes a lainnya activity with an empty number and the name "Lainnya":
    imported with --update into a copy where it has a kegiatan, it becomes lainnya there too
    (an empty number alone would keep the stored kegiatan)."""
    import shutil

    copy = Kkb(tmp_path / "salinan.db")
    shutil.copyfile(active.db_path, copy.db_path)
    assert active("activity", "edit", "1", "--kegiatan", "lainnya").exit_code == 0
    for headers in ("en", "id"):
        exported = tmp_path / f"kegiatan-{headers}.csv"
        done = active("export", "csv", "--table", "activities", "--headers", headers,
                      "--output", str(exported))  # fmt: skip
        assert done.exit_code == 0, done.stderr
        assert copy.json("activity", "show", "1")["kegiatan"] is not None
        updated = copy("activity", "import", str(exported), "--update")
        assert updated.exit_code == 0, updated.stderr
        assert copy.json("activity", "show", "1")["kegiatan"] is None
        assert copy("activity", "edit", "1", "--kegiatan", "dashat").exit_code == 0


def test_the_activities_export_imports_back(active: Kkb, tmp_path: Path) -> None:
    exported = tmp_path / "kegiatan.csv"
    done = active("export", "csv", "--table", "activities", "--headers", "id", "-o", str(exported))
    assert done.exit_code == 0, done.stderr
    header = exported.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("id,tanggal,kode_kelurahan,kelurahan,kecamatan,judul")
    again = active("activity", "import", str(exported))
    assert again.exit_code == 0, again.stderr
    assert "4 unchanged" in again.stdout


# -- 4. the office's question, in kkb progress --------------------------------------------------


def test_progress_says_which_agencies_entered_which_kampung_kb(active: Kkb) -> None:
    report = active.json("progress", "--as-of", "2024-12-31")["activities"]
    assert (report["since"], report["until"]) == ("2024-01-01", "2024-12-31")
    assert report["activities"] == 4 and report["formed"] == 19
    assert report["by_agencies"] == {"none": 16, "1": 1, "2-4": 1, "5+": 1}
    utara = next(a for a in report["areas"] if a["name"] == "Pekalongan Utara")
    assert utara["by_agencies"] == {"none": 6, "1": 0, "2-4": 1, "5+": 0}
    agencies = {a["name"]: a for a in report["agencies"]}
    assert (agencies["Puskesmas"]["kampung"], agencies["Puskesmas"]["activities"]) == (2, 2)
    assert agencies["Dinas Kesehatan"]["last"] == "2024-04-10"
    assert agencies["Lainnya: Karang Taruna"]["kampung"] == 1
    assert agencies["Dinas Pertanian"]["kampung"] == 0  # not yet entered
    fungsi = {f["name"]: f for f in report["fungsi"]}
    assert fungsi["Reproduksi"]["kampung"] == 2 and fungsi["Reproduksi"]["share_pct"] == 10.5
    programs = {p["code"]: p["kampung"] for p in report["programs"]}
    assert programs[4] == 1 and programs[7] == 1  # Dashat's programme; UMKM's
    assert report["no_activity"]["count"] == 16
    assert report["dashat_unknown"]["first"] == [{"code": "33.75.03.1002", "name": "Krapyak"}]


def test_the_period_moves_with_as_of_and_since(active: Kkb) -> None:
    late = active.json("progress", "--as-of", "2025-05-15")["activities"]
    assert late["since"] == "2024-05-16" and late["activities"] == 1  # Medono's, in June
    since = active.json("progress", "--as-of", "2025-05-15", "--since", "2024-01-01")
    assert since["activities"]["activities"] == 4
    early = active.json("progress", "--as-of", "2024-03-31")["activities"]
    assert early["activities"] == 1 and early["by_agencies"]["2-4"] == 1


def test_the_report_reads_in_both_languages(active: Kkb) -> None:
    english = active("progress", "--as-of", "2024-12-31").stdout
    assert "Agencies in Kampung KB (lintas sektor)" in english
    assert "Not yet entered any Kampung KB" in english and "Dinas Pertanian" in english
    assert "kkb set 'Krapyak' dashat=yes" in english
    assert "kkb list --no-activity-since 2024-01-01" in english
    indonesian = active("--lang", "id", "progress", "--as-of", "2024-12-31").stdout
    assert "Instansi di Kampung KB (lintas sektor)" in indonesian
    assert "Belum masuk ke Kampung KB mana pun" in indonesian
    assert "1 Januari 2024" in indonesian and "dashat=ya" in indonesian


def test_list_shows_the_kampung_kb_to_visit(active: Kkb) -> None:
    quiet = active.json("list", "--no-activity-since", "2024-05-01")
    names = {row["kelurahan"] for row in quiet}
    assert "Krapyak" in names and "Medono" not in names and "Jenggot" not in names
    assert len(quiet) == 17
    assert all(row["status"] == "formed" for row in quiet)


def test_a_dashat_recorded_ends_the_reminder(active: Kkb) -> None:
    assert active("set", "Krapyak", "dashat=yes", "--date", "2024-03-05").exit_code == 0
    report = active.json("progress", "--as-of", "2024-12-31")["activities"]
    assert report["dashat_unknown"]["count"] == 0


# -- 5. targets on agencies ----------------------------------------------------------------------


def test_a_target_on_agencies_is_met_in_progress_or_missed(active: Kkb) -> None:
    done = active("target", "set", "2024", "2", "--agencies", "3")
    assert done.exit_code == 0, done.stderr
    assert "reached by at least 3 agencies" in done.stdout
    target = _agency_target(active, "33.75")
    assert (target["subject"], target["min_agencies"], target["wanted"]) == ("agencies", 3, 2)
    assert target["achieved"] == 2 and target["status"] == "met"  # Krapyak and Jenggot
    assert active("target", "set", "2024", "100%", "--agencies", "1").exit_code == 0
    target = _agency_target(active, "33.75")
    assert (target["wanted"], target["achieved"], target["status"]) == (19, 3, "missed")
    utara = active("target", "set", "2024", "50%", "--agencies", "2", "--kecamatan", "Utara")
    assert utara.exit_code == 0
    kecamatan = _agency_target(active, "33.75.03")
    assert (kecamatan["wanted"], kecamatan["achieved"]) == (4, 1)
    active.refused("target", "set", "2024", "2", "--agencies", "2", "--attribute", "dashat",
                   words="not both", exit_code=2)  # fmt: skip
    assert active("target", "remove", "2024", "--agencies").exit_code == 0


def _agency_target(kkb: Kkb, region: str) -> dict[str, Any]:
    targets = kkb.json("target", "list")
    return next(t for t in targets if t["region_code"] == region and t["subject"] == "agencies")


# -- 6. exports ----------------------------------------------------------------------------------


def test_exports_carry_the_activities_and_the_lintas_sektor_tables(
    active: Kkb, tmp_path: Path
) -> None:
    tables = json.loads(active("export", "json").stdout)
    assert [row["title"] for row in tables["activities"]][:2] == ["Demo masak MP-ASI", "Kelas BKB"]
    assert {row["code"] for row in tables["lintas_sektor"]} >= {"33.75", "33.75.03"}
    rows = list(csv.DictReader(io.StringIO(active("export", "csv", "--table", "agencies").stdout)))
    assert rows[0]["agency"] and rows[0]["kampung"]
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "laporan.xlsx"
    assert active("--lang", "id", "export", "xlsx", "-o", str(book)).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    kegiatan = list(workbook["Kegiatan"].iter_rows(values_only=True))
    assert kegiatan[0][:3] == ("No.", "Tanggal", "Kode Kelurahan")
    assert kegiatan[1][5] == "Demo masak MP-ASI"
    assert "Balita" in kegiatan[1]
    assert workbook["Instansi"]["A1"].value == "No. instansi"


def test_a_provinsi_report_adds_up_kept_summaries_that_writes_drop(active: Kkb) -> None:
    """A provinsi's section is summed from one summary per kabupaten/kota, kept between
    reports on the same period; any write there drops it, so a report is never stale."""
    import sqlite3

    def kept() -> int:
        with sqlite3.connect(active.db_path) as conn:
            return int(conn.execute("SELECT count(*) FROM _activity_summaries").fetchone()[0])

    kota = active.json("progress", "--as-of", "2024-12-31")["activities"]
    assert kept() == 0  # a kabupaten/kota's own report counts straight from its activities
    first = active.json("progress", "--scope", "33", "--as-of", "2024-12-31")["activities"]
    assert kept() == 1
    again = active.json("progress", "--scope", "33", "--as-of", "2024-12-31")["activities"]
    for report in (first, again):
        assert report["by_agencies"] == kota["by_agencies"]
        assert report["agencies"] == kota["agencies"] and report["fungsi"] == kota["fungsi"]
        assert report["no_activity"] == kota["no_activity"]
    _add(active, "Tirto", "2024-11-01", "Sosialisasi", "--opd", "dinkes")
    assert kept() == 0
    after = active.json("progress", "--scope", "33", "--as-of", "2024-12-31")["activities"]
    assert after["activities"] == 5 and after["by_agencies"]["1"] == 2
    assert active("set", "Tirto", "dashat=no").exit_code == 0  # a record's write drops it too
    assert kept() == 0


def test_a_national_report_keeps_provinsi_sums_that_writes_drop(active: Kkb) -> None:
    """All of Indonesia is summed from one summary per provinsi, itself summed from its
    kabupaten/kota; both are kept, and a write in a kabupaten/kota drops its own and its
    provinsi's, so the next national report counts it again."""
    import sqlite3

    def kept() -> list[str]:
        with sqlite3.connect(active.db_path) as conn:
            rows = conn.execute("SELECT region_code FROM _activity_summaries ORDER BY 1")
            return [code for (code,) in rows]

    kota = active.json("progress", "--as-of", "2024-12-31")["activities"]
    first = active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")["activities"]
    assert kept() == ["33", "33.75"]
    again = active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")["activities"]
    for report in (first, again):
        assert report["by_agencies"] == kota["by_agencies"]
        assert report["agencies"] == kota["agencies"] and report["fungsi"] == kota["fungsi"]
        assert report["programs"] == kota["programs"]
        assert report["no_activity"] == kota["no_activity"]
        [jawa_tengah] = report["areas"]
        assert (jawa_tengah["code"], jawa_tengah["reached"]) == ("33", 3)
    _add(active, "Tirto", "2024-11-01", "Sosialisasi", "--opd", "dinkes")
    assert kept() == []  # the kota's and its provinsi's
    after = active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")["activities"]
    assert after["activities"] == 5 and after["by_agencies"]["1"] == 2
    assert after["areas"][0]["reached"] == 4
    # A provinsi's report keeps its kabupaten/kota's sums only; the national one adds its own.
    assert active("set", "Tirto", "dashat=no").exit_code == 0
    active.json("progress", "--scope", "33", "--as-of", "2024-12-31")
    assert kept() == ["33.75"]
    active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")
    assert kept() == ["33", "33.75"]


@pytest.mark.parametrize(("scope", "example"), [("33", "'33.01.01.2000'"), ("33.75", "'Desa 0'")])
def test_a_long_dashat_list_says_how_many_more_and_how_to_record_one(
    scope: str, example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report lists the first Kampung KB with a Dashat activity but no Dashat recorded,
    then says how many more; across kabupaten/kota, where a name may be several villages',
    its example command names the village by its code."""
    from datetime import date

    from kkb_cli.domain.activities import ActivityReport, AreaActivity
    from kkb_cli.domain.regions import Region
    from kkb_cli.render.activities import print_activity_report
    from kkb_cli.render.tables import Pipe

    shown = [(f"33.01.01.{2000 + n}", f"Desa {n}") for n in range(30)]
    report = ActivityReport(
        scope=Region(scope, "Jawa Tengah" if scope == "33" else "Kota Pekalongan"),
        since=date(2024, 1, 1),
        until=date(2024, 12, 31),
        total=AreaActivity(formed=60),
        areas=[],
        activities=75,
        agencies=[],
        fungsi={},
        programs={},
        quiet=[],
        quiet_count=0,
        dashat_unknown=shown,
        dashat_unknown_count=75,
    )
    print_activity_report(report, "kabupaten/kota", Pipe())
    out = capsys.readouterr().out
    assert "in 75 Kampung KB: Desa 0, Desa 1," in out
    assert "Desa 29 and 45 more." in out
    assert f"`kkb set {example} dashat=yes`" in out


def test_a_national_sum_left_by_an_older_kkb_is_not_trusted_after_a_write(active: Kkb) -> None:
    """A kkb of an earlier version writing to the same file drops only a kabupaten/kota's
    summary, not its provinsi's sum; every write counts, though, and a sum made before the
    last write is summed again."""
    import sqlite3

    before = active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")["activities"]
    with sqlite3.connect(active.db_path) as conn:
        stale = conn.execute(
            "SELECT region_code, since, until, summary FROM _activity_summaries"
            " WHERE region_code = '33'"
        ).fetchone()
    _add(active, "Tirto", "2024-11-01", "Sosialisasi", "--opd", "dinkes")
    with sqlite3.connect(active.db_path) as conn:  # as the older kkb left it: the sum kept
        conn.execute("INSERT OR REPLACE INTO _activity_summaries VALUES (?, ?, ?, ?)", stale)
    after = active.json("progress", "--scope", "ID", "--as-of", "2024-12-31")["activities"]
    assert (before["activities"], after["activities"]) == (4, 5)
    assert after["by_agencies"]["1"] == before["by_agencies"]["1"] + 1


def test_the_same_free_text_agency_twice_is_kept_once(active: Kkb, tmp_path: Path) -> None:
    """Two free-text agencies that differ only in case or spaces are one agency, as the
    database counts them: kept once, written as first given."""
    _add(active, "Tirto", "2024-11-01", "Kerja bakti", "--opd", "lainnya: Karang Taruna",
         "--opd", "lainnya: karang  TARUNA")  # fmt: skip
    shown = active.json("activity", "list", "Tirto")
    assert shown[0]["agencies"] == ["Lainnya: Karang Taruna"]
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(
        "tanggal,judul,kelurahan,instansi\n"
        "2024-11-02,Rapat RT,Tirto,lainnya: Karang Taruna; Lainnya: KARANG taruna; dinkes\n",
        encoding="utf-8",
    )
    assert active("activity", "import", str(sheet)).exit_code == 0
    second = [a for a in active.json("activity", "list", "Tirto") if a["title"] == "Rapat RT"]
    assert second[0]["agencies"] == ["Dinas Kesehatan", "Lainnya: Karang Taruna"]


def test_counts_changed_by_another_program_are_reported_not_a_crash(seeded: Kkb) -> None:
    """A kept count holding an answer kkb never writes (another program's edit) gets the
    error that says how to count again, not a crash."""
    import sqlite3

    assert seeded("set", "Krapyak", "dashat=yes").exit_code == 0
    with sqlite3.connect(seeded.db_path) as conn:
        conn.execute("UPDATE _attribute_counts SET answer = 'maybe'")
    result = seeded("progress", "--scope", "33")
    assert result.exit_code not in (0, 3), result.stderr
    assert "kkb check --recount" in result.stderr and "Traceback" not in result.stderr
    assert seeded("check", "--recount").exit_code in (0, 1)
    assert seeded("progress", "--scope", "33").exit_code == 0


def test_a_chunk_of_rows_ends_early_when_its_cells_are_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows are checked in chunks of so many rows, or fewer when their cells are long: what
    a chunk holds stays bounded whatever a file's rows hold."""
    from kkb_cli.domain import activity_import

    monkeypatch.setattr(activity_import, "CHUNK_CHARACTERS", 100)
    rows = [(n, ["x" * 40]) for n in range(2, 12)]  # 40 characters a row
    chunks = list(activity_import._chunks(iter(rows), 5))
    assert [len(c) for c in chunks] == [3, 3, 3, 1]  # 120 > 100 ends each chunk at 3 rows
    assert [line for c in chunks for line, _ in c] == list(range(2, 12))
    short = list(activity_import._chunks(iter([(n, ["x"]) for n in range(7)]), 5))
    assert [len(c) for c in short] == [5, 2]
