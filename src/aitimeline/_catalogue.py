"""The built-in event types: every kind of occurrence the record holds.

Each type registers in :func:`aitimeline.builtin_types` exactly as a user's own type would, and this module uses
only public names (``tests/test_api.py`` checks that): it is the worked example of the extension API
(``docs/extending.md``). Each ``apply`` checks first and writes last, so that an event it rejects leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs

from . import keys
from ._errors import FieldError, InvariantViolation
from ._events import Event, Writer, entity_field, entity_list_field
from ._persistent import CapTable, IdChain, with_in_force
from ._records import Agreement, Commitment, MetricValue, Warrant
from ._values import Money, Quantity, Stake, Terms, Tranche, non_negative
from .keys import Key

__all__ = [
    "AgreementAmended",
    "AgreementEnded",
    "AgreementSigned",
    "Announced",
    "CommitmentEnded",
    "CommitmentRevised",
    "ComputeCommitted",
    "Corrected",
    "Founded",
    "FundingSought",
    "Invested",
    "LetterPublished",
    "MetricReported",
    "OfferMade",
    "Recapitalized",
    "Reorganized",
    "Retracted",
    "RoleBegan",
    "RoleEnded",
    "StakeReported",
    "TrancheVested",
    "WarrantExercised",
    "WarrantIssued",
]

Stage: TypeAlias = Literal["letter-of-intent", "definitive"]
ValuationBasis: TypeAlias = Literal["pre-money", "post-money"]


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


def _check_total(entity: str, table: CapTable, field: str) -> None:
    if table.total_low > 1:
        raise InvariantViolation(
            f"stakes in {entity!r} would sum to {float(table.total_low) * 100:.4g} % (above 100 %)", field
        )


# --- organisations -------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Founded(Event):
    """An organisation was founded, with its name and legal form."""

    org: str = entity_field()
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


@attrs.frozen(kw_only=True)
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


def _fraction_bought(amount: Money, valuation: Money, basis: ValuationBasis | None) -> Stake:
    """The share an amount buys at a valuation, as an exact range (post-money unless said otherwise)."""
    lo_post = valuation.low if basis != "pre-money" else valuation.low + amount.low
    hi_post = valuation.high if basis != "pre-money" else valuation.high + amount.high
    low = Fraction(amount.low) / Fraction(hi_post)
    high = Fraction(amount.high) / Fraction(lo_post)
    hedged = amount.qualifier or valuation.qualifier
    return Stake(low=low, high=min(high, Fraction(1)), qualifier="about" if hedged else None)


@attrs.frozen(kw_only=True)
class Invested(Event):
    """An investor put money into an entity.

    With a reported ``stake``, the round dilutes every existing holder of the entity's cap table pro rata and
    adds the investor's new share (starting a cap table if the record had none). With ``amount`` and
    ``valuation`` but no stake (post-money unless ``valuation_basis`` says pre-money), the share they imply
    dilutes an existing cap table the same way, but never starts one: a lone implied share would read as if
    the investor were the only known owner.
    """

    investor: str = entity_field()
    investee: str = entity_field()
    amount: Money | None = attrs.field(default=None, validator=non_negative)
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
        if new is None or (existing is None and self.stake is None):
            return
        diluted = (existing or CapTable()).diluted(new)
        if self.investor in diluted:
            old = diluted[self.investor]
            new = attrs.evolve(new, low=old.low + new.low, high=min(old.high + new.high, Fraction(1)), stated=None)
        result = diluted.with_holder(self.investor, new)
        _check_total(self.investee, result, "stake")
        w.set(keys.cap_table(self.investee), result)


@attrs.frozen(kw_only=True)
class StakeReported(Event):
    """A holder's stake in an entity was reported; it sets that holder's line of the cap table."""

    holder: str = entity_field()
    entity: str = entity_field()
    stake: Stake

    def apply(self, w: Writer) -> None:
        table: CapTable = w.get(keys.cap_table(self.entity)) or CapTable()
        result = table.with_holder(self.holder, self.stake)
        _check_total(self.entity, result, "stake")
        w.set(keys.cap_table(self.entity), result)


def _cap_table(value: Mapping[str, Stake]) -> CapTable:
    return value if isinstance(value, CapTable) else CapTable(value)


@attrs.frozen(kw_only=True)
class Recapitalized(Event):
    """An entity's whole cap table was set anew (a recapitalisation)."""

    entity: str = entity_field()
    cap_table: CapTable = attrs.field(converter=_cap_table)

    def entity_refs(self) -> Iterator[tuple[str, str]]:
        yield from super().entity_refs()
        for holder in self.cap_table:
            yield f"cap_table.{holder}", holder

    def apply(self, w: Writer) -> None:
        _check_total(self.entity, self.cap_table, "cap_table")
        w.set(keys.cap_table(self.entity), self.cap_table)


