"""Dates as analysts write them, and as the house style prints them.

A date may be as precise as it is known: a day (`2022-03-25`, `25 March 2022`,
`March 25, 2022`), a month (`2022-03`, `March 2022`) or a year (`2022`). Month names
are read in English and in the memo's language. A date written with numbers only in
another order (`25/03/2022`, `03/04/2022`) is refused: readers in different countries
read it differently, and the ISO form says it once for all.

Dates are printed through a template's `date_format`, a date picture as Word writes
them (`d MMMM yyyy`), with month and weekday names in the memo's language (Babel's
CLDR data). A date known only to the month or year drops the day (or the day and
month) from the picture.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import os
import re
from dataclasses import dataclass
from typing import Any

from .errors import BriefError

DEFAULT_FORMAT = "d MMMM yyyy"
# Word's date-picture tokens and the CLDR pattern letters Babel takes for them.
_TOKENS = {"d": "d", "dd": "dd", "ddd": "EEE", "dddd": "EEEE", "M": "M", "MM": "MM",
           "MMM": "MMM", "MMMM": "MMMM", "yy": "yy", "yyyy": "y"}
_DAY_TOKENS = ("d", "dd", "ddd", "dddd")
_YEAR_TOKENS = ("yy", "yyyy")
_PICTURE = re.compile(r"'[^']*'|([dMy])\1*|[A-Za-z]+|[^A-Za-z']+")
ACCEPTED = "2022-03-25, 25 March 2022, March 25, 2022, 2022-03 or March 2022"


class DateProblem(ValueError):
    """A value that is no date: `message` says why, `fix` how to write it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """`2022-03-25`, `2022-03` or `2022`."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso

    def first_day(self) -> datetime.date:
        """The first day the date may be: 1 March 2022 for `2022-03`."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The last day the date may be: 31 March 2022 for `2022-03`."""
        month = self.month or 12
        return datetime.date(self.year, month,
                             self.day or calendar.monthrange(self.year, month)[1])

    @classmethod
    def parse(cls, text: str, language: str = "en") -> PartialDate:
        """Read a date as an analyst writes it; raise `DateProblem` if it is none."""
        return parse_date(text, language)


def _checked(year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    if not 1 <= year <= 9999:
        raise DateProblem(f"{year} is not a year brief can print", f"write a year such as "
                          f"{datetime.date.today().year}")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem(f"there is no month {month}", f"write it as {ACCEPTED}")
    if day is not None and month is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month]
            raise DateProblem(f"{year:04d}-{month:02d}-{day:02d} is not a date: {name} {year} "
                              f"has {days} days", "check the day and the month")
    return PartialDate(year, month, day)


_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)


def parse_date(text: str, language: str = "en") -> PartialDate:
    """Read `text` as a date (see the module doc); raise `DateProblem` if it is none."""
    value = " ".join(str(text).split())
    iso = _ISO.fullmatch(value)
    if iso:
        return _checked(*(int(p) if p else None for p in iso.groups()))  # type: ignore[arg-type]
    numeric = _NUMERIC.fullmatch(value)
    if numeric:
        raise _ambiguous(value, int(numeric[1]), int(numeric[2]), int(numeric[3]),
                         len(numeric[3]))
    words = _ORDINAL.sub("", value).replace(",", " ").replace(".", " ").split()
    months = _month_names(language)
    found = [(i, months[w.casefold()]) for i, w in enumerate(words) if w.casefold() in months]
    numbers = [(i, w) for i, w in enumerate(words) if w.isdigit()]
    if len(found) == 1 and len(found) + len(numbers) == len(words):
        month = found[0][1]
        years = [int(w) for _, w in numbers if len(w) == 4]
        days = [int(w) for _, w in numbers if len(w) <= 2]
        if len(years) == 1 and len(days) == len(numbers) - 1 <= 1:
            return _checked(years[0], month, days[0] if days else None)
    raise DateProblem(f"cannot read {value!r} as a date", f"write it as {ACCEPTED}")


def _ambiguous(value: str, first: int, second: int, year: int, year_digits: int
               ) -> DateProblem:
    """The problem with a date written in numbers only, with the ISO form as the fix."""
    if year_digits == 2:
        return DateProblem(f"{value!r} is ambiguous: the century, the day and the month "
                           "could each be read two ways",
                           "write it year-month-day, such as 2022-03-25")
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(_checked(year, month, day))
        except DateProblem:
            continue
    readings = list(dict.fromkeys(readings))
    if len(readings) == 1:
        return DateProblem(f"{value!r} is ambiguous: readers in different countries read "
                           "day and month in different orders",
                           f"write it as {readings[0].iso} (year-month-day)")
    if readings:
        shown = " or ".join(format_date(r) for r in readings)
        fixes = " or ".join(r.iso for r in readings)
        return DateProblem(f"{value!r} is ambiguous: it could be {shown}",
                           f"write it as {fixes} (year-month-day)")
    return DateProblem(f"{value!r} is not a date", f"write it as {ACCEPTED}")


