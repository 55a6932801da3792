"""CSV for spreadsheets: a header row, UTF-8, formula-looking text neutralised, atomic files."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

# What a spreadsheet may run as a formula; the import takes off the ' put before it here.
from kkb_cli.domain.imports import FORMULA_START
from kkb_cli.files import atomic_path

__all__ = ["FORMULA_START", "atomic_output", "neutralise", "write_csv", "write_rows"]


def neutralise(value: Any) -> Any:
    """Prefix formula-looking text with ``'`` so a spreadsheet shows it as text.

    Only text is touched: numbers (ints, floats) and ISO dates stay plain, so they still sort
    and sum in a spreadsheet.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    out: TextIO,
    headers: Sequence[str] | None = None,
    delimiter: str = ",",
) -> None:
    """Write a header (``headers``, else the column keys) and one line per row, streaming;
    ``None`` becomes an empty cell. With ``;`` between cells, a fraction is written with a
    decimal comma (``70,4``), as the Excel that wants ``;`` (Indonesian settings) reads it."""
    if delimiter == ";":
        cells = ([_decimal_comma(neutralise(row[c])) for c in columns] for row in rows)
    else:
        cells = ([neutralise(row[c]) for c in columns] for row in rows)
    write_rows(headers or columns, cells, out, delimiter)


def _decimal_comma(value: Any) -> Any:
    return str(value).replace(".", ",") if isinstance(value, float) else value


def write_rows(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO, delimiter: str = ","
) -> None:
    """Write a header and rows whose text is already neutralised, streaming; ``None`` becomes
    an empty cell."""
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)


@contextmanager
def atomic_output(path: Path, *, force: bool, mode_limit: int = 0o777) -> Iterator[TextIO]:
    """A CSV file that appears at ``path`` whole or not at all (see ``files.atomic_path``).

    Files get a UTF-8 byte-order mark, which Excel needs to read non-ASCII names correctly.
    """
    with (
        atomic_path(path, force=force, mode_limit=mode_limit) as temp,
        temp.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        yield out
