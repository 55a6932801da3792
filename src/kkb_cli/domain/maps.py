"""What the report's map shows, as plain data: each region's shape with its status or its
coverage, the outlines of the areas one level up, and the colour class of a coverage.

Shapes come from stored GeoJSON geometries (see ``storage/boundaries.py``): a MultiPolygon's
coordinates, ``[longitude, latitude]``.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kkb_cli.domain.progress import state_as_of
from kkb_cli.domain.regions import Level
from kkb_cli.domain.status import Status

Point = tuple[float, float]  # longitude, latitude
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then any holes

# Coverage classes of a map of areas: the upper bound of each class (percent, inclusive of the
# lower class's bound), from none to all.
COVERAGE_CLASSES = (0.0, 25.0, 50.0, 75.0, 99.95, 100.0)
# Up to this many shapes, each desa/kelurahan on the map is labelled with its name.
LABELLED_UP_TO = 40


@dataclass(frozen=True)
class Shape:
    """One region on the map: its polygons, and what colours it (a status for a desa/kelurahan,
    a coverage for an area)."""

    code: str
    name: str
    polygons: list[Polygon]
    status: Status | None = None
    coverage_pct: float | None = None
    group: str = ""  # the code of the area one level up that it lies in

    @property
    def centre(self) -> Point:
        """The middle of its largest polygon's outer ring (where a label goes)."""
        ring = max((p[0] for p in self.polygons), key=_ring_area)
        return _centroid(ring)


@dataclass(frozen=True)
class MapData:
    """A report's map: the shapes with boundaries, and how many regions had none."""

    shapes: list[Shape]
    regions: int  # how many regions the map is meant to show
    level: Level  # of the regions shown: desa/kelurahan by status, others by coverage
    outlines: list[list[Point]] = field(default_factory=list)  # lines one level up

    @property
    def of_areas(self) -> bool:
        """Areas coloured by their coverage, rather than desa/kelurahan by status."""
        return self.level is not Level.DESA_KELURAHAN

    @property
    def missing(self) -> int:
        return self.regions - len(self.shapes)

    @property
    def labelled(self) -> bool:
        return 0 < len(self.shapes) <= LABELLED_UP_TO

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of every shape."""
        points = [pt for s in self.shapes for poly in s.polygons for pt in poly[0]]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        return min(lons), min(lats), max(lons), max(lats)

    def counts(self) -> Counter[Status]:
        return Counter(s.status for s in self.shapes if s.status is not None)


def polygons_of(geometry: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a stored Polygon or MultiPolygon geometry."""
    coordinates = geometry["coordinates"]
    parts = [coordinates] if geometry["type"] == "Polygon" else coordinates
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in part] for part in parts]


def village_status(row: Mapping[str, Any], as_of: date) -> Status:
    """A desa/kelurahan's status on ``as_of``, from its row of the Kampung KB table: the rule
    the progress counts follow (``state_as_of``), so that the map and the counts agree."""
    status = Status(row["status"]) if row["status"] else Status.NONE
    if status is Status.NONE:
        return status
    formed_year = row["year"] if status is Status.FORMED else None
    formed_later = bool(row["date"]) and date.fromisoformat(row["date"]) > as_of
    state, _ = state_as_of(
        status, formed_year, row["planned_year"], as_of, formed_later=formed_later
    )
    return state


def coverage_class(pct: float | None) -> int:
    """The class of a coverage on an area map: 0 for none (or no villages), up to 5 for all."""
    if not pct:
        return 0
    for index, upper in enumerate(COVERAGE_CLASSES[1:], start=1):
        if pct <= upper:
            return index
    return len(COVERAGE_CLASSES) - 1


# Neighbouring outlines that do not quite meet (simplified separately) are closed up to this
# distance, in degrees (about 55 m), before the shapes of one group are merged.
GAP = 0.0005


def outline(shapes: Sequence[Shape]) -> list[list[Point]]:
    """The outline of each group of ``shapes`` (their kecamatan): the shapes of a group
    merged into one area, small gaps and overlaps between neighbours closed, and its border
    rings returned as lines."""
    from shapely import Polygon as ShapelyPolygon
    from shapely import unary_union

    groups: dict[str, list[ShapelyPolygon]] = {}
    for shape in shapes:
        for polygon in shape.polygons:
            part = ShapelyPolygon(polygon[0], polygon[1:])
            if not part.is_valid:
                part = part.buffer(0)
            groups.setdefault(shape.group, []).append(part.buffer(GAP))
    lines: list[list[Point]] = []
    for parts in groups.values():
        merged = unary_union(parts).buffer(-GAP).simplify(GAP / 5)
        for area in getattr(merged, "geoms", [merged]):
            if area.is_empty:
                continue
            for ring in (area.exterior, *area.interiors):
                if ring.length > 4 * GAP:  # not a sliver left by the merge
                    lines.append([(float(x), float(y)) for x, y in ring.coords])
    return lines


def _ring_area(ring: Iterable[Point]) -> float:
    points = list(ring)
    return abs(_signed_area(points))


def _signed_area(points: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(points)) / 2


def _centroid(ring: list[Point]) -> Point:
    area = _signed_area(ring)
    if math.isclose(area, 0.0, abs_tol=1e-15):
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for a, b in itertools.pairwise(ring):
        cross = a[0] * b[1] - b[0] * a[1]
        cx += (a[0] + b[0]) * cross
        cy += (a[1] + b[1]) * cross
    return cx / (6 * area), cy / (6 * area)
