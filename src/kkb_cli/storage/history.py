"""What a history row holds: who made a change, and a record's values as JSON."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Any, overload

from kkb_cli.domain.records import KampungRecord

RECORD_FIELDS = (
    "status", "formed_year", "formed_date", "planned_year", "name", "sk_number", "note",
)  # fmt: skip
# Since schema 3 a record's values also hold its known attributes, by attribute key:
# {"dashat": {"answer": "yes", "since": "2024-03-01"}}. Older entries have no such key, which
# means none were known.
ATTRIBUTES = "attributes"


def os_user() -> str:
    """The operating-system user running kkb, or '?' where the system cannot say."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "?"


def now() -> str:
    """The time of a change: UTC, to the second, so that users in any time zone agree."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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
    return {
        "status": record.status.value,
        "formed_year": record.formed_year,
        "formed_date": record.formed_date.isoformat() if record.formed_date else None,
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
        },
    }


def values_json(record: KampungRecord | None) -> str | None:
    """What the history stores for a record: its values as JSON, or NULL for no record."""
    values = record_values(record)
    return None if values is None else json.dumps(values, ensure_ascii=False)
