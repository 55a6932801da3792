"""Reports at any scope, on a generated country of a few thousand villages, checked against
counts this test makes itself from the rows it generated, village by village."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Kkb

TODAY = date.today()
PROVINSI = ("51", "52")  # Bali and NTB codes, away from the seed's Jawa Tengah (33)


@dataclass
class Village:
    code: str
    name: str
    status: str = "none"  # formed, planned or none
    year: int | None = None
    day: date | None = None
    planned: int | None = None
    dashat: str | None = None  # yes, no or None (unknown)
    dashat_since: date | None = None

    @property
    def kind(self) -> str:
        return "kelurahan" if self.code.rsplit(".", 1)[1].startswith("1") else "desa"

    def state(self, as_of: date) -> tuple[str, int | None]:
        """Formed from its date (or its year when undated); planned before that if it had a
        plan; else none: the rule as a user reads it, written out again here."""
        if self.status == "formed" and self.year is not None:
            formed = self.day <= as_of if self.day else self.year <= as_of.year
            if formed:
                return "formed", self.year
        if self.planned is not None:
            return "planned", self.planned
        return "none", None


@dataclass
class Country:
    regions: list[tuple[str, str]] = field(default_factory=list)  # code, name
    villages: list[Village] = field(default_factory=list)


def generate(seed: int = 7) -> Country:
    """Two provinsi, three kabupaten/kota each, 3–6 kecamatan each, 60–160 villages each:
    some 3,000 desa and kelurahan, most with a Kampung KB."""
    rng = random.Random(seed)
    country = Country()
    for provinsi in PROVINSI:
        country.regions.append((provinsi, f"Provinsi {provinsi}"))
        for k in range(3):
            kab = f"{provinsi}.{71 if k == 2 else k + 1:02d}"
            country.regions.append((kab, f"{'Kota' if k == 2 else 'Kabupaten'} {kab}"))
            for c in range(rng.randint(3, 6)):
                kecamatan = f"{kab}.{c + 1:02d}"
                country.regions.append((kecamatan, f"Kecamatan {kecamatan}"))
                for v in range(rng.randint(60, 160)):
                    kind = 1 if k == 2 or rng.random() < 0.1 else 2
                    code = f"{kecamatan}.{kind}{v + 1:03d}"
                    village = Village(code, f"Desa {code}")
                    country.regions.append((code, village.name))
                    country.villages.append(village)
    for village in country.villages:
        roll = rng.random()
        if roll < 0.7:
            village.status, village.year = "formed", rng.randint(2016, TODAY.year)
            if rng.random() < 0.5:  # a dated formation, never after today
                start = date(village.year, 1, 1)
                span = (min(date(village.year, 12, 31), TODAY) - start).days
                village.day = start + timedelta(days=rng.randint(0, span))
            if rng.random() < 0.2:
                village.planned = village.year  # it was planned for the year it was formed
            answer = rng.random()
            village.dashat = "yes" if answer < 0.5 else "no" if answer < 0.7 else None
        elif roll < 0.85:
            village.status, village.planned = "planned", rng.randint(TODAY.year, TODAY.year + 3)
    return country


def load(kkb: Kkb, country: Country, tmp_path: Path) -> None:
    """Load the regions and records as an office would: `kkb region import`, `kkb import csv`,
    then `kkb set` with a date for a few answers known only from a given day."""
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "code,name\n" + "".join(f"{code},{name}\n" for code, name in country.regions),
        encoding="utf-8",
    )
    result = kkb("region", "import", str(regions))
    assert result.exit_code == 0, result.stderr
    lines = ["kode,status,tahun,tanggal,tahun_rencana,dashat"]
    for v in country.villages:
        if v.status == "none":
            continue
        year = v.year if v.status == "formed" else v.planned
        day = v.day.isoformat() if v.day else ""
        planned = v.planned if v.status == "formed" and v.planned else ""
        lines.append(f"{v.code},{v.status},{year},{day},{planned},{v.dashat or ''}")
    records = tmp_path / "records.csv"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kkb("import", "csv", str(records))
    assert result.exit_code == 0, result.stderr
    # Answers imported today are known from today; give a few an earlier day of their own.
    for index, village in enumerate(v for v in country.villages if v.dashat):
        if index % 97 == 0:
            since = date(TODAY.year, 1, 1) + timedelta(days=index % 200)
            since = min(since, TODAY)
            result = kkb("set", village.code, f"dashat={village.dashat}", "--date", str(since))
            assert result.exit_code == 0, result.stderr
            village.dashat_since = since
    for village in country.villages:
        if village.dashat and village.dashat_since is None:
            village.dashat_since = TODAY


def expected(country: Country, extra_villages: int, prefix: str, depth: int, as_of: date) -> Any:
    """What a report on the region ``prefix`` ('' for Indonesia) must say, counted here."""
    inside = [v for v in country.villages if v.code.startswith(prefix)]
    states = {v.code: v.state(as_of) for v in inside}
    formed = Counter(year for status, year in states.values() if status == "formed")
    planned = Counter(year for status, year in states.values() if status == "planned")
    areas: dict[str, Counter[str]] = {}
    for v in inside:
        area = ".".join(v.code.split(".")[:depth])
        areas.setdefault(area, Counter())[states[v.code][0]] += 1
    yes = no = 0
    for v in inside:
        known = v.dashat_since is not None and v.dashat_since <= as_of
        if states[v.code][0] == "formed" and v.dashat and known:
            yes += v.dashat == "yes"
            no += v.dashat == "no"
    return {
        "total": len(inside) + extra_villages,
        "formed": sum(formed.values()),
        "planned": sum(planned.values()),
        "formed_by_year": dict(formed),
        "planned_by_year": dict(planned),
        "areas": {code: dict(counts) for code, counts in areas.items()},
        "dashat": (yes, no, sum(formed.values()) - yes - no),
    }


def reported(report: dict[str, Any]) -> Any:
    dashat = next(a for a in report["attributes"] if a["attribute"] == "dashat")
    return {
        "total": report["total_villages"],
        "formed": report["formed"],
        "planned": report["planned"],
        "formed_by_year": {r["year"]: r["formed"] for r in report["years"] if r["formed"]},
        "planned_by_year": {r["year"]: r["planned"] for r in report["years"] if r["planned"]},
        "areas": {
            a["code"]: {k: a[k] for k in ("formed", "planned", "none") if a[k]}
            for a in report["areas"]
            if a["villages"]
        },
        "dashat": (dashat["yes"], dashat["no"], dashat["unknown"]),
    }


@pytest.fixture(scope="module")
def country() -> Country:
    return generate()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, country: Country) -> Path:
    """The generated country loaded once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("country")
    kkb = Kkb(folder / "kkb.db")
    assert kkb("init", "--no-records").exit_code == 0
    load(kkb, country, folder)
    return kkb.db_path


