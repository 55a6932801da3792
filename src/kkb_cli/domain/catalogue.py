"""The catalogues an activity is described with, as the BKKBN portal numbers them: the
activities of Inpres 3/2022 (*kegiatan*), the agencies that deliver them (*instansi*: OPD and
others), the 8 family functions (*fungsi keluarga*) and the participant groups (*sasaran*).

The rows come from the files shipped in ``kkb_cli/data/katalog`` (read by
``storage/catalogue.py``; their source is in ``data/SOURCES.md``). Here they are looked up the
way people write them: by number, by name (case, spaces and punctuation ignored, as village
names are), by a short name offices use (``dashat``, ``dinkes``, ``puskesmas``), or as free
text under *Lainnya* (``lainnya: Karang Taruna``). A name that fits none is refused with the
closest ones; it is never silently taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kkb_cli.errors import RefusedError
from kkb_cli.messages import text as text_of

OTHER_AGENCY = 37  # Lainnya: the agency is named in free text
OTHER_FUNGSI = 9
OTHER_GROUP = 9
DASHAT_KEGIATAN = 35  # Dapur Sehat Atasi Stunting
# The two family-planning agencies themselves (the portal's classification leaves them out
# when it scores how many agencies take part).
FAMILY_PLANNING_AGENCIES = frozenset({26, 34})

_OTHER_WORDS = ("lainnya", "lain", "other", "others")
_FREE_TEXT = re.compile(r"^\s*(?:lainnya|lain-lain|lain|other)\s*[:=]\s*(?P<name>.+)$", re.I)


def key_of(text: str) -> str:
    """How names are compared: ``Dinas PP dan PA`` → ``dinasppdanpa``; ``PIK-R`` → ``pikr``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


# Short names offices write, beside the catalogue's own names (kkb's list, not the portal's).
KEGIATAN_ALIASES = {
    "rumahdataku": 1, "rdk": 1, "adminduk": 2, "germas": 3, "pispk": 4, "bkb": 5, "bkr": 6,
    "bkl": 7, "pikr": 8, "pikremaja": 8, "kie": 9, "catin": 10, "bimbincatin": 10,
    "elsimil": 22, "posyandu": 18, "kb": 19, "p2k2": 20, "anc": 24, "ttd": 25, "pmt": 28,
    "dashat": DASHAT_KEGIATAN, "paud": 36, "pkh": 46, "umkm": 50, "stbm": 56, "jumantik": 58,
}  # fmt: skip
AGENCY_ALIASES = {
    "dishub": 1, "dkp": 2, "diskanla": 2, "dispar": 3, "esdm": 4, "dukcapil": 5,
    "disdukcapil": 5, "tni": 6, "polri": 6, "babinsa": 6, "bhabinkamtibmas": 6, "kumham": 7,
    "kominfo": 8, "diskominfo": 8, "bumn": 9, "bumd": 9, "diskop": 10, "koperasi": 10,
    "dinkop": 10, "disperin": 11, "disperindag": 12, "disdag": 12, "distan": 13,
    "dispertan": 13, "disnaker": 14, "dpupr": 15, "pupr": 15, "dlh": 16, "dlhk": 16,
    "kemenag": 18, "kua": 18, "dinkes": 19, "dinsos": 20, "dp3a": 21, "dinpppa": 21,
    "disdik": 22, "dindik": 22, "dispora": 23, "dpmd": 24, "dispermades": 24, "pemda": 25,
    "pemkab": 25, "pemkot": 25, "dppkb": 26, "dp2kb": 26, "dinsosp2kb": 26, "dinasp2kb": 26,
    "opdkb": 26, "pemdes": 27, "kelurahan": 27, "desa": 27, "lurah": 27, "sekolah": 28,
    "swasta": 29, "perusahaan": 29, "pkm": 30, "rs": 31, "rsud": 31, "klinik": 31,
    "pkk": 32, "masyarakat": 32, "bps": 33, "bkkbn": 34, "dkpp": 35, "ketahananpangan": 35,
    "disnak": 36, "disnakkeswan": 36,
}  # fmt: skip
FUNGSI_ALIASES = {"agama": 1, "lingkungan": 8, "sosbud": 7, "kasih": 6}
GROUP_ALIASES = {"semua": 1, "everyone": 1, "pasanganusiasubur": 2, "lanjutusia": 4, "anak": 5}


# The catalogues' rows, read once and never changed: tuples, quick to define and make.


class Kegiatan(NamedTuple):
    """An activity of Inpres 3/2022, with its place in the Instruction."""

    code: int
    name: str
    indicator: str
    program: int
    program_name: str
    sasaran: int
    sasaran_name: str
    ministry: str


class Entry(NamedTuple):
    """A row of a simple catalogue: its number, its name, and the name in English."""

    code: int
    name: str
    name_en: str


class Named(NamedTuple):
    """An agency or participant group of an activity: a catalogue number, and for *Lainnya*
    the free-text name (``other``). Ordered by both, in that order."""

    code: int
    other: str = ""

    @property
    def key(self) -> str:
        """Who it is, for counting distinct agencies: "Karang Taruna" and "karang taruna"
        are one."""
        return f"{self.code}:{key_of(self.other)}" if self.other else str(self.code)


_MEMO_SIZE = 10_000  # names looked up remembered at most (an import repeats a few names)


