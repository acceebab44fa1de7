"""Reported figures and other plain values that events carry.

Figures keep what was reported: an exact value has ``low == high``; a range keeps both ends; ``qualifier`` says
"about", "at least" or "up to"; ``stated`` keeps the words the source used. Money is :class:`~decimal.Decimal`
and stakes are :class:`~fractions.Fraction`: nothing here is ever a float, though ``float(x)`` gives a point value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from .dates import PartialDate
from .errors import FieldError

__all__ = ["Alternative", "Money", "Qualifier", "Quantity", "Source", "Stake", "Terms", "Tranche"]

Qualifier: TypeAlias = Literal["about", "at-least", "up-to"]
"""How a figure was hedged by its source; ``None`` where it was stated as exact."""

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _low_le_high(instance: Money | Quantity | Stake, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.low > instance.high:
        raise FieldError(attribute.name, f"low ({instance.low}) is above high ({instance.high})")


def _finite(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    if not value.is_finite():
        raise FieldError(attribute.name, f"{attribute.name} must be a finite number, got {value}")


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


@attrs.frozen(kw_only=True)
class Money(_Figure):
    """An amount of money as reported.

    >>> Money.of("1000000000").value
    Decimal('1000000000')
    >>> Money(low=Decimal("13e9"), high=Decimal("14e9"), currency="USD", stated="$13–14 billion").is_range
    True
    """

    low: Decimal = attrs.field(validator=[_finite, _low_le_high])
    high: Decimal = attrs.field(validator=_finite)
    currency: str = attrs.field(validator=attrs.validators.matches_re(_CURRENCY))
    qualifier: Qualifier | None = None
    stated: str | None = None

    @classmethod
    def of(cls, value: Decimal | int | str, currency: str = "USD", **kwargs: object) -> Money:
        """An exact amount (``low == high``)."""
        amount = Decimal(value)
        return cls(low=amount, high=amount, currency=currency, **kwargs)  # type: ignore[arg-type]

    @property
    def value(self) -> Decimal:
        """The point value: the amount itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        if self.stated:
            return self.stated
        core = f"{_plain(self.low)}" if not self.is_range else f"{_plain(self.low)}–{_plain(self.high)}"
        return f"{_hedge(self.qualifier)}{self.currency} {core}"


