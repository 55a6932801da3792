"""`kkb region import`, `kkb region list` and `kkb scope`: Kemendagri region lists in, all or
nothing, every wrong row named with its line; newer lists update without losing what is used."""

from __future__ import annotations

import json
import random as random_module
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Kkb, file_digest, records, table_rows
from kkb_cli.domain.region_list import RECORD, RowChecker, keep_in_use, read_region_header
from kkb_cli.storage.migrations import migrate
from kkb_cli.storage.region_lists import RegionListLoad

# A small list in the shape of the decree's: a provinsi, a kabupaten with two kecamatan of
# desa (2xxx), and a kota (7x) with a kecamatan of kelurahan (1xxx).
MALANG = [
    ("35", "Jawa Timur"),
    ("35.07", "Kabupaten Malang"),
    ("35.07.01", "Donomulyo"),
    ("35.07.01.2001", "Banjarejo"),
    ("35.07.01.2002", "Purwodadi"),
    ("35.07.01.2003", "Kedungsalam"),
    ("35.07.02", "Kalipare"),
    ("35.07.02.2001", "Arjowilangun"),
    ("35.07.02.2002", "Kalirejo"),
    ("35.73", "Kota Malang"),
    ("35.73.01", "Blimbing"),
    ("35.73.01.1001", "Balearjosari"),
    ("35.73.01.1002", "Arjosari"),
]
MALANG_VILLAGES = sum(1 for code, _ in MALANG if code.count(".") == 3)
_LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")


def region_csv(
    regions: Sequence[tuple[str, str]], *, header: str = "code,name,level,parent_code,kind"
) -> str:
    """A list as the national file writes it: level and parent from the code, kind ignored."""
    lines = [header]
    for code, name in regions:
        depth = code.count(".")
        kind = {"1": "kelurahan", "2": "desa"}.get(code[-4], "") if depth == 3 else ""
        lines.append(f"{code},{name},{_LEVELS[depth]},{code.rpartition('.')[0]},{kind}")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def loaded(kkb: Kkb, path: Path | str, *options: str) -> tuple[str, str]:
    result = kkb("region", "import", str(path), *options)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout, result.stderr


def regions_table(db_path: Path) -> dict[str, tuple[str, str, str | None]]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT code, name, level, parent_code FROM regions")
        return {code: (name, level, parent) for code, name, level, parent in rows}
    finally:
        conn.close()


@pytest.fixture
def malang(kkb: Kkb, tmp_path: Path) -> Kkb:
    """A new database (made from the seed by the import itself) with the Malang list loaded."""
    out, err = loaded(kkb, write(tmp_path / "malang.csv", region_csv(MALANG)))
    assert f"{len(MALANG)} added, 0 renamed, 0 removed" in out
    assert "Created" in err  # the file did not exist: it was made from the seed first
    return kkb


# -- loading a list --------------------------------------------------------------------------


def test_a_list_loads_into_a_new_database_and_is_counted(malang: Kkb) -> None:
    stored = regions_table(malang.db_path)
    assert stored["35.73.01.1002"] == ("Arjosari", "desa_kelurahan", "35.73.01")
    assert stored["35"] == ("Jawa Timur", "provinsi", None)
    assert stored["33.75"][0] == "Kota Pekalongan"  # the seed's regions are still there

    provinsi = {row["code"]: row for row in malang.json("region", "list")}
    assert provinsi["35"] == {
        "code": "35", "name": "Jawa Timur", "level": "provinsi", "kabupaten_kota": 2,
        "kecamatan": 3, "desa_kelurahan": 7, "kelurahan": 2, "desa": 5,
    }  # fmt: skip
    assert provinsi["33"]["desa_kelurahan"] == 27
    kabupaten = malang.json("region", "list", "35")
    assert [(k["code"], k["kecamatan"], k["desa_kelurahan"]) for k in kabupaten] == [
        ("35.07", 2, 5),
        ("35.73", 1, 2),
    ]
    villages = malang.json("region", "list", "35.07.01")
    assert [v["kind"] for v in villages] == ["desa", "desa", "desa"]
    assert {v["kind"] for v in malang.json("region", "list", "35.73.01")} == {"kelurahan"}

    # The derived counts were rebuilt in the same transaction: a provinsi report sees them.
    report = malang.json("progress", "--scope", "35")
    assert report["total_villages"] == MALANG_VILLAGES
    assert malang("check").exit_code == 0


