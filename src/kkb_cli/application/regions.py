"""Use cases on the regions: what a region holds, and the office's scope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kkb_cli.application.base import SCOPE_LEVELS, OfficeBase, region_named, scope_of
from kkb_cli.domain.regions import LEVELS_BY_DEPTH, Level, Region, village_noun
from kkb_cli.storage.database import Mode
from kkb_cli.storage.store import Store

if TYPE_CHECKING:
    from kkb_cli.domain.region_list import RegionSummary


@dataclass(frozen=True)
class ScopeInfo:
    """A scope and how many desa/kelurahan it has."""

    region: Region
    villages: int
    noun: str


@dataclass(frozen=True)
class FoundRegion:
    """A region whose name fits what was looked for, with the regions that hold it."""

    region: Region
    level: Level
    path: list[Region]  # provinsi … down to its parent


@dataclass(frozen=True)
class Suggestion:
    """A region a name being typed may be: its code, name, and the region it lies in."""

    code: str
    name: str
    within: str | None


class RegionUseCases(OfficeBase):
    def suggest(
        self,
        typed: str,
        levels: Sequence[Level] = (Level.DESA_KELURAHAN,),
        *,
        scope: str | None = None,
        limit: int = 100,
    ) -> list[Suggestion]:
        """The regions of ``levels`` in the scope whose name starts like ``typed``, by name (for
        shell completion). Reads the file as it is: a missing file is refused, never created,
        and an older one is not upgraded."""
        with self._session(Mode.CHECK, must_exist=True) as store:
            region = scope_of(store, scope)
            found = store.regions.starting(typed, region.region_code, levels, limit)
            return [Suggestion(code, name, within) for code, name, within in found]

    def find_regions(self, name: str, *, limit: int = 50) -> list[FoundRegion]:
        """The regions of every level, anywhere in the loaded list, whose name is ``name`` or
        contains it (up to ``limit``), exact names first."""
        from kkb_cli.domain.regions import INDONESIA_CODE, level_word, name_key

        level, _, rest = level_word(name)
        levels = [level] if level is not None and rest.strip() else list(LEVELS_BY_DEPTH)
        found: dict[str, Region] = {}
        with self._reading() as store:
            for exact in (True, False):
                for each in levels:
                    lookup = store.regions.lookup(INDONESIA_CODE, each, "")
                    key = name_key(rest if level is not None and rest.strip() else name, each)
                    if not key:
                        continue
                    matches = lookup.exact(key) if exact else lookup.containing(key, limit)[0]
                    for region in matches:
                        found.setdefault(region.code, Region(region.code, region.name))
            return [
                FoundRegion(
                    region,
                    region.region_code.level or Level.PROVINSI,
                    [
                        parent
                        for upper in LEVELS_BY_DEPTH[: region.region_code.depth]
                        if (parent := store.regions.get(region.region_code.ancestor(upper)))
                    ],
                )
                for region in list(found.values())[:limit]
            ]

    def region_children(self, code: str = "ID") -> tuple[Region, list[RegionSummary]]:
        """A region (all of Indonesia by default) and the regions right below it, each with how
        many regions it holds at every lower level."""
        from kkb_cli.domain.region_list import summarise

        with self._reading() as store:
            region = region_named(store, code, LEVELS_BY_DEPTH, unknown="error.region_unknown")
            wanted = region.region_code
            rows = summarise(store.regions.children(wanted), store.regions.tree_counts(wanted))
            return region, rows

    def scope(self) -> ScopeInfo:
        """The file's scope: the region its commands work in by default."""
        with self._reading() as store:
            return _scope_info(store, store.regions.scope())

    def set_scope(self, code: str) -> ScopeInfo:
        """Make a provinsi, kabupaten/kota, kecamatan or all of Indonesia the file's scope."""
        with self._writing(must_exist=False) as store:
            # a malformed or village code is bad usage (exit 2); a name may be ambiguous
            region = region_named(store, code, SCOPE_LEVELS, error="error.scope_malformed")
            store.regions.set_scope(region)
            return _scope_info(store, region)


def _scope_info(store: Store, region: Region) -> ScopeInfo:
    kelurahan, desa = store.regions.village_kinds(region.region_code)
    return ScopeInfo(region, kelurahan + desa, village_noun(kelurahan, desa))
