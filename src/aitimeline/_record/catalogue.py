"""The built-in event types: every kind of occurrence the record holds.

Each type registers in :func:`aitimeline.io.builtin_types` exactly as a user's own type would, and this module uses
only public names (``tests/test_api.py`` checks that): it is the worked example of the extension API
(``docs/extending.md``). Each ``apply`` checks first and writes last, so that an event it rejects leaves no trace.
Each is declared ``@attrs.frozen(kw_only=True, repr=False)``: its repr is :class:`Event`'s, the text attrs would
write, without attrs generating one method per type when aitimeline is imported (about 30 ms).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, NamedTuple, TypeAlias, TypeVar

import attrs

from aitimeline import (
    Agreement,
    CapTable,
    Commitment,
    Event,
    Funding,
    Interest,
    MetricValue,
    Money,
    Participation,
    Payment,
    ProfitTier,
    Quantity,
    Round,
    Stake,
    StakeFigure,
    Terms,
    TermsVersion,
    Tranche,
    Warrant,
    keys,
)
from aitimeline.errors import CurrencyError, FieldError, InvariantViolation
from aitimeline.extend import (
    IdChain,
    Writer,
    combined_qualifier,
    entity_field,
    entity_list_field,
    non_negative,
    with_in_force,
    word_field,
)
from aitimeline.keys import Key

__all__ = [
    "AgreementAmended",
    "AgreementEnded",
    "AgreementSigned",
    "Announced",
    "CommitmentEnded",
    "CommitmentRevised",
    "ComputeCommitted",
    "Founded",
    "FundingReported",
    "FundingSought",
    "InterestReported",
    "Invested",
    "InvestmentPaid",
    "LetterPublished",
    "MetricReported",
    "OfferMade",
    "Recapitalized",
    "Reorganized",
    "RoleBegan",
    "RoleEnded",
    "RoundRaised",
    "SeatGivenUp",
    "SeatGranted",
    "StakeReported",
    "TrancheVested",
    "WarrantExercised",
    "WarrantIssued",
]

_T = TypeVar("_T")

Stage: TypeAlias = str
"""How binding a compute commitment is: a registered word of kind ``"stage"`` (built in: ``announced``,
``letter-of-intent``, ``definitive``, ``stalled``)."""
ValuationBasis: TypeAlias = Literal["pre-money", "post-money"]
"""Whether a round's valuation is before (``"pre-money"``) or after (``"post-money"``) the new money."""


def _add_id(w: Writer, kind: str, parties: Iterable[str], item: str) -> None:
    """Add ``item`` to the list of ``kind`` (agreements, commitments, warrants) of each of ``parties``.

    Callers pass only parties whose list does not hold ``item`` yet, so no list is searched.
    """
    for party in dict.fromkeys(parties):
        key = keys.ids(kind, party)
        w.set(key, IdChain(item, w.get(key)))


def _store(
    w: Writer, key: Key, record: Agreement | Commitment | Warrant, kind: str, roles: Iterable[tuple[str, str]]
) -> None:
    """Write ``record`` under ``key``, and keep the records in force of each ``(role, party)`` up to date, so
    that asking for a party's agreements, commitments or warrants in force is a single lookup."""
    w.set(key, record)
    for role, party in dict.fromkeys(roles):
        key = keys.in_force(kind, role, party)
        changed = with_in_force(w.get(key), record)
        if changed is not None:
            w.set(key, changed)


def _each_party(parties: Iterable[str]) -> Iterator[tuple[str, str]]:
    return (("party", p) for p in parties)


def _commitment_roles(c: Commitment) -> tuple[tuple[str, str], ...]:
    return (("buyer", c.buyer), ("supplier", c.supplier))


def _warrant_roles(wt: Warrant) -> tuple[tuple[str, str], ...]:
    return (("issuer", wt.issuer), ("holder", wt.holder))


def _with(ids: tuple[str, ...], new: str) -> tuple[str, ...]:
    """A sorted tuple of ids with ``new`` inserted in its place (found by bisection: a big board is not sorted
    again at each appointment)."""
    i = bisect_left(ids, new)
    return (*ids[:i], new, *ids[i:])


def _without(ids: tuple[str, ...], gone: str) -> tuple[str, ...]:
    """A sorted tuple of ids without ``gone`` (which it holds)."""
    i = bisect_left(ids, gone)
    return ids[:i] + ids[i + 1 :]


def _check_total(entity: str, table: CapTable, field: str) -> None:
    total = table.total_low
    if total.numerator > total.denominator:  # above 1, on the integers (Fraction's comparison is slow)
        raise InvariantViolation(
            f"stakes in {entity!r} would sum to {float(table.total_low) * 100:.4g} % (above 100 %)", field
        )


# --- organisations -------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Founded(Event):
    """An organisation was founded, with its name and legal form."""

    org: str = entity_field("organization")
    name: str
    legal_form: str

    def apply(self, w: Writer) -> None:
        if w.get(keys.founded(self.org)) is not None:
            raise InvariantViolation(f"{self.org!r} was already founded", "org")
        w.set(keys.founded(self.org), self.date)
        w.set(keys.name(self.org), self.name)
        w.set(keys.legal_form(self.org), self.legal_form)


