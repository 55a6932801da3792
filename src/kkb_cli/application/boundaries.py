"""Loading region boundaries from a GeoJSON file (`kkb region boundaries`), all or nothing like
the other imports: every feature is checked, every wrong one reported (the first hundred, then
how many more), and nothing is written unless all are right.

The file is read once, a feature at a time, under the write lock (see domain/boundaries.py):
reading it twice, as a CSV import does to check its form before taking the lock, would double
the time of a province's file (decompressing and decoding are most of it), and a file that is
not GeoJSON at all is refused by its first characters anyway.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kkb_cli.application.base import OfficeBase
from kkb_cli.domain.regions import INDONESIA_CODE, LEVELS_BY_DEPTH, Level, Region, RegionCode
from kkb_cli.errors import RefusedError
from kkb_cli.messages import grouped, text

if TYPE_CHECKING:
    from kkb_cli.domain.boundaries import CheckedFeature


@dataclass
class BoundaryLoad:
    """What loading a file of boundaries did (or, in a dry run, would do)."""

    path: str
    features: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    by_level: dict[Level, int] = field(default_factory=dict)  # regions, by level
    kelurahan: int = 0
    desa: int = 0
    area: Region | None = None  # the region that holds them all
    dry_run: bool = False


class BoundariesRefusedError(RefusedError):
    """A file of boundaries refused whole; ``details`` name each refused feature shown."""

    def __init__(
        self, path: str, features: int, refused: int, problems: list[tuple[int, str | None, str]]
    ) -> None:
        details = tuple(
            text("boundary.feature_problem_code", number=n, code=code, message=message)
            if code
            else text("boundary.feature_problem", number=n, message=message)
            for n, code, message in problems
        )
        if refused > len(details):
            more = grouped(refused - len(details))
            details += (text("boundary.more_problems", count=more),)
        super().__init__(
            "error.boundary_refused",
            path=path,
            refused=grouped(refused),
            features=grouped(features),
            details=details,
        )


class BoundaryUseCases(OfficeBase):
    def load_boundaries(
        self, path: Path | str, *, code_property: str | None = None, dry_run: bool = False
    ) -> BoundaryLoad:
        """Load the boundaries of a GeoJSON FeatureCollection (``.geojson``, or gzipped),
        all or nothing: each feature's region (its code in property ``code`` or ``kode``, or
        ``code_property``) must be in the region list, once; its geometry a Polygon or
        MultiPolygon in [longitude, latitude]. A region's boundary is replaced; the others
        stay. A dry run checks everything and writes nothing."""
        from kkb_cli.domain.boundaries import FeatureChecker, features, text_chunks
        from kkb_cli.domain.imports import SHOWN_PROBLEMS

        path = Path(path)
        shown = str(path)
        done = BoundaryLoad(shown, dry_run=dry_run)
        # The file is opened first: a missing one is refused before the database is. No
        # must_exist: a new database is made from the seed first, in the same transaction.
        session = self._reading() if dry_run else self._writing(must_exist=False)
        with _opened(path) as source, session as store:
            load = store.boundaries.loading()
            checker = FeatureChecker(code_property)
            problems: dict[int, tuple[str | None, list[str]]] = {}
            without_code = 0  # refused features that have no code (the table has the rest)

            def checked() -> Iterator[CheckedFeature]:
                nonlocal without_code
                for number, feature in features(text_chunks(_blocks(source), shown), shown):
                    done.features = number
                    result = checker.check(number, feature)
                    if result.errors:
                        without_code += result.code is None
                        if len(problems) < SHOWN_PROBLEMS:
                            messages = [error.message for error in result.errors]
                            problems[number] = (result.code, messages)
                    yield result

            load.add(checked())
            unknown, refused = load.refused(SHOWN_PROBLEMS)
            for number, code in unknown:
                message = text("error.boundary_unknown_region", code=code)
                problems.setdefault(number, (code, []))[1].append(message)
            refused += without_code
            if refused:
                listed = [
                    (number, code, " ".join(messages))
                    for number, (code, messages) in sorted(problems.items())
                ]
                raise BoundariesRefusedError(shown, done.features, refused, listed[:SHOWN_PROBLEMS])
            changes = load.plan()
            done.added, done.replaced, done.unchanged = (
                changes.added,
                changes.replaced,
                changes.unchanged,
            )
            _count_levels(done, load.codes())
            done.area = store.regions.get(_holder(load.codes()))
            if not dry_run:
                load.apply()
            load.close()
        return done


def _count_levels(done: BoundaryLoad, codes: Iterator[str]) -> None:
    for code in codes:
        region = RegionCode(code)
        level = region.level or Level.PROVINSI
        done.by_level[level] = done.by_level.get(level, 0) + 1
        if region.village_kind == "kelurahan":
            done.kelurahan += 1
        elif region.village_kind == "desa":
            done.desa += 1


def _holder(codes: Iterator[str]) -> RegionCode:
    """The smallest region above every code (the codes come in order: the first and the last
    share what all share)."""
    first = last = None
    shallowest = len(LEVELS_BY_DEPTH)
    for code in codes:
        first = first or code
        last = code
        shallowest = min(shallowest, code.count("."))
    if first is None or last is None:
        return INDONESIA_CODE
    shared = 0
    for mine, theirs in zip(first.split("."), last.split("."), strict=False):
        if mine != theirs:
            break
        shared += 1
    shared = min(shared, shallowest)  # strictly above the highest region loaded
    return RegionCode(".".join(first.split(".")[:shared])) if shared else INDONESIA_CODE


class _opened:
    """The file, open for reading, if it is a regular file (never a folder, a pipe or a
    device, which could block or never end)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            handle = os.open(self.path, flags)
        except FileNotFoundError:
            raise RefusedError("error.import_missing", path=self.path) from None
        except IsADirectoryError:
            raise RefusedError("error.boundary_not_file", path=self.path) from None
        except OSError as error:
            raise RefusedError(
                "error.import_unreadable", path=self.path, detail=error.strerror
            ) from None
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            os.close(handle)
            raise RefusedError("error.boundary_not_file", path=self.path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
        self.file = os.fdopen(handle, "rb")
        return self.file

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()


def _blocks(source: BinaryIO) -> Iterator[bytes]:
    from kkb_cli.domain.boundaries import CHUNK

    while block := source.read(CHUNK):
        yield block
