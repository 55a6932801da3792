#!/usr/bin/env python3
"""Generate national-size benchmark data for kkb: a region list and Kampung KB records.

Benchmarks need Indonesia-sized inputs, and the real Kemendagri region list may not be
committed. This script makes a synthetic list of the same shape, so a benchmark can be rerun
on any machine, or turns a real list you have into the same files. Standard library only.

Usage (from the repository root):

    python bench/generate.py OUTDIR [--regions PATH] [--scale N] [--seed S] [--records-share F]
                                    [--activities N]

    python bench/generate.py /tmp/gen1                  # synthetic, Indonesia's size
    python bench/generate.py /tmp/gen10 --scale 10      # ten times the villages
    python bench/generate.py /tmp/genreal --regions ~/data/wilayah_indonesia.csv

It writes into OUTDIR (created if missing; keep it outside the repository):

- ``regions.csv``: ``code,name,level,parent_code``, sorted by code, so parents come before
  their children. level is ``provinsi``, ``kabupaten_kota``, ``kecamatan`` or
  ``desa_kelurahan``; parent_code is empty for a provinsi.
- ``records.csv``: ``village_code,status,year,date,name,sk_number,note,dashat,pokja``, one
  Kampung KB record for about ``--records-share`` (default 0.9) of the villages, in code order.
- ``records_by_name.csv``: the first 5,000 of those records whose village name is unique within
  its kecamatan, with ``kelurahan,kecamatan`` (the names) in place of ``village_code``.
- With ``--activities N`` (default 0: none, and no file): ``activities.csv``,
  ``kode_kelurahan,tanggal,judul,kegiatan,instansi,fungsi,sasaran,tempat,jumlah_peserta``, N
  programme activities of the formed Kampung KB of ``records.csv`` (see below), in date order,
  then code order; and ``activities100k.csv``, its first 100,000 rows (all of it when N is
  smaller).
- ``summary.json``: the counts, the seed, the scale and the source (and the activities' when
  there are any).

Codes follow Kemendagri: ``PP`` provinsi, ``PP.KK`` kabupaten/kota (a kota if KK starts with
7), ``PP.KK.CC`` kecamatan, ``PP.KK.CC.VVVV`` desa/kelurahan (a kelurahan if VVVV starts with 1,
a desa with 2, a desa adat with 3). A parent's code is its child's without the last part.

Synthetic mode (no ``--regions``) has Indonesia's shape at scale 1, exactly: 38 provinsi, 514
kabupaten/kota (416 kabupaten 01-69, 98 kota 71-79), 7,285 kecamatan and 83,762 villages (8,496
kelurahan from 1001, 75,266 desa from 2001, with a few numbers skipped), spread unevenly; kota
have mostly kelurahan, kabupaten mostly desa. Village names repeat as in the real list: as many
names occur 2, 3, ... 98 times ("Sidomulyo" 98 times), 7,460 names more than once, the others
once; names are unique (as kkb compares them) within a kecamatan, and kecamatan names within a
kabupaten/kota, though one kecamatan in ten shares its name with others across the country.

``--scale N`` (1-193) multiplies the villages of every kecamatan, and each name's repeats, by N:
scale 10 has 837,620 villages. The provinsi, kabupaten/kota and kecamatan, codes and names, are
the same at every scale. A kecamatan has room for 999 kelurahan (1001-1999) and 1,999 desa
(2001-3999); what does not fit goes to kecamatan with room left.

With ``--regions PATH`` the regions are read from a CSV with at least ``code`` and ``name``
columns; ``level`` and ``parent_code`` are checked when present and derived from the code when
not. ``--scale`` does not apply.

Guarantee: the same arguments give byte-identical files, run after run and machine to machine
with the same Python feature release (only OUTDIR may differ). The script draws only from
``random.Random`` instances seeded from ``--seed`` (their integer and ``random()`` streams),
uses plain float arithmetic and ordered containers, and never depends on set or hash order, the
clock or libm functions. The records have a stream of their own: the same seed and number of
villages give the same sequence of records, synthetic or real. The regions are checked before
anything is written: every code well-formed, unique, in order and under an existing parent; in
synthetic mode also the exact totals above.

Activities (``--activities N``) have a stream of their own too, drawn only when asked for, so
the other files are the same with or without them. They run from 2024-01-01 to 2026-11-30 (so
kkb, which refuses a future date, takes them from 1 December 2026). Every formed record gets a
share of N in proportion to its days in that window (from its formation date, or 1 January of
its formation year when it has only a year, if later than 2024-01-01) times a liveliness of its
own (most 0.5-1.5, a few far busier): at 2,000,000 and about 60,000 formed Kampung KB, about
one a month each, some two or more. A Kampung KB has at most one activity a day, so
(village, date, title) is unique. Each names a kegiatan (by number, short name, full name or
``lainnya``, as offices write them), one to three agencies (short names, full names,
``lainnya: NAME``; separated by ``;`` or ``|``), mostly a fungsi and one or two sasaran, a
place (some need CSV quoting) and, mostly, how many people came.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import random
import re
import sys
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

PROVINSI, KABUPATEN_KOTA, KECAMATAN, DESA_KELURAHAN = LEVELS = (
    "provinsi",
    "kabupaten_kota",
    "kecamatan",
    "desa_kelurahan",
)
REGION_HEADER = ("code", "name", "level", "parent_code")
RECORD_FIELDS = ("status", "year", "date", "name", "sk_number", "note", "dashat", "pokja")
RECORD_HEADER = ("village_code", *RECORD_FIELDS)
BY_NAME_HEADER = ("kelurahan", "kecamatan", *RECORD_FIELDS)
BY_NAME_ROWS = 5_000
CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.[123]\d{3})?)?)?")
NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")
NAME_PREFIX = re.compile(r"^\s*(kelurahan|kel\.|kel\s|desa|ds\.)\s*", re.IGNORECASE)  # as kkb's

# Indonesia's shape, counted in the Kemendagri list: the 38 province codes, and how the 514
# kabupaten/kota, 7,285 kecamatan and 83,762 villages divide between kabupaten and kota.
PROVINCE_CODES = (
    *("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"),
    *("31", "32", "33", "34", "35", "36", "51", "52", "53"),
    *("61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76"),
    *("81", "82", "91", "92", "93", "94", "95", "96"),
)
KABUPATEN, KOTA = 416, 98
KABUPATEN_KECAMATAN, KOTA_KECAMATAN = 6_555, 730
KABUPATEN_KELURAHAN, KABUPATEN_DESA = 4_055, 74_446
KOTA_KELURAHAN, KOTA_DESA = 4_441, 820
KABUPATEN_KECAMATAN_WITH_KELURAHAN = 1_409  # the others have desa only
KOTA_KECAMATAN_WITH_DESA = 91  # the others have kelurahan only
VILLAGES = KABUPATEN_KELURAHAN + KABUPATEN_DESA + KOTA_KELURAHAN + KOTA_DESA
KECAMATAN_TOTAL = KABUPATEN_KECAMATAN + KOTA_KECAMATAN
KELURAHAN_ROOM, DESA_ROOM = 999, 1_999  # 1001-1999 and 2001-3999 in one kecamatan
MAX_SCALE = min(
    KECAMATAN_TOTAL * KELURAHAN_ROOM // (KABUPATEN_KELURAHAN + KOTA_KELURAHAN),
    KECAMATAN_TOTAL * DESA_ROOM // (KABUPATEN_DESA + KOTA_DESA),
)

# How often village names repeat in the real list: (occurrences, how many names), so that
# 7,460 names occur more than once, in 27,502 villages; every other name occurs once.
NAME_REPEATS = (
    *((98, 1), (71, 1), (70, 1), (66, 1), (65, 2), (63, 1), (62, 1), (60, 1), (57, 1)),
    *((56, 1), (55, 1), (54, 2), (51, 1), (50, 2), (49, 2), (48, 3), (46, 1), (45, 2)),
    *((41, 1), (40, 1), (39, 2), (38, 3), (36, 2), (34, 1), (33, 5), (32, 5), (31, 3)),
    *((30, 1), (29, 3), (28, 4), (27, 1), (26, 2), (25, 10), (24, 4), (23, 6), (22, 8)),
    *((21, 8), (20, 6), (19, 7), (18, 11), (17, 10), (16, 16), (15, 21), (14, 28)),
    *((13, 26), (12, 35), (11, 56), (10, 60), (9, 72), (8, 138), (7, 162), (6, 214)),
    *((5, 311), (4, 574), (3, 1_329), (2, 4_289)),
)
# The most frequent names, most frequent first; the rest are built from the parts below.
COMMON_NAMES = (
    *("Sidomulyo", "Sidorejo", "Karanganyar", "Mekar Jaya", "Sukamaju", "Mekarsari"),
    *("Kampung Baru", "Tanjung", "Sukorejo", "Wonorejo", "Sumberejo", "Sukajaya"),
    *("Margomulyo", "Purwodadi", "Sidodadi", "Tanjung Sari", "Sukamakmur", "Wonosari"),
)
JAVANESE_PREFIXES = (
    *("Sido", "Suka", "Suko", "Karang", "Tegal", "Banyu", "Wono", "Mekar", "Sumber", "Jati"),
    *("Kali", "Margo", "Tirto", "Purwo", "Bumi", "Mulyo", "Ngadi", "Pandan", "Gedong"),
    *("Kedung", "Candi", "Sri", "Harjo", "Rejo", "Watu", "Giri", "Tanjung", "Sari", "Dadi"),
)
JAVANESE_SUFFIXES = (
    *("mulyo", "rejo", "makmur", "jaya", "sari", "harjo", "asri", "agung", "wangi", "maju"),
    *("mukti", "dadi", "kerto", "luhur", "rahayu", "anyar", "sono", "kulon", "wetan", "lor"),
    *("kidul", "indah", "utomo", "joyo", "kencana", "galih", "raharja", "mulya", "karya"),
    *("rasa", "laya", "manik", "tani", "pura", "sembada", "winangun", "tunggal", "waras"),
)
PLACE_WORDS = (
    *("Tanjung", "Sungai", "Lubuk", "Pulau", "Kuala", "Teluk", "Bukit", "Air", "Batu"),
    *("Padang", "Muara", "Rantau", "Ujung", "Pasir", "Tanah", "Kampung", "Simpang", "Labuhan"),
)
QUALIFIERS = (
    *("Baru", "Jaya", "Hilir", "Hulu", "Utara", "Selatan", "Timur", "Barat", "Lama", "Indah"),
    *("Makmur", "Raya", "Dalam", "Tengah", "Atas", "Bawah", "Sari", "Harapan", "Permai"),
    *("Merah", "Putih", "Panjang", "Besar", "Kecil", "Ampar", "Empat", "Dua", "Tiga", "Mulya"),
)
DIRECTIONS = ("Utara", "Selatan", "Tengah", "Barat", "Timur")
SYLLABLES = (
    *("ba", "be", "bi", "bo", "bu", "da", "di", "do", "du", "ga", "gi", "go", "gu", "ja"),
    *("jo", "ju", "ka", "ke", "ki", "ko", "ku", "la", "le", "li", "lo", "lu", "ma", "me"),
    *("mi", "mo", "mu", "na", "ni", "no", "nu", "nga", "ngi", "pa", "pe", "pi", "po", "pu"),
    *("ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "su", "ta", "te", "ti", "to"),
    *("tu", "wa", "wi", "ya", "yo"),
)
CODAS = ("n", "ng", "r", "k", "h", "t", "s", "m", "l")

# Record contents: mostly empty, some plain, a few that need CSV quoting or are not ASCII.
PLAIN_NAMES = (
    *("Kampung KB Sejahtera", "Kampung KB Mawar", "Kampung KB Melati", "Kampung KB Mandiri"),
    *("Kampung KB Harapan Bangsa", "Kampung KB Berseri", "Kampung KB Bahagia"),
)
AWKWARD_NAMES = (
    *('Kampung KB "Harapan", RW 03', "Kampung KB Maju – Bersama", 'KB "Melati"'),
    *("Kampung KB Sejahtera, Dusun II", "Kampung KB Ngudi Rahayu (Dusun Krajan)"),
    "Kampung KB Mekar Sari — RW 05, RW 06",
)
NOTES = (
    "Dicanangkan oleh Bupati, dihadiri camat",
    'Catatan: "SK menyusul", cek lagi',
    "Pokja aktif; rapat tiap bulan, RT 01–05",
    "Lokasi: RW 02, RW 03 dan RW 07",
    'Data dari "Siga", belum diverifikasi',
)
FORMED_YEARS, PLANNED_YEARS = (2016, 2025), (2024, 2027)
ANSWERS, ANSWER_WEIGHTS = ("yes", "no", ""), (50, 20, 30)

# Activities: kkb's import columns (Indonesian headings), the window, and what an office writes.
ACTIVITY_HEADER = (
    *("kode_kelurahan", "tanggal", "judul", "kegiatan", "instansi", "fungsi", "sasaran"),
    *("tempat", "jumlah_peserta"),
)
ACTIVITY_FIRST, ACTIVITY_LAST = date(2024, 1, 1), date(2026, 11, 30)
ACTIVITY_SAMPLE_ROWS = 100_000  # activities100k.csv
BULAN = (
    *("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"),
    *("September", "Oktober", "November", "Desember"),
)


class ActivityKind(NamedTuple):
    """One kind of activity: its kegiatan as offices write it (several ways), its title, its
    fungsi (empty: not given), its sasaran and the agencies that usually deliver it."""

    weight: int
    kegiatan: tuple[str, ...]
    title: str
    fungsi: str
    sasaran: tuple[str, ...]
    agencies: tuple[str, ...]


ACTIVITY_KINDS = (
    ActivityKind(
        16, ("posyandu", "18", "Melaksanakan Posyandu Aktif"), "Posyandu Balita", "perlindungan",
        ("balita", "keluarga balita"), ("puskesmas", "pkk", "pemdes", "Dinas Kesehatan"),
    ),
    ActivityKind(
        10, ("dashat", "35", "Dapur Sehat Atasi Stunting (DASHAT)"), "Dashat: masak bersama",
        "perlindungan", ("keluarga balita", "balita"), ("dppkb", "pkk", "dkpp", "dinkes"),
    ),
    ActivityKind(
        8, ("27",), "Penimbangan dan pemantauan tumbuh kembang balita", "perlindungan",
        ("balita",), ("puskesmas", "pkk", "Perwakilan BKKBN"),
    ),
    ActivityKind(
        8, ("bkb", "5", "Bina Keluarga Balita (BKB)"), "Pertemuan kelompok BKB", "pendidikan",
        ("keluarga balita",), ("dppkb", "pkk", "pemdes"),
    ),
    ActivityKind(
        6, ("bkr", "6"), "Pertemuan kelompok BKR", "kasih sayang", ("keluarga remaja", "remaja"),
        ("dppkb", "disdik", "kua"),
    ),
    ActivityKind(
        6, ("bkl", "7"), "Pertemuan kelompok BKL", "kasih sayang", ("lansia", "keluarga lansia"),
        ("dinsos", "pkk", "puskesmas"),
    ),
    ActivityKind(
        5, ("pik-r", "8", "PIK Remaja"), "Konseling PIK Remaja", "reproduksi", ("remaja",),
        ("disdik", "puskesmas", "kua", "dispora"),
    ),
    ActivityKind(
        7, ("kb", "19"), "Pelayanan KB dan kesehatan reproduksi", "reproduksi", ("pus",),
        ("puskesmas", "bkkbn", "dppkb", "Rumah Sakit/Klinik"),
    ),
    ActivityKind(
        4, ("catin", "10", "Bimbingan Calon Pengantin"), "Bimbingan calon pengantin",
        "keagamaan", ("remaja", "pus"), ("kua", "puskesmas"),
    ),
    ActivityKind(
        4, ("paud", "36"), "Kegiatan PAUD", "pendidikan", ("balita",), ("disdik", "pemdes"),
    ),
    ActivityKind(
        3, ("stbm", "56"), "Pemicuan STBM", "pembinaan lingkungan", ("semua",),
        ("dinkes", "dpupr", "pemdes"),
    ),
    ActivityKind(
        3, ("umkm", "50"), "Pelatihan UMKM keluarga", "ekonomi", ("pus",),
        ("diskop", "disperindag", "Dinas Koperasi"),
    ),
    ActivityKind(
        3, ("rumah dataku", "1"), "Pemutakhiran Rumah DataKu", "", ("semua",),
        ("dppkb", "dukcapil", "bps"),
    ),
    ActivityKind(
        3, ("jumantik", "58"), "Pemantauan jentik nyamuk", "pembinaan lingkungan", ("semua",),
        ("puskesmas", "pemdes"),
    ),
    ActivityKind(
        2, ("11",), "Pengajian keluarga", "keagamaan", ("semua", "pus"), ("kua", "kemenag"),
    ),
    ActivityKind(
        4, ("lainnya",), "Kerja bakti lingkungan", "sosial budaya", ("semua",),
        ("pemdes", "tni", "lainnya: Karang Taruna", "lainnya: Kelompok Tani Makmur"),
    ),
)  # fmt: skip
ACTIVITY_KIND_WEIGHTS = tuple(kind.weight for kind in ACTIVITY_KINDS)
COMMON_AGENCIES = ("pkk", "pemdes", "dppkb", "babinsa", "OPD Pengendalian Penduduk dan KB")
PLACES = (
    *("Balai Desa", "Balai Desa", "Posyandu Melati", "Posyandu Mawar", "Rumah DataKu"),
    *("Masjid Al-Ikhlas", "Gereja Kristen Jawa", "SD Negeri 2", "Aula Kantor Kelurahan"),
    *("Rumah Ketua RT 04", "Balai RW 03, Dusun Krajan", 'Sanggar "Seruni"', "Lapangan desa"),
)


class Region(NamedTuple):
    code: str
    name: str
    level: str
    parent_code: str


def name_key(name: str) -> str:
    """A name as kkb compares names: case, accents, spaces and punctuation ignored, and a
    leading "Kel."/"Kelurahan"/"Desa" dropped (as ``kkb_cli.domain.regions.name_key``)."""
    stripped = NAME_PREFIX.sub("", name, count=1)
    if stripped.strip():
        name = stripped
    if name.isascii():  # the same result, faster
        return NOT_ASCII_ALNUM.sub("", name.lower())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def level_of(code: str) -> str:
    return LEVELS[code.count(".")]


def parent_of(code: str) -> str:
    return code.rpartition(".")[0]


def village_kind(code: str) -> str:
    return "kelurahan" if code[-4] == "1" else "desa"


# --- Dividing totals unevenly but exactly ----------------------------------------------------


def allocate(
    total: int, weights: Sequence[float], minimum: int = 0, cap: int | None = None
) -> list[int]:
    """Split ``total`` into ``len(weights)`` whole parts in proportion to ``weights`` (largest
    remainder), each at least ``minimum`` and at most ``cap``. The parts add up to ``total``."""
    counts = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    open_ = [i for i, w in enumerate(weights) if w > 0 and (cap is None or cap > minimum)]
    if rest < 0 or (rest and not open_):
        raise ValueError(f"cannot split {total} into {len(weights)} parts")
    while rest:
        weight = sum(weights[i] for i in open_)
        shares = {i: rest * weights[i] / weight for i in open_}
        given = {i: int(share) for i, share in shares.items()}
        by_remainder = sorted(open_, key=lambda i: (given[i] - shares[i], i))
        for i in by_remainder[: rest - sum(given.values())]:
            given[i] += 1
        rest = 0
        for i in open_:
            counts[i] += given[i]
            if cap is not None and counts[i] > cap:
                rest += counts[i] - cap
                counts[i] = cap
        open_ = [i for i in open_ if cap is None or counts[i] < cap]
        if rest and not open_:
            raise ValueError(f"{total} does not fit into {len(weights)} parts of {cap}")
    return counts


def spread_overflow(counts: list[int], room: int) -> list[int]:
    """``counts`` with every part cut to ``room``, the excess handed to parts with room left
    in proportion to that room."""
    excess = sum(max(0, c - room) for c in counts)
    capped = [min(c, room) for c in counts]
    if not excess:
        return capped
    left = [room - c for c in capped]
    if excess > sum(left):
        raise ValueError(f"{sum(counts)} villages do not fit, {room} to a kecamatan")
    return [c + extra for c, extra in zip(capped, allocate(excess, left), strict=True)]


def skewed(rng: random.Random, n: int, tail: float) -> list[float]:
    """``n`` weights, most between 0.5 and 1.5, a few up to ``tail`` more."""
    weights = []
    for _ in range(n):
        r = rng.random()
        r4 = r * r * r * r
        weights.append(0.5 + r + tail * r4 * r4 * r4)
    return weights


def allocate_among(
    rng: random.Random,
    keys: Sequence[str],
    total: int,
    minimum: int,
    tail: float,
    cap: int | None = None,
) -> dict[str, int]:
    """``total`` split unevenly among ``keys`` (see ``allocate`` and ``skewed``)."""
    counts = allocate(total, skewed(rng, len(keys), tail), minimum, cap)
    return dict(zip(keys, counts, strict=True))


# --- Names -------------------------------------------------------------------------------------


class Names:
    """Makes Indonesian-looking names, each new one different (by ``name_key``) from all
    names made or reserved before."""

    def __init__(self, rng: random.Random, used: set[str] | None = None) -> None:
        self.rng = rng
        self.used = set() if used is None else used  # keys; only for membership, never iterated

    def reserve(self, name: str) -> bool:
        """Take ``name`` if it is still free; say whether it was."""
        key = name_key(name)
        if key in self.used or NAME_PREFIX.match(name):
            return False
        self.used.add(key)
        return True

    def word(self) -> str:
        rng = self.rng
        parts = rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 3, 4)))
        for i in range(len(parts)):
            if rng.random() < 0.2:
                parts[i] += rng.choice(CODAS)
        return "".join(parts).capitalize()

    def fresh(self, qualified: float = 0.3) -> str:
        """A new name: one word, or (with chance ``qualified``) a place word before it or a
        qualifier or Javanese prefix with it."""
        rng = self.rng
        while True:
            word = self.word()
            if rng.random() < qualified:
                form = rng.randrange(3)
                if form == 0:
                    word = f"{rng.choice(PLACE_WORDS)} {word}"
                elif form == 1:
                    word = f"{word} {rng.choice(QUALIFIERS)}"
                else:
                    word = rng.choice(JAVANESE_PREFIXES) + word.lower()
            if self.reserve(word):
                return word

    def repeated(self, count: int) -> list[str]:
        """``count`` distinct names for the names that occur more than once: the common ones
        first, then Javanese compounds and place names in a seeded order, then new words."""
        built = [p + s for p in JAVANESE_PREFIXES for s in JAVANESE_SUFFIXES]
        built += [f"{p} {q}" for p in PLACE_WORDS for q in QUALIFIERS]
        self.rng.shuffle(built)
        chosen = [name for name in (*COMMON_NAMES, *built) if self.reserve(name)][:count]
        while len(chosen) < count:
            chosen.append(self.fresh())
        return chosen


def village_names(names: Names, repeated: Sequence[str], total: int, scale: int) -> list[str]:
    """``total`` village names in a seeded order: ``repeated`` as often as ``NAME_REPEATS``
    says, times ``scale``, and new names, each used once, for the rest."""
    pool: list[str] = []
    ranked = iter(repeated)
    for occurrences, how_many in NAME_REPEATS:
        for _ in range(how_many):
            pool += [next(ranked)] * (occurrences * scale)
    pool += [names.fresh() for _ in range(total - len(pool))]
    names.rng.shuffle(pool)
    return pool


def take_unique(pool: list[str], start: int, count: int, names: Names) -> list[str]:
    """The ``count`` names from ``pool[start:]`` for one kecamatan, swapping a later name in
    for any that repeats within it (a new name if none is left)."""
    taken: list[str] = []
    seen: set[str] = set()
    for i in range(start, start + count):
        if pool[i] in seen:
            j = next((j for j in range(i + 1, len(pool)) if pool[j] not in seen), None)
            if j is None:
                pool[i] = names.fresh()
            else:
                pool[i], pool[j] = pool[j], pool[i]
        seen.add(pool[i])
        taken.append(pool[i])
    return taken


# --- Synthetic regions -------------------------------------------------------------------------


class Kecamatan(NamedTuple):
    code: str
    kelurahan: int
    desa: int


def is_kota(code: str) -> bool:
    return code[3] == "7"


def synthetic_shape(
    rng: random.Random, scale: int
) -> tuple[dict[str, list[str]], dict[str, list[Kecamatan]]]:
    """The codes, before any name: the kabupaten/kota of each provinsi, and the kecamatan of
    each kabupaten/kota with how many kelurahan and desa it has."""
    weights = skewed(rng, len(PROVINCE_CODES), tail=3.0)
    kabupaten_in = allocate(KABUPATEN, weights, minimum=1, cap=69)  # codes 01-69
    kota_in = allocate(KOTA, [w * (0.3 + rng.random()) for w in weights], cap=9)  # 71-79
    kabkota = {
        province: [f"{province}.{k:02d}" for k in (*range(1, n + 1), *range(71, 71 + m))]
        for province, n, m in zip(PROVINCE_CODES, kabupaten_in, kota_in, strict=True)
    }
    every_kabkota = [code for codes in kabkota.values() for code in codes]
    kabupaten = [code for code in every_kabkota if not is_kota(code)]
    kota = [code for code in every_kabkota if is_kota(code)]
    kecamatan_in = allocate_among(rng, kabupaten, KABUPATEN_KECAMATAN, 2, 3.0, cap=99)
    kecamatan_in |= allocate_among(rng, kota, KOTA_KECAMATAN, 2, 3.0, cap=99)
    codes = [f"{kk}.{c:02d}" for kk in every_kabkota for c in range(1, kecamatan_in[kk] + 1)]

    # Kota have kelurahan and, in a few kecamatan, desa too; kabupaten the other way round.
    kelurahan = dict.fromkeys(codes, 0)
    desa = dict.fromkeys(codes, 0)
    for in_kota, mainly, mainly_total, some, some_total, some_kecamatan in (
        (False, desa, KABUPATEN_DESA, kelurahan, KABUPATEN_KELURAHAN,
         KABUPATEN_KECAMATAN_WITH_KELURAHAN),
        (True, kelurahan, KOTA_KELURAHAN, desa, KOTA_DESA, KOTA_KECAMATAN_WITH_DESA),
    ):  # fmt: skip
        mine = [code for code in codes if is_kota(code) == in_kota]
        mainly |= allocate_among(rng, mine, mainly_total, 1, 8.0)
        some |= allocate_among(rng, sorted(rng.sample(mine, some_kecamatan)), some_total, 1, 4.0)
    kelurahan_scaled = spread_overflow([kelurahan[c] * scale for c in codes], KELURAHAN_ROOM)
    desa_scaled = spread_overflow([desa[c] * scale for c in codes], DESA_ROOM)

    kecamatan: dict[str, list[Kecamatan]] = {code: [] for code in every_kabkota}
    for code, k, d in zip(codes, kelurahan_scaled, desa_scaled, strict=True):
        kecamatan[parent_of(code)].append(Kecamatan(code, k, d))
    return kabkota, kecamatan


def village_numbers(rng: random.Random, count: int, first: int, room: int) -> list[int]:
    """``count`` village numbers from ``first`` upward, now and then skipping one while the
    kecamatan's ``room`` allows it."""
    numbers: list[int] = []
    spare = room - count
    number = first
    while len(numbers) < count:
        if numbers and spare and rng.random() < 0.03:
            spare -= 1
        else:
            numbers.append(number)
        number += 1
    return numbers


