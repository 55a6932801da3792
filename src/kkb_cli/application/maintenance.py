"""Use cases on the database file itself: create it, say what it holds, copy it, check it,
upgrade it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kkb_cli.application.base import OfficeBase
from kkb_cli.domain.regions import Level, Region, village_noun
from kkb_cli.errors import DatabaseError, RefusedError
from kkb_cli.storage.database import Mode
from kkb_cli.storage.migrations import SCHEMA_VERSION

if TYPE_CHECKING:
    from kkb_cli.storage.checks import Finding


@dataclass(frozen=True)
class FileInfo:
    path: Path
    schema_version: int
    journal_mode: str
    scope: Region
    counts: dict[str, int]  # regions by level, records by status, targets, history


@dataclass(frozen=True)
class NewFile:
    """A database made from the seed."""

    path: Path
    villages: int
    noun: str
    counts: dict[str, int]


@dataclass(frozen=True)
class CheckResult:
    problems: list[Finding]
    counts: dict[str, int]  # empty when there are problems
    sealed_entries: int | None = None  # entries up to the seal given, when it holds

    @property
    def regions(self) -> int:
        return sum(self.counts.get(level.value, 0) for level in Level)

    @property
    def records(self) -> int:
        return self.counts.get("formed", 0) + self.counts.get("planned", 0)


class MaintenanceUseCases(OfficeBase):
    def create(self, *, with_records: bool = True) -> NewFile:
        """Make a new database from the seed, and its folder if need be (refused if the file
        holds one already); with ``with_records=False`` an office's own: the seed's regions,
        and no records, targets or history of the seed's kota."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(
                "error.db_cannot_create", path=self.path, detail=error.strerror
            ) from None
        with self._session(Mode.CREATE, with_records=with_records) as store:
            kelurahan, desa = store.regions.village_kinds(store.regions.scope().region_code)
            return NewFile(
                self.path, kelurahan + desa, village_noun(kelurahan, desa), store.file.counts()
            )

    def info(self) -> FileInfo:
        with self._reading() as store:
            return FileInfo(
                self.path.resolve(),
                store.file.schema_version(),
                store.file.journal_mode(),
                store.regions.scope(),
                store.file.counts(),
            )

    def backup(self, target: Path, *, force: bool = False) -> dict[str, int]:
        """A consistent, checked copy at ``target``, safe while others write; returns what it
        holds."""
        with self._reading(must_exist=True) as store:
            if target.exists() and target.samefile(self.path):
                raise RefusedError("error.backup_is_database", path=target)
            store.file.backup(target, force=force)
            return store.file.counts()

    def check(self, *, recount: bool = False, seal: str | None = None) -> CheckResult:
        """SQLite's integrity check, then kkb's rules, the whole history chain and, with
        ``seal``, that the history up to it is unchanged. Reads the file as it is (read-only)
        unless ``recount``, which first counts the kept counts again."""
        mode = Mode.WRITE if recount else Mode.CHECK
        with self._session(mode, must_exist=True) as store:
            if recount:
                store.file.recount()
            problems = store.file.problems(seal)
            if problems:
                return CheckResult(problems, {})
            sealed = store.file.sealed_entries(seal) if seal is not None else None
            return CheckResult([], store.file.counts(), sealed)

    def upgrade(self) -> int | None:
        """Upgrade a file from an older kkb (any use case does it first); the schema version
        it was at, or None when it was current already."""
        with self._session(Mode.CHECK, must_exist=True) as store:
            version = store.file.schema_version()
        if version >= SCHEMA_VERSION:
            return None
        with self._writing():
            pass  # opening the file for writing upgrades it
        return version