@pytest.fixture
def loaded(template: Path, db_path: Path) -> Kkb:
    shutil.copyfile(template, db_path)
    return Kkb(db_path)


def _seed_villages(db_path: Path) -> int:
    """The villages the seed brought (Kota Pekalongan), counted straight from the file."""
    conn = sqlite3.connect(db_path)
    try:
        count: int = conn.execute(
            "SELECT count(*) FROM regions WHERE level = 'desa_kelurahan' AND code LIKE '33.%'"
        ).fetchone()[0]
        return count
    finally:
        conn.close()


AS_OF = [
    TODAY,
    date(TODAY.year, 1, 1) + timedelta(days=150),  # inside this year: dated formations split it
    date(TODAY.year - 2, 12, 31),
    date(2020, 3, 15),
]


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
def test_every_scope_agrees_with_a_count_made_village_by_village(
    loaded: Kkb, country: Country, as_of: date
) -> None:
    as_of = min(as_of, TODAY)
    seed = _seed_villages(loaded.db_path)
    scopes = [("ID", "", 1, seed), ("52", "52.", 2, 0), ("51.71", "51.71.", 3, 0)]
    kecamatan = country.villages[200].code.rsplit(".", 1)[0]
    scopes.append((kecamatan, kecamatan + ".", 4, 0))
    for scope, prefix, depth, extra in scopes:
        report = loaded.json("progress", "--scope", scope, "--as-of", str(as_of))
        want = expected(country, extra, prefix, depth, as_of)
        got = reported(report)
        if scope == "ID":  # the seed's kota has villages but no records
            got["areas"].pop("33", None)
        assert got == want, scope


