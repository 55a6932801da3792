"""Activities in the file: written with their agencies, participant groups and history, read
back one by one or streamed, and counted for the activities section of a report.

Every count of a report is one SQL query over the period's activities of the scope, through
the indexes on (date, village) and on each activity's agencies; nothing is read row by row in
Python but what is shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Protocol

from kkb_cli.domain.activities import (
    Activity,
    ActivitySummary,
    bucket,
    title_key,
)
from kkb_cli.domain.catalogue import DASHAT_KEGIATAN, Named, key_of
from kkb_cli.domain.regions import CODE_LENGTH, Level, RegionCode
from kkb_cli.storage.bulk import insert_rows

if TYPE_CHECKING:
    from kkb_cli.storage.activity_import import ImportLookups

PROVINSI = CODE_LENGTH[Level.PROVINSI]  # the length of a provinsi's code

_SELECT = """
    SELECT a.id, a.village_code, a.date, a.title, a.kegiatan, a.fungsi, a.place,
        a.description, a.people,
        (SELECT json_group_array(json_array(g.agency, g.other)) FROM activity_agencies AS g
         WHERE g.activity_id = a.id),
        (SELECT json_group_array(json_array(p.sasaran, p.other)) FROM activity_groups AS p
         WHERE p.activity_id = a.id),
        village.name, kecamatan.name
    FROM activities AS a
    JOIN regions AS village ON village.code = a.village_code
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
"""
_INSERT = """
    INSERT INTO activities (id, village_code, date, title, title_key, kegiatan, fungsi, place,
        description, people, created_at, updated_at)
"""
_UPDATE = """
    UPDATE activities SET village_code = ?, date = ?, title = ?, title_key = ?, kegiatan = ?,
        fungsi = ?, place = ?, description = ?, people = ?, updated_at = ?
    WHERE id = ?
"""
# The period's activities of a scope: the index on (date, village) reads only them.
_WINDOW = (
    "a.date >= :since AND a.date <= :until AND a.village_code > :low AND a.village_code < :high"
)
_DISTINCT_AGENCY = "g.agency || ':' || g.other_key"


@dataclass(frozen=True)
class ActivityRow:
    """An activity with the names of its desa/kelurahan and kecamatan."""

    activity: Activity
    village: str
    kecamatan: str


@dataclass(frozen=True)
class ActivityChange:
    before: Activity | None
    after: Activity | None


class Changed(Protocol):
    """A change to write: an ``ActivityChange``, or an import's row change."""

    @property
    def before(self) -> Activity | None: ...

    @property
    def after(self) -> Activity | None: ...


def _named(pairs: str | None) -> tuple[Named, ...]:
    if not pairs:
        return ()
    return tuple(sorted(Named(code, other) for code, other in json.loads(pairs)))


def _row(row: tuple[Any, ...]) -> ActivityRow:
    id_, code, day, title, kegiatan, fungsi, place, description, people, agencies, groups = row[:11]
    activity = Activity(
        code,
        date.fromisoformat(day),
        title,
        kegiatan,
        _named(agencies),
        fungsi,
        _named(groups),
        place,
        description,
        people,
        id_,
    )
    return ActivityRow(activity, row[11], row[12])


