"""CSV in: a spreadsheet's CSV file read as a stream of numbered rows, with bounds.

Accepts what Excel and LibreOffice save: UTF-8 with or without a byte-order mark, comma,
semicolon (Indonesian Excel) or tab separated, quoted cells with line breaks inside.

Bounded, whatever the file holds: only a regular file is opened (a FIFO, a device such as
/dev/zero, a socket or a folder is refused, saying what it is); lines and cells are read with
a limit (``MAX_LINE_BYTES``, ``MAX_CELL``), so neither a file without line breaks nor a cell
that never closes its quote can fill the memory; and rows are read one at a time. A file is
read twice: once to check its form before the database is opened (a bad file never waits for
a lock), once for its rows. Standard input is kept in an anonymous temporary file in between
(the system removes it even if kkb is killed).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from kkb_cli.errors import RefusedError

_DELIMITERS = (";", ",", "\t")  # on a tie, ; (what Indonesian Excel writes)
# Far above what a spreadsheet writes (Excel holds at most 32,767 characters in a cell), far
# below what would trouble the memory of an office laptop.
MAX_LINE_BYTES = 4 * 1024 * 1024  # one line of the file
MAX_CELL = 1_000_000  # characters of one cell (a long note)
MAX_ROW = 4_000_000  # characters of one row, whose quoted cells may hold line breaks
_SNIFF = 64 * 1024  # bytes looked at for signs of a binary file
_KINDS = (
    (stat.S_ISDIR, "error.import_folder"),
    (stat.S_ISFIFO, "error.import_fifo"),
    (stat.S_ISCHR, "error.import_device"),
    (stat.S_ISBLK, "error.import_device"),
    (stat.S_ISSOCK, "error.import_socket"),
)

Row = tuple[int, list[str]]  # the line a row starts on, and its cells


class CsvFile(AbstractContextManager["CsvFile"]):
    """A CSV file (``-``: standard input), opened for reading its header and rows.

    ``empty`` is the message for a file with nothing in it, which says what it should hold.
    """

    def __init__(self, path: Path, empty: str = "error.import_empty") -> None:
        self.path = path
        self.empty = empty
        self.stdin = str(path) == "-"
        self._file: BinaryIO | None = None
        self.header: list[str] = []
        self.rows_checked = 0

    @property
    def name(self) -> str:
        """The file as the user named it; standard input in words."""
        from kkb_cli.messages import text

        return text("import.stdin") if self.stdin else str(self.path)

    @property
    def short_name(self) -> str:
        """The file's own name, or "stdin": what the history says an import read."""
        return "stdin" if self.stdin else self.path.name

    def __enter__(self) -> CsvFile:
        self._file = _spooled_stdin() if self.stdin else _open_regular(self.path)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._file is not None:
            self._file.close()

    def check(self) -> list[str]:
        """Read the whole file once, checking its form (encoding, quotes, sizes); returns the
        header. Nothing is kept but the header and the count of rows."""
        rows = self._rows()
        first = next(rows, None)
        if first is None:  # nothing, or only empty cells, e.g. `"";;`
            raise RefusedError(self.empty, path=self.path)
        self.header = first[1]
        self.rows_checked = sum(1 for _ in rows)
        return self.header

    def rows(self) -> Iterator[Row]:
        """The rows after the header, read again from the start, one at a time."""
        rows = self._rows()
        next(rows, None)
        return rows

    def _rows(self) -> Iterator[Row]:
        assert self._file is not None
        self._file.seek(0)
        if b"\x00" in self._file.read(_SNIFF):  # a picture, a workbook: refused as binary
            raise RefusedError("error.import_binary", path=self.path)  # first, not as bad text
        self._file.seek(0)
        return _numbered_rows(self._file, self.path, self.empty)


