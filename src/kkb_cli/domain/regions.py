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
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Generic, NamedTuple, Protocol, TypeVar

from kkb_cli.errors import AmbiguousError, RefusedError, UsageError


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
# The grammar, ASCII digits only (\d would also take other scripts' digits). Hot loops over a
# national list (region_list.py) match strings against it directly.
CODE_GRAMMAR = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
# The first digit of a village code's last part: 1 kelurahan, 2 desa, 3 desa adat (a desa).
VILLAGE_KINDS = {"1": "kelurahan", "2": "desa", "3": "desa"}
_ALL_OF_INDONESIA = ("id", "indonesia")
_DIGITS_AND_DOTS = re.compile(r"[0-9.]+")
_LISTED_CHOICES = 10  # up to this many candidates, an unknown name lists them all
_SIMILAR_POOL = 50  # names a lookup offers for ranking by similarity
# The words people write before a name, that say what the region is: "Kel. Sokoduwet",
# "Kabupaten Batang", "Kab. Batang", "Kec. Batang". A region's own name drops the words of its
# level when it is compared ("Kabupaten Batang" and "Batang" are both "batang"); a name typed
# to find a region says, with such a word, which level it means.
_LEVEL_WORDS = (
    (r"kelurahan\b|kel\.|kel\s", Level.DESA_KELURAHAN, "kelurahan"),
    (r"desa\b|ds\.", Level.DESA_KELURAHAN, "desa"),
    (r"kecamatan\b|kec\.|kec\s", Level.KECAMATAN, None),
    (r"kabupaten(?:\s+administrasi)?\b|kab\.|kab\s", Level.KABUPATEN_KOTA, "kabupaten"),
    (r"kota(?:\s+administrasi)?\b", Level.KABUPATEN_KOTA, "kota"),
    (r"provinsi\b|propinsi\b|prov\.|prov\s", Level.PROVINSI, None),
)

# Compiled when a name is first compared, not by every command that imports this module.
_level_patterns: tuple[tuple[re.Pattern[str], Level, str | None], ...] = ()
_NUMBER_DIGITS = (2, 4, 6, 10)  # digits of a code of each depth written as a number


