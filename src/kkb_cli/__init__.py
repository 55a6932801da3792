"""kkb: plan, register and report Kampung KB formations against yearly targets.

The command line is ``kkb``; the same use cases are a Python API (the README's *Python API*)::

    from kkb_cli import Office

    office = Office.open("kkb.db")
    report = office.progress()

The names below are the stable API; they are imported when first used, so that ``import
kkb_cli`` (and every ``kkb`` command) stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "Office": "kkb_cli.application.office",
    "Created": "kkb_cli.application.outcomes",
    "Upgraded": "kkb_cli.application.outcomes",
    "Coverage": "kkb_cli.application.outcomes",
    "KkbError": "kkb_cli.errors",
    "RefusedError": "kkb_cli.errors",
    "UsageError": "kkb_cli.errors",
    "DatabaseError": "kkb_cli.errors",
    "OutputError": "kkb_cli.errors",
    "ProgressReport": "kkb_cli.domain.progress",
    "KampungRecord": "kkb_cli.domain.records",
    "Details": "kkb_cli.domain.records",
    "Edit": "kkb_cli.domain.records",
    "Status": "kkb_cli.domain.status",
    "KAMPUNG_COLUMNS": "kkb_cli.domain.records",
    "Attribute": "kkb_cli.domain.attributes",
    "Answer": "kkb_cli.domain.attributes",
    "Region": "kkb_cli.domain.regions",
    "RegionCode": "kkb_cli.domain.regions",
    "Village": "kkb_cli.domain.regions",
    "Level": "kkb_cli.domain.regions",
    "Target": "kkb_cli.domain.targets",
    "TargetCheck": "kkb_cli.domain.targets",
    "TargetStatus": "kkb_cli.domain.targets",
    "SCHEMA_VERSION": "kkb_cli.storage.migrations",
}

__all__ = [  # the same names, written out for tools that read __all__ without running it
    "KAMPUNG_COLUMNS",
    "SCHEMA_VERSION",
    "Answer",
    "Attribute",
    "Coverage",
    "Created",
    "DatabaseError",
    "Details",
    "Edit",
    "KampungRecord",
    "KkbError",
    "Level",
    "Office",
    "OutputError",
    "ProgressReport",
    "RefusedError",
    "Region",
    "RegionCode",
    "Status",
    "Target",
    "TargetCheck",
    "TargetStatus",
    "Upgraded",
    "UsageError",
    "Village",
    "__version__",
]

if TYPE_CHECKING:
    from kkb_cli.application.office import Office
    from kkb_cli.application.outcomes import Coverage, Created, Upgraded
    from kkb_cli.domain.attributes import Answer, Attribute
    from kkb_cli.domain.progress import ProgressReport
    from kkb_cli.domain.records import KAMPUNG_COLUMNS, Details, Edit, KampungRecord
    from kkb_cli.domain.regions import Level, Region, RegionCode, Village
    from kkb_cli.domain.status import Status
    from kkb_cli.domain.targets import Target, TargetCheck, TargetStatus
    from kkb_cli.errors import DatabaseError, KkbError, OutputError, RefusedError, UsageError
    from kkb_cli.storage.migrations import SCHEMA_VERSION


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'kkb_cli' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
