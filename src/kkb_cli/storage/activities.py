"""Activities in the file: written with their agencies, participant groups and history, read
back one by one or streamed, and counted for the activities section of a report.

Every count of a report is one SQL query over the period's activities of the scope, through
the indexes on (date, village) and on each activity's agencies; nothing is read row by row in
Python but what is shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from kkb_cli.domain.activities import Activity, activity_values, title_key
from kkb_cli.domain.catalogue import Named, key_of
from kkb_cli.domain.regions import RegionCode
from kkb_cli.storage import history

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
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        """The stored activity with the same Kampung KB, day and title, if any."""
        row = self.conn.execute(
            _SELECT + " WHERE a.village_code = ? AND a.date = ? AND a.title_key = ?",
            (activity.village_code, activity.day.isoformat(), title_key(activity.title)),
        ).fetchone()
        return _row(row).activity if row else None

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

    def apply(self, changes: Iterable[ActivityChange]) -> list[int]:
        """Write each change with its history entry; the caller holds the write transaction
        (so the ids given to new activities are free). Returns the ids written. One prepared
        statement per kind of row, run for all of them: an import writes thousands."""
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
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        agencies: list[tuple[int, int, str, str]] = []
        groups: list[tuple[int, int, str]] = []
        for change in changes:
            before, after = change.before, change.after
            if before is not None:
                assert before.id is not None
                id_ = before.id
                deletes.append((id_,))  # its agencies and groups, rewritten below
            else:
                next_id += 1
                id_ = next_id
            if after is not None:
                fields = (
                    after.village_code,
                    after.day.isoformat(),
                    after.title,
                    title_key(after.title),
                    after.kegiatan,
                    after.fungsi,
                    after.place,
                    after.description,
                    after.people,
                )
                if before is None:
                    inserts.append((id_, *fields, now, now))
                else:
                    updates.append((*fields, now, id_))
                agencies += [(id_, a.code, a.other, key_of(a.other)) for a in after.agencies]
                groups += [(id_, g.code, g.other) for g in after.groups]
            code = (after or before).village_code  # type: ignore[union-attr]
            written.append(id_)
            logged.append(
                history.Change(
                    history.ACTIVITY,
                    str(id_),
                    code,
                    history.as_json(_logged(before, id_)),
                    history.as_json(_logged(after, id_)),
                )
            )
        removed = [
            (id_,) for id_, change in zip(written, logged, strict=True) if not change.new_values
        ]
        self.conn.executemany("DELETE FROM activity_agencies WHERE activity_id = ?", deletes)
        self.conn.executemany("DELETE FROM activity_groups WHERE activity_id = ?", deletes)
        self.conn.executemany("DELETE FROM activities WHERE id = ?", removed)
        self.conn.executemany(_UPDATE, updates)
        self.conn.executemany(_INSERT, inserts)
        self.conn.executemany(
            "INSERT INTO activity_agencies (activity_id, agency, other, other_key)"
            " VALUES (?, ?, ?, ?)",
            agencies,
        )
        self.conn.executemany(
            "INSERT INTO activity_groups (activity_id, sasaran, other) VALUES (?, ?, ?)", groups
        )
        self.conn.execute(
            "INSERT OR REPLACE INTO _settings (key, value) VALUES ('last_activity_id', ?)",
            (str(next_id),),
        )
        history.append(self.conn, logged, self.command)
        return written

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

    def agencies_by_village(
        self, scope: RegionCode, since: date, until: date, length: int
    ) -> list[tuple[str, int, int]]:
        """(area code, distinct agencies, Kampung KB) for the period: how many of each area's
        Kampung KB were reached by exactly that many distinct agencies (areas are the first
        ``length`` characters of the village code)."""
        rows = self.conn.execute(
            "SELECT substr(village, 1, :length), agencies, count(*) FROM ("  # noqa: S608
            f" SELECT a.village_code AS village, count(DISTINCT {_DISTINCT_AGENCY}) AS agencies"
            " FROM activities AS a JOIN activity_agencies AS g ON g.activity_id = a.id"
            f" WHERE {_WINDOW} GROUP BY a.village_code"
            ") GROUP BY 1, 2",
            _window(scope, since, until) | {"length": length},
        )
        return [(area, agencies, count) for area, agencies, count in rows]

    def agency_uses(
        self, scope: RegionCode, since: date, until: date
    ) -> list[tuple[Named, int, int, date | None]]:
        """Each agency that delivered activities in the period: Kampung KB, activities, last."""
        rows = self.conn.execute(
            "SELECT g.agency, min(g.other), count(DISTINCT a.village_code), count(*),"  # noqa: S608
            " max(a.date)"
            " FROM activities AS a JOIN activity_agencies AS g ON g.activity_id = a.id"
            f" WHERE {_WINDOW} GROUP BY g.agency, g.other_key",
            _window(scope, since, until),
        )
        return [
            (Named(agency, other), kampung, count, date.fromisoformat(last))
            for agency, other, kampung, count, last in rows
        ]

    def activity_count(self, scope: RegionCode, since: date, until: date) -> int:
        found = self.conn.execute(
            f"SELECT count(*) FROM activities AS a WHERE {_WINDOW}",  # noqa: S608
            _window(scope, since, until),
        ).fetchone()
        return int(found[0])

    def kampung_by_fungsi(self, scope: RegionCode, since: date, until: date) -> dict[int, int]:
        rows = self.conn.execute(
            "SELECT a.fungsi, count(DISTINCT a.village_code) FROM activities AS a"  # noqa: S608
            f" WHERE {_WINDOW} AND a.fungsi IS NOT NULL GROUP BY a.fungsi",
            _window(scope, since, until),
        )
        return dict(rows.fetchall())

    def kampung_by_program(self, scope: RegionCode, since: date, until: date) -> dict[int, int]:
        rows = self.conn.execute(
            "SELECT k.program, count(DISTINCT a.village_code) FROM activities AS a"  # noqa: S608
            " JOIN catalogue_kegiatan AS k ON k.code = a.kegiatan"
            f" WHERE {_WINDOW} GROUP BY k.program",
            _window(scope, since, until),
        )
        return dict(rows.fetchall())

    def quiet(
        self, scope: RegionCode, since: date, until: date, shown: int
    ) -> tuple[list[tuple[str, str, str]], int]:
        """Formed Kampung KB (on ``until``) with no activity in the period: the first
        ``shown`` (code, name, kecamatan), and how many in all."""
        rows = self.conn.execute(
            """
            SELECT k.village_code, village.name, kecamatan.name FROM kampung_kb AS k
            JOIN regions AS village ON village.code = k.village_code
            JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
            WHERE k.status = 'formed' AND k.village_code > :low AND k.village_code < :high
              AND (k.formed_date <= :until
                   OR (k.formed_date IS NULL AND k.formed_year <= :until_year))
              AND NOT EXISTS (SELECT 1 FROM activities AS a WHERE a.village_code = k.village_code
                              AND a.date >= :since AND a.date <= :until)
            ORDER BY k.village_code
            """,
            _window(scope, since, until) | {"until_year": until.year},
        )
        first: list[tuple[str, str, str]] = []
        count = 0
        for code, name, kecamatan in rows:
            count += 1
            if count <= shown:
                first.append((code, name, kecamatan))
        return first, count

    def dashat_unknown(
        self, scope: RegionCode, until: date, kegiatan: int, shown: int
    ) -> tuple[list[tuple[str, str]], int]:
        """Kampung KB with a Dashat activity by ``until`` whose ``dashat`` attribute was not
        known on that day: the first ``shown`` (code, name), and how many in all."""
        low, high = scope.bounds
        rows = self.conn.execute(
            """
            SELECT DISTINCT a.village_code, village.name FROM activities AS a
            JOIN regions AS village ON village.code = a.village_code
            WHERE a.kegiatan = :kegiatan AND a.date <= :until
              AND a.village_code > :low AND a.village_code < :high
              AND NOT EXISTS (SELECT 1 FROM attributes AS t
                              WHERE t.village_code = a.village_code AND t.attribute = 'dashat'
                                AND (t.since IS NULL OR t.since <= :until))
            ORDER BY a.village_code
            """,
            {"kegiatan": kegiatan, "until": until.isoformat(), "low": low, "high": high},
        )
        first: list[tuple[str, str]] = []
        count = 0
        for code, name in rows:
            count += 1
            if count <= shown:
                first.append((code, name))
        return first, count

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


def _window(scope: RegionCode, since: date, until: date) -> dict[str, Any]:
    low, high = scope.bounds
    return {"since": since.isoformat(), "until": until.isoformat(), "low": low, "high": high}


def _logged(activity: Activity | None, id_: int) -> dict[str, Any] | None:
    values = activity_values(activity)
    return None if values is None else {"id": id_, **values}
