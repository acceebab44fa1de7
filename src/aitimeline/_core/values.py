"""Reported figures and other plain values that events carry.

Figures keep what was reported: an exact value has ``low == high``; a range keeps both ends; ``qualifier`` says
"about", "at least" or "up to"; ``stated`` keeps the words the source used. Money is :class:`~decimal.Decimal`
and stakes are :class:`~fractions.Fraction`: nothing here is ever a float, though ``float(x)`` gives a point value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from .checks import describe, fit_check, refusal, typed_fields
from .currencies import CURRENCIES
from .dates import PartialDate, parse_date
from .errors import CurrencyError, DateError, FieldError, UnitError, shorten

__all__ = [
    "MAX_NUMBER_TEXT",
    "Alternative",
    "Money",
    "Participation",
    "Payment",
    "ProfitTier",
    "Qualifier",
    "Quantity",
    "RevenueShare",
    "Source",
    "Stake",
    "Terms",
    "Tranche",
    "combined_qualifier",
    "non_negative",
    "read_date",
    "read_decimal",
    "read_fraction",
]

Qualifier: TypeAlias = Literal["about", "at-least", "up-to"]
"""How a figure was hedged by its source; ``None`` where it was stated as exact."""

MAX_NUMBER_TEXT = 100
"""The longest text read as a number or a share (characters); longer text is refused before it is parsed."""


def read_decimal(value: object) -> Decimal:
    """An exact, finite amount from a Decimal, an int or a numeric string (``"1_000"``, ``"5e3"``); a float is
    refused (it is not exact). The one reader of amounts: a figure's converter in code, the converter's hook for a
    file.

    Raises:
        FieldError: (its field empty: the caller names it) The value is a float, of another type, a text too long
            to read, not a number, or not finite.
    """
    if type(value) is Decimal and value.is_finite():  # the common cases first: a Decimal, a text
        return value
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT:
            raise FieldError("", f"a number of {len(value):,} characters is too long (at most {MAX_NUMBER_TEXT})")
        try:
            number = Decimal(value.replace("_", ""))
        except ArithmeticError:
            raise FieldError("", f"not a number: {_shorten(value)}") from None
    elif isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        number = Decimal(value)
    elif isinstance(value, float):
        raise FieldError(
            "", f"got the float {value!r}, which loses precision: pass a string such as '{value}' or a Decimal"
        )
    else:
        raise FieldError(
            "", f"expected a number such as '13000000000' (a string, an int or a Decimal), got {describe(value)}"
        )
    if not number.is_finite():
        raise FieldError("", f"not a finite number: {_shorten(value)}")
    return number


def read_fraction(value: object) -> Fraction:
    """An exact share from a Fraction, an int, a Decimal or a string (``"27%"``, ``"0.325"``, ``"1/3"``); a float
    is refused. The one reader of shares, in code and from a file.

    Raises:
        FieldError: (its field empty: the caller names it) The value is a float, of another type, a text too long
            to read, or not a share.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise FieldError(
            "", f"got the float {value!r}, which is not exact: pass a string such as '{value}' or '27%', or a Fraction"
        )
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise FieldError(
            "",
            "expected a share such as '27%', '0.325' or '1/3' (a string, an int, a Decimal or a Fraction), got "
            + describe(value),
        )
    if isinstance(value, str) and len(value) > MAX_NUMBER_TEXT:
        raise FieldError("", f"a share of {len(value):,} characters is too long (at most {MAX_NUMBER_TEXT})")
    try:
        return parse_fraction(value) if isinstance(value, str) else Fraction(value)
    except (ValueError, ArithmeticError):  # ArithmeticError: 1/0, a Decimal that is not finite
        raise FieldError("", f"not a share: {_shorten(value)} (write '27%', '0.325' or '1/3')") from None