@dataclass(frozen=True, slots=True)
class RegionCode:
    """A Kemendagri region code (``33.75.03.1002``), or ``ID`` for all of Indonesia: the one
    place that knows the code grammar, a code's level, what holds it and what it holds."""

    value: str

    @classmethod
    def parse(cls, text: str, *, error: str = "error.region_malformed") -> RegionCode:
        """A code as a user typed it (``ID``, ``id``, ``Indonesia`` for all of Indonesia);
        a UsageError (``error``) for anything else."""
        code = text.strip()
        if code.casefold() in _ALL_OF_INDONESIA:
            return INDONESIA_CODE
        if CODE_GRAMMAR.fullmatch(code) is None:
            raise UsageError(error, code=text)
        return cls(code)

    @staticmethod
    def is_code(text: str) -> bool:
        """Whether ``text`` has the form of a Kemendagri code at any level (not ``ID``)."""
        return CODE_GRAMMAR.fullmatch(text) is not None

    @staticmethod
    def means_indonesia(text: str) -> bool:
        return text.strip().casefold() in _ALL_OF_INDONESIA

    @classmethod
    def scope(cls, text: str) -> RegionCode:
        """A scope a user gave: a provinsi, kabupaten/kota or kecamatan, or all of Indonesia."""
        code = cls.parse(text, error="error.scope_malformed")
        if code.level is Level.DESA_KELURAHAN:
            raise UsageError("error.scope_village", code=code.value)
        return code

    @classmethod
    def from_number(cls, number: int) -> RegionCode:
        """3375031002 → 33.75.03.1002 (the inverse of ``number``)."""
        digits = str(number)
        return cls(".".join(p for p in (digits[0:2], digits[2:4], digits[4:6], digits[6:]) if p))

    def __str__(self) -> str:
        return self.value

    @property
    def is_indonesia(self) -> bool:
        return self.value == INDONESIA

    @property
    def depth(self) -> int:
        """0 for a provinsi … 3 for a desa/kelurahan; -1 for all of Indonesia."""
        return -1 if self.is_indonesia else self.value.count(".")

    @property
    def level(self) -> Level | None:
        """Its level; None for all of Indonesia."""
        return None if self.is_indonesia else LEVELS_BY_DEPTH[self.depth]

    @property
    def child_level(self) -> Level | None:
        """The level of the regions right below it; None below a village."""
        depth = self.depth + 1
        return LEVELS_BY_DEPTH[depth] if depth < len(LEVELS_BY_DEPTH) else None

    @property
    def parent(self) -> RegionCode:
        """The region holding it, from the code itself: all of Indonesia holds a provinsi."""
        head = self.value.rpartition(".")[0]
        return RegionCode(head) if head else INDONESIA_CODE

    def ancestor(self, level: Level) -> RegionCode:
        """The region of ``level`` that holds it (itself at its own level)."""
        return RegionCode(self.value[: CODE_LENGTH[level]])

    @property
    def village_kind(self) -> str | None:
        """kelurahan or desa, for a desa/kelurahan (a desa adat is a desa); else None."""
        if self.level is not Level.DESA_KELURAHAN:
            return None
        return VILLAGE_KINDS.get(self.value[-4])

    @property
    def kind(self) -> str | None:
        """What the code says the region is, where it says more than its level: kota (its
        KK starts with 7) or kabupaten; kelurahan or desa."""
        if self.depth == 1:
            return "kota" if self.value[3] == "7" else "kabupaten"
        return self.village_kind

    def contains(self, other: RegionCode | str) -> bool:
        """Whether ``other`` lies inside this region (a region does not contain itself)."""
        code = other.value if isinstance(other, RegionCode) else other
        return code != INDONESIA if self.is_indonesia else code.startswith(self.value + ".")

    @property
    def bounds(self) -> tuple[str, str]:
        """SQL bounds, exclusive, of every code below it: ``code > low AND code < high`` reads
        an index range ('/' follows '.'); all codes for Indonesia."""
        if self.is_indonesia:
            return "0", ":"
        return self.value + ".", self.value + "/"

    @property
    def number(self) -> int:
        """33.75.03.1002 → 3375031002: unique across levels (each level has its own number of
        digits), and the codes inside a region are a range of such numbers."""
        return int(self.value.replace(".", ""))

    def numbers_below(self, level: Level) -> tuple[int, int]:
        """The range of ``number`` of the regions of ``level`` inside this region."""
        digits = _NUMBER_DIGITS[LEVELS_BY_DEPTH.index(level)]
        if self.is_indonesia:
            return 10 ** (digits - 1), 10**digits - 1
        spare = digits - len(str(self.number))
        return self.number * 10**spare, (self.number + 1) * 10**spare - 1


INDONESIA_CODE = RegionCode(INDONESIA)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    # The name of the region that holds it, where a lookup knew it: what tells apart the two
    # kecamatan called Batang (Kabupaten Batang, Kabupaten Jeneponto). Not part of its identity.
    within: str = field(default="", compare=False)

    @property
    def region_code(self) -> RegionCode:
        return RegionCode(self.code)

    @property
    def level(self) -> Level | None:
        """Its level; None for all of Indonesia."""
        return RegionCode(self.code).level


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
        return RegionCode(self.code).village_kind or "desa"


R = TypeVar("R", Region, Village)
R_co = TypeVar("R_co", Region, Village, covariant=True)
L = TypeVar("L", bound="Region | Village")


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


def name_key(name: str, level: Level = Level.DESA_KELURAHAN) -> str:
    """Normalise a region name of ``level`` for comparison.

    Case, accents, spaces and punctuation are ignored, and a leading word of the level is
    dropped: "Kel. Sokoduwet", "Soko Duwet" and "SOKODUWET" all give ``sokoduwet``; for a
    kabupaten/kota, "Kabupaten Batang" and "Kab. Batang" give ``batang``.
    """
    _, _, rest = level_word(name, level)
    if rest.strip():  # never strip a name down to nothing ("Desa" alone stays "desa")
        name = rest
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def level_word(name: str, only: Level | None = None) -> tuple[Level | None, str | None, str]:
    """The level (and kind: kota, kabupaten, desa, kelurahan) that a leading word of ``name``
    names, and the rest of the name: ("Kab. Batang") → (kabupaten/kota, kabupaten, "Batang").
    ``only`` looks for the words of that level only."""
    global _level_patterns
    if not _level_patterns:
        _level_patterns = tuple(
            (re.compile(rf"^\s*(?:{words})\s*", re.IGNORECASE), level, kind)
            for words, level, kind in _LEVEL_WORDS
        )
    for pattern, level, kind in _level_patterns:
        if only is not None and level is not only:
            continue
        found = pattern.match(name)
        if found is not None:
            return level, kind, name[found.end() :]
    return None, None, name


