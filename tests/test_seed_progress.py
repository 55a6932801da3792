"""The seed's figures, as `kkb progress`, `kkb list` and `kkb info` show them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from conftest import Kkb, file_digest


def test_first_use_creates_and_seeds_the_database(kkb: Kkb) -> None:
    assert not kkb.db_path.exists()
    first = kkb("progress", "--json")
    assert first.exit_code == 0
    assert kkb.db_path.exists()
    # said on stderr, so that a mistyped --db path does not go unnoticed
    assert f"Created a new database at {kkb.db_path}" in first.stderr
    report = kkb.json("progress")
    assert report["scope"] == {"code": "33.75", "name": "Kota Pekalongan"}
    assert report["total_villages"] == 27
    assert kkb("progress").stderr == ""  # only the first use says so


def test_seed_figures_by_year(kkb: Kkb) -> None:
    report = kkb.json("progress")
    years = {row["year"]: row for row in report["years"]}
    assert years[2022]["formed"] == 6
    assert years[2023]["formed"] == 13
    assert years[2023]["cumulative"] == 19
    assert years[2024]["planned"] == 8
    assert years[2024]["target"] == 8
    assert report["formed"] == 19
    assert report["planned"] == 8
    assert report["coverage_pct"] == 70.4
    assert years[2023]["coverage_pct"] == 70.4


def test_seed_figures_by_kecamatan(kkb: Kkb) -> None:
    areas = {a["name"]: a for a in kkb.json("progress")["areas"]}
    assert {n: (a["formed"], a["villages"]) for n, a in areas.items()} == {
        "Pekalongan Barat": (4, 7),
        "Pekalongan Timur": (4, 7),
        "Pekalongan Utara": (7, 7),
        "Pekalongan Selatan": (4, 6),
    }
    assert areas["Pekalongan Utara"]["coverage_pct"] == 100.0
    assert areas["Pekalongan Utara"]["planned"] == 0
    assert sum(a["planned"] for a in areas.values()) == 8


def test_today_the_2024_target_was_missed(kkb: Kkb) -> None:
    report = kkb.json("progress")
    years = {row["year"]: row for row in report["years"]}
    assert years[2024]["status"] == "missed"
    assert report["as_of"] == date.today().isoformat()
    assert report["verdict"]["missed_target_year"] == 2024
    assert "2024 target of 8 was missed" in report["summary"]
    assert "8 still only planned" in report["summary"]


def test_as_of_the_office_statement(kkb: Kkb) -> None:
    report = kkb.json("progress", "--as-of", "2023-07-17")
    assert report["as_of"] == "2023-07-17"
    assert report["summary"].startswith("19 of 27 kelurahan (70.4%) have a Kampung KB")
    assert "8 planned for 2024" in report["summary"]
    years = {row["year"]: row for row in report["years"]}
    assert years[2024]["status"] == "upcoming"
    assert [row["year"] for row in report["years"]] == [2022, 2023, 2024]


def test_years_run_to_the_as_of_year(kkb: Kkb) -> None:
    years = [row["year"] for row in kkb.json("progress")["years"]]
    assert years == list(range(2022, date.today().year + 1))


def test_as_of_before_a_year_only_formation_does_not_count_it(kkb: Kkb) -> None:
    report = kkb.json("progress", "--as-of", "2022-12-31")
    assert report["formed"] == 6
    assert report["planned"] == 8  # the 2024 plans, already made by then in this seed
    assert report["none"] == 13


def test_progress_table_shows_verdict_and_both_tables(seeded: Kkb) -> None:
    result = seeded("progress", "--as-of", "2023-07-17")
    assert result.exit_code == 0
    assert "Pekalongan Utara" in result.stdout
    assert "upcoming" in result.stdout
    assert "19 of 27 kelurahan (70.4%) have a Kampung KB" in result.stdout
    assert result.stderr == ""


def test_list_shows_every_kelurahan_including_planned(kkb: Kkb) -> None:
    rows = kkb.json("list")
    assert len(rows) == 27
    statuses = [row["status"] for row in rows]
    assert statuses.count("formed") == 19
    assert statuses.count("planned") == 8


def test_list_filters_by_status_and_kecamatan(kkb: Kkb) -> None:
    planned = kkb.json("list", "--status", "planned")
    assert {row["kecamatan"] for row in planned} == {
        "Pekalongan Barat",
        "Pekalongan Timur",
        "Pekalongan Selatan",
    }
    utara = kkb.json("list", "--kecamatan", "utara")
    assert len(utara) == 7
    assert {row["status"] for row in utara} == {"formed"}
    by_code = kkb.json("list", "--kecamatan", "33.75.04", "--status", "planned")
    assert [row["kelurahan"] for row in by_code] == ["Kuripan Yosorejo", "Sokoduwet"]


def test_list_with_no_match_is_success(kkb: Kkb) -> None:
    result = kkb("list", "--status", "none")
    assert result.exit_code == 0
    assert kkb.json("list", "--status", "none") == []


def test_seed_records_say_where_their_facts_come_from(kkb: Kkb) -> None:
    rows = {row["kelurahan"]: row for row in kkb.json("list")}
    assert "Terdokumentasi" in rows["Jenggot"]["note"]
    assert "Ilustrasi" in rows["Kauman"]["note"]
    assert all(row["note"] for row in rows.values())


def test_info_shows_path_version_and_counts(kkb: Kkb) -> None:
    facts = kkb.json("info")
    assert facts["path"] == str(kkb.db_path.resolve())
    assert facts["schema_version"] >= 1
    assert facts["journal_mode"] == "delete"
    assert facts["counts"]["desa_kelurahan"] == 27
    assert facts["counts"]["kecamatan"] == 4
    assert facts["counts"]["formed"] == 19
    assert facts["counts"]["planned"] == 8
    assert facts["counts"]["targets"] == 1
    assert facts["counts"]["history"] == 27  # the seed starts the history


def test_init_without_records_is_an_empty_office(kkb: Kkb) -> None:
    """The seed's regions, and nothing of the seed's kota: no records, targets or history."""
    result = kkb("init", "--no-records")
    assert result.exit_code == 0, result.stderr
    report = kkb.json("progress")
    assert report["total_villages"] == 27
    assert report["formed"] == 0
    assert report["planned"] == 0
    assert report["targets"] == [] and all(row["target"] is None for row in report["years"])
    assert kkb.json("history") == []
    assert kkb("check").exit_code == 0


def test_init_makes_the_folder_of_a_new_database(tmp_path: Path) -> None:
    """The README's `kkb --db ~/kkb/pekalongan.db init --no-records` on a fresh machine."""
    database = tmp_path / "kkb" / "pekalongan.db"
    result = Kkb(database)("init", "--no-records")
    assert result.exit_code == 0, result.stderr
    assert database.is_file()


