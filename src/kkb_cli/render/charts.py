"""The report's charts and map, drawn with matplotlib (its own fonts, no network), as SVG for
the HTML report and as PNG or SVG files for ``kkb chart``.

matplotlib takes a few tenths of a second to import: only ``kkb report`` and ``kkb chart``
import this module. Every word comes from the message catalogue, every number is formatted in
the language (``messages.percent``, ``grouped``), and nothing is counted here: the charts draw
a ``ProgressReport`` and a ``MapData`` as the application made them.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import LABELS
from kkb_cli.domain.maps import COVERAGE_CLASSES, MapData, coverage_class
from kkb_cli.domain.progress import ProgressReport
from kkb_cli.domain.status import Status
from kkb_cli.messages import grouped, percent, percent_sign, text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS = ("progress", "areas", "attributes", "map")

# Colours that stay apart for colour-blind readers and in grey print.
FORMED = "#1b7837"
PLANNED = "#f1a340"
NONE = "#d9d9d9"
YES = FORMED
NO = "#c51b7d"
UNKNOWN = NONE
TARGET = "#222222"
LINE = "#2166ac"
STATUS_COLOURS = {Status.FORMED: FORMED, Status.PLANNED: PLANNED, Status.NONE: NONE}
_LEGEND = {
    Status.FORMED: "chart.formed_count",
    Status.PLANNED: "chart.planned_count",
    Status.NONE: "chart.none_count",
}
# From no coverage to all, one colour per class of ``COVERAGE_CLASSES``.
COVERAGE_COLOURS = ("#f0f0f0", "#d9f0d3", "#a6dba0", "#5aae61", "#1b7837", "#00441b")

# Sizes in inches (matplotlib's unit); a chart in the report is scaled by the browser.
WIDE = (8.0, 4.0)
MAP = (8.0, 6.5)
_PNG_DPI = 200  # sharp when pasted into a document and printed


def _pyplot_free() -> None:
    """matplotlib without a screen: the Agg and SVG backends only, text kept as text in SVG."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: smaller, searchable, selectable
            "svg.hashsalt": "kkb",  # the same report gives the same file
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _figure(size: tuple[float, float]) -> Figure:
    """A figure of ``size`` inches; on a narrow one the words are smaller, so that titles and
    labels keep their place (a chart 8 inches wide has 9-point text)."""
    _pyplot_free()
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["font.size"] = max(5.0, min(9.0, 9.0 * size[0] / 8.0))
    return Figure(figsize=size, layout="constrained")


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(
        FuncFormatter(lambda value, _: percent_sign(value).replace(",0%", "%").replace(".0%", "%"))
    )


def _count_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _: grouped(int(value))))


def progress_chart(report: ProgressReport, size: tuple[float, float] = WIDE) -> Figure:
    """Kampung KB formed per year (bars) against each year's target (a line across the bar),
    with the cumulative coverage (a line, on its own axis in percent)."""
    figure = _figure(size)
    ax = figure.add_subplot()
    years = [row.year for row in report.years]
    ax.bar(years, [row.formed for row in report.years], color=FORMED, label=text("chart.formed"))
    planned = [row.planned for row in report.years]
    if any(planned):
        ax.bar(
            years,
            planned,
            bottom=[row.formed for row in report.years],
            color=PLANNED,
            label=text("chart.planned"),
        )
    targeted = [(row.year, row.target) for row in report.years if row.target is not None]
    if targeted:
        ax.scatter(
            [y for y, _ in targeted],
            [t for _, t in targeted],
            marker="_",
            s=900,
            linewidths=2.5,
            color=TARGET,
            label=text("chart.target"),
            zorder=3,
        )
    for row in report.years:
        if row.formed:
            ax.annotate(
                grouped(row.formed),
                (row.year, row.formed),
                xytext=(0, -3),
                textcoords="offset points",
                ha="center",
                va="top",
                color="white",
                fontsize="small",
            )
    ax.set_xticks(years, [str(y) for y in years])
    highest = max([row.formed + row.planned for row in report.years] + [t for _, t in targeted])
    ax.set_ylim(0, max(highest, 1) * 1.1)
    _count_axis(ax.yaxis)
    ax.set_ylabel(text("chart.kampung_per_year"))
    line_ax = ax.twinx()
    line_ax.spines["right"].set_visible(True)
    line_ax.plot(
        years,
        [row.coverage_pct or 0 for row in report.years],
        color=LINE,
        marker="o",
        label=text("chart.cumulative"),
    )
    line_ax.set_ylim(0, 105)
    _percent_axis(line_ax.yaxis)
    line_ax.set_ylabel(text("chart.coverage_axis", noun=report.village_noun))
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    # The target's mark is a wide dash: in the legend, a short line of the same colour.
    handles = [
        Line2D([], [], color=TARGET, linewidth=2.5) if label == text("chart.target") else handle
        for handle, label in zip(handles, labels, strict=True)
    ]
    more, more_labels = line_ax.get_legend_handles_labels()
    ax.legend(
        handles + more,
        labels + more_labels,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        fontsize="small",
        ncols=4,
    )
    _title(figure, text("chart.progress_title", scope=report.scope.name, date=_day(report)))
    return figure


