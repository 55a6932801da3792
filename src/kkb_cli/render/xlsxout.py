"""Excel workbooks (.xlsx): one sheet per table, with real numbers and dates, ready to filter.

Why XlsxWriter: kkb only ever *writes* workbooks, and XlsxWriter is a pure-Python, write-only
library with no dependencies of its own that writes fast. In ``constant_memory`` mode it sends
each finished row to a temporary file, so a long export never sits in memory. openpyxl can also
write, but it builds the whole workbook in memory to support reading and editing, which we do
not need. XlsxWriter is imported only inside :func:`write_workbook`: it takes about 0.1 s to
import, and most kkb commands never export.

What this module relies on in XlsxWriter, and what it works around (checked with 3.3):

- ``constant_memory``: rows must be written top to bottom (they are), and text goes into the
  cells ("inline strings") rather than into one shared table; Excel reads both. The column
  widths (``<cols>``) are only written when the workbook is closed, before the rows copied back
  from the temporary file, so widths measured while streaming can be set after the last row:
  no row is ever buffered.
- Text always goes through ``write_string`` (never ``write``), so ``=1+1`` stays text and is not
  made a formula, ``0812`` keeps its 0, and a web address is not made a link. The workbook
  options that would turn text into formulas, numbers or links are off as well.
- Control characters that XML 1.0 cannot hold (``\\x00``-``\\x08``, ``\\x0b``, ``\\x0c``,
  ``\\x0e``-``\\x1f``, and ``\\r``) are stored as the OOXML escape ``_xHHHH_``, and text that
  already looks like such an escape gets its ``_`` escaped as ``_x005F_``; Excel and LibreOffice
  undo both. (XlsxWriter misses the second ``_`` when two such escapes share it, as in
  ``_x005F_x0041_``; no real text looks like that.)
- Text that starts with ``<r>`` and ends with ``</r>`` is taken by XlsxWriter for rich-text XML
  and written unescaped: ``<r>a & b</r>`` would corrupt the workbook. Such text is written as a
  rich string of plain runs instead, which XlsxWriter escapes and which shows the same text.
- Lone surrogates (which UTF-8 cannot encode) would make closing the workbook fail; they become
  U+FFFD.
- An Excel cell holds at most 32,767 characters, counted in UTF-16 units as Excel counts them
  (an emoji counts 2). Longer text is cut at that limit, never inside an emoji.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

MAX_TEXT = 32_767
"""Excel's limit for one cell, in UTF-16 units; longer text is cut to it."""
MAX_ROWS = 1_048_576
"""Rows in an Excel sheet, the header row included."""
MAX_COLUMNS = 16_384
MAX_SHEET_NAME = 31
MAX_WIDTH = 60
"""The widest a column is made for its content (in characters), before padding."""
WIDTH_PADDING = 2
"""Room beside the longest content, for the filter button in the header."""

# Excel keeps integers exactly only up to 15 significant digits.
_MAX_EXACT_INTEGER = 999_999_999_999_999
# Excel's dates start at 1900-01-01 (the 1900 date system that Windows Excel uses).
_FIRST_DATE = dt.date(1900, 1, 1)
_DATE_FORMAT = "yyyy-mm-dd"
_DATE_WIDTH = len("2024-01-31")

