"""A Kampung KB record, and the rules for registering a formation or a plan."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, overload

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, Answer, Attribute, AttributeValue
from kkb_cli.domain.dates import (
    FIRST_YEAR,
    check_formation_date,
    check_formation_year,
    check_plan_year,
)
from kkb_cli.domain.regions import Village
from kkb_cli.domain.status import Status
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import long_date


@dataclass(frozen=True)
class KampungRecord:
    """One kelurahan's Kampung KB: formed (year known, date optional) or planned for a year.

    ``planned_year`` stays on a formed record that was planned first, so a report can still
    compare the plan with what happened.
    """

    village_code: str
    status: Status
    formed_year: int | None = None
    formed_date: date | None = None
    planned_year: int | None = None
    name: str | None = None
    sk_number: str | None = None
    note: str | None = None
    # Only known attributes are here: one that is absent is unknown, never "no".
    attributes: Mapping[Attribute, AttributeValue] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The year that matters for the status: formed in, or planned for."""
        return self.formed_year if self.status is Status.FORMED else self.planned_year

    def answer(self, attribute: Attribute, as_of: date) -> Answer | None:
        """What was known of ``attribute`` on ``as_of``: an answer dated later was not known
        yet (an undated one counts as known all along); None means unknown."""
        value = self.attributes.get(attribute)
        if value is None or (value.since is not None and value.since > as_of):
            return None
        return value.answer


@dataclass(frozen=True)
class Details:
    """Free-text fields a user may give with any registration; None leaves a field as it was."""

    name: str | None = None
    sk_number: str | None = None
    note: str | None = None


class Outcome(StrEnum):
    FORMED = "formed"  # a new formation
    PLAN_FORMED = "plan_formed"  # a planned kelurahan's Kampung KB was formed
    PLANNED = "planned"  # a new plan
    PLAN_MOVED = "plan_moved"  # a plan moved to another year
    PLAN_DETAILS = "plan_details"  # the same year, with a new name, SK or note
    PLAN_KEPT = "plan_kept"  # the same plan again: nothing to change


@dataclass(frozen=True)
class Change:
    """One village's record before and after a command; None means no record."""

    village_code: str
    before: KampungRecord | None
    after: KampungRecord | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Registration:
    record: KampungRecord
    outcome: Outcome
    previous: KampungRecord | None

    @property
    def changed(self) -> bool:
        return self.record != self.previous

    @property
    def change(self) -> Change:
        return Change(self.record.village_code, self.previous, self.record)


@dataclass(frozen=True)
class Edit:
    """What `kkb edit` was asked to change; None leaves a field alone, "" clears a text field."""

    year: int | None = None
    day: date | None = None
    planned: int | None = None
    name: str | None = None
    sk_number: str | None = None
    note: str | None = None

    @property
    def empty(self) -> bool:
        return self == Edit()


def formation_when(year: int | None, day: date | None, today: date) -> tuple[int, date | None]:
    """The (year, date) of a formation from what the user gave: a year, a date, both or neither.

    Neither means formed today. Both must agree. The result lies in 2016 … today.
    """
    if day is not None:
        if year is not None and year != day.year:
            raise RefusedError("error.year_date_disagree", year=year, day=long_date(day))
        check_formation_date(day, today)
        return day.year, day
    if year is None:
        return today.year, today
    check_formation_year(year, today)
    return year, None


def register_formation(
    existing: KampungRecord | None,
    village: Village,
    year: int,
    day: date | None,
    details: Details,
) -> Registration:
    """Record that ``village`` formed its Kampung KB; a plan becomes the formation."""
    _refuse_if_formed(existing, village, "error.already_formed")
    base = existing or KampungRecord(village_code=village.code, status=Status.FORMED)
    record = _with_details(
        replace(base, status=Status.FORMED, formed_year=year, formed_date=day), details
    )
    outcome = Outcome.FORMED if existing is None else Outcome.PLAN_FORMED
    return Registration(record, outcome, existing)


def register_plan(
    existing: KampungRecord | None,
    village: Village,
    year: int,
    details: Details,
    today: date,
) -> Registration:
    """Record a plan to form ``village``'s Kampung KB in ``year``; re-planning moves the year."""
    check_plan_year(year, today)
    _refuse_if_formed(existing, village, "error.plan_already_formed")
    base = existing or KampungRecord(village_code=village.code, status=Status.PLANNED)
    record = _with_details(replace(base, planned_year=year), details)
    if existing is None:
        outcome = Outcome.PLANNED
    elif existing.planned_year != year:
        outcome = Outcome.PLAN_MOVED
    else:
        outcome = Outcome.PLAN_DETAILS if record != existing else Outcome.PLAN_KEPT
    return Registration(record, outcome, existing)


