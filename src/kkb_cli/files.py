"""Files that appear whole or not at all: exports, backups."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkb_cli.errors import OutputError


@contextmanager
def atomic_path(path: Path, *, force: bool) -> Iterator[Path]:
    """A temporary file beside ``path`` to fill; afterwards it is flushed to disk and moved
    to ``path`` in one step. If the block fails, ``path`` is left as it was.

    An existing file is kept unless ``force``; a symbolic link is written through, and a
    device, pipe or folder is refused rather than replaced.
    """
    target = path.resolve() if path.is_symlink() else path
    if target.exists():
        if target.is_dir():
            raise OutputError("error.output_is_folder", path=path)
        if not target.is_file():
            raise OutputError("error.output_not_file", path=path)
        if not force:
            raise OutputError("error.output_exists", path=path)
        mode = target.stat().st_mode & 0o777  # a replaced file keeps who may read it
    else:
        mode = 0o666 & ~_umask()  # as any new file the user makes
    folder = target.parent
    if not folder.is_dir():
        raise OutputError("error.output_no_folder", folder=folder)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError("error.output_unwritable", path=path, detail=error.strerror) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
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
