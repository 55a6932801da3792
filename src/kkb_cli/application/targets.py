"""Use cases on the office's targets: for its scope or any region in it, of any subject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kkb_cli.application.base import OfficeBase, region_named, scope_of
from kkb_cli.domain.attributes import parse_attribute
from kkb_cli.domain.progress import build_report
from kkb_cli.domain.regions import Level, Region, RegionCode, village_noun
from kkb_cli.domain.targets import (
    AGENCIES,
    FORMED,
    Target,
    TargetCheck,
    check_new_target,
    parse_amount,
    subject_label,
)
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.storage.store import Store

_TARGET_LEVELS = (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN)


@dataclass(frozen=True)
class TargetSet:
    target: Target
    region: Region
    replaced: Target | None


@dataclass(frozen=True)
class TargetRemoved:
    target: Target
    region: Region


def subject_of(attribute: str | None, agencies: bool = False) -> str:
    """What a target counts: formations, an attribute named as a person names it, or
    Kampung KB reached by enough agencies."""
    if agencies:
        if attribute:
            raise UsageError("error.target_agencies_attribute")
        return AGENCIES
    return parse_attribute(attribute).value if attribute else FORMED


class TargetUseCases(OfficeBase):
    def set_target(
        self,
        year: int,
        amount: str,
        *,
        kecamatan: str | None = None,
        region: str | None = None,
        attribute: str | None = None,
        agencies: int | None = None,
        note: str | None = None,
        scope: str | None = None,
        today: date | None = None,
    ) -> TargetSet:
        """Set a target (``amount``: a count, or a percentage such as ``100%`` for an
        attribute) for the scope, a kecamatan in it or any region in it; setting it again
        replaces it."""
        count, percent = parse_amount(amount)
        subject = subject_of(attribute, agencies is not None)
        if agencies is not None and agencies < 1:
            raise UsageError("error.target_agencies_count", agencies=agencies)
        with self._writing() as store:
            area = target_region(store, kecamatan, region, scope)
            target = Target(area.code, year, subject, count, percent, note, agencies)
            kelurahan, desa = store.regions.village_kinds(area.region_code)
            check_new_target(
                target,
                area,
                kelurahan + desa,
                store.targets.formed_before(area.region_code, year),
                today or date.today(),
                village_noun(kelurahan, desa),
            )
            return TargetSet(target, area, store.targets.save(target))

    def remove_target(
        self,
        year: int,
        *,
        kecamatan: str | None = None,
        region: str | None = None,
        attribute: str | None = None,
        agencies: bool = False,
        scope: str | None = None,
    ) -> TargetRemoved:
        subject = subject_of(attribute, agencies)
        with self._writing() as store:
            area = target_region(store, kecamatan, region, scope)
            removed = store.targets.remove(area.code, year, subject)
            if removed is None:
                raise RefusedError(
                    "error.no_target", region=area.name, year=year, subject=subject_label(subject)
                )
            return TargetRemoved(removed, area)

    def target_checks(
        self, *, scope: str | None = None, today: date | None = None
    ) -> list[TargetCheck]:
        """Every target inside the scope, each checked in the report of its own region."""
        today = today or date.today()
        checks: list[TargetCheck] = []
        with self._reading() as store:
            area = scope_of(store, scope)
            codes = sorted(
                {t.region_code for t in store.targets.within(area.region_code)},
                key=lambda c: (c != area.code, c),
            )
            for code in codes:
                region = store.regions.get(RegionCode(code))
                if region is None:
                    continue  # `kkb check` reports a target of a missing region
                report = build_report(store.reports.scope_data(region, today), today)
                checks += [c for c in report.targets if c.region.code == code]
        return checks


def target_region(
    store: Store, kecamatan: str | None, region: str | None, scope: str | None
) -> Region:
    """The region a target is for: the scope itself, a kecamatan in it (``kecamatan``), or any
    region in it down to a kecamatan (``region``), each by name or code."""
    area = scope_of(store, scope)
    levels: tuple[Level, ...] = (Level.KECAMATAN,) if kecamatan is not None else _TARGET_LEVELS
    query = kecamatan if kecamatan is not None else region
    if query is not None:
        given = query.strip()
        if RegionCode.means_indonesia(given):
            raise RefusedError("error.target_indonesia")
        if RegionCode.is_code(given):
            code = RegionCode(given)
            if code.level not in levels:
                raise RefusedError("error.target_level", code=given)
            if code != area.region_code and not area.region_code.contains(code):
                raise RefusedError("error.target_outside", code=given, scope=area.name)
        area = region_named(store, given, levels, within=area)
    if area.region_code.is_indonesia:
        raise RefusedError("error.target_indonesia")
    return area
