"""A new office's first hour: the Dinas P2KB of Kabupaten Batang (Jawa Tengah, 33.25) loads its
region list, sets its scope, registers Kampung KB by name, sets targets and Dashat, and looks
at what it has, in English and with ``--lang id``.

The region list is a small piece of the real one (Kemendagri codes, as `wilayah_indonesia.csv`
in the shared data has them), written here so the tests need nothing else: the kabupaten, the
kecamatan Batang (a kecamatan with the kabupaten's name), and two desa both called Sidorejo, in
Gringsing and in Warungasem.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Kkb, table_rows

BATANG = """code,name,level,parent_code,kind
33,Jawa Tengah,provinsi,,
33.25,Kabupaten Batang,kabupaten_kota,33,
33.25.07,Gringsing,kecamatan,33.25,
33.25.07.2001,Krengseng,desa_kelurahan,33.25.07,desa
33.25.07.2017,Sidorejo,desa_kelurahan,33.25.07,desa
33.25.11,Batang,kecamatan,33.25,
33.25.11.1013,Watesalit,desa_kelurahan,33.25.11,kelurahan
33.25.11.1015,Kauman,desa_kelurahan,33.25.11,kelurahan
33.25.11.1019,Proyonanggan Utara,desa_kelurahan,33.25.11,kelurahan
33.25.11.2001,Rowobelang,desa_kelurahan,33.25.11,desa
33.25.12,Warungasem,kecamatan,33.25,
33.25.12.2001,Pandansari,desa_kelurahan,33.25.12,desa
33.25.12.2006,Sidorejo,desa_kelurahan,33.25.12,desa
73,Sulawesi Selatan,provinsi,,
73.04,Kabupaten Jeneponto,kabupaten_kota,73,
73.04.04,Batang,kecamatan,73.04,
73.04.04.2001,Bontorappo,desa_kelurahan,73.04.04,desa
"""


@pytest.fixture
def batang(kkb: Kkb, tmp_path: Path) -> Kkb:
    """A new, empty office whose region list holds Kabupaten Batang, scoped to it."""
    regions = tmp_path / "wilayah_batang.csv"
    regions.write_text(BATANG, encoding="utf-8")
    for args in (
        ("init", "--no-records"),
        ("region", "import", str(regions)),
        ("scope", "set", "Kabupaten Batang"),
    ):
        result = kkb(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return kkb


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# -- 2. targets for the office's own region -----------------------------------------------


def test_the_scope_itself_takes_a_target_by_code_or_name(batang: Kkb) -> None:
    by_code = batang("target", "set", "2027", "4", "--region", "33.25")
    assert by_code.exit_code == 0, by_code.stderr
    by_name = batang("target", "set", "2028", "6", "--region", "Kabupaten Batang")
    assert by_name.exit_code == 0, by_name.stderr
    assert batang("target", "set", "2029", "8", "--region", "Kab. Batang").exit_code == 0
    again = batang("target", "set", "2029", "8", "--region", "33.25")
    assert "already set" in again.stdout and "→" not in again.stdout
    targets = batang.json("target", "list")
    assert {(t["region_code"], t["year"]) for t in targets} == {
        ("33.25", 2027), ("33.25", 2028), ("33.25", 2029),
    }  # fmt: skip


def test_a_name_of_a_kabupaten_and_a_kecamatan_is_refused_with_both(batang: Kkb) -> None:
    refused = batang.refused("target", "set", "2027", "3", "--region", "Batang", words="33.25.11")
    # Within the scope: the kabupaten itself and its kecamatan, each named with what holds it.
    assert "Kabupaten Batang (kabupaten, 33.25, Jawa Tengah)" in refused.stderr
    assert "Batang (kecamatan, 33.25.11, Kabupaten Batang)" in refused.stderr
    assert "(Kabupaten Batang, Kecamatan Batang)" in refused.stderr  # how to say which
    assert "Kota Batang" not in refused.stderr and "73.04.04" not in refused.stderr
    indonesian = batang("--lang", "id", "target", "set", "2027", "3", "--region", "Batang")
    assert indonesian.exit_code == 1
    assert indonesian.stderr.startswith("Kesalahan: ") and "33.25.11" in indonesian.stderr
    # The word of a level says which: the kecamatan's own target is taken.
    taken = batang("target", "set", "2027", "3", "--region", "Kec. Batang")
    assert taken.exit_code == 0, taken.stderr
    assert [t["region_code"] for t in batang.json("target", "list")] == ["33.25.11"]


# -- 3. set --help says what an undated answer is ------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("en", "today"), ("id", "hari ini")])
def test_set_help_says_an_undated_answer_is_dated_today(batang: Kkb, lang: str, word: str) -> None:
    shown = batang("--lang", lang, "set", "--help").stdout
    options = shown[shown.index("\n  --date ") :]
    date_help = options.split("\n  --")[1]
    assert word in " ".join(date_help.split())
    assert "not dated" not in shown


# -- 4. confirmations in both languages ------------------------------------------------------


def _answered(db: Path, *args: str, answer: str) -> tuple[int, str]:
    """Run kkb at a terminal (a pseudo-terminal for stdin and stdout), type ``answer`` when it
    asks, and return its exit code and everything it showed."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(db), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(follower)
    shown = b""
    while b"?" not in shown:  # the question
        shown += os.read(leader, 4096)
    os.write(leader, answer.encode() + b"\n")
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    code = proc.wait(timeout=60)
    os.close(leader)
    return code, shown.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("lang", "answer", "removed"),
    [
        ("id", "ya", True),
        ("id", "Y", True),
        ("id", "yes", True),
        ("en", "ya", True),
        ("id", "tidak", False),
        ("id", "t", False),
        ("en", "no", False),
        ("id", "", False),  # no by default
    ],
)
def test_a_confirmation_takes_yes_and_no_in_both_languages(
    batang: Kkb, lang: str, answer: str, removed: bool
) -> None:
    assert batang("add", "Kauman", "--year", "2024", "--sk", "400/1/2024").exit_code == 0
    before = table_rows(batang.db_path)
    code, shown = _answered(batang.db_path, "--lang", lang, "remove", "Kauman", answer=answer)
    assert "SK SK" not in shown and "Traceback" not in shown
    assert "invalid input" not in shown and "Aborted" not in shown
    if lang == "id":
        assert "Kauman" in shown and "Hapus" in shown
    assert code == 0, shown  # a "no" is an answer, not a failure
    if removed:
        assert batang.json("list", "--status", "formed") == []
    else:
        assert "Nothing was removed" in shown or "Tidak ada yang dihapus" in shown
        assert table_rows(batang.db_path) == before