def test_region_list_shows_a_table_with_the_right_headings(malang: Kkb) -> None:
    result = malang("region", "list", "35")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Jawa Timur (35)" in lines[0]
    assert "Kabupaten/kota" in lines[1] and "Desa/kelurahan" in lines[1]  # both kinds occur
    assert "Kota Malang" in result.stdout
    assert result.stderr.strip() == "2 regions"
    kelurahan_only = malang("region", "list", "35.73")
    assert "Kelurahan" in kelurahan_only.stdout and "Desa/" not in kelurahan_only.stdout
    villages = malang("region", "list", "35.73.01")
    assert "Kind" in villages.stdout and "kelurahan" in villages.stdout
    below_a_village = malang("region", "list", "35.73.01.1001")
    assert below_a_village.exit_code == 0 and below_a_village.stdout == ""
    assert "No regions" in below_a_village.stderr


def test_region_list_refuses_an_unknown_or_malformed_code(malang: Kkb) -> None:
    malang.refused("region", "list", "36", words="No region 36")
    malang.refused("region", "list", "35.7", words="not a region", exit_code=2)


def test_indonesian_headers_semicolons_and_a_byte_order_mark(kkb: Kkb, tmp_path: Path) -> None:
    text = "\ufeffKODE;Nama;Tingkat;Kode Induk\r\n"
    text += "".join(
        f"{code};{name};{'kota' if code == '35.73' else ''};\r\n" for code, name in MALANG
    )
    out, _ = loaded(kkb, write(tmp_path / "excel.csv", text))
    assert f"{len(MALANG)} added" in out
    assert regions_table(kkb.db_path)["35.73.01.1001"][2] == "35.73.01"


def test_code_and_name_alone_from_stdin(kkb: Kkb) -> None:
    data = "code,name\n" + "".join(f"{code},{name}\n" for code, name in MALANG)
    result = kkb("region", "import", "-", input=data)
    assert result.exit_code == 0, result.stderr
    assert "standard input" in result.stdout
    assert regions_table(kkb.db_path)["35.07.02.2002"] == ("Kalirejo", "desa_kelurahan", "35.07.02")


def test_the_same_list_again_changes_nothing(malang: Kkb, tmp_path: Path) -> None:
    before = table_rows(malang.db_path)
    out, _ = loaded(malang, write(tmp_path / "again.csv", region_csv(MALANG)))
    assert f"0 added, 0 renamed, 0 removed, {len(MALANG)} unchanged." in out
    assert table_rows(malang.db_path) == before


# -- refusing a list -------------------------------------------------------------------------


def refused_list(kkb: Kkb, path: Path) -> dict[int, str]:
    """Load a list that must be refused: exit 1, one Error line, then one line per wrong row,
    nothing stored changed. Returns the reported rows by line number."""
    before = table_rows(kkb.db_path)
    result = kkb("region", "import", str(path))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "no region was loaded" in lines[0], lines[0]
    assert all(line.startswith("  line ") for line in lines[1:]), lines
    assert "Traceback" not in result.stdout + result.stderr
    assert table_rows(kkb.db_path) == before
    reported = {int(line.split(":")[0].split()[1]): line for line in lines[1:]}
    assert len(reported) == len(lines) - 1  # one line per row
    return reported