def synthetic_regions(seed: int, scale: int) -> list[Region]:
    """Indonesia-shaped regions in code order; see the module docstring. The provinsi,
    kabupaten/kota and kecamatan, codes and names, are the same at every scale."""
    kabkota, kecamatan = synthetic_shape(random.Random(f"kkb-bench-shape:{seed}"), scale)
    rng = random.Random(f"kkb-bench-names:{seed}")
    names = Names(rng)
    repeated = names.repeated(sum(n for _, n in NAME_REPEATS))
    area_names: dict[str, str] = {}  # provinsi, kabupaten/kota and kecamatan by code
    for province, codes in kabkota.items():
        name = names.fresh(qualified=0.0)
        if rng.random() < 0.35:
            name = f"{name} {rng.choice(DIRECTIONS)}"
        area_names[province] = name
        area_names |= kabkota_names(names, codes)
        for code in codes:
            area_names |= kecamatan_names(names, [k.code for k in kecamatan[code]], repeated)

    rng = random.Random(f"kkb-bench-villages:{seed}")
    village_names_maker = Names(rng, used=names.used)
    total = sum(k.kelurahan + k.desa for ks in kecamatan.values() for k in ks)
    pool = village_names(village_names_maker, repeated, total, scale)
    regions: list[Region] = []
    position = 0  # in pool
    for province, codes in kabkota.items():
        regions.append(Region(province, area_names[province], PROVINSI, ""))
        for code in codes:
            regions.append(Region(code, area_names[code], KABUPATEN_KOTA, province))
            for kec in kecamatan[code]:
                regions.append(Region(kec.code, area_names[kec.code], KECAMATAN, code))
                numbers = village_numbers(rng, kec.kelurahan, 1001, KELURAHAN_ROOM)
                numbers += village_numbers(rng, kec.desa, 2001, DESA_ROOM)
                taken = take_unique(pool, position, len(numbers), village_names_maker)
                position += len(numbers)
                regions += [
                    Region(f"{kec.code}.{n}", name, DESA_KELURAHAN, kec.code)
                    for n, name in zip(numbers, taken, strict=True)
                ]
    return regions