class ActivityStore:
    def __init__(self, conn: sqlite3.Connection, command: str) -> None:
        self.conn = conn
        self.command = command

    # -- one at a time ---------------------------------------------------------------------

    def get(self, id_: int) -> ActivityRow | None:
        row = self.conn.execute(_SELECT + " WHERE a.id = ?", (id_,)).fetchone()
        return _row(row) if row else None

    def same(self, activity: Activity) -> Activity | None:
        """The stored activity with the same Kampung KB, day and title, if any (looked up by
        the unique index first: in an import, most rows are new)."""
        found = self.conn.execute(
            "SELECT id FROM activities WHERE village_code = ? AND date = ? AND title_key = ?",
            (activity.village_code, activity.day.isoformat(), title_key(activity.title)),
        ).fetchone()
        if found is None:
            return None
        row = self.get(found[0])
        return row.activity if row else None

    def count_of(self, village_code: str) -> int:
        found = self.conn.execute(
            "SELECT count(*) FROM activities WHERE village_code = ?", (village_code,)
        ).fetchone()
        return int(found[0])

    def first_day(self, village_code: str) -> date | None:
        """The day of the Kampung KB's first activity (None: it has none)."""
        found = self.conn.execute(
            "SELECT min(date) FROM activities WHERE village_code = ?", (village_code,)
        ).fetchone()[0]
        return date.fromisoformat(found) if found else None

    # -- writing -----------------------------------------------------------------------------

    def apply(self, changes: Iterable[Changed]) -> list[int]:
        """Write each change with its history entry; the caller holds the write transaction
        (so the ids given to new activities are free). Returns the ids written. One prepared
        statement per kind of row, run for all of them: an import writes thousands."""
        from kkb_cli.storage import history

        now = history.now()
        # Ids are never used twice, so that the history's "activity 12" is always one activity:
        # the last id given is kept in the settings, past any removed activity.
        next_id = int(
            self.conn.execute(
                "SELECT max(coalesce((SELECT max(id) FROM activities), 0),"
                " coalesce((SELECT CAST(value AS INTEGER) FROM _settings"
                " WHERE key = 'last_activity_id'), 0))"
            ).fetchone()[0]
        )
        logged: list[history.Change] = []
        written: list[int] = []
        deletes: list[tuple[int]] = []
        removed: list[tuple[int]] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        agencies: list[tuple[int, int, str, str]] = []
        groups: list[tuple[int, int, str]] = []
        kabupaten: set[str] = set()
        Change, ACTIVITY = history.Change, history.ACTIVITY
        new_change = Change._make  # quicker than Change(…), and as strict on the fields
        for change in changes:
            before, after = change.before, change.after
            if before is None:
                next_id += 1
                id_ = next_id
                old_values = None
            else:
                assert before.id is not None
                id_ = before.id
                deletes.append((id_,))  # its agencies and groups, rewritten below
                old_values = logged_json(before, id_)
            if after is None:
                assert before is not None
                code = before.village_code
                removed.append((id_,))
                new_values = None
            else:
                code, day, title = after.village_code, after.day.isoformat(), after.title
                key = title_key(title)
                if before is None:
                    inserts.append(
                        (id_, code, day, title, key, after.kegiatan, after.fungsi, after.place,
                         after.description, after.people, now, now)
                    )  # fmt: skip
                else:
                    updates.append(
                        (code, day, title, key, after.kegiatan, after.fungsi, after.place,
                         after.description, after.people, now, id_)
                    )  # fmt: skip
                for a in after.agencies:
                    agencies.append((id_, a.code, a.other, key_of(a.other) if a.other else ""))
                for g in after.groups:
                    groups.append((id_, g.code, g.other))
                new_values = logged_json(after, id_, day)
            kabupaten.add(code[:5])
            written.append(id_)
            logged.append(new_change((ACTIVITY, str(id_), code, old_values, new_values)))
        self.conn.executemany("DELETE FROM activity_agencies WHERE activity_id = ?", deletes)
        self.conn.executemany("DELETE FROM activity_groups WHERE activity_id = ?", deletes)
        self.conn.executemany("DELETE FROM activities WHERE id = ?", removed)
        self.conn.executemany(_UPDATE, updates)
        insert_rows(self.conn, _INSERT, inserts)
        insert_rows(
            self.conn,
            "INSERT INTO activity_agencies (activity_id, agency, other, other_key)",
            agencies,
        )
        insert_rows(self.conn, "INSERT INTO activity_groups (activity_id, sasaran, other)", groups)
        self.conn.execute(
            "INSERT OR REPLACE INTO _settings (key, value) VALUES ('last_activity_id', ?)",
            (str(next_id),),
        )
        history.append(self.conn, logged, self.command)
        forget_summaries(self.conn, sorted(kabupaten))
        return written

    def before_bulk(self, rows: int) -> str | None:
        """Before writing up to ``rows`` activities at once (an import): drop what is cheaper
        to build again afterwards than to keep up to date (``after_bulk``)."""
        from kkb_cli.storage import history

        return history.drop_village_index(self.conn, rows)

    def after_bulk(self, rebuild: str) -> None:
        from kkb_cli.storage import history

        history.build_index(self.conn, rebuild)

    def import_lookups(self, villages: Any) -> ImportLookups:
        """What an import's rows are checked against, a chunk of rows at a time."""
        from kkb_cli.storage.activity_import import ImportLookups

        return ImportLookups(self.conn, villages)

    # -- reading many ------------------------------------------------------------------------

    def listing(
        self,
        scope: RegionCode,
        *,
        village: str | None = None,
        agency: Named | None = None,
        kegiatan: int | None = None,
        any_kegiatan: bool = True,
        since: date | None = None,
        until: date | None = None,
    ) -> Iterator[ActivityRow]:
        """The activities of the scope (or of one village), by date, streamed from the
        cursor."""
        low, high = scope.bounds
        where = ["a.village_code > :low AND a.village_code < :high"]
        params: dict[str, Any] = {"low": low, "high": high}
        if village is not None:
            where.append("a.village_code = :village")
            params["village"] = village
        if since is not None:
            where.append("a.date >= :since")
            params["since"] = since.isoformat()
        if until is not None:
            where.append("a.date <= :until")
            params["until"] = until.isoformat()
        if not any_kegiatan:
            where.append("a.kegiatan IS :kegiatan")
            params["kegiatan"] = kegiatan
        if agency is not None:
            where.append(
                "EXISTS (SELECT 1 FROM activity_agencies AS g WHERE g.activity_id = a.id"
                " AND g.agency = :agency AND g.other_key = :other_key)"
            )
            params |= {"agency": agency.code, "other_key": key_of(agency.other)}
        query = _SELECT + " WHERE " + " AND ".join(where) + " ORDER BY a.date, a.village_code, a.id"
        return (_row(row) for row in self.conn.execute(query, params))

    # -- counted for reports ----------------------------------------------------------------

    def summaries(
        self, scope: RegionCode, since: date, until: date, length: int, shown: int
    ) -> dict[str, ActivitySummary]:
        """The period's activities of the scope, summed by area: the first ``length``
        characters of the village codes (5: each kabupaten/kota)."""
        params = _window(scope, since, until) | {"length": length}
        found: dict[str, ActivitySummary] = {}

        def of(area: str) -> ActivitySummary:
            return found.setdefault(area, ActivitySummary())

        for area, agencies, count in self.conn.execute(_BUCKETS, params):
            of(area).buckets[bucket(agencies)] += count
        for area, count in self.conn.execute(_COUNT, params):
            of(area).activities = count
        for area, agency, other, key, kampung, count, last in self.conn.execute(_USES, params):
            of(area).agencies[f"{agency}:{key}"] = (Named(agency, other), kampung, count, last)
        for area, fungsi, kampung in self.conn.execute(_FUNGSI, params):
            of(area).fungsi[fungsi] = kampung
        for area, program, kampung in self.conn.execute(_PROGRAMS, params):
            of(area).programs[program] = kampung
        quiet = params | {"until_year": until.year}
        for code, name, kecamatan in self.conn.execute(_QUIET, quiet):
            summary = of(code[:length])
            summary.quiet_count += 1
            if len(summary.quiet) < shown:
                summary.quiet.append((code, name, kecamatan))
        for code, name in self.conn.execute(_DASHAT_UNKNOWN, params):
            summary = of(code[:length])
            summary.dashat_count += 1
            if len(summary.dashat) < shown:
                summary.dashat.append((code, name))
        return found

    def kept_summaries(
        self, codes: Sequence[str], since: date, until: date
    ) -> dict[str, ActivitySummary]:
        """The summaries kept for these areas (kabupaten/kota or provinsi) and this period
        (those still valid); only these are read."""
        rows = self.conn.execute(
            "SELECT region_code, summary FROM _activity_summaries"
            " WHERE region_code IN (SELECT value FROM json_each(?)) AND since = ? AND until = ?",
            (json.dumps(list(codes)), since.isoformat(), until.isoformat()),
        )
        return {code: ActivitySummary.from_json(summary) for code, summary in rows}

    def keep_summaries(
        self, summaries: Mapping[str, ActivitySummary], since: date, until: date
    ) -> None:
        """Keep summaries computed by a report, for the next report on the same period; the
        caller holds the write transaction, and checked that nothing changed meanwhile."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO _activity_summaries VALUES (?, ?, ?, ?)",
            [(c, since.isoformat(), until.isoformat(), s.to_json()) for c, s in summaries.items()],
        )

    def reached_by(self, region: RegionCode, since: date, until: date, agencies: int) -> int:
        """Kampung KB of the region reached by at least ``agencies`` distinct agencies in the
        period (an agency target)."""
        found = self.conn.execute(
            "SELECT count(*) FROM ("  # noqa: S608
            " SELECT a.village_code FROM activities AS a"
            " JOIN activity_agencies AS g ON g.activity_id = a.id"
            f" WHERE {_WINDOW} GROUP BY a.village_code"
            f" HAVING count(DISTINCT {_DISTINCT_AGENCY}) >= :agencies)",
            _window(region, since, until) | {"agencies": agencies},
        ).fetchone()
        return int(found[0])

    def active_since(self, scope: RegionCode, since: date) -> set[str]:
        """The villages of the scope with an activity on or after ``since``."""
        low, high = scope.bounds
        rows = self.conn.execute(
            "SELECT DISTINCT village_code FROM activities"
            " WHERE date >= ? AND village_code > ? AND village_code < ?",
            (since.isoformat(), low, high),
        )
        return {code for (code,) in rows}


# Summed by area (the first :length characters of the village code), over the period's
# activities of a scope.
_BY_AREA = "substr(a.village_code, 1, :length)"
_BUCKETS = f"""
    SELECT substr(village, 1, :length), agencies, count(*) FROM (
        SELECT a.village_code AS village, count(DISTINCT {_DISTINCT_AGENCY}) AS agencies
        FROM activities AS a JOIN activity_agencies AS g ON g.activity_id = a.id
        WHERE {_WINDOW} GROUP BY a.village_code
    ) GROUP BY 1, 2
