"""Numbered schema migrations, tracked in ``PRAGMA user_version``.

Migration N takes a database at version N-1 to version N. Each runs inside the caller's
transaction, so an upgrade either completes or leaves the file as it was. Append new
migrations to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

_V1_INITIAL_SCHEMA = [
    # The full Kemendagri hierarchy, so any region can be loaded later without a redesign.
    """
    CREATE TABLE regions (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL
            CHECK (level IN ('provinsi', 'kabupaten_kota', 'kecamatan', 'desa_kelurahan')),
        parent_code TEXT REFERENCES regions (code),
        CHECK ((level = 'provinsi') = (parent_code IS NULL))
    ) STRICT
    """,
    "CREATE INDEX regions_by_parent ON regions (parent_code)",
    "CREATE INDEX regions_by_level ON regions (level)",
    # One row per village that has a Kampung KB, formed or planned; a village without one has
    # no row. The primary key makes a second record for the same village impossible.
    """
    CREATE TABLE kampung_kb (
        village_code TEXT PRIMARY KEY REFERENCES regions (code),
        status TEXT NOT NULL CHECK (status IN ('formed', 'planned')),
        formed_year INTEGER CHECK (formed_year >= 2016),
        formed_date TEXT CHECK (
            formed_date IS NULL
            -- via julianday: date() alone lets 2024-02-30 through
            OR (date(julianday(formed_date)) = formed_date
                AND CAST(substr(formed_date, 1, 4) AS INTEGER) = formed_year)
        ),
        planned_year INTEGER CHECK (planned_year >= 2016),
        name TEXT,
        sk_number TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (status <> 'formed' OR formed_year IS NOT NULL),
        CHECK (status <> 'planned'
               OR (planned_year IS NOT NULL AND formed_year IS NULL AND formed_date IS NULL))
    ) STRICT
    """,
    # Formation targets: how many Kampung KB a region means to form in a year.
    """
    CREATE TABLE targets (
        region_code TEXT NOT NULL REFERENCES regions (code),
        year INTEGER NOT NULL CHECK (year >= 2016),
        count INTEGER NOT NULL CHECK (count >= 0),
        note TEXT,
        PRIMARY KEY (region_code, year)
    ) STRICT
    """,
]


_V2_HISTORY = [
    # Every change to a Kampung KB record, appended in the same transaction as the change.
    # old_values/new_values are the record's fields as JSON; NULL means "no record".
    """
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        changed_at TEXT NOT NULL,
        command TEXT NOT NULL,
        os_user TEXT NOT NULL,
        village_code TEXT NOT NULL,
        old_values TEXT,
        new_values TEXT,
        CHECK (old_values IS NOT NULL OR new_values IS NOT NULL)
    ) STRICT
    """,
    "CREATE INDEX history_by_village ON history (village_code, id)",
    # Append-only, enforced by the file itself and not only by kkb's code.
    """
    CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'kkb history is append-only'); END
    """,
    """
    CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'kkb history is append-only'); END
    """,
]

# The record fields kept in history, in this order. Frozen with migration 2.
_V2_RECORD_FIELDS = (
    "status", "formed_year", "formed_date", "planned_year", "name", "sk_number", "note",
)  # fmt: skip


def _statements(statements: list[str]) -> Callable[[sqlite3.Connection], None]:
    def migrate(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return migrate


def _v2_add_history(conn: sqlite3.Connection) -> None:
    """Add the history table, and start it with the records the file already holds."""
    _statements(_V2_HISTORY)(conn)
    rows = conn.execute(
        f"SELECT village_code, {', '.join(_V2_RECORD_FIELDS)}"  # noqa: S608
        " FROM kampung_kb ORDER BY village_code"
    ).fetchall()
    from kkb_cli.storage.history import os_user

    user = os_user()
    upgraded_at = datetime.now(UTC).isoformat(timespec="seconds")
    conn.executemany(
        "INSERT INTO history (changed_at, command, os_user, village_code, new_values)"
        " VALUES (?, 'upgrade', ?, ?, ?)",
        [(upgraded_at, user, code, _v2_json(values)) for code, *values in rows],
    )


def _v2_json(values: list[object]) -> str:
    return json.dumps(dict(zip(_V2_RECORD_FIELDS, values, strict=True)), ensure_ascii=False)


_V3_ATTRIBUTES_AND_TARGETS = [
    # What each Kampung KB has (yes) or lacks (no); an attribute not known has no row, so that
    # "not filled in" is never stored, or counted, as "no".
    """
    CREATE TABLE attributes (
        village_code TEXT NOT NULL REFERENCES kampung_kb (village_code) ON DELETE CASCADE,
        attribute TEXT NOT NULL CHECK (attribute IN (
            'dashat', 'pokja', 'sk_pokja', 'sekretariat', 'rumah_dataku', 'rkm',
            'bkb', 'bkr', 'bkl', 'uppka', 'pik_r')),
        answer TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
        since TEXT CHECK (since IS NULL OR date(julianday(since)) = since),
        PRIMARY KEY (village_code, attribute)
    ) STRICT
    """,
    # Targets for any region (the kota, a kecamatan) and any subject: Kampung KB formed in a
    # year (a count), or an attribute's share of formed Kampung KB by the end of a year (a count
    # or a percentage).
    """
    CREATE TABLE targets_v3 (
        region_code TEXT NOT NULL REFERENCES regions (code),
        year INTEGER NOT NULL CHECK (year >= 2016),
        subject TEXT NOT NULL DEFAULT 'formed' CHECK (subject IN (
            'formed', 'dashat', 'pokja', 'sk_pokja', 'sekretariat', 'rumah_dataku', 'rkm',
            'bkb', 'bkr', 'bkl', 'uppka', 'pik_r')),
        count INTEGER CHECK (count >= 0),
        percent REAL CHECK (percent > 0 AND percent <= 100),
        note TEXT,
        CHECK ((count IS NULL) <> (percent IS NULL)),
        CHECK (subject <> 'formed' OR count IS NOT NULL),
        PRIMARY KEY (region_code, year, subject)
    ) STRICT
    """,
    """
    INSERT INTO targets_v3 (region_code, year, subject, count, note)
    SELECT region_code, year, 'formed', count, note FROM targets
    """,
    "DROP TABLE targets",
    "ALTER TABLE targets_v3 RENAME TO targets",
]


_V4_SCOPE_AND_COUNTS = [
    # Settings of the file; for now only the office's scope (a region code, or ID).
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT",
    # Derived counts for each provinsi and kabupaten/kota, kept up to date by every write (see
    # storage/counts.py), so that a report on a province or on all of Indonesia reads a few
    # hundred rows instead of every village and record. `kkb check` recounts and compares.
    """
    CREATE TABLE village_counts (
        region_code TEXT PRIMARY KEY REFERENCES regions (code),
        kelurahan INTEGER NOT NULL,
        desa INTEGER NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE record_counts (
        region_code TEXT NOT NULL,
        status TEXT NOT NULL,
        formed_year INTEGER,
        planned_year INTEGER,
        count INTEGER NOT NULL CHECK (count > 0)
    ) STRICT
    """,
    "CREATE INDEX record_counts_by_region ON record_counts (region_code)",
    """
    CREATE TABLE attribute_counts (
        region_code TEXT NOT NULL,
        formed_year INTEGER NOT NULL,
        attribute TEXT NOT NULL,
        answer TEXT NOT NULL,
        since_year INTEGER,
        count INTEGER NOT NULL CHECK (count > 0)
    ) STRICT
    """,
    "CREATE INDEX attribute_counts_by_region ON attribute_counts (region_code)",
    # A report as of a date inside a year looks up what was formed, or answered, after it.
    "CREATE INDEX kampung_kb_by_formed_date ON kampung_kb (formed_year, formed_date)",
    # The attributes table again, with its list of attributes checked by a chain of ORs: SQLite
    # builds a temporary table for a long IN list on every row inserted, which made a national
    # import's attributes three times slower to write. Same columns, same rules.
    """
    CREATE TABLE attributes_v4 (
        village_code TEXT NOT NULL REFERENCES kampung_kb (village_code) ON DELETE CASCADE,
        attribute TEXT NOT NULL CHECK (
            attribute = 'dashat' OR attribute = 'pokja' OR attribute = 'sk_pokja'
            OR attribute = 'sekretariat' OR attribute = 'rumah_dataku' OR attribute = 'rkm'
            OR attribute = 'bkb' OR attribute = 'bkr' OR attribute = 'bkl'
            OR attribute = 'uppka' OR attribute = 'pik_r'),
        answer TEXT NOT NULL CHECK (answer = 'yes' OR answer = 'no'),
        since TEXT CHECK (since IS NULL OR date(julianday(since)) = since),
        PRIMARY KEY (village_code, attribute)
    ) STRICT
    """,
    "INSERT INTO attributes_v4 SELECT village_code, attribute, answer, since FROM attributes",
    "DROP TABLE attributes",
    "ALTER TABLE attributes_v4 RENAME TO attributes",
    "CREATE INDEX attributes_by_since ON attributes (since)",
]


def _v4_scope_and_counts(conn: sqlite3.Connection) -> None:
    """Add settings and the derived counts (counted once they have their names of schema 7);
    the scope of an older file is its one kabupaten/kota (all a file could hold before), else
    all of Indonesia."""
    _statements(_V4_SCOPE_AND_COUNTS)(conn)
    kota = conn.execute(
        "SELECT code FROM regions WHERE level = 'kabupaten_kota' ORDER BY code LIMIT 2"
    ).fetchall()
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('scope', ?)",
        (kota[0][0] if len(kota) == 1 else "ID",),
    )


# kkb's mark in the file header (`PRAGMA application_id`, "kkb1"), set from schema 5 on: a
# SQLite file without it, or with another program's, is not a kkb database.
APPLICATION_ID = 0x6B6B6231

# The history as a hash chain (storage/history.py): every entry stores the previous entry's
# hash and its own. An entry is about a Kampung KB record (kind kampung_kb, item its village
# code), or, from later schemas, an activity, a target, or the file itself.
_V5_HISTORY = """
    CREATE TABLE history_v5 (
        id INTEGER PRIMARY KEY,
        changed_at TEXT NOT NULL,
        command TEXT NOT NULL,
        os_user TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('kampung_kb', 'activity', 'target', 'file')),
        item TEXT NOT NULL,
        village_code TEXT,
        old_values TEXT,
        new_values TEXT,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
        CHECK (old_values IS NOT NULL OR new_values IS NOT NULL)
    ) STRICT
