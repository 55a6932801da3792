"""Use cases on one desa/kelurahan's Kampung KB: register or plan it, correct it, remove it,
record what it has, and read its history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from kkb_cli.application.base import (
    Coverage,
    OfficeBase,
    Place,
    coverage_of,
    kecamatan_of,
    place_of,
    scope_of,
)
from kkb_cli.domain import records as rules
from kkb_cli.domain.attributes import parse_assignment
from kkb_cli.domain.records import Change, Details, Edit, KampungRecord, Registration
from kkb_cli.domain.regions import Level, Region, RegionCode, Village
from kkb_cli.domain.targets import TargetCheck
from kkb_cli.errors import KkbError, RefusedError, UsageError
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.storage.history import Seal
    from kkb_cli.storage.records import HistoryRow
    from kkb_cli.storage.store import Store

T = TypeVar("T")


@dataclass(frozen=True)
class Registered:
    registration: Registration
    village: Village
    coverage: Coverage


@dataclass(frozen=True)
class Changed:
    """A record before and after a use case (unchanged when both are the same)."""

    change: Change
    village: Village
    coverage: Coverage | None = None


class RecordUseCases(OfficeBase):
    def register(self, village: str, **options: Any) -> Registered:
        """Register one Kampung KB (see ``register_all``)."""
        return self.register_all([village], **options)[0]

    def register_all(
        self,
        villages: Sequence[str],
        *,
        year: int | None = None,
        day: date | None = None,
        planned: int | None = None,
        details: Details = Details(),  # noqa: B008 (immutable)
        scope: str | None = None,
        kecamatan: str | None = None,
        today: date | None = None,
    ) -> list[Registered]:
        """Register the Kampung KB of each village, formed in ``year`` or on ``day`` (today
        when neither), or with ``planned`` a plan to form it in that year: all or nothing, in
        one transaction (on a new file, with the seed)."""
        if planned is not None and (year is not None or day is not None):
            raise UsageError("error.planned_with_formation")
        today = today or date.today()
        formation = rules.formation_when(year, day, today) if planned is None else None
        with self._writing(must_exist=False) as store:

            def registered(place: Place) -> Registered:
                existing = store.records.get(place.village.code)
                if formation is not None:
                    registration = rules.register_formation(
                        existing, place.village, *formation, details
                    )
                else:
                    registration = rules.register_plan(
                        existing, place.village, planned or 0, details, today
                    )
                if registration.changed:
                    store.records.apply([registration.change])
                return Registered(registration, place.village, coverage_of(store, place.area))

            return _each(store, villages, scope, kecamatan, registered)

    def edit(
        self,
        village: str,
        wanted: Edit,
        *,
        scope: str | None = None,
        kecamatan: str | None = None,
        today: date | None = None,
    ) -> Changed:
        """Correct a record: only what ``wanted`` gives changes."""
        if wanted.planned is not None and (wanted.year is not None or wanted.day is not None):
            raise UsageError("error.planned_with_formation")
        if wanted.empty:
            raise UsageError("error.edit_nothing")
        with self._writing() as store:
            place = place_of(store, village, scope, kecamatan)
            change = rules.edit_record(
                store.records.get(place.village.code), place.village, wanted, today or date.today()
            )
            if change.changed:
                store.records.apply([change])
            return Changed(change, place.village, coverage_of(store, place.area))

    def record(
        self, village: str, *, scope: str | None = None, kecamatan: str | None = None
    ) -> tuple[Village, KampungRecord]:
        """A village's record as it is now (what a confirmation shows); refused when it has
        none."""
        with self._reading(must_exist=True) as store:
            place = place_of(store, village, scope, kecamatan)
            return place.village, _existing(store.records.get(place.village.code), place)

    def remove(
        self,
        village: str,
        *,
        scope: str | None = None,
        kecamatan: str | None = None,
        expected: KampungRecord | None = None,
    ) -> Changed:
        """Remove a village's record; the history keeps its values. With ``expected`` (what a
        person confirmed), nothing is removed if the record changed meanwhile."""
        with self._writing() as store:
            place = place_of(store, village, scope, kecamatan)
            record = _existing(store.records.get(place.village.code), place)
            if expected is not None and record != expected:
                raise RefusedError(
                    "error.remove_changed", village=place.village.name, code=place.village.code
                )
            change = Change(place.village.code, record, None)
            store.records.apply([change])
            return Changed(change, place.village, coverage_of(store, place.area))

    def set_attributes(self, village: str, assignments: Sequence[str], **options: Any) -> Changed:
        """Record what one Kampung KB has (see ``set_attributes_all``)."""
        return self.set_attributes_all([village], assignments, **options)[0]

    def set_attributes_all(
        self,
        villages: Sequence[str],
        assignments: Sequence[str],
        *,
        since: date | None = None,
        scope: str | None = None,
        kecamatan: str | None = None,
        today: date | None = None,
    ) -> list[Changed]:
        """Record what each Kampung KB has (``dashat=yes pokja=tidak pik-r=?``): all or
        nothing, in one transaction."""
        given = [parse_assignment(assignment) for assignment in assignments]
        if not given:
            raise UsageError("error.assignment_none")
        with self._writing() as store:

            def changed(place: Place) -> Changed:
                change = rules.set_attributes(
                    store.records.get(place.village.code),
                    place.village,
                    given,
                    since,
                    today or date.today(),
                )
                if change.changed:
                    store.records.apply([change])
                return Changed(change, place.village)

            return _each(store, villages, scope, kecamatan, changed)

    def history(
        self,
        village: str | None = None,
        *,
        limit: int | None = None,
        scope: str | None = None,
        kecamatan: str | None = None,
    ) -> list[HistoryRow]:
        """Recorded changes, newest first: all, those of the villages of ``scope`` (when given),
        or one village's (also of a village a newer region list removed, by its code)."""
        with self._reading(must_exist=True) as store:
            code = None
            if village is None:
                if scope is None and kecamatan is None:
                    return store.records.history(None, limit)
                region = scope_of(store, scope)
                if kecamatan is not None:
                    region = kecamatan_of(store, region, kecamatan)
                return store.records.history(None, limit, within=region.region_code)
            if village is not None:
                try:
                    code = place_of(store, village, scope, kecamatan).village.code
                except RefusedError:
                    given = village.strip()
                    removed = (
                        RegionCode.is_code(given)
                        and RegionCode(given).level is Level.DESA_KELURAHAN
                        and store.records.history(given, 1)
                    )
                    if not removed:
                        raise
                    code = given
            return store.records.history(code, limit)

    def seal(self) -> Seal:
        """The head of the history's hash chain, to keep outside the file."""
        with self._reading(must_exist=True) as store:
            return store.file.seal()