"""  # noqa: S608 (constant text)
_COUNT = f"SELECT {_BY_AREA}, count(*) FROM activities AS a WHERE {_WINDOW} GROUP BY 1"  # noqa: S608
_USES = f"""
    SELECT {_BY_AREA}, g.agency, min(g.other), g.other_key, count(DISTINCT a.village_code),
        count(*), max(a.date)
    FROM activities AS a JOIN activity_agencies AS g ON g.activity_id = a.id
    WHERE {_WINDOW} GROUP BY 1, g.agency, g.other_key
"""  # noqa: S608 (constant text)
_FUNGSI = f"""
    SELECT {_BY_AREA}, a.fungsi, count(DISTINCT a.village_code) FROM activities AS a
    WHERE {_WINDOW} AND a.fungsi IS NOT NULL GROUP BY 1, 2
"""  # noqa: S608 (constant text)
_PROGRAMS = f"""
    SELECT {_BY_AREA}, k.program, count(DISTINCT a.village_code) FROM activities AS a
    JOIN catalogue_kegiatan AS k ON k.code = a.kegiatan
    WHERE {_WINDOW} GROUP BY 1, 2
"""  # noqa: S608 (constant text)
# Formed Kampung KB (on :until) with no activity in the period, in code order.
_QUIET = """
    SELECT k.village_code, village.name, kecamatan.name FROM kampung_kb AS k
    JOIN regions AS village ON village.code = k.village_code
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    WHERE k.status = 'formed' AND k.village_code > :low AND k.village_code < :high
      AND (k.formed_date <= :until OR (k.formed_date IS NULL AND k.formed_year <= :until_year))
      AND NOT EXISTS (SELECT 1 FROM activities AS a WHERE a.village_code = k.village_code
                      AND a.date >= :since AND a.date <= :until)
    ORDER BY k.village_code