# --- people --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RoleBegan(Event):
    """A person took a role in an organisation (ceo, interim-ceo, president, chair, director, board-observer)."""

    person: str = entity_field()
    org: str = entity_field()
    role: str
    reason: str

    def apply(self, w: Writer) -> None:
        key = keys.role(self.org, self.role)
        holders: tuple[str, ...] = w.get(key) or ()
        if self.person in holders:
            raise InvariantViolation(f"{self.person!r} already holds {self.role!r} at {self.org!r}", "person")
        names: tuple[str, ...] = w.get(keys.role_names(self.org)) or ()
        if self.role not in names:
            w.set(keys.role_names(self.org), tuple(sorted((*names, self.role))))
        w.set(key, tuple(sorted((*holders, self.person))))


@attrs.frozen(kw_only=True)
class RoleEnded(Event):
    """A person left a role (fired, resigned, removed...); the role must be held."""

    person: str = entity_field()
    org: str = entity_field()
    role: str
    reason: str

    def apply(self, w: Writer) -> None:
        key = keys.role(self.org, self.role)
        holders: tuple[str, ...] = w.get(key) or ()
        if self.person not in holders:
            raise InvariantViolation(
                f"{self.person!r} does not hold {self.role!r} at {self.org!r}, so cannot leave it", "person"
            )
        w.set(key, tuple(p for p in holders if p != self.person))


# --- agreements ----------------------------------------------------------------------------------------------


def _two_parties(instance: AgreementSigned, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if len(set(value)) < 2:
        raise FieldError(attribute.name, "an agreement needs at least two distinct parties")


def _current(w: Writer, key: Key, what: str, field: str) -> object:
    value = w.get(key)
    if value is None or not value.in_force:
        raise InvariantViolation(f"{what} {key[-1]!r} is not in force", field)
    return value


@attrs.frozen(kw_only=True)
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
        )
        _store(w, keys.agreement(self.agreement), agreement, "agreements", _each_party(self.parties))
        known = old.parties if old is not None else ()
        _add_id(w, "agreements", (p for p in self.parties if p not in known), self.agreement)


@attrs.frozen(kw_only=True)
class AgreementAmended(Event):
    """An agreement in force was amended: the terms stated here replace the old ones."""

    agreement: str
    terms: Terms

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.agreement(self.agreement), "agreement", "agreement")
        assert isinstance(old, Agreement)
        amended = attrs.evolve(old, terms=old.terms.updated(self.terms), changed=self.date)
        _store(w, keys.agreement(self.agreement), amended, "agreements", _each_party(old.parties))


@attrs.frozen(kw_only=True)
class AgreementEnded(Event):
    """An agreement in force ended."""

    agreement: str

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.agreement(self.agreement), "agreement", "agreement")
        assert isinstance(old, Agreement)
        ended = attrs.evolve(old, in_force=False, changed=self.date)
        _store(w, keys.agreement(self.agreement), ended, "agreements", _each_party(old.parties))


# --- compute -------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ComputeCommitted(Event):
    """A buyer committed to buy compute from a supplier: gigawatts, dollars, period, and how binding it is."""

    commitment: str
    buyer: str = entity_field()
    supplier: str = entity_field()
    stage: Stage
    gigawatts: Quantity | None = attrs.field(default=None, validator=non_negative)
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    period: str | None = None

    def apply(self, w: Writer) -> None:
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
        )
        _store(w, keys.commitment(self.commitment), commitment, "commitments", _commitment_roles(commitment))
        known = (old.buyer, old.supplier) if old is not None else ()
        _add_id(w, "commitments", (p for p in (self.buyer, self.supplier) if p not in known), self.commitment)


def _some_change(instance: CommitmentRevised, attribute: attrs.Attribute[Any], value: object) -> None:
    if all(getattr(instance, f) is None for f in ("gigawatts", "amount", "period", "stage")):
        raise FieldError(attribute.name, "a revision changes at least one of gigawatts, amount, period, stage")


