"""The record values that states hold: agreements, commitments and warrants as of a date, and reported metrics."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from .dates import PartialDate
from .values import Money, Payment, ProfitTier, Quantity, Stake, Terms, Tranche

__all__ = [
    "Agreement",
    "CapLine",
    "Commitment",
    "Funding",
    "Interest",
    "MetricValue",
    "Reconciliation",
    "Round",
    "StakeFigure",
    "TermsVersion",
    "Total",
    "Warrant",
]


@attrs.frozen(kw_only=True)
class TermsVersion:
    """One version of an agreement's terms: what the signing or an amendment stated, and when."""

    event_id: str
    date: PartialDate
    terms: Terms


@attrs.frozen(kw_only=True)
class Agreement:
    """An agreement as of a date: its parties, its current terms (each named term as last stated; the notes of
    the latest version), whether it is in force, and every version of its terms (``versions``, oldest first)."""

    id: str
    parties: tuple[str, ...]
    title: str | None
    terms: Terms
    signed: PartialDate
    changed: PartialDate
    in_force: bool = True
    versions: tuple[TermsVersion, ...] = ()


@attrs.frozen(kw_only=True)
class Commitment:
    """A compute commitment as of a date: who buys what from whom, how much and for how long, where it stands
    (:attr:`status`), and the commitment it sits inside (``within``: its capacity and dollars are part of that
    one's, so totals count them once).

    ``capacity`` says what its gigawatts measure (a registered word of kind ``"capacity"``: ``"chips"``, the power
    of the accelerator systems to be deployed; ``"data-centre"``, data-centre power capacity), None when the record
    does not say. Gigawatts of two kinds measure different things: :func:`~aitimeline.total_gigawatts` does not
    add them unless asked to.
    """

    id: str
    buyer: str
    supplier: str
    gigawatts: Quantity | None
    amount: Money | None
    period: str | None
    stage: str
    since: PartialDate
    in_force: bool = True
    within: str | None = None
    replaced_by: str | None = None
    status_since: PartialDate | None = None
    capacity: str | None = None

    @property
    def status(self) -> str:
        """Where the commitment stands: its stage while in force (``announced``, ``letter-of-intent``,
        ``definitive``, ``stalled``), then ``ended``, or ``replaced`` when another record took its place
        (``replaced_by``)."""
        if self.in_force:
            return self.stage
        return "replaced" if self.replaced_by is not None else "ended"


@attrs.frozen(kw_only=True)
class Warrant:
    """A warrant as of a date, with the tranches vested so far and the shares exercised."""

    id: str
    issuer: str
    holder: str
    shares: int
    exercise_price: Money
    tranches: tuple[Tranche, ...]
    vested: tuple[str, ...] = ()
    exercised: int = 0

    @property
    def vested_shares(self) -> int | None:
        """Shares vested so far, or None when a vested tranche's size was not disclosed."""
        sizes = {t.name: t.shares for t in self.tranches}
        total = 0
        for name in self.vested:
            size = sizes[name]
            if size is None:
                return None
            total += size
        return total


@attrs.frozen(kw_only=True)
class MetricValue:
    """The latest reported figure for one metric of one entity, with the event that reported it."""

    value: Money | Quantity
    period: str | None
    basis: str | None
    reported: PartialDate
    event_id: str

    def __str__(self) -> str:
        """``$852 billion (post-money; reported 2026-03-31 by openai-valuation-852bn-2026)``."""
        about = "; ".join(x for x in (self.period, self.basis) if x)
        return f"{self.value} ({about + '; ' if about else ''}reported {self.reported} by {self.event_id})"


@attrs.frozen(kw_only=True)
class CapLine:
    """One line of a cap table as of a date, and where it comes from.

    Attributes:
        holder: The holder's id.
        stake: The stake as of the date asked.
        as_set: The figure as the event that set the line gave it (before any dilution since).
        kind: ``"reported"`` when the line is the figure an event reported, not diluted since; ``"derived"`` when
            it was diluted since by the rounds in ``diluted_by``, or computed (implied by an amount and a
            valuation, or what was left of a line after a holder was carved out of it).
        event_id: The event that set the line (None for a table built in code).
        as_of: The date the figure describes (the setting event's date): how old the report is.
        diluted_by: The events (funding rounds) that diluted the line since, oldest first.
    """

    holder: str
    stake: Stake
    as_set: Stake
    kind: Literal["reported", "derived"]
    event_id: str | None
    as_of: PartialDate | None
    diluted_by: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Funding:
    """What one investor committed to one entity and what it paid, as of a date, with the events behind each.

    Attributes:
        investor: The investor's id.
        investee: The entity's id.
        committed: Everything it committed (promised) so far, hedges kept; None if no amount was disclosed.
        paid: Everything reported paid so far (the sum of the recorded payments); None if no payment was reported.
        due: Tranches still to be paid (dated, or due on a condition), as committed; a payment clears the tranche
            it pays.
        committed_by: The events that committed money, oldest first.
        paid_by: The events that reported payments, oldest first.
        disclosed_committed: The cumulative commitment as a filing or a statement disclosed it (a 10-Q's "total
            funding commitments of $13 billion"), beside :attr:`committed`, the sum of the recorded commitments.
        disclosed_paid: Likewise the cumulative amount funded as disclosed, beside :attr:`paid`.
        disclosed_by: The event that disclosed them (a :class:`~aitimeline.events.FundingReported`).
        disclosed_as_of: The date the disclosed figures describe.
    """

    investor: str
    investee: str
    committed: Money | None = None
    paid: Money | None = None
    due: tuple[Payment, ...] = ()
    committed_by: tuple[str, ...] = ()
    paid_by: tuple[str, ...] = ()
    disclosed_committed: Money | None = None
    disclosed_paid: Money | None = None
    disclosed_by: str | None = None
    disclosed_as_of: PartialDate | None = None