def kecamatan_names(names: Names, codes: Sequence[str], repeated: Sequence[str]) -> dict[str, str]:
    """Names for one kabupaten/kota's kecamatan, different from each other. One in ten is a
    common village name, so that kecamatan names repeat across the country as they do."""
    named: dict[str, str] = {}
    for code in codes:
        name = names.rng.choice(repeated[:300]) if names.rng.random() < 0.1 else names.fresh()
        while name in named.values():
            name = names.fresh()
        named[code] = name
    return named


def kabkota_names(names: Names, codes: Sequence[str]) -> dict[str, str]:
    """Names for one provinsi's kabupaten/kota; a kota often shares a kabupaten's name."""
    bare = {code: names.fresh(qualified=0.2) for code in codes if not is_kota(code)}
    free = list(bare.values())
    named = {}
    for code in codes:
        if code in bare:
            named[code] = f"Kabupaten {bare[code]}"
        elif free and names.rng.random() < 0.4:
            named[code] = f"Kota {free.pop(names.rng.randrange(len(free)))}"
        else:
            named[code] = f"Kota {names.fresh(qualified=0.1)}"
    return named


# --- A real region list ------------------------------------------------------------------------


def read_regions(path: Path) -> list[Region]:
    """The regions of a CSV with ``code`` and ``name`` columns (``level`` and ``parent_code``
    checked if present, else derived from the code), in code order."""
    regions: list[Region] = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
        if "code" not in columns or "name" not in columns:
            raise ValueError(f"{path}: needs columns code and name, has {reader.fieldnames}")

        def given(row: dict[str, str], column: str) -> str:
            return (row.get(columns[column]) or "").strip() if column in columns else ""

        for row in reader:
            where = f"{path}, line {reader.line_num}"
            code, name = given(row, "code"), given(row, "name")
            if not CODE.fullmatch(code):
                raise ValueError(f"{where}: {code!r} is not a Kemendagri region code")
            if not name:
                raise ValueError(f"{where}: region {code} has no name")
            level, parent = level_of(code), parent_of(code)
            if given(row, "level") not in ("", level):
                raise ValueError(f"{where}: {code} is a {level}, not {given(row, 'level')}")
            if given(row, "parent_code") not in ("", parent):
                raise ValueError(f"{where}: the parent of {code} is {parent or 'none'}")
            regions.append(Region(code, name, level, parent))
    regions.sort(key=lambda region: region.code)
    return regions


