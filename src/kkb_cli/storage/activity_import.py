"""What an activity import checks its rows against (``domain.activity_import``'s
``ActivityLookups``), read a chunk of rows at a time: one query answers a chunk, not one per
row. Loaded by the import only."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from kkb_cli.domain.activities import Activity, Formation
from kkb_cli.domain.regions import Level, Village
from kkb_cli.domain.status import Status
from kkb_cli.storage.activities import _SELECT, _row
from kkb_cli.storage.records import RecordStore, _record

# The villages of a chunk of rows, by code, with what their records say of their formation
# (as ``SqlLookup.by_code`` and ``RecordStore.formation`` read them, one row at a time); the
# names of their kecamatan and kabupaten/kota are read once each (``_PARENTS``).
_AHEAD = """
    SELECT village.code, village.name, village.parent_code,
        k.status, k.formed_year, k.formed_date
    FROM json_each(?) AS wanted
    JOIN regions AS village ON village.code = wanted.value
    LEFT JOIN kampung_kb AS k ON k.village_code = village.code
    WHERE +village.level = ?
"""
_PARENTS = """
    SELECT kecamatan.code, kecamatan.name, kabupaten.name FROM regions AS kecamatan
    JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
    WHERE kecamatan.code IN (SELECT value FROM json_each(?))
"""
# The stored activities with these identities ([village code, date, title key]), through the
# unique index.
_SAME = """
    SELECT j.key, a.id FROM json_each(?) AS j JOIN activities AS a
    ON a.village_code = json_extract(j.value, '$[0]') AND a.date = json_extract(j.value, '$[1]')
        AND a.title_key = json_extract(j.value, '$[2]')
"""
IMPORT_CACHE_KIB = 24 * 1024  # SQLite's page cache during an activity import
_REMEMBERED = 10_000  # kecamatan and formations kept at most (Indonesia has 7,300 kecamatan)


class _Formed(NamedTuple):
    """Whether and when a Kampung KB was formed (``domain.activities.Formation``)."""

    status: Status
    formed_year: int | None
    formed_date: date | None


class ImportLookups:
    """The look-ups of an activity import (``domain.activity_import.ActivityLookups``), each
    one query for a chunk of rows; what is read ahead is one chunk's. The identities met so
    far are kept on disk, in a database file of their own, so that a file of any length fits.
    Use it in a ``with`` block: it closes that file."""

    def __init__(self, conn: sqlite3.Connection, villages: Any) -> None:
        self.conn = conn
        self.villages = _ReadAhead(villages)
        self._read: dict[str, tuple[Any, ...]] = {}
        self._formed: dict[tuple[Any, ...], _Formed] = {}  # one object per formation
        self._parents: dict[str, tuple[str, str] | None] = {}  # kecamatan → names
        # An activity this import writes has an identity met on an earlier line: a new
        # identity can only be one stored before the import, so none when there was none.
        self._any_stored = conn.execute("SELECT 1 FROM activities LIMIT 1").fetchone() is not None
        # A larger page cache for the import's session (it ends with the import): each row
        # writes to several indexes at random places (the activities' identities and
        # dates…), and each chunk reads its villages all over the regions, which the
        # default 2 MiB would read from the file again and again. Bounded, so memory stays
        # flat whatever the file's length.
        conn.execute(f"PRAGMA main.cache_size = {-IMPORT_CACHE_KIB}")
        # The identities met so far, with their lines, in a private database file that SQLite
        # deletes when it is closed: apart from the file's transaction and page cache (SQLite
        # keeps 2 MiB of it in memory).
        self._seen = sqlite3.connect("", isolation_level=None)
        self._seen.execute("BEGIN")  # one transaction, never committed: nothing to keep
        self._seen.execute(
            "CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID"
        )

    def read_ahead(self, codes: Collection[str]) -> dict[str, Village]:
        found: dict[str, Village] = {}
        read: dict[str, tuple[Any, ...]] = {}  # what was read of each village found
        if codes:
            # In code order: each run of the query reads its part of the tables in order.
            rows = self.conn.execute(
                _AHEAD, (json.dumps(sorted(codes)), Level.DESA_KELURAHAN.value)
            ).fetchall()
            parents = self._parents
            if len(parents) > _REMEMBERED:
                parents.clear()
            missing = {row[2] for row in rows if row[2] not in parents}
            if missing:
                parents.update(dict.fromkeys(missing))
                for code, name, kabupaten in self.conn.execute(
                    _PARENTS, (json.dumps(sorted(missing)),)
                ):
                    parents[code] = (name, kabupaten)
            new_village = Village._make  # quicker than Village(…), as strict on the fields
            for row in rows:
                names = parents[row[2]]
                if names is not None:  # else found by no lookup, as by_code's joins find none
                    code = row[0]
                    found[code] = new_village((code, row[1], row[2], *names))
                    read[code] = row
        self.villages.asked, self.villages.found = codes, found
        self._read = read
        return found

    def record(self, village_code: str) -> Formation | None:
        row = self._read.get(village_code)
        if row is None:
            return RecordStore(self.conn, "").formation(village_code)
        if row[3] is None:  # no record
            return None
        written = row[3:]
        formed = self._formed.get(written)
        if formed is None:
            status, year, day = written
            # As RecordStore.formation reads it: a value past the schema's checks is refused
            # with the same words.
            record = _record((village_code, status, year, day, None, None, None, None), {})
            formed = _Formed(record.status, record.formed_year, record.formed_date)
            if len(self._formed) >= _REMEMBERED:
                self._formed.clear()
            self._formed[written] = formed
        return formed

    def first_lines(self, keys: Sequence[str]) -> dict[str, int]:
        rows = self._seen.execute(
            "SELECT key, line FROM seen WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(list(keys)),),
        )
        return dict(rows)

    def remember(self, first_lines: Iterable[tuple[str, int]]) -> None:
        # In key order: a file in date order (keys start with the date) appends at the end.
        self._seen.executemany("INSERT INTO seen VALUES (?, ?)", sorted(first_lines))

    def stored(
        self, identities: Sequence[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], Activity]:
        if not self._any_stored:
            return {}
        matched = self.conn.execute(_SAME, (json.dumps(identities),)).fetchall()
        if not matched:
            return {}
        rows = self.conn.execute(
            _SELECT + " WHERE a.id IN (SELECT value FROM json_each(?))",  # noqa: S608 (constant)
            (json.dumps([id_ for _, id_ in matched]),),
        )
        by_id = {row[0]: _row(row).activity for row in rows}
        return {identities[index]: by_id[id_] for index, id_ in matched if id_ in by_id}

    def __enter__(self) -> ImportLookups:
        return self

    def __exit__(self, *exc: object) -> None:
        self._seen.close()  # and with it, its file


class _ReadAhead:
    """A lookup of villages (``domain.regions.RegionLookup``) that answers a code from what
    was read ahead, and asks the lookup it wraps for everything else."""

    def __init__(self, lookup: Any) -> None:
        self.lookup = lookup
        self.what = lookup.what
        self.asked: Collection[str] = ()  # the codes read ahead
        self.found: dict[str, Village] = {}  # those found

    @property
    def level(self) -> Level | None:
        level: Level | None = self.lookup.level
        return level

    def by_code(self, code: str) -> Village | None:
        village = self.found.get(code)
        if village is None and code not in self.asked:
            village = self.lookup.by_code(code)
        return village

    def __getattr__(self, name: str) -> Any:  # narrowed, exact, containing, similar, few…
        return getattr(self.lookup, name)