_NOTHING, _WHOLE_SHARE = Fraction(0), Fraction(1)
_WHOLE = Stake.of(1)


def _ratio(a: Decimal, b: Decimal) -> Fraction:
    """``a / b`` exactly, with one reduction."""
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    return Fraction(an * bd, ad * bn)


@attrs.frozen(kw_only=True)
class Round:
    """A priced funding round, and how much has been paid into it so far.

    Money paid into a round buys new shares at the round's price: a payment of ``x`` when ``paid`` has already
    come in buys ``x / (pre_money + paid + x)`` of the entity, and every earlier line keeps ``(pre_money + paid) /
    (pre_money + paid + x)`` of itself (:meth:`sold_by`). Paid in full, a holder's line is ``old × pre / post +
    its payments / post``, whether the money came at once or in tranches.

    Attributes:
        entity: The entity that raised it.
        event_id: The :class:`~aitimeline.events.RoundRaised` event that priced it (payments name it).
        pre_money: The valuation before the new money.
        paid: The money paid in so far: at the close, and by the payments that named the round since.
        raised: The money the round raised (committed), if stated.
    """

    entity: str
    event_id: str
    pre_money: Money
    paid: Money
    raised: Money | None = None

    def sold_by(self, amount: Money) -> Stake:
        """The share of the entity ``amount`` buys when paid in now: :meth:`share` of it once it is paid in."""
        return self.share(amount, self.paid + amount)

    def share(self, amount: Money, everything: Money) -> Stake:
        """The share ``amount`` bought when ``everything`` (``amount`` included) had been paid in at this price:
        ``amount / (pre_money + everything)``, as an exact range (each end at the ends of the inputs that make it
        lowest and highest), hedged "about" if any input is hedged or a range."""
        pre = self.pre_money
        low_total, high_total = pre.high + everything.high, pre.low + everything.low
        low = _ratio(amount.low, low_total) if low_total > 0 else _NOTHING
        high = _ratio(amount.high, high_total) if high_total > 0 else _WHOLE_SHARE
        # within 0..1 unless the inputs' ranges overlap oddly; compared on the integers (Fraction's comparisons
        # are slow, and a build makes one share for every payment into a round)
        if high.numerator > high.denominator:
            high = _WHOLE_SHARE
        if low.numerator > low.denominator:
            low = _WHOLE_SHARE
        hedged = any(f.qualifier is not None or f.low != f.high for f in (pre, everything, amount))
        if not hedged and low == high:  # exact figures: the whole, scaled (checked once, there)
            return _WHOLE.scaled(low)
        return Stake(low=low, high=high, qualifier="about" if hedged else None)

    def after(self, amount: Money) -> Round:
        """This round once ``amount`` more has been paid in."""
        return attrs.evolve(self, paid=self.paid + amount)


@attrs.frozen(kw_only=True)
class Interest:
    """An economic interest of a holder in an entity: equity (a stake), or a share of profits with its tiers
    and cap, as reported.

    Attributes:
        holder: The holder's id.
        entity: The entity's id.
        kind: ``"equity"`` or ``"profit-share"``.
        stake: The equity stake (for ``"equity"``).
        tiers: The profit shares in order, each until a stated point (for ``"profit-share"``).
        cap: The cap on what the interest can return, if one was reported as an amount.
        cap_stated: The cap in the source's words, when it was reported without an amount or varies.
        event_id: The event that reported it.
        as_of: The date it describes.
    """

    holder: str
    entity: str
    kind: Literal["equity", "profit-share"]
    stake: Stake | None = None
    tiers: tuple[ProfitTier, ...] = ()
    cap: Money | None = None
    cap_stated: str | None = None
    event_id: str | None = None
    as_of: PartialDate | None = None


