"""Sentences built from results: confirmations, the progress verdict, what a change did."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import LABELS, Attribute
from kkb_cli.domain.progress import ProgressReport, coverage_pct
from kkb_cli.domain.regions import Village, level_name
from kkb_cli.domain.targets import AGENCIES, FORMED, Target
from kkb_cli.messages import grouped, long_date, percent, percent_sign, text

if TYPE_CHECKING:
    from kkb_cli.application.base import Coverage
    from kkb_cli.domain.records import Change, KampungRecord, Registration


def coverage(formed: int, total: int, noun: str) -> str:
    """``20 of 27 kelurahan (74.1%)``."""
    pct = percent_sign(coverage_pct(formed, total))
    return text("coverage", formed=grouped(formed), total=grouped(total), noun=noun, pct=pct)


def coverage_of(counted: Coverage | None) -> str:
    """A region's coverage, counted by the application: ``20 of 27 kelurahan (74.1%)``."""
    if counted is None:
        return ""
    return coverage(counted.formed, counted.total, counted.noun)


def summary_of(record: KampungRecord | None) -> str:
    """A record in a few words (see ``record_summary``); a dash for no record."""
    from kkb_cli.domain.records import record_values

    values = record_values(record)
    return record_summary(values) if values is not None else "–"


def change_of(change: Change) -> str:
    """What a change did to a record, in one line (see ``change_summary``)."""
    from kkb_cli.domain.records import record_values

    return change_summary(record_values(change.before), record_values(change.after))


def registration(reg: Registration, village: Village, coverage_text: str) -> str:
    """The one confirmation line of `kkb add`, ending with the new coverage."""
    from kkb_cli.domain.records import Outcome

    record = reg.record
    common = {
        "village": village.name,
        "code": village.code,
        "kecamatan": village.kecamatan_name,
        "coverage": coverage_text,
    }
    if reg.outcome in (Outcome.FORMED, Outcome.PLAN_FORMED):
        when = (
            text("when.date", date=long_date(record.formed_date))
            if record.formed_date
            else text("when.year", year=record.formed_year)
        )
        return text(f"done.{reg.outcome.value}", when=when, planned=record.planned_year, **common)
    old = reg.previous.planned_year if reg.previous else None
    return text(f"done.{reg.outcome.value}", year=record.planned_year, old=old, **common)


def verdict(report: ProgressReport) -> str:
    """One line: coverage and plans, then the target that matters most now."""
    noun = report.village_noun
    if report.complete:
        return text("verdict.complete", total=report.total_villages, noun=noun)
    planned_by_year = report.planned_by_year
    parts = [
        text(
            "verdict.coverage",
            formed=grouped(report.formed),
            total=grouped(report.total_villages),
            noun=noun,
            pct=percent_sign(report.coverage_pct),
        )
    ]
    parts += [
        text(
            "verdict.planned_more" if index else "verdict.planned_first",
            count=grouped(n),
            year=year,
        )
        for index, (year, n) in enumerate(planned_by_year.items())
    ]
    sentence = ", ".join(parts) + "."
    v = report.verdict
    if v.missed is not None:
        # The plans for the missed year itself: the same figure as that year's table row.
        overdue = planned_by_year.get(v.missed.year, 0)
        sentence += " " + text(
            "verdict.missed_overdue" if overdue else "verdict.missed",
            year=v.missed.year,
            target=v.missed.target,
            formed=v.missed.formed,
            overdue=overdue,
        )
    if v.current is not None:
        sentence += " " + text(
            "verdict.current", year=v.current.year, formed=v.current.formed, target=v.current.target
        )
    elif v.upcoming is not None:
        sentence += " " + text("verdict.upcoming", year=v.upcoming.year, target=v.upcoming.target)
    return sentence


_SHOWN_TEXT = 60  # a long name or note is cut in a sentence; --json has it whole


_SAYS_SK = re.compile(r"\s*(?:no(?:mor)?\.?\s*)?sk\b", re.IGNORECASE)