def _open_regular(path: Path) -> BinaryIO:
    """The file for reading, if it is a regular file; a FIFO is opened without waiting for a
    writer, then refused like any other thing that is not a file."""
    try:
        handle = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except FileNotFoundError:
        raise RefusedError("error.import_missing", path=path) from None
    except IsADirectoryError:
        raise RefusedError("error.import_folder", path=path) from None
    except OSError as error:
        raise RefusedError("error.import_unreadable", path=path, detail=error.strerror) from None
    try:
        mode = os.fstat(handle).st_mode
        for test, key in _KINDS:
            if test(mode):
                raise RefusedError(key, path=path)
        if not stat.S_ISREG(mode):
            raise RefusedError("error.import_not_file", path=path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
    except BaseException:
        os.close(handle)
        raise
    return os.fdopen(handle, "rb")


def _spooled_stdin() -> BinaryIO:
    """Standard input, copied to an anonymous temporary file so that it can be read twice."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by CsvFile.__exit__)
    source = sys.stdin.buffer
    while chunk := source.read(1024 * 1024):
        spool.write(chunk)
    return spool


def _numbered_rows(source: BinaryIO, path: Path, empty: str) -> Iterator[Row]:
    """The rows of the file, from its start, each with the line it starts on; rows whose
    cells are all empty are left out (a spreadsheet's blank lines). The separator is
    whichever of ; , and tab the header line holds most of (a comma if none). ``empty``: the
    refusal of a file with nothing in it."""
    csv.field_size_limit(MAX_CELL)
    # Decoded as it is read (a UTF-8 byte-order mark at the start dropped); lines end at \n,
    # \r\n or \r, left in place for the CSV reader. Detached, not closed, at the end: the
    # file is read again, and closed by CsvFile.
    text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
    readline = text.readline
    number = 0  # lines read
    pending = 0  # characters read since the last whole row

    def lines() -> Iterator[str]:
        nonlocal number, pending
        while line := readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(line) > MAX_LINE_BYTES // 4 and len(line.encode("utf-8")) > MAX_LINE_BYTES:
                limit = MAX_LINE_BYTES // 1024
                raise RefusedError(
                    "error.import_line_too_long", path=path, line=number, limit=limit
                )
            if "\x00" in line:
                raise RefusedError("error.import_binary", path=path)
            pending += len(line)
            if pending > MAX_ROW:
                raise RefusedError(
                    "error.import_row_too_long", path=path, line=line_at, limit=f"{MAX_ROW:,}"
                )
            yield line

    line_at = 1  # the line the row being read starts on
    try:
        source_lines = lines()
        first = next(source_lines, "")
        while first and not first.strip():  # blank lines before the header
            first = next(source_lines, "")
        if not first:
            raise RefusedError(empty, path=path)
        found = [d for d in _DELIMITERS if d in first]
        delimiter = max(found, key=first.count) if found else ","
        line_at = number
        reader = csv.reader(_chain(first, source_lines), delimiter=delimiter, strict=True)
        for row in reader:
            pending = 0
            if row and (row[0].strip() or any(cell.strip() for cell in row)):
                yield line_at, row
            line_at = number + 1
    except UnicodeDecodeError:
        raise RefusedError(
            "error.import_not_utf8", path=path, line=_undecodable_line(source)
        ) from None
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise RefusedError(
                "error.import_cell_too_long", path=path, line=line_at, limit=f"{MAX_CELL:,}"
            ) from None
        raise RefusedError(
            "error.import_malformed", path=path, line=line_at, detail=error
        ) from None
    finally:
        if not source.closed:  # closed first when a command is interrupted (Ctrl-C)
            text.detach()


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _undecodable_line(source: BinaryIO) -> int:
    """The number of the first line of the file that is not UTF-8 (the text is decoded a
    block at a time, ahead of the line being read: its error does not say which line).
    Lines are counted as the rows are, ending at \n, \r\n or \r: read as Latin-1, in
    which every byte is a character, and each line's bytes tried as UTF-8."""
    source.seek(0)
    raw = io.TextIOWrapper(source, encoding="latin-1", newline="")
    try:
        number = 0
        while line := raw.readline(MAX_LINE_BYTES + 1):
            number += 1
            try:
                line.encode("latin-1").decode("utf-8")
            except UnicodeDecodeError as error:
                if error.reason != "unexpected end of data" or len(line) <= MAX_LINE_BYTES:
                    return number
        return max(number, 1)
    finally:
        raw.detach()
