"""Region boundaries from GeoJSON: a FeatureCollection read as a stream, one feature at a time,
and each feature's code and outline checked and made the shape kkb stores.

Pure: it takes the file's bytes in chunks (the caller opens the file) and returns, for each
feature, its code, its outline or what is wrong with it. What needs the database (whether the
region list has the code) is for storage to answer.

Memory grows with one feature, never with the file: a province's desa are tens of MB of text.
The top-level object is walked key by key with ``json.JSONDecoder.raw_decode`` over a buffer
that holds what has been read and not yet decoded, and the ``features`` array is decoded one
feature at a time. What kkb stores is a GeoJSON MultiPolygon (a Polygon becomes a one-part
MultiPolygon) in [longitude, latitude], rounded to 6 decimals (about 10 cm), as compact JSON,
with its bounding box.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kkb_cli.domain.regions import RegionCode
from kkb_cli.errors import KkbError, RefusedError

CHUNK = 1024 * 1024  # bytes read, and decompressed, at a time
# Far above one village's outline (Jawa Tengah's largest desa is a few hundred KB), far below
# what would trouble an office laptop.
MAX_FEATURE_CHARS = 64 * 1024 * 1024
MAX_FEATURE_MB = MAX_FEATURE_CHARS // (1024 * 1024)
# Decompressed text of one file: all of Indonesia's desa at this detail is a few hundred MB.
# Protects against a gzip bomb (a small file that expands without end).
MAX_INPUT_BYTES = 1024 * 1024 * 1024
MAX_INPUT_MB = MAX_INPUT_BYTES // (1024 * 1024)
DECIMALS = 6
# round(x * 10**6) / 10**6 is the float nearest to x's 6-decimal value, as round(x, 6) is (but
# for exact ties), at a quarter of the cost.
_SCALE = 10.0**DECIMALS
CODE_PROPERTIES = ("code", "kode")  # looked for in this order, unless --property names one

_GZIP_MAGIC = b"\x1f\x8b"
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A decoding error this close to the end of the text read so far may be text cut by the
# chunk's end (a literal, a number or an escape), not a mistake: read more and try again.
_CUT_MARGIN = 32
_NUMBER_TYPES = (int, float)
# Indonesia's extent, with a margin: a position outside the valid range that falls inside it
# once its two numbers are swapped was written [latitude, longitude].
_INDONESIA = (90.0, -15.0, 145.0, 10.0)  # west, south, east, north


@dataclass(frozen=True, slots=True)
class Boundary:
    """A region's outline as kkb stores it."""

    code: str
    geometry: str  # {"type":"MultiPolygon","coordinates":[…]}, compact, 6 decimals
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True, slots=True)
class CheckedFeature:
    """One feature of the file: its number (from 1), its code when it has a readable one, its
    boundary when all of it is right, and what is wrong with it."""

    number: int
    code: str | None
    boundary: Boundary | None
    errors: tuple[KkbError, ...]


# -- the file's text ---------------------------------------------------------------------------