_LEVEL_NAMES = {Level.PROVINSI: "Provinsi", Level.KECAMATAN: "Kecamatan"}


def written_with_level(region: Region | Village) -> str:
    """A region's name with its level's word, as a user may write it to say which:
    "Kabupaten Batang" as it is, the kecamatan Batang as "Kecamatan Batang", a desa as
    "Desa Sidorejo"."""
    code = RegionCode(region.code)
    if level_word(region.name)[0] is not None:
        return region.name
    word = code.village_kind or _LEVEL_NAMES.get(code.level or Level.PROVINSI, "")
    return f"{word.capitalize()} {region.name}".strip()


class RegionLookup(Protocol[R_co]):
    """Where ``find_region`` looks: the candidates of one search (the villages of a scope,
    the kecamatan of a kota…), found by code or by name key without reading them all."""

    what: str  # what the candidates are called in messages: "kelurahan", "kecamatan"…

    @property
    def level(self) -> Level | None:
        """The level of every candidate (None: several levels)."""
        ...

    def narrowed(self, query: str) -> tuple[RegionLookup[R_co], str]:
        """Where to look for ``query`` and its name key: a word of a level ("Kab. Batang")
        narrows a lookup of several levels to that level."""
        ...

    def by_code(self, code: str) -> R_co | None: ...

    def exact(self, key: str) -> Sequence[R_co]:
        """The candidates whose name key is ``key``."""
        ...

    def containing(self, key: str, limit: int) -> tuple[Sequence[R_co], int]:
        """Up to ``limit`` candidates whose name key contains ``key``, and how many there are."""
        ...

    def similar(self, key: str, limit: int) -> Sequence[tuple[str, R_co]]:
        """Candidates whose name keys look like ``key`` (a short list to rank), with their keys."""
        ...

    def few(self, limit: int) -> Sequence[R_co]:
        """All the candidates when there are at most ``limit``; else none."""
        ...

    def sample(self) -> R_co | None:
        """One candidate, for an example in a message; None when there are none."""
        ...


def find_region(
    query: str,
    lookup: RegionLookup[R],
    *,
    suggest: bool = True,
    identical: str = "error.identical_names",
) -> R:
    """Find the one region that ``query`` (a code or a name) means among ``lookup``'s.

    An exact code or name wins; else a name contained in exactly one candidate's name is taken;
    a name contained in several is ambiguous; no match suggests the closest names (unless
    ``suggest`` is off: an import past its first hundred refusals). A typo is never silently
    corrected. Villages of one name in several kecamatan cannot be told apart by typing more:
    ``identical`` is the message that says how to choose (``--kecamatan``, or the Kecamatan
    column of an import).
    """
    what = lookup.what
    query = query.strip()
    if _DIGITS_AND_DOTS.fullmatch(query):
        return _find_by_code(query, lookup)
    lookup, key = lookup.narrowed(query)
    what = lookup.what
    if not key:
        example = lookup.sample() or Region("33.75.03.1002", "Krapyak")
        raise RefusedError("error.empty_name", what=what, name=example.name, code=example.code)
    exact = lookup.exact(key)
    if len(exact) == 1:
        return exact[0]
    partial: Sequence[R]
    if exact:
        partial, count = exact[: _LISTED_CHOICES + 1], len(exact)
    else:
        partial, count = lookup.containing(key, _LISTED_CHOICES + 1)
    if count == 1:
        return partial[0]
    if partial:
        shown = "; ".join(described(c) for c in partial[:_LISTED_CHOICES])
        if count > _LISTED_CHOICES:
            shown += f"; … (+{count - _LISTED_CHOICES})"
        if exact and isinstance(exact[0], Village):  # the same name in several kecamatan
            key_, hint = identical, exact[0].kecamatan_name
        else:
            key_ = "error.ambiguous_region" if lookup.level is None else "error.ambiguous_name"
            written = [written_with_level(c) for c in partial[:_LISTED_CHOICES]]
            hint = ", ".join(dict.fromkeys(written))
            if key_ == "error.ambiguous_region" and len(set(written)) < len(written):
                # the level's word does not tell them apart (two kecamatan Batang): the code
                key_, hint = "error.ambiguous_region_code", ", ".join(c.code for c in partial[:3])
        raise AmbiguousError(
            key_,
            candidates=tuple(partial[:_LISTED_CHOICES]),
            query=query,
            what=what,
            candidates_text=shown,
            count=count,
            example=hint,
        )
    if suggest:
        keys = dict(lookup.similar(key, _SIMILAR_POOL))
        close = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=3, cutoff=0.6)]
        if close:
            raise RefusedError(
                "error.unknown_name_suggest",
                query=query,
                what=what,
                suggestions=", ".join(f"{c.name} ({c.code})" for c in close),
            )
    raise _unknown("error.unknown_name", query, lookup)