def read_date(value: object) -> PartialDate:
    """A date from a :class:`PartialDate`, a :class:`datetime.date` or a text read by :func:`parse_date`. The one
    reader of a value's dates, in code and from a file.

    Raises:
        FieldError: (its field empty: the caller names it) The text cannot be read as a date, or the value is
            neither a date nor a text.
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str | dt.date):
        try:
            return parse_date(value)
        except DateError as exc:
            raise FieldError("", str(exc)) from None
    check = fit_check(PartialDate)
    assert check is not None
    raise refusal(check(value) or [])


def _shorten(value: object, limit: int = 60) -> str:
    return shorten(repr(value), limit)


def _currency(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in CURRENCIES:  # a str: its type is checked first (typed_fields)
        hint = f" (did you mean {value.upper()!r}?)" if value.upper() in CURRENCIES else ""
        raise FieldError(attribute.name, f"{_shorten(value)} is not an ISO 4217 currency code{hint}")


def non_negative(instance: object, attribute: attrs.Attribute, value: object) -> None:  # type: ignore[type-arg]
    """An attrs validator for a field holding a figure (or None) that cannot be below zero: an amount invested,
    a capacity, a count. Fields that may be negative (a change in share price) simply leave it out.

    >>> import attrs
    >>> @attrs.frozen
    ... class Deal:
    ...     amount: Money = attrs.field(validator=non_negative)
    >>> Deal(Money.of("-5"))
    Traceback (most recent call last):
    ...
    aitimeline._core.errors.FieldError: amount: cannot be negative, got -$5
    """
    low = getattr(value, "low", None)
    if isinstance(low, Decimal | Fraction) and low < 0:
        raise FieldError(attribute.name, f"cannot be negative, got {shorten(_plain_figure(value))}")


def _plain_figure(value: object) -> str:
    """A figure without the source's words: ``USD -5``, not "lost five dollars"."""
    if isinstance(value, Money | Quantity | Stake):
        return str(attrs.evolve(value, stated=None))
    return str(value)


def _field_converter(read: Any, takes: str) -> Any:
    """An attrs converter that reads its value with ``read`` and names the field in the error; ``takes`` is what
    ``__init__``'s signature says the field takes."""

    def convert(value: object, field: attrs.Attribute[Any]) -> Any:
        try:
            return read(value)
        except FieldError as exc:
            raise FieldError(field.name, exc.message) from None

    convert.__annotations__["value"] = takes
    return attrs.Converter(convert, takes_field=True)


def _value(read: Any, value: object) -> Any:
    """``value`` read with ``read`` for a figure's ``of``: its error names the argument ``value``."""
    try:
        return read(value)
    except FieldError as exc:
        raise FieldError("value", exc.message) from None


_DECIMAL = _field_converter(read_decimal, "Decimal | int | str")
_FRACTION = _field_converter(read_fraction, "Fraction | int | str | Decimal")
_DATE = _field_converter(read_date, "DateLike")
_OPTIONAL_DATE = _field_converter(lambda value: None if value is None else read_date(value), "DateLike | None")