def _each(
    store: Store,
    villages: Sequence[str],
    scope: str | None,
    kecamatan: str | None,
    done: Callable[[Place], T],
) -> list[T]:
    """``done`` for each village, all or nothing: one village's refusal is its own error; of
    several, every refused one is named, and the transaction is undone."""
    if not villages:
        raise UsageError("error.no_village")
    results: list[T] = []
    refused: list[str] = []
    seen: dict[str, str] = {}
    for village in villages:
        try:
            place = place_of(store, village, scope, kecamatan)
            if place.village.code in seen:
                raise RefusedError(
                    "error.village_twice",
                    village=place.village.name,
                    first=seen[place.village.code],
                )
            seen[place.village.code] = village
            results.append(done(place))
        except KkbError as error:
            if len(villages) == 1:
                raise
            refused.append(text("error.village_problem", village=village, message=error.message))
    if refused:
        raise RefusedError(
            "error.several_refused",
            refused=len(refused),
            count=len(villages),
            details=tuple(refused),
        )
    return results


def _existing(record: KampungRecord | None, place: Place) -> KampungRecord:
    if record is None:
        raise RefusedError("error.no_record", village=place.village.name, code=place.village.code)
    return record


@dataclass(frozen=True)
class Profile:
    """One desa/kelurahan on one screen: where it lies, its Kampung KB (None: not yet), the
    targets that count it, and its latest history."""

    village: Village
    path: list[Region]  # provinsi, kabupaten/kota, kecamatan
    record: KampungRecord | None
    targets: list[TargetCheck]
    history: list[HistoryRow]


class ProfileUseCases(OfficeBase):
    def show(
        self,
        village: str,
        *,
        scope: str | None = None,
        kecamatan: str | None = None,
        history: int = 5,
        today: date | None = None,
    ) -> Profile:
        """Everything about one desa/kelurahan's Kampung KB."""
        from kkb_cli.domain.progress import build_report

        today = today or date.today()
        with self._reading() as store:
            place = place_of(store, village, scope, kecamatan)
            code = RegionCode(place.village.code)
            path = [
                region
                for level in (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN)
                if (region := store.regions.get(code.ancestor(level))) is not None
            ]
            checks: list[TargetCheck] = []
            for region in path:
                if any(
                    t.region_code == region.code for t in store.targets.within(region.region_code)
                ):
                    report = build_report(store.reports.scope_data(region, today), today)
                    checks += [c for c in report.targets if c.region.code == region.code]
            return Profile(
                place.village,
                path,
                store.records.get(place.village.code),
                checks,
                store.records.history(place.village.code, history),
            )
