"""Activities for people and programs: the list, one activity, the catalogues, and the
activities section of `kkb progress` (tables, JSON keys and CSV columns)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.activities import BUCKETS, Activity, ActivityReport
from kkb_cli.domain.catalogue import OTHER_AGENCY, Catalogue, Named
from kkb_cli.domain.regions import Level
from kkb_cli.messages import grouped, long_date, percent_sign, text
from kkb_cli.render.tables import CODE, NUMBER, TEXT, Grid, Pipe, _cell, _gap, _table, show

if TYPE_CHECKING:
    from rich.console import Console

    from kkb_cli.storage.activities import ActivityRow

ACTIVITY_COLUMNS = (
    "id", "date", "kelurahan_code", "kelurahan", "kecamatan", "title", "kegiatan",
    "kegiatan_name", "agencies", "fungsi", "fungsi_name", "groups", "place", "description",
    "people",
)  # fmt: skip
_BLOCK = 2000  # rows laid out at a time: a long list streams, its memory stays flat


def _catalogue() -> Catalogue:
    from kkb_cli.application.activity_report import catalogue

    return catalogue()


def _english() -> bool:
    from kkb_cli import messages

    return messages.LANGUAGE == "en"


def agency_name(agency: Named, found: Catalogue | None = None) -> str:
    """A catalogue agency by its name; another one as ``Lainnya: NAME`` (as an import reads
    it back)."""
    if agency.other:
        return f"Lainnya: {agency.other}"
    return (found or _catalogue()).agencies[agency.code].name


def group_name(group: Named, found: Catalogue | None = None) -> str:
    if group.other:
        return f"Lainnya: {group.other}"
    return (found or _catalogue()).group_name(group, _english())


def activity_dict(row: ActivityRow) -> dict[str, Any]:
    """An activity with the keys of `kkb activity list --json` and the CSV export."""
    found = _catalogue()
    activity = row.activity
    return {
        "id": activity.id,
        "date": activity.day.isoformat(),
        "kelurahan_code": activity.village_code,
        "kelurahan": row.village,
        "kecamatan": row.kecamatan,
        "title": activity.title,
        "kegiatan": activity.kegiatan,
        "kegiatan_name": found.kegiatan_name(activity.kegiatan),
        "agencies": [agency_name(a, found) for a in activity.agencies],
        "fungsi": activity.fungsi,
        "fungsi_name": found.fungsi_name(activity.fungsi, _english()) or None,
        "groups": [group_name(g, found) for g in activity.groups],
        "place": activity.place,
        "description": activity.description,
        "people": activity.people,
    }


def csv_row(row: ActivityRow) -> dict[str, Any]:
    """The row for a CSV or a workbook: several agencies or groups in one cell, ``; ``
    between them (as an import reads them)."""
    values = activity_dict(row)
    values["agencies"] = "; ".join(values["agencies"])
    values["groups"] = "; ".join(values["groups"])
    return values


def print_activities(rows: Iterable[ActivityRow], out: Console | Pipe) -> int:
    """One line per activity, by date; returns how many. A long list is laid out a block at
    a time, so it streams."""
    found = _catalogue()
    columns = [
        (text("col.id"), NUMBER),
        (text("col.date"), CODE),
        (text("col.kelurahan"), TEXT),
        (text("col.title"), TEXT),
        (text("col.kegiatan"), TEXT),
        (text("col.agencies"), TEXT),
    ]
    shown = 0
    rows = iter(rows)
    while True:
        block = Grid(columns, header=shown == 0)
        for row in islice(rows, _BLOCK):
            activity = row.activity
            block.add_row(
                str(activity.id),
                activity.day.isoformat(),
                _cell(row.village),
                _cell(activity.title),
                _cell(_short_kegiatan(activity.kegiatan, found)),
                _cell("; ".join(agency_name(a, found) for a in activity.agencies)),
            )
        if not block.rows:
            break
        shown += len(block.rows)
        show(Pipe() if shown > len(block.rows) or len(block.rows) == _BLOCK else out, block)
    return shown


def _short_kegiatan(code: int | None, found: Catalogue) -> str:
    if code is None:
        return "Lainnya"
    name = found.kegiatan[code].name
    return f"{code}. {name}"


def print_activity(row: ActivityRow, out: Console | Pipe) -> None:
    """`kkb activity show`: one activity, a line per field."""
    from kkb_cli.render.tables import print_pairs

    found = _catalogue()
    activity = row.activity
    pairs = [
        (text("col.id"), str(activity.id)),
        (text("col.date"), long_date(activity.day)),
        (text("col.kelurahan"), f"{row.village} ({activity.village_code}), {row.kecamatan}"),
        (text("col.title"), activity.title),
        (text("col.kegiatan"), _short_kegiatan(activity.kegiatan, found)),
    ]
    if activity.kegiatan is not None:
        pairs.append((text("col.program"), found.kegiatan[activity.kegiatan].program_name))
    pairs.append(
        (text("col.agencies"), "; ".join(agency_name(a, found) for a in activity.agencies) or "–")
    )
    pairs.append((text("col.fungsi"), found.fungsi_name(activity.fungsi, _english()) or "–"))
    pairs.append(
        (text("col.groups"), "; ".join(group_name(g, found) for g in activity.groups) or "–")
    )
    for key, value in (
        ("col.place", activity.place),
        ("col.description", activity.description),
        ("col.people", grouped(activity.people) if activity.people is not None else None),
    ):
        if value:
            pairs.append((text(key), value))
    print_pairs(pairs, out)


def activity_change(before: Activity, after: Activity) -> str:
    """What an edit changed: ``title: A → B; date: …``; empty when nothing did."""
    old, new = _readable(before), _readable(after)
    return "; ".join(
        f"{text(f'activity.field_{key}')}: {old[key] or '–'} → {new[key] or '–'}"
        for key in new
        if old[key] != new[key]
    )


def _readable(activity: Activity) -> dict[str, str]:
    found = _catalogue()
    return {
        "date": activity.day.isoformat(),
        "title": activity.title,
        "kegiatan": _short_kegiatan(activity.kegiatan, found),
        "agencies": "; ".join(agency_name(a, found) for a in activity.agencies),
        "fungsi": found.fungsi_name(activity.fungsi, _english()),
        "groups": "; ".join(group_name(g, found) for g in activity.groups),
        "place": activity.place or "",
        "description": activity.description or "",
        "people": "" if activity.people is None else str(activity.people),
    }


def activity_history(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """One history entry of an activity, in words: added, removed, or what changed."""
    values = after or before or {}
    base = {"id": values.get("id"), "title": values.get("title"), "day": values.get("date")}
    if before is None:
        return text("history.activity_added", **base)
    if after is None:
        return text("history.activity_removed", **base)
    old, new = _stored_readable(before), _stored_readable(after)
    changed = "; ".join(
        f"{text(f'activity.field_{key}')}: {old[key] or '–'} → {new[key] or '–'}"
        for key in new
        if old[key] != new[key]
    )
    return text("history.activity_changed", id=values.get("id"), change=changed)


def _stored_readable(values: dict[str, Any]) -> dict[str, str]:
    """An activity as the history stores it (see domain/activities.py), in words."""
    found = _catalogue()

    def named(item: Any) -> Named:
        return Named(item[0], item[1]) if isinstance(item, list) else Named(item)

    return {
        "date": values.get("date") or "",
        "title": values.get("title") or "",
        "kegiatan": _short_kegiatan(values.get("kegiatan"), found),
        "agencies": "; ".join(agency_name(named(a), found) for a in values.get("agencies", [])),
        "fungsi": found.fungsi_name(values.get("fungsi"), _english()),
        "groups": "; ".join(group_name(named(g), found) for g in values.get("groups", [])),
        "place": values.get("place") or "",
        "description": values.get("description") or "",
        "people": "" if values.get("people") is None else str(values["people"]),
    }


# -- kkb catalogue -------------------------------------------------------------------------


def catalogue_rows(found: Catalogue, which: str) -> list[dict[str, Any]]:
    """A catalogue's rows: its number and name (and for kegiatan its programme and ministry);
    names in English where the catalogue has them and kkb speaks English."""
    english = _english()
    if which == "kegiatan":
        return [
            {
                "code": k.code,
                "name": k.name,
                "program": k.program,
                "program_name": k.program_name,
                "ministry": k.ministry,
            }
            for k in found.kegiatan.values()
        ]
    entries = {"opd": found.agencies, "fungsi": found.fungsi, "sasaran": found.groups}[which]
    return [
        {"code": e.code, "name": e.name_en if english else e.name, "name_id": e.name}
        for e in entries.values()
    ]


def print_catalogue(rows: list[dict[str, Any]], which: str, out: Console | Pipe) -> int:
    columns = [(text("col.code"), NUMBER), (text("col.name"), TEXT)]
    if which == "kegiatan":
        columns += [(text("col.program"), TEXT), (text("col.ministry"), TEXT)]
    table = _table(out, text(f"catalogue.title_{which}"), columns)
    for row in rows:
        cells = [str(row["code"]), _cell(row["name"])]
        if which == "kegiatan":
            cells += [f"{row['program']}. {row['program_name']}", _cell(row["ministry"])]
        table.add_row(*cells)
    show(out, table)
    if which in ("opd", "sasaran"):
        show(out, text("catalogue.other_hint"))
    return len(rows)


# -- the activities section of `kkb progress` ------------------------------------------------


def activity_report_dict(report: ActivityReport) -> dict[str, Any]:
    """``activities`` in `kkb progress --json`."""
    found = _catalogue()
    return {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "activities": report.activities,
        "formed": report.total.formed,
        "reached": report.total.reached,
        "by_agencies": {name: report.total.buckets[name] for name in BUCKETS},
        "areas": [
            {
                "code": area.code,
                "name": area.name,
                "formed": tally.formed,
                "reached": tally.reached,
                "by_agencies": {name: tally.buckets[name] for name in BUCKETS},
            }
            for area, tally in report.areas
        ],
        "agencies": [
            {
                "code": use.agency.code,
                "name": agency_name(use.agency, found),
                "kampung": use.kampung,
                "activities": use.activities,
                "last": use.last.isoformat() if use.last else None,
            }
            for use in report.agencies
        ],
        "fungsi": [
            {
                "code": code,
                "name": entry.name,
                "kampung": report.fungsi.get(code, 0),
                "share_pct": _share(report.fungsi.get(code, 0), report.total.formed),
            }
            for code, entry in found.fungsi.items()
        ],
        "programs": [
            {"code": code, "name": name, "kampung": report.programs.get(code, 0)}
            for code, name in found.programs.items()
        ],
        "no_activity": {
            "count": report.quiet_count,
            "first": [
                {"code": code, "name": name, "kecamatan": kecamatan}
                for code, name, kecamatan in report.quiet
            ],
        },
        "dashat_unknown": {
            "count": report.dashat_unknown_count,
            "first": [{"code": code, "name": name} for code, name in report.dashat_unknown],
        },
    }


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def print_activity_report(report: ActivityReport, level_word: str, out: Console | Pipe) -> None:
    """Which agencies entered which Kampung KB over the period, in five short tables."""
    found = _catalogue()
    period = text("activity.period", since=long_date(report.since), until=long_date(report.until))
    if not report.activities:  # nothing to break down: one line, not tables of zeros
        show(out, text("activity.report_none", period=period))
        _gap(out)
        return
    buckets = _table(
        out,
        text("activity.title_buckets", period=period, count=grouped(report.activities)),
        [
            (level_word.capitalize(), TEXT),
            (text("col.formed"), NUMBER),
            *((text(f"activity.bucket_{name.replace('-', '_').replace('+', '_more')}"), NUMBER)
              for name in BUCKETS),
        ],
    )  # fmt: skip
    for area, tally in report.areas:
        buckets.add_row(
            _cell(area.name), str(tally.formed), *(str(tally.buckets[b]) for b in BUCKETS)
        )
    total = report.total
    buckets.add_row(
        text("activity.total"), str(total.formed), *(str(total.buckets[b]) for b in BUCKETS)
    )
    show(out, buckets)
    _gap(out)

    agencies = _table(
        out,
        text("activity.title_agencies"),
        [
            (text("col.agency"), TEXT),
            (text("col.kampung_reached"), NUMBER),
            (text("col.activities"), NUMBER),
            (text("col.last_activity"), CODE),
        ],
    )
    entered = [use for use in report.agencies if use.kampung]
    for use in entered:
        agencies.add_row(
            _cell(agency_name(use.agency, found)),
            str(use.kampung),
            str(use.activities),
            use.last.isoformat() if use.last else "–",
        )
    if entered:
        show(out, agencies)
    absent = [
        found.agencies[u.agency.code].name
        for u in report.agencies
        if not u.kampung and u.agency.code != OTHER_AGENCY
    ]
    if absent:
        show(out, text("activity.not_entered", count=len(absent), names=", ".join(absent)))
    _gap(out)

    functions = _table(
        out,
        text("activity.title_fungsi"),
        [
            (text("col.fungsi"), TEXT),
            (text("col.kampung_reached"), NUMBER),
            (text("col.share"), NUMBER),
        ],
    )
    for code, entry in found.fungsi.items():
        reached = report.fungsi.get(code, 0)
        functions.add_row(
            entry.name_en if _english() else entry.name,
            str(reached),
            percent_sign(_share(reached, total.formed)),
        )
    show(out, functions)
    _gap(out)

    programs = _table(
        out,
        text("activity.title_programs"),
        # The count first: the programmes' official names are long, and wrap or run last.
        [(text("col.kampung_reached"), NUMBER), (text("col.program"), TEXT)],
    )
    for code, name in found.programs.items():
        programs.add_row(str(report.programs.get(code, 0)), f"{code}. {name}")
    show(out, programs)
    _gap(out)

    if report.quiet_count:
        names = ", ".join(f"{name} ({kecamatan})" for _, name, kecamatan in report.quiet)
        more = report.quiet_count - len(report.quiet)
        show(
            out,
            text(
                "activity.quiet",
                count=grouped(report.quiet_count),
                names=_cell(names)
                + (text("activity.and_more", count=grouped(more)) if more else ""),
                since=report.since.isoformat(),
                since_long=long_date(report.since),
            ),
        )
    if report.dashat_unknown_count:
        first_code, first_name = report.dashat_unknown[0]
        names = ", ".join(name for _, name in report.dashat_unknown)
        more = report.dashat_unknown_count - len(report.dashat_unknown)
        # A kota's names are its own; across kabupaten/kota a name may be several villages'.
        local = report.scope.level not in (None, Level.PROVINSI)
        show(
            out,
            text(
                "activity.dashat_unknown",
                count=grouped(report.dashat_unknown_count),
                names=_cell(names)
                + (text("activity.and_more", count=grouped(more)) if more else ""),
                example=_cell(first_name) if local else first_code,
            ),
        )
    _gap(out)


def activity_rows(rows: Iterable[ActivityRow]) -> Iterator[dict[str, Any]]:
    return (csv_row(row) for row in rows)


# The lintas-sektor tables of `kkb export`: each agency, and each area's Kampung KB by how many
# agencies reached them.
AGENCY_COLUMNS = ("agency_code", "agency", "kampung", "activities", "last_activity")
BUCKET_COLUMNS = (
    "code", "name", "formed", "agencies_none", "agencies_1", "agencies_2_4", "agencies_5_more",
)  # fmt: skip


def agency_rows(report: ActivityReport) -> list[dict[str, Any]]:
    found = _catalogue()
    return [
        {
            "agency_code": use.agency.code,
            "agency": agency_name(use.agency, found),
            "kampung": use.kampung,
            "activities": use.activities,
            "last_activity": use.last.isoformat() if use.last else None,
        }
        for use in report.agencies
    ]


def bucket_rows(report: ActivityReport) -> list[dict[str, Any]]:
    rows = [(report.scope.code, report.scope.name, report.total)]
    rows += [(area.code, area.name, tally) for area, tally in report.areas]
    return [
        {
            "code": code,
            "name": name,
            "formed": tally.formed,
            **{
                column: tally.buckets[b]
                for column, b in zip(BUCKET_COLUMNS[3:], BUCKETS, strict=True)
            },
        }
        for code, name, tally in rows
    ]
