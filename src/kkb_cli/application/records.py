"""Use cases on one desa/kelurahan's Kampung KB: register or plan it, correct it, remove it,
record what it has, and read its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kkb_cli.application.base import (
    Coverage,
    OfficeBase,
    Place,
    coverage_of,
    place_of,
)
from kkb_cli.domain import records as rules
from kkb_cli.domain.attributes import parse_assignment
from kkb_cli.domain.records import Change, Details, Edit, KampungRecord, Registration
from kkb_cli.domain.regions import Level, RegionCode, Village
from kkb_cli.errors import RefusedError, UsageError

if TYPE_CHECKING:
    from kkb_cli.storage.history import Seal
    from kkb_cli.storage.records import HistoryRow


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
    def register(
        self,
        village: str,
        *,
        year: int | None = None,
        day: date | None = None,
        planned: int | None = None,
        details: Details = Details(),  # noqa: B008 (immutable)
        scope: str | None = None,
        today: date | None = None,
    ) -> Registered:
        """Register a Kampung KB formed in ``year`` or on ``day`` (today when neither), or
        with ``planned`` a plan to form one in that year. On a new file the seed and this
        registration are one transaction."""
        if planned is not None and (year is not None or day is not None):
            raise UsageError("error.planned_with_formation")
        today = today or date.today()
        formation = rules.formation_when(year, day, today) if planned is None else None
        with self._writing(must_exist=False) as store:
            place = place_of(store, village, scope)
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

    def edit(
        self, village: str, wanted: Edit, *, scope: str | None = None, today: date | None = None
    ) -> Changed:
        """Correct a record: only what ``wanted`` gives changes."""
        if wanted.planned is not None and (wanted.year is not None or wanted.day is not None):
            raise UsageError("error.planned_with_formation")
        if wanted.empty:
            raise UsageError("error.edit_nothing")
        with self._writing() as store:
            place = place_of(store, village, scope)
            change = rules.edit_record(
                store.records.get(place.village.code), place.village, wanted, today or date.today()
            )
            if change.changed:
                store.records.apply([change])
            return Changed(change, place.village, coverage_of(store, place.area))

    def record(self, village: str, *, scope: str | None = None) -> tuple[Village, KampungRecord]:
        """A village's record as it is now (what a confirmation shows); refused when it has
        none."""
        with self._reading(must_exist=True) as store:
            place = place_of(store, village, scope)
            return place.village, _existing(store.records.get(place.village.code), place)

    def remove(
        self, village: str, *, scope: str | None = None, expected: KampungRecord | None = None
    ) -> Changed:
        """Remove a village's record; the history keeps its values. With ``expected`` (what a
        person confirmed), nothing is removed if the record changed meanwhile."""
        with self._writing() as store:
            place = place_of(store, village, scope)
            record = _existing(store.records.get(place.village.code), place)
            if expected is not None and record != expected:
                raise RefusedError(
                    "error.remove_changed", village=place.village.name, code=place.village.code
                )
            change = Change(place.village.code, record, None)
            store.records.apply([change])
            return Changed(change, place.village, coverage_of(store, place.area))

    def set_attributes(
        self,
        village: str,
        assignments: list[str],
        *,
        since: date | None = None,
        scope: str | None = None,
        today: date | None = None,
    ) -> Changed:
        """Record what a Kampung KB has: ``dashat=yes pokja=tidak pik-r=?``."""
        given = [parse_assignment(assignment) for assignment in assignments]
        with self._writing() as store:
            place = place_of(store, village, scope)
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

    def history(
        self, village: str | None = None, *, limit: int | None = None, scope: str | None = None
    ) -> list[HistoryRow]:
        """Recorded changes, newest first: all, or one village's (also of a village a newer
        region list removed, by its code)."""
        with self._reading(must_exist=True) as store:
            code = None
            if village is not None:
                try:
                    code = place_of(store, village, scope).village.code
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


def _existing(record: KampungRecord | None, place: Place) -> KampungRecord:
    if record is None:
        raise RefusedError("error.no_record", village=place.village.name, code=place.village.code)
    return record