def text_chunks(
    chunks: Iterable[bytes], path: str, *, limit: int = MAX_INPUT_BYTES
) -> Iterator[str]:
    """The file's bytes as UTF-8 text (a byte-order mark dropped), decompressed first when
    they start as gzip does, whatever the file is called; at most ``limit`` bytes of text."""
    source = iter(chunks)
    head = b""
    for chunk in source:
        head += chunk
        if len(head) >= len(_GZIP_MAGIC):
            break
    blocks = _chained(head, source)
    if head.startswith(_GZIP_MAGIC):
        blocks = _gunzipped(blocks, path)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    total = 0
    try:
        for block in blocks:
            total += len(block)
            if total > limit:
                raise RefusedError("error.boundary_too_big", path=path, limit=limit // 1024**2)
            text = decoder.decode(block)
            if text:
                yield text
        rest = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise RefusedError("error.boundary_not_utf8", path=path) from None
    if rest:
        yield rest


def _chained(head: bytes, rest: Iterator[bytes], tail: bytes = b"") -> Iterator[bytes]:
    if head:
        yield head
    yield from rest
    yield tail


def _gunzipped(blocks: Iterator[bytes], path: str) -> Iterator[bytes]:
    """Decompress gzip members one after another (zero padding after the last is allowed), at
    most ``CHUNK`` bytes out per step, so that a small block which expands a thousandfold never
    lands in memory at once."""
    member = _gzip_member()
    full = False  # the last step gave all it was allowed to: more may be waiting inside
    padding = False
    try:
        for block in _chained(b"", blocks, b""):  # the empty block at the end drains the rest
            data = block
            while True:
                if member.eof and data:
                    if not data.strip(b"\x00"):
                        padding = True
                        break
                    if padding:  # something after the padding
                        raise zlib.error
                    member = _gzip_member()
                if not data and (member.eof or not full):
                    break
                out = member.decompress(data, CHUNK)
                full = len(out) == CHUNK
                if out:
                    yield out
                data = member.unused_data if member.eof else member.unconsumed_tail
    except zlib.error:
        raise RefusedError("error.boundary_bad_gzip", path=path) from None
    if not member.eof:  # cut short
        raise RefusedError("error.boundary_bad_gzip", path=path)


def _gzip_member() -> Any:
    return zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)


# -- the FeatureCollection, a feature at a time -----------------------------------------------