def test_default_database_lives_in_the_user_data_folder(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from kkb_cli.cli import app

    result = CliRunner().invoke(app, ["info", "--json"])
    assert result.exit_code == 0, result.stderr
    assert str(tmp_path / "home") in result.stdout
    monkeypatch.setenv("KKB_DB", str(tmp_path / "from-env.db"))
    result = CliRunner().invoke(app, ["info", "--json"])
    assert str(tmp_path / "from-env.db") in result.stdout


def test_during_the_target_year_the_verdict_counts_what_is_formed_so_far(kkb: Kkb) -> None:
    report = kkb.json("progress", "--as-of", "2024-06-01")
    assert {row["year"]: row["status"] for row in report["years"]}[2024] == "in_progress"
    assert "2024 target: 0 of 8 formed so far." in report["summary"]


def test_plans_for_later_years_are_not_called_overdue(kkb: Kkb) -> None:
    kkb("init", "--no-records")
    assert kkb("target", "set", "2024", "8").exit_code == 0
    kkb("add", "Gamer", "--planned", str(date.today().year + 1))
    summary = kkb.json("progress")["summary"]
    assert "The 2024 target of 8 was missed: 0 formed that year." in summary
    assert "still only planned" not in summary


def test_full_coverage_says_so(seeded: Kkb) -> None:
    for row in seeded.json("list", "--status", "planned"):
        assert seeded("add", row["kelurahan_code"], "--year", "2024").exit_code == 0
    report = seeded.json("progress")
    assert report["coverage_pct"] == 100.0
    assert {row["year"]: row["status"] for row in report["years"]}[2024] == "met"
    assert report["summary"] == "All 27 kelurahan have a Kampung KB (100%)."


def test_as_of_in_the_future_is_refused(kkb: Kkb) -> None:
    result = kkb("progress", "--as-of", f"01-01-{date.today().year + 1}")
    assert result.exit_code == 1
    assert "in the future" in result.stderr


def test_as_of_before_the_programme_is_refused(kkb: Kkb) -> None:
    result = kkb("progress", "--as-of", "01-01-1900")
    assert result.exit_code == 1
    assert "before 2016" in result.stderr


def test_the_missed_verdict_counts_the_plans_of_that_year_as_its_row_does(seeded: Kkb) -> None:
    seeded("add", "Pringrejo", "--planned", "2017")
    seeded("add", "Sapuro Kebulen", "--year", "2024")
    report = seeded.json("progress")
    planned_2024 = {row["year"]: row["planned"] for row in report["years"]}[2024]
    assert planned_2024 == 6
    assert "1 formed that year, 6 still only planned." in report["summary"]


def test_an_unknown_kecamatan_lists_the_kecamatan(seeded: Kkb) -> None:
    result = seeded("list", "--kecamatan", "Pekalongan Tengah")
    assert result.exit_code == 1
    assert "Pekalongan Utara (33.75.03)" in result.stderr
    empty = seeded("list", "--kecamatan", "")
    assert "e.g. Pekalongan Barat or 33.75.01" in empty.stderr


def test_init_says_what_it_made(kkb: Kkb) -> None:
    result = kkb("init")
    assert "27 kelurahan, 19 Kampung KB formed and 8 planned" in result.stdout
    assert result.stderr == ""  # no second "created" notice


def test_init_refuses_a_file_that_holds_a_database(seeded: Kkb) -> None:
    before = file_digest(seeded.db_path)
    result = seeded("init", "--no-records")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert file_digest(seeded.db_path) == before


def test_info_as_a_person_reads_it(seeded: Kkb) -> None:
    result = seeded("info")
    assert result.exit_code == 0
    assert str(seeded.db_path.resolve()) in result.stdout
    assert "Kota Pekalongan (33.75)" in result.stdout
    assert "27 desa/kelurahan" in result.stdout
    assert "19 formed, 8 planned" in result.stdout


def test_a_closed_pipe_ends_quietly_with_141(seeded: Kkb) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(seeded.db_path), "export", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader goes away before kkb writes, as `| head -0` would
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 141
    assert err == b""


def test_help_starts_without_the_heavy_modules() -> None:
    """`kkb --help` must stay instant: no database, table or SQLite-utils code is loaded."""
    probe = (
        "import sys\n"
        "from kkb_cli.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='kkb')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['sqlite_utils', 'xlsxwriter', 'kkb_cli.storage.database', 'rich.table',\n"
        "         'kkb_cli.domain.progress']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == ""
