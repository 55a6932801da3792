"""Programme activities: what an agency (OPD) delivers through a Kampung KB, and what the
office reads from them: which agencies have entered which Kampung KB.

An activity belongs to one formed Kampung KB and one day, has a title, and may name its
Inpres 3/2022 kegiatan (or *lainnya*), the agencies that delivered it (one or more), the family
function it serves, its participant groups, a place, a description and how many people it
reached. It is identified by its Kampung KB, its date and its title (compared without regard
to case and spacing): recording or importing the same activity again changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, NamedTuple, Protocol

from kkb_cli.domain.catalogue import Named
from kkb_cli.domain.dates import FIRST_YEAR, check_not_before_programme
from kkb_cli.domain.regions import Region
from kkb_cli.domain.status import Status
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import long_date

MAX_TITLE = 300
MAX_TEXT = 5000
MAX_PEOPLE = 1_000_000

# The portal's "lintas sektor" buckets: formed Kampung KB by how many distinct agencies
# delivered activities in them.
BUCKETS = ("none", "1", "2-4", "5+")


def bucket(agencies: int) -> str:
    if agencies <= 0:
        return "none"
    if agencies == 1:
        return "1"
    return "2-4" if agencies <= 4 else "5+"


def title_key(title: str) -> str:
    """How two titles are the same activity: case and runs of spaces ignored."""
    key = _TITLE_KEYS.get(title)
    if key is None:
        key = " ".join(title.casefold().split())
        if len(title) <= MAX_TITLE:  # an import asks twice for each row's, and titles repeat
            if len(_TITLE_KEYS) >= _TITLE_KEYS_KEPT:
                _TITLE_KEYS.clear()
            _TITLE_KEYS[title] = key
    return key


_TITLE_KEYS: dict[str, str] = {}
_TITLE_KEYS_KEPT = 4096


@dataclass(frozen=True)
class Activity:
    village_code: str
    day: date
    title: str
    kegiatan: int | None = None  # None: lainnya (another activity)
    agencies: tuple[Named, ...] = ()
    fungsi: int | None = None
    groups: tuple[Named, ...] = ()
    place: str | None = None
    description: str | None = None
    people: int | None = None
    id: int | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.village_code, self.day.isoformat(), title_key(self.title))

    def same_as(self, other: Activity) -> bool:
        """The same values, whatever the ids."""
        return replace(self, id=None) == replace(other, id=None)


class Formation(Protocol):
    """What an activity needs of its Kampung KB's record: whether and when it was formed (a
    ``KampungRecord`` is one)."""

    @property
    def status(self) -> Status: ...

    @property
    def formed_year(self) -> int | None: ...

    @property
    def formed_date(self) -> date | None: ...


def checked_activity(
    activity: Activity, record: Formation | None, today: date, village: str = ""
) -> Activity:
    """The activity as it may be stored, or a refusal that says why not: a Kampung KB that is
    not formed (yet), a date before its formation or in the future, an empty title."""
    return checked(
        activity.village_code,
        activity.day,
        activity.title,
        activity.kegiatan,
        activity.agencies,
        activity.fungsi,
        activity.groups,
        activity.place,
        activity.description,
        activity.people,
        record,
        today,
        village,
        activity.id,
    )


def checked(
    village_code: str,
    day: date,
    title: str,
    kegiatan: int | None,
    agencies: Sequence[Named],
    fungsi: int | None,
    groups: Sequence[Named],
    place: str | None,
    description: str | None,
    people: int | None,
    record: Formation | None,
    today: date,
    village: str = "",
    id_: int | None = None,
    *,
    distinct: bool = False,
) -> Activity:
    """``checked_activity`` of an activity given by its fields (an import checks thousands,
    and makes one Activity of each row, not two). ``distinct``: the agencies and groups are
    tuples that name each once, in order, already."""
    title = " ".join(title.split())
    if not title:
        raise UsageError("error.activity_no_title")
    if len(title) > MAX_TITLE:
        raise UsageError("error.activity_title_long", limit=MAX_TITLE)
    if (place is not None and len(place) > MAX_TEXT) or (
        description is not None and len(description) > MAX_TEXT
    ):
        raise UsageError("error.activity_text_long", limit=MAX_TEXT)
    if people is not None and not 0 <= people <= MAX_PEOPLE:
        raise UsageError("error.activity_people", limit=MAX_PEOPLE)
    if day.year < FIRST_YEAR:
        check_not_before_programme(day.year, day.isoformat())
    if day > today:
        raise RefusedError("error.activity_future", day=long_date(day), today=long_date(today))
    if record is None or record.status is not Status.FORMED:
        raise RefusedError(
            "error.activity_no_kampung" if record is None else "error.activity_planned",
            code=_where(village_code, village),
        )
    formed_date = record.formed_date
    if formed_date is not None:
        too_early = day < formed_date
    else:  # formed in a year: from its first day
        too_early = record.formed_year is not None and day.year < record.formed_year
    if too_early:
        raise RefusedError(
            "error.activity_before_formation",
            day=long_date(day),
            formed=long_date(record.formed_date) if record.formed_date else record.formed_year,
            code=_where(village_code, village),
        )
    return Activity(
        village_code,
        day,
        title,
        kegiatan,
        agencies if distinct else _distinct(agencies),  # type: ignore[arg-type]
        fungsi,
        groups if distinct else _distinct(groups),  # type: ignore[arg-type]
        (place.strip() or None) if place is not None else None,
        (description.strip() or None) if description is not None else None,
        people,
        id_,
    )


def _where(village_code: str, village: str) -> str:
    return f"{village} ({village_code})" if village else village_code


def _distinct(named: Sequence[Named]) -> tuple[Named, ...]:
    """Agencies or groups in order, each once (most activities name one or two)."""
    if type(named) is tuple and (
        len(named) < 2 or (len(named) == 2 and named[0] < named[1] and named[0].key != named[1].key)
    ):
        return named
    return distinct(named)


def distinct(named: Iterable[Named]) -> tuple[Named, ...]:
    """Agencies or groups in order, each once: two free-text names that differ only in case,
    spaces or accents ("Karang Taruna", "karang  taruna") are one, written as first given."""
    first: dict[str, Named] = {}
    for item in named:
        first.setdefault(item.key, item)
    return tuple(sorted(first.values()))


def activity_values(activity: Activity | None) -> dict[str, Any] | None:
    """An activity as the history stores it (None: no activity)."""
    if activity is None:
        return None
    return {
        "village_code": activity.village_code,
        "date": activity.day.isoformat(),
        "title": activity.title,
        "kegiatan": activity.kegiatan,
        "agencies": [_named(a) for a in activity.agencies],
        "fungsi": activity.fungsi,
        "groups": [_named(g) for g in activity.groups],
        "place": activity.place,
        "description": activity.description,
        "people": activity.people,
    }


def _named(named: Named) -> Any:
    return [named.code, named.other] if named.other else named.code


def default_since(until: date) -> date:
    """The start of the default period: the 12 months before ``until`` (its day a year
    earlier, plus one: 2025-03-05 → 2024-03-06)."""
    try:
        year_before = until.replace(year=until.year - 1)
    except ValueError:  # 29 February
        year_before = until.replace(year=until.year - 1, day=28)
    return year_before + timedelta(days=1)


def check_period(since: date, until: date) -> None:
    if since > until:
        raise UsageError("error.activity_period", since=since.isoformat(), until=until.isoformat())


# -- what the office reads: agencies in Kampung KB over a period -------------------------------


class AgencyUse(NamedTuple):
    """One agency in a period: Kampung KB it reached, activities, and its last activity (a
    row of a report: a tuple, quick to make)."""

    agency: Named
    kampung: int
    activities: int
    last: date | None


@dataclass
class AreaActivity:
    """Activities of one area's formed Kampung KB over a period. Every count is of distinct
    Kampung KB, and a Kampung KB lies in one area only, so areas add up."""

    formed: int = 0
    buckets: Counter[str] = field(default_factory=Counter)  # formed Kampung KB by bucket

    @property
    def reached(self) -> int:
        return self.formed - self.buckets["none"]


@dataclass(frozen=True)
class ActivityReport:
    """The activities section of ``kkb progress``: which agencies entered which Kampung KB."""

    scope: Region
    since: date
    until: date
    total: AreaActivity
    areas: list[tuple[Region, AreaActivity]]
    activities: int  # in the period
    agencies: list[AgencyUse]  # every agency of the catalogue and every other one named
    fungsi: dict[int, int]  # formed Kampung KB with an activity of each family function
    programs: dict[int, int]  # formed Kampung KB reached by each Inpres programme
    quiet: list[tuple[str, str, str]]  # (code, desa/kelurahan, kecamatan) with no activity
    quiet_count: int
    dashat_unknown: list[tuple[str, str]]  # (code, name): a Dashat activity, attribute unknown
    dashat_unknown_count: int


@dataclass
class ActivitySummary:
    """An area's activities over a period, in sums that add up across areas (a Kampung KB lies
    in one area only): what a report on a provinsi or on Indonesia adds up, one per
    kabupaten/kota, kept between reports on the same period."""

    buckets: Counter[str] = field(default_factory=Counter)  # reached Kampung KB by bucket
    activities: int = 0
    # agency key → (agency, Kampung KB reached, activities, last day as ISO text)
    agencies: dict[str, tuple[Named, int, int, str]] = field(default_factory=dict)
    fungsi: Counter[int] = field(default_factory=Counter)
    programs: Counter[int] = field(default_factory=Counter)
    quiet: list[tuple[str, str, str]] = field(default_factory=list)  # the first, by code
    quiet_count: int = 0
    dashat: list[tuple[str, str]] = field(default_factory=list)
    dashat_count: int = 0
    # A sum of summaries (a provinsi's): the count of writes it was made after (see
    # storage/activities.summaries_generation); it holds while that count does.
    generation: int | None = None

    def add(self, other: ActivitySummary, shown: int) -> None:
        """Add another area's sums (areas added in code order keep the lists in it)."""
        self.buckets.update(other.buckets)
        self.activities += other.activities
        for key, (agency, kampung, count, last) in other.agencies.items():
            _, had_kampung, had_count, had_last = self.agencies.get(key, (agency, 0, 0, ""))
            self.agencies[key] = (
                agency,
                had_kampung + kampung,
                had_count + count,
                max(had_last, last),
            )
        self.fungsi.update(other.fungsi)
        self.programs.update(other.programs)
        self.quiet += other.quiet[: max(0, shown - len(self.quiet))]
        self.quiet_count += other.quiet_count
        self.dashat += other.dashat[: max(0, shown - len(self.dashat))]
        self.dashat_count += other.dashat_count

    def to_json(self) -> str:
        import json

        return json.dumps(
            {
                "buckets": self.buckets,
                "activities": self.activities,
                "agencies": [
                    [a.code, a.other, k, n, last] for a, k, n, last in self.agencies.values()
                ],
                "fungsi": self.fungsi,
                "programs": self.programs,
                "quiet": self.quiet,
                "quiet_count": self.quiet_count,
                "dashat": self.dashat,
                "dashat_count": self.dashat_count,
                **({} if self.generation is None else {"generation": self.generation}),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> ActivitySummary:
        import json

        from kkb_cli.domain.catalogue import key_of

        data = json.loads(text)
        agencies = {
            f"{code}:{key_of(other) if other else ''}": (Named(code, other), kampung, count, last)
            for code, other, kampung, count, last in data["agencies"]
        }
        return cls(
            Counter(data["buckets"]),
            data["activities"],
            agencies,
            Counter({int(k): v for k, v in data["fungsi"].items()}),
            Counter({int(k): v for k, v in data["programs"].items()}),
            [tuple(row) for row in data["quiet"]],
            data["quiet_count"],
            [tuple(row) for row in data["dashat"]],
            data["dashat_count"],
            data.get("generation"),
        )


def agency_uses(
    found: Iterable[tuple[Named, int, int, date | None]], catalogue_codes: Sequence[int]
) -> list[AgencyUse]:
    """Each agency with its counts, most Kampung KB reached first; the catalogue's agencies
    that reached none are listed after them (the office's "not yet entered")."""
    uses = [AgencyUse(agency, kampung, count, last) for agency, kampung, count, last in found]
    seen = {use.agency.code for use in uses if not use.agency.other}
    uses.sort(key=lambda u: (-u.kampung, -u.activities, u.agency))
    uses += [AgencyUse(Named(code), 0, 0, None) for code in catalogue_codes if code not in seen]
    return uses


def merge_buckets(per_village: Mapping[str, int], formed: int) -> Counter[str]:
    """Formed Kampung KB by bucket, from each reached one's number of distinct agencies."""
    counted: Counter[str] = Counter(bucket(n) for n in per_village.values())
    counted["none"] = formed - sum(counted.values())
    return counted
