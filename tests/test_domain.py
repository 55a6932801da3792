"""Pure domain functions, hammered with Hypothesis."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkb_cli.domain.dates import parse_date
from kkb_cli.domain.progress import coverage_pct, progress_by_year, state_as_of
from kkb_cli.domain.regions import ListLookup, Village, find_region, name_key
from kkb_cli.domain.status import Status
from kkb_cli.domain.targets import TargetStatus, target_status
from kkb_cli.errors import RefusedError, UsageError

years = st.integers(min_value=2016, max_value=2035)
as_of_dates = st.dates(min_value=date(2016, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def scopes(draw: st.DrawFn) -> tuple[list[int], list[int], dict[int, int], int, date]:
    as_of = draw(as_of_dates)
    formed = draw(st.lists(st.integers(2016, as_of.year), max_size=60))
    planned = draw(st.lists(years, max_size=60))
    total = len(formed) + len(planned) + draw(st.integers(0, 40))
    targets = draw(st.dictionaries(years, st.integers(0, 50), max_size=5))
    return formed, planned, targets, total, as_of


@given(scopes())
def test_cumulative_never_falls_and_ends_at_the_formed_total(scope) -> None:
    formed, planned, targets, total, as_of = scope
    rows = progress_by_year(Counter(formed), Counter(planned), targets, total, as_of)
    cumulative = [row.cumulative for row in rows]
    assert cumulative == sorted(cumulative)
    assert cumulative[-1] == len(formed)
    assert sum(row.formed for row in rows) == len(formed)
    assert sum(row.planned for row in rows) == len(planned)


@given(scopes())
def test_years_are_consecutive_and_cover_every_fact(scope) -> None:
    formed, planned, targets, total, as_of = scope
    rows = progress_by_year(Counter(formed), Counter(planned), targets, total, as_of)
    listed = [row.year for row in rows]
    assert listed == list(range(listed[0], listed[-1] + 1))
    assert set(formed) | set(planned) | set(targets) | {as_of.year} <= set(listed)
    assert {row.year: row.target for row in rows if row.target is not None} == targets


@given(scopes())
def test_coverage_stays_within_0_and_100(scope) -> None:
    formed, planned, targets, total, as_of = scope
    for row in progress_by_year(Counter(formed), Counter(planned), targets, total, as_of):
        if total:
            assert row.coverage_pct is not None and 0.0 <= row.coverage_pct <= 100.0
        else:
            assert row.coverage_pct is None  # a share of nothing is not 0%


@given(st.integers(0, 100_000), st.integers(0, 100_000))
def test_coverage_pct_is_a_bounded_share(count: int, extra: int) -> None:
    total = count + extra
    pct = coverage_pct(count, total)
    if not total:
        assert pct is None  # a share of nothing is not 0%
        return
    assert pct is not None and 0.0 <= pct <= 100.0
    if not extra:
        assert pct == 100.0
    if not count:
        assert pct == 0.0


def test_coverage_of_the_seed_statement() -> None:
    assert coverage_pct(19, 27) == 70.4
    assert coverage_pct(20, 27) == 74.1
    assert coverage_pct(0, 0) is None


@given(years, st.integers(0, 30), st.integers(0, 30), as_of_dates)
def test_target_status_follows_its_definition(year, target, formed, as_of) -> None:
    status = target_status(year, target, formed, as_of)
    if formed >= target:
        assert status is TargetStatus.MET
    elif year == as_of.year:
        assert status is TargetStatus.IN_PROGRESS
    elif year < as_of.year:
        assert status is TargetStatus.MISSED
    else:
        assert status is TargetStatus.UPCOMING


@given(years, st.one_of(st.none(), years), as_of_dates)
def test_a_formation_counts_only_from_its_year(formed_year, planned_year, as_of) -> None:
    status, year = state_as_of(Status.FORMED, formed_year, planned_year, as_of)
    if formed_year <= as_of.year:
        assert (status, year) == (Status.FORMED, formed_year)
    elif planned_year is not None:
        assert (status, year) == (Status.PLANNED, planned_year)
    else:
        assert (status, year) == (Status.NONE, None)


def test_a_formation_dated_later_in_the_year_counts_as_its_plan_until_then() -> None:
    # formed_later: the storage found its date after the as-of date (see _FORMED_LATER)
    day = date(2023, 7, 16)
    assert state_as_of(Status.FORMED, 2023, 2023, day, formed_later=True) == (Status.PLANNED, 2023)
    assert state_as_of(Status.FORMED, 2023, None, day, formed_later=True) == (Status.NONE, None)
    assert state_as_of(Status.FORMED, 2023, 2023, day) == (Status.FORMED, 2023)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_every_date_form_parses_to_the_same_day(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day


@given(st.text(max_size=20))
def test_a_date_is_read_only_from_one_of_the_three_forms(text: str) -> None:
    """Whatever is typed, the answer is a date written the way the user wrote it (ISO, or
    day first with - or /), or a usage error: never another exception, never a guess."""
    try:
        day = parse_date(text)
    except UsageError as error:
        assert error.exit_code == 2
        return
    written = text.strip()
    forms = {
        f"{day.year:04d}-{day.month}-{day.day}",
        f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        f"{day.year:04d}-{day.month:02d}-{day.day}",
        f"{day.year:04d}-{day.month}-{day.day:02d}",
    }
    for first in "-/":
        for second in "-/":
            for d in (str(day.day), f"{day.day:02d}"):
                for m in (str(day.month), f"{day.month:02d}"):
                    forms.add(f"{d}{first}{m}{second}{day.year:04d}")
    assert written in forms


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Kel. Sokoduwet", "sokoduwet"),
        ("Soko Duwet", "sokoduwet"),
        ("KELURAHAN Kali-Baros", "kalibaros"),
        ("Desa Kandangpanjang", "kandangpanjang"),
        ("Desa", "desa"),
        ("Pasirkratonkramat", "pasirkratonkramat"),
    ],
)
def test_name_key_ignores_case_spaces_punctuation_and_prefixes(typed: str, key: str) -> None:
    assert name_key(typed) == key


PEKALONGAN = [
    Village(code, name, code.rsplit(".", 1)[0], "")
    for code, name in [
        ("33.75.01.1002", "Medono"), ("33.75.01.1004", "Sapuro Kebulen"),
        ("33.75.01.1006", "Bendan Kergon"), ("33.75.02.1012", "Kali Baros"),
        ("33.75.03.1003", "Kandang Panjang"), ("33.75.03.1004", "Panjang Wetan"),
        ("33.75.03.1010", "Panjang Baru"), ("33.75.04.1006", "Kuripan Kertoharjo"),
        ("33.75.04.1008", "Kuripan Yosorejo"), ("33.75.04.1010", "Sokoduwet"),
    ]
]  # fmt: skip
LOOKUP = ListLookup(PEKALONGAN, "kelurahan")


@given(st.sampled_from(PEKALONGAN))
def test_every_village_is_found_by_its_own_name_and_code(village: Village) -> None:
    assert find_region(village.name, LOOKUP) == village
    assert find_region(village.code, LOOKUP) == village
    assert find_region(f"Kel. {village.name.upper()}", LOOKUP) == village


@given(st.text(max_size=30))
def test_a_name_is_never_resolved_to_a_village_it_does_not_name(query: str) -> None:
    """Whatever is typed, a match is exact or contained: a typo is never 'corrected'."""
    try:
        found = find_region(query, LOOKUP)
    except RefusedError:
        return
    assert found.code == query.strip() or name_key(query) in name_key(found.name)
