"""Dates with a precision: a day, a month or only a year.

The rule for partial dates: a date known only to the month or the year takes effect at the **end** of its
period. ``November 2023`` counts from 2023-11-30 and sorts with that day's events; ``2021`` counts from
2021-12-31. A state as of a date therefore never shows a fact before the record says it had certainly happened.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import Any, TypeAlias

import attrs

from .errors import DateError, FieldError, shorten

__all__ = ["MAX_DATE_TEXT", "DateLike", "PartialDate", "Precision", "parse_date", "start_date", "to_date"]


class Precision(enum.IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


def _validate_parts(instance: PartialDate, attribute: attrs.Attribute[Any], value: object) -> None:
    for part, number in (("year", instance.year), ("month", instance.month), ("day", instance.day)):
        if type(number) is not int and not (number is None and part != "year"):
            raise FieldError(
                part, f"{part} must be an int, got {type(number).__name__} {number!r} (parse_date reads text)"
            )
    if instance.day is not None and instance.month is None:
        raise FieldError(attribute.name, "a day needs a month")
    if not 1 <= instance.year <= 9999:
        raise FieldError(attribute.name, f"year {instance.year} is out of range")
    if instance.month is not None and not 1 <= instance.month <= 12:
        raise FieldError(attribute.name, f"month {instance.month} is out of range")
    if instance.day is not None and instance.month is not None:
        last = calendar.monthrange(instance.year, instance.month)[1]
        if not 1 <= instance.day <= last:
            raise FieldError(
                attribute.name, f"day {instance.day} is out of range for {instance.year}-{instance.month:02d}"
            )


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the day, the month or the year.

    Instances order by :attr:`effective` (the end of their period), then by precision (less precise first).

    >>> PartialDate(2023, 11).effective
    datetime.date(2023, 11, 30)
    >>> str(PartialDate(2023, 11, 17))
    '2023-11-17'
    """

    year: int = attrs.field(validator=_validate_parts)
    month: int | None = None
    day: int | None = None
    # Derived once, at construction: replay sorts and compares by them millions of times.
    effective: dt.date = attrs.field(init=False, eq=False, repr=False)
    """The day from which an event with this date counts: the last day of its period."""
    ordinal: int = attrs.field(init=False, eq=False, repr=False)
    """``effective.toordinal()``: the effective day as an integer, for fast comparison."""

    def __attrs_post_init__(self) -> None:
        if self.month is None:
            effective = dt.date(self.year, 12, 31)
        elif self.day is None:
            effective = dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            effective = dt.date(self.year, self.month, self.day)
        object.__setattr__(self, "effective", effective)
        object.__setattr__(self, "ordinal", effective.toordinal())

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def _key(self) -> tuple[int, int]:
        return (self.ordinal, int(self.precision))

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """A day-precise date from a :class:`datetime.date` (a datetime keeps only its date)."""
        return cls(value.year, value.month, value.day)


DateLike: TypeAlias = str | dt.date | PartialDate
"""What every question takes as a date: a ``datetime.date`` (or datetime), a :class:`PartialDate`, or text
(``"2023-11-18"``, ``"18 Nov 2023"``, ``"November 2023"``) read by :func:`parse_date`."""

MAX_DATE_TEXT = 64
"""The longest text read as a date (characters). Longer text is refused before it reaches a parser: reading
worded dates takes time that grows steeply with their length."""

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
# Two defaults that differ in every part: a part that comes out different was not in the string.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2004, 2, 2)


def parse_date(value: DateLike) -> PartialDate:
    """Read a date, keeping the precision it was given with.

    Accepts :class:`datetime.date`, :class:`datetime.datetime` (its date), a :class:`PartialDate`, or a string:
    ISO (``2023-11-17``, ``2023-11``, ``2023``) or words read by python-dateutil (``17 Nov 2023``,
    ``November 2023``).

    Args:
        value: The date to read.

    Returns:
        The date with its precision.

    Raises:
        DateError: The string is empty, unparseable, has no year, or is ambiguous (``01/02/2023`` could be
            January or February; two-digit years are refused too).

    >>> parse_date("November 2023")
    PartialDate(year=2023, month=11, day=None)
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date or a string, got {type(value).__name__}: {shorten(repr(value), 60)}")
    text = value.strip()
    if not text:
        raise DateError("empty date")
    if len(text) > MAX_DATE_TEXT:
        raise DateError(f"date text {shorten(repr(text), 60)} is too long (at most {MAX_DATE_TEXT} characters)")
    try:
        iso = _ISO.match(text)
        if iso:
            year, month, day = (int(g) if g else None for g in iso.groups())
            assert year is not None
            return PartialDate(year, month, day)
        numeric = _NUMERIC.match(text)
        if numeric:
            return _parse_numeric(text, *(int(g) for g in numeric.groups()))
        return _parse_words(text)
    except ValueError as exc:  # PartialDate's own range checks
        if isinstance(exc, DateError):
            raise
        raise DateError(f"cannot read date {text!r}: {getattr(exc, 'message', exc)}") from None


def _parse_numeric(text: str, a: int, b: int, c: int) -> PartialDate:
    if a >= 1000:  # 2023/11/17: year first is never ambiguous
        return PartialDate(a, b, c)
    if c < 1000:
        raise DateError(f"ambiguous date {text!r}: write the year in full, e.g. ISO 2023-11-17")
    if a <= 12 and b <= 12 and a != b:
        raise DateError(f"ambiguous date {text!r}: day and month could be swapped; write ISO 2023-11-17")
    day, month = (a, b) if a > 12 else (b, a)
    return PartialDate(c, month, day)


def _parse_words(text: str) -> PartialDate:
    from dateutil import parser as _dateparser  # only worded dates need it; keeps `import aitimeline` light

    try:
        a = _dateparser.parse(text, default=_DEFAULT_A)
        b = _dateparser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError) as exc:
        raise DateError(f"cannot read date {text!r}: {exc}") from None
    if a.year != b.year:
        raise DateError(f"date {text!r} has no year")
    if a.month != b.month:
        if a.day != b.day:
            return PartialDate(a.year)
        raise DateError(f"date {text!r} has a day but no month")
    if a.day != b.day:
        return PartialDate(a.year, a.month)
    return PartialDate(a.year, a.month, a.day)


def start_date(value: DateLike) -> dt.date:
    """The first day a date stands for: a partial date's first day (for the start of a range).

    Raises:
        DateError: As for :func:`parse_date`.
    """
    return _day(value, end=False)


def to_date(value: DateLike) -> dt.date:
    """The day a query date stands for: a partial date stands for the end of its period.

    Args:
        value: A date, datetime, PartialDate or string, as for :func:`parse_date`.

    Returns:
        The effective day.

    Raises:
        DateError: As for :func:`parse_date`.
    """
    return _day(value, end=True)


def _day(value: DateLike, *, end: bool) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(value)
    return parsed.effective if end else parsed.start