def _low_le_high(instance: Money | Quantity | Stake, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.low > instance.high:
        raise FieldError(attribute.name, f"low ({instance.low}) is above high ({instance.high})")


def combined_qualifier(qualifiers: Iterable[Qualifier | None]) -> Qualifier | None:
    """The hedge of a sum: none if no part is hedged; "at least" if every hedged part is "at least" (likewise
    "up to"); "about" otherwise."""
    hedges = set(qualifiers) - {None}
    if not hedges:
        return None
    return hedges.pop() if len(hedges) == 1 and "about" not in hedges else "about"


class _Figure:
    """What every figure can say about itself; subclasses define ``low`` and ``high``."""

    __slots__ = ()
    low: Decimal | Fraction
    high: Decimal | Fraction
    qualifier: Qualifier | None

    @property
    def is_range(self) -> bool:
        """True when the source gave a range (``low < high``)."""
        return self.low != self.high

    @property
    def is_exact(self) -> bool:
        """True for a single value stated without "about", "at least" or "up to"."""
        return self.low == self.high and self.qualifier is None

    def __float__(self) -> float:
        """The point value as a float: the midpoint of a range."""
        return (float(self.low) + float(self.high)) / 2


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Money(_Figure):
    """An amount of money as reported.

    >>> Money.of("1000000000").value
    Decimal('1000000000')
    >>> Money(low=Decimal("13e9"), high=Decimal("14e9"), currency="USD", stated="$13–14 billion").is_range
    True
    """

    low: Decimal = attrs.field(converter=_DECIMAL, validator=_low_le_high)  # type: ignore[misc]
    high: Decimal = attrs.field(converter=_DECIMAL)  # type: ignore[misc]
    currency: str = attrs.field(validator=_currency)
    qualifier: Qualifier | None = None
    stated: str | None = None

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str = "USD", **kwargs: Any) -> Money:
        """An exact amount (``low == high``) from a Decimal, an int or a string; a float is refused.

        Raises:
            FieldError: The value is a float, or not a number.
        """
        amount = _value(read_decimal, value)
        return cls(low=amount, high=amount, currency=currency, **kwargs)

    @property
    def value(self) -> Decimal:
        """The point value: the amount itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def __add__(self, other: Money) -> Money:
        """The sum of two amounts of one currency, as a range that keeps the hedges (see
        :func:`combined_qualifier`); the sources' words are not kept.

        >>> str(Money.of("5") + Money.of("7", qualifier="about"))
        'about $12'

        Raises:
            CurrencyError: The currencies differ (amounts in two currencies do not add).
        """
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyError(f"cannot add {self.currency} and {other.currency}: convert one first")
        # The sum of two valid amounts of one currency is valid (low <= high, a known currency): built without
        # running the validators again, as sums are made on every investment replayed.
        total = object.__new__(Money)
        for name, value in (
            ("low", self.low + other.low),
            ("high", self.high + other.high),
            ("currency", self.currency),
            ("qualifier", combined_qualifier((self.qualifier, other.qualifier))),
            ("stated", None),
        ):
            object.__setattr__(total, name, value)
        return total

    def __str__(self) -> str:
        """The amount as a journalist would write it: ``about $150 billion``, ``$13–14 billion``,
        ``EUR 5 million`` (the source's own words are :attr:`stated`)."""
        sign = "$" if self.currency == "USD" else f"{self.currency} "
        if self.high < 0:  # a loss reported as a negative amount: -$5 billion
            return f"{_hedge(self.qualifier)}-{sign}{_figures(-self.high, -self.low)}"
        return f"{_hedge(self.qualifier)}{sign}{_figures(self.low, self.high)}"

    def __format__(self, spec: str) -> str:
        """``format(money, ",.0f")`` formats the point value (a Decimal); an empty spec is ``str(money)``."""
        return format(self.value, spec) if spec else str(self)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Quantity(_Figure):
    """A non-money figure as reported: gigawatts, people, shares.

    >>> str(Quantity.of(6, unit="GW"))
    '6 GW'
    """

    low: Decimal = attrs.field(converter=_DECIMAL, validator=_low_le_high)  # type: ignore[misc]
    high: Decimal = attrs.field(converter=_DECIMAL)  # type: ignore[misc]
    unit: str | None = None
    qualifier: Qualifier | None = None
    stated: str | None = None

    @classmethod
    def of(cls, value: Decimal | int | str, unit: str | None = None, **kwargs: Any) -> Quantity:
        """An exact quantity (``low == high``) from a Decimal, an int or a string; a float is refused.

        Raises:
            FieldError: The value is a float, or not a number.
        """
        amount = _value(read_decimal, value)
        return cls(low=amount, high=amount, unit=unit, **kwargs)

    @property
    def value(self) -> Decimal:
        """The point value: the figure itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def __add__(self, other: Quantity) -> Quantity:
        """The sum of two quantities of one unit, as a range that keeps the hedges.

        Raises:
            UnitError: The units differ (quantities of two units do not add).
        """
        if not isinstance(other, Quantity):
            return NotImplemented
        if other.unit != self.unit:
            raise UnitError(f"cannot add {self.unit or 'no unit'} and {other.unit or 'no unit'}")
        return Quantity(
            low=self.low + other.low,
            high=self.high + other.high,
            unit=self.unit,
            qualifier=combined_qualifier((self.qualifier, other.qualifier)),
        )

    def __str__(self) -> str:
        """The figure with its hedge and unit: ``at least 10 GW``, ``747 employees``."""
        return f"{_hedge(self.qualifier)}{_figures(self.low, self.high)}{' ' + self.unit if self.unit else ''}"

    def __format__(self, spec: str) -> str:
        """``format(quantity, ".1f")`` formats the point value (a Decimal); an empty spec is ``str(quantity)``."""
        return format(self.value, spec) if spec else str(self)


def _share_low_le_high(instance: Stake, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    """A share's low end is within 0..1 and not above its high end (compared on the integers, as
    :func:`_unit_interval`)."""
    _unit_interval(instance, attribute, value)
    low, high = instance.low, instance.high
    if low.numerator * high.denominator > high.numerator * low.denominator:
        raise FieldError(attribute.name, f"low ({low}) is above high ({high})")


def _unit_interval(instance: object, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    # 0 <= value <= 1, on the integers (a Fraction's denominator is positive): Fraction's own comparisons cost
    # several thousand instructions each, and every stake made runs two of these
    if not 0 <= value.numerator <= value.denominator:
        raise FieldError(attribute.name, f"{attribute.name} must be between 0 and 100 %, got {float(value) * 100:g} %")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Stake(_Figure):
    """A fraction of an entity (or of a revenue stream), exact, with the basis it was reported on.

    ``float(stake)`` is its point value; ``low`` and ``high`` are exact fractions. Values stay exact inside; the
    text of a stake is written at the precision of what it comes from (:attr:`precision`): a stake derived from
    "about 11 %" reads "about 9.4 %", never "9.425 %".

    >>> s = Stake.of("27%", basis="as-converted, fully diluted", qualifier="about")
    >>> float(s), s.low
    (0.27, Fraction(27, 100))
    >>> str(s.scaled(Fraction(730, 852)))
    'about 23 % (as-converted, fully diluted)'
    """

    low: Fraction = attrs.field(converter=_FRACTION, validator=_share_low_le_high)  # type: ignore[misc]
    high: Fraction = attrs.field(converter=_FRACTION, validator=_unit_interval)  # type: ignore[misc]
    basis: str | None = None
    qualifier: Qualifier | None = None
    stated: str | None = None
    digits: int | None = None
    """The significant digits the figure is good to, when it was derived from rounded reports (set by dilution and
    by adding lines); None for a figure as reported (see :attr:`precision`)."""

    @property
    def precision(self) -> int | None:
        """The significant digits this figure is good to: :attr:`digits` when it was derived; for a hedged report
        ("about 27 %"), the digits of its percentage as written (27: two); None for an exact figure."""
        if self.digits is not None:
            return self.digits
        if self.qualifier is None:
            return None
        low = self.low
        return _percent_digits(low.numerator, low.denominator)

    @classmethod
    def of(cls, value: Fraction | int | str, basis: str | None = None, **kwargs: Any) -> Stake:
        """An exact stake; strings may be ``"27%"``, ``"0.325"`` or ``"1/3"``; a float is refused.

        Raises:
            FieldError: The value is a float, or not a share.
        """
        share = _value(read_fraction, value)
        return cls(low=share, high=share, basis=basis, **kwargs)

    @property
    def value(self) -> Fraction:
        """The point value: the fraction itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def scaled(self, factor: Fraction, factor_high: Fraction | None = None) -> Stake:
        """This stake multiplied by a factor (or a factor range) between 0 and 1, as dilution does; exact.

        Raises:
            ValueError: A factor is outside 0..1 or the range is reversed.
        """
        if not isinstance(factor, Fraction | int):
            factor = Fraction(factor)
        hi = factor if factor_high is None else factor_high
        if not isinstance(hi, Fraction | int):
            hi = Fraction(hi)
        # 0 <= factor <= hi <= 1 on the integers (Fraction's own comparisons cost thousands of instructions each)
        if not (
            factor.numerator >= 0
            and factor.numerator * hi.denominator <= hi.numerator * factor.denominator
            and hi.numerator <= hi.denominator
        ):
            raise ValueError(f"scale factors must satisfy 0 <= low <= high <= 1, got {factor}, {hi}")
        # The product of two ranges within 0..1 is a valid range within 0..1: no need to validate it again.
        return self._rescaled(self.low * factor, self.high * hi)

    def _rescaled(self, low: Fraction, high: Fraction) -> Stake:
        """This stake's basis and hedge with new ends that its caller knows to be valid (a product of it and
        factors within 0..1), built without running the validators again; the source's words no longer apply, and
        the figure keeps the precision of the one it comes from."""
        scaled = object.__new__(Stake)
        for name, value in (
            ("low", low),
            ("high", high),
            ("basis", self.basis),
            ("qualifier", self.qualifier),
            ("stated", None),
            ("digits", self.precision),
        ):
            object.__setattr__(scaled, name, value)
        return scaled

    def __str__(self) -> str:
        """The share as a percentage with its hedge and basis, at its precision: ``about 27 % (as-converted,
        diluted)``; four significant digits at most for an exact figure."""
        digits = self.precision or 4
        core = _pct(self.low, digits) if not self.is_range else f"{_pct(self.low, digits)}–{_pct(self.high, digits)}"
        return f"{_hedge(self.qualifier)}{core}{f' ({self.basis})' if self.basis else ''}"

    def __format__(self, spec: str) -> str:
        """``format(stake, ".1%")`` formats the point value exactly (as a Decimal); an empty spec is ``str``."""
        if not spec:
            return str(self)
        value = self.value
        return format(Decimal(value.numerator) / Decimal(value.denominator), spec)


