"""`kkb add`: names as people type them, formations, plans, and every refusal."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Kkb, file_digest, run_kkb_process


def record(kkb: Kkb, code: str) -> dict:
    return next(row for row in kkb.json("list") if row["kelurahan_code"] == code)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("33.75.04.1010", "33.75.04.1010"),
        ("Sokoduwet", "33.75.04.1010"),
        ("Kel. Sokoduwet", "33.75.04.1010"),
        ("kelurahan soko duwet", "33.75.04.1010"),
        ("SOKO-DUWET", "33.75.04.1010"),
        ("KALI BAROS", "33.75.02.1012"),
        ("kalibaros", "33.75.02.1012"),
        ("Kergon", "33.75.01.1006"),
        ("  gamer ", "33.75.02.1009"),
    ],
)
def test_names_and_codes_people_type(seeded: Kkb, typed: str, code: str) -> None:
    result = seeded("add", typed, "--year", "2024")
    assert result.exit_code == 0, result.stderr
    assert f"({code}," in result.stdout
    assert record(seeded, code)["status"] == "formed"


def test_a_contained_name_is_confirmed_with_its_full_name(seeded: Kkb) -> None:
    result = seeded("add", "Kergon", "--year", "2024")
    assert "Bendan Kergon (33.75.01.1006, Pekalongan Barat)" in result.stdout


def test_confirmation_ends_with_the_new_coverage(seeded: Kkb) -> None:
    result = seeded("add", "Sapuro Kebulen", "--date", "2024-03-01")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("20 of 27 kelurahan (74.1%)")


def test_ambiguous_name_lists_candidates_and_changes_nothing(seeded: Kkb) -> None:
    result = seeded.refused("add", "Kuripan", "--year", "2024", words="matches several kelurahan")
    where = "Pekalongan Selatan, Kota Pekalongan"
    assert f"Kuripan Kertoharjo (33.75.04.1006, {where})" in result.stderr
    assert "Kuripan Yosorejo (33.75.04.1008, Pekalongan Selatan" in result.stderr
    assert result.stdout == ""


def test_typo_is_refused_with_suggestions_never_corrected(seeded: Kkb) -> None:
    seeded.refused(
        "add", "Pringrejoo", "--year", "2024", words="Did you mean Pringrejo (33.75.01.1012)"
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Jakarta", "No kelurahan named 'Jakarta'"),
        ("3375031002", "with its dots it is 33.75.03.1002 (Krapyak)"),
        ("3375031999", "write it with dots"),
        ("33.75.09.1002", "No kelurahan has the code 33.75.09.1002"),
        ("33.75.03", "is a kecamatan code"),
        ("33.7x", "No kelurahan named"),
        ("Kel.", "No kelurahan named 'Kel.'"),
        ("?!", "Give a kelurahan name or code"),
    ],
)
def test_unknown_kelurahan_is_refused(seeded: Kkb, typed: str, words: str) -> None:
    seeded.refused("add", typed, "--year", "2024", words=words)


def test_formation_turns_a_plan_into_a_formation_keeping_the_planned_year(seeded: Kkb) -> None:
    result = seeded("add", "Poncol", "--date", "17/08/2025", "--sk", "SK 12/2025")
    assert result.exit_code == 0, result.stderr
    assert "planned for 2024" in result.stdout
    row = record(seeded, "33.75.02.1007")
    assert row["status"] == "formed"
    assert row["year"] == 2025
    assert row["date"] == "2025-08-17"
    assert row["planned_year"] == 2024
    assert row["sk_number"] == "SK 12/2025"
    assert "Terdokumentasi" in row["note"]  # the plan's note is kept


def test_date_forms_are_day_first(seeded: Kkb) -> None:
    for typed, code in [("2025-01-02", "33.75.02.1007"), ("02-01-2025", "33.75.02.1009")]:
        result = seeded("add", code, "--date", typed)
        assert result.exit_code == 0, result.stderr
        assert record(seeded, code)["date"] == "2025-01-02"


def test_without_a_date_it_means_formed_today(seeded: Kkb) -> None:
    result = seeded("add", "Gamer")
    assert result.exit_code == 0
    row = record(seeded, "33.75.02.1009")
    assert row["date"] == date.today().isoformat()
    assert row["year"] == date.today().year


def test_year_only_formation_has_no_date(seeded: Kkb) -> None:
    seeded("add", "Gamer", "--year", "2025", "--name", "Kampung KB Gamer Sejahtera")
    row = record(seeded, "33.75.02.1009")
    assert (row["year"], row["date"], row["name"]) == (2025, None, "Kampung KB Gamer Sejahtera")


def test_already_formed_is_refused_with_what_to_do(seeded: Kkb) -> None:
    result = seeded.refused(
        "add", "Krapyak", "--year", "2024", words="already has a Kampung KB, formed in 2023"
    )
    assert "kkb edit" in result.stderr


def test_planning_a_formed_kelurahan_is_refused(seeded: Kkb) -> None:
    seeded.refused("add", "Krapyak", "--planned", "2027", words="needs no plan")


def test_new_plan_and_replanning_moves_the_year(kkb: Kkb) -> None:
    kkb("init", "--no-records")
    first = kkb("add", "Tirto", "--planned", "2027")
    assert first.exit_code == 0
    assert "Planned a Kampung KB for Tirto" in first.stdout
    moved = kkb("add", "Tirto", "--planned", "2028")
    assert "from 2027 to 2028" in moved.stdout
    row = record(kkb, "33.75.01.1009")
    assert (row["status"], row["year"]) == ("planned", 2028)
    report = kkb.json("progress")
    assert {r["year"]: r["planned"] for r in report["years"]}[2028] == 1
    assert report["formed"] == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--year", "2015"], "before 2016"),
        (["--date", "31/12/2015"], "before 2016"),
        (["--year", str(date.today().year + 1)], "in the future"),
        ([f"--date={date.today().year + 1}-01-01"], "in the future"),
        (["--year", "2024", "--date", "2023-07-17"], "disagree"),
        (["--planned", "2015"], "before 2016"),
        (["--planned", str(date.today().year + 50)], "too far ahead"),
    ],
)
def test_refused_dates_exit_1_and_change_nothing(seeded: Kkb, args: list[str], words: str) -> None:
    seeded.refused("add", "Gamer", *args, words=words)


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "yesterday"],
        ["--date", "2023-02-30"],
        ["--date", "07/17/2023"],  # month first is not a date here: day first
        ["--year", "twenty"],
        ["--planned", "2025", "--year", "2025"],
        ["--colour", "red"],
    ],
)
def test_malformed_usage_exits_2_and_changes_nothing(seeded: Kkb, args: list[str]) -> None:
    seeded.refused("add", "Gamer", *args, words="Error", exit_code=2)


def test_a_year_that_is_not_four_digits_is_a_usage_error(seeded: Kkb) -> None:
    result = seeded("add", "Gamer", "--year", "abc")
    assert result.exit_code == 2
    assert "'abc' is not a year" in result.stderr


def test_new_details_on_an_unchanged_plan_are_saved_and_said(seeded: Kkb) -> None:
    result = seeded("add", "Gamer", "--planned", "2024", "--sk", "SK 7/2024")
    assert result.exit_code == 0
    assert result.stdout.startswith("Updated the plan for Gamer")
    assert record(seeded, "33.75.02.1009")["sk_number"] == "SK 7/2024"


def test_a_console_that_cannot_show_a_name_gets_a_replacement_not_a_crash(
    seeded: Kkb,
) -> None:
    seeded("add", "Gamer", "--year", "2024", "--name", "Dapur Sehat 🍲")
    done = run_kkb_process(
        "--db", str(seeded.db_path), "list", "--status", "formed", env={"PYTHONIOENCODING": "cp437"}
    )
    assert done.returncode == 0, done.stderr
    assert "Dapur Sehat ?" in done.stdout


def test_the_same_plan_again_writes_nothing(seeded: Kkb) -> None:
    before = file_digest(seeded.db_path)
    result = seeded("add", "Gamer", "--planned", "2024")
    assert result.exit_code == 0
    assert "stays planned for 2024" in result.stdout
    assert file_digest(seeded.db_path) == before
