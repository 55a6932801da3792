"""The use cases through the application layer, as a Python user (or a notebook) calls them:
no command line, no CliRunner. What only the command line does (parsing, exit codes, tables)
is tested beside it, in the other files."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

import kkb_cli
from kkb_cli import (
    KAMPUNG_COLUMNS,
    Attribute,
    Created,
    Details,
    Edit,
    KkbError,
    Office,
    RefusedError,
    Status,
    UsageError,
)
from kkb_cli.domain.records import Outcome
from kkb_cli.render.csvin import CsvFile

TODAY = date(2026, 12, 2)


@pytest.fixture
def office(tmp_path: Path) -> Office:
    kkb = Office.open(tmp_path / "kkb.db", command="test")
    kkb.create()
    return kkb


def test_the_public_names_come_from_the_package() -> None:
    assert kkb_cli.Office is Office
    assert set(kkb_cli.__all__) == {*kkb_cli._PUBLIC, "__version__"}
    for name in kkb_cli._PUBLIC:
        assert getattr(kkb_cli, name) is not None
    with pytest.raises(AttributeError):
        kkb_cli.Nothing  # noqa: B018


def test_a_new_file_is_made_from_the_seed_and_said_so(tmp_path: Path) -> None:
    notices: list[object] = []
    office = Office.open(tmp_path / "new.db", notify=notices.append)
    report = office.progress(as_of=date(2023, 7, 17), today=TODAY)
    assert notices == [Created(tmp_path / "new.db")]
    assert (report.formed, report.total_villages, report.village_noun) == (19, 27, "kelurahan")
    assert [(y.year, y.formed, y.cumulative) for y in report.years[:2]] == [
        (2022, 6, 6),
        (2023, 13, 19),
    ]


def test_register_a_formation_and_a_plan(office: Office) -> None:
    done = office.register(
        "Poncol", day=date(2024, 8, 17), details=Details(sk_number="SK 1"), today=TODAY
    )
    assert done.registration.outcome is Outcome.PLAN_FORMED
    assert done.registration.record.formed_date == date(2024, 8, 17)
    assert (done.coverage.formed, done.coverage.total) == (20, 27)
    with pytest.raises(RefusedError, match="already has a Kampung KB"):
        office.register("Krapyak", year=2024, today=TODAY)
    with pytest.raises(UsageError):
        office.register("Gamer", year=2024, planned=2025, today=TODAY)


def test_edit_remove_and_history(office: Office) -> None:
    edited = office.edit("Krapyak", Edit(note="Catatan baru"), today=TODAY)
    assert edited.change.changed and edited.change.after is not None
    assert edited.change.after.note == "Catatan baru"
    village, record = office.record("Krapyak")
    assert village.code == "33.75.03.1002"
    assert office.edit("Krapyak", Edit(note="lain"), today=TODAY).change.changed
    with pytest.raises(RefusedError, match="changed"):
        office.remove("Krapyak", expected=record)  # what was confirmed is no longer there
    removed = office.remove("Krapyak")
    assert removed.change.after is None
    entries = office.history("Krapyak")
    assert [e.command for e in entries] == ["test", "test", "test", "seed"]
    assert entries[0].after is None and entries[-1].before is None


def test_attributes_are_yes_no_or_unknown(office: Office) -> None:
    done = office.set_attributes("Krapyak", ["dashat=ya", "pokja=tidak"], today=TODAY)
    assert done.change.after is not None
    answers = {a.value: v.answer.value for a, v in done.change.after.attributes.items()}
    assert answers == {"dashat": "yes", "pokja": "no"}
    report = office.progress(today=TODAY)
    dashat = next(row for row in report.attributes if row.attribute is Attribute.DASHAT)
    assert (dashat.yes, dashat.no, dashat.unknown) == (1, 0, dashat.formed - 1)


def test_a_listing_streams_filtered_rows(office: Office) -> None:
    with office.listing(status=Status.PLANNED) as listing:
        rows = list(listing.rows)
    assert listing.noun == "kelurahan"
    assert len(rows) == 8 and {row["status"] for row in rows} == {"planned"}
    assert list(rows[0]) == list(KAMPUNG_COLUMNS)
    with office.listing(kecamatan="Utara", missing="dashat") as listing:
        assert len(list(listing.rows)) == 7


def test_export_tables_from_one_snapshot(office: Office) -> None:
    with office.tables(today=TODAY) as tables:
        kampung = list(tables.kampung_rows())
        assert len(kampung) == 27
        assert tables.report.formed == sum(1 for row in kampung if row["status"] == "formed")
        assert tables.file_mode == 0o600


def test_targets_for_any_region_checked_in_their_own_report(office: Office) -> None:
    done = office.set_target(2025, "3", kecamatan="Pekalongan Barat", today=TODAY)
    assert done.region.code == "33.75.01" and done.replaced is None
    office.set_target(2025, "100%", attribute="dashat", today=TODAY)
    checks = office.target_checks(today=TODAY)
    assert [(c.region.code, c.target.subject) for c in checks] == [
        ("33.75", "formed"),
        ("33.75", "dashat"),
        ("33.75.01", "formed"),
    ]
    removed = office.remove_target(2025, kecamatan="33.75.01")
    assert removed.target.count == 3
    with pytest.raises(RefusedError):
        office.remove_target(2025, kecamatan="33.75.01")


def test_an_import_is_all_or_nothing(office: Office, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("kelurahan;tahun\nGamer;2024\nPoncol;2024\n", encoding="utf-8")
    with CsvFile(good) as source:
        plan = office.import_records(source, update=True, today=TODAY)
    assert (plan.added, plan.updated, plan.refused) == (0, 2, 0)
    bad = tmp_path / "bad.csv"
    bad.write_text("kelurahan;tahun\nKauman;2023\nTidakada;2024\n", encoding="utf-8")
    before = office.history()
    with CsvFile(bad) as source, pytest.raises(KkbError) as refused:
        office.import_records(source, update=True, today=TODAY)
    assert refused.value.details[0].startswith("line 3:")
    assert office.history() == before


def test_a_dry_run_plans_without_writing(office: Office, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("kelurahan,tahun\nGamer,2024\n", encoding="utf-8")
    with CsvFile(path) as source:
        plan = office.import_records(source, update=True, dry_run=True, today=TODAY)
    assert [row.village_name for row in plan.changes] == ["Gamer"]
    assert office.record("Gamer")[1].status is Status.PLANNED


def test_regions_and_scope(office: Office, tmp_path: Path) -> None:
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name\n35,Jawa Timur\n35.07,Kabupaten Malang\n35.07.01,Donomulyo\n"
        "35.07.01.2001,Banjarejo\n35.07.01.2002,Purwodadi\n",
        encoding="utf-8",
    )
    shown: list[tuple[str, ...]] = []
    with CsvFile(regions) as source:
        dry = office.import_regions(source, dry_run=True, show=lambda *c: shown.append(c[:2]))
    assert dry.added == 5 and shown[0] == ("add", "35")
    with CsvFile(regions) as source:
        assert office.import_regions(source).added == 5
    region, rows = office.region_children("35.07")
    assert region.name == "Kabupaten Malang" and [r.code for r in rows] == ["35.07.01"]
    scope = office.set_scope("35.07")
    assert (scope.region.code, scope.villages, scope.noun) == ("35.07", 2, "desa")
    assert office.scope().region.code == "35.07"
    assert office.progress(today=TODAY).total_villages == 2
    with pytest.raises(UsageError):
        office.set_scope("35.07.01.2001")  # a village is not a scope


def test_the_file_info_backup_check_and_seal(office: Office, tmp_path: Path) -> None:
    info = office.info()
    assert info.schema_version == kkb_cli.SCHEMA_VERSION
    assert info.counts["formed"] == 19
    counts = office.backup(tmp_path / "copy.db")
    assert counts == info.counts
    seal = office.seal()
    result = office.check(seal=seal.hash)
    assert result.problems == [] and result.sealed_entries == seal.entries == 27
    with pytest.raises(RefusedError):
        office.backup(tmp_path / "kkb.db")  # the database itself
    conn = sqlite3.connect(tmp_path / "kkb.db")
    conn.execute("DROP TRIGGER history_is_append_only_delete")
    conn.commit()
    conn.close()
    assert [p.key for p in office.check().problems] == ["check.history_guard"]
    assert office.upgrade() is None  # already current
