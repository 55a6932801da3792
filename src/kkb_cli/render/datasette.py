"""Datasette metadata for a kkb file (`kkb export datasette`): a title, what each table and view
holds and what its columns mean, in the user's language; kkb's own tables hidden; the views
sorted and faceted the way an office looks at them.

Datasette 1.0 already hides tables whose name starts with ``_`` (kkb's own, from schema 7);
Datasette 0.65 hides them only when its metadata says so. The document follows the metadata
format of Datasette 0.64 and 0.65 (``datasette kkb.db --metadata metadata.json``).
"""

from __future__ import annotations

from typing import Any

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, LABELS, Attribute
from kkb_cli.messages import text

# kkb's bookkeeping: kept counts, settings, and the name index (with SQLite's own tables of it).
INTERNAL_TABLES = (
    "_settings", "_village_counts", "_record_counts", "_attribute_counts", "_activity_summaries",
    "_region_names",
    "_region_names_config", "_region_names_content", "_region_names_data",
    "_region_names_docsize", "_region_names_idx",
)  # fmt: skip

# What each table and view holds, and the columns whose meaning the catalogue says
# (datasette.column.*): each table's own, so that a column is described where it is.
_RECORD = (
    "village_code", "status", "formed_year", "formed_date", "planned_year", "name",
    "sk_number", "note",
)  # fmt: skip
_PLACE = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")
_ACTIVITY = ("title", "kegiatan", "fungsi", "place", "description", "people", "village_code")
TABLES: dict[str, tuple[str, ...]] = {
    "kampung_kb": _RECORD,
    "attributes": ("village_code", "attribute", "answer", "since"),
    "targets": ("region_code", "year", "subject", "count", "percent", "agencies", "note"),
    "history": ("changed_at", "command", "os_user"),
    "regions": (),
    "boundaries": (),
    "activities": _ACTIVITY,
    "activity_agencies": (),
    "activity_groups": (),
    "catalogue_kegiatan": (),
    "catalogue_instansi": (),
    "catalogue_fungsi": (),
    "catalogue_sasaran": (),
}
# The views people read (storage/migrations.py, schemas 7 and 8), with the columns to facet by.
VIEWS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "kampung_kb_with_names": (
        (*_PLACE, "kind", *_RECORD),
        ("kecamatan", "status", "formed_year"),
    ),
    "attributes_with_names": (
        ("kabupaten_kota", "kecamatan", "desa_kelurahan", "village_code", "attribute", "answer",
         "since"),
        ("attribute", "answer", "kecamatan"),
    ),
    "targets_with_names": (
        ("region", "level", "region_code", "year", "subject", "count", "percent", "agencies",
         "note"),
        ("year", "subject"),
    ),
    "history_with_names": (
        ("changed_at", "command", "os_user", "kabupaten_kota", "kecamatan", "desa_kelurahan",
         "what", "change", "village_code"),
        ("command", "what", "os_user"),
    ),
    "activities_with_names": (
        ("kabupaten_kota", "kecamatan", "desa_kelurahan", "kegiatan_name", "agencies",
         *_ACTIVITY),
        ("kecamatan", "kegiatan_name", "fungsi"),
    ),
}  # fmt: skip
COLUMNS = sorted(
    {c for cs in TABLES.values() for c in cs} | {c for cs, _ in VIEWS.values() for c in cs}
)
_ATTRIBUTE_KEYS = tuple(a.value for a in ALL_ATTRIBUTES)


def metadata(database: str, scope_name: str) -> dict[str, Any]:
    """The metadata document for the file Datasette calls ``database`` (its name without
    ``.db``)."""
    tables: dict[str, Any] = {name: {"hidden": True} for name in INTERNAL_TABLES}
    for name, columns in TABLES.items():
        tables[name] = {
            "description": text(f"datasette.table.{name}"),
            "columns": _described(columns),
        }
    for name, (columns, facets) in VIEWS.items():
        if name == "kampung_kb_with_names":
            columns = (*columns, *_ATTRIBUTE_KEYS)
        tables[name] = {
            "description": text(f"datasette.table.{name}"),
            "columns": _described(columns),
            "facets": list(facets),
        }
    tables["history_with_names"]["sort_desc"] = "id"
    tables["activities_with_names"]["sort_desc"] = "date"
    return {
        "title": text("datasette.title", scope=scope_name),
        "description": text("datasette.description"),
        "source": "kkb",
        "databases": {database: {"tables": tables}},
    }


def _described(columns: tuple[str, ...]) -> dict[str, str]:
    described = {}
    for name in columns:
        if name in _ATTRIBUTE_KEYS:
            label = LABELS[Attribute(name)]
            described[name] = text("datasette.column.attribute_of", label=label)
        else:
            described[name] = text(f"datasette.column.{name}")
    return described