@attrs.frozen(kw_only=True)
class Quantity(_Figure):
    """A non-money figure as reported: gigawatts, people, shares.

    >>> str(Quantity.of(6, unit="GW"))
    '6 GW'
    """

    low: Decimal = attrs.field(validator=[_finite, _low_le_high])
    high: Decimal = attrs.field(validator=_finite)
    unit: str | None = None
    qualifier: Qualifier | None = None
    stated: str | None = None

    @classmethod
    def of(cls, value: Decimal | int | str, unit: str | None = None, **kwargs: object) -> Quantity:
        """An exact quantity (``low == high``)."""
        amount = Decimal(value)
        return cls(low=amount, high=amount, unit=unit, **kwargs)  # type: ignore[arg-type]

    @property
    def value(self) -> Decimal:
        """The point value: the figure itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        if self.stated:
            return self.stated
        core = f"{_plain(self.low)}" if not self.is_range else f"{_plain(self.low)}–{_plain(self.high)}"
        return f"{_hedge(self.qualifier)}{core}{' ' + self.unit if self.unit else ''}"


def _unit_interval(instance: object, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if not 0 <= value <= 1:
        raise FieldError(attribute.name, f"{attribute.name} must be between 0 and 100 %, got {float(value) * 100:g} %")


@attrs.frozen(kw_only=True)
class Stake(_Figure):
    """A fraction of an entity (or of a revenue stream), exact, with the basis it was reported on.

    ``float(stake)`` is its point value; ``low`` and ``high`` are exact fractions.

    >>> s = Stake.of("27%", basis="as-converted, fully diluted", qualifier="about")
    >>> float(s), s.low
    (0.27, Fraction(27, 100))
    """

    low: Fraction = attrs.field(validator=[_unit_interval, _low_le_high])
    high: Fraction = attrs.field(validator=_unit_interval)
    basis: str | None = None
    qualifier: Qualifier | None = None
    stated: str | None = None

    @classmethod
    def of(cls, value: Fraction | int | str, basis: str | None = None, **kwargs: object) -> Stake:
        """An exact stake; strings may be ``"27%"``, ``"0.325"`` or ``"1/3"``."""
        share = parse_fraction(value) if isinstance(value, str) else Fraction(value)
        return cls(low=share, high=share, basis=basis, **kwargs)  # type: ignore[arg-type]

    @property
    def value(self) -> Fraction:
        """The point value: the fraction itself, or the midpoint of a range."""
        return (self.low + self.high) / 2

    def scaled(self, factor: Fraction, factor_high: Fraction | None = None) -> Stake:
        """This stake multiplied by a factor (or a factor range) between 0 and 1, as dilution does; exact.

        Raises:
            ValueError: A factor is outside 0..1 or the range is reversed.
        """
        hi = factor if factor_high is None else factor_high
        if not 0 <= factor <= hi <= 1:
            raise ValueError(f"scale factors must satisfy 0 <= low <= high <= 1, got {factor}, {hi}")
        # The product of two ranges within 0..1 is a valid range within 0..1: no need to validate it again.
        scaled = object.__new__(Stake)
        for name, value in (
            ("low", self.low * factor),
            ("high", self.high * hi),
            ("basis", self.basis),
            ("qualifier", self.qualifier),
            ("stated", None),
        ):
            object.__setattr__(scaled, name, value)
        return scaled

    def __str__(self) -> str:
        if self.stated:
            return self.stated
        core = _pct(self.low) if not self.is_range else f"{_pct(self.low)}–{_pct(self.high)}"
        return f"{_hedge(self.qualifier)}{core}{f' ({self.basis})' if self.basis else ''}"


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


def _pct(f: Fraction) -> str:
    return f"{float(f) * 100:.4g} %"


def _hedge(q: Qualifier | None) -> str:
    return {"about": "about ", "at-least": "at least ", "up-to": "up to ", None: ""}[q]


def _nonempty(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise FieldError(attribute.name, f"{attribute.name} must not be empty")


@attrs.frozen(kw_only=True)
class Source:
    """Where a reader can check an event: publisher, title, publication date and address where there is one."""

    publisher: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    published: PartialDate
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.publisher}, “{self.title}”, {self.published}" + (f", {self.url}" if self.url else "")


@attrs.frozen(kw_only=True)
class Terms:
    """Terms of an agreement. ``None`` means "not stated"; an amendment changes only the terms it states."""

    cloud_exclusivity: bool | None = None
    compute_rofr: bool | None = None
    revenue_share: Stake | None = None
    ip_rights_until: str | None = None
    agi_declaration: str | None = None
    notes: tuple[str, ...] = ()

    def updated(self, change: Terms) -> Terms:
        """These terms with every term that ``change`` states replacing the old one; notes accumulate."""
        fields = {
            f.name: getattr(change, f.name)
            for f in attrs.fields(Terms)
            if f.name != "notes" and getattr(change, f.name) is not None
        }
        return attrs.evolve(self, **fields, notes=self.notes + change.notes)


@attrs.frozen(kw_only=True)
class Tranche:
    """One tranche of a warrant: its name, its size if disclosed, and what makes it vest."""

    name: str = attrs.field(validator=_nonempty)
    condition: str
    shares: int | None = None


def _alternative_sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(value)


def _some_source(instance: object, attribute: attrs.Attribute[Any], value: tuple[Source, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "an alternative report needs at least one source")


@attrs.frozen(kw_only=True)
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
    sources: tuple[Source, ...] = attrs.field(converter=_alternative_sources, validator=_some_source)
    note: str | None = None