def areas_chart(report: ProgressReport, size: tuple[float, float] | None = None) -> Figure:
    """Each area one level down: formed, planned and none as parts of its desa/kelurahan,
    sorted by coverage with the areas that lag most at the top."""
    areas = sorted(report.areas, key=lambda a: (a.coverage_pct or 0, a.name), reverse=True)
    height = max(2.2, 0.9 + 0.28 * len(areas))
    figure = _figure(size or (8.0, min(height, 40.0)))
    ax = figure.add_subplot()
    names = [_short(a.name) for a in areas]
    formed = [a.formed for a in areas]
    planned = [a.planned for a in areas]
    none = [a.none for a in areas]
    _stacked(
        ax,
        names,
        [
            (formed, FORMED, text("chart.formed")),
            (planned, PLANNED, text("chart.planned")),
            (none, NONE, text("chart.none")),
        ],
    )
    for index, area in enumerate(areas):
        ax.annotate(
            percent_sign(area.coverage_pct),
            (area.villages, index),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    _count_axis(ax.xaxis)
    ax.set_xlabel(report.village_noun)
    ax.margins(x=0.12)
    ax.legend(loc="lower right", frameon=False, fontsize="small", ncols=3, bbox_to_anchor=(1, 1))
    level = text(f"level.{report.area_level.value}") if report.area_level else ""
    _title(figure, text("chart.areas_title", level=level, date=_day(report)))
    return figure


def _stacked(ax: Any, names: list[str], parts: list[tuple[list[Any], str, str]]) -> None:
    """Horizontal bars of several parts each, one after the other (values, colour, label)."""
    left = [0.0] * len(names)
    for values, colour, label in parts:
        ax.barh(names, values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]


def attributes_chart(report: ProgressReport, size: tuple[float, float] | None = None) -> Figure:
    """Each attribute of the formed Kampung KB (Dashat first): yes, no, not known, in percent."""
    rows = list(reversed(report.attributes))  # barh draws from the bottom: Dashat on top
    figure = _figure(size or (8.0, 0.9 + 0.3 * len(rows)))
    ax = figure.add_subplot()
    names = [LABELS[row.attribute] for row in rows]
    yes = [row.yes_pct or 0 for row in rows]
    no = [row.no_pct or 0 for row in rows]
    unknown = [row.unknown_pct or (0 if row.formed else 100) for row in rows]
    _stacked(
        ax,
        names,
        [
            (yes, YES, text("chart.yes")),
            (no, NO, text("chart.no")),
            (unknown, UNKNOWN, text("chart.unknown")),
        ],
    )
    for index, row in enumerate(rows):
        if row.yes:
            ax.annotate(
                grouped(row.yes),
                (0, index),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                color="white",
                fontsize="small",
            )
    ax.set_xlim(0, 100)
    _percent_axis(ax.xaxis)
    ax.set_xlabel(text("chart.share_of_formed", count=grouped(report.formed)))
    ax.legend(loc="lower right", frameon=False, fontsize="small", ncols=3, bbox_to_anchor=(1, 1))
    _title(figure, text("chart.attributes_title", date=_day(report)))
    return figure


def map_chart(
    drawn: MapData, report: ProgressReport, size: tuple[float, float] = MAP
) -> Figure | None:
    """The scope's desa/kelurahan coloured by status, kecamatan outlined; or, for a provinsi,
    its kabupaten/kota coloured by coverage. None when no boundary is loaded."""
    if not drawn.shapes:
        return None
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path

    figure = _figure(size)
    ax = figure.add_subplot()
    for shape in drawn.shapes:
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for polygon in shape.polygons:
            for ring in polygon:
                vertices += ring
                codes += (
                    [int(Path.MOVETO)]
                    + [int(Path.LINETO)] * (len(ring) - 2)
                    + [int(Path.CLOSEPOLY)]
                )
        if drawn.of_areas:
            colour = COVERAGE_COLOURS[coverage_class(shape.coverage_pct)]
        else:
            colour = STATUS_COLOURS[shape.status or Status.NONE]
        patch = PathPatch(Path(vertices, codes), facecolor=colour, edgecolor="white", linewidth=0.4)
        patch.set_gid(f"shape-{shape.code}")
        ax.add_patch(patch)
    if drawn.outlines:  # one path of many lines: one element in the SVG, not thousands
        points = [point for line in drawn.outlines for point in line]
        moves = [
            code
            for line in drawn.outlines
            for code in [Path.MOVETO] + [Path.LINETO] * (len(line) - 1)
        ]
        ax.add_patch(PathPatch(Path(points, moves), fill=False, edgecolor=TARGET, linewidth=0.9))
    if drawn.labelled:
        # A light box behind each name (a halo would be drawn as outlines of every letter).
        box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7, "linewidth": 0}
        for shape in drawn.shapes:
            x, y = shape.centre
            ax.text(
                x, y, _short(shape.name), fontsize="xx-small", ha="center", va="center", bbox=box
            )
    west, south, east, north = drawn.bounds
    pad_x, pad_y = (east - west) * 0.03 or 0.01, (north - south) * 0.03 or 0.01
    ax.set_xlim(west - pad_x, east + pad_x)
    ax.set_ylim(south - pad_y, north + pad_y)
    # Degrees of longitude are shorter than degrees of latitude away from the equator.
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()
    if drawn.of_areas:
        legend = [
            Patch(color=COVERAGE_COLOURS[index], label=_class_label(index))
            for index in range(len(COVERAGE_COLOURS))
        ]
        level = text(f"level.{drawn.level.value}")
        title = text("chart.map_areas_title", level=level, date=_day(report))
    else:
        counts = drawn.counts()
        legend = [
            Patch(
                color=STATUS_COLOURS[status],
                label=text(_LEGEND[status], count=grouped(counts[status])),
            )
            for status in (Status.FORMED, Status.PLANNED, Status.NONE)
        ]
        title = _first_upper(text("chart.map_title", noun=report.village_noun, date=_day(report)))
    ax.legend(
        handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small"
    )
    _title(figure, title)
    if drawn.missing:
        figure.text(
            0.01,
            0.01,
            text("chart.map_missing", count=grouped(drawn.missing), noun=map_noun(drawn, report)),
            fontsize="x-small",
        )
    return figure


