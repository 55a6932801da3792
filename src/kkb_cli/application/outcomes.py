"""What a use case tells besides its result: that the file was created or upgraded (a
``Notice``), and a region's coverage after a change.

They live apart from ``base``, which names them too, so that a command that needs none of
them (``kkb progress``) does not make their classes: each dataclass costs a little at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkb_cli.domain.regions import Region


@dataclass(frozen=True)
class Created:
    """A new database file was made from the seed."""

    path: Path


@dataclass(frozen=True)
class Upgraded:
    """A file from an older kkb was upgraded, after a copy of it was saved."""

    path: Path
    old: int
    new: int
    backup: Path


Notice = Created | Upgraded


@dataclass(frozen=True)
class Coverage:
    """How many of a region's desa/kelurahan have a formed Kampung KB."""

    region: Region
    formed: int
    total: int
    noun: str  # kelurahan, desa or desa/kelurahan