def check_regions(regions: Sequence[Region]) -> None:
    """Every code well-formed and unique, in code order, with its level and its parent (which
    comes before it)."""
    codes: set[str] = set()  # only for membership
    previous = ""
    for region in regions:
        code = region.code
        if not CODE.fullmatch(code):
            raise ValueError(f"malformed region code {code!r}")
        if code == previous:
            raise ValueError(f"region {code} is listed twice")
        if code < previous:
            raise ValueError(f"region {code} comes after {previous}, out of code order")
        if region.level != level_of(code) or region.parent_code != parent_of(code):
            raise ValueError(f"region {code} has level {region.level}, parent {region.parent_code}")
        if region.parent_code and region.parent_code not in codes:
            raise ValueError(f"region {code} has no parent {region.parent_code}")
        codes.add(code)
        previous = code


def check_synthetic(regions: Sequence[Region], scale: int) -> None:
    """The synthetic regions have Indonesia's totals, the villages times ``scale``."""
    levels = Counter(region.level for region in regions)
    villages = [region.code for region in regions if region.level == DESA_KELURAHAN]
    kota = sum(1 for r in regions if r.level == KABUPATEN_KOTA and is_kota(r.code))
    kelurahan = sum(1 for code in villages if village_kind(code) == "kelurahan")
    found = {
        PROVINSI: levels[PROVINSI],
        KABUPATEN_KOTA: levels[KABUPATEN_KOTA],
        "kota": kota,
        KECAMATAN: levels[KECAMATAN],
        DESA_KELURAHAN: len(villages),
        "kelurahan": kelurahan,
    }
    wanted = {
        PROVINSI: len(PROVINCE_CODES),
        KABUPATEN_KOTA: KABUPATEN + KOTA,
        "kota": KOTA,
        KECAMATAN: KECAMATAN_TOTAL,
        DESA_KELURAHAN: VILLAGES * scale,
        "kelurahan": (KABUPATEN_KELURAHAN + KOTA_KELURAHAN) * scale,
    }
    if found != wanted:
        raise ValueError(f"synthetic totals {found}, not {wanted}")