# -- 5 and 6. a kecamatan's breakdown, and a share of nothing --------------------------------


def test_a_kecamatan_scope_lists_its_villages_once_with_their_status(batang: Kkb) -> None:
    assert batang("add", "Kauman", "Watesalit", "--year", "2024").exit_code == 0
    shown = batang("progress", "--scope", "33.25.11").stdout
    headers = [line for line in shown.splitlines() if "Code" in line and "Status" in line]
    assert headers and all(line.count("Desa/kelurahan") <= 1 for line in headers)
    for name, status in (("Kauman", "formed"), ("Watesalit", "formed"), ("Rowobelang", "none")):
        line = next(line for line in shown.splitlines() if name in line)
        assert status in line


def test_a_share_of_nothing_is_a_dash_empty_or_null(batang: Kkb) -> None:
    # No Kampung KB at all yet: no share of them has or lacks anything.
    shown = batang("progress", "--attribute", "dashat").stdout
    by_kecamatan = shown[shown.index("Dashat by kecamatan") :]
    gringsing = next(line for line in by_kecamatan.splitlines() if "Gringsing" in line)
    assert "–" in gringsing and "0.0%" not in gringsing
    report = batang.json("progress")
    dashat = next(a for a in report["attributes"] if a["attribute"] == "dashat")
    assert dashat["yes_pct"] is None and dashat["unknown_pct"] is None
    rows = csv.DictReader(io.StringIO(batang("export", "csv", "--table", "attributes").stdout))
    assert next(rows)["yes_pct"] == ""


# -- 7. an empty office --------------------------------------------------------------------


def test_init_no_records_is_an_empty_office_in_a_new_folder(kkb: Kkb, tmp_path: Path) -> None:
    database = tmp_path / "kkb" / "data" / "kkb.db"  # a folder that does not exist yet
    made = kkb.runner.invoke(
        __import__("kkb_cli.cli", fromlist=["app"]).app,
        ["--db", str(database), "init", "--no-records"],
    )
    assert made.exit_code == 0, made.stderr
    office = Kkb(database)
    assert office.json("list", "--status", "formed") == []
    assert office.json("target", "list") == []
    assert office.json("history") == []


# -- 8. regions by name wherever a region is asked -------------------------------------------


