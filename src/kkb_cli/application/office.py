"""``Office``: every kkb use case on one database file.

from kkb_cli import Office

office = Office.open("kkb.db")
report = office.progress(scope="33.75")
with office.listing(status=Status.FORMED) as listing:
    for row in listing.rows: ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kkb_cli.application.activities import ActivityUseCases
from kkb_cli.application.boundaries import BoundaryUseCases
from kkb_cli.application.imports import ImportUseCases
from kkb_cli.application.maintenance import MaintenanceUseCases
from kkb_cli.application.records import ProfileUseCases, RecordUseCases
from kkb_cli.application.regions import RegionUseCases
from kkb_cli.application.report_page import ReportPageUseCases
from kkb_cli.application.reports import ReportUseCases
from kkb_cli.application.targets import TargetUseCases


class Office(
    RecordUseCases,
    ActivityUseCases,
    ProfileUseCases,
    ReportUseCases,
    ReportPageUseCases,
    TargetUseCases,
    ImportUseCases,
    RegionUseCases,
    BoundaryUseCases,
    MaintenanceUseCases,
):
    """kkb's use cases on the database at ``path`` (see the README's *Python API*).

    Each method opens its own session: one read snapshot, or one write transaction for all of
    its writes. A file that does not exist yet is made from the seed by the methods that
    create one (``progress``, ``register``…) and refused by those that need an office's
    records (``edit``, ``history``…). Failures are ``KkbError``s, with a message that says
    what to do.
    """

    @classmethod
    def open(cls, path: Path | str, **options: Any) -> Office:
        """The office whose database is ``path`` (``busy_timeout`` in seconds, ``command``: what
        the history records as the maker of changes, ``notify``: called when the file is
        created or upgraded)."""
        return cls(path, **options)
