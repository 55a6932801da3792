"""What a history row holds: who made a change and when, and a record's values as JSON."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime

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


def values_json(record: KampungRecord | None) -> str | None:
    """What the history stores for a record: its values as JSON, or NULL for no record."""
    values = record_values(record)
    return None if values is None else json.dumps(values, ensure_ascii=False)