def test_a_province_adds_up_its_kabupaten_kota_exactly(loaded: Kkb) -> None:
    province = loaded.json("progress", "--scope", "51")
    parts = [loaded.json("progress", "--scope", area["code"]) for area in province["areas"]]
    assert len(parts) == 3
    for key in ("total_villages", "formed", "planned", "none"):
        assert province[key] == sum(part[key] for part in parts), key
    for area, part in zip(province["areas"], parts, strict=True):
        assert (area["villages"], area["formed"], area["planned"]) == (
            part["total_villages"],
            part["formed"],
            part["planned"],
        )
    by_year: Counter[int] = Counter()
    for part in parts:
        by_year.update({row["year"]: row["formed"] for row in part["years"]})
    assert {r["year"]: r["formed"] for r in province["years"] if r["formed"]} == {
        y: n for y, n in by_year.items() if n
    }
    assert province["village_noun"] == "desa/kelurahan"  # it has both


def test_the_stored_scope_is_used_until_a_command_says_otherwise(loaded: Kkb) -> None:
    assert loaded.json("info")["scope"]["code"] == "33.75"
    assert loaded("scope", "set", "51").exit_code == 0
    assert loaded.json("info")["scope"]["code"] == "51"
    assert loaded.json("progress")["scope"]["code"] == "51"
    assert loaded.json("progress", "--scope", "52")["scope"]["code"] == "52"
    rows = loaded.json("list", "--scope", "51.71")
    assert rows and all(row["kelurahan_code"].startswith("51.71.") for row in rows)


def test_counts_after_changes_match_a_fresh_count(loaded: Kkb, country: Country) -> None:
    """Every write keeps the counts behind national reports right: `kkb check` recounts."""
    village = next(v for v in country.villages if v.status == "none")
    assert loaded("add", village.code, "--year", str(TODAY.year)).exit_code == 0
    formed = next(v for v in country.villages if v.status == "formed")
    assert loaded("remove", formed.code, "--yes").exit_code == 0
    assert loaded("set", country.villages[5].code, "pokja=yes").exit_code in (0, 1)
    result = loaded("check")
    assert result.exit_code == 0, result.stderr


def test_export_covers_the_scope_one_row_per_village(loaded: Kkb, country: Country) -> None:
    result = loaded("export", "csv", "--scope", "52")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    inside = [v for v in country.villages if v.code.startswith("52.")]
    assert len(lines) == len(inside) + 1
    statuses = Counter(line.split(",")[4] for line in lines[1:])
    assert statuses == Counter(v.status for v in inside)


def test_targets_belong_to_a_region_at_any_level_inside_the_scope(loaded: Kkb) -> None:
    assert loaded("scope", "set", "51").exit_code == 0
    result = loaded("target", "set", "2027", "40", "--region", "Kota 51.71")
    assert result.exit_code == 0, result.stderr
    assert loaded("target", "set", "2027", "5", "--region", "51.02.01").exit_code == 0
    listed = {(t["region_code"], t["wanted"]) for t in loaded.json("target", "list")}
    assert {("51.71", 40), ("51.02.01", 5)} <= listed
    # A target shows in the report of its region's parent (as an area) and in its own.
    province = loaded.json("progress")
    assert [t["region_code"] for t in province["targets"]] == ["51.71"]
    kota = loaded.json("progress", "--scope", "51.71")
    assert kota["years"][-1]["year"] >= 2027 and kota["targets"][0]["wanted"] == 40


def test_targets_outside_the_scope_or_for_all_of_indonesia_are_refused(loaded: Kkb) -> None:
    loaded.refused("target", "set", "2027", "40", "--scope", "ID", words="not to all of Indonesia")
    loaded.refused(
        "target",
        "set",
        "2027",
        "4",
        "--scope",
        "51",
        "--region",
        "52.01",
        words="outside the scope",
    )
    loaded.refused(
        "target", "set", "2027", "4", "--scope", "51", "--kecamatan", "51.01", words="not the code"
    )


def test_a_village_given_by_its_code_outside_the_scope_is_told_in_its_own_kota(
    loaded: Kkb, country: Country
) -> None:
    village = next(v for v in country.villages if v.status == "none" and v.code.startswith("52."))
    result = loaded("add", village.code, "--year", str(TODAY.year), "--scope", "51")
    assert result.exit_code == 0, result.stderr
    kota = village.code[:5]
    total = sum(1 for v in country.villages if v.code.startswith(kota + "."))
    assert f"of {total} " in result.stdout