def parse_fraction(text: str) -> Fraction:
    """Read ``"27%"``, ``"32.5 %"``, ``"0.325"`` or ``"1/3"`` as an exact fraction.

    Raises:
        ValueError: The text is not one of those forms.
    """
    raw = text.strip()
    if raw.endswith("%"):
        return Fraction(raw[:-1].strip()) / 100
    return Fraction(raw)


def _plain(d: Decimal) -> str:
    return f"{d.normalize():,f}"


_SCALES = ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million"))


def _figures(low: Decimal, high: Decimal) -> str:
    """A value or a range in words where that is exact (``150 billion``, ``13–14 billion``), else in digits."""
    top = max(abs(low), abs(high))
    for scale, word in _SCALES:
        if top >= scale:
            a, b = low / scale, high / scale
            if all(x == x.quantize(Decimal("0.001")) for x in (a, b)):  # words only where they stay exact
                core = _plain(a) if low == high else f"{_plain(a)}–{_plain(b)}"
                return f"{core} {word}"
            break
    return _plain(low) if low == high else f"{_plain(low)}–{_plain(high)}"


def _pct(f: Fraction, digits: int = 4) -> str:
    return f"{float(f) * 100:.{min(digits, 4)}g} %"


@functools.lru_cache(maxsize=4096)  # a cap table reads the same few hedged figures again and again
def _percent_digits(numerator: int, denominator: int) -> int | None:
    """The significant digits of a share written as a percentage (``27/100``: 27, two); keyed by two integers, as
    hashing a Fraction costs a modular inverse."""
    return _significant_digits(Fraction(numerator * 100, denominator))


