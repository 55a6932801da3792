"""Datasette metadata for a kkb file (`kkb export datasette`): a title, what each table and view
holds and what its columns mean, in the user's language; kkb's own tables hidden; the views
sorted and faceted the way an office looks at them.

Datasette 1.0 already hides tables whose name starts with ``_`` (kkb's own, from schema 7);
Datasette 0.65 hides them only when its metadata says so. The document follows the metadata
format of Datasette 0.64 and 0.65 (``datasette kkb.db --metadata metadata.json``).
"""

from __future__ import annotations

from typing import Any

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, LABELS
from kkb_cli.messages import text

# kkb's bookkeeping: kept counts, settings, and the name index (with SQLite's own tables of it).
INTERNAL_TABLES = (
    "_settings", "_village_counts", "_record_counts", "_attribute_counts", "_region_names",
    "_region_names_config", "_region_names_content", "_region_names_data",
    "_region_names_docsize", "_region_names_idx",
)  # fmt: skip

# The views people read (storage/migrations.py, schema 7), with the columns to facet by.
VIEWS = {
    "kampung_kb_with_names": ("kecamatan", "status", "formed_year"),
    "attributes_with_names": ("attribute", "answer", "kecamatan"),
    "targets_with_names": ("year", "subject"),
    "history_with_names": ("command", "what", "os_user"),
}
TABLES = ("kampung_kb", "attributes", "targets", "history", "regions")

# The columns whose meaning the catalogue says (datasette.column.*), wherever they appear.
COLUMNS = (
    "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "kind", "village_code",
    "status", "formed_year", "formed_date", "planned_year", "name", "sk_number", "note",
    "attribute", "answer", "since", "region", "region_code", "level", "year", "subject",
    "count", "percent", "changed_at", "command", "os_user", "what", "change",
)  # fmt: skip


def metadata(database: str, scope_name: str) -> dict[str, Any]:
    """The metadata document for the file Datasette calls ``database`` (its name without
    ``.db``)."""
    columns = {name: text(f"datasette.column.{name}") for name in COLUMNS}
    columns |= {
        a.value: text("datasette.column.attribute_of", label=LABELS[a]) for a in ALL_ATTRIBUTES
    }
    tables: dict[str, Any] = {name: {"hidden": True} for name in INTERNAL_TABLES}
    for name in TABLES:
        tables[name] = {"description": text(f"datasette.table.{name}"), "columns": columns}
    for name, facets in VIEWS.items():
        tables[name] = {
            "description": text(f"datasette.table.{name}"),
            "columns": columns,
            "facets": list(facets),
        }
    tables["history_with_names"]["sort_desc"] = "id"
    return {
        "title": text("datasette.title", scope=scope_name),
        "description": text("datasette.description"),
        "source": "kkb",
        "databases": {database: {"tables": tables}},
    }
