"""What every use case shares: the database file, its sessions, and finding what a user
named (a desa/kelurahan, a kecamatan, a region) within the scope."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kkb_cli.domain.regions import (
    INDONESIA_CODE,
    Level,
    ListLookup,
    MultiLookup,
    Region,
    RegionCode,
    RegionLookup,
    Village,
    find_region,
    village_noun,
)
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import text
from kkb_cli.storage.database import DEFAULT_BUSY_TIMEOUT, Mode, session
from kkb_cli.storage.names import SqlLookup
from kkb_cli.storage.store import Store

if TYPE_CHECKING:
    from kkb_cli.application.outcomes import Coverage as Coverage
    from kkb_cli.application.outcomes import Created as Created
    from kkb_cli.application.outcomes import Notice as Notice
    from kkb_cli.application.outcomes import Upgraded as Upgraded

_OUTCOMES = ("Created", "Upgraded", "Notice", "Coverage")


def __getattr__(name: str) -> Any:
    """``Created``, ``Upgraded``, ``Notice`` and ``Coverage``, still importable from here: they
    are made in ``outcomes`` when first used."""
    if name in _OUTCOMES:
        from kkb_cli.application import outcomes

        return getattr(outcomes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Place(NamedTuple):
    """A desa/kelurahan a user named, and the region its coverage is told for: the scope, or
    the village's own kabupaten/kota when it lies outside the scope. (A tuple: quicker to
    make at import than a dataclass.)"""

    village: Village
    area: Region


class OfficeBase:
    """The database file and how each use case opens it."""

    def __init__(
        self,
        path: Path | str,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        command: str = "python",
        notify: Callable[[Notice], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.command = command  # what the history names as the maker of changes
        self.notify = notify or (lambda notice: None)

    @contextmanager
    def _session(
        self, mode: Mode, *, must_exist: bool = False, command: str | None = None, **options: object
    ) -> Iterator[Store]:
        with session(
            self.path,
            self.busy_timeout,
            mode=mode,
            must_exist=must_exist,
            command=command or self.command,
            on_created=self._created,
            on_upgraded=self._upgraded,
            **options,  # type: ignore[arg-type]
        ) as store:
            yield store

    def _created(self) -> None:
        from kkb_cli.application.outcomes import Created

        self.notify(Created(self.path))

    def _upgraded(self, old: int, backup: Path) -> None:
        from kkb_cli.application.outcomes import Upgraded
        from kkb_cli.storage.migrations import SCHEMA_VERSION

        self.notify(Upgraded(self.path, old, SCHEMA_VERSION, backup))

    @contextmanager
    def _reading(self, *, must_exist: bool = False) -> Iterator[Store]:
        """One read snapshot: everything read agrees, even while another kkb writes. A new
        file is made from the seed first (in its own transaction) unless ``must_exist``."""
        with self._session(Mode.READ, must_exist=must_exist) as store:
            store.read_snapshot()
            yield store

    @contextmanager
    def _writing(
        self, *, must_exist: bool = True, command: str | None = None, bulk: bool = False
    ) -> Iterator[Store]:
        """One write transaction for all of a use case's writes, taken up front; ``bulk`` for
        one that writes thousands of rows (``storage.database._begin``)."""
        with self._session(Mode.WRITE, must_exist=must_exist, command=command, bulk=bulk) as store:
            yield store


# -- finding what a user named, in a session ---------------------------------------------------


SCOPE_LEVELS = (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN)


def scope_of(store: Store, scope: str | None) -> Region:
    """The region a use case works in: ``scope`` (a --scope, by code or by name), else the
    file's own."""
    if scope is None:
        return store.regions.scope()
    return region_named(store, scope, SCOPE_LEVELS, error="error.scope_malformed")


def region_named(
    store: Store,
    given: str,
    levels: Sequence[Level],
    *,
    within: Region | None = None,
    error: str = "error.region_malformed",
    unknown: str = "error.scope_unknown",
) -> Region:
    """The region ``given`` means: ``ID`` (all of Indonesia), a code, or a name (of one of
    ``levels``, inside ``within`` when given, the region ``within`` itself included); a name
    that fits regions of two levels is ambiguous unless it says its level ("Kab. Batang")."""
    text_ = given.strip()
    if RegionCode.means_indonesia(text_) or RegionCode.is_code(text_):
        code = RegionCode.parse(text_, error=error)
        if code.level is Level.DESA_KELURAHAN and Level.DESA_KELURAHAN not in levels:
            raise UsageError("error.scope_village", code=code.value)
        region = store.regions.get(code)
        if region is None:
            raise RefusedError(unknown, code=code.value)
        return region
    if not re.search(r"[^\W\d_]", text_):  # no letter: a code mistyped, not a name
        raise UsageError(error, code=given)
    area = (within or store.regions.get(INDONESIA_CODE)) or Region("ID", "Indonesia")
    lookups: list[RegionLookup[Region]] = []
    if within is not None and not within.region_code.is_indonesia and within.level in levels:
        lookups.append(ListLookup([within], text("word.region"), within.level))
    lookups += [
        store.regions.lookup(area.region_code, level, text("word.region")) for level in levels
    ]
    found: Region = find_region(given, MultiLookup(lookups, text("word.region")))
    return found


def place_of(store: Store, village: str, scope: str | None, kecamatan: str | None = None) -> Place:
    """The desa/kelurahan ``village`` means: a code anywhere in the loaded regions, or a name
    within the scope (or within the ``kecamatan`` named, for villages of one name)."""
    region = scope_of(store, scope)
    where = kecamatan_of(store, region, kecamatan) if kecamatan is not None else region
    found = find_region(village, village_lookup(store, where))
    if region.region_code.is_indonesia or region.region_code.contains(found.code):
        return Place(found, region)
    kota = store.regions.get(RegionCode(found.code).ancestor(Level.KABUPATEN_KOTA))
    return Place(found, kota or region)


def village_lookup(store: Store, region: Region) -> SqlLookup:
    """The desa/kelurahan of a region, to find by code or name, called by what they are."""
    noun = village_noun(*store.regions.village_kinds(region.region_code))
    return store.regions.lookup(region.region_code, Level.DESA_KELURAHAN, noun)


def coverage_of(store: Store, area: Region) -> Coverage:
    """The area's coverage now (after this use case's writes, in its transaction)."""
    from kkb_cli.application.outcomes import Coverage

    kelurahan, desa = store.regions.village_kinds(area.region_code)
    formed = store.records.count_formed(area.region_code)
    return Coverage(area, formed, kelurahan + desa, village_noun(kelurahan, desa))


def kecamatan_of(store: Store, scope: Region, kecamatan: str) -> Region:
    """The kecamatan a user named: a name within the scope, or a code anywhere."""
    found: Region = find_region(
        kecamatan, store.regions.lookup(scope.region_code, Level.KECAMATAN, "kecamatan")
    )
    return found