def edit_record(
    existing: KampungRecord | None, village: Village, edit: Edit, today: date
) -> Change:
    """Correct a village's record: its formation year or date, its plan, or its details.

    A new year or date makes (or keeps) the record formed; ``planned`` turns it back into a
    plan, for a formation registered by mistake. A date is kept when only a matching year is
    given, and dropped when the year changes.
    """
    if existing is None:
        raise RefusedError("error.no_record", village=village.name, code=village.code)
    record = existing
    if edit.year is not None or edit.day is not None:
        year, day = formation_when(edit.year, edit.day, today)
        if edit.day is None and existing.formed_date and existing.formed_date.year == year:
            day = existing.formed_date
        record = replace(record, status=Status.FORMED, formed_year=year, formed_date=day)
    elif edit.planned is not None:
        check_plan_year(edit.planned, today)
        record = replace(
            record,
            status=Status.PLANNED,
            planned_year=edit.planned,
            formed_year=None,
            formed_date=None,
        )
    record = replace(
        record,
        name=_edited(edit.name, record.name),
        sk_number=_edited(edit.sk_number, record.sk_number),
        note=_edited(edit.note, record.note),
    )
    return Change(village.code, existing, record)


def set_attributes(
    existing: KampungRecord | None,
    village: Village,
    assignments: Sequence[tuple[Attribute, Answer | None]],
    since: date | None,
    today: date,
) -> Change:
    """Record what a Kampung KB has (yes), lacks (no) or is not known to have (None).

    ``since`` dates the answers given (default: today, so that a report as of an earlier date
    does not count them); an answer that does not change keeps its date unless a new one is
    given. Only the latest answer is kept here; earlier ones are in the history.
    """
    if existing is None:
        raise RefusedError("error.no_record", village=village.name, code=village.code)
    if since is not None and since > today:
        raise RefusedError(
            "error.attribute_date_future", day=long_date(since), today=long_date(today)
        )
    if since is not None and since.year < FIRST_YEAR:
        raise RefusedError("error.before_programme", when=long_date(since), first=FIRST_YEAR)
    if since is not None and existing.status is Status.FORMED and existing.formed_year:
        formed = existing.formed_date or date(existing.formed_year, 1, 1)
        if since < formed:  # what a Kampung KB has cannot date from before it was formed
            raise RefusedError(
                "error.attribute_before_formation",
                village=village.name,
                day=long_date(since),
                formed=long_date(existing.formed_date)
                if existing.formed_date
                else str(existing.formed_year),
            )
    dated = since is not None
    since = since or today
    given: dict[Attribute, Answer | None] = {}
    for attribute, answer in assignments:
        if given.get(attribute, answer) != answer:
            raise UsageError("error.attribute_twice", attribute=attribute.value)
        given[attribute] = answer
    attributes = dict(existing.attributes)
    for attribute, answer in given.items():
        current = attributes.get(attribute)
        if answer is None:
            attributes.pop(attribute, None)
        elif current is None or current.answer != answer or dated:
            attributes[attribute] = AttributeValue(answer, since)
    ordered = {a: attributes[a] for a in ALL_ATTRIBUTES if a in attributes}
    return Change(village.code, existing, replace(existing, attributes=ordered))


def _edited(given: str | None, current: str | None) -> str | None:
    if given is None:
        return current
    return given.strip() or None  # an empty value clears the field


def _refuse_if_formed(existing: KampungRecord | None, village: Village, key: str) -> None:
    if existing is not None and existing.status is Status.FORMED:
        raise RefusedError(key, village=village.name, code=village.code, year=existing.formed_year)


def _with_details(record: KampungRecord, details: Details) -> KampungRecord:
    """The record with the details given; spaces around a value are not kept, and a blank
    value leaves the field as it was."""
    return replace(
        record,
        name=_given(details.name) or record.name,
        sk_number=_given(details.sk_number) or record.sk_number,
        note=_given(details.note) or record.note,
    )


def _given(value: str | None) -> str | None:
    return value.strip() if value is not None else None


# -- a record as plain data (history, `kkb history --json`, change sentences) ----------------

# One village and its record, as `kkb list`, the exports and `kkb import csv` name the columns.
KAMPUNG_COLUMNS = (
    "kelurahan_code", "kelurahan", "kecamatan_code", "kecamatan", "status", "year", "date",
    "planned_year", "name", "sk_number", "note",
    *(attribute.value for attribute in ALL_ATTRIBUTES),  # yes, no, or empty (unknown)
)  # fmt: skip
RECORD_FIELDS = (
    "status", "formed_year", "formed_date", "planned_year", "name", "sk_number", "note",
)  # fmt: skip
# Since schema 3 a record's values also hold its known attributes, by attribute key:
# {"dashat": {"answer": "yes", "since": "2024-03-01"}}. Older entries have no such key, which
# means none were known.
ATTRIBUTES = "attributes"


@overload
def record_values(record: KampungRecord) -> dict[str, Any]: ...
@overload
def record_values(record: None) -> None: ...
@overload
def record_values(record: KampungRecord | None) -> dict[str, Any] | None: ...
def record_values(record: KampungRecord | None) -> dict[str, Any] | None:
    """A record's stored fields (without its code), as history and `kkb history --json` show."""
    if record is None:
        return None
    day = record.formed_date
    return {
        "status": record.status.value,
        "formed_year": record.formed_year,
        "formed_date": day.isoformat() if day is not None else None,
        "planned_year": record.planned_year,
        "name": record.name,
        "sk_number": record.sk_number,
        "note": record.note,
        ATTRIBUTES: {
            attribute.value: {
                "answer": value.answer.value,
                "since": value.since.isoformat() if value.since else None,
            }
            for attribute, value in record.attributes.items()
        }
        if record.attributes
        else {},
    }