def test_scope_set_by_name_or_with_the_level_word(batang: Kkb) -> None:
    for name in ("Kabupaten Batang", "Kab. Batang", "kabupaten batang"):
        done = batang("scope", "set", name)
        assert done.exit_code == 0, done.stderr
        assert "(33.25)" in done.stdout
    # Two kecamatan are called Batang (the other in Kabupaten Jeneponto): the code says which.
    refused = batang.refused("scope", "set", "Kec. Batang", words="Kabupaten Jeneponto")
    assert "(33.25.11, 73.04.04)" in refused.stderr
    assert batang("scope", "set", "33.25.11").exit_code == 0
    assert "(33.25.11)" in batang("scope", "show").stdout


def test_scope_set_with_a_name_of_two_levels_names_both(batang: Kkb) -> None:
    refused = batang.refused("scope", "set", "Batang", words="Kabupaten Batang")
    assert "33.25.11" in refused.stderr


@pytest.mark.parametrize(
    ("lang", "answer", "code"), [("id", "2", "33.25.11"), ("en", "1", "33.25")]
)
def test_scope_set_at_a_terminal_asks_which(batang: Kkb, lang: str, answer: str, code: str) -> None:
    status, shown = _answered(
        batang.db_path, "--lang", lang, "scope", "set", "Batang", answer=answer
    )
    assert status == 0, shown
    assert "1) Kabupaten Batang (kabupaten, 33.25, Jawa Tengah)" in shown
    assert "2) Batang (kecamatan, 33.25.11, Kabupaten Batang)" in shown
    assert "3) Batang (kecamatan, 73.04.04, Kabupaten Jeneponto)" in shown
    assert f"({code})" in batang("scope", "show").stdout


def test_region_find_lists_every_level_with_its_parents(batang: Kkb) -> None:
    found = batang.json("region", "find", "Batang")
    assert {(f["code"], f["level"]) for f in found} >= {
        ("33.25", "kabupaten_kota"), ("33.25.11", "kecamatan"),
    }  # fmt: skip
    kecamatan = next(f for f in found if f["code"] == "33.25.11")
    assert "Kabupaten Batang" in json.dumps(kecamatan)
    sidorejo = batang.json("region", "find", "Sidorejo")
    assert sorted(f["code"] for f in sidorejo) == ["33.25.07.2017", "33.25.12.2006"]


def test_errors_give_examples_from_the_offices_own_scope(batang: Kkb) -> None:
    refused = batang.refused("add", "Nowhere", "--year", "2024", words="Nowhere")
    assert "33.75" not in refused.stderr  # not Pekalongan's codes
    undotted = batang.refused("add", "3325111015", "--year", "2024", words="33.25.11.1015")
    assert "Kauman" in undotted.stderr  # the code it would be, with its dots
    unknown = batang.refused("add", "3325999999", "--year", "2024", words="33.25.07.2001")
    assert "33.75" not in unknown.stderr


# -- 9. identical village names --------------------------------------------------------------


def test_two_desa_of_one_name_are_told_apart_by_kecamatan(batang: Kkb) -> None:
    refused = batang.refused("add", "Sidorejo", "--year", "2024", words="--kecamatan")
    assert "Gringsing" in refused.stderr and "Warungasem" in refused.stderr
    added = batang("add", "Sidorejo", "--year", "2024", "--kecamatan", "Gringsing")
    assert added.exit_code == 0, added.stderr
    assert batang("show", "Sidorejo", "--kecamatan", "Warungasem").exit_code == 0
    by_code = batang("edit", "33.25.07.2017", "--name", "Kampung KB Sidorejo")
    assert by_code.exit_code == 0, by_code.stderr
    formed = batang.json("list", "--status", "formed")
    assert [row["kelurahan_code"] for row in formed] == ["33.25.07.2017"]


def test_an_import_asks_for_the_kecamatan_column(batang: Kkb, tmp_path: Path) -> None:
    rows = tmp_path / "kampung.csv"
    rows.write_text("kelurahan,year\nSidorejo,2024\n", encoding="utf-8")
    refused = batang("import", "csv", str(rows))
    assert refused.exit_code == 1
    assert "Kecamatan" in refused.stderr
    with_column = tmp_path / "kampung_kecamatan.csv"
    with_column.write_text("kelurahan,kecamatan,year\nSidorejo,Warungasem,2024\n", "utf-8")
    done = batang("import", "csv", str(with_column))
    assert done.exit_code == 0, done.stderr
    formed = batang.json("list", "--status", "formed")
    assert [row["kelurahan_code"] for row in formed] == ["33.25.12.2006"]


# -- 10. several villages at once -----------------------------------------------------------