@attrs.frozen(kw_only=True)
class CommitmentRevised(Event):
    """A commitment in force was revised: expanded, made definitive, re-timed."""

    commitment: str = attrs.field(validator=_some_change)
    gigawatts: Quantity | None = attrs.field(default=None, validator=non_negative)
    amount: Money | None = attrs.field(default=None, validator=non_negative)
    period: str | None = None
    stage: Stage | None = None

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.commitment(self.commitment), "commitment", "commitment")
        assert isinstance(old, Commitment)
        changes = {
            f: getattr(self, f) for f in ("gigawatts", "amount", "period", "stage") if getattr(self, f) is not None
        }
        revised = attrs.evolve(old, **changes)
        _store(w, keys.commitment(self.commitment), revised, "commitments", _commitment_roles(revised))


@attrs.frozen(kw_only=True)
class CommitmentEnded(Event):
    """A commitment in force ended or was cancelled."""

    commitment: str

    def apply(self, w: Writer) -> None:
        old = _current(w, keys.commitment(self.commitment), "commitment", "commitment")
        assert isinstance(old, Commitment)
        ended = attrs.evolve(old, in_force=False)
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


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
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
        vested = attrs.evolve(old, vested=(*old.vested, self.tranche))
        _store(w, keys.warrant(self.warrant), vested, "warrants", _warrant_roles(vested))


@attrs.frozen(kw_only=True)
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
        exercised = attrs.evolve(old, exercised=old.exercised + self.shares)
        _store(w, keys.warrant(self.warrant), exercised, "warrants", _warrant_roles(exercised))


# --- figures and the record ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MetricReported(Event):
    """A figure about an entity was reported: valuation, revenue, spending, headcount, market value.

    ``period`` says what time it covers ("2024", "December 2023"); ``basis`` how it is measured
    ("post-money", "pre-money", "annualized", "projected").
    """

    entity: str = entity_field()
    metric: str
    value: Money | Quantity
    period: str | None = None
    basis: str | None = None

    def apply(self, w: Writer) -> None:
        w.set(
            keys.metric(self.entity, self.metric),
            MetricValue(value=self.value, period=self.period, basis=self.basis, reported=self.date, event_id=self.id),
        )


@attrs.frozen(kw_only=True)
class OfferMade(Event):
    """An offer was made (for example to hire a company's staff); on the record only."""

    by: str = entity_field()
    to: str = entity_field()
    offer: str


@attrs.frozen(kw_only=True)
class LetterPublished(Event):
    """An open letter was published (for example by a company's employees); on the record only."""

    by: str = entity_field()
    signatories: Quantity | None = attrs.field(default=None, validator=non_negative)
    staff: Quantity | None = attrs.field(default=None, validator=non_negative)
    demands: str | None = None


@attrs.frozen(kw_only=True)
class FundingSought(Event):
    """Someone sought or pitched funding; on the record only."""

    seeker: str = entity_field()
    purpose: str
    amount: Money | None = attrs.field(default=None, validator=non_negative)


@attrs.frozen(kw_only=True)
class Announced(Event):
    """Anything else that belongs on the record without changing the state (a launch, a plan, a statement)."""

    subjects: tuple[str, ...] = entity_list_field()
    topic: str | None = None


# --- what was known when -------------------------------------------------------------------------------------


def _fields_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _not_itself(instance: Event, attribute: attrs.Attribute[Any], value: str) -> None:
    if value == instance.id:
        raise FieldError(attribute.name, f"an event cannot {attribute.name[:-1]} itself ({value!r})")


def _correctable(instance: Corrected, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    if not value:
        raise FieldError(attribute.name, "a correction names at least one field")
    for name in value:
        if name in ("id", "type", "recorded", "sources"):
            raise FieldError(f"{attribute.name}.{name}", f"{name!r} cannot be corrected")


@attrs.frozen(kw_only=True)
class Corrected(Event):
    """A later report corrected named fields of an earlier event.

    The correction is an event of its own, with its own date, ``recorded`` date and sources; it edits nothing.
    Known at or after its ``recorded`` date, every answer is as if ``corrects`` had been written with these
    fields; known before, answers are as the original said. ``fields`` maps field names to new values of the
    fields' own types (``{"amount": Money.of("2000000000")}``); in an event file they are written as the field
    would be (``amount = { value = "2000000000", currency = "USD" }``) and the loader types them once it knows
    the corrected event's type. A corrected ``date`` moves the event in valid time.
    """

    corrects: str = attrs.field(validator=_not_itself)
    fields: Mapping[str, Any] = attrs.field(converter=_fields_map, validator=_correctable)


@attrs.frozen(kw_only=True)
class Retracted(Event):
    """A later report withdrew an earlier event: known at or after its ``recorded`` date, every answer is as if
    the retracted event had never been recorded. It deletes nothing: both stay in ``Timeline.events``."""

    retracts: str = attrs.field(validator=_not_itself)
    reason: str | None = None