# --- Records -----------------------------------------------------------------------------------


def make_records(villages: Iterable[Region], seed: int, share: float) -> list[tuple[str, ...]]:
    """A Kampung KB record (``RECORD_HEADER``) for about ``share`` of ``villages``."""
    rng = random.Random(f"kkb-bench-records:{seed}")
    return [(v.code, *record_fields(rng)) for v in villages if rng.random() < share]


def record_fields(rng: random.Random) -> tuple[str, ...]:
    """``RECORD_FIELDS`` of one record: about four in five formed, the rest planned."""
    if rng.random() < 0.8:
        year = rng.randint(*FORMED_YEARS)
        day = ""
        if rng.random() < 0.5:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            day = (first + timedelta(days=rng.randrange(days))).isoformat()
        name, note = record_name(rng), record_note(rng)
        sk_number = ""
        if rng.random() < 0.25:
            sk_number = f"{rng.choice(('400', '400', '400', '476'))}/{rng.randint(1, 999)}/{year}"
        dashat, pokja = rng.choices(ANSWERS, ANSWER_WEIGHTS, k=2)
        return ("formed", str(year), day, name, sk_number, note, dashat, pokja)
    year = rng.randint(*PLANNED_YEARS)
    return ("planned", str(year), "", record_name(rng), "", record_note(rng), "", "")