class _Window:
    """Text arriving in chunks: what has been read and not yet decoded."""

    def __init__(self, chunks: Iterable[str]) -> None:
        self._chunks = iter(chunks)
        self.text = ""
        self.at = 0
        self.ended = False
        self._decoder = json.JSONDecoder()

    def _read(self, at_least: int) -> bool:
        """Read on until ``at_least`` more characters are waiting; False at the end."""
        if self.ended:
            return False
        parts = [self.text[self.at :]]
        got = 0
        for chunk in self._chunks:
            parts.append(chunk)
            got += len(chunk)
            if got >= at_least:
                break
        else:
            self.ended = True
        self.text, self.at = "".join(parts), 0
        return got > 0

    def peek(self) -> str | None:
        """The next character that is not white space (not consumed); None at the end."""
        while True:
            self.at = _WHITESPACE.match(self.text, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._read(1):
                return None

    def expect(self, character: str) -> None:
        if self.peek() != character:
            raise ValueError(character)
        self.at += 1

    def value(self, limit: int) -> Any:
        """The JSON value that starts here, reading as much as it takes, up to ``limit``
        characters (``OverflowError`` beyond)."""
        if self.peek() is None:
            raise ValueError("nothing more")
        wanted = CHUNK
        while True:
            try:
                found, end = self._decoder.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self.ended or not _maybe_cut(error, len(self.text)):
                    raise
            else:
                if end - self.at > limit:
                    raise OverflowError
                if end < len(self.text) or self.ended:  # a number may go on past the end
                    self.at = end
                    return found
            if len(self.text) - self.at > limit:
                raise OverflowError
            self._read(wanted)
            wanted = max(wanted, len(self.text) - self.at)  # doubles: linear in all


def _maybe_cut(error: json.JSONDecodeError, read: int) -> bool:
    return error.pos >= read - _CUT_MARGIN or error.msg.startswith("Unterminated string")


def features(text: Iterable[str], path: str) -> Iterator[tuple[int, Any]]:
    """Each feature of a GeoJSON FeatureCollection, decoded, with its number from 1; a text
    that is not JSON, or not a FeatureCollection, is refused as a whole."""
    window = _Window(text)
    number = 0
    in_features = False
    kind: Any = None
    try:
        first = window.peek()
        if first is None:
            raise RefusedError("error.boundary_empty_file", path=path)
        if first != "{":  # not a JSON object: another kind of file, or JSON of another shape
            raise RefusedError("error.boundary_not_json", path=path)
        window.at += 1
        members = 0
        while window.peek() != "}":
            if members:
                window.expect(",")
            members += 1
            key = window.value(MAX_FEATURE_CHARS)
            if not isinstance(key, str):
                raise ValueError(key)
            window.expect(":")
            if key == "features" and window.peek() == "[":
                window.at += 1
                in_features = True
                first_in_array = number + 1
                while window.peek() != "]":
                    if number >= first_in_array:
                        window.expect(",")
                    number += 1
                    yield number, window.value(MAX_FEATURE_CHARS)
                window.at += 1
                in_features = False
            else:
                found = window.value(MAX_FEATURE_CHARS)
                if key == "type":
                    kind = found
                    if kind != "FeatureCollection":
                        raise RefusedError(
                            "error.boundary_not_collection", path=path, kind=_said(kind)
                        )
        window.at += 1
        if window.peek() is not None:
            raise ValueError("text after the end")
    except OverflowError:
        if not in_features:  # a member beside the features larger than a feature may be
            raise RefusedError("error.boundary_too_big", path=path, limit=MAX_FEATURE_MB) from None
        raise RefusedError(
            "error.boundary_feature_too_big", path=path, number=number, limit=MAX_FEATURE_MB
        ) from None
    except ValueError:  # json.JSONDecodeError too
        if in_features:
            raise RefusedError(
                "error.boundary_bad_feature_json", path=path, number=number
            ) from None
        raise RefusedError("error.boundary_bad_json", path=path) from None
    if kind != "FeatureCollection":
        raise RefusedError("error.boundary_not_collection", path=path, kind=_said(kind))
    if not number:
        raise RefusedError("error.boundary_no_features", path=path)


def _said(value: Any) -> str:
    """A value of the file, short, as a message quotes it."""
    shown = value if isinstance(value, str) else json.dumps(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


# -- one feature --------------------------------------------------------------------------------


class FeatureChecker:
    """Checks each feature on its own (its code, its outline) and against the features before
    it (a code given twice); whether the region list has the code is for storage to say."""

    def __init__(self, code_property: str | None = None) -> None:
        self.properties = (code_property,) if code_property else CODE_PROPERTIES
        self._first: dict[str, int] = {}  # the feature that first gave each code

    def check(self, number: int, feature: Any) -> CheckedFeature:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            kind = feature.get("type") if isinstance(feature, dict) else feature
            error = RefusedError("error.boundary_not_feature", kind=_said(kind))
            return CheckedFeature(number, None, None, (error,))
        errors: list[KkbError] = []
        code = self._code(feature.get("properties"), errors)
        if code is not None:
            first = self._first.setdefault(code, number)
            if first != number:
                errors.append(RefusedError("error.boundary_repeated", code=code, first=first))
        try:
            outline = outline_of(feature.get("geometry"))
        except RefusedError as error:
            errors.append(error)
            outline = None
        boundary = None
        if outline is not None and code is not None and not errors:
            boundary = Boundary(code, *outline)
        return CheckedFeature(number, code, boundary, tuple(errors))

    def _code(self, properties: Any, errors: list[KkbError]) -> str | None:
        if not isinstance(properties, dict):
            properties = {}
        for name in self.properties:
            if name in properties and properties[name] not in (None, ""):
                return region_code(properties[name], errors)
        names = "/".join(f"`{name}`" for name in self.properties)
        errors.append(RefusedError("error.boundary_no_code", names=names))
        return None


def region_code(value: Any, errors: list[KkbError]) -> str | None:
    """A Kemendagri code as a file writes it: dotted (33.75.01.1002), or its digits alone
    (3375011002, as a number or as text), which are made dotted."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.append(RefusedError("error.region_code", code=_said(value)))
        return None
    code = value.strip()
    if code.isascii() and code.isdigit() and len(code) in (2, 4, 6, 10) and code[0] != "0":
        code = RegionCode.from_number(int(code)).value
    if not RegionCode.is_code(code):
        errors.append(RefusedError("error.region_code", code=_said(value)))
        return None
    return code


def outline_of(geometry: Any) -> tuple[str, float, float, float, float]:
    """A Polygon or MultiPolygon as kkb stores it: the MultiPolygon's compact JSON and its
    bounding box (west, south, east, north); a RefusedError says what is wrong with it."""
    if not isinstance(geometry, dict):
        raise RefusedError("error.boundary_no_geometry")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise RefusedError("error.boundary_geometry_type", kind=_said(kind))
    if not isinstance(coordinates, list) or not coordinates:
        raise RefusedError("error.boundary_no_polygon", kind=kind)
    polygons = [coordinates] if kind == "Polygon" else coordinates
    parts = [_polygon(polygon, index) for index, polygon in enumerate(polygons, 1)]
    west = min(box[0] for _, box in parts)
    south = min(box[1] for _, box in parts)
    east = max(box[2] for _, box in parts)
    north = max(box[3] for _, box in parts)
    geometry_json = json.dumps(
        {"type": "MultiPolygon", "coordinates": [rings for rings, _ in parts]},
        separators=(",", ":"),
        allow_nan=False,
    )
    return geometry_json, west, south, east, north


Box = tuple[float, float, float, float]


def _polygon(polygon: Any, number: int) -> tuple[list[list[list[float]]], Box]:
    if not isinstance(polygon, list) or not polygon:
        raise RefusedError("error.boundary_no_ring", polygon=number)
    rings = [_ring(ring, number, index) for index, ring in enumerate(polygon, 1)]
    outer = rings[0]  # holes lie inside it
    lons = [position[0] for position in outer]
    lats = [position[1] for position in outer]
    return rings, (min(lons), min(lats), max(lons), max(lats))


def _ring(ring: Any, polygon: int, number: int) -> list[list[float]]:
    """A ring's positions rounded to ``DECIMALS``; a third number (height) is dropped."""
    where: dict[str, Any] = {"polygon": polygon, "ring": number}
    if not isinstance(ring, list):
        raise RefusedError("error.boundary_not_ring", **where)
    rounded: list[list[float]] = []
    keep = rounded.append
    # A Jawa Tengah desa file has 800,000 positions: the usual one, two numbers in range, is
    # checked and rounded inline; anything else goes to _position, which says what is wrong.
    for position in ring:
        if type(position) is list and len(position) == 2:
            lon, lat = position
            lon_type, lat_type = type(lon), type(lat)
            if (
                (lon_type is float or lon_type is int)
                and (lat_type is float or lat_type is int)
                and -180 <= lon <= 180
                and -90 <= lat <= 90
            ):
                keep([round(lon * _SCALE) / _SCALE, round(lat * _SCALE) / _SCALE])
                continue
        keep(_position(position, len(rounded) + 1, where))
    if len(rounded) < 4:
        raise RefusedError("error.boundary_ring_short", count=len(rounded), **where)
    first, last = ring[0], ring[-1]
    if first[0] != last[0] or first[1] != last[1]:
        raise RefusedError(
            "error.boundary_ring_open", first=_shown(first), last=_shown(last), **where
        )
    return rounded


def _position(position: Any, index: int, where: dict[str, Any]) -> list[float]:
    """A position off the usual path: [longitude, latitude, height] rounded, or what is wrong."""
    if (
        type(position) is not list
        or not 2 <= len(position) <= 3
        or any(type(value) not in _NUMBER_TYPES for value in position)
    ):
        raise RefusedError(
            "error.boundary_not_position", position=index, shown=_said(position), **where
        )
    lon, lat = position[0], position[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _bad_position(lon, lat, index, where)
    return [round(lon * _SCALE) / _SCALE, round(lat * _SCALE) / _SCALE]


def _bad_position(lon: float, lat: float, index: int, where: dict[str, Any]) -> RefusedError:
    shown = _shown([lon, lat])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return RefusedError("error.boundary_not_finite", position=index, shown=shown, **where)
    west, south, east, north = _INDONESIA
    if west <= lat <= east and south <= lon <= north:
        swapped = _shown([lat, lon])
        return RefusedError(
            "error.boundary_swapped", position=index, shown=shown, swapped=swapped, **where
        )
    return RefusedError("error.boundary_out_of_range", position=index, shown=shown, **where)


def _shown(position: list[Any]) -> str:
    return "[" + ", ".join(_number(value) for value in position[:2]) + "]"


def _number(value: Any) -> str:
    return repr(value) if isinstance(value, float) and not math.isfinite(value) else str(value)
