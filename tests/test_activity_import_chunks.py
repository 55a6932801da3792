"""An activity import checks its rows a chunk at a time and writes them a batch at a time; for
a big import into a small history it drops the history's index by village and builds it again.
None of that may show: whatever the sizes, every row gets what it would get checked alone after
the rows before it (the same outcome, message and line), the import is all or nothing, and the
database afterwards is the same. Here the sizes are made tiny (3 rows, 1 row…) so that their
boundaries fall inside small files, and each import is compared with one at the default sizes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import Kkb, file_digest, table_rows
from kkb_cli.application import activities as application
from kkb_cli.domain import activity_import
from kkb_cli.storage import history

DEFAULT_CHUNK = activity_import.CHUNK
DEFAULT_BATCH = application._BATCH
HEADER = "kode_kelurahan;kelurahan;kecamatan;tanggal;judul;instansi;tempat;jumlah_peserta"

# The seed's Kampung KB formed in 2023 (with no date: an activity in 2022 is before them), by
# code.
FORMED_2023 = {
    "33.75.01.1002": "Medono", "33.75.01.1003": "Podosugih", "33.75.01.1009": "Tirto",
    "33.75.02.1002": "Noyontaansari", "33.75.02.1008": "Klego", "33.75.03.1002": "Krapyak",
    "33.75.03.1003": "Kandang Panjang", "33.75.03.1004": "Panjang Wetan",
    "33.75.03.1007": "Degayu", "33.75.03.1010": "Panjang Baru", "33.75.04.1002": "Banyurip",
    "33.75.04.1003": "Buaran Kradenan", "33.75.04.1006": "Kuripan Kertoharjo",
}  # fmt: skip


def _sizes(monkeypatch: pytest.MonkeyPatch, chunk: int, batch: int | None = None) -> None:
    """Rows checked ``chunk`` at a time and written ``batch`` at a time (default: as many)."""
    monkeypatch.setattr(activity_import, "CHUNK", chunk)
    monkeypatch.setattr(application, "_BATCH", chunk if batch is None else batch)


def _defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    _sizes(monkeypatch, DEFAULT_CHUNK, DEFAULT_BATCH)


def _sheet(tmp_path: Path, rows: Sequence[str], name: str = "kegiatan.csv") -> Path:
    """A semicolon-separated sheet with ``HEADER``; its first row is on line 2."""
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(code: str = "", name: str = "", kecamatan: str = "", *, day: str = "2024-03-05",
         title: str = "Sosialisasi", opd: str = "Dinas Kesehatan", place: str = "",
         people: str = "") -> str:  # fmt: skip
    return ";".join([code, name, kecamatan, day, title, opd, place, people])


def _import(kkb: Kkb, sheet: Path, *options: str) -> Any:
    return kkb("activity", "import", str(sheet), *options)


def _output(result: Any) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr


def _problem_lines(result: Any) -> list[str]:
    """The refused rows' lines as the error lists them ("line 7: …"), after its first line."""
    return [line.strip() for line in result.stderr.splitlines()[1:]]


def _stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What an import writes, without the times it was written at: the activities, their
    agencies and groups, and the history's entries."""
    conn = sqlite3.connect(path)
    try:
        return {
            "activities": conn.execute(
                "SELECT id, village_code, date, title, title_key, kegiatan, fungsi, place,"
                " description, people FROM activities ORDER BY id"
            ).fetchall(),
            "activity_agencies": conn.execute(
                "SELECT * FROM activity_agencies ORDER BY activity_id, agency, other_key"
            ).fetchall(),
            "activity_groups": conn.execute(
                "SELECT * FROM activity_groups ORDER BY activity_id, sasaran, other"
            ).fetchall(),
            "history": conn.execute(
                "SELECT id, command, kind, item, village_code, old_values, new_values"
                " FROM history ORDER BY id"
            ).fetchall(),
        }
    finally:
        conn.close()


def _index_sql(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'history_by_village'"
        ).fetchone()
        return None if row is None else str(row[0])
    finally:
        conn.close()


def _checked(kkb: Kkb) -> None:
    """`kkb check` finds nothing wrong: integrity, the rules, the history's hash chain."""
    result = kkb("check")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "no problems found" in result.stdout