def record_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.7:
        return ""
    return rng.choice(PLAIN_NAMES if r < 0.95 else AWKWARD_NAMES)


def record_note(rng: random.Random) -> str:
    return rng.choice(NOTES) if rng.random() < 0.1 else ""


def by_name(records: Iterable[tuple[str, ...]], regions: Sequence[Region]) -> list[tuple[str, ...]]:
    """The first ``BY_NAME_ROWS`` records whose village name is unique (by ``name_key``) in
    its kecamatan, with the village's and the kecamatan's names for its code."""
    by_code = {r.code: r for r in regions if r.level in (KECAMATAN, DESA_KELURAHAN)}
    children: dict[str, list[str]] = {}
    for region in regions:
        if region.level == DESA_KELURAHAN:
            children.setdefault(region.parent_code, []).append(region.name)
    keys: dict[str, Counter[str]] = {}  # per kecamatan, filled as needed
    rows: list[tuple[str, ...]] = []
    for code, *fields in records:
        if len(rows) == BY_NAME_ROWS:
            break
        village = by_code[code]
        kecamatan = village.parent_code
        if kecamatan not in keys:
            keys[kecamatan] = Counter(name_key(name) for name in children[kecamatan])
        if keys[kecamatan][name_key(village.name)] == 1:
            rows.append((village.name, by_code[kecamatan].name, *fields))
    return rows


