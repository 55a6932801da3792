"""The Excel writer: every cell read back with openpyxl is the value that went in, as a real
number, date or text; the file is well-formed whatever the text; the sheets are ready to use."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkb_cli.render import xlsxout
from kkb_cli.render.xlsxout import Column, Kind, Sheet, write_workbook

openpyxl = pytest.importorskip("openpyxl")

COLUMNS = (
    Column("name", "Kelurahan", Kind.TEXT),
    Column("families", "Families", Kind.INTEGER),
    Column("formed", "Formed on", Kind.DATE),
    Column("share", "Share", Kind.PERCENT),
)
ROWS = [
    {"name": "Krapyak", "families": 120, "formed": dt.date(2023, 7, 17), "share": 70.4},
    {"name": "Gamer", "families": 0, "formed": dt.date(2024, 2, 29), "share": 100.0},
    {"name": None, "families": None, "formed": None, "share": None},
    {"name": "Kel. Sokoduwet", "families": -3, "formed": dt.date(9999, 12, 31), "share": 0},
]

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "=1+1",
    "+62 812",
    "-1",
    "@SUM(A1)",
    "0812",
    "1e5",
    "TRUE",
    "http://example.com",
    "mailto:someone@example.com",
    "Kampung 😀 KB 👨‍👩‍👧",
    "\u200fقرية\u200e 12",
    "line one\nline two",
    "windows\r\nline",
    "tab\there",
    "  spaces around  ",
    "\n",
    "a\x1bb",
    "nul\x00and\x01\x08\x0b\x0c\x0e\x1f",
    "_x0041_ looks escaped",
    "_x005F_",
    "<r>a & b</r>",
    "<r><t>injected</t></r>",
    "&amp; <b>not bold</b>",
    "\ufffe\uffff",
    "\x7f\x85 C1",
]

# ECMA-376 stores characters XML 1.0 cannot hold as _xHHHH_ (and a literal "_x" escape with its
# "_" written as _x005F_). Excel and LibreOffice decode it; openpyxl 3.1 hands text in cells back
# as stored, so the tests decode it as Excel does.
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


@pytest.fixture(autouse=True)
def _scratch_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """XlsxWriter's own temporary files (write_workbook called here without a scratch
    folder, as kkb never calls it) go to the test's folder, not the system's."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def decoded(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)


def write(tmp_path: Path, *sheets: Sheet) -> Any:
    """Write ``sheets``, check every XML part parses, and open the workbook with openpyxl."""
    path = tmp_path / "out.xlsx"
    write_workbook(path, sheets)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))  # raises if not well-formed
    return openpyxl.load_workbook(path)


def text_sheet(texts: list[str], name: str = "Text") -> Sheet:
    return Sheet(name, (Column("t", "Text", Kind.TEXT),), [{"t": t} for t in texts])


def width(worksheet: Any, col: int) -> float:
    """The width of column ``col`` (1-based), whether stored alone or in a range of columns."""
    for dimension in worksheet.column_dimensions.values():
        if dimension.min is not None and dimension.min <= col <= dimension.max:
            return float(dimension.width)
    raise AssertionError(f"no width stored for column {col}")


def test_cells_are_real_numbers_dates_and_text(tmp_path: Path) -> None:
    sheet = write(tmp_path, Sheet("Progress", COLUMNS, ROWS))["Progress"]

    assert [cell.value for cell in sheet[1]] == ["Kelurahan", "Families", "Formed on", "Share"]
    assert sheet.max_row == 1 + len(ROWS)
    for row_number, row in enumerate(ROWS, start=2):
        name, families, formed, share = sheet[row_number]
        assert name.value == row["name"]
        assert families.value == row["families"]
        if row["families"] is not None:
            assert type(families.value) is int
            assert families.number_format == "0"
        if row["formed"] is None:
            assert formed.value is None
        else:
            assert formed.value == dt.datetime.combine(row["formed"], dt.time())
            assert formed.is_date
            assert formed.number_format == "yyyy-mm-dd"
        if row["share"] is None:
            assert share.value is None
        else:
            assert share.data_type == "n"
            assert share.value == pytest.approx(row["share"] / 100, rel=1e-15, abs=1e-15)
            assert share.number_format == "0.0%"