@pytest.fixture
def twin(tmp_path: Path) -> Kkb:
    """A second database created from the seed, to import the same file into at other
    sizes."""
    other = Kkb(tmp_path / "twin.db")
    assert other("init").exit_code == 0
    return other


def _many(count: int, *, title: str = "Kelas BKB") -> list[str]:
    """``count`` good rows, each its own activity: a Kampung KB formed in 2023 on a day of
    2024, named by code."""
    codes = sorted(FORMED_2023)
    return [
        _row(codes[n % len(codes)], day=f"2024-{1 + n // 28:02d}-{1 + n % 28:02d}", title=title)
        for n in range(count)
    ]


# -- 1. the same activity twice, its first line in an earlier chunk ------------------------------


@pytest.mark.parametrize("chunk", [1, 2, 3, DEFAULT_CHUNK])
def test_a_repeat_in_a_later_chunk_is_refused_with_the_first_line(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    sheet = _sheet(tmp_path, [
        _row(name="Krapyak", title="Demo masak MP-ASI"),  # line 2
        _row(name="Jenggot"),
        _row(name="Medono"),
        _row(name="Tirto"),  # line 5: a second chunk of 3
        _row(name="Klego"),
        _row(name="Degayu"),
        _row("33.75.03.1002", day="05/03/2024", title="  DEMO  masak mp-asi "),  # line 8
        _row(name="krapyak", kecamatan="Pekalongan Utara", title="demo masak MP-ASI"),  # 9
    ])  # fmt: skip
    _sizes(monkeypatch, chunk)
    before, digest = table_rows(seeded.db_path), file_digest(seeded.db_path)
    refused = _import(seeded, sheet)
    assert refused.exit_code == 1
    assert "Traceback" not in refused.stdout + refused.stderr
    assert "2 of 8 rows refused, so nothing was imported" in refused.stderr.splitlines()[0]
    repeat = "the same activity (Kampung KB, date and title) as line 2: remove one of them."
    assert _problem_lines(refused) == [f"line 8: {repeat}", f"line 9: {repeat}"]
    assert table_rows(seeded.db_path) == before
    assert file_digest(seeded.db_path) == digest
    assert seeded.json("activity", "list") == []


# -- 2. errors in several chunks, each on its own line --------------------------------------------

BAD_ROWS = [
    _row(name="Krapyak", title="Demo masak"),  # line 2
    _row(name="Krapyk", title="Kelas"),  # line 3: no such kelurahan (the closest suggested)
    _row(name="Jenggot", title="Kelas"),
    _row("33.75.01.1002", title="Kelas", day="2022-03-07"),  # line 5: before its formation
    _row(name="Tirto", title="Kelas"),
    _row(name="Medono", title="Kelas"),
    _row(name="Klego", title="Kelas", day="2099-03-07"),  # line 8: in the future
    _row(name="Degayu", title="Kelas"),
    _row(name="Banyurip", title="Kelas"),
    _row(name="Setono", title="Kelas", opd="Dinas Antah Berantah"),  # line 11: no such agency
    _row(name="Kauman", title="Kelas", people="banyak"),  # line 12: not a number
    _row("33.75.99.1001", title="Kelas"),  # line 13: no such code
    _row(name="Poncol", title="Kelas"),  # line 14: only planned
    _row(name="krapyak", title="DEMO MASAK"),  # line 15: line 2 again
]


def test_errors_in_several_chunks_are_each_on_their_line_whatever_the_chunks(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _sheet(tmp_path, BAD_ROWS)
    before = table_rows(seeded.db_path)
    _defaults(monkeypatch)
    expected = _import(seeded, sheet)
    assert expected.exit_code == 1
    assert "8 of 14 rows refused" in expected.stderr.splitlines()[0]
    problems = _problem_lines(expected)
    assert [p.split(":")[0] for p in problems] == [
        "line 3", "line 5", "line 8", "line 11", "line 12", "line 13", "line 14", "line 15",
    ]  # fmt: skip
    assert "Did you mean Krapyak (33.75.03.1002)?" in problems[0]
    assert "before the Kampung KB of Medono (33.75.01.1002) was formed (2023)" in problems[1]
    assert "7 March 2099 is in the future" in problems[2]
    assert "No agency 'Dinas Antah Berantah'" in problems[3]
    assert "banyak" in problems[4]
    assert "33.75.99.1001" in problems[5]
    assert "only planned" in problems[6]
    assert "as line 2" in problems[7]
    for chunk, batch in [(1, 1), (2, 5), (3, 3), (4, 2)]:
        _sizes(monkeypatch, chunk, batch)
        assert _output(_import(seeded, sheet)) == _output(expected), (chunk, batch)
        assert _output(_import(seeded, sheet, "--dry-run")) == _output(expected)
        assert _output(_import(seeded, sheet, "--update")) == _output(expected)
    assert table_rows(seeded.db_path) == before


def test_a_repeat_of_a_refused_row_is_checked_as_the_first(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused row is no first occurrence: the same activity later, written right, is the
    one refused only if it is met again after it."""
    sheet = _sheet(tmp_path, [
        _row(name="Krapyak", opd="Dinas Antah"),  # line 2: refused for its agency
        _row(name="Jenggot"),
        _row(name="Medono"),
        _row(name="Krapyak", opd="dinkes"),  # line 5: the first good one
        _row(name="Tirto"),
        _row(name="Klego"),
        _row(name="KRAPYAK", title="sosialisasi"),  # line 8: line 5 again
    ])  # fmt: skip
    _defaults(monkeypatch)
    expected = _import(seeded, sheet)
    assert [p.split(":")[0] for p in _problem_lines(expected)] == ["line 2", "line 8"]
    assert "as line 5" in _problem_lines(expected)[1]
    for chunk in (1, 2, 3):
        _sizes(monkeypatch, chunk)
        assert _output(_import(seeded, sheet)) == _output(expected), chunk


def test_line_numbers_count_the_file_s_lines_not_its_rows(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell over two lines, blank lines, rows with too many or too few cells: each refusal
    names the line its row starts on, whatever the chunks."""
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(
        "kelurahan;tanggal;judul;tempat\n"
        'Krapyak;2024-03-05;a;"Balai\nRW 03"\n'  # line 2, over two lines
        "\n"
        "Jenggot;2024-03-05;b;x;lebih\n"  # line 5: a cell too many
        "Medono;2024-03-05\n"  # line 6: too few
        "Krapyk;2024-03-05;c;\n"  # line 7
        "Klego;2024-03-05;d;;;\n"  # empty cells too many: taken
        "\n"
        "krapyak;05/03/2024;A;\n",  # line 10: line 2 again
        encoding="utf-8",
    )
    _defaults(monkeypatch)
    expected = _import(seeded, sheet)
    assert "4 of 6 rows refused" in expected.stderr.splitlines()[0]
    problems = _problem_lines(expected)
    assert [p.split(":")[0] for p in problems] == ["line 5", "line 6", "line 7", "line 10"]
    assert "5 cells where the header has 4" in problems[0] and "as line 2" in problems[3]
    for chunk in (1, 2, 3):
        _sizes(monkeypatch, chunk)
        assert _output(_import(seeded, sheet)) == _output(expected), chunk


def test_past_the_hundredth_refusal_the_rest_are_counted_the_same(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 refusals are listed, the rest counted; chunks end anywhere in between."""
    identities = [f"2024-03-{1 + n % 25:02d};Kelas {n // 25}" for n in range(50)]
    sheet = tmp_path / "kegiatan.csv"
    sheet.write_text(
        "\n".join([
            "kelurahan;tanggal;judul",
            *[f"Krapyak;{i}" for i in identities],  # lines 2 to 51
            *[f"KRAPYAK;{i.upper()}" for i in identities * 2],  # lines 52 to 151: repeats
            "Krapyk;2024-03-05;Kelas",  # the 101st refusal
            "Krapyak;2099-03-05;Kelas",
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    _defaults(monkeypatch)
    expected = _import(seeded, sheet)
    lines = expected.stderr.splitlines()
    assert "102 of 152 rows refused" in lines[0]
    assert len(lines) == 1 + 100 + 1 and "2 more" in lines[-1]
    assert lines[-2].strip().startswith("line 151: ") and "as line 51" in lines[-2]
    for chunk in (3, 7, 99, 100, 101):
        _sizes(monkeypatch, chunk)
        assert _output(_import(seeded, sheet)) == _output(expected), chunk


# -- 3. the same file again, and an update across chunks -----------------------------------------


def test_the_same_file_again_changes_nothing_and_an_update_changes_only_the_changed_rows(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sizes(monkeypatch, 3)
    rows = [
        _row(code, day=f"2024-04-{10 + n:02d}", title=f"Kelas BKB {n}", place="Balai RW 01",
             people="20")
        for n, code in enumerate(sorted(FORMED_2023)[:10])
    ]  # fmt: skip
    first = _import(seeded, _sheet(tmp_path, rows))
    assert first.exit_code == 0, first.stderr
    assert "10 added, 0 updated, 0 unchanged" in first.stdout
    after_first = table_rows(seeded.db_path)
    again = _import(seeded, _sheet(tmp_path, rows))
    assert again.exit_code == 0, again.stderr
    assert "0 added, 0 updated, 10 unchanged" in again.stdout
    assert table_rows(seeded.db_path) == after_first  # not even a history entry

    # Lines 3, 7 and 11 changed: one in each of three chunks.
    changed = list(rows)
    changed[1] = changed[1].replace("Balai RW 01", "Balai RW 09")
    changed[5] = changed[5].removesuffix(";20") + ";35"
    changed[9] = changed[9].replace("Dinas Kesehatan", "Dinas Kesehatan | Puskesmas")
    sheet = _sheet(tmp_path, changed, "kegiatan-2.csv")
    refused = _import(seeded, sheet)
    assert refused.exit_code == 1
    assert "3 of 10 rows refused" in refused.stderr.splitlines()[0]
    problems = _problem_lines(refused)
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 7", "line 11"]
    assert all("--update" in p for p in problems)
    assert table_rows(seeded.db_path) == after_first

    updated = _import(seeded, sheet, "--update")
    assert updated.exit_code == 0, updated.stderr
    assert "0 added, 3 updated, 7 unchanged" in updated.stdout
    shown = {row["id"]: row for row in seeded.json("activity", "list")}
    assert shown[2]["place"] == "Balai RW 09" and shown[6]["people"] == 35
    assert shown[10]["agencies"] == ["Dinas Kesehatan", "Puskesmas"]
    untouched = [i for i in shown if i not in (2, 6, 10)]
    assert all(shown[i]["place"] == "Balai RW 01" and shown[i]["people"] == 20 for i in untouched)
    entries = _stored(seeded.db_path)["history"][len(after_first["history"]) :]
    assert [(kind, item) for _, _, kind, item, _, old, _ in entries if old] == [
        ("activity", "2"), ("activity", "6"), ("activity", "10"),
    ]  # fmt: skip
    assert len(entries) == 3
    assert "0 added, 0 updated, 10 unchanged" in _import(seeded, sheet).stdout
    _checked(seeded)


def test_an_update_is_the_same_at_any_size(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _many(9)
    for kkb in (seeded, twin):
        assert _import(kkb, _sheet(tmp_path, rows)).exit_code == 0
    changed = [r.replace("Kelas BKB", "KELAS bkb") if n % 4 == 1 else r for n, r in enumerate(rows)]
    changed.append(_row(name="Jenggot", title="Baru"))  # line 11: new
    sheet = _sheet(tmp_path, changed, "kegiatan-2.csv")
    _sizes(monkeypatch, 2, 3)
    small = _import(seeded, sheet, "--update")
    _defaults(monkeypatch)
    default = _import(twin, sheet, "--update")
    assert small.exit_code == 0, small.stderr
    assert "1 added, 2 updated, 7 unchanged" in small.stdout
    assert _output(small) == _output(default)
    assert _stored(seeded.db_path) == _stored(twin.db_path)
    titles = [row["title"] for row in seeded.json("activity", "list")]
    assert titles.count("KELAS bkb") == 2


# -- 4. villages named by code, by name, by name and kecamatan ----------------------------------

MIXED = [
    _row("33.75.03.1002", title="a"),  # line 2: a code alone
    _row(name="Jenggot", title="b"),  # a name alone
    _row(name="Krapyak", kecamatan="Pekalongan Utara", title="c"),  # a name and its kecamatan
    _row("33.75.04.1004", "Jenggot", title="d"),  # line 5: the code and the name
    _row(name="kel. krapyak", title="e"),  # a name written otherwise
    _row("33.75.01.1002", title="f"),
    _row(name="Medono", kecamatan="Barat", title="g"),  # line 8
    _row(name="Kuripan", title="h"),  # line 9: two kelurahan of that name: refused
    _row("33.75.03.1002", title="i"),
    _row(name="Kuripan Kertoharjo", kecamatan="Pekalongan Selatan", title="j"),  # line 11
    _row("33.75.01.1002", kecamatan="Pekalongan Barat", title="k"),  # a code and its kecamatan
    _row(name="Krapyak", kecamatan="Pekalongan Selatan", title="l"),  # line 13: not there
    _row("33.75.03.1002", "Jenggot", title="m"),  # line 14: the code is another kelurahan's
    _row("33.75.03.1002", kecamatan="Pekalongan Selatan", title="n"),  # line 15: elsewhere
    _row("33.75.03", title="o"),  # line 16: a kecamatan's code
    _row("33.75.02.1007", title="p"),  # line 17: Poncol, only planned
]
REFUSED_MIXED = (7, 11, 12, 13, 14, 15)  # the rows of lines 9, 13 and 14 to 17


def test_villages_named_every_way_in_one_file_are_found_the_same_whatever_the_chunks(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _sheet(tmp_path, MIXED)
    _defaults(monkeypatch)
    refused = _import(seeded, sheet)
    assert refused.exit_code == 1
    problems = _problem_lines(refused)
    assert [p.split(":")[0] for p in problems] == [
        "line 9", "line 13", "line 14", "line 15", "line 16", "line 17",
    ]  # fmt: skip
    assert "matches several kelurahan" in problems[0]
    assert "is Krapyak, not 'Jenggot'" in problems[2]
    assert "lies in kecamatan Pekalongan Utara, not 'Pekalongan Selatan'" in problems[3]
    assert "is a kecamatan code" in problems[4] and "only planned" in problems[5]
    for chunk in (1, 2, 3):
        _sizes(monkeypatch, chunk)
        assert _output(_import(seeded, sheet)) == _output(refused), chunk

    good = _sheet(tmp_path, [r for n, r in enumerate(MIXED) if n not in REFUSED_MIXED], "g.csv")
    _sizes(monkeypatch, 3)
    small = _import(seeded, good)
    assert small.exit_code == 0, small.stderr
    assert "10 added" in small.stdout
    _defaults(monkeypatch)
    default = _import(twin, good)
    assert _output(small) == _output(default)
    listed = {row["title"]: row["kelurahan_code"] for row in seeded.json("activity", "list")}
    assert listed == {
        "a": "33.75.03.1002", "b": "33.75.04.1004", "c": "33.75.03.1002",
        "d": "33.75.04.1004", "e": "33.75.03.1002", "f": "33.75.01.1002",
        "g": "33.75.01.1002", "i": "33.75.03.1002", "j": "33.75.04.1006",
        "k": "33.75.01.1002",
    }  # fmt: skip
    assert _stored(seeded.db_path) == _stored(twin.db_path)


def test_one_activity_named_by_code_then_by_name_in_another_chunk_is_a_repeat(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = _sheet(tmp_path, [
        _row("33.75.03.1002"),  # line 2
        _row(name="Jenggot"),
        _row(name="Medono"),
        _row(name="Krapyak", kecamatan="Utara"),  # line 5: line 2 again, by its name
        _row(name="Tirto"),
        _row("33.75.04.1004", "Jenggot"),  # line 7: line 3 again
    ])  # fmt: skip
    for chunk in (1, 3, DEFAULT_CHUNK):
        _sizes(monkeypatch, chunk)
        refused = _import(seeded, sheet)
        assert refused.exit_code == 1
        problems = _problem_lines(refused)
        assert [p.split(":")[0] for p in problems] == ["line 5", "line 7"], chunk
        assert "as line 2" in problems[0] and "as line 3" in problems[1]


# -- 5. a dry run ---------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_and_says_what_the_import_then_does(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _many(8)
    for kkb in (seeded, twin):
        assert _import(kkb, _sheet(tmp_path, rows[:4])).exit_code == 0
    rows[2] = rows[2].replace("Dinas Kesehatan", "Puskesmas")  # line 4: an update
    sheet = _sheet(tmp_path, rows, "kegiatan-2.csv")
    _sizes(monkeypatch, 3)
    digest = file_digest(seeded.db_path)
    dry = _import(seeded, sheet, "--update", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "4 would be added, 1 updated and 3 left unchanged" in dry.stdout
    planned = [line for line in dry.stdout.splitlines() if line.startswith("line ")]
    assert [line.split(":")[0] for line in planned] == [
        "line 4", "line 6", "line 7", "line 8", "line 9",
    ]  # fmt: skip
    assert "update" in planned[0] and all("add" in line for line in planned[1:])
    assert file_digest(seeded.db_path) == digest
    _defaults(monkeypatch)
    assert _output(_import(twin, sheet, "--update", "--dry-run")) == _output(dry)

    _sizes(monkeypatch, 3)
    done = _import(seeded, sheet, "--update")
    assert done.exit_code == 0, done.stderr
    assert "4 added, 1 updated, 3 unchanged" in done.stdout
    assert len(seeded.json("activity", "list")) == 8


# -- 6. the same database at any size -------------------------------------------------------------


def test_the_database_is_the_same_whatever_the_chunks_and_batches(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Already stored: two activities the file meets again (one the same, one changed).
    for kkb in (seeded, twin):
        for village, day, *more in [
            ("Krapyak", "2024-01-02"), ("Jenggot", "2024-01-03", "--for", "balita"),
        ]:  # fmt: skip
            added = kkb("activity", "add", village, "--date", day, "--title", "Rapat",
                        "--opd", "dinkes", *more)  # fmt: skip
            assert added.exit_code == 0, added.stderr
    rows = [
        *_many(7, title="Posyandu"),
        _row(name="Krapyak", day="2024-01-02", title="Rapat"),  # line 9: unchanged
        _row(name="Jenggot", day="02/01/2024", title="Rapat"),  # new: another day
        _row(name="Jenggot", day="2024-01-03", title="RAPAT", opd="puskesmas | bkkbn"),
        *[r.replace("Dinas Kesehatan", "lainnya: Karang Taruna") for r in _many(5)],
    ]
    sheet = _sheet(tmp_path, rows)
    _sizes(monkeypatch, 3, 3)
    small = _import(seeded, sheet, "--update")
    _defaults(monkeypatch)
    default = _import(twin, sheet, "--update")
    assert small.exit_code == 0, small.stderr
    assert "13 added, 1 updated, 1 unchanged" in small.stdout
    assert _output(small) == _output(default)
    assert _stored(seeded.db_path) == _stored(twin.db_path)
    agencies = seeded.json("activity", "show", "2")["agencies"]
    assert agencies == ["Puskesmas", "Perwakilan BKKBN"]
    for kkb in (seeded, twin):
        _checked(kkb)


@pytest.mark.parametrize(("chunk", "batch"), [(1, 1), (1, 4), (4, 1), (3, 5)])
def test_each_size_writes_the_same_history_and_keeps_its_chain(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int,
    batch: int,
) -> None:  # fmt: skip
    sheet = _sheet(tmp_path, _many(11))
    _sizes(monkeypatch, chunk, batch)
    assert _import(seeded, sheet).exit_code == 0
    _defaults(monkeypatch)
    assert _import(twin, sheet).exit_code == 0
    assert _stored(seeded.db_path) == _stored(twin.db_path)
    _checked(seeded)
    shown = seeded("history", "Krapyak").stdout
    assert "activity 6 added: Kelas BKB (2024-01-06)" in shown


# -- 7. a big import into a small history: its index dropped and built again -------------------


@pytest.fixture
def dropped(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """What each import's ``before_bulk`` returned: the statement to build the index again
    (it was dropped), or None (kept)."""
    calls: list[str | None] = []
    real: Callable[[sqlite3.Connection, int], str | None] = history.drop_village_index

    def spied(conn: sqlite3.Connection, entries: int) -> str | None:
        statement = real(conn, entries)
        calls.append(statement)
        return statement

    monkeypatch.setattr(history, "drop_village_index", spied)
    return calls


def test_a_big_import_builds_the_history_index_again_as_it_was(
    seeded: Kkb, twin: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    dropped: list[str | None],
) -> None:  # fmt: skip
    index = _index_sql(seeded.db_path)
    assert index is not None
    entries = len(_stored(seeded.db_path)["history"])
    rows = _many(entries + 13)  # more than the history holds
    sheet = _sheet(tmp_path, rows)
    _sizes(monkeypatch, 3, 5)
    done = _import(seeded, sheet)
    assert done.exit_code == 0, done.stderr
    assert f"{len(rows)} added" in done.stdout
    assert dropped == [index]  # the bulk path was taken
    assert _index_sql(seeded.db_path) == index
    _checked(seeded)
    assert len(_stored(seeded.db_path)["history"]) == entries + len(rows)
    assert "activity 6 added" in seeded("history", "Krapyak").stdout
    _defaults(monkeypatch)
    assert _import(twin, sheet).exit_code == 0
    assert _stored(seeded.db_path) == _stored(twin.db_path)
    assert _index_sql(twin.db_path) == index


def test_a_big_import_refused_on_its_last_line_leaves_everything_as_it_was(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: list[str | None]
) -> None:
    index = _index_sql(seeded.db_path)
    entries = len(_stored(seeded.db_path)["history"])
    rows = [*_many(entries + 13), _row(name="Krapyak", day="2099-01-01")]
    sheet = _sheet(tmp_path, rows)
    _sizes(monkeypatch, 3, 5)
    before, digest = table_rows(seeded.db_path), file_digest(seeded.db_path)
    refused = _import(seeded, sheet)
    assert refused.exit_code == 1
    assert f"1 of {len(rows)} rows refused" in refused.stderr.splitlines()[0]
    assert _problem_lines(refused)[0].startswith(f"line {len(rows) + 1}: ")
    assert dropped == [index]  # batches were written, the index dropped, before the refusal
    assert table_rows(seeded.db_path) == before
    assert file_digest(seeded.db_path) == digest
    assert _index_sql(seeded.db_path) == index
    _checked(seeded)
    # And the file, corrected, goes in whole.
    done = _import(seeded, _sheet(tmp_path, rows[:-1], "fixed.csv"))
    assert done.exit_code == 0, done.stderr
    assert _index_sql(seeded.db_path) == index
    _checked(seeded)


def test_a_small_import_into_a_long_history_keeps_the_index(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: list[str | None]
) -> None:
    index = _index_sql(seeded.db_path)
    _sizes(monkeypatch, 3, 5)
    done = _import(seeded, _sheet(tmp_path, _many(12)))
    assert done.exit_code == 0, done.stderr
    assert dropped == [None]  # 12 rows into a history of 27 entries: kept up to date
    assert _index_sql(seeded.db_path) == index
    _checked(seeded)


def test_a_big_import_into_a_history_past_the_cap_keeps_the_index(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dropped: list[str | None]
) -> None:
    """Past ``REBUILT_AT_MOST`` entries the index is kept even for a big import: building it
    again would reuse, and journal in memory, as many pages as it held."""
    index = _index_sql(seeded.db_path)
    entries = len(_stored(seeded.db_path)["history"])
    monkeypatch.setattr(history, "REBUILT_AT_MOST", entries - 1)
    _sizes(monkeypatch, 3, 5)
    done = _import(seeded, _sheet(tmp_path, _many(entries + 13)))
    assert done.exit_code == 0, done.stderr
    assert dropped == [None]  # more rows than the history holds, but the history is long
    assert _index_sql(seeded.db_path) == index
    _checked(seeded)


def test_only_an_import_keeps_its_statement_journals_in_memory(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An activity import's session is a bulk one (``database._begin``); a command that
    writes one record is not."""
    from kkb_cli.storage import database

    begun: list[bool] = []
    real = database._begin

    def spied(conn: sqlite3.Connection, *, bulk: bool) -> None:
        begun.append(bulk)
        real(conn, bulk=bulk)

    monkeypatch.setattr(database, "_begin", spied)
    assert _import(seeded, _sheet(tmp_path, _many(3))).exit_code == 0
    assert seeded("add", "Gamer", "--year", "2024").exit_code == 0
    assert begun == [True, False]