@functools.cache
def _month_names(language: str) -> dict[str, int]:
    """Month names, wide and abbreviated, in English and in `language`, folded to lower
    case and without dots: {"march": 3, "mar": 3, "mars": 3, ...}."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in dict.fromkeys(["en", _locale_name(language)]):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    names.setdefault(name.casefold().replace(".", ""), number)
    names.setdefault("sept", 9)
    return names


@functools.cache
def _locale_name(language: str) -> str:
    """The Babel locale of a BCP 47 tag (`en-GB` gives `en_GB`); English if Babel does
    not know the language."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language, sep="-"))
    except (ValueError, TypeError, UnknownLocaleError):
        return "en"


def language_known(language: str) -> bool:
    """Whether brief can write dates in `language` (else it writes them in English)."""
    return _locale_name(language) != "en" or language.split("-")[0].lower() == "en"


def picture_problem(picture: Any) -> str | None:
    """What is wrong with a `date_format` picture, or None if it is a good one."""
    if not isinstance(picture, str) or not picture.strip():
        return "a date picture such as 'd MMMM yyyy'"
    for match in _PICTURE.finditer(picture):
        token = match[0]
        if token[0].isalpha() and token not in _TOKENS:
            return (f"a date picture of d, dd, ddd, dddd, M, MM, MMM, MMMM, yy and yyyy "
                    f"(text in 'single quotes'); '{token}' is none of them")
    if not any(m[0] in _YEAR_TOKENS for m in _PICTURE.finditer(picture)):
        return "a date picture with the year in it (yyyy)"
    return None


def _cldr_pattern(picture: str, precision: str) -> str:
    """The Babel pattern for `picture`, without the fields a partial date lacks: a field
    dropped takes the separator after it (or else the one before), so `d MMMM yyyy` is
    `LLLL y` for a month (the month's name as it stands alone) and `y` for a year."""
    tokens = [m[0] for m in _PICTURE.finditer(picture)]
    dropped = {"day": (), "month": _DAY_TOKENS,
               "year": (*_DAY_TOKENS, "M", "MM", "MMM", "MMMM")}[precision]
    kept: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token not in dropped:
            kept.append(token)
        elif index < len(tokens) and _is_separator(tokens[index]):
            index += 1
        elif kept and _is_separator(kept[-1]):
            kept.pop()
    out = []
    for token in kept:
        letters = _TOKENS.get(token, token)
        if precision != "day" and letters in ("MMMM", "MMM"):
            letters = "L" * len(letters)  # the stand-alone form: "март 2022", not "марта"
        out.append(letters)
    return "".join(out)


def _is_separator(token: str) -> bool:
    return not token[0].isalpha() and not token.startswith("'")


def format_date(date: PartialDate, picture: str = DEFAULT_FORMAT, language: str = "en") -> str:
    """`date` as `picture` writes it, in `language`."""
    from babel.dates import format_date as babel_format

    precision = "day" if date.day is not None else "month" if date.month else "year"
    pattern = _cldr_pattern(picture, precision)
    day = datetime.date(date.year, date.month or 1, date.day or 1)
    return str(babel_format(day, pattern, locale=_locale_name(language)))


def display_date(text: str | None, picture: str = DEFAULT_FORMAT,
                 language: str = "en") -> str | None:
    """A date from a spec or a file, as `picture` writes it; text that is no date (a
    file's own odd metadata) is shown as it is."""
    if not text:
        return text
    try:
        return format_date(parse_date(text, language), picture, language)
    except DateProblem:
        return text


# Zip files cannot hold a time before 1980; a memo with no date is stamped with this.
UNDATED = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def stamp(date: PartialDate | None) -> datetime.datetime:
    """The moment written into an output's metadata (Word's created and modified, the
    email's Date, the zip entries' times), so that the same inputs give the same bytes:
    `SOURCE_DATE_EPOCH` when it is set (the reproducible-builds convention), else the
    memo's date at midnight UTC, else 1 January 1980."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    if date is None:
        return UNDATED
    first = date.first_day()
    return datetime.datetime(first.year, first.month, first.day, tzinfo=datetime.UTC)


def source_date_epoch() -> datetime.datetime | None:
    """The moment `SOURCE_DATE_EPOCH` names, if it is set; a `BriefError` if it is not a
    number of seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return max(UNDATED, datetime.datetime.fromtimestamp(int(epoch), datetime.UTC))
    except (ValueError, OverflowError, OSError):
        raise BriefError(f"SOURCE_DATE_EPOCH is '{epoch}', not a number of seconds since "
                         "1970", hint="set it to a whole number, such as the output of "
                         "`git log -1 --format=%ct`, or unset it") from None