_NAME_FORBIDDEN = frozenset("[]:*?/\\")
# Characters that could not be written in the workbook's XML, where sheet names are stored
# unescaped.
_NAME_UNWRITABLE = re.compile("[\x00-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Kind(Enum):
    """How a column's values are stored and shown."""

    TEXT = "text"
    """``str`` or ``None``; always stored as text. Empty text is a blank cell."""
    INTEGER = "integer"
    """``int`` or ``None``; a number shown with all its digits."""
    DATE = "date"
    """``datetime.date`` (not a ``datetime``) or ``None``; a real Excel date, ``yyyy-mm-dd``."""
    PERCENT = "percent"
    """A float in percent points (``70.4`` means 70.4%) or ``None``; stored as ``0.704``, shown
    ``0.0%``."""


@dataclass(frozen=True)
class Column:
    """One column: where its values come from in a row, its header text and its kind."""

    key: str
    heading: str
    kind: Kind


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, its columns and its rows (read once, so a generator will do).

    The name follows Excel's rules: 1 to 31 characters, none of ``[]:*?/\\``, not starting or
    ending with ``'``, not ``History``, and different from the other sheets' names whatever the
    case.
    """

    name: str
    columns: tuple[Column, ...]
    rows: Iterable[Mapping[str, Any]]


def write_workbook(path: Path, sheets: Sequence[Sheet], tmpdir: Path | None = None) -> None:
    """Write one workbook with a sheet per ``Sheet``, in order.

    Each sheet gets a bold header row that stays in view (frozen), a filter over the header and
    the data, and columns wide enough for their content (up to ``MAX_WIDTH``). A ``None`` value
    is a blank cell.

    Sheet names and columns are checked before anything is written (``ValueError``). A value that
    does not fit its column's kind raises ``TypeError`` or ``ValueError`` (and a missing key
    ``KeyError``), with a note naming the sheet, row and column; ``path`` may then hold a partial
    workbook, so write to a temporary file and move it into place only on success.
    ``tmpdir`` is where XlsxWriter keeps the rows of each sheet while it writes (beside the
    destination, so that nothing is left in the system's temporary folder).
    """
    _check_sheets(sheets)

    import xlsxwriter  # type: ignore[import-untyped]  # no type hints shipped (3.3)

    options: dict[str, Any] = {
        "constant_memory": True,
        "tmpdir": os.fspath(tmpdir) if tmpdir is not None else None,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    workbook = xlsxwriter.Workbook(os.fspath(path), options)
    try:
        header = workbook.add_format({"bold": True})
        formats = {
            Kind.TEXT: None,
            Kind.INTEGER: workbook.add_format({"num_format": "0"}),
            Kind.DATE: workbook.add_format({"num_format": _DATE_FORMAT}),
            Kind.PERCENT: workbook.add_format({"num_format": "0.0%"}),
        }
        for sheet in sheets:
            _write_sheet(workbook.add_worksheet(sheet.name), sheet, header, formats)
        # Closing assembles the file from the rows kept on disk (a full disk fails here).
        try:
            workbook.close()
        except xlsxwriter.exceptions.FileCreateError as error:
            cause = error.args[0] if error.args else None  # XlsxWriter wraps the OSError
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from None
    except BaseException:
        _abandon(workbook)
        raise


def _abandon(workbook: Any) -> None:
    """Close what a failed workbook holds open, quietly: its sheets' row files would otherwise
    be flushed, and fail again on a full disk, when Python collects them at exit."""
    for worksheet in workbook.worksheets():
        handle = getattr(worksheet, "row_data_fh", None)
        if handle is not None:
            with contextlib.suppress(OSError, ValueError):
                handle.close()
    workbook.fileclosed = True  # nothing more to write when it is collected


def _write_sheet(worksheet: Any, sheet: Sheet, header: Any, formats: dict[Kind, Any]) -> None:
    """Write the header and the rows in order, then the widths, frozen header and filter."""
    columns = sheet.columns
    widths = [_write_text(worksheet, 0, col, c.heading, header) for col, c in enumerate(columns)]
    writers = [(c.key, _WRITERS[c.kind], formats[c.kind]) for c in columns]

    last_row = 0
    for row, record in enumerate(sheet.rows, start=1):
        if row >= MAX_ROWS:
            raise ValueError(f"sheet {sheet.name!r}: more rows than Excel's {MAX_ROWS - 1:,}")
        for col, (key, write, cell_format) in enumerate(writers):
            try:
                value = record[key]
                if value is None:
                    continue
                shown = write(worksheet, row, col, value, cell_format)
            except (KeyError, TypeError, ValueError) as error:
                error.add_note(f"in sheet {sheet.name!r}, row {row}, column {key!r}")
                raise
            if shown > widths[col]:
                widths[col] = shown
        last_row = row

    # XlsxWriter writes all three when the workbook is closed (see the module docstring), so
    # they can come after the rows even in constant_memory mode. The column's number format
    # also applies to cells typed later into blank ones.
    for col, c in enumerate(columns):
        width = min(widths[col], MAX_WIDTH) + WIDTH_PADDING
        worksheet.set_column(col, col, width, formats[c.kind])
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, last_row, len(columns) - 1)


# Each writer checks one value of its kind, writes it, and returns its width in characters.
_Writer = Callable[[Any, int, int, Any, Any], int]


def _write_text(worksheet: Any, row: int, col: int, value: Any, cell_format: Any) -> int:
    if not isinstance(value, str):
        raise TypeError(f"a text cell needs str, not {type(value).__name__}: {value!r:.80}")
    text = _excel_text(value)
    if not text:
        return 0  # a blank cell: an empty string would still count as a value in Excel
    if text.startswith("<r>") and text.endswith("</r>"):
        _written(worksheet.write_rich_string(row, col, *_plain_runs(text, cell_format)))
    else:
        _written(worksheet.write_string(row, col, text, cell_format))
    return max(map(len, text.splitlines()), default=0)


def _write_integer(worksheet: Any, row: int, col: int, value: Any, cell_format: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an integer cell needs int, not {type(value).__name__}: {value!r:.80}")
    if abs(value) > _MAX_EXACT_INTEGER:
        raise ValueError(f"{value} has more digits than Excel keeps (15)")
    _written(worksheet.write_number(row, col, value, cell_format))
    return len(str(value))


def _write_date(worksheet: Any, row: int, col: int, value: Any, cell_format: Any) -> int:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"a date cell needs a date, not {type(value).__name__}: {value!r:.80}")
    if value < _FIRST_DATE:
        raise ValueError(f"Excel cannot show dates before 1900: {value}")
    # The date itself, not a datetime at midnight: XlsxWriter takes datetime(1900, 1, 1) for a
    # time of day and would store it as day 0.
    _written(worksheet.write_datetime(row, col, value, cell_format))
    return _DATE_WIDTH


def _write_percent(worksheet: Any, row: int, col: int, value: Any, cell_format: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"a percent cell needs a number, not {type(value).__name__}: {value!r:.80}")
    if not math.isfinite(value):
        raise ValueError(f"Excel cannot store {value} as a number")
    _written(worksheet.write_number(row, col, value / 100, cell_format))
    return len(f"{value:.1f}%")


_WRITERS: dict[Kind, _Writer] = {
    Kind.TEXT: _write_text,
    Kind.INTEGER: _write_integer,
    Kind.DATE: _write_date,
    Kind.PERCENT: _write_percent,
}


def _excel_text(text: str) -> str:
    """``text`` as it can be stored: lone surrogates replaced, cut at ``MAX_TEXT`` UTF-16 units."""
    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)
    # Text of at most MAX_TEXT // 2 characters cannot pass the limit, however it is encoded.
    if len(text) > MAX_TEXT // 2:
        units = text.encode("utf-16-le")
        if len(units) > 2 * MAX_TEXT:
            # "ignore" drops the first half of an emoji cut in two.
            text = units[: 2 * MAX_TEXT].decode("utf-16-le", "ignore")
    return text


def _plain_runs(text: str, cell_format: Any) -> list[Any]:
    """``write_rich_string`` arguments for ``text`` in three runs of the cell's own format.

    XlsxWriter wants more than two fragments; each run after the first is written with an
    explicit font, so with a cell format each run repeats it (a bold header stays bold).
    """
    runs: list[Any] = []
    for piece in (text[:1], text[1:2], text[2:]):
        if cell_format is not None:
            runs.append(cell_format)
        runs.append(piece)
    if cell_format is not None:
        runs.append(cell_format)
    return runs


def _written(code: int) -> None:
    """XlsxWriter reports a cell it did not write by a return code, not an exception."""
    if code != 0:
        raise RuntimeError(f"XlsxWriter did not write a cell (code {code})")


def _check_sheets(sheets: Sequence[Sheet]) -> None:
    """Raise ``ValueError`` for anything Excel would refuse, before a file is started."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    seen: set[str] = set()
    for sheet in sheets:
        _check_sheet_name(sheet.name)
        folded = sheet.name.casefold()
        if folded in seen:
            raise ValueError(f"two sheets are named {sheet.name!r} (Excel ignores case)")
        seen.add(folded)
        if not sheet.columns:
            raise ValueError(f"sheet {sheet.name!r} has no columns")
        if len(sheet.columns) > MAX_COLUMNS:
            raise ValueError(f"sheet {sheet.name!r} has more columns than Excel's {MAX_COLUMNS:,}")
        for column in sheet.columns:
            if not isinstance(column.kind, Kind) or not isinstance(column.heading, str):
                raise ValueError(f"sheet {sheet.name!r}: column {column.key!r} is not valid")


def _check_sheet_name(name: str) -> None:
    if not isinstance(name, str) or not name:
        raise ValueError(f"a sheet name must be non-empty text, not {name!r}")
    if len(name.encode("utf-16-le", "surrogatepass")) // 2 > MAX_SHEET_NAME:
        raise ValueError(f"sheet name {name!r} is longer than {MAX_SHEET_NAME} characters")
    forbidden = sorted(_NAME_FORBIDDEN.intersection(name))
    if forbidden:
        raise ValueError(f"sheet name {name!r} contains {' '.join(forbidden)}")
    if _NAME_UNWRITABLE.search(name):
        raise ValueError(f"sheet name {name!r} contains a control character")
    if name.startswith("'") or name.endswith("'"):
        raise ValueError(f"sheet name {name!r} starts or ends with '")
    if name.casefold() == "history":
        raise ValueError("Excel keeps the sheet name 'History' for itself")
