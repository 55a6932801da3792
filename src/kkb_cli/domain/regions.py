"""Kemendagri region codes and kelurahan name matching.

Code grammar (Kepmendagri 300.2.2-2138/2025): ``PP`` provinsi, ``PP.KK`` kabupaten/kota,
``PP.KK.CC`` kecamatan, ``PP.KK.CC.VVVV`` desa/kelurahan (VVVV starting with 1 is a kelurahan,
2 a desa, 3 a desa adat). BPS statistics codes are another system and are never accepted.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple, TypeVar

from kkb_cli.errors import RefusedError, UsageError


class Level(StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN_KOTA = "kabupaten_kota"
    KECAMATAN = "kecamatan"
    DESA_KELURAHAN = "desa_kelurahan"


LEVELS_BY_DEPTH = (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN, Level.DESA_KELURAHAN)
INDONESIA = "ID"  # the scope of all of Indonesia: the parent of every provinsi
# How many characters a code of each level has: the first that many of a village's code are
# the code of the region holding it at that level.
CODE_LENGTH = dict(
    zip(
        LEVELS_BY_DEPTH,
        (len("33"), len("33.75"), len("33.75.03"), len("33.75.03.1002")),
        strict=True,
    )
)

_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?")  # ASCII digits only
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")
_LISTED_CHOICES = 10  # up to this many candidates, an unknown name lists them all
_VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa"}  # 3 = desa adat
# Leading words people type before a village name: "Kel. Sokoduwet", "Kelurahan Tirto", "Desa X".
_PREFIX = re.compile(r"^\s*(kelurahan\b|kel\.|kel\s|desa\b|ds\.)\s*", re.IGNORECASE)


def is_region_code(text: str) -> bool:
    """True when ``text`` has the form of a Kemendagri code at any level."""
    return _CODE.fullmatch(text) is not None


def level_of(code: str) -> Level:
    """The level of a well-formed Kemendagri code, from its number of parts."""
    return LEVELS_BY_DEPTH[code.count(".")]


def child_level(code: str) -> Level | None:
    """The level of the regions right below ``code`` (or ``ID``); None below a village."""
    if code == INDONESIA:
        return Level.PROVINSI
    depth = code.count(".") + 1
    return LEVELS_BY_DEPTH[depth] if depth < len(LEVELS_BY_DEPTH) else None


def parent_code(code: str) -> str | None:
    """The code of the region that holds ``code``, from the code itself; None for a provinsi."""
    return code.rpartition(".")[0] or None


def village_kind(code: str) -> str:
    """``kelurahan`` or ``desa``, from the first digit of a village code's last part."""
    return _VILLAGE_KIND[code.rsplit(".", 1)[1][0]]


def parse_scope(text: str) -> str:
    """The region code a user gave as a scope: a provinsi, kabupaten/kota or kecamatan code,
    or ``ID`` (also ``id``, ``indonesia``) for all of Indonesia."""
    code = text.strip()
    if code.casefold() in ("id", "indonesia"):
        return INDONESIA
    if not is_region_code(code):
        raise UsageError("error.scope_malformed", code=text)
    if level_of(code) is Level.DESA_KELURAHAN:
        raise UsageError("error.scope_village", code=code)
    return code


@dataclass(frozen=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> Level | None:
        """Its level; None for all of Indonesia."""
        return None if self.code == INDONESIA else level_of(self.code)


class Village(NamedTuple):
    """A desa/kelurahan with the kecamatan and kabupaten/kota it lies in. (A tuple: a
    national import makes 84,000 of them, three times faster than a frozen dataclass.)"""

    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str
    kabupaten_name: str = ""

    @property
    def kind(self) -> str:
        return village_kind(self.code)


R = TypeVar("R", Region, Village)


def village_noun(kelurahan: int, desa: int) -> str:
    """What to call the villages of a scope: kelurahan, desa, or desa/kelurahan when it has
    both (or none)."""
    if kelurahan and not desa:
        return "kelurahan"
    return "desa" if desa and not kelurahan else "desa/kelurahan"


def noun_of(villages: Iterable[Village]) -> str:
    """``village_noun`` for a list of villages."""
    kinds = [v.kind for v in villages]
    return village_noun(kinds.count("kelurahan"), kinds.count("desa"))


def name_key(name: str) -> str:
    """Normalise a region name for comparison.

    Case, accents, spaces and punctuation are ignored, and a leading "Kel."/"Kelurahan"/"Desa"
    is dropped, so "Kel. Sokoduwet", "Soko Duwet" and "SOKODUWET" all give ``sokoduwet``.
    """
    stripped = _PREFIX.sub("", name, count=1)
    if stripped.strip():  # never strip a name down to nothing ("Desa" alone stays "desa")
        name = stripped
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def find_region(query: str, candidates: Sequence[R], what: str) -> R:
    """Find the one region among ``candidates`` that ``query`` (a code or a name) means.

    An exact code or name wins; else a name contained in exactly one candidate's name is taken;
    a name contained in several is ambiguous; no match suggests the closest names. A typo is
    never silently corrected. ``what`` names the kind of region in messages ("kelurahan").
    """
    query = query.strip()
    if _DIGITS_AND_DOTS.fullmatch(query):
        return _find_by_code(query, candidates, what)
    key = name_key(query)
    if not key:
        example = candidates[0] if candidates else Region("33.75.03.1002", "Krapyak")
        raise RefusedError("error.empty_name", what=what, name=example.name, code=example.code)
    exact = [c for c in candidates if name_key(c.name) == key]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [c for c in candidates if key in name_key(c.name)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = "; ".join(described(c) for c in partial[:_LISTED_CHOICES])
        if len(partial) > _LISTED_CHOICES:
            shown += f"; … (+{len(partial) - _LISTED_CHOICES})"
        raise RefusedError("error.ambiguous_name", query=query, what=what, candidates=shown)
    keys = {name_key(c.name): c for c in candidates}
    close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)]
    if close:
        raise RefusedError(
            "error.unknown_name_suggest",
            query=query,
            what=what,
            suggestions=", ".join(f"{c.name} ({c.code})" for c in close),
        )
    raise _unknown("error.unknown_name", query, candidates, what)


