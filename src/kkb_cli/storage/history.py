"""What a history row holds: who made a change and when, and a record's values as JSON."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from typing import Any

from kkb_cli.domain.records import KampungRecord, record_values


def os_user() -> str:
    """The operating-system user running kkb, or '?' where the system cannot say."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "?"


def now() -> str:
    """The time of a change: UTC, to the second, so that users in any time zone agree."""
    return datetime.now(UTC).isoformat(timespec="seconds")


_JSON = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps(…) makes one per call


def values_json(record: KampungRecord | None) -> str | None:
    """What the history stores for a record: its values as JSON, or NULL for no record."""
    return as_json(record_values(record))


def as_json(values: dict[str, Any] | None) -> str | None:
    """A record's values (``record_values``) as history stores them; NULL for no record."""
    return None if values is None else _JSON.encode(values)