def described(region: Region | Village) -> str:
    """A region for a person choosing among several: its name, code, and for a village its
    kecamatan and kabupaten/kota (a name alone repeats across Indonesia); for another region,
    its level."""
    if isinstance(region, Village) and region.kecamatan_name:
        where = ", ".join(n for n in (region.kecamatan_name, region.kabupaten_name) if n)
        return f"{region.name} ({region.code}, {where})"
    if isinstance(region, Region) and region.code != INDONESIA:
        where = f", {region.within}" if region.within else ""
        return f"{region.name} ({level_name(region.code)}, {region.code}{where})"
    return f"{region.name} ({region.code})"


def level_name(code: str) -> str:
    """What a region is, in words: provinsi, kabupaten or kota, kecamatan, kelurahan or desa."""
    from kkb_cli.messages import text

    region = RegionCode(code)
    if region.kind is not None:
        return region.kind
    return text(f"level.{(region.level or Level.PROVINSI).value}")


def _unknown(key: str, query: str, lookup: RegionLookup[R]) -> RefusedError:
    """No match: name the few candidates outright, or point to where the many are listed."""
    few = lookup.few(_LISTED_CHOICES)
    if few:
        choices = ", ".join(f"{c.name} ({c.code})" for c in few)
        return RefusedError(f"{key}_choices", query=query, what=lookup.what, choices=choices)
    return RefusedError(key, query=query, what=lookup.what)


def _find_by_code(query: str, lookup: RegionLookup[R]) -> R:
    found = lookup.by_code(query)
    if found is not None:
        return found
    if query.isdigit():
        # Kemendagri codes are written with dots; a run of digits is most likely a BPS code,
        # or the code typed without them: then say the code it would be, if it is loaded.
        if len(query) in _NUMBER_DIGITS:
            dotted = lookup.by_code(RegionCode.from_number(int(query)).value)
            if dotted is not None:
                raise RefusedError("error.undotted_known", query=query, code=dotted.code,
                                   name=dotted.name)  # fmt: skip
        sample = lookup.sample()
        raise RefusedError(
            "error.undotted_code", query=query, example=sample.code if sample else "33.75.03.1002"
        )
    if not RegionCode.is_code(query):
        sample = lookup.sample()
        raise RefusedError(
            "error.malformed_code", query=query, example=sample.code if sample else "33.75.03.1002"
        )
    level = RegionCode(query).level
    if lookup.level is not None and level is not lookup.level:
        example = lookup.sample()
        raise RefusedError(
            "error.code_wrong_level",
            query=query,
            level=(level or Level.PROVINSI).value.replace("_", "/"),
            what=lookup.what,
            example=example.code if example else "33.75.03.1002",
        )
    raise _unknown("error.unknown_code", query, lookup)


class ListLookup(Generic[L]):
    """A ``RegionLookup`` over a list in memory: for short lists (the kecamatan of a scope)
    and for tests."""

    def __init__(self, candidates: Sequence[L], what: str, level: Level | None = None) -> None:
        self.candidates: Sequence[L] = candidates
        self.what = what
        first = RegionCode(candidates[0].code).level if candidates else None
        self.level: Level | None = level or first or Level.DESA_KELURAHAN
        self._keys: list[tuple[str, L]] = [
            (name_key(c.name, RegionCode(c.code).level or Level.PROVINSI), c) for c in candidates
        ]

    def narrowed(self, query: str) -> tuple[ListLookup[L], str]:
        return self, name_key(query, self.level or Level.DESA_KELURAHAN)

    def by_code(self, code: str) -> L | None:
        return next((c for c in self.candidates if c.code == code), None)

    def exact(self, key: str) -> list[L]:
        return [c for k, c in self._keys if k == key]

    def containing(self, key: str, limit: int) -> tuple[list[L], int]:
        found = [c for k, c in self._keys if key in k]
        return found[:limit], len(found)

    def similar(self, key: str, limit: int) -> list[tuple[str, L]]:
        return self._keys

    def few(self, limit: int) -> list[L]:
        return list(self.candidates) if len(self.candidates) <= limit else []

    def sample(self) -> L | None:
        return self.candidates[0] if self.candidates else None


