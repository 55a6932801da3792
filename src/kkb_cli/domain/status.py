"""A Kampung KB's status (formed, planned, or no record), and the words people write for it.
Apart from the record (domain/records.py): reports need the status, not the record's rules."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    FORMED = "formed"
    PLANNED = "planned"
    NONE = "none"  # a kelurahan with no record; never stored


# The words people write for each status, in English and Indonesian (compared in lower case,
# spaces and punctuation as "_").
STATUS_WORDS = {
    Status.FORMED: ("formed", "terbentuk", "sudah_terbentuk", "sudah", "dibentuk"),
    Status.PLANNED: ("planned", "rencana", "direncanakan", "dalam_rencana", "akan_dibentuk"),
    Status.NONE: ("none", "belum", "belum_ada", "tidak_ada"),
}
_STATUS_OF = {word: status for status, words in STATUS_WORDS.items() for word in words}


def parse_status(word: str) -> Status | None:
    """The status a word names (``terbentuk``, ``Belum ada``…); None for any other word."""
    import re

    return _STATUS_OF.get(word) or _STATUS_OF.get(
        re.sub(r"[\W_]+", "_", word.strip().casefold()).strip("_")
    )


__all__ = ["STATUS_WORDS", "Status", "parse_status"]
