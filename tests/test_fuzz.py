"""Hypothesis drives the CLI with generated arguments and CSV files: whatever it types, kkb
answers with a result or one clear error, never a traceback, and the database stays sound."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Kkb

# Text as a user could type it in a shell or a spreadsheet: no NUL, no lone surrogates.
typed = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
villages = (
    st.sampled_from(
        ["Krapyak", "Gamer", "33.75.02.1007", "kuripan", "Kel. Sokoduwet", "33.75", "3375031002"]
    )
    | typed
)
days = (
    st.sampled_from(["2023-07-17", "17/07/2023", "2024-02-30", "2031-01-01", "2015-01-01"]) | typed
)
years = st.sampled_from(["2016", "2023", "2024", "2027", "2040", "1999"]) | typed
headers = (
    st.sampled_from(
        [
            "kelurahan",
            "kode",
            "status",
            "tahun",
            "tanggal",
            "planned_year",
            "nama",
            "sk",
            "catatan",
            "dashat",
            "PIK-R",
        ]
    )
    | typed
)
assignments = st.tuples(
    st.sampled_from(["dashat", "pokja", "Rumah DataKu", "pik-r", "sk"]) | typed,
    st.sampled_from(["yes", "ya", "no", "tidak", "?", ""]) | typed,
).map(lambda pair: f"{pair[0]}={pair[1]}")
amounts = st.sampled_from(["1", "3", "8", "100%", "50%", "0", "12,5%", "x"]) | typed
cells = st.sampled_from(["formed", "rencana", "belum", "2023", "2026", "=1+1", ""]) | villages


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(headers, min_size=1, max_size=5))
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=6))
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";"]))).writerows([header, *rows])
    data = out.getvalue().encode("utf-8")
    if draw(st.booleans()):  # now and then cut it off somewhere
        data = data[: draw(st.integers(0, len(data)))]
    return data


def commands(csv_path: str) -> st.SearchStrategy[list[str]]:
    details = st.lists(st.sampled_from(["--name", "--sk", "--note"]).flatmap(
        lambda option: typed.map(lambda value: [option, value])), max_size=2,
    ).map(lambda pairs: [word for pair in pairs for word in pair])  # fmt: skip
    when = st.one_of(
        st.just([]),
        years.map(lambda y: ["--year", y]),
        days.map(lambda d: ["--date", d]),
        years.map(lambda y: ["--planned", y]),
    )
    return st.one_of(
        st.tuples(villages, when, details).map(lambda t: ["add", t[0], *t[1], *t[2]]),
        st.tuples(villages, when, details).map(lambda t: ["edit", t[0], *t[1], *t[2]]),
        villages.map(lambda v: ["remove", v, "--yes"]),
        villages.map(lambda v: ["history", v]),
        st.sampled_from([[], ["--update"], ["--dry-run"]]).map(
            lambda flags: ["import", "csv", csv_path, *flags]
        ),
        days.map(lambda d: ["progress", "--as-of", d]),
        st.tuples(
            villages,
            st.lists(assignments, min_size=1, max_size=3),
            st.just([]) | days.map(lambda d: ["--date", d]),
        ).map(lambda t: ["set", t[0], *t[1], *t[2]]),
        st.tuples(
            years,
            amounts,
            st.sampled_from(
                [
                    [],
                    ["--attribute", "dashat"],
                    ["--kecamatan", "Utara"],
                    ["--kecamatan", "barat", "--attribute", "pik-r"],
                ]
            ),
        ).map(lambda t: ["target", "set", t[0], t[1], *t[2]]),
        years.map(lambda y: ["target", "remove", y]),
        st.sampled_from(
            [
                ["list", "--status", "none"],
                ["list", "--missing", "dashat"],
                ["export", "csv", "--table", "areas"],
                ["export", "json"],
                ["target", "list"],
                ["--lang", "id", "progress", "--attribute", "pokja"],
            ]
        ),
        st.lists(typed, max_size=3),
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    assert Kkb(path)("init").exit_code == 0
    return path


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_input_makes_kkb_crash_or_break_the_database(
    template: Path, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "kkb.db"
        shutil.copy(template, db)
        source = Path(folder) / "in.csv"
        source.write_bytes(data.draw(csv_files(), label="csv"))
        kkb = Kkb(db)
        for args in data.draw(
            st.lists(commands(str(source)), min_size=1, max_size=4), label="cmds"
        ):
            result = kkb(*args)
            shown = result.stdout + result.stderr
            assert "Traceback" not in shown, (args, shown)
            assert result.exit_code in (0, 1, 2), (args, shown)
            if result.exit_code:
                assert "Error" in result.stderr, (args, shown)
            if result.exception is not None:
                assert isinstance(result.exception, SystemExit), (args, result.exception)
        check = kkb("check")
        assert check.exit_code == 0, check.stderr