def _name_or_form(instance: Reorganized, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.name is None and instance.legal_form is None:
        raise FieldError(attribute.name, "a reorganisation changes the name, the legal form, or both")


@attrs.frozen(kw_only=True, repr=False)
class Reorganized(Event):
    """An organisation was renamed, changed legal form (nonprofit, capped-profit, PBC...), or both."""

    org: str = entity_field()
    name: str | None = attrs.field(default=None, validator=_name_or_form)
    legal_form: str | None = None

    def apply(self, w: Writer) -> None:
        if self.name is not None:
            w.set(keys.name(self.org), self.name)
        if self.legal_form is not None:
            w.set(keys.legal_form(self.org), self.legal_form)


# --- ownership -----------------------------------------------------------------------------------------------


_INIT_NAMES: dict[type, tuple[str, ...]] = {}


def _changed(record: _T, **changes: Any) -> _T:
    """``attrs.evolve(record, **changes)``, with each class's field names looked up once rather than on every call
    (most events replace a record or a stake: a build of 10^4 events calls this a few thousand times)."""
    cls = type(record)
    names = _INIT_NAMES.get(cls)
    if names is None:
        names = _INIT_NAMES[cls] = tuple(a.name for a in attrs.fields(cls) if a.init)  # type: ignore[arg-type]
    for name in names:
        if name not in changes:
            changes[name] = getattr(record, name)
    return cls(**changes)


def _fraction_bought(amount: Money, valuation: Money, basis: ValuationBasis | None) -> Stake:
    """The share an amount buys at a valuation, as an exact range (post-money unless said otherwise)."""
    lo_post = valuation.low if basis != "pre-money" else valuation.low + amount.low
    hi_post = valuation.high if basis != "pre-money" else valuation.high + amount.high
    low = _ratio(amount.low, hi_post)
    high = _ratio(amount.high, lo_post)
    hedged = amount.qualifier or valuation.qualifier
    if not hedged and high.numerator <= high.denominator:  # the whole, scaled: checked once, there
        return _WHOLE.scaled(low, high)
    return Stake(low=low, high=min(high, Fraction(1)), qualifier="about" if hedged else None)


def _cleared(old: Funding, amount: Money, field: str) -> tuple[Payment, ...]:
    """The tranches still due once ``amount`` is paid: the earliest due tranche of exactly that amount is cleared;
    without one, the earliest larger tranche is paid down by the amount (the rest stays due). A payment larger than
    every tranche due is refused: it pays something never scheduled."""
    if not old.due:
        return ()
    for i, tranche in enumerate(old.due):
        t = tranche.amount
        if (t.low, t.high, t.currency) == (amount.low, amount.high, amount.currency):
            return (*old.due[:i], *old.due[i + 1 :])
    for i, tranche in enumerate(old.due):
        t = tranche.amount
        if t.currency == amount.currency and amount.high < t.low:
            rest = _changed(tranche, amount=_less(t, amount))
            return (*old.due[:i], rest, *old.due[i + 1 :])
    scheduled = "; ".join(f"{p.amount}" + (f" due {p.due}" if p.due else "") for p in old.due)
    raise InvariantViolation(
        f"{old.investor!r} has no tranche of {amount} or more due to {old.investee!r} (due: {scheduled}): a "
        "payment pays a scheduled tranche, or part of one",
        field,
    )


def _fund(
    w: Writer,
    event: Event,
    investor: str,
    investee: str,
    committed: Money | None,
    paid: Money | None,
    due: tuple[Payment, ...] = (),
    *,
    clears: bool = False,
) -> None:
    """Add what ``event`` committed and paid to ``investor``'s funding of ``investee``; paid never exceeds what was
    committed, where a commitment is on the record. With ``clears``, the payment clears the tranche it pays."""
    if committed is None and paid is None and not due:
        return
    key = keys.funding(investee, investor)
    old: Funding = w.get(key) or Funding(investor=investor, investee=investee)
    still_due = _cleared(old, paid, "amount") if clears and paid is not None else old.due
    try:
        total = _plus(old.committed, committed)
        paid_total = _plus(old.paid, paid)
    except CurrencyError as exc:
        raise InvariantViolation(str(exc), "amount") from None
    if total is not None and paid_total is not None and paid_total.low > total.high:
        raise InvariantViolation(
            f"{investor!r} would have paid {paid_total.low:,} {paid_total.currency} to {investee!r}, more than the "
            f"{total.high:,} it committed",
            "paid",
        )
    w.set(
        key,
        Funding(
            investor=investor,
            investee=investee,
            committed=total,
            paid=paid_total,
            due=(*still_due, *due) if due else still_due,
            committed_by=(*old.committed_by, event.id) if committed is not None else old.committed_by,
            paid_by=(*old.paid_by, event.id) if paid is not None else old.paid_by,
            disclosed_committed=old.disclosed_committed,
            disclosed_paid=old.disclosed_paid,
            disclosed_by=old.disclosed_by,
            disclosed_as_of=old.disclosed_as_of,
        ),
    )


def _plus(a: Money | None, b: Money | None) -> Money | None:
    if a is None or b is None:
        return a if b is None else b
    return a + b


def _less(a: Money, b: Money | None) -> Money:
    """``a`` less ``b``, as a range that never goes below zero.

    Raises:
        CurrencyError: The currencies differ.
    """
    if b is None:
        return a
    if a.currency != b.currency:
        raise CurrencyError(f"cannot subtract {b.currency} from {a.currency}")
    return Money(
        low=max(a.low - b.high, Decimal(0)),
        high=max(a.high - b.low, Decimal(0)),
        currency=a.currency,
        qualifier=combined_qualifier((a.qualifier, b.qualifier)),
    )


def _fewest_digits(a: Stake, b: Stake) -> int | None:
    """The precision of a sum of two stakes: the fewer significant digits of the two (None if both are exact)."""
    if a.qualifier is None and b.qualifier is None and a.digits is None and b.digits is None:
        return None
    return min((p for p in (a.precision, b.precision) if p is not None), default=None)


_ONE = Fraction(1)


def _add_line(table: CapTable, holder: str, new: Stake, event: Event, computed: bool) -> CapTable:
    """``table`` with ``new`` added to ``holder``'s line (a computed line when the holder already had one)."""
    if holder in table:
        old = table[holder]
        new = Stake(
            low=old.low + new.low,
            high=min(old.high + new.high, _ONE),
            basis=new.basis or old.basis,
            qualifier=combined_qualifier((old.qualifier, new.qualifier)),
            digits=_fewest_digits(old, new),
        )
        computed = True
    return table.with_holder(holder, new, event_id=event.id, as_of=event.date, computed=computed)


@attrs.frozen(kw_only=True, repr=False)
class Invested(Event):
    """An investor committed money to an entity, and paid some or all of it.

    ``amount`` is what was committed (promised); ``paid`` what of it was paid on this date, when stated (a
    later payment is an :class:`InvestmentPaid`). Both add to :meth:`State.funding <aitimeline.State.funding>`.

    With a reported ``stake``, the investment dilutes every existing holder of the entity's cap table pro rata
    and adds the investor's new share (starting a cap table if the record had none). With ``amount`` and
    ``valuation`` but no stake (post-money unless ``valuation_basis`` says pre-money), the share they imply
    dilutes an existing cap table the same way, but never starts one: a lone implied share would read as if the
    investor were the only known owner. A round with several investors is one :class:`RoundRaised`.
    """

    investor: str = entity_field()
    investee: str = entity_field("organization")
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    paid: Money | None = attrs.field(default=None, validator=non_negative)
    instrument: str | None = None
    round: str | None = None
    valuation: Money | None = attrs.field(default=None, validator=non_negative)
    valuation_basis: ValuationBasis | None = None
    stake: Stake | None = None

    def bought(self) -> Stake | None:
        """The share of the investee this investment bought, if the record says or implies it."""
        if self.stake is not None:
            return self.stake
        if self.amount is not None and self.valuation is not None and self.valuation.low > 0:
            return _fraction_bought(self.amount, self.valuation, self.valuation_basis)
        return None

    def apply(self, w: Writer) -> None:
        new = self.bought()
        existing: CapTable | None = w.get(keys.cap_table(self.investee))
        result = None
        if new is not None and (existing is not None or self.stake is not None):
            diluted = (existing or CapTable()).diluted(new, self.id)
            result = _add_line(diluted, self.investor, new, self, computed=self.stake is None)
            _check_total(self.investee, result, "stake")
        _fund(w, self, self.investor, self.investee, self.amount, self.paid)
        if result is not None:
            w.set(keys.cap_table(self.investee), result)


def _participations(value: Iterable[Participation]) -> tuple[Participation, ...]:
    return tuple(value)


def _distinct_investors(
    instance: RoundRaised, attribute: attrs.Attribute[Any], value: tuple[Participation, ...]
) -> None:
    names = [p.investor for p in value]
    if len(set(names)) != len(names):
        raise FieldError(attribute.name, "each investor appears once in a round")


@attrs.frozen(kw_only=True, repr=False)
class RoundRaised(Event):
    """An entity raised a funding round from several investors: each with what it committed (and paid at the
    close, and still owes in tranches), and its stake where one is reported.

    With a valuation (and, on a post-money basis, the money raised), the round has a price: its pre-money
    valuation (:meth:`price`, a :class:`~aitimeline.Round`). Money paid in buys new shares at that price. At the
    close, each investor pays its ``paid`` (money committed and not reported paid buys nothing yet), and investors
    the record does not name pay what the round raised beyond what the participations account for (their
    ``amount``, or what they paid and still owe); scheduled or conditional tranches, and commitments not reported
    paid, buy nothing until an :class:`InvestmentPaid` naming the round pays them.
    Every existing line shrinks by the same factor (the share sold, :meth:`sold`) and names the round
    (:meth:`CapTable.line <aitimeline.CapTable.line>`); each paying investor's line grows by what its money bought
    (a derived line), or is set to its reported stake where one is reported; the money of investors the record
    does not name dilutes every line and credits none. Paid in full, a holder's line is exactly ``old × pre / post
    + paid / post``. Without a price, the round dilutes by the investors' reported stakes added up, and only they
    get a line.
    """

    entity: str = entity_field("organization")
    investors: tuple[Participation, ...] = attrs.field(converter=_participations, validator=_distinct_investors)
    round: str | None = None
    raised: Money | None = attrs.field(default=None, validator=non_negative)
    valuation: Money | None = attrs.field(default=None, validator=non_negative)
    valuation_basis: ValuationBasis | None = None

    def entity_refs(self) -> Iterator[tuple[str, str]]:
        yield from super().entity_refs()
        for i, part in enumerate(self.investors):
            yield f"investors[{i}].investor", part.investor

    def price(self) -> Round | None:
        """The round's price before any money came in, if the record gives it: its valuation on a pre-money basis,
        or the post-money valuation less the money raised (as a :class:`~aitimeline.Round` with nothing paid).

        Raises:
            CurrencyError: The valuation and the money raised are in two currencies.
        """
        close = self._close()
        if close.price is None:
            return None
        return Round(
            entity=self.entity,
            event_id=self.id,
            pre_money=close.price.pre_money,
            paid=_none_of(close.price.paid),
            raised=self.raised,
        )

    def paid_at_close(self) -> tuple[tuple[Money | None, ...], Money | None]:
        """What each investor (in order) paid at the close (its ``paid``; None where none is reported), and what
        investors the record does not name paid: the money raised less what the participations account for (their
        commitments, or what they paid and still owe), None without ``raised``.

        Raises:
            CurrencyError: Amounts in two currencies.
            ValueError: The participations account for more money than the round raised.
        """
        close = self._close()
        return tuple(p.paid for p in self.investors), close.others

    def sold(self) -> Stake | None:
        """The share of the entity the round sold at its close, if the record says or implies it: the money paid
        at the close at the round's price, or, without a price, the investors' reported stakes added up."""
        return self._close().sold

    def _close(self) -> _Close:
        """The round's price, what investors the record does not name paid, and the share sold at the close: one
        pass over the participations, in exact decimals (a round is replayed often; see the instruction budgets)."""
        v, raised = self.valuation, self.raised
        if v is None or v.high <= 0 or (self.valuation_basis != "pre-money" and raised is None):
            return _Close(None, None, self._sold_by_stakes())
        currency = v.currency
        if raised is not None:
            _in(currency, raised)
        hedged = v.qualifier is not None
        paid_low = paid_high = accounted_low = accounted_high = _ZERO
        for part in self.investors:
            if part.paid is not None:
                paid = _in(currency, part.paid)
                paid_low, paid_high = paid_low + paid.low, paid_high + paid.high
                hedged = hedged or paid.qualifier is not None
            # what the participation accounts for: its commitment, or what it paid and still owes
            shares = (part.amount,) if part.amount is not None else (part.paid, *(t.amount for t in part.tranches))
            for share in shares:
                if share is not None:
                    share = _in(currency, share)
                    accounted_low, accounted_high = accounted_low + share.low, accounted_high + share.high
        others = None
        if raised is not None:
            if accounted_low > raised.high:
                raise ValueError(
                    f"the investors account for {accounted_low:,} {currency}, more than the {raised} the round raised"
                )
            hedged = hedged or raised.qualifier is not None
            others_low, others_high = (
                max(raised.low - accounted_high, _ZERO),
                max(raised.high - accounted_low, _ZERO),
            )
            others = (
                Money(
                    low=others_low,
                    high=others_high,
                    currency=currency,
                    qualifier="about" if hedged and others_low != others_high else None,
                )
                if others_high
                else None
            )
            paid_low, paid_high = paid_low + (others.low if others else 0), paid_high + (others.high if others else 0)
        if self.valuation_basis == "pre-money":
            pre = v
        else:
            assert raised is not None
            pre = Money(
                low=max(v.low - raised.high, Decimal(0)),
                high=max(v.high - raised.low, Decimal(0)),
                currency=currency,
                qualifier=combined_qualifier((v.qualifier, raised.qualifier)),
            )
        paid = Money(low=paid_low, high=paid_high, currency=currency, qualifier="about" if hedged else None)
        price = Round(entity=self.entity, event_id=self.id, pre_money=pre, paid=paid, raised=raised)
        sold = price.share(paid, paid) if paid_high > 0 else None
        return _Close(price, others, sold)

    def _sold_by_stakes(self) -> Stake | None:
        stakes = [p.stake for p in self.investors if p.stake is not None]
        if not stakes:
            return None
        return Stake(
            low=sum((s.low for s in stakes), Fraction(0)),
            high=min(sum((s.high for s in stakes), Fraction(0)), Fraction(1)),
            qualifier=combined_qualifier(s.qualifier for s in stakes),
        )

    def apply(self, w: Writer) -> None:
        try:
            close = self._close()
        except CurrencyError as exc:
            raise InvariantViolation(str(exc), "investors") from None
        except ValueError as exc:
            raise InvariantViolation(str(exc), "raised") from None
        price, sold = close.price, close.sold
        existing: CapTable | None = w.get(keys.cap_table(self.entity))
        reported = [p for p in self.investors if p.stake is not None]
        result = None
        if sold is not None and (existing is not None or reported):
            result = (existing or CapTable()).diluted(sold, self.id)
            for part in self.investors:
                if part.stake is not None:
                    result = _add_line(result, part.investor, part.stake, self, computed=False)
                elif price is not None and part.paid is not None and part.paid.high > 0:
                    bought = price.share(part.paid, price.paid)  # what it paid, of all that came in at the close
                    result = _add_line(result, part.investor, bought, self, computed=True)
            _check_total(self.entity, result, "investors")
        for part in self.investors:
            _fund(w, self, part.investor, self.entity, part.amount, part.paid, part.tranches)
        if result is not None:
            w.set(keys.cap_table(self.entity), result)
        if price is not None:
            w.set(keys.funding_round(self.entity, self.id), price)


class _Close(NamedTuple):
    """A round at its close: its price with the money paid at the close (None without a price), what investors
    the record does not name paid, and the share sold."""

    price: Round | None
    others: Money | None
    sold: Stake | None


_ZERO = Decimal(0)


def _in(currency: str, amount: Money) -> Money:
    """``amount``, which must be in ``currency``.

    Raises:
        CurrencyError: It is in another one.
    """
    if amount.currency != currency:
        raise CurrencyError(f"the round's amounts are in {currency} and {amount.currency}")
    return amount


def _none_of(amount: Money) -> Money:
    return Money(low=Decimal(0), high=Decimal(0), currency=amount.currency)


_WHOLE = Stake.of(1)


def _ratio(a: Decimal, b: Decimal) -> Fraction:
    """``a / b`` exactly, with one reduction."""
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    return Fraction(an * bd, ad * bn)


@attrs.frozen(kw_only=True, repr=False)
class InvestmentPaid(Event):
    """An investor paid money it had committed (a tranche of an investment or of a round).

    The payment clears the tranche it pays: the earliest tranche still due from the investor of exactly that
    amount (:attr:`Funding.due <aitimeline.Funding.due>`); with tranches due and none of that amount, it is refused.
    ``tranche`` describes it in the source's words. With ``round`` (the id of the :class:`RoundRaised` that priced
    it), the money buys new shares at that round's price: every line of the cap table is diluted and the
    investor's line grows by what it bought (:class:`~aitimeline.Round`); paying more into a round than it raised
    is refused.
    """

    investor: str = entity_field()
    investee: str = entity_field("organization")
    amount: Money = attrs.field(validator=non_negative)
    tranche: str | None = None
    round: str | None = None

    def apply(self, w: Writer) -> None:
        price: Round | None = None
        result = None
        if self.round is not None:
            price = w.get(keys.funding_round(self.investee, self.round))
            if price is None:
                raise InvariantViolation(f"{self.investee!r} raised no priced round {self.round!r}", "round")
            try:
                after = price.after(self.amount)
            except CurrencyError as exc:
                raise InvariantViolation(str(exc), "amount") from None
            if price.raised is not None and after.paid.low > price.raised.high:
                raise InvariantViolation(
                    f"paying {self.amount} into {self.round!r} would bring it to {after.paid}, more than the "
                    f"{price.raised} it raised",
                    "amount",
                )
            table: CapTable | None = w.get(keys.cap_table(self.investee))
            if table is not None:
                bought = price.sold_by(self.amount)
                result = _add_line(table.diluted(bought, self.id), self.investor, bought, self, computed=True)
                _check_total(self.investee, result, "amount")
            price = after
        _fund(w, self, self.investor, self.investee, None, self.amount, clears=True)
        if result is not None:
            w.set(keys.cap_table(self.investee), result)
        if price is not None:
            w.set(keys.funding_round(self.investee, self.round or ""), price)


def _some_figure(instance: FundingReported, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.committed is None and instance.paid is None:
        raise FieldError(attribute.name, "a disclosure gives the amount committed, the amount funded, or both")
    if instance.committed is not None and instance.paid is not None and instance.paid.low > instance.committed.high:
        raise FieldError("paid", f"{instance.paid} funded is more than the {instance.committed} committed")


@attrs.frozen(kw_only=True, repr=False)
class FundingReported(Event):
    """An investor's cumulative funding of an entity was disclosed as of the event's date (a 10-Q's "total funding
    commitments of $13 billion, of which $11.6 billion had been funded as of September 30"; ``recorded``: the day
    it was filed).

    The figures are kept as disclosed (:attr:`Funding.disclosed_committed <aitimeline.Funding.disclosed_committed>`,
    ``disclosed_paid``), beside the sums of the commitments and payments on the record, which they do not
    change; :meth:`Timeline.reconcile <aitimeline.Timeline.reconcile>` compares the two.
    """

    investor: str = entity_field()
    investee: str = entity_field("organization")
    committed: Money | None = attrs.field(default=None, validator=non_negative)
    paid: Money | None = attrs.field(default=None, validator=[non_negative, _some_figure])

    def apply(self, w: Writer) -> None:
        key = keys.funding(self.investee, self.investor)
        old: Funding = w.get(key) or Funding(investor=self.investor, investee=self.investee)
        w.set(
            key,
            _changed(
                old,
                disclosed_committed=self.committed,
                disclosed_paid=self.paid,
                disclosed_by=self.id,
                disclosed_as_of=self.date,
            ),
        )


@attrs.frozen(kw_only=True, repr=False)
class StakeReported(Event):
    """A holder's stake in an entity was reported; it sets that holder's line of the cap table.

    With ``out_of``, the stake is carved out of another line (``"other-holders"``, a line that stood for
    several holders): that line shrinks by the stake, so the table never counts it twice. With
    ``counterfactual``, the figure describes no holding on its date (``"excluding the impact of recent funding
    rounds"``): it is kept as reported (:meth:`State.reported_stake <aitimeline.State.reported_stake>`) and the
    cap table is left alone.
    """

    holder: str = entity_field()
    entity: str = entity_field("organization")
    stake: Stake
    out_of: str | None = entity_field(default=None)
    counterfactual: str | None = None

    def apply(self, w: Writer) -> None:
        if self.counterfactual is not None:
            figure = StakeFigure(
                holder=self.holder,
                entity=self.entity,
                stake=self.stake,
                basis=self.counterfactual,
                event_id=self.id,
                as_of=self.date,
            )
            w.set(keys.stake_report(self.entity, self.holder), figure)
            return
        table: CapTable = w.get(keys.cap_table(self.entity)) or CapTable()
        if self.out_of is not None:
            if self.out_of not in table:
                raise InvariantViolation(f"{self.out_of!r} has no line in {self.entity!r}'s cap table", "out_of")
            rest = table[self.out_of]
            if rest.low < self.stake.high and rest.high < self.stake.low:
                raise InvariantViolation(f"{self.out_of!r}'s line is smaller than the stake carved out of it", "stake")
            left = Stake(
                low=max(rest.low - self.stake.high, Fraction(0)),
                high=max(rest.high - self.stake.low, Fraction(0)),
                basis=rest.basis,
                qualifier=combined_qualifier((rest.qualifier, self.stake.qualifier)),
            )
            table = table.with_holder(self.out_of, left, event_id=self.id, as_of=self.date, computed=True)
        result = table.with_holder(self.holder, self.stake, event_id=self.id, as_of=self.date)
        _check_total(self.entity, result, "stake")
        w.set(keys.cap_table(self.entity), result)


def _cap_table(value: Mapping[str, Stake]) -> CapTable:
    return value if isinstance(value, CapTable) else CapTable(value)


@attrs.frozen(kw_only=True, repr=False)
class Recapitalized(Event):
    """An entity's whole cap table was set anew (a recapitalisation)."""

    entity: str = entity_field("organization")
    cap_table: CapTable = attrs.field(converter=_cap_table)

    def entity_refs(self) -> Iterator[tuple[str, str]]:
        yield from super().entity_refs()
        for holder in self.cap_table:
            yield f"cap_table.{holder}", holder

    def apply(self, w: Writer) -> None:
        _check_total(self.entity, self.cap_table, "cap_table")
        table = CapTable(dict(self.cap_table), event_id=self.id, as_of=self.date)
        w.set(keys.cap_table(self.entity), table)


def _tiers(value: Iterable[ProfitTier]) -> tuple[ProfitTier, ...]:
    return tuple(value)


def _some_tier(instance: InterestReported, attribute: attrs.Attribute[Any], value: tuple[ProfitTier, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "a profit-sharing interest has at least one tier")


@attrs.frozen(kw_only=True, repr=False)
class InterestReported(Event):
    """An economic interest other than equity was reported: a share of an entity's profits, in tiers (75 %
    until the investment is recouped, then 49 %...), with a cap where one was reported."""

    holder: str = entity_field()
    entity: str = entity_field("organization")
    tiers: tuple[ProfitTier, ...] = attrs.field(converter=_tiers, validator=_some_tier)
    cap: Money | None = attrs.field(default=None, validator=non_negative)
    cap_stated: str | None = None

    def apply(self, w: Writer) -> None:
        interest = Interest(
            holder=self.holder,
            entity=self.entity,
            kind="profit-share",
            tiers=self.tiers,
            cap=self.cap,
            cap_stated=self.cap_stated,
            event_id=self.id,
            as_of=self.date,
        )
        w.set(keys.interest(self.entity, self.holder), interest)


# --- people --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class RoleBegan(Event):
    """A person took a role in an organisation (ceo, interim-ceo, president, chair, director, board-observer).

    ``role`` and ``reason`` are registered words. A role that one person holds at a time (``ceo``, ``chair``...:
    the vocabulary's ``single`` roles) cannot be taken while someone else holds it, unless ``shared`` says the
    record declares co-holders (co-CEOs).
    """

    person: str = entity_field("person")
    org: str = entity_field("organization")
    role: str = word_field("role")
    reason: str = word_field("reason")
    shared: bool = False

    def apply(self, w: Writer) -> None:
        key = keys.role(self.org, self.role)
        holders: tuple[str, ...] = w.get(key) or ()
        if self.person in holders:
            raise InvariantViolation(f"{self.person!r} already holds {self.role!r} at {self.org!r}", "person")
        if holders and not self.shared and self.role in w.words.single:
            raise InvariantViolation(
                f"{', '.join(holders)} already holds {self.role!r} at {self.org!r}, a role held by one person at a"
                " time: end that role first, or set shared = true if the record declares co-holders",
                "role",
            )
        names: tuple[str, ...] = w.get(keys.role_names(self.org)) or ()
        if self.role not in names:
            w.set(keys.role_names(self.org), tuple(sorted((*names, self.role))))
        w.set(key, _with(holders, self.person))


@attrs.frozen(kw_only=True, repr=False)
class RoleEnded(Event):
    """A person left a role (fired, resigned, removed...); the role must be held."""

    person: str = entity_field("person")
    org: str = entity_field("organization")
    role: str = word_field("role")
    reason: str = word_field("reason")

    def apply(self, w: Writer) -> None:
        key = keys.role(self.org, self.role)
        holders: tuple[str, ...] = w.get(key) or ()
        if self.person not in holders:
            raise InvariantViolation(
                f"{self.person!r} does not hold {self.role!r} at {self.org!r}, so cannot leave it", "person"
            )
        w.set(key, _without(holders, self.person))


@attrs.frozen(kw_only=True, repr=False)
class SeatGranted(Event):
    """An organisation was given a seat at another's board (a non-voting observer seat), whoever fills it."""

    holder: str = entity_field("organization")
    org: str = entity_field("organization")
    seat: str = word_field("role")

    def apply(self, w: Writer) -> None:
        key = keys.seats(self.org, self.seat)
        held: tuple[str, ...] = w.get(key) or ()
        if self.holder in held:
            raise InvariantViolation(f"{self.holder!r} already holds a {self.seat!r} seat at {self.org!r}", "holder")
        w.set(key, tuple(sorted((*held, self.holder))))


@attrs.frozen(kw_only=True, repr=False)
class SeatGivenUp(Event):
    """An organisation gave up (or lost) its seat at another's board."""

    holder: str = entity_field("organization")
    org: str = entity_field("organization")
    seat: str = word_field("role")

    def apply(self, w: Writer) -> None:
        key = keys.seats(self.org, self.seat)
        held: tuple[str, ...] = w.get(key) or ()
        if self.holder not in held:
            raise InvariantViolation(f"{self.holder!r} holds no {self.seat!r} seat at {self.org!r}", "holder")
        w.set(key, tuple(h for h in held if h != self.holder))


# --- agreements ----------------------------------------------------------------------------------------------


def _two_parties(instance: AgreementSigned, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if len(set(value)) < 2:
        raise FieldError(attribute.name, "an agreement needs at least two distinct parties")


def _current(w: Writer, key: Key, what: str, field: str) -> object:
    value = w.get(key)
    if value is None or not value.in_force:
        raise InvariantViolation(f"{what} {key[-1]!r} is not in force", field)
    return value


@attrs.frozen(kw_only=True, repr=False)
class AgreementSigned(Event):
    """An agreement was signed between two or more parties, with its terms."""

    agreement: str
    parties: tuple[str, ...] = entity_list_field(validator=_two_parties)
    title: str | None = None
    terms: Terms = attrs.field(factory=Terms)

    def apply(self, w: Writer) -> None:
        old = w.get(keys.agreement(self.agreement))
        if old is not None and old.in_force:
            raise InvariantViolation(f"agreement {self.agreement!r} is already in force", "agreement")
        agreement = Agreement(
            id=self.agreement,
            parties=self.parties,
            title=self.title,
            terms=self.terms,
            signed=self.date,
            changed=self.date,
            versions=(TermsVersion(event_id=self.id, date=self.date, terms=self.terms),),
        )
        _store(w, keys.agreement(self.agreement), agreement, "agreements", _each_party(self.parties))
        known = old.parties if old is not None else ()
        _add_id(w, "agreements", (p for p in self.parties if p not in known), self.agreement)


@attrs.frozen(kw_only=True, repr=False)
class AgreementAmended(Event):
    """An agreement in force was amended: the terms stated here replace the old ones."""

    agreement: str
    terms: Terms

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.agreement(self.agreement), "agreement", "agreement")
        assert isinstance(old, Agreement)
        version = TermsVersion(event_id=self.id, date=self.date, terms=self.terms)
        amended = _changed(
            old, terms=old.terms.updated(self.terms), changed=self.date, versions=(*old.versions, version)
        )
        _store(w, keys.agreement(self.agreement), amended, "agreements", _each_party(old.parties))


@attrs.frozen(kw_only=True, repr=False)
class AgreementEnded(Event):
    """An agreement in force ended."""

    agreement: str

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.agreement(self.agreement), "agreement", "agreement")
        assert isinstance(old, Agreement)
        ended = _changed(old, in_force=False, changed=self.date)
        _store(w, keys.agreement(self.agreement), ended, "agreements", _each_party(old.parties))


# --- compute -------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class ComputeCommitted(Event):
    """A buyer committed to buy compute from a supplier: gigawatts, dollars, period, and how binding it is.

    ``capacity`` says what the gigawatts measure (a registered word: ``"chips"`` to be deployed, or
    ``"data-centre"`` power); :func:`~aitimeline.total_gigawatts` adds only gigawatts of one kind unless asked.
    ``within`` names a commitment this one is part of (Oracle's 4.5 GW are part of Stargate's 10 GW): totals
    count the capacity and dollars once.
    """

    commitment: str
    buyer: str = entity_field()
    supplier: str = entity_field()
    stage: Stage = word_field("stage")
    gigawatts: Quantity | None = attrs.field(default=None, validator=non_negative)
    capacity: str | None = word_field("capacity", default=None)
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    period: str | None = None
    within: str | None = None

    def apply(self, w: Writer) -> None:
        if self.within is not None and w.get(keys.commitment(self.within)) is None:
            raise InvariantViolation(f"commitment {self.within!r} (that this one sits inside) was never made", "within")
        old = w.get(keys.commitment(self.commitment))
        if old is not None and old.in_force:
            raise InvariantViolation(f"commitment {self.commitment!r} is already in force", "commitment")
        commitment = Commitment(
            id=self.commitment,
            buyer=self.buyer,
            supplier=self.supplier,
            gigawatts=self.gigawatts,
            amount=self.amount,
            period=self.period,
            stage=self.stage,
            since=self.date,
            within=self.within,
            status_since=self.date,
            capacity=self.capacity,
        )
        _store(w, keys.commitment(self.commitment), commitment, "commitments", _commitment_roles(commitment))
        known = (old.buyer, old.supplier) if old is not None else ()
        _add_id(w, "commitments", (p for p in (self.buyer, self.supplier) if p not in known), self.commitment)


_REVISABLE = ("gigawatts", "capacity", "amount", "period", "stage", "within")


def _some_change(instance: CommitmentRevised, attribute: attrs.Attribute[Any], value: object) -> None:
    if all(getattr(instance, f) is None for f in _REVISABLE):
        raise FieldError(attribute.name, f"a revision changes at least one of {', '.join(_REVISABLE)}")


@attrs.frozen(kw_only=True, repr=False)
class CommitmentRevised(Event):
    """A commitment in force was revised: expanded, made definitive, re-timed, reported stalled (``stage =
    "stalled"``), or found to sit inside another (``within``)."""

    commitment: str = attrs.field(validator=_some_change)
    gigawatts: Quantity | None = attrs.field(default=None, validator=non_negative)
    capacity: str | None = word_field("capacity", default=None)
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    period: str | None = None
    stage: Stage | None = word_field("stage", default=None)
    within: str | None = None

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.commitment(self.commitment), "commitment", "commitment")
        assert isinstance(old, Commitment)
        if self.within is not None and w.get(keys.commitment(self.within)) is None:
            raise InvariantViolation(f"commitment {self.within!r} was never made", "within")
        changes: dict[str, Any] = {f: getattr(self, f) for f in _REVISABLE if getattr(self, f) is not None}
        if self.stage is not None and self.stage != old.stage:
            changes["status_since"] = self.date
        revised = _changed(old, **changes)
        _store(w, keys.commitment(self.commitment), revised, "commitments", _commitment_roles(revised))


@attrs.frozen(kw_only=True, repr=False)
class CommitmentEnded(Event):
    """A commitment in force ended or was cancelled, or was replaced by another record (``replaced_by``: the id of
    the commitment or event that took its place, such as an equity investment made instead)."""

    commitment: str
    replaced_by: str | None = None

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.commitment(self.commitment), "commitment", "commitment")
        assert isinstance(old, Commitment)
        ended = _changed(old, in_force=False, replaced_by=self.replaced_by, status_since=self.date)
        _store(w, keys.commitment(self.commitment), ended, "commitments", _commitment_roles(ended))