def _significant_digits(value: Fraction) -> int | None:
    """The significant digits of ``value`` written as a decimal (``27`` two, ``32.5`` three, ``0.5`` one, ``10``
    two); None when it has no finite decimal form (1/3)."""
    numerator, denominator = abs(value.numerator), value.denominator
    places = 0
    while 10**places % denominator:
        places += 1
        if places > 30:
            return None
    digits = numerator * 10**places // denominator  # the value with its decimals as a whole number
    while places and digits % 10 == 0:  # decimal zeros at the end are not significant
        digits //= 10
        places -= 1
    return max(len(str(digits)), 1) if digits else 1


def _hedge(q: Qualifier | None) -> str:
    return {"about": "about ", "at-least": "at least ", "up-to": "up to ", None: ""}[q]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple field's value: the items of a list or another iterable; a text, a mapping or what is not iterable
    is left as it is, for the type check to refuse naming the field ("expected an array such as [...]")."""
    if type(value) is tuple or isinstance(value, str | bytes | Mapping):
        return value  # type: ignore[return-value]
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]


def _nonempty(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise FieldError(attribute.name, f"{attribute.name} must not be empty")


_NOT_IN_AN_ADDRESS = frozenset('<>"`{}|\\^')  # printable, but not allowed in a URL as they are (RFC 3986)


def _web_address(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A source's address is None, or text that is an http or https URL with a host, in the characters a URL
    allows: a reader follows it from the timeline page and the exports, where ``javascript:``, ``data:`` or
    ``file:`` would run or open something else."""
    if type(value) is not str:  # None, or a value typed_fields has refused before this validator runs
        return
    problem = _address_problem(value)
    if problem is not None:
        raise FieldError(attribute.name, problem)