def test_several_villages_at_once_all_or_nothing(batang: Kkb) -> None:
    done = batang("add", "Kauman", "Watesalit", "Rowobelang", "--year", "2024")
    assert done.exit_code == 0, done.stderr
    said = _lines(done.stdout + done.stderr)
    for name in ("Kauman", "Watesalit", "Rowobelang"):
        assert sum(name in line for line in said) == 1
    before = table_rows(batang.db_path)
    refused = batang("add", "Krengseng", "Nowhere", "--year", "2024")
    assert refused.exit_code == 1
    assert "nothing was changed" in refused.stderr and "Nowhere" in refused.stderr
    assert table_rows(batang.db_path) == before  # Krengseng was not added either
    set_all = batang("set", "Kauman", "Watesalit", "dashat=yes")
    assert set_all.exit_code == 0, set_all.stderr
    has = {row["kelurahan"] for row in batang.json("list") if row["dashat"] == "yes"}
    assert has == {"Kauman", "Watesalit"}


# -- 11. one Kampung KB on one screen ----------------------------------------------------------


def test_show_puts_one_kampung_kb_on_one_screen(batang: Kkb) -> None:
    assert batang("add", "Kauman", "--date", "2024-08-17", "--sk", "400/17/2024").exit_code == 0
    assert batang("set", "Kauman", "dashat=yes", "--date", "2024-09-01").exit_code == 0
    assert batang("target", "set", "2025", "3", "--kecamatan", "Batang").exit_code == 0
    shown = batang("show", "Kauman").stdout
    for expected in (
        "Kabupaten Batang", "Batang", "formed", "17 August 2024", "400/17/2024", "Dashat",
        "1 September 2024", "2025",
    ):  # fmt: skip
        assert expected in shown, expected
    indonesian = batang("--lang", "id", "show", "Kauman").stdout
    assert "17 Agustus 2024" in indonesian and "terbentuk" in indonesian
    profile = batang.json("show", "Kauman")
    assert profile["record"]["status"] == "formed" and profile["history"]


# -- 12. dry runs summarise --------------------------------------------------------------------