def record_summary(values: Mapping[str, Any]) -> str:
    """``formed 2023-08-17, name Kampung KB Sejahtera`` from a record's stored values."""
    if values["status"] == "formed":
        day = values["formed_date"]
        when = long_date(date.fromisoformat(day)) if day else values["formed_year"]
        summary = text("history.formed", when=when)
    else:
        summary = text("history.planned", year=values["planned_year"])
    for field in ("name", "sk_number"):  # the note is often long; --json shows it
        value = values.get(field)
        if value:
            label = text(f"field.{field}")
            # "SK Wali Kota 400/123" says what it is already: not "SK number SK Wali Kota…"
            said = field == "sk_number" and _SAYS_SK.match(str(value)) is not None
            summary += f", {_short(value)}" if said else f", {label} {_short(value)}"
    return summary


def change_summary(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> str:
    """What a change did, in one line: added …, removed …, or each field old → new."""
    from kkb_cli.domain.records import ATTRIBUTES

    if before is None:
        return text("history.added", values=record_summary(after or {}))
    if after is None:
        return text("history.removed", values=record_summary(before))
    parts = [
        text(
            "history.field",
            field=text(f"field.{field}"),
            old=_value(field, before.get(field)),
            new=_value(field, after[field]),
        )
        for field in after
        if field != ATTRIBUTES and before.get(field) != after[field]
    ]
    old, new = before.get(ATTRIBUTES) or {}, after.get(ATTRIBUTES) or {}
    parts += [
        text(
            "history.field",
            field=LABELS[attribute],
            old=_attribute(old.get(attribute)),
            new=_attribute(new.get(attribute)),
        )
        for attribute in Attribute
        if old.get(attribute) != new.get(attribute)
    ]
    return ", ".join(parts)


def history_summary(row: Any) -> str:
    """What one history entry did, in one line (a change to a record, or an event of the
    file such as the upgrade that chained the history)."""
    if row.kind == "file":
        event = (row.after or {}).get("event", "")
        return text(f"history.file_{event}", **(row.after or {}))
    if row.kind == "activity":
        from kkb_cli.render.activities import activity_history

        return activity_history(row.before, row.after)
    return change_summary(row.before, row.after)


def _value(field: str, value: Any) -> str:
    """A stored value as a sentence shows it (a status in the user's language)."""
    if field == "status" and value is not None:
        return text(f"status.{value}")
    return _short(value)


def _attribute(value: Mapping[str, Any] | None) -> str:
    """``yes (2024-03-01)``, ``no``, or ``?`` for unknown."""
    if value is None:
        return "?"
    answer = text(f"answer.{value['answer']}")
    return f"{answer} ({value['since']})" if value.get("since") else answer


def _percent(value: float) -> str:
    """``100%``, ``12.5%`` (``12,5%`` in Indonesian): no decimal when there is none."""
    shown = percent(value)
    return (shown[:-2] if shown.endswith((".0", ",0")) else shown) + "%"


def target_summary(target: Target, region: str) -> str:
    """``Dashat in 100% of formed Kampung KB in Kota Pekalongan by 2025``."""
    if target.subject == FORMED:
        return text("target.formed", count=target.count, region=region, year=target.year)
    amount = _percent(target.percent) if target.percent is not None else str(target.count)
    if target.subject == AGENCIES:
        return text(
            "target.agencies",
            amount=amount,
            agencies=target.agencies,
            region=region,
            year=target.year,
        )
    return text(
        "target.attribute",
        attribute=LABELS[Attribute(target.subject)],
        amount=amount,
        region=region,
        year=target.year,
    )


def _short(value: Any) -> str:
    if value is None:
        return "–"
    shown = str(value)
    return shown if len(shown) <= _SHOWN_TEXT else shown[: _SHOWN_TEXT - 1] + "…"


def planned_change(line: int, change: Change, village_name: str) -> str:
    """One line of `kkb import csv --dry-run`: what the row on ``line`` would do."""
    from kkb_cli.domain.records import record_values

    return text(
        "import.line_add" if change.before is None else "import.line_update",
        line=line,
        village=village_name,
        code=change.village_code,
        change=change_summary(record_values(change.before), record_values(change.after)),
    )


def region_change(what: str, code: str, name: str, old: str | None) -> str:
    """One line of `kkb region import --dry-run`: a region it would add, rename or remove."""
    if what == "rename":
        return text("region.line_rename", code=code, old=old, name=name)
    return text(f"region.line_{what}", code=code, name=name, level=level_name(code))
