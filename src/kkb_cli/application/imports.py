"""Use cases that load files: Kampung KB records from a spreadsheet, and a Kemendagri region
list. Both are all or nothing: every row is checked, every wrong one reported (the first
hundred, then how many more), and nothing is written unless all are right.

A file is read twice (see ``RowSource``): once to check its form before the database is
opened, so that a bad file never waits for a lock, and once, a row at a time, under the write
lock. Neither the file nor its rows are held in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from kkb_cli.application.base import OfficeBase, scope_of, village_lookup
from kkb_cli.domain.regions import Level, RegionCode, VillageFinder
from kkb_cli.errors import KkbError, RefusedError
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.imports import ImportPlan
    from kkb_cli.domain.records import Change
    from kkb_cli.domain.region_list import KeptRegion

T = TypeVar("T")
_BATCH = 2000  # rows written at a time, inside the one transaction


class RowSource(Protocol):
    """A file of rows read twice: ``render.csvin.CsvFile`` is one."""

    @property
    def name(self) -> str:
        """The file as a person named it (or "standard input")."""
        ...

    @property
    def short_name(self) -> str:
        """The file's own name (or "stdin"), as the history records the import."""
        ...

    @property
    def rows_checked(self) -> int: ...

    def check(self) -> list[str]:
        """Read the whole file once, checking its form; returns its header."""
        ...

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The rows after the header, with the line each starts on."""
        ...


Progress = Callable[[Iterable[tuple[int, list[str]]], int], Iterable[tuple[int, list[str]]]]


def _no_progress(rows: Iterable[T], total: int) -> Iterable[T]:
    return rows


@dataclass
class RegionImport:
    """What loading a region list did (or, in a dry run, would do)."""

    added: int
    renamed: int
    removed: int
    unchanged: int
    kept: list[KeptRegion]


@dataclass
class RefusedRows:
    """The rows an import refused: the first hundred (line, message), and how many in all."""

    rows: int
    refused: int
    problems: list[tuple[int, str]] = field(default_factory=list)


class ImportRefusedError(RefusedError):
    """An import refused whole; ``details`` name each refused row shown."""

    def __init__(self, key: str, source: str, refused: RefusedRows) -> None:
        details = tuple(
            text("import.line_problem", line=line, message=m) for line, m in refused.problems
        )
        if refused.refused > len(details):
            details += (text("import.more_problems", count=refused.refused - len(details)),)
        super().__init__(
            key, refused=refused.refused, rows=refused.rows, path=source, details=details
        )
        self.refused_rows = refused


class CheckedRows(Protocol):
    """What an import's check found (an ``ImportPlan`` or an ``ActivityImportPlan``)."""

    rows: int
    refused: int

    @property
    def problems(self) -> Sequence[RowProblemLike]: ...


class RowProblemLike(Protocol):
    @property
    def line(self) -> int: ...

    @property
    def error(self) -> KkbError: ...


def refuse_bad_rows(plan: CheckedRows, source: RowSource, refusal: str) -> None:
    """Refuse the whole file if any row was refused (``refusal``: the message, then every
    bad line, the first hundred), or if it had no row at all; else let the import write."""
    if plan.refused:
        refused = RefusedRows(
            plan.rows, plan.refused, [(p.line, p.error.message) for p in plan.problems]
        )
        raise ImportRefusedError(refusal, source.name, refused)
    if not plan.rows:  # a header alone: most likely the wrong file, or an empty export
        raise RefusedError("error.import_no_rows", path=source.name)