def described(region: Region | Village) -> str:
    """A region for a person choosing among several: its name, code, and for a village its
    kecamatan and kabupaten/kota (a name alone repeats across Indonesia)."""
    if isinstance(region, Village) and region.kecamatan_name:
        where = ", ".join(n for n in (region.kecamatan_name, region.kabupaten_name) if n)
        return f"{region.name} ({region.code}, {where})"
    return f"{region.name} ({region.code})"


def _unknown(key: str, query: str, candidates: Sequence[R], what: str) -> RefusedError:
    """No match: name the few candidates outright, or point to where the many are listed."""
    if 0 < len(candidates) <= _LISTED_CHOICES:
        choices = ", ".join(f"{c.name} ({c.code})" for c in candidates)
        return RefusedError(f"{key}_choices", query=query, what=what, choices=choices)
    return RefusedError(key, query=query, what=what)


def _find_by_code(query: str, candidates: Sequence[R], what: str) -> R:
    for candidate in candidates:
        if candidate.code == query:
            return candidate
    if query.isdigit():
        # Kemendagri codes are written with dots; a run of digits is most likely a BPS code.
        raise RefusedError("error.undotted_code", query=query)
    if not is_region_code(query):
        raise RefusedError("error.malformed_code", query=query)
    if candidates and level_of(query) != level_of(candidates[0].code):
        raise RefusedError(
            "error.code_wrong_level",
            query=query,
            level=level_of(query).value.replace("_", "/"),
            what=what,
            example=candidates[0].code,
        )
    raise _unknown("error.unknown_code", query, candidates, what)


class VillageIndex:
    """The villages of a scope, indexed for finding thousands of them quickly (an import).

    An exact code or an exact, unique name is a dictionary lookup; anything else (a partial
    name, a typo, an ambiguous name) goes to ``find_region`` for the same answer, or the same
    refusal, as ``kkb add`` gives.
    """

    def __init__(
        self,
        villages: Sequence[Village],
        elsewhere: Callable[[str], Village | None] = lambda code: None,
    ) -> None:
        """``elsewhere`` finds a village outside these by its code (a code is valid anywhere
        in the loaded regions; a name only within the scope)."""
        self.villages = villages
        self.elsewhere = elsewhere
        self.noun = noun_of(villages) if villages else "kelurahan"
        self._by_code = {v.code: v for v in villages}

    @cached_property
    def _by_key(self) -> dict[str, list[Village]]:
        """Villages by normalised name; built only when a name is looked up."""
        by_key: dict[str, list[Village]] = {}
        for village in self.villages:
            by_key.setdefault(name_key(village.name), []).append(village)
        return by_key

    @cached_property
    def _by_area(self) -> dict[str, list[Village]]:
        by_area: dict[str, list[Village]] = {}
        for village in self.villages:
            by_area.setdefault(village.kecamatan_code, []).append(village)
        return by_area

    @cached_property
    def _areas(self) -> list[Region]:
        return [Region(a[0].kecamatan_code, a[0].kecamatan_name) for a in self._by_area.values()]

    def find(self, query: str, kecamatan: str | None = None) -> Village:
        """The village ``query`` (a code or a name) means; a name is looked for only in
        ``kecamatan`` (a name or code) when one is given."""
        query = query.strip()
        found = self._by_code.get(query) or (
            self.elsewhere(query) if is_region_code(query) else None
        )
        if found is not None:
            return found
        exact = self._by_key.get(name_key(query), [])
        if not kecamatan:
            if len(exact) == 1:
                return exact[0]
            return find_region(query, self.villages, self.noun)
        area = find_region(kecamatan, self._areas, "kecamatan")
        try:
            return find_region(query, self._by_area[area.code], self.noun)
        except RefusedError:
            if exact:  # the name is right, the kecamatan is not: say where it is
                raise RefusedError(
                    "error.village_elsewhere",
                    query=query,
                    kecamatan=area.name,
                    places=", ".join(f"{v.kecamatan_name} ({v.code})" for v in exact),
                ) from None
            raise
