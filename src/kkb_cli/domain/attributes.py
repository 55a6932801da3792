"""What a Kampung KB has: Dashat, Pokja, Rumah DataKu… each yes, no, or not yet known.

The BKKBN portal reports each attribute in three states (has / has not / not filled in), and
users have asked that "not filled in" never be counted as "no": an unknown attribute is simply
absent here, never stored as no.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kkb_cli.errors import UsageError


class Attribute(StrEnum):
    DASHAT = "dashat"
    POKJA = "pokja"
    SK_POKJA = "sk_pokja"
    SEKRETARIAT = "sekretariat"
    RUMAH_DATAKU = "rumah_dataku"
    RKM = "rkm"
    BKB = "bkb"
    BKR = "bkr"
    BKL = "bkl"
    UPPKA = "uppka"
    PIK_R = "pik_r"


# How each is written in reports (the portal's own spellings).
LABELS = {
    Attribute.DASHAT: "Dashat",
    Attribute.POKJA: "Pokja",
    Attribute.SK_POKJA: "SK Pokja",
    Attribute.SEKRETARIAT: "Sekretariat",
    Attribute.RUMAH_DATAKU: "Rumah DataKu",
    Attribute.RKM: "RKM",
    Attribute.BKB: "BKB",
    Attribute.BKR: "BKR",
    Attribute.BKL: "BKL",
    Attribute.UPPKA: "UPPKA",
    Attribute.PIK_R: "PIK-R",
}


class Answer(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class AttributeValue:
    """A known answer, and when it became so (if known)."""

    answer: Answer
    since: date | None = None


# Every attribute in order, and with its key: iterating an Enum class is slow in a loop run
# for each row of a national import.
ALL_ATTRIBUTES: tuple[Attribute, ...] = tuple(Attribute)
ATTRIBUTE_KEYS: tuple[tuple[Attribute, str], ...] = tuple((a, a.value) for a in Attribute)

# The longer or Indonesian names people write, beside the keys themselves.
_NAME_ALIASES = {
    "dapur_sehat_atasi_stunting": Attribute.DASHAT,
    "kelompok_kerja": Attribute.POKJA,
    "sk": Attribute.SK_POKJA,
    "sekretariat_kkb": Attribute.SEKRETARIAT,
    "sekretariat_kampung_kb": Attribute.SEKRETARIAT,
    "rumah_data_ku": Attribute.RUMAH_DATAKU,
    "rumah_data": Attribute.RUMAH_DATAKU,
    "rdk": Attribute.RUMAH_DATAKU,
    "rencana_kegiatan_masyarakat": Attribute.RKM,
    "pikr": Attribute.PIK_R,
    "skpokja": Attribute.SK_POKJA,
    "rumahdataku": Attribute.RUMAH_DATAKU,
}
_ANSWERS: dict[str, Answer | None] = {
    **dict.fromkeys(("yes", "y", "ya", "ada", "sudah", "punya", "1", "true"), Answer.YES),
    **dict.fromkeys(("no", "n", "tidak", "tdk", "belum", "tidak_ada", "0", "false"), Answer.NO),
    # back to "not filled in"
    **dict.fromkeys(("unknown", "?", "-", "tidak_tahu", "kosong", "none"), None),
}
_NOT_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """``Rumah DataKu`` → ``rumah_dataku``; ``PIK-R`` → ``pik_r``."""
    return _NOT_WORD.sub("_", text.strip().casefold()).strip("_")


def parse_attribute(text: str) -> Attribute:
    """An attribute from how a person names it; a UsageError lists them all otherwise."""
    key = _key(text)
    try:
        return Attribute(key)
    except ValueError:
        found = _NAME_ALIASES.get(key)
    if found is None:
        raise UsageError("error.attribute_unknown", name=text, known=_known())
    return found


def parse_answer(text: str) -> Answer | None:
    """yes/ya, no/tidak, or unknown (None); a UsageError otherwise."""
    if text in _ANSWERS:  # already a key: "yes", "tidak" (most cells of an import)
        return _ANSWERS[text]
    key = _key(text) or text.strip()
    if key not in _ANSWERS:
        raise UsageError("error.answer_unknown", value=text)
    return _ANSWERS[key]


def parse_assignment(text: str) -> tuple[Attribute, Answer | None]:
    """``dashat=yes`` → (DASHAT, YES); ``pokja=?`` → (POKJA, None)."""
    name, sign, value = text.partition("=")
    if not sign:
        raise UsageError("error.assignment_form", text=text)
    return parse_attribute(name), parse_answer(value)


def _known() -> str:
    return ", ".join(a.value.replace("_", "-") for a in Attribute)