def test_every_wrong_row_is_reported_and_nothing_is_written(seeded: Kkb, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "code,name,level,parent_code\n"
        "35,Jawa Timur,provinsi,\n"  # 2: fine
        "35.07,Kabupaten Malang,kabupaten_kota,35\n"  # 3: fine
        "3507.01,Donomulyo,kecamatan,35.07\n"  # 4: malformed code
        "35.07.01,,kecamatan,35.07\n"  # 5: no name
        "35.07.02,Kalipare,desa_kelurahan,35.07\n"  # 6: the level disagrees
        "35.07.03,Pagak,kecamatan,35.06\n"  # 7: the parent disagrees
        "35.08.01,Tempursari,kecamatan,35.08\n"  # 8: no such parent anywhere
        "35.07.02,Kalipare,kecamatan,35.07\n"  # 9: 35.07.02 again (after line 6)
        "35.07.03.4001,Sumberejo,desa_kelurahan,35.07.03\n"  # 10: 4 is no village kind
        "35.07.03.2001,Sumbermanjing,kota,35.07.03\n"  # 11: kota is a kabupaten/kota level
        "35.07.03.2002,Pagak,kelurahan,35.07.03\n"  # 12: a desa code called a kelurahan
        "35.07.03.2003,Gampingan,village level,35.07.03\n"  # 13: not a level at all
        "35.07.03.2004,Sempol,desa,35.07.03,extra\n"  # 14: a cell more than the header
        "34,Yogyakarta,provinsi,33\n"  # 15: a provinsi has no parent
        "35.07.03,Pagak,kecamatan,35.07\n"  # 16: fine, but 35.07.03 is on line 7 already
        "35.07.1,Bad,,\n"  # 17: malformed code
        "35.07.03.2005,Sumberkerto,,\n",  # 18: fine
    )
    reported = refused_list(seeded, path)
    assert sorted(reported) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
    assert "'3507.01' is not a Kemendagri region code" in reported[4]
    assert "35.07.01 has no name" in reported[5]
    assert "says desa_kelurahan" in reported[6] and "kecamatan" in reported[6]
    assert "says 35.06" in reported[7] and "lies in 35.07" in reported[7]
    assert "35.08" in reported[8] and "neither in the file nor in the database" in reported[8]
    assert "35.07.02 already appears on line 6" in reported[9]
    assert "not 4" in reported[10]
    assert "says kota" in reported[11]
    assert "says kelurahan" in reported[12] and "desa" in reported[12]
    assert "'village level' is not a level" in reported[13]
    assert "5 cells where the header has 4" in reported[14]
    assert "34 is a provinsi" in reported[15]
    assert "on line 7" in reported[16]
    assert "'35.07.1'" in reported[17]


