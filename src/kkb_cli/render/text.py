"""Sentences built from results: the confirmation of `kkb add` and the progress verdict."""

from __future__ import annotations

import unicodedata

from kkb_cli.domain.progress import Verdict
from kkb_cli.domain.records import Outcome, Registration
from kkb_cli.domain.regions import Village
from kkb_cli.messages import percent, text


def coverage(formed: int, total: int, noun: str, pct: float) -> str:
    """``20 of 27 kelurahan (74.1%)``."""
    return text("coverage", formed=formed, total=total, noun=noun, pct=percent(pct))


def registration(reg: Registration, village: Village, coverage_text: str) -> str:
    """The one confirmation line of `kkb add`, ending with the new coverage."""
    record = reg.record
    common = {
        "village": village.name,
        "code": village.code,
        "kecamatan": village.kecamatan_name,
        "coverage": coverage_text,
    }
    if reg.outcome in (Outcome.FORMED, Outcome.PLAN_FORMED):
        when = (
            text("when.date", date=record.formed_date.isoformat())
            if record.formed_date
            else text("when.year", year=record.formed_year)
        )
        return text(f"done.{reg.outcome.value}", when=when, planned=record.planned_year, **common)
    old = reg.previous.planned_year if reg.previous else None
    key = f"done.{reg.outcome.value}"
    if reg.outcome is Outcome.PLAN_KEPT and reg.record != reg.previous:
        key = "done.plan_details"  # same year, new name, SK or note
    return text(key, year=record.planned_year, old=old, **common)


def verdict(v: Verdict, noun: str) -> str:
    """One line: coverage and plans, then the target that matters most now."""
    if v.complete:
        return text("verdict.complete", total=v.total, noun=noun)
    parts = [
        text(
            "verdict.coverage",
            formed=v.formed,
            total=v.total,
            noun=noun,
            pct=percent(v.coverage_pct),
        )
    ]
    plans = [
        text("verdict.planned_more" if index else "verdict.planned_first", count=n, year=year)
        for index, (year, n) in enumerate(v.planned_by_year.items())
    ]
    sentence = ", ".join(parts + plans) + "."
    if v.missed is not None:
        # The plans for the missed year itself: the same figure as that year's table row.
        overdue = v.planned_by_year.get(v.missed.year, 0)
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


def terminal_safe(value: str) -> str:
    """Show control characters (escape sequences, newlines, bidi overrides) as ``\\x1b``-style
    escapes, so text stored as typed can never drive the terminal it is shown on."""
    if value.isprintable():
        return value
    return "".join(
        ch
        if ch.isprintable() or unicodedata.category(ch) == "Zs"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in value
    )