# --- Activities --------------------------------------------------------------------------------


def activity_windows(records: Iterable[tuple[str, ...]]) -> list[tuple[str, int]]:
    """The formed records' village codes, each with its first possible activity day (as an
    ordinal): its formation date, or 1 January of its formation year, if after
    ``ACTIVITY_FIRST``; records formed after ``ACTIVITY_LAST`` are left out."""
    windows = []
    for code, status, year, day, *_ in records:
        if status != "formed":
            continue
        formed = date.fromisoformat(day) if day else date(int(year), 1, 1)
        first = max(formed, ACTIVITY_FIRST)
        if first <= ACTIVITY_LAST:
            windows.append((code, first.toordinal()))
    return windows


def make_activities(
    records: Sequence[tuple[str, ...]], seed: int, total: int
) -> Iterable[tuple[str, ...]]:
    """``total`` activities (``ACTIVITY_HEADER``) of the formed records, by date then code;
    see the module docstring. Yields rows, so that millions are not held as text."""
    rng = random.Random(f"kkb-bench-activities:{seed}")
    windows = activity_windows(records)
    if not windows:
        raise ValueError("no formed record to give activities to")
    last = ACTIVITY_LAST.toordinal()
    days = [last - first + 1 for _, first in windows]
    liveliness = skewed(rng, len(windows), tail=3.0)
    weights = [d * w for d, w in zip(days, liveliness, strict=True)]
    try:  # at most one a day: the shortest window caps every share
        counts = allocate(total, weights, cap=min(days))
    except ValueError as error:
        raise ValueError(f"{total:,} activities do not fit: {error}") from error
    first_day = ACTIVITY_FIRST.toordinal()
    on_day = [array("I") for _ in range(last - first_day + 1)]  # village indexes by day
    for index, ((_, first), span, n) in enumerate(zip(windows, days, counts, strict=True)):
        for offset in sorted(rng.sample(range(span), n)):
            on_day[first - first_day + offset].append(index)
    for day_index, villages in enumerate(on_day):
        day = date.fromordinal(first_day + day_index)
        for index in villages:
            yield (windows[index][0], day.isoformat(), *activity_fields(rng, day))


def activity_fields(rng: random.Random, day: date) -> tuple[str, ...]:
    """``ACTIVITY_HEADER`` after the code and the date, for one activity on ``day``."""
    kind = ACTIVITY_KINDS[weighted_index(rng, ACTIVITY_KIND_WEIGHTS)]
    title = f"{kind.title} {BULAN[day.month - 1]} {day.year}"
    if rng.random() < 0.15:
        title += f", RW {rng.randint(1, 12):02d}"
    kegiatan = rng.choice(kind.kegiatan)
    wanted = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)  # 1-3 agencies
    pool = list(dict.fromkeys((*kind.agencies, *COMMON_AGENCIES)))
    agencies = [pool.pop(rng.randrange(min(len(pool), 4)))]  # mostly the kind's own
    while len(agencies) < wanted:
        agencies.append(pool.pop(rng.randrange(len(pool))))
    separator = "; " if rng.random() < 0.85 else " | "
    fungsi = kind.fungsi if rng.random() < 0.9 else ""
    sasaran = [rng.choice(kind.sasaran)]
    if rng.random() < 0.2:
        other = rng.choice(("pus", "lansia", "remaja", "balita"))
        if other not in sasaran:
            sasaran.append(other)
    place = rng.choice(PLACES)
    people = str(rng.randint(8, 150)) if rng.random() < 0.85 else ""
    return (title, kegiatan, separator.join(agencies), fungsi, "; ".join(sasaran), place, people)