# The usual address, checked without urlsplit (a tenth of the cost): http or https, a host name, then a path, query or
# fragment of printable ASCII without spaces and without the characters a URL does not hold as they are. Whatever it
# matches, the full check below accepts too; anything else (a port, a user, an IPv6 host, any other text) goes there.
@functools.cache
def _plain_web_address() -> re.Pattern[str]:
    """The pattern, compiled when a first address is checked (not with ``import aitimeline``)."""
    return re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#][!#-;=?-\[\]_a-z~]*)?")


@functools.lru_cache(maxsize=4096)  # a file's sources are every event's: the same few addresses again and again
def _address_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a source's address, or None."""
    if _plain_web_address().fullmatch(value):
        return None
    if " " in value or not value.isprintable():  # any other space is not printable; before urlsplit drops some
        return f"an address cannot hold spaces or control characters (write a space as %20), got {_shorten(value)}"
    from urllib.parse import urlsplit  # only a source with an address needs it

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (read for its check: a port that is not a number raises ValueError)
    except ValueError:
        return f"not a readable address: {_shorten(value)}"
    if parts.scheme not in ("http", "https"):
        return f"expected an http:// or https:// address, got {_shorten(value)}"
    if not parts.hostname:
        return f"an address names a host after {parts.scheme}://, got {_shorten(value)}"
    if not _NOT_IN_AN_ADDRESS.isdisjoint(value):
        return (
            f'an address cannot hold < > " ` {{ }} | \\ ^ as they are (percent-encode them: %3C for <),'
            f" got {_shorten(value)}"
        )
    return None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Source:
    """Where a reader can check an event: publisher, title, publication date and address where there is one.

    ``url`` is an http or https address (``https://example.com/report``); anything else (``javascript:``,
    ``data:``, ``file:``, a relative path, text with spaces) is refused with a :class:`FieldError`.
    """

    publisher: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    published: PartialDate = attrs.field(converter=_DATE)  # type: ignore[misc]
    url: str | None = attrs.field(default=None, validator=_web_address)

    def __str__(self) -> str:
        return f"{self.publisher}, “{self.title}”, {self.published}" + (f", {self.url}" if self.url else "")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class RevenueShare:
    """A share of revenue one party pays another under an agreement, as reported.

    Attributes:
        payer: Who pays (an entity id), if stated.
        payee: Who is paid (an entity id), if stated.
        share: The share of revenue, where a figure was reported.
        until: When it ends, in the source's words (``"through 2030"``, ``"until AGI is verified"``).
        cap: A cap on the total paid, where an amount was reported.
        ended: True when an amendment ended this direction of the share.
        stated: The source's words.
    """

    payer: str | None = None
    payee: str | None = None
    share: Stake | None = None
    until: str | None = None
    cap: Money | None = attrs.field(default=None, validator=non_negative)
    ended: bool = False
    stated: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Terms:
    """Terms of an agreement, as one version states them. ``None`` means "not stated": an amendment replaces
    only the terms it states, and the notes belong to the version that wrote them.

    Attributes:
        cloud_exclusivity: Whether one party is the other's exclusive cloud provider.
        api_exclusivity: Whether the API products run only on one party's cloud.
        compute_rofr: Whether one party has a right of first refusal on the other's compute purchases.
        revenue_shares: Revenue shares, each direction on its own (an amendment replaces a direction it names).
        ip_rights_until: Until when one party holds rights to the other's IP, in the source's words.
        agi_declaration: The AGI clause: how AGI is declared and what it changes.
        notes: What this version says that the named terms do not.
    """

    cloud_exclusivity: bool | None = None
    api_exclusivity: bool | None = None
    compute_rofr: bool | None = None
    revenue_shares: tuple[RevenueShare, ...] = attrs.field(default=(), converter=_tuple)
    ip_rights_until: str | None = None
    agi_declaration: str | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def updated(self, change: Terms) -> Terms:
        """These terms with every term that ``change`` states replacing the old one (a revenue share replaces
        the one in the same direction); the notes are ``change``'s own (see :attr:`Agreement.versions
        <aitimeline.Agreement.versions>` for every version's)."""
        fields: dict[str, Any] = {
            f.name: getattr(change, f.name)
            for f in attrs.fields(Terms)
            if f.name not in ("notes", "revenue_shares") and getattr(change, f.name) is not None
        }
        if change.revenue_shares:
            named = {(r.payer, r.payee) for r in change.revenue_shares}
            kept = tuple(r for r in self.revenue_shares if (r.payer, r.payee) not in named)
            fields["revenue_shares"] = (*kept, *change.revenue_shares)
        return attrs.evolve(self, **fields, notes=change.notes)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Tranche:
    """One tranche of a warrant: its name, its size if disclosed, and what makes it vest."""

    name: str = attrs.field(validator=_nonempty)
    condition: str
    shares: int | None = None