class ImportUseCases(OfficeBase):
    def import_records(
        self,
        source: RowSource,
        *,
        update: bool = False,
        dry_run: bool = False,
        scope: str | None = None,
        progress: Progress = _no_progress,
        shown: int | None = 20,
        today: date | None = None,
    ) -> ImportPlan:
        """Import Kampung KB records, all or nothing. A row that would change an existing
        record is refused unless ``update``; a dry run checks everything and writes nothing
        (its plan keeps the first ``shown`` changes, to show; None: all)."""
        from kkb_cli.domain.imports import ImportPlan, RowChange, check_rows, read_header

        columns = read_header(source.check())
        plan = ImportPlan()
        with (
            self._reading(must_exist=True)
            if dry_run
            else self._writing(command=f"import csv {source.short_name}")
        ) as store:
            region = scope_of(store, scope)
            finder = VillageFinder(
                village_lookup(store, region),
                store.regions.lookup(region.region_code, Level.KECAMATAN, "kecamatan"),
                lambda area: village_lookup(store, area),
            )
            outcomes = check_rows(
                columns,
                progress(source.rows(), source.rows_checked),
                finder,
                store.records.get,
                update=update,
                today=today or date.today(),
                suggesting=lambda: plan.suggesting,
                seen=store.regions.seen_codes(),
            )
            batch: list[Change] = []
            touched: set[str] = set()  # the villages' kabupaten/kota, to recount once

            def flush() -> None:
                written = store.records.apply(batch, recount=False)
                touched.update(RegionCode(w).ancestor(Level.KABUPATEN_KOTA).value for w in written)
                batch.clear()

            for outcome in outcomes:
                plan.count(outcome, keep_changes=shown if dry_run else 0)
                if dry_run or plan.refused or not isinstance(outcome, RowChange):
                    continue
                batch.append(outcome.change)
                if len(batch) >= _BATCH:
                    flush()
            refuse_bad_rows(plan, source, "error.import_refused")
            if batch:
                flush()
            if touched:
                store.records.recount(sorted(touched))
        return plan

    def import_regions(
        self,
        source: RowSource,
        *,
        dry_run: bool = False,
        show: Callable[[str, str, str, str | None], None] | None = None,
    ) -> RegionImport:
        """Load a Kemendagri region list, all or nothing: new regions are added, renamed ones
        renamed, and regions a listed kabupaten/kota or kecamatan no longer has removed,
        unless something uses them (they are kept and reported). ``show`` gets each change
        (what, code, name, old name), in code order, while the file is read (a dry run)."""
        from kkb_cli.domain.imports import SHOWN_PROBLEMS
        from kkb_cli.domain.region_list import RowChecker, read_region_header

        checker = RowChecker(read_region_header(source.check()))
        # No must_exist: a new file is made from the seed first, in the same transaction.
        with self._reading() if dry_run else self._writing(must_exist=False) as store:
            load = store.regions.list_load()
            bad: list[tuple[int, str]] = []
            counted = RefusedRows(0, 0)

            def checked() -> Iterator[tuple[int, str, object]]:
                for line, cells in source.rows():
                    counted.rows += 1
                    region, code, errors = checker.check(line, cells)
                    if errors:
                        counted.refused += 1
                        if len(bad) < SHOWN_PROBLEMS:
                            bad.append((line, _joined(errors)))
                    if code is not None:
                        yield line, code, region

            load.add(checked())  # type: ignore[arg-type]
            between, count = load.problems(SHOWN_PROBLEMS)
            if bad or count:
                counted.refused += count
                shown = bad + [(line, e.message) for line, e in between]
                counted.problems = _merged(shown)[:SHOWN_PROBLEMS]
                raise ImportRefusedError("error.region_refused", source.name, counted)
            changes = load.plan()
            if show is not None:
                for line in load.lines():
                    show(*line)
            if changes.any and not dry_run:
                load.apply()
            load.close()
        return RegionImport(
            changes.added, changes.renamed, changes.removed, changes.unchanged, changes.kept
        )


def _joined(errors: Sequence[KkbError]) -> str:
    return " ".join(error.message for error in errors)


def _merged(problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Problems found row by row and between rows, one line each, in line order."""
    by_line: dict[int, list[str]] = {}
    for line, message in sorted(problems):
        by_line.setdefault(line, []).append(message)
    return [(line, " ".join(messages)) for line, messages in by_line.items()]