def test_the_earliest_excel_dates_are_right(tmp_path: Path) -> None:
    days = [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(2016, 1, 14)]
    columns = (Column("day", "Day", Kind.DATE),)
    sheet = write(tmp_path, Sheet("Days", columns, [{"day": day} for day in days]))["Days"]

    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        dt.datetime.combine(day, dt.time()) for day in days
    ]


def test_text_is_kept_as_text_exactly(tmp_path: Path) -> None:
    sheet = write(tmp_path, text_sheet(HOSTILE))["Text"]

    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [decoded(cell.value) for cell in cells] == HOSTILE
    assert {cell.data_type for cell in cells} == {"s"}  # no formula, number, bool or link
    assert not any(cell.hyperlink for cell in cells)


def test_control_characters_are_stored_as_ooxml_escapes(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_workbook(path, [text_sheet(["a\x1bb", "_x0041_"])])

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "a_x001B_b" in xml
    assert "_x005F_x0041_" in xml
    assert "\x1b" not in xml


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",))), max_size=8))
def test_any_text_comes_back(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    sheet = write(tmp_path_factory.mktemp("fuzz"), text_sheet(texts))["Text"]

    back = [decoded(row[0].value) for row in sheet.iter_rows(min_row=2, max_col=1)]
    back += [None] * (len(texts) - len(back))  # trailing blank rows are not stored
    assert back == [text or None for text in texts]


def test_empty_text_is_a_blank_cell(tmp_path: Path) -> None:
    sheet = write(tmp_path, text_sheet(["", "x"]))["Text"]

    assert sheet["A2"].value is None
    assert sheet["A3"].value == "x"


def test_long_text_is_cut_at_excels_limit(tmp_path: Path) -> None:
    exact = "y" * xlsxout.MAX_TEXT
    texts = ["x" * 40_000, exact, "😀" * 20_000]
    sheet = write(tmp_path, text_sheet(texts))["Text"]

    assert xlsxout.MAX_TEXT == 32_767
    assert sheet["A2"].value == "x" * 32_767
    assert sheet["A3"].value == exact
    # An emoji is 2 UTF-16 units, as Excel counts: 16,383 whole ones fit, none is cut in half.
    assert sheet["A4"].value == "😀" * 16_383


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    sheet = write(tmp_path, text_sheet(["a\ud800b", "\udfff"]))["Text"]

    assert [sheet["A2"].value, sheet["A3"].value] == ["a\ufffdb", "\ufffd"]


def test_header_is_bold_frozen_and_filtered(tmp_path: Path) -> None:
    sheet = write(tmp_path, Sheet("Progress", COLUMNS, ROWS))["Progress"]

    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D5"


def test_a_sheet_without_rows_has_its_header_and_filter(tmp_path: Path) -> None:
    sheet = write(tmp_path, Sheet("Empty", COLUMNS[:3], []))["Empty"]

    assert sheet.max_row == 1
    assert [cell.value for cell in sheet[1]] == ["Kelurahan", "Families", "Formed on"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C1"


def test_columns_are_wide_enough_but_not_too_wide(tmp_path: Path) -> None:
    columns = (
        Column("short", "A rather long heading", Kind.TEXT),
        Column("long", "Note", Kind.TEXT),
        Column("lines", "Lines", Kind.TEXT),
        Column("day", "Day", Kind.DATE),
        Column("share", "%", Kind.PERCENT),
        Column("count", "N", Kind.INTEGER),
    )
    rows = [
        {"short": "x", "long": "z" * 500, "lines": "12345678\n123", "day": dt.date(2024, 1, 2),
         "share": 100.0, "count": 123_456_789},
    ]  # fmt: skip
    sheet = write(tmp_path, Sheet("Widths", columns, rows))["Widths"]

    assert width(sheet, 1) >= len("A rather long heading") + 2
    assert xlsxout.MAX_WIDTH + 2 <= width(sheet, 2) < xlsxout.MAX_WIDTH + 3
    assert len("12345678") + 2 <= width(sheet, 3) < len("12345678") + 3
    assert len("2024-01-02") + 2 <= width(sheet, 4) < len("2024-01-02") + 3
    assert len("100.0%") + 2 <= width(sheet, 5) < len("100.0%") + 3
    assert len("123456789") + 2 <= width(sheet, 6) < len("123456789") + 3
    for col, column in enumerate(columns, start=1):
        assert width(sheet, col) >= len(column.heading) + 2


def test_sheets_keep_their_names_and_order(tmp_path: Path) -> None:
    names = ["Progress", "Kampung KB 2024", "Desa's ✓ list", "x" * 31]
    workbook = write(tmp_path, *(Sheet(name, COLUMNS, ROWS) for name in names))

    assert workbook.sheetnames == names
    assert workbook["Desa's ✓ list"].auto_filter.ref == "A1:D5"


def test_rows_may_be_a_generator_read_once(tmp_path: Path) -> None:
    pulled: list[int] = []

    def rows() -> Iterator[Mapping[str, Any]]:
        for number in range(3):
            pulled.append(number)
            yield {"name": f"row {number}", "families": number, "formed": None, "share": None}

    sheet = write(tmp_path, Sheet("Gen", COLUMNS, rows()))["Gen"]

    assert pulled == [0, 1, 2]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["row 0", "row 1", "row 2"]
    assert sheet.auto_filter.ref == "A1:D4"


@pytest.mark.parametrize(
    "name",
    ["", "x" * 32, "😀" * 16, "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b",
     "'quoted", "quoted'", "History", "history", "a\x00b", "tab\there", "a\ud800"],
)  # fmt: skip
def test_an_invalid_sheet_name_is_refused_before_writing(tmp_path: Path, name: str) -> None:
    path = tmp_path / "out.xlsx"
    with pytest.raises(ValueError):
        write_workbook(path, [Sheet(name, COLUMNS, ROWS)])
    assert not path.exists()


def test_sheet_names_must_differ_whatever_the_case(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="two sheets"):
        write_workbook(
            tmp_path / "out.xlsx", [Sheet("Data", COLUMNS, []), Sheet("DATA", COLUMNS, [])]
        )


def test_a_workbook_needs_a_sheet_with_columns(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "out.xlsx", [])
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "out.xlsx", [Sheet("Data", (), [])])


@pytest.mark.parametrize(
    ("kind", "value", "error"),
    [
        (Kind.TEXT, 5, TypeError),
        (Kind.INTEGER, "5", TypeError),
        (Kind.INTEGER, True, TypeError),
        (Kind.INTEGER, 1.5, TypeError),
        (Kind.INTEGER, 10**15, ValueError),
        (Kind.DATE, "2024-01-01", TypeError),
        (Kind.DATE, dt.datetime(2024, 1, 1, 12), TypeError),
        (Kind.DATE, dt.date(1899, 12, 31), ValueError),
        (Kind.PERCENT, "70%", TypeError),
        (Kind.PERCENT, float("nan"), ValueError),
        (Kind.PERCENT, float("inf"), ValueError),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(
    tmp_path: Path, kind: Kind, value: Any, error: type[Exception]
) -> None:
    rows = [{"v": None}, {"v": value}]
    with pytest.raises(error) as raised:
        write_workbook(tmp_path / "out.xlsx", [Sheet("Data", (Column("v", "V", kind),), rows)])
    assert raised.value.__notes__ == ["in sheet 'Data', row 2, column 'v'"]


def test_a_missing_key_is_an_error_not_a_blank(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        write_workbook(tmp_path / "out.xlsx", [Sheet("Data", COLUMNS, [{"name": "x"}])])


def test_more_rows_than_excel_holds_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsxout, "MAX_ROWS", 3)
    write_workbook(tmp_path / "fits.xlsx", [text_sheet(["a", "b"])])
    with pytest.raises(ValueError, match="more rows"):
        write_workbook(tmp_path / "out.xlsx", [text_sheet(["a", "b", "c"])])


def test_importing_the_module_does_not_load_xlsxwriter() -> None:
    probe = "import sys, kkb_cli.render.xlsxout; print('xlsxwriter' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
