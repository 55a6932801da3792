"""Every word kkb shows a person, in English or Bahasa Indonesia, through gettext.

The catalogues are ``locale/{en,id}/LC_MESSAGES/kkb.po`` (compiled to ``.mo`` beside them with
``pybabel compile -d src/kkb_cli/locale -D kkb``). Their msgids are message keys (``help.add``,
``error.db_locked``), used in the code; each language's file holds its wording, with
``{name}`` blanks, plural forms and the conventions of the language: month names, the long
date, the decimal and group marks. Click's own texts ("Usage:", "Options:", its errors) are
translated in the Indonesian catalogue under their English msgids: Click passes them through
``gettext``, and kkb makes its catalogue the text domain of the process.

Machine-readable names (JSON keys, CSV headers, status values) are not here: they never
change with the language.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "id")
LANGUAGE = "en"
DOMAIN = "kkb"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    """The language's compiled catalogue, read from the package's folder, else as package
    data (a zipped package); English stands behind Indonesian for any key the Indonesian one
    lacks (a test keeps both complete)."""
    found: gettext.NullTranslations
    try:
        # A folder of files, as pip installs it. Read through gettext's own cache, which
        # Click's texts are read from too: the file is parsed once.
        found = gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[language])
    except OSError:
        from importlib import resources

        packaged = resources.files("kkb_cli").joinpath("locale", language, "LC_MESSAGES")
        found = gettext.GNUTranslations(io.BytesIO(packaged.joinpath("kkb.mo").read_bytes()))
    if language != "en":
        found.add_fallback(_catalogue("en"))
    return found


def set_language(code: str) -> None:
    """Speak ``code`` (en or id) from now on, Click's texts included."""
    global LANGUAGE
    if code not in LANGUAGES:
        raise ValueError(code)
    LANGUAGE = code
    # Click calls the module-level gettext(), which reads the process's text domain and the
    # LANGUAGE variable: point both at kkb's catalogue and language (when the package is a
    # folder of files, as pip installs it; from a zip, Click's few words stay English).
    if LOCALE_DIR.is_dir():
        gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        gettext.textdomain(DOMAIN)
        os.environ["LANGUAGE"] = code


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Write kkb's own words in ``code`` for a while (a workbook in another language than the
    messages around it); Click's texts and the language after it are left as they were."""
    global LANGUAGE
    if code not in LANGUAGES:
        raise ValueError(code)
    before, LANGUAGE = LANGUAGE, code
    try:
        yield
    finally:
        LANGUAGE = before


def choose_language(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: $KKB_LANG, else the locale (id_ID… means
    Indonesian), else English. An unknown value means English. (``--lang`` overrides it.)"""
    if environ.get("KKB_LANG"):
        return _language(environ["KKB_LANG"])
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "id" if environ[name].lower().startswith(("id", "in_")) else "en"
    return "en"


def _language(code: str) -> str:
    code = code.strip().lower()[:2]
    return code if code in LANGUAGES else "en"  # --lang itself reports a bad value


def text(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled in with ``params``."""
    wording = _catalogue(LANGUAGE).gettext(key)
    return wording.format(**params) if params else wording


def plural(key: str, plural_key: str, count: int, **params: Any) -> str:
    """The message for ``count`` things, in the language's plural form (``key`` is the
    singular's key, ``plural_key`` the plural's)."""
    wording = _catalogue(LANGUAGE).ngettext(key, plural_key, count)
    return wording.format(count=grouped(count), **params)


def is_message(key: str) -> bool:
    """Whether ``key`` is in the catalogue (a help text given by its key)."""
    return _catalogue("en").gettext(key) != key


def long_date(day: date) -> str:
    """A date as people write it: 17 July 2023, or 17 Juli 2023."""
    month = text(f"month.{day.month}")
    return text("date.long", day=day.day, month=month, year=day.year)


def grouped(count: int) -> str:
    """A whole number with its thousands grouped: 75,466, or 75.466 in Indonesian."""
    return f"{count:,}".replace(",", text("number.group_mark"))


def percent(value: float | None) -> str:
    """A percentage to one decimal, without the sign: 70.4, or 70,4 in Indonesian; a dash
    for a share of nothing."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", text("number.decimal_mark"))


def percent_sign(value: float | None) -> str:
    """A percentage with its sign (70.4%), or a dash for a share of nothing."""
    return "–" if value is None else percent(value) + "%"