"""
# Kampung KB with a Dashat activity by :until whose dashat attribute was not known that day.
# (The kegiatan's number is written in the query, not bound: so the partial index of Dashat
# activities serves it.)
_DASHAT_UNKNOWN = f"""
    SELECT DISTINCT a.village_code, village.name FROM activities AS a
    JOIN regions AS village ON village.code = a.village_code
    WHERE a.kegiatan = {DASHAT_KEGIATAN} AND a.date <= :until
      AND a.village_code > :low AND a.village_code < :high
      AND NOT EXISTS (SELECT 1 FROM attributes AS t
                      WHERE t.village_code = a.village_code AND t.attribute = 'dashat'
                        AND (t.since IS NULL OR t.since <= :until))
    ORDER BY a.village_code
"""  # noqa: S608 (a constant number)


def forget_summaries(conn: sqlite3.Connection, kabupaten: Iterable[str] | None = None) -> None:
    """Drop the kept summaries of these kabupaten/kota and of their provinsi (all when None),
    after a write there, and count the change, so that a report that read before it does not
    keep stale ones."""
    if kabupaten is None:
        conn.execute("DELETE FROM _activity_summaries")
    else:
        codes = set(kabupaten)
        codes |= {code[:PROVINSI] for code in codes}
        conn.execute(
            "DELETE FROM _activity_summaries WHERE region_code IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(codes)),),
        )
    conn.execute(
        "INSERT INTO _settings (key, value) VALUES ('summaries_generation', '1')"
        " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def summaries_generation(conn: sqlite3.Connection) -> int:
    """How many times kept summaries were dropped: a report keeps what it computed only if
    this did not change since it read."""
    row = conn.execute("SELECT value FROM _settings WHERE key = 'summaries_generation'").fetchone()
    return int(row[0]) if row else 0


def _window(scope: RegionCode, since: date, until: date) -> dict[str, Any]:
    low, high = scope.bounds
    return {"since": since.isoformat(), "until": until.isoformat(), "low": low, "high": high}


def logged_json(activity: Activity, id_: int, day: str | None = None) -> str:
    """An activity as the history stores it, with its id: the JSON text that
    ``history.as_json({"id": id_, **activity_values(activity)})`` gives, written directly
    (an import writes one for every row). ``day``: its date as ISO text, if known."""
    quoted = encode_basestring
    agencies, groups = _list_json(activity.agencies), _list_json(activity.groups)
    kegiatan, fungsi, people = activity.kegiatan, activity.fungsi, activity.people
    place, description = activity.place, activity.description
    return (
        f'{{"id": {int.__repr__(id_)}, "village_code": {quoted(activity.village_code)},'
        f' "date": "{day or activity.day.isoformat()}", "title": {quoted(activity.title)},'
        f' "kegiatan": {"null" if kegiatan is None else int.__repr__(kegiatan)},'
        f' "agencies": [{agencies}],'
        f' "fungsi": {"null" if fungsi is None else int.__repr__(fungsi)}, "groups": [{groups}],'
        f' "place": {"null" if place is None else quoted(place)},'
        f' "description": {"null" if description is None else quoted(description)},'
        f' "people": {"null" if people is None else int.__repr__(people)}}}'
    )


def _list_json(named: tuple[Named, ...]) -> str:
    """The items of a JSON list of agencies or groups. An import's rows name a few lists
    over and over: each one's text is remembered."""
    text = _LISTS_JSON.get(named)
    if text is None:
        text = ", ".join([_named_json(n) for n in named])
        if len(_LISTS_JSON) >= _LISTS_KEPT:
            _LISTS_JSON.clear()
        _LISTS_JSON[named] = text
    return text


_LISTS_JSON: dict[tuple[Named, ...], str] = {}
_LISTS_KEPT = 10_000


def _named_json(named: Named) -> str:
    if named.other:
        return f"[{int.__repr__(named.code)}, {encode_basestring(named.other)}]"
    return int.__repr__(named.code)