def test_a_kecamatan_the_list_leaves_out_cannot_hold_its_villages(
    malang: Kkb, tmp_path: Path
) -> None:
    """A list that names Kabupaten Malang speaks for all its kecamatan: a village in a
    kecamatan it leaves out would lose its parent."""
    without_kalipare = [r for r in MALANG if r[0] != "35.07.02"]
    reported = refused_list(malang, write(tmp_path / "x.csv", region_csv(without_kalipare)))
    assert list(reported) == [8, 9]  # Kalipare's two villages
    assert "leaves out although it lists 35.07" in reported[8]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"code,name\n35,Jawa\xff Timur\n", "not UTF-8 text (line 2)"),
        (b"code,name\n35,\x00\x01\n", "binary"),
        (b'code,name\n35,"Jawa Timur\n', "cannot be read as CSV"),
        (b"kode,wilayah\n35,Jawa Timur\n", "needs a code column and a name column"),
        (b"code,kode,name\n35,35,Jawa Timur\n", "'kode' repeats another"),
    ],
)
def test_a_file_that_is_not_a_list_is_refused(
    seeded: Kkb, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_bytes(content)
    seeded.refused("region", "import", str(path), words=words)


# -- a newer list ----------------------------------------------------------------------------


def test_a_newer_list_renames_adds_and_removes_but_keeps_what_is_used(
    malang: Kkb, tmp_path: Path
) -> None:
    assert malang("add", "Banjarejo", "--year", "2023", "--scope", "35.07").exit_code == 0
    assert malang("add", "35.07.01.2003", "--year", "2024", "--scope", "35.07").exit_code == 0
    before = records(malang.db_path)
    newer = [
        (code, "Banjarejo Baru" if code == "35.07.01.2001" else name)  # renamed, has a record
        for code, name in MALANG
        if code not in ("35.07.01.2002", "35.07.01.2003")  # 2002: unused; 2003: has a record
    ] + [("35.07.01.2004", "Tulungrejo")]  # new
    out, err = loaded(malang, write(tmp_path / "newer.csv", region_csv(newer)))
    assert "1 added, 1 renamed, 1 removed, 10 unchanged, 1 kept" in out
    kept = err.strip().splitlines()
    assert len(kept) == 1
    assert "35.07.01.2003 Kedungsalam" in kept[0] and "Kampung KB record" in kept[0]

    stored = regions_table(malang.db_path)
    assert stored["35.07.01.2001"][0] == "Banjarejo Baru"
    assert stored["35.07.01.2004"] == ("Tulungrejo", "desa_kelurahan", "35.07.01")
    assert "35.07.01.2002" not in stored
    assert stored["35.07.01.2003"][0] == "Kedungsalam"
    assert records(malang.db_path) == before  # both records untouched, still pointing home
    assert malang.json("progress", "--scope", "35")["total_villages"] == MALANG_VILLAGES
    assert malang("check").exit_code == 0


def test_only_what_the_list_speaks_for_is_removed(malang: Kkb, tmp_path: Path) -> None:
    """One kecamatan's list leaves the rest of the kabupaten alone; a provinsi row alone
    removes nothing; the seed's Kota Pekalongan is never touched by Malang's lists."""
    donomulyo = [r for r in MALANG if r[0].startswith("35.07.01") and r[0] != "35.07.01.2002"]
    out, _ = loaded(malang, write(tmp_path / "kec.csv", region_csv(donomulyo)))
    assert "0 added, 0 renamed, 1 removed, 3 unchanged" in out
    stored = regions_table(malang.db_path)
    assert "35.07.01.2002" not in stored
    assert {"35.07.02", "35.07.02.2001", "35.73.01.1001", "33.75.03.1002"} <= set(stored)

    out, _ = loaded(malang, write(tmp_path / "provinsi.csv", region_csv([("35", "Jawa Timur")])))
    assert "0 removed, 1 unchanged" in out
    assert regions_table(malang.db_path) == stored


def test_the_scope_and_a_target_keep_their_region_and_its_parents(
    malang: Kkb, tmp_path: Path
) -> None:
    assert malang("scope", "set", "35.73.01").exit_code == 0
    target = malang("target", "set", "2026", "1", "--region", "35.07.02", "--scope", "35.07")
    assert target.exit_code == 0, target.stderr
    # Kabupaten Malang without Kalipare, and Kota Malang without its only kecamatan.
    newer = [r for r in MALANG if not r[0].startswith(("35.07.02", "35.73.01"))]
    out, err = loaded(malang, write(tmp_path / "newer.csv", region_csv(newer)))
    assert "removed" in out and "2 kept" in out
    kept = {line.split()[1]: line for line in err.strip().splitlines()}
    assert set(kept) == {"35.07.02", "35.73.01"}
    assert "target" in kept["35.07.02"]
    assert "scope" in kept["35.73.01"]
    stored = regions_table(malang.db_path)
    # Their villages go: nothing points to them.
    assert not [code for code in stored if code.startswith(("35.07.02.", "35.73.01."))]
    assert malang("scope", "show").exit_code == 0


def test_a_dry_run_lists_the_changes_and_writes_nothing(malang: Kkb, tmp_path: Path) -> None:
    newer = [(c, "Arjosari Baru" if c == "35.73.01.1002" else n) for c, n in MALANG]
    newer = [r for r in newer if r[0] != "35.73.01.1001"] + [("35.73.01.1003", "Polehan")]
    digest = file_digest(malang.db_path)
    out, _ = loaded(malang, write(tmp_path / "newer.csv", region_csv(newer)), "--dry-run")
    assert file_digest(malang.db_path) == digest
    lines = out.splitlines()
    assert lines[:3] == [
        "remove 35.73.01.1001 Balearjosari (kelurahan)",
        "rename 35.73.01.1002 Arjosari → Arjosari Baru",
        "add 35.73.01.1003 Polehan (kelurahan)",
    ]
    assert "1 would be added, 1 renamed, 1 removed" in lines[3]
    assert "nothing was written" in lines[3]


def test_indonesian_messages(malang: Kkb, tmp_path: Path) -> None:
    same = write(tmp_path / "same.csv", region_csv(MALANG))
    result = malang("--lang", "id", "region", "import", str(same))
    assert result.exit_code == 0, result.stderr
    assert f"{len(MALANG)} tidak berubah" in result.stdout
    result = malang("--lang", "id", "scope", "set", "35")
    assert result.stdout.strip() == "Lingkup sekarang Jawa Timur (35): 7 desa/kelurahan."


# -- villages of both kinds ------------------------------------------------------------------


def test_add_takes_a_desa_and_a_kelurahan_by_code_or_name(malang: Kkb) -> None:
    by_code = malang("add", "35.07.02.2001", "--year", "2023", "--scope", "35.07")
    assert by_code.exit_code == 0, by_code.stderr
    by_name = malang("add", "Kalirejo", "--year", "2024", "--scope", "35.07.02")
    assert by_name.exit_code == 0, by_name.stderr
    kelurahan = malang("add", "Arjosari", "--planned", "2027", "--scope", "35.73")
    assert kelurahan.exit_code == 0, kelurahan.stderr
    stored = records(malang.db_path)
    assert stored["35.07.02.2001"][:2] == ("formed", 2023)
    assert stored["35.07.02.2002"][:2] == ("formed", 2024)
    assert stored["35.73.01.1002"][0] == "planned"
    assert malang.json("progress", "--scope", "35")["formed"] == 2


# -- the scope -------------------------------------------------------------------------------


def test_scope_set_and_show(malang: Kkb) -> None:
    shown = malang("scope", "show")
    assert shown.stdout.strip() == "The scope is Kota Pekalongan (33.75): 27 kelurahan."
    result = malang("scope", "set", "35.07")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "The scope is now Kabupaten Malang (35.07): 5 desa."
    assert malang("scope", "show").stdout.strip() == (
        "The scope is Kabupaten Malang (35.07): 5 desa."
    )
    assert malang.json("info")["scope"]["code"] == "35.07"
    assert "Kabupaten Malang (35.07)" in malang("info").stdout
    assert malang.json("progress")["total_villages"] == 5  # commands now work there
    everywhere = malang("scope", "set", "Indonesia")
    assert everywhere.stdout.strip() == "The scope is now Indonesia (ID): 34 desa/kelurahan."


def test_scope_set_refuses_a_village_a_malformed_and_an_unknown_code(malang: Kkb) -> None:
    malang.refused("scope", "set", "35.07.01.2001", words="is a desa/kelurahan", exit_code=2)
    malang.refused("scope", "set", "35-07", words="is not a scope", exit_code=2)
    malang.refused("scope", "set", "36", words="No region 36")


# -- the pure planning -----------------------------------------------------------------------


def _planned(regions: Sequence[tuple[str, str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Load a list into an empty database's regions table, as `kkb region import` compares it:
    the problems, and the changes (what, code, name…) in code order."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, 0)
    text = region_csv(regions).splitlines()
    checker = RowChecker(read_region_header(text[0].split(",")))
    load = RegionListLoad(conn)
    checked = [
        (line, *checker.check(line, row.split(","))) for line, row in enumerate(text[1:], start=2)
    ]
    load.add((line, code, region) for line, region, code, _ in checked if code)
    found, _ = load.problems(100)
    problems = [e.message for *_, errors in checked for e in errors]
    problems += [error.message for _, error in found]
    load.plan()
    changes = [tuple(str(v) for v in change if v is not None) for change in load.lines()]
    conn.close()
    return problems, changes


_CODES = st.builds(
    lambda p, k, c, v, kind: [f"{p}", f"{p}.{k}", f"{p}.{k}.{c}", f"{p}.{k}.{c}.{kind}{v}"],
    st.sampled_from(["11", "33", "35", "96"]),
    st.sampled_from(["01", "02", "71", "75"]),
    st.sampled_from(["01", "02", "10"]),
    st.sampled_from(["001", "002", "010"]),
    st.sampled_from("123"),
)


@given(st.lists(_CODES, min_size=1, max_size=8), st.randoms())
def test_any_valid_tree_in_any_order_is_added_parents_first(
    chains: list[list[str]], random: random_module.Random
) -> None:
    codes = sorted({code for chain in chains for code in chain})
    shuffled = list(codes)
    random.shuffle(shuffled)
    problems, changes = _planned([(code, f"Wilayah {code}") for code in shuffled])
    assert not problems
    assert changes == [("add", code, f"Wilayah {code}") for code in codes]


def test_keeping_a_used_region_keeps_the_regions_that_hold_it() -> None:
    doomed = [c for c, _ in MALANG if c.startswith("35.07.")]
    holders = {c: n for c, n in MALANG if c in doomed and c.count(".") < 3}
    kept = keep_in_use({"35.07.02.2002": [RECORD]}, holders)
    assert kept == {"35.07.02": ["inside"], "35.07.02.2002": ["record"]}


def test_region_list_json_is_valid_for_an_empty_level(malang: Kkb) -> None:
    result = malang("region", "list", "35.73.01.1001", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "path", [("region", "import"), ("region", "list"), ("scope", "set"), ("scope", "show")]
)
def test_every_region_and_scope_command_and_option_has_help(path: tuple[str, ...]) -> None:
    import click
    import typer

    from kkb_cli.cli import app

    command = typer.main.get_command(app)
    for name in path:
        command = command.get_command(click.Context(command), name)  # type: ignore[attr-defined]
        assert command.help, name
    for param in command.params:
        assert getattr(param, "help", None), (path, param.name)