"""
# The guards, compared by `kkb check` with what is in the file, whole, not by name.
HISTORY_TRIGGERS = {
    "history_is_append_only_update": (
        "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history"
        " BEGIN SELECT RAISE(ABORT, 'kkb history is append-only'); END"
    ),
    "history_is_append_only_delete": (
        "CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history"
        " BEGIN SELECT RAISE(ABORT, 'kkb history is append-only'); END"
    ),
}


def _v5_chain_history(conn: sqlite3.Connection) -> None:
    """Make the history a hash chain, chaining the entries the file holds as they stand, and
    say so in one more entry."""
    from kkb_cli.storage import history

    conn.execute(_V5_HISTORY)
    previous = history.GENESIS
    rows = conn.execute(
        "SELECT id, changed_at, command, os_user, village_code, old_values, new_values"
        " FROM history ORDER BY id"
    ).fetchall()
    chained = []
    for id_, at, command, user, code, old, new in rows:
        fields = (id_, at, command, user, history.KAMPUNG_KB, code, code, old, new)
        digest = history.entry_hash(previous, *fields)
        chained.append((*fields, previous, digest))
        previous = digest
    conn.executemany(
        f"INSERT INTO history_v5 ({history.HISTORY_COLUMNS})"  # noqa: S608 (constant text)
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        chained,
    )
    conn.execute("DROP TABLE history")  # its triggers go with it
    conn.execute("ALTER TABLE history_v5 RENAME TO history")
    conn.execute("CREATE INDEX history_by_village ON history (village_code, id)")
    for sql in HISTORY_TRIGGERS.values():
        conn.execute(sql)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    if chained:
        event = {"event": "history_chained", "schema": 5, "entries": len(chained)}
        history.append(
            conn, [history.Change(history.FILE, "", None, None, history.as_json(event))], "upgrade"
        )


# Each region's name as kkb compares names (domain/regions.py `name_key`), with an index, and
# a trigram full-text index of the same keys, so that a name is found, or the closest names
# suggested, among 84,000 villages without reading them all. The full-text row of a region is
# its code as a number (33.75.03.1002 → 3375031002), unique across levels and stable.
_V6_NAME_KEYS = [
    "ALTER TABLE regions ADD COLUMN name_key TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX regions_by_name_key ON regions (name_key, code)",
    "CREATE VIRTUAL TABLE region_names USING fts5(name_key, tokenize = 'trigram')",
]


# Readable in Datasette and the sqlite3 shell: kkb's own bookkeeping (the kept counts, the
# settings, the name index) gets a leading underscore, the convention Datasette hides by; the
# tables people read keep their names; views give every code its names (see _V7_VIEWS).
_V7_RENAMES = [
    "ALTER TABLE settings RENAME TO _settings",
    "ALTER TABLE village_counts RENAME TO _village_counts",
    "ALTER TABLE record_counts RENAME TO _record_counts",
    "ALTER TABLE attribute_counts RENAME TO _attribute_counts",
    "ALTER TABLE region_names RENAME TO _region_names",
]

_V7_VIEWS = [
    # One column per attribute: yes, no, or NULL (not known), as in `kkb export csv`.
    """
    CREATE VIEW kampung_kb_with_names AS
    SELECT
        provinsi.name AS provinsi,
        kabupaten.name AS kabupaten_kota,
        kecamatan.name AS kecamatan,
        village.name AS desa_kelurahan,
        CASE substr(village.code, 10, 1) WHEN '1' THEN 'kelurahan' ELSE 'desa' END AS kind,
        k.village_code,
        k.status,
        k.formed_year,
        k.formed_date,
        k.planned_year,
        k.name,
        k.sk_number,
        k.note,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'dashat') AS dashat,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'pokja') AS pokja,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'sk_pokja') AS sk_pokja,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'sekretariat') AS sekretariat,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'rumah_dataku') AS rumah_dataku,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'rkm') AS rkm,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'bkb') AS bkb,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'bkr') AS bkr,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'bkl') AS bkl,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'uppka') AS uppka,
        (SELECT answer FROM attributes AS a
            WHERE a.village_code = k.village_code AND a.attribute = 'pik_r') AS pik_r,
        k.updated_at
    FROM kampung_kb AS k
    JOIN regions AS village ON village.code = k.village_code
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
    JOIN regions AS provinsi ON provinsi.code = kabupaten.parent_code
    """,
    """
    CREATE VIEW attributes_with_names AS
    SELECT
        kabupaten.name AS kabupaten_kota,
        kecamatan.name AS kecamatan,
        village.name AS desa_kelurahan,
        a.village_code,
        a.attribute,
        a.answer,
        a.since
    FROM attributes AS a
    JOIN regions AS village ON village.code = a.village_code
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
    """,
    """
    CREATE VIEW targets_with_names AS
    SELECT
        region.name AS region,
        region.level,
        t.region_code,
        t.year,
        t.subject,
        t.count,
        t.percent,
        t.note
    FROM targets AS t
    JOIN regions AS region ON region.code = t.region_code
    """,
    # Each change as "field: before → after" (attributes as attributes.dashat), beside the
    # stored JSON, with the names of the desa/kelurahan and its kecamatan and kabupaten/kota.
    """
    CREATE VIEW history_with_names AS
    SELECT
        h.id,
        h.changed_at,
        h.command,
        h.os_user,
        h.kind,
        h.item,
        kabupaten.name AS kabupaten_kota,
        kecamatan.name AS kecamatan,
        village.name AS desa_kelurahan,
        CASE
            WHEN h.old_values IS NULL THEN 'added'
            WHEN h.new_values IS NULL THEN 'removed'
            ELSE 'changed'
        END AS what,
        (
            SELECT group_concat(
                field || ': ' || coalesce(json_extract(h.old_values, path), '–') || ' → '
                    || coalesce(json_extract(h.new_values, path), '–'),
                '; '
            )
            FROM (
                SELECT DISTINCT fullkey AS path, replace(substr(fullkey, 3), '"', '') AS field
                FROM (
                    SELECT fullkey, type FROM json_tree(coalesce(h.old_values, '{}'))
                    UNION ALL
                    SELECT fullkey, type FROM json_tree(coalesce(h.new_values, '{}'))
                )
                WHERE type NOT IN ('object', 'array')
            )
            WHERE json_extract(h.old_values, path) IS NOT json_extract(h.new_values, path)
        ) AS change,
        h.old_values,
        h.new_values,
        h.village_code
    FROM history AS h
    LEFT JOIN regions AS village ON village.code = h.village_code
    LEFT JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    LEFT JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
    """,
]


def _v7_readable(conn: sqlite3.Connection) -> None:
    """Underscores for kkb's own tables, views with names; then the kept counts and the name
    index of a file that never had them filled (from before schema 4 and 6)."""
    from kkb_cli.storage.counts import recount_all
    from kkb_cli.storage.names import refresh_name_keys

    _statements(_V7_RENAMES + _V7_VIEWS)(conn)
    has_regions = conn.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is not None
    if has_regions and conn.execute("SELECT 1 FROM _village_counts LIMIT 1").fetchone() is None:
        recount_all(conn)
    if has_regions and conn.execute("SELECT 1 FROM _region_names LIMIT 1").fetchone() is None:
        refresh_name_keys(conn)


# Programme activities (domain/activities.py): what the agencies deliver through each Kampung
# KB, described with the portal's catalogues, which the file holds too (so that its numbers
# say what they mean to any SQLite reader). Targets may now ask for agencies: a share of formed
# Kampung KB reached by at least so many distinct agencies during the year.
_V8_ACTIVITIES = [
    """
    CREATE TABLE catalogue_kegiatan (
        code INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        indicator TEXT NOT NULL,
        program INTEGER NOT NULL,
        program_name TEXT NOT NULL,
        sasaran INTEGER NOT NULL,
        sasaran_name TEXT NOT NULL,
        ministry TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE catalogue_instansi (
        code INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE catalogue_fungsi (
        code INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE catalogue_sasaran (
        code INTEGER PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL
    ) STRICT
    """,
    # An activity is its Kampung KB, its day and its title (compared as title_key: case and
    # spacing ignored); kegiatan NULL is "lainnya".
    """
    CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        village_code TEXT NOT NULL REFERENCES kampung_kb (village_code),
        date TEXT NOT NULL CHECK (date(julianday(date)) = date),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        title_key TEXT NOT NULL,
        kegiatan INTEGER REFERENCES catalogue_kegiatan (code),
        fungsi INTEGER REFERENCES catalogue_fungsi (code),
        place TEXT,
        description TEXT,
        people INTEGER CHECK (people >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (village_code, date, title_key)
    ) STRICT
    """,
    "CREATE INDEX activities_by_date ON activities (date, village_code)",
    # Dashat activities only, for the reminder to record the Dashat itself: a partial index
    # costs an import nothing for the other 57 kegiatan.
    "CREATE INDEX activities_dashat ON activities (village_code) WHERE kegiatan = 35",
    # Who delivered it: catalogue agencies, or under Lainnya (37) a free-text name.
    """
    CREATE TABLE activity_agencies (
        activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        agency INTEGER NOT NULL REFERENCES catalogue_instansi (code),
        other TEXT NOT NULL DEFAULT '',
        other_key TEXT NOT NULL DEFAULT '',
        CHECK ((agency = 37) = (other <> '')),
        PRIMARY KEY (activity_id, agency, other_key)
    ) STRICT, WITHOUT ROWID
    """,
    # What a report on a provinsi or on Indonesia adds up: each kabupaten/kota's activities
    # over a period, kept between reports on that period and dropped by any write there
    # (storage/activities.py).
    """
    CREATE TABLE _activity_summaries (
        region_code TEXT NOT NULL,
        since TEXT NOT NULL,
        until TEXT NOT NULL,
        summary TEXT NOT NULL,
        PRIMARY KEY (region_code, since, until)
    ) STRICT, WITHOUT ROWID
    """,
    """
    CREATE TABLE activity_groups (
        activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        sasaran INTEGER NOT NULL REFERENCES catalogue_sasaran (code),
        other TEXT NOT NULL DEFAULT '',
        CHECK ((sasaran = 9) = (other <> '')),
        PRIMARY KEY (activity_id, sasaran, other)
    ) STRICT, WITHOUT ROWID
    """,
    """
    CREATE TABLE targets_v8 (
        region_code TEXT NOT NULL REFERENCES regions (code),
        year INTEGER NOT NULL CHECK (year >= 2016),
        subject TEXT NOT NULL DEFAULT 'formed' CHECK (subject IN (
            'formed', 'dashat', 'pokja', 'sk_pokja', 'sekretariat', 'rumah_dataku', 'rkm',
            'bkb', 'bkr', 'bkl', 'uppka', 'pik_r', 'agencies')),
        count INTEGER CHECK (count >= 0),
        percent REAL CHECK (percent > 0 AND percent <= 100),
        note TEXT,
        agencies INTEGER CHECK (agencies >= 1),
        CHECK ((count IS NULL) <> (percent IS NULL)),
        CHECK (subject <> 'formed' OR count IS NOT NULL),
        CHECK ((subject = 'agencies') = (agencies IS NOT NULL)),
        PRIMARY KEY (region_code, year, subject)
    ) STRICT
    """,
    "INSERT INTO targets_v8 (region_code, year, subject, count, percent, note)"
    " SELECT region_code, year, subject, count, percent, note FROM targets",
    "DROP VIEW targets_with_names",  # made again below, over the new table
    "DROP TABLE targets",
    "ALTER TABLE targets_v8 RENAME TO targets",
    """
    CREATE VIEW targets_with_names AS
    SELECT
        region.name AS region,
        region.level,
        t.region_code,
        t.year,
        t.subject,
        t.count,
        t.percent,
        t.agencies,
        t.note
    FROM targets AS t
    JOIN regions AS region ON region.code = t.region_code
    """,
    """
    CREATE VIEW activities_with_names AS
    SELECT
        a.id,
        a.date,
        kabupaten.name AS kabupaten_kota,
        kecamatan.name AS kecamatan,
        village.name AS desa_kelurahan,
        a.title,
        a.kegiatan,
        coalesce(k.name, 'Lainnya') AS kegiatan_name,
        k.program_name,
        (SELECT group_concat(CASE WHEN g.other <> '' THEN g.other ELSE i.name END, '; ')
         FROM activity_agencies AS g JOIN catalogue_instansi AS i ON i.code = g.agency
         WHERE g.activity_id = a.id) AS agencies,
        f.name AS fungsi,
        (SELECT group_concat(CASE WHEN p.other <> '' THEN p.other ELSE s.name END, '; ')
         FROM activity_groups AS p JOIN catalogue_sasaran AS s ON s.code = p.sasaran
         WHERE p.activity_id = a.id) AS sasaran,
        a.place,
        a.description,
        a.people,
        a.village_code
    FROM activities AS a
    JOIN regions AS village ON village.code = a.village_code
    JOIN regions AS kecamatan ON kecamatan.code = village.parent_code
    JOIN regions AS kabupaten ON kabupaten.code = kecamatan.parent_code
    LEFT JOIN catalogue_kegiatan AS k ON k.code = a.kegiatan
    LEFT JOIN catalogue_fungsi AS f ON f.code = a.fungsi
    """,
]


def _v8_activities(conn: sqlite3.Connection) -> None:
    from kkb_cli.storage.catalogue import fill_catalogue_tables

    _statements(_V8_ACTIVITIES)(conn)
    fill_catalogue_tables(conn)


# Each region's outline, for the maps of a report (storage/boundaries.py): a GeoJSON
# MultiPolygon in [longitude, latitude], 6 decimals, compact, with its bounding box so that a
# map finds its extent without reading every shape. A region that a region list removes takes
# its boundary with it. A file upgraded from schema 8 has none until `kkb region boundaries`.
_V9_BOUNDARIES = [
    """
    CREATE TABLE boundaries (
        region_code TEXT PRIMARY KEY REFERENCES regions (code) ON DELETE CASCADE,
        geometry TEXT NOT NULL CHECK (json_valid(geometry)),  -- GeoJSON MultiPolygon, [lon, lat]
        west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL
    )
    """,
]


# The history without an index of its hashes. Each hash is of its entry's content and the
# previous hash, so the chain (`kkb check`) already tells two entries apart; the index was
# read only to find a seal (`kkb check --seal`, which reads the whole chain anyway), and each
# entry added at a random place in it cost more than half of an import's writes to the
# history (0.69 s against 0.29 s for 100,000 entries).
_V10_HISTORY = _V5_HISTORY.replace("history_v5", "history_v10").replace(
    "NOT NULL UNIQUE CHECK", "NOT NULL CHECK"
)


def _v10_history_unindexed(conn: sqlite3.Connection) -> None:
    """The history copied, entry for entry, into a table without the hash index; its
    index by village, its guards and the views that read it made again as they were."""
    from kkb_cli.storage.history import HISTORY_COLUMNS

    views = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view' AND sql LIKE '%history%'"
        " ORDER BY rowid"
    ).fetchall()
    for name, _ in views:
        conn.execute(f'DROP VIEW "{name}"')
    conn.execute(_V10_HISTORY)
    conn.execute(
        f"INSERT INTO history_v10 ({HISTORY_COLUMNS})"  # noqa: S608 (constant text)
        f" SELECT {HISTORY_COLUMNS} FROM history ORDER BY id"
    )
    conn.execute("DROP TABLE history")  # its index and triggers go with it
    conn.execute("ALTER TABLE history_v10 RENAME TO history")
    conn.execute("CREATE INDEX history_by_village ON history (village_code, id)")
    for sql in HISTORY_TRIGGERS.values():
        conn.execute(sql)
    for _, sql in views:
        conn.execute(sql)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _statements(_V1_INITIAL_SCHEMA),
    _v2_add_history,
    _statements(_V3_ATTRIBUTES_AND_TARGETS),
    _v4_scope_and_counts,
    _v5_chain_history,
    _statements(_V6_NAME_KEYS),
    _v7_readable,
    _v8_activities,
    _statements(_V9_BOUNDARIES),
    _v10_history_unindexed,
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version written in the file; 0 for a new, empty file."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Apply the migrations after ``from_version`` up to ``to_version``; the caller holds the
    write transaction."""
    for version in range(from_version + 1, to_version + 1):
        MIGRATIONS[version - 1](conn)
        # PRAGMA takes no bound parameters; version is an int we computed, never user text.
        conn.execute(f"PRAGMA user_version = {int(version)}")