def test_a_dry_run_counts_and_shows_the_first_twenty(batang: Kkb, tmp_path: Path) -> None:
    many = tmp_path / "more.csv"
    lines = [BATANG.rstrip("\n")]
    lines += [f"33.25.12.{3000 + i},Desa Baru {i},desa_kelurahan,33.25.12,desa" for i in range(45)]
    many.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = table_rows(batang.db_path)
    dry = batang("region", "import", str(many), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    shown = dry.stdout + dry.stderr
    assert "45" in shown
    assert sum("Desa Baru" in line for line in shown.splitlines()) == 20
    assert "25" in shown  # … and 25 more
    verbose = batang("region", "import", str(many), "--dry-run", "--verbose")
    assert sum("Desa Baru" in line for line in (verbose.stdout + verbose.stderr).splitlines()) == 45
    assert table_rows(batang.db_path) == before


# -- 13. questionable input --------------------------------------------------------------------


def test_an_answer_dated_before_the_formation_is_refused(batang: Kkb) -> None:
    assert batang("add", "Kauman", "--date", "2024-08-17").exit_code == 0
    refused = batang.refused(
        "set", "Kauman", "dashat=yes", "--date", "2024-01-05", words="17 August 2024"
    )
    assert "Kauman" in refused.stderr


def test_an_answer_for_a_planned_kampung_kb_is_taken_and_said_so(batang: Kkb) -> None:
    assert batang("add", "Rowobelang", "--planned", "2027").exit_code == 0
    done = batang("set", "Rowobelang", "dashat=yes")
    assert done.exit_code == 0, done.stderr
    assert "planned" in (done.stdout + done.stderr)
    indonesian = batang("--lang", "id", "set", "Rowobelang", "pokja=yes")
    assert "direncanakan" in indonesian.stdout + indonesian.stderr


# -- 14. shell completion ----------------------------------------------------------------------


def _complete(kkb: Kkb, *words: str) -> list[str]:
    """What Tab offers in bash after ``words`` (the last one being typed, as bash holds it:
    ``Kab.\\ Bat``), asked the way kkb's bash script asks."""
    from kkb_cli.cli import app

    env = {
        "_KKB_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(("kkb", "--db", str(kkb.db_path), *words)),
        "COMP_CWORD": str(len(words) + 2),
    }
    result = kkb.runner.invoke(app, [], env=env, prog_name="kkb")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_tab_offers_the_villages_of_the_scope_by_name(batang: Kkb) -> None:
    assert _complete(batang, "show", "Pro") == ["Proyonanggan\\ Utara"]
    assert _complete(batang, "show", "pro") == ["Proyonanggan\\ Utara"]  # case does not matter
    assert _complete(batang, "show", "Proyonanggan\\ U") == ["Proyonanggan\\ Utara"]
    assert _complete(batang, "add", "Sido") == ["Sidorejo"]  # one name for the two desa
    # The scope's villages only: Krapyak of Kota Pekalongan (also in the file) is not offered.
    assert _complete(batang, "show", "Kr") == ["Krengseng"]
    assert "Krapyak" in _complete(batang, "show", "--scope", "33.75", "Kr")
    assert _complete(batang, "show", "33.25.12.") == ["33.25.12.2001", "33.25.12.2006"]


def test_tab_offers_regions_attributes_and_answers(batang: Kkb) -> None:
    assert _complete(batang, "progress", "--scope", "Kab.\\ Bat") == ["Kabupaten\\ Batang"]
    assert _complete(batang, "progress", "--scope", "Batang") == [
        "Kabupaten\\ Batang", "Kec.\\ Batang",
    ]  # fmt: skip
    assert _complete(batang, "list", "--missing", "da") == ["dashat"]
    assert _complete(batang, "list", "--status", "") == ["formed", "planned", "none"]
    assert _complete(batang, "--lang", "id", "list", "--status", "b") == ["belum"]
    assert _complete(batang, "set", "Kauman", "pi") == ["pik_r="]
    assert _complete(batang, "set", "Kauman", "dashat=") == [
        "dashat=yes", "dashat=no", "dashat=unknown",
    ]  # fmt: skip
    assert _complete(batang, "--lang", "id", "set", "Kauman", "dashat=t") == [
        "dashat=tidak", "dashat=tidak_tahu",
    ]  # fmt: skip


def test_tab_never_breaks_on_a_missing_file(kkb: Kkb, tmp_path: Path) -> None:
    missing = Kkb(tmp_path / "none" / "kkb.db")
    assert _complete(missing, "show", "Kau") == []
    assert not (tmp_path / "none").exists()  # completing never creates a file
    assert _complete(missing, "sho") == ["show"]


def test_completion_scripts_for_each_shell(kkb: Kkb, monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham

    def no_shell() -> tuple[str, str]:
        raise shellingham.ShellDetectionFailure

    monkeypatch.setattr(shellingham, "detect_shell", no_shell)
    for shell, mark in (("bash", "complete -o default"), ("zsh", "compdef"), ("fish", "complete")):
        monkeypatch.setenv("SHELL", f"/bin/{shell}")
        script = kkb("--show-completion")
        assert script.exit_code == 0, script.stderr
        assert mark in script.stdout and "_KKB_COMPLETE" in script.stdout
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    refused = kkb("--lang", "id", "--show-completion")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("Kesalahan: ") and "bash, zsh, fish" in refused.stderr


def test_install_completion_writes_the_script_and_says_where(
    kkb: Kkb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shellingham

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("bash", "/bin/bash"))
    done = kkb("--lang", "id", "--install-completion")
    assert done.exit_code == 0, done.stderr
    assert "Pelengkapan Tab untuk bash dipasang" in done.stdout
    bashrc = (tmp_path / "home" / ".bashrc").read_text()
    assert re.search(r"kkb\.sh", bashrc)


# -- details a new office meets ----------------------------------------------------------------


def test_a_file_with_a_header_alone_is_not_a_success(batang: Kkb, tmp_path: Path) -> None:
    header = tmp_path / "kosong.csv"
    header.write_text("kelurahan,tahun\n", encoding="utf-8")
    batang.refused("import", "csv", str(header), words="no rows below its header")
    activities = tmp_path / "kegiatan.csv"
    activities.write_text("tanggal,judul,kelurahan\n", encoding="utf-8")
    batang.refused("activity", "import", str(activities), words="no rows below its header")


def test_a_workbook_is_never_written_to_the_screen(batang: Kkb) -> None:
    batang.refused("export", "xlsx", "--output", "-", words="--output FILE.xlsx", exit_code=2)


def test_info_and_check_group_their_numbers(seeded: Kkb) -> None:
    from conftest import add_villages

    add_villages(seeded.db_path, 1000)
    assert "1.027 desa/kelurahan" in seeded("--lang", "id", "info").stdout
    assert "1,027 desa/kelurahan" in seeded("info").stdout
    assert "1.038 wilayah" in seeded("--lang", "id", "check").stdout  # and 5 kecamatan more


def test_an_sk_is_not_said_twice(batang: Kkb) -> None:
    assert batang("add", "Kauman", "--year", "2024", "--sk", "SK Bupati 400/1/2024").exit_code == 0
    code, said = _answered(batang.db_path, "remove", "Kauman", answer="n")
    assert code == 0
    assert "SK Bupati 400/1/2024" in said and "SK number SK" not in said
    profile = batang("show", "Kauman").stdout
    assert "SK number" in profile and "Sk number" not in profile
