"""The head of office's report as one self-contained HTML page (Jinja2, autoescaped): inline CSS
and SVG, no script, no reference to anything outside the file (its Content-Security-Policy
forbids every request), printable on A4 with the scope and date at the top of every page.

Every number comes from the application's ``ReportPage`` (the ``ProgressReport`` that
``kkb progress`` prints); the template only lays them out. Every word comes from the message
catalogue, passed to the template as ``words``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kkb_cli.application.report_page import ReportPage
from kkb_cli.domain.attributes import LABELS
from kkb_cli.domain.targets import TargetStatus
from kkb_cli.messages import grouped, long_date, percent_sign, text
from kkb_cli.render.charts import map_noun

# What the page allows itself: its own inline styles and images written into it. Nothing is
# fetched, no script runs, no form is sent.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def default_name(today: date, suffix: str = ".html") -> str:
    """``laporan-kampung-kb-2026-12-02.html`` (or ``report-kampung-kb-…`` in English)."""
    return text("report.file_name", date=today.isoformat()) + suffix


def render_html(page: ReportPage, made: date) -> str:
    """The report as HTML text."""
    import jinja2
    import markupsafe

    from kkb_cli import messages
    from kkb_cli.render import charts
    from kkb_cli.render.text import verdict

    report = page.report
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("kkb_cli", "render/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = _css_string
    environment.filters["n"] = grouped
    environment.filters["pct"] = percent_sign

    figures: dict[str, str] = {}
    for name in charts.CHARTS:
        figure = charts.chart(name, report, page.map, None)
        if figure is not None:
            figures[name] = markupsafe.Markup(charts.svg_text(figure, name))

    this_year = next((row for row in report.years if row.year == report.as_of.year), None)
    context: dict[str, Any] = {
        "language": messages.LANGUAGE,
        "policy": CONTENT_SECURITY_POLICY,
        "words": _words(page),
        "report": report,
        "scope": report.scope.name,
        "as_of": long_date(report.as_of),
        "made": long_date(made),
        "verdict": verdict(report),
        "this_year": this_year,
        "figures": figures,
        "years": report.years,
        "areas": report.areas,
        "attributes": [
            {
                "name": LABELS[row.attribute],
                "row": row,
            }
            for row in report.attributes
        ],
        "targets": _targets(page),
        "activities": _activities(page),
        "map": page.map,
        "left": page.left,
        # A provinsi or Indonesia: what is left, area by area (a list of thousands of names
        # would tell the province nothing), those with most to do first.
        "left_areas": sorted(
            (area for area in report.areas if area.villages - area.formed),
            key=lambda area: (-(area.villages - area.formed), area.code),
        )
        if page.map.of_areas
        else [],
        "left_more": page.left_count - len(page.left),
        "left_count": page.left_count,
        "target_words": {s.value: text(f"status.{s.value}") for s in TargetStatus},
    }
    return environment.get_template("page.html.j2").render(context)


def _targets(page: ReportPage) -> list[dict[str, Any]]:
    from kkb_cli.domain.regions import written_with_level
    from kkb_cli.render.text import target_summary

    report = page.report
    return [
        {
            "what": target_summary(check.target, written_with_level(check.region)),
            "subject": check.target.subject,
            "scope": check.region == report.scope,
            "wanted": check.wanted,
            "achieved": check.achieved,
            "needed": check.needed,
            "status": check.status.value,
            "status_word": text(f"status.{check.status.value}"),
        }
        for check in report.targets
    ]


def _activities(page: ReportPage) -> dict[str, Any] | None:
    """The activities section, as ``kkb progress --json`` has it, with names in the
    language."""
    found = page.report.activities
    if found is None:
        return None
    from kkb_cli import messages
    from kkb_cli.application.activity_report import catalogue
    from kkb_cli.render.activities import activity_report_dict

    section = activity_report_dict(found)
    english = messages.LANGUAGE == "en"
    names = catalogue().fungsi
    for row in section["fungsi"]:
        entry = names[row["code"]]
        row["name"] = entry.name_en if english else entry.name
    section["entered"] = [a for a in section["agencies"] if a["kampung"]]
    for agency in section["entered"]:
        last = agency["last"]
        agency["last"] = long_date(date.fromisoformat(last)) if last else None
    section["absent"] = [a["name"] for a in section["agencies"] if not a["kampung"]]
    most = max((a["kampung"] for a in section["entered"]), default=0)
    for agency in section["entered"]:
        agency["bar"] = round(100 * agency["kampung"] / most) if most else 0
    section["period"] = text(
        "activity.period", since=long_date(found.since), until=long_date(found.until)
    )
    return section


def _words(page: ReportPage) -> dict[str, str]:
    """Every word of the page, in the language."""
    report = page.report
    level = text(f"level.{report.area_level.value}") if report.area_level else report.village_noun
    noun = report.village_noun
    return {
        "title": text("report.title", scope=report.scope.name),
        "subtitle": text("report.subtitle", date=long_date(report.as_of)),
        "header": text("report.header", scope=report.scope.name, date=long_date(report.as_of)),
        "page": text("report.page"),
        "coverage": text("report.coverage"),
        "coverage_detail": text(
            "report.coverage_detail",
            formed=grouped(report.formed),
            total=grouped(report.total_villages),
            noun=noun,
        ),
        "this_year": text("report.this_year", year=report.as_of.year),
        "no_target": text("report.no_target"),
        "planned": text("report.planned"),
        "planned_detail": text("report.planned_detail", noun=noun),
        "verdict": text("report.verdict"),
        "progress": text("report.section_progress"),
        "areas": text("report.section_areas", level=level),
        "attributes": text("report.section_attributes"),
        "activities": text("report.section_activities"),
        "map": text("report.section_map"),
        "left": _first_upper(text("report.section_left", noun=noun)),
        "targets": text("report.section_targets"),
        "no_map": text("report.no_map", noun=map_noun(page.map, report)),
        "no_attributes": text("progress.no_attributes"),
        "attribute_targets": text("report.attribute_targets"),
        "col_year": text("col.year"),
        "col_target": text("col.target"),
        "col_formed": text("col.formed"),
        "col_cumulative": text("col.cumulative"),
        "col_coverage": text("col.coverage"),
        "col_planned": text("col.planned"),
        "col_status": text("col.target_status"),
        "col_area": level[:1].upper() + level[1:],
        "col_villages": text("col.villages", noun=noun[:1].upper() + noun[1:]),
        "col_none": text("col.none"),
        "col_attribute": text("col.attribute"),
        "col_yes": text("col.yes"),
        "col_no": text("col.no"),
        "col_unknown": text("col.unknown"),
        "col_code": text("col.code"),
        "col_village": noun[:1].upper() + noun[1:],
        "col_kecamatan": text("col.kecamatan"),
        "col_planned_year": text("report.col_planned_year"),
        "col_wanted": text("col.wanted"),
        "col_achieved": text("col.achieved"),
        "col_needed": text("col.needed"),
        "col_agency": text("col.agency"),
        "col_reached": text("col.kampung_reached"),
        "col_activities": text("col.activities"),
        "col_last": text("col.last_activity"),
        "col_fungsi": text("col.fungsi"),
        "col_share": text("col.share"),
        "col_program": text("col.program"),
        "bucket_title": text("report.buckets", level=level),
        "bucket_none": text("activity.bucket_none"),
        "bucket_1": text("activity.bucket_1"),
        "bucket_2_4": text("activity.bucket_2_4"),
        "bucket_5_more": text("activity.bucket_5_more"),
        "total": text("activity.total"),
        "agencies_title": text("activity.title_agencies"),
        "not_entered": text("report.not_entered"),
        "fungsi_title": text("activity.title_fungsi"),
        "programs_title": text("activity.title_programs"),
        "quiet_title": text("report.quiet", noun=noun),
        "left_by_area": text("report.left_by_area", level=level),
        "no_activities": text("report.no_activities"),
        "dashat_unknown": text("report.dashat_unknown"),
        "left_none": text("report.left_none", noun=noun),
        "left_more": text(
            "report.left_more",
            count=grouped(page.left_count - len(page.left)),
            scope=str(report.scope.region_code),
        ),
        "no_targets": text("report.no_targets"),
        "made": text("report.made"),
        "sources": text("report.sources"),
    }


def _first_upper(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _css_string(value: str) -> Any:
    """``value`` as a CSS string literal (for the page header): every character that is not
    a letter, digit or space written as an escape, so no text can end the string or the
    style sheet."""
    import markupsafe

    # An escape ends with one space, which CSS reads as part of it: a space after it stays.
    escaped = "".join(
        ch if (ch.isalnum() and ch.isascii()) or ch == " " else f"\\{ord(ch):x} " for ch in value
    )
    return markupsafe.Markup(f'"{escaped}"')