@attrs.frozen(kw_only=True)
class StakeFigure:
    """A stake figure reported on a basis that does not describe a holding on its date (a counterfactual such
    as "excluding the impact of recent funding rounds"): kept as reported, never a line of the cap table."""

    holder: str
    entity: str
    stake: Stake
    basis: str
    event_id: str
    as_of: PartialDate


@attrs.frozen(kw_only=True)
class Total:
    """A sum of figures of several records, each counted once.

    Attributes:
        value: The sum, as a range that keeps the hedges.
        summed: The ids of the records added up.
        left_out: The ids of records left out because they sit inside another record of the sum (``within``).
        kinds: For gigawatts, the kinds of capacity added up (``("chips",)``; ``"unstated"`` for commitments
            that do not say): more than one only when the caller asked for kinds to be mixed.
    """

    value: Quantity | Money
    summed: tuple[str, ...]
    left_out: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def __str__(self) -> str:
        """The sum, and the kinds of capacity it mixes when it mixes several: ``at least 36 GW (chips and
        data-centre added together)``."""
        if len(self.kinds) > 1:
            return f"{self.value} ({', '.join(self.kinds[:-1])} and {self.kinds[-1]} added together)"
        return str(self.value)


def _half_unit(value: Decimal | Fraction, digits: int) -> Fraction:
    """Half a unit of the last of ``digits`` significant digits of ``value`` (27 at two digits: 0.5)."""
    magnitude = abs(Fraction(value))
    if magnitude == 0:
        return Fraction(0)
    exponent = (Decimal(magnitude.numerator) / magnitude.denominator).adjusted()
    return Fraction(10) ** (exponent - digits + 1) / 2


def _figure_digits(figure: Money | Quantity | Stake) -> int | None:
    """The significant digits a figure is good to: a stake's :attr:`~Stake.precision`; for a hedged amount, the
    digits of its value as written ("about $1.4 trillion": two); None for an exact one."""
    if isinstance(figure, Stake):
        return figure.precision
    if figure.qualifier is None:
        return None
    text = format(figure.low.normalize(), "f").lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    return max(len(text), 1)


def figure_bounds(figure: Money | Quantity | Stake) -> tuple[Fraction, Fraction]:
    """The values a figure allows, as reported: its range, widened by half a unit of its last significant digit
    when it is rounded ("about 13 %": 12.5 % to 13.5 %)."""
    digits = _figure_digits(figure)
    low, high = Fraction(figure.low), Fraction(figure.high)
    if digits is None:
        return low, high
    return low - _half_unit(low, digits), high + _half_unit(high, digits)


@attrs.frozen(kw_only=True)
class Reconciliation:
    """One place where the record reports a figure and can also derive it: a stake reported where the record had
    derived a line after rounds, a disclosed cumulative funding beside the sum of the recorded commitments or
    payments, a stated total of committed compute beside the sum of the commitments.

    Attributes:
        what: What is compared: ``"stake"``, ``"committed"``, ``"paid"``, or the metric's name
            (``"compute-commitments"``, ``"committed-capacity"``).
        subject: The entities it is about: ``(holder, entity)``, ``(investor, investee)``, or ``(entity,)``.
        date: The date the reported figure describes.
        reported: The figure as reported.
        derived: The figure the record derives for the same thing on the same date (None when it derives none,
            for instance no payment on the record).
        reported_by: The event that reported the figure.
        derived_from: The events the derived figure comes from.
        note: The reporting event's note: where the two disagree, it says why.
    """

    what: str
    subject: tuple[str, ...]
    date: PartialDate
    reported: Money | Quantity | Stake
    derived: Money | Quantity | Stake | None
    reported_by: str
    derived_from: tuple[str, ...] = ()
    note: str | None = None
    agrees: bool = attrs.field(init=False)
    """Whether the derived figure is within the precision of the reported one and of its own inputs: their ranges,
    widened by half a unit of the last significant digit of each rounded figure, overlap."""

    @agrees.default
    def _agrees(self) -> bool:
        if self.derived is None:
            return False
        if getattr(self.reported, "currency", None) != getattr(self.derived, "currency", None):
            return False
        if getattr(self.reported, "unit", None) != getattr(self.derived, "unit", None):
            return False
        lo, hi = figure_bounds(self.reported)
        dlo, dhi = figure_bounds(self.derived)
        return dlo <= hi and lo <= dhi

    def __str__(self) -> str:
        """``2026-10-01 stake softbank in openai-group: reported about 13 %, derived about 13 % (agrees)``."""
        verdict = "agrees" if self.agrees else "disagrees"
        derived = "nothing on the record" if self.derived is None else str(self.derived)
        return (
            f"{self.date} {self.what} {' in '.join(self.subject)}: reported {self.reported} by {self.reported_by}, "
            f"derived {derived} ({verdict})"
        )
