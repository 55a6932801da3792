"""The export workbook as an office reads it: sheet names, headings and values in its language.

A CSV or JSON export is read by programs, so its columns keep their stable names (``status``
holds ``formed``). A workbook is read by people: ``kkb --lang id export xlsx`` names its sheets
and headings in Bahasa Indonesia and writes ``terbentuk``, ``Ya``/``Tidak``/``Belum diketahui``
and ``tidak tercapai`` in the cells. Numbers, dates and percentages stay real numbers and dates.

The words are the message catalogue's (``sheet.*``, ``heading.*`` and the status and answer
words the terminal shows); the rows are the same as in every other format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import ALL_ATTRIBUTES, LABELS, Attribute
from kkb_cli.domain.targets import subject_label
from kkb_cli.messages import text
from kkb_cli.render.fields import spreadsheet_columns

if TYPE_CHECKING:
    from kkb_cli.render.xlsxout import Sheet

_ATTRIBUTE_KEYS = frozenset(attribute.value for attribute in ALL_ATTRIBUTES)


@dataclass(frozen=True)
class Part:
    """One exported table: its name (``kampung``, ``progress``…), columns and rows."""

    name: str
    columns: Sequence[str]
    rows: Iterable[dict[str, Any]]


def workbook_sheets(parts: Sequence[Part], *, noun: str, area_word: str) -> list[Sheet]:
    """A sheet per table, in the current language (``messages.speaking`` chooses it; the rows
    are read while the workbook is written, so keep speaking until it is).

    ``noun`` is what the scope's villages are called (kelurahan, desa…), ``area_word`` what
    its areas are (kecamatan, kabupaten/kota…), for the headings that name them.
    """
    from kkb_cli.render.xlsxout import Sheet

    sheets = []
    for part in parts:
        columns, rows = spreadsheet_columns(part.columns, _labelled(part, _labeller(part.name)))
        named = tuple(
            type(c)(c.key, _heading(part.name, c.key, noun, area_word), c.kind) for c in columns
        )
        sheets.append(Sheet(text(f"sheet.{part.name}"), named, rows))
    return sheets


def _heading(table: str, column: str, noun: str, area_word: str) -> str:
    if table == "areas" and column in ("code", "name"):  # the areas are kecamatan, kota…
        key = "heading.area_code" if column == "code" else "heading.area"
        return text(key, area=area_word.capitalize())
    if column in _ATTRIBUTE_KEYS:
        return LABELS[Attribute(column)]
    if table == "activities" and column == "date":  # the day of the activity, not a formation
        return text("heading.activity_date")
    return text(f"heading.{column}", noun=noun.capitalize())


_Labeller = Callable[[dict[str, Any]], dict[str, Any]]


def _labeller(table: str) -> _Labeller | None:
    """How a table's coded values become words, or None when it has none."""
    if table == "kampung":
        answers = {"yes": text("answer_label.yes"), "no": text("answer_label.no")}
        unknown = text("answer_label.unknown")

        def kampung(row: dict[str, Any]) -> dict[str, Any]:
            recorded = row["status"] != "none"  # a village without a record has no answers
            for key in _ATTRIBUTE_KEYS:
                value = row[key]
                row[key] = answers[value] if value else unknown if recorded else None
            row["status"] = _status(row["status"])
            return row

        return kampung
    if table == "progress":
        return _relabel(status=_status)
    if table == "attributes":
        return _relabel(attribute=lambda value: LABELS[Attribute(value)])
    if table == "targets":
        return _relabel(status=_status, subject=subject_label)
    return None


def _relabel(**columns: Callable[[str], str]) -> _Labeller:
    def relabel(row: dict[str, Any]) -> dict[str, Any]:
        for key, word in columns.items():
            if row[key] is not None:
                row[key] = word(row[key])
        return row

    return relabel


def _status(value: str) -> str:
    return text(f"status.{value}")


def _labelled(part: Part, labeller: _Labeller | None) -> Iterator[dict[str, Any]]:
    rows = iter(part.rows)
    return rows if labeller is None else map(labeller, rows)