def _some_source(instance: object, attribute: attrs.Attribute[Any], value: tuple[Source, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "an alternative report needs at least one source")


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Alternative:
    """Another reported value of one of an event's figures, with the sources that reported it.

    Where sources disagree, the event's own field holds the value the record adopts (by the rule in
    ``docs/semantics.md``: a company's own disclosure or filing over press reports, then the most precise, then
    the latest) and each other report is kept as an alternative.

    Attributes:
        field: The event field it is an alternative for, such as ``amount`` or ``stake``.
        value: The other reported value, of the field's type.
        sources: Who reported it.
        note: Anything a reader should know about it.
    """

    field: str
    value: Money | Quantity | Stake
    sources: tuple[Source, ...] = attrs.field(converter=_tuple, validator=_some_source)
    note: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Payment:
    """One tranche of an investment: an amount, when it is due and on what condition, as reported.

    Attributes:
        amount: How much.
        due: When it is scheduled, if a date was given.
        condition: What it depends on, in the source's words (``"an IPO or a milestone"``), if anything.
    """

    amount: Money = attrs.field(validator=non_negative)
    due: PartialDate | None = attrs.field(default=None, converter=_OPTIONAL_DATE)  # type: ignore[misc]
    condition: str | None = None


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Participation:
    """One investor's part in a funding round.

    Attributes:
        investor: The investor's entity id.
        amount: What it committed (promised), if disclosed.
        paid: What of it was paid when the round closed, if stated.
        stake: The stake it got, where one is reported.
        instrument: What it bought (``"preferred shares"``), if stated.
        tranches: What is still to be paid: dated payments and amounts due on a condition.
    """

    investor: str = attrs.field(validator=_nonempty)
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    paid: Money | None = attrs.field(default=None, validator=non_negative)
    stake: Stake | None = None
    instrument: str | None = None
    tranches: tuple[Payment, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class ProfitTier:
    """One tier of a profit-sharing interest: the share of profits, until what (``"it recoups its
    investment"``), as reported."""

    share: Stake
    until: str | None = None