def map_noun(drawn: MapData, report: ProgressReport) -> str:
    """What the map's regions are called: the scope's desa/kelurahan, or its areas' level."""
    if drawn.of_areas:
        return text(f"level.{drawn.level.value}")
    return report.village_noun


def _class_label(index: int) -> str:
    if index == 0:
        return text("chart.class_none")
    if index == len(COVERAGE_COLOURS) - 1:
        return text("chart.class_all")
    low, high = COVERAGE_CLASSES[index - 1], COVERAGE_CLASSES[index]
    return text("chart.class_range", low=percent(low), high=percent(min(high, 99.9)))


def _title(figure: Figure, title: str) -> None:
    """The chart's title above everything, from its left edge, wrapped when it is long."""
    figure.suptitle(title, x=0.01, ha="left", fontsize="medium", wrap=True)


def _first_upper(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _day(report: ProgressReport) -> str:
    from kkb_cli.messages import long_date

    return long_date(report.as_of)


def _short(name: str, longest: int = 28) -> str:
    """A long name cut on a chart (the tables have it whole)."""
    return name if len(name) <= longest else name[: longest - 1] + "…"


# -- writing -------------------------------------------------------------------------------------


def svg_text(figure: Figure, prefix: str) -> str:
    """The figure as SVG to put inside an HTML page: no XML declaration, no DOCTYPE, no
    metadata and no namespace URLs (the page makes no reference to anything outside it)."""
    buffer = io.StringIO()
    save(figure, buffer, "svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg, count=3)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    # matplotlib numbers its elements the same way in every figure: a page of several charts
    # needs each figure's own ids (the map's shapes keep theirs: they are region codes).
    prefix = f"{prefix}-"
    svg = re.sub(r'id="(?!shape-)', f'id="{prefix}', svg)
    svg = re.sub(r"url\(#", f"url(#{prefix}", svg)
    svg = re.sub(r'href="#', f'href="#{prefix}', svg)
    return _PATH_DATA.sub(_shorter_path, svg)


# A path's coordinates are in points (1/72 inch): a tenth of one is finer than print shows.
_PATH_DATA = re.compile(r' d="([^"]*)"')
_PRECISE = re.compile(r"(\d+\.\d)\d+")


def _shorter_path(found: re.Match[str]) -> str:
    data = _PRECISE.sub(r"\1", " ".join(found[1].split()))
    return f' d="{data}"'


def save(figure: Figure, target: Any, kind: str, dpi: float = _PNG_DPI) -> None:
    """Write the figure to ``target`` (a path or a binary file) as ``png`` or ``svg``."""
    metadata: dict[str, Any] = (
        {"Creator": None, "Date": None, "Format": None, "Type": None}
        if kind == "svg"
        else {"Software": None}
    )
    import warnings

    with warnings.catch_warnings():  # a tiny chart: matplotlib says its layout does not fit
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(target, format=kind, dpi=dpi, metadata=metadata)


def chart(
    name: str, report: ProgressReport, drawn: MapData, size: tuple[float, float] | None
) -> Figure | None:
    """The chart called ``name`` (one of ``CHARTS``); the map is None without boundaries."""
    if name == "progress":
        return progress_chart(report, size or WIDE)
    if name == "areas":
        return areas_chart(report, size)
    if name == "attributes":
        return attributes_chart(report, size)
    return map_chart(drawn, report, size or MAP)


# -- sizes ---------------------------------------------------------------------------------------

_LENGTH = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(px|cm)?\s*", re.IGNORECASE)
_PIXELS = (100, 8_000)  # of a side, in pixels (a poster; more takes gigabytes to draw)
_CM = (2.0, 100.0)


def inches(value: str) -> float:
    """A side as written (``1600``, ``1600px``, ``12cm``, ``12,5 cm``) in inches at the PNG
    resolution; a UsageError for anything else or out of bounds."""
    from kkb_cli.errors import UsageError

    found = _LENGTH.fullmatch(value)
    if found is None:
        raise UsageError("error.chart_size", value=value)
    number = float(found[1].replace(",", "."))
    unit = (found[2] or "px").lower()
    low, high = _PIXELS if unit == "px" else _CM
    if not low <= number <= high:
        raise UsageError("error.chart_size", value=value)
    return number / _PNG_DPI if unit == "px" else number / 2.54


def figure_size(name: str, width: str | None, height: str | None) -> tuple[float, float] | None:
    """The figure's size from ``--width``/``--height``; one of them keeps the chart's own
    proportions; neither: None (the chart's own size)."""
    if width is None and height is None:
        return None
    natural = MAP if name == "map" else WIDE
    if width is not None and height is not None:
        return inches(width), inches(height)
    if width is not None:
        w = inches(width)
        return w, w * natural[1] / natural[0]
    assert height is not None
    h = inches(height)
    return h * natural[0] / natural[1], h