# --- warrants ------------------------------------------------------------------------------------------------


def _tranches_fit(instance: WarrantIssued, attribute: attrs.Attribute[Any], value: tuple[Tranche, ...]) -> None:
    names = [t.name for t in value]
    if len(set(names)) != len(names):
        raise FieldError(attribute.name, "tranche names must be unique")
    sizes = [t.shares for t in value if t.shares is not None]
    if sum(sizes) > instance.shares:
        raise FieldError(
            attribute.name, f"tranches add up to {sum(sizes)} shares, more than the warrant's {instance.shares}"
        )


def _tranche_tuple(value: Iterable[Tranche]) -> tuple[Tranche, ...]:
    return tuple(value)


def _positive(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value <= 0:
        raise FieldError(attribute.name, f"{attribute.name} must be positive, got {value}")


@attrs.frozen(kw_only=True, repr=False)
class WarrantIssued(Event):
    """An issuer granted a holder a warrant to buy shares, vesting in tranches on conditions."""

    warrant: str
    issuer: str = entity_field()
    holder: str = entity_field()
    shares: int = attrs.field(validator=_positive)
    exercise_price: Money = attrs.field(validator=non_negative)
    tranches: tuple[Tranche, ...] = attrs.field(converter=_tranche_tuple, validator=_tranches_fit, default=())

    def apply(self, w: Writer) -> None:
        if w.get(keys.warrant(self.warrant)) is not None:
            raise InvariantViolation(f"warrant {self.warrant!r} was already issued", "warrant")
        warrant = Warrant(
            id=self.warrant,
            issuer=self.issuer,
            holder=self.holder,
            shares=self.shares,
            exercise_price=self.exercise_price,
            tranches=self.tranches,
        )
        _store(w, keys.warrant(self.warrant), warrant, "warrants", _warrant_roles(warrant))


def _issued(w: Writer, warrant: str) -> Warrant:
    value = w.get(keys.warrant(warrant))
    if value is None:
        raise InvariantViolation(f"warrant {warrant!r} was never issued", "warrant")
    assert isinstance(value, Warrant)
    return value


@attrs.frozen(kw_only=True, repr=False)
class TrancheVested(Event):
    """One tranche of a warrant vested."""

    warrant: str
    tranche: str

    def apply(self, w: Writer) -> None:
        old = _issued(w, self.warrant)
        if self.tranche not in {t.name for t in old.tranches}:
            raise InvariantViolation(f"warrant {self.warrant!r} has no tranche {self.tranche!r}", "tranche")
        if self.tranche in old.vested:
            raise InvariantViolation(f"tranche {self.tranche!r} of {self.warrant!r} already vested", "tranche")
        vested = _changed(old, vested=(*old.vested, self.tranche))
        _store(w, keys.warrant(self.warrant), vested, "warrants", _warrant_roles(vested))


@attrs.frozen(kw_only=True, repr=False)
class WarrantExercised(Event):
    """Vested warrant shares were exercised."""

    warrant: str
    shares: int = attrs.field(validator=_positive)

    def apply(self, w: Writer) -> None:
        old = _issued(w, self.warrant)
        vested = old.vested_shares
        if not old.vested:
            raise InvariantViolation(f"no tranche of {self.warrant!r} has vested", "shares")
        if vested is not None and old.exercised + self.shares > vested:
            raise InvariantViolation(
                f"exercising {self.shares} shares would exceed the {vested - old.exercised} vested and unexercised",
                "shares",
            )
        exercised = _changed(old, exercised=old.exercised + self.shares)
        _store(w, keys.warrant(self.warrant), exercised, "warrants", _warrant_roles(exercised))


# --- figures and the record ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class MetricReported(Event):
    """A figure about an entity was reported: valuation, revenue, spending, headcount, market value.

    ``period`` says what time it covers ("2024", "December 2023"); ``basis`` how it is measured
    ("post-money", "pre-money", "annualized", "projected").
    """

    entity: str = entity_field()
    metric: str = word_field("metric")
    value: Money | Quantity
    period: str | None = None
    basis: str | None = None

    def apply(self, w: Writer) -> None:
        w.set(
            keys.metric(self.entity, self.metric),
            MetricValue(value=self.value, period=self.period, basis=self.basis, reported=self.date, event_id=self.id),
        )


@attrs.frozen(kw_only=True, repr=False)
class OfferMade(Event):
    """An offer was made (for example to hire a company's staff); on the record only."""

    by: str = entity_field()
    to: str = entity_field()
    offer: str


@attrs.frozen(kw_only=True, repr=False)
class LetterPublished(Event):
    """An open letter was published (for example by a company's employees); on the record only."""

    by: str = entity_field()
    signatories: Quantity | None = attrs.field(default=None, validator=non_negative)
    staff: Quantity | None = attrs.field(default=None, validator=non_negative)
    demands: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class FundingSought(Event):
    """Someone sought or pitched funding; on the record only."""

    seeker: str = entity_field()
    purpose: str
    amount: Money | None = attrs.field(default=None, validator=non_negative)


@attrs.frozen(kw_only=True, repr=False)
class Announced(Event):
    """Anything else that belongs on the record without changing the state (a launch, a plan, a statement)."""

    subjects: tuple[str, ...] = entity_list_field()
    topic: str | None = None
