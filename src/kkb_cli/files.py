"""Files kkb writes (exports, backups, the upgrade backup): whole or not at all, never through
a symbolic link, never more readable than the database they come from, and no leftovers.

- A file is written to a temporary file beside it, flushed to disk and renamed into place, so
  it is whole or absent. The temporary file is private (0600) while it is written.
- A symbolic link at the destination is refused, with or without ``--force``: replacing or
  creating the file it points to would write outside the folder the user named.
- The finished file gets the permissions a new file of the user would get (the umask), never
  wider than ``mode_limit`` (the database's own permissions).
- Temporary names say whose they are: ``.NAME.kkb-PID-RANDOM.tmp`` (and ``…tmpdir`` for a
  folder of them). SIGTERM and SIGHUP remove them on the way out (see ``cli``); after a
  SIGKILL the next kkb that writes in that folder removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkb_cli.errors import KkbError, OutputError

# `.laporan.csv.kkb-4242-a1b2c3d4.tmp`, its SQLite journal, or a `…tmpdir` folder.
_TEMP_NAME = re.compile(r"\..*\.kkb-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp(?:dir|-journal)?")
_NAME_KEPT = 80  # of the destination's name in a temporary name (names have a length limit)


def refuse_link(
    path: Path, error: type[KkbError] = OutputError, key: str = "error.output_is_link"
) -> None:
    """Refuse ``path`` when it is a symbolic link (dangling or not), saying where it points."""
    if path.is_symlink():
        try:
            points_to = str(path.readlink())
        except OSError:
            points_to = "?"
        raise error(key, path=path, target=points_to)


def new_file_mode(mode_limit: int = 0o777) -> int:
    """The permissions of a new file: what the user's umask allows, within ``mode_limit``."""
    return 0o666 & ~_umask() & mode_limit


@contextmanager
def atomic_path(path: Path, *, force: bool, mode_limit: int = 0o777) -> Iterator[Path]:
    """A private temporary file beside ``path`` to fill; afterwards it is flushed to disk and
    moved to ``path`` in one step. If the block fails, ``path`` is left as it was and the
    temporary file is gone.

    An existing file is kept unless ``force``; a symbolic link, a device, a pipe or a folder
    is refused rather than written through or replaced.
    """
    refuse_link(path)
    mode = new_file_mode(mode_limit)
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise OutputError("error.output_unwritable", path=path, detail=error.strerror) from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise OutputError("error.output_is_folder", path=path)
        if not stat.S_ISREG(found.st_mode):
            raise OutputError("error.output_not_file", path=path)
        if not force:
            raise OutputError("error.output_exists", path=path)
        mode &= found.st_mode & 0o777  # a replaced file keeps who may (not) read it
    folder = path.parent
    if not folder.is_dir():
        raise OutputError("error.output_no_folder", folder=folder)
    remove_stale_temporaries(folder)
    import tempfile  # here, not at start-up: most commands write no file

    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name[:_NAME_KEPT]}.kkb-{os.getpid()}-", suffix=".tmp", dir=folder
        )
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
            temp.replace(path)  # replaces a link that appeared meanwhile, never its target
        else:
            _place_new(temp, path)
    except BaseException:
        _remove_quietly(temp)
        _remove_quietly(temp.with_name(temp.name + "-journal"))
        raise


@contextmanager
def temporary_folder(beside: Path) -> Iterator[Path]:
    """A private folder beside ``beside`` for a library's own temporary files (XlsxWriter's),
    removed afterwards; named so that a later kkb removes it if this one is killed."""
    import shutil
    import tempfile

    folder = Path(
        tempfile.mkdtemp(
            prefix=f".{beside.name[:_NAME_KEPT]}.kkb-{os.getpid()}-",
            suffix=".tmpdir",
            dir=beside.parent,
        )
    )
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_temporaries(folder: Path) -> None:
    """Remove kkb's temporary files in ``folder`` that a killed kkb left: those whose process
    is gone, or was started after the file was made (its number was used again)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if match is None:
            continue
        pid = int(match["pid"])
        try:
            made = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if pid == os.getpid() or _running_since_before(pid, made):
            continue
        if entry.is_dir(follow_symlinks=False):
            import shutil

            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            _remove_quietly(Path(entry.path))


def _running_since_before(pid: int, moment: float) -> bool:
    """Whether process ``pid`` runs now and was already running at ``moment``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    except OSError:
        return True  # cannot tell: keep the file
    started = _start_time(pid)
    return started is None or started <= moment + 1


def _start_time(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where the system says (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text("ascii", "replace").rpartition(")")[2]
        with Path("/proc/stat").open(encoding="ascii") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        ticks = os.sysconf("SC_CLK_TCK")
        return boot + int(fields.split()[19]) / ticks  # field 22 of the whole line: starttime
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _place_new(temp: Path, target: Path) -> None:
    """Move ``temp`` to ``target`` only if nothing has appeared there since the check above."""
    try:
        os.link(temp, target)  # atomic, and fails if target exists (a link included)
    except FileExistsError:
        raise OutputError("error.output_exists", path=target) from None
    except OSError:
        temp.replace(target)  # a file system without hard links (some network shares)
        return
    temp.unlink()


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def file_mode(path: Path) -> int:
    """The permission bits of an existing file."""
    return path.stat().st_mode & 0o777