@dataclass(frozen=True)
class Catalogue:
    kegiatan: Mapping[int, Kegiatan]
    agencies: Mapping[int, Entry]
    fungsi: Mapping[int, Entry]
    groups: Mapping[int, Entry]
    # What each name written was found to be: an import of 100,000 rows names a few dozen
    # agencies over and over.
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)

    def _remembered(self, what: str, text: str, find: Callable[[str], Any]) -> Any:
        key = (what, text)
        if key not in self._memo:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = find(text)
        return self._memo[key]

    @property
    def programs(self) -> dict[int, str]:
        """The Instruction's 8 programmes, by number."""
        return {k.program: k.program_name for k in sorted(self.kegiatan.values(), key=_code)}

    # -- what people write -----------------------------------------------------------------

    def find_kegiatan(self, text: str) -> int | None:
        """A kegiatan by number, name or short name; None for *lainnya* (any other activity)."""
        found: int | None = self._remembered("kegiatan", text, self._kegiatan)
        return found

    def _kegiatan(self, text: str) -> int | None:
        key = key_of(text)
        if key in _OTHER_WORDS:
            return None
        names = {k.code: k.name for k in self.kegiatan.values()}
        return _find(text, names, KEGIATAN_ALIASES, "kegiatan")

    def find_agency(self, text: str) -> Named:
        """An agency by number, name or short name, or ``lainnya: NAME`` for one the catalogue
        does not have."""
        found: Named = self._remembered("agency", text, self._agency)
        return found

    def _agency(self, text: str) -> Named:
        free = _FREE_TEXT.match(text)
        if free:
            return Named(OTHER_AGENCY, _clean(free.group("name")))
        names = {e.code: e.name for e in self.agencies.values() if e.code != OTHER_AGENCY}
        return Named(_find(text, names, AGENCY_ALIASES, "agency"))

    def find_fungsi(self, text: str) -> int:
        """A family function by number or name, in Indonesian or English."""
        found: int = self._remembered("fungsi", text, self._fungsi)
        return found

    def _fungsi(self, text: str) -> int:
        names = {e.code: e.name for e in self.fungsi.values()}
        english = {f"{e.code}": e.name_en for e in self.fungsi.values()}
        return _find(text, names, {**FUNGSI_ALIASES, **_keyed(english)}, "fungsi")

    def find_group(self, text: str) -> Named:
        """A participant group by number or name (Indonesian or English), or ``lainnya:
        NAME``."""
        found: Named = self._remembered("group", text, self._group)
        return found

    def _group(self, text: str) -> Named:
        free = _FREE_TEXT.match(text)
        if free:
            return Named(OTHER_GROUP, _clean(free.group("name")))
        names = {e.code: e.name for e in self.groups.values() if e.code != OTHER_GROUP}
        english = {f"{e.code}": e.name_en for e in self.groups.values() if e.code != OTHER_GROUP}
        return Named(_find(text, names, {**GROUP_ALIASES, **_keyed(english)}, "group"))

    # -- what people read ------------------------------------------------------------------

    def kegiatan_name(self, code: int | None) -> str:
        return self.kegiatan[code].name if code is not None else "Lainnya"

    def agency_name(self, agency: Named) -> str:
        return agency.other or self.agencies[agency.code].name

    def group_name(self, group: Named, english: bool = False) -> str:
        entry = self.groups[group.code]
        return group.other or (entry.name_en if english else entry.name)

    def fungsi_name(self, code: int | None, english: bool = False) -> str:
        if code is None:
            return ""
        entry = self.fungsi[code]
        return entry.name_en if english else entry.name


def _code(kegiatan: Kegiatan) -> int:
    return kegiatan.code


def _keyed(english: Mapping[str, str]) -> dict[str, int]:
    return {key_of(name): int(code) for code, name in english.items()}


def _clean(name: str) -> str:
    return " ".join(name.split())


def _find(text: str, names: Mapping[int, str], aliases: Mapping[str, int], what: str) -> int:
    """A catalogue number from ``text``: the number itself, an exact name or short name, or
    the one name that contains it; refused with the candidates or the closest names."""
    raw = text.strip()
    unknown = f"error.catalogue_unknown_{what}"
    if raw.isdigit():
        if int(raw) in names:
            return int(raw)
        raise RefusedError(unknown, given=raw, closest=_range(names))
    key = key_of(raw)
    if not key:
        raise RefusedError(unknown, given=raw, closest=_range(names))
    keys = {key_of(name): code for code, name in names.items()}
    if key in aliases:
        return aliases[key]
    if key in keys:
        return keys[key]
    containing = sorted({code for name_key, code in keys.items() if key in name_key})
    if not containing:  # every word somewhere in the name: "keluarga balita"
        words = [key_of(word) for word in raw.split() if key_of(word)]
        containing = sorted(
            {code for name_key, code in keys.items() if all(w in name_key for w in words)}
        )
    if len(containing) == 1:
        return containing[0]
    if containing:
        raise RefusedError(
            f"error.catalogue_ambiguous_{what}",
            given=raw,
            candidates=_listed(names, containing[:8]),
        )
    import difflib  # only for a name that fits none: most runs never need it

    close = difflib.get_close_matches(key, [*keys, *aliases], n=3, cutoff=0.6)
    codes = list(dict.fromkeys(keys.get(k, aliases.get(k)) for k in close))
    suggestions = _listed(names, [c for c in codes if c is not None])
    closest = text_of("catalogue.closest", names=suggestions) if suggestions else _range(names)
    raise RefusedError(unknown, given=raw, closest=closest)


def _listed(names: Mapping[int, str], codes: Iterable[int]) -> str:
    return "; ".join(f"{names[code]} ({code})" for code in codes)


def _range(names: Mapping[int, str]) -> str:
    """What the numbers run from and to, when no name comes close."""
    return text_of("catalogue.numbers", low=min(names), high=max(names)) if names else ""
