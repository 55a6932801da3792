"""CSV for spreadsheets: a header row, UTF-8, formula-looking text neutralised, atomic files."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from kkb_cli.errors import OutputError

# OWASP CSV injection: a cell starting with one of these may be run as a formula by a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix formula-looking text with ``'`` so a spreadsheet shows it as text.

    Only text is touched: numbers (ints, floats) and ISO dates stay plain, so they still sort
    and sum in a spreadsheet.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write a header and one line per row, streaming; ``None`` becomes an empty cell."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else neutralise(row[c]) for c in columns])


@contextmanager
def atomic_output(path: Path, *, force: bool) -> Iterator[TextIO]:
    """A text file that appears at ``path`` whole or not at all.

    The content goes to a temporary file beside ``path``, is flushed to disk, then renamed over
    it. An existing file is kept unless ``force``; a symbolic link is written through, and a
    device, pipe or folder is refused rather than replaced. Files get a UTF-8 byte-order mark,
    which Excel needs to read non-ASCII names correctly.
    """
    target = path.resolve() if path.is_symlink() else path
    if target.exists():
        if target.is_dir():
            raise OutputError("error.output_is_folder", path=path)
        if not target.is_file():
            raise OutputError("error.output_not_file", path=path)
        if not force:
            raise OutputError("error.output_exists", path=path)
        mode = target.stat().st_mode & 0o777  # a replaced report keeps who may read it
    else:
        mode = 0o666 & ~_umask()  # as any new file the user makes
    folder = target.parent
    if not folder.is_dir():
        raise OutputError("error.output_no_folder", folder=folder)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError("error.output_unwritable", path=path, detail=error.strerror) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
        if force:
            temp.replace(target)
        else:
            _place_new(temp, target, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _place_new(temp: Path, target: Path, shown: Path) -> None:
    """Move ``temp`` to ``target`` only if nothing has appeared there since the check above."""
    try:
        os.link(temp, target)  # atomic, and fails if target exists
    except FileExistsError:
        raise OutputError("error.output_exists", path=shown) from None
    except OSError:
        temp.replace(target)  # a file system without hard links (some network shares)
        return
    temp.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