class MultiLookup(Generic[R]):
    """Several lookups as one: the regions of several levels (a target's region, a scope
    given by name). A level's word in the query ("Kabupaten Batang", "Kec. Batang") looks at
    that level only; without one, a name that fits a kabupaten and a kecamatan is ambiguous."""

    level: Level | None = None

    def __init__(
        self, lookups: Sequence[RegionLookup[R]], what: str, kind: str | None = None
    ) -> None:
        self.lookups: Sequence[RegionLookup[R]] = lookups
        self.what = what
        self.kind = kind  # kota or kabupaten, desa or kelurahan, when the query said so

    def narrowed(self, query: str) -> tuple[MultiLookup[R], str]:
        level, kind, rest = level_word(query)
        chosen = [lookup for lookup in self.lookups if lookup.level is level]
        if level is None or not chosen or not rest.strip():
            return self, name_key(query)
        return MultiLookup(chosen, self.what, kind), name_key(rest)

    def _fits(self, region: R) -> bool:
        return self.kind is None or RegionCode(region.code).kind == self.kind

    def by_code(self, code: str) -> R | None:
        for lookup in self.lookups:
            found: R | None = lookup.by_code(code)
            if found is not None:
                return found
        return None

    def exact(self, key: str) -> list[R]:
        return [r for lookup in self.lookups for r in lookup.exact(key) if self._fits(r)]

    def containing(self, key: str, limit: int) -> tuple[list[R], int]:
        found: list[R] = []
        count = 0
        for lookup in self.lookups:
            some, many = lookup.containing(key, limit)
            fitting = [r for r in some if self._fits(r)]
            found += fitting
            count += many if self.kind is None else len(fitting)
        return found[:limit], count

    def similar(self, key: str, limit: int) -> list[tuple[str, R]]:
        return [
            (k, r)
            for lookup in self.lookups
            for k, r in lookup.similar(key, limit)
            if self._fits(r)
        ]

    def few(self, limit: int) -> list[R]:
        found = [r for lookup in self.lookups for r in lookup.few(limit) if self._fits(r)]
        return found if len(found) <= limit else []

    def sample(self) -> R | None:
        for lookup in self.lookups:
            found: R | None = lookup.sample()
            if found is not None:
                return found
        return None


_IN_A_FILE = "error.identical_names_import"  # a row of a file says which in its Kecamatan column


class VillageFinder:
    """Finds the villages that the rows of an import name, one row at a time: a code anywhere
    in the loaded regions, or a name in the scope, or in the kecamatan the row gives."""

    def __init__(
        self,
        villages: RegionLookup[Village],
        kecamatan: RegionLookup[Region],
        villages_in: Callable[[Region], RegionLookup[Village]],
    ) -> None:
        self.villages = villages
        self.kecamatan = kecamatan
        self.villages_in = villages_in
        # A file names the same few kecamatan again and again; kept for a bounded number.
        self._area = lru_cache(maxsize=1024)(self._find_area)

    def _find_area(self, query: str) -> Region:
        return find_region(query, self.kecamatan)

    def find(self, query: str, kecamatan: str | None = None, *, suggest: bool = True) -> Village:
        """The village ``query`` (a code or a name) means; a name is looked for only in
        ``kecamatan`` (a name or code) when one is given."""
        query = query.strip()
        if RegionCode.is_code(query):
            found = self.villages.by_code(query)
            if found is not None:
                return found
        exact = self.villages.exact(name_key(query))
        if not kecamatan:
            if len(exact) == 1:
                return exact[0]
            return find_region(query, self.villages, suggest=suggest, identical=_IN_A_FILE)
        area = self._area(kecamatan.strip())
        try:
            return find_region(query, self.villages_in(area), suggest=suggest, identical=_IN_A_FILE)
        except RefusedError:
            if exact:  # the name is right, the kecamatan is not: say where it is
                raise RefusedError(
                    "error.village_elsewhere",
                    query=query,
                    kecamatan=area.name,
                    places=", ".join(f"{v.kecamatan_name} ({v.code})" for v in exact[:10]),
                ) from None
            raise