def weighted_index(rng: random.Random, weights: Sequence[int]) -> int:
    """An index drawn with these whole-number weights, from ``rng.randrange`` only."""
    cumulative = 0
    bounds = []
    for weight in weights:
        cumulative += weight
        bounds.append(cumulative)
    return bisect.bisect_right(bounds, rng.randrange(cumulative))


def write_activities(
    outdir: Path, activities: Iterable[tuple[str, ...]]
) -> tuple[int, dict[str, int]]:
    """``activities.csv`` and ``activities100k.csv`` (its first rows); the rows written, and
    their count by year."""
    rows = 0
    years: Counter[str] = Counter()
    with (
        (outdir / "activities.csv").open("w", encoding="utf-8", newline="") as whole,
        (outdir / "activities100k.csv").open("w", encoding="utf-8", newline="") as sample,
    ):
        writers = [csv.writer(f, lineterminator="\n") for f in (whole, sample)]
        for writer in writers:
            writer.writerow(ACTIVITY_HEADER)
        for row in activities:
            writers[0].writerow(row)
            if rows < ACTIVITY_SAMPLE_ROWS:
                writers[1].writerow(row)
            rows += 1
            years[row[1][:4]] += 1
    return rows, dict(sorted(years.items()))


# --- Writing -----------------------------------------------------------------------------------


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")  # QUOTE_MINIMAL
        writer.writerow(header)
        writer.writerows(rows)


def summarise(
    regions: Sequence[Region],
    records: Sequence[tuple[str, ...]],
    by_name_rows: int,
    args: argparse.Namespace,
) -> dict[str, object]:
    levels = Counter(region.level for region in regions)
    kinds = Counter(village_kind(r.code) for r in regions if r.level == DESA_KELURAHAN)
    statuses = Counter(record[1] for record in records)
    return {
        "source": str(args.regions) if args.regions else "synthetic",
        "seed": args.seed,
        "scale": args.scale,
        "records_share": args.records_share,
        "regions": {level: levels[level] for level in LEVELS},
        "villages": levels[DESA_KELURAHAN],
        "kelurahan": kinds["kelurahan"],
        "desa": kinds["desa"],
        "records": len(records),
        "formed": statuses["formed"],
        "planned": statuses["planned"],
        "records_by_name": by_name_rows,
    }


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write benchmark regions and Kampung KB records into OUTDIR.",
    )
    parser.add_argument("outdir", metavar="OUTDIR", type=Path, help="created if missing")
    parser.add_argument(
        "--regions",
        metavar="PATH",
        type=Path,
        help="a real Kemendagri region list (CSV with code,name); default: synthetic regions",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help=f"villages per kecamatan times N, synthetic only (1-{MAX_SCALE}; default 1)",
    )
    parser.add_argument("--seed", type=int, default=20261127, help="default 20261127")
    parser.add_argument(
        "--records-share",
        type=float,
        default=0.9,
        help="the share of villages with a record (0-1; default 0.9)",
    )
    parser.add_argument(
        "--activities",
        metavar="N",
        type=int,
        default=0,
        help="also write N activities of the formed Kampung KB to activities.csv, and its first"
        f" {ACTIVITY_SAMPLE_ROWS:,} rows to activities100k.csv (default 0: neither)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.scale <= MAX_SCALE:
        parser.error(f"--scale must be from 1 to {MAX_SCALE}")
    if args.regions and args.scale != 1:
        parser.error("--scale applies to synthetic regions only, not to --regions")
    if not 0 <= args.records_share <= 1:
        parser.error("--records-share must be from 0 to 1")
    if args.activities < 0:
        parser.error("--activities must be 0 or more")
    repository = Path(__file__).resolve().parent.parent
    if args.regions and args.outdir.resolve().is_relative_to(repository):
        parser.error(f"a real region list must not be written into {repository}: choose /tmp/…")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        if args.regions:
            regions = read_regions(args.regions)
        else:
            regions = synthetic_regions(args.seed, args.scale)
            check_synthetic(regions, args.scale)
        check_regions(regions)
    except (OSError, ValueError) as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 1
    villages = [region for region in regions if region.level == DESA_KELURAHAN]
    records = make_records(villages, args.seed, args.records_share)
    by_name_rows = by_name(records, regions)

    outdir: Path = args.outdir
    outdir.mkdir(parents=True, exist_ok=True)
    write_csv(outdir / "regions.csv", REGION_HEADER, regions)
    write_csv(outdir / "records.csv", RECORD_HEADER, records)
    write_csv(outdir / "records_by_name.csv", BY_NAME_HEADER, by_name_rows)
    summary = summarise(regions, records, len(by_name_rows), args)
    activities = ""
    if args.activities:
        try:
            written, years = write_activities(
                outdir, make_activities(records, args.seed, args.activities)
            )
        except ValueError as error:
            print(f"generate.py: {error}", file=sys.stderr)
            return 1
        summary["activities"] = written
        summary["activities_sample"] = min(written, ACTIVITY_SAMPLE_ROWS)
        summary["activities_kampung_kb"] = len(activity_windows(records))
        summary["activities_by_year"] = years
        summary["activities_from"] = ACTIVITY_FIRST.isoformat()
        summary["activities_to"] = ACTIVITY_LAST.isoformat()
        activities = f", {written:,} activities"
    text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    (outdir / "summary.json").write_text(text, encoding="utf-8", newline="\n")
    print(
        f"wrote {len(regions):,} regions ({len(villages):,} villages), {len(records):,}"
        f" records, {len(by_name_rows):,} by name{activities} to {outdir}"
        f" in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
