"""CSV in: reading a spreadsheet's CSV file into a header and numbered rows.

Accepts what Excel and LibreOffice save: UTF-8 with or without a byte-order mark, comma,
semicolon (Indonesian Excel) or tab separated, quoted cells with line breaks inside.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from kkb_cli.errors import RefusedError

_DELIMITERS = (";", ",", "\t")  # on a tie, ; (what Indonesian Excel writes)
# A note may be long; Python's csv refuses cells over 128 KiB by default.
_LARGEST_CELL = 16 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes; ``-`` is standard input."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RefusedError("error.import_missing", path=path) from None
    except IsADirectoryError:
        raise RefusedError("error.import_folder", path=path) from None
    except OSError as error:
        raise RefusedError("error.import_unreadable", path=path, detail=error.strerror) from None


def split_rows(
    data: bytes, path: Path, empty: str = "error.import_empty"
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and every non-blank row with the line it starts on. ``empty`` is the
    message for a file with nothing in it, which says what the file should hold."""
    if b"\x00" in data:
        raise RefusedError("error.import_binary", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefusedError("error.import_not_utf8", path=path, line=line) from None
    if not text.strip():
        raise RefusedError(empty, path=path)
    rows = _numbered_rows(text, _delimiter(text), path)
    first = next(rows, None)
    if first is None:  # only empty cells, e.g. `"";;`
        raise RefusedError(empty, path=path)
    return first[1], list(rows)


def _delimiter(text: str) -> str:
    """The separator of the first line that has one (the header): whichever of ; , and tab
    it holds most of; a comma when no line has any."""
    for line in text.splitlines():
        if any(d in line for d in _DELIMITERS):
            return max(_DELIMITERS, key=line.count)
    return ","


def _numbered_rows(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    csv.field_size_limit(_LARGEST_CELL)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line, row
            line = reader.line_num + 1
    except csv.Error as error:
        raise RefusedError("error.import_malformed", path=path, line=line, detail=error) from None
