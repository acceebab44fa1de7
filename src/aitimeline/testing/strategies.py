"""Hypothesis strategies: values, the generated world of organisations and people, the makers of events (the
built-in kinds' and yours, through one :data:`EventMaker` interface) and whole timelines.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

import attrs
from hypothesis import strategies as st

from aitimeline import events as c
from aitimeline import keys
from aitimeline._core.dates import PartialDate
from aitimeline._core.entities import Entity, Organization, Person
from aitimeline._core.errors import InvariantViolation
from aitimeline._core.values import (
    Alternative,
    Money,
    Participation,
    ProfitTier,
    Quantity,
    RevenueShare,
    Source,
    Stake,
    Terms,
    Tranche,
)
from aitimeline._engine.events import Event, Origin
from aitimeline._engine.replay import step
from aitimeline._engine.state import State
from aitimeline._engine.timeline import Timeline
from aitimeline.keys import Key

__all__ = [
    "BUILTIN_MAKERS",
    "ORGANIZATIONS",
    "PEOPLE",
    "EventMaker",
    "GeneratedTimeline",
    "events",
    "money",
    "partial_dates",
    "quantities",
    "sources",
    "stakes",
    "terms",
    "timelines",
]


# =================================================================================================================
# Strategies: values, the makers of the built-in event types, whole timelines
# =================================================================================================================

_QUALIFIERS: tuple[Any, ...] = (None, "about", "at-least", "up-to")
T = TypeVar("T")


@functools.cache
def partial_dates(min_year: int = 2000, max_year: int = 2030) -> st.SearchStrategy[PartialDate]:
    """Dates at day, month or year precision; shrinks towards day-precise dates early in ``min_year``."""
    days = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    return st.one_of(
        days.map(PartialDate.from_date),
        days.map(lambda d: PartialDate(d.year, d.month)),
        days.map(lambda d: PartialDate(d.year)),
    )


@functools.cache
def _decimals(max_value: int = 10**12) -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda units, cents: Decimal(units) + Decimal(cents) / 100,
        st.integers(0, max_value),
        st.integers(0, 99),
    )


@functools.cache
def money(currency: str = "USD") -> st.SearchStrategy[Money]:
    """Exact amounts and ranges of money, hedged or not; shrinks towards an exact zero."""
    return st.builds(
        lambda a, b, q: Money(low=min(a, b), high=max(a, b), currency=currency, qualifier=q),
        _decimals(),
        _decimals(),
        st.sampled_from(_QUALIFIERS),
    )


@functools.cache
def quantities(unit: str | None = "GW") -> st.SearchStrategy[Quantity]:
    """Quantities (gigawatts by default), exact or ranges; shrinks towards an exact zero."""
    return st.builds(
        lambda a, b, q: Quantity(low=min(a, b), high=max(a, b), unit=unit, qualifier=q),
        _decimals(100),
        _decimals(100),
        st.sampled_from(_QUALIFIERS),
    )


@functools.cache
def _fractions(max_value: Fraction = Fraction(1)) -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=0, max_value=max_value, max_denominator=1000)


@functools.cache
def stakes(max_value: Fraction = Fraction(1)) -> st.SearchStrategy[Stake]:
    """Exact stakes and ranges up to ``max_value``; shrinks towards an exact 0 %."""
    return st.builds(
        lambda a, b, basis, q: Stake(low=min(a, b), high=max(a, b), basis=basis, qualifier=q),
        _fractions(max_value),
        _fractions(max_value),
        st.sampled_from([None, "fully diluted", "as-converted"]),
        st.sampled_from(_QUALIFIERS),
    )


@functools.cache
def sources() -> st.SearchStrategy[Source]:
    """Sources with a publisher, a title, a date and sometimes an address."""
    words = st.text("abcdefghij ", min_size=1, max_size=12).filter(str.strip)
    return st.builds(
        lambda p, t, d, url: Source(publisher=p, title=t, published=d, url=url),
        words,
        words,
        partial_dates(),
        st.sampled_from([None, "https://example.org/a"]),
    )


@functools.cache
def terms() -> st.SearchStrategy[Terms]:
    """Agreement terms, each stated or not."""
    maybe_bool = st.sampled_from([None, True, False])
    return st.builds(
        Terms,
        cloud_exclusivity=maybe_bool,
        compute_rofr=maybe_bool,
        revenue_shares=st.lists(st.builds(RevenueShare, share=st.none() | stakes()), max_size=1).map(tuple),
        ip_rights_until=st.sampled_from([None, "2030", "2032"]),
        notes=st.lists(st.sampled_from(["a note", "another"]), max_size=2).map(tuple),
    )


# --- the generated world -----------------------------------------------------------------------------------------

ORGANIZATIONS = ("org-a", "org-b", "org-c", "org-d")
"""The ids of the organisations generated timelines name."""
PEOPLE = ("ann", "bob", "cy", "di", "ed")
"""The ids of the people generated timelines name."""
_ROLES = ("ceo", "interim-ceo", "president", "chair", "director", "board-observer")


def _entities() -> list[Entity]:
    orgs: list[Entity] = [Organization(id=i, name=i.upper()) for i in ORGANIZATIONS]
    return orgs + [Person(id=i, name=i.title()) for i in PEOPLE]


_SOURCE = Source(publisher="Test", title="Generated", published=PartialDate(2000))


def _choose(draw: st.DrawFn, options: Sequence[T]) -> T:
    """One of ``options``, by index (shrinks towards the first); makes no new strategy per call."""
    return options[draw(_ints(0, len(options) - 1))] if len(options) > 1 else options[0]


@functools.cache
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


# --- event makers: how timelines and the state machine make an event, the built-in types' included ---------------

EventMaker: TypeAlias = Callable[[st.DrawFn, State, dict[str, Any]], "Event | None"]
"""How :func:`timelines` and :class:`TimelineMachine` make an event: ``maker(draw, state, common)``.

``draw`` draws from hypothesis strategies; ``state`` is the state so far (read it to make only events that can
happen: ``state.get(("lawsuits", "org-a"))``, ``state.roles("org-a")``); ``common`` holds the fields every event
needs (``id``, ``date``, ``summary``, ``sources`` and maybe ``recorded``), to pass on as ``YourEvent(**common,
...)``. Name entities from :data:`ORGANIZATIONS` and :data:`PEOPLE`. Return None when no such event can happen
now; an event that breaks an invariant is dropped too (another is drawn in its place).

Makers are given keyed by the event type they make (``timelines(types={Sued: make_sued})``,
:attr:`TimelineMachine.makers`), and every kind is drawn equally often. A maker may also make the types that
follow its key's (the built-in maker of ``RoleBegan`` ends roles too): the built-in types are made by the makers
of :data:`BUILTIN_MAKERS`, one per kind, through this same interface.

A maker that draws the same values whatever the state, and only reads them differently, lets a failing timeline
shrink best: removing an earlier event then never shifts the choices of the later ones.
"""


class _Picker:
    """The choices of one built-in event, drawn up front in a fixed shape whatever the state.

    Every event of a kind draws the same pool (a few integers, figures, terms), and the state decides only how they
    are read (``choose`` takes the next integer modulo the number of options). So deleting an event, or changing
    the state, never shifts the choices of the events after it: the shrinker can drop events one by one.
    """

    __slots__ = ("_fractions", "_ints", "_money", "_quantity", "_terms")

    def __init__(
        self, pool: tuple[tuple[int, ...], tuple[Fraction, ...], Money | None, Quantity | None, Terms | None]
    ) -> None:
        ints, fractions, self._money, self._quantity, self._terms = pool
        self._ints, self._fractions = list(ints), list(fractions)

    @classmethod
    def drawn(
        cls, draw: st.DrawFn, ints: int, fractions: int = 0, *, figures: bool = False, with_terms: bool = False
    ) -> _Picker:
        """A picker over a pool of ``ints`` integers, ``fractions`` fractions, maybe figures and terms."""
        return cls(draw(_pool(ints, fractions, figures, with_terms)))

    def _next(self) -> int:
        return self._ints.pop(0) if self._ints else 0

    def choose(self, options: Sequence[T]) -> T:
        return options[self._next() % len(options)]

    def two_orgs(self) -> tuple[str, str]:
        """Two different organisations (every built-in maker reads them first)."""
        org = self.choose(ORGANIZATIONS)
        return org, self.choose([o for o in ORGANIZATIONS if o != org])

    def flag(self) -> bool:
        return self._next() % 2 == 1

    def between(self, low: int, high: int) -> int:
        return low + self._next() % (high - low + 1)

    def fraction(self, top: Fraction = Fraction(1)) -> Fraction:
        return (self._fractions.pop(0) if self._fractions else Fraction(0)) * top

    def money(self) -> Money:
        assert self._money is not None, "this kind's pool has no figures"
        return self._money

    def maybe_money(self) -> Money | None:
        return self.money() if self.flag() else None

    def gw(self) -> Quantity:
        assert self._quantity is not None, "this kind's pool has no figures"
        return self._quantity

    def maybe_gw(self) -> Quantity | None:
        return self.gw() if self.flag() else None

    def maybe_count(self) -> Quantity | None:
        return attrs.evolve(self.gw(), unit=None) if self.flag() else None

    def terms(self) -> Terms:
        assert self._terms is not None, "this kind's pool has no terms"
        return self._terms

    def sizes(self) -> list[int]:
        return [1 + self._next() % 1000 for _ in range(1 + self._next() % 3)]

    def holders(self) -> list[str]:
        options = list(ORGANIZATIONS + PEOPLE)
        return [options.pop(self._next() % len(options)) for _ in range(1 + self._next() % 4)]


@functools.cache
def _pool(ints: int, fractions: int, figures: bool, with_terms: bool) -> st.SearchStrategy[Any]:
    none: st.SearchStrategy[Any] = st.just(None)
    return st.tuples(
        st.tuples(*[st.integers(0, 2**16)] * ints),
        st.tuples(*[st.fractions(min_value=0, max_value=1, max_denominator=1000)] * fractions),
        money() if figures else none,
        quantities() if figures else none,
        terms() if with_terms else none,
    )


# The makers of the built-in types, one per kind. Each draws its pool first, in a shape that depends on the kind
# alone, then reads the state (public queries only, as a user's maker does) to make an event that can happen.


def _make_role(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A person takes a role, or leaves one held."""
    p = _Picker.drawn(draw, 6)
    org, _ = p.two_orgs()
    held = sorted(
        (person, o, role) for o in ORGANIZATIONS for person, roles in state.roles(o).items() for role in roles
    )
    if held and p.flag():
        person, org, role = p.choose(held)
        return c.RoleEnded(person=person, org=org, role=role, reason="resigned", **common)
    person, role = p.choose(PEOPLE), p.choose(_ROLES)
    has = state.roles(org).get(person, frozenset())
    if role in has:  # held already: another role of the same person
        role = next((r for r in _ROLES if r not in has), role)
    if role in has:
        return c.RoleEnded(person=person, org=org, role=role, reason="resigned", **common)
    # A role one person holds at a time, already held by someone else: the record declares co-holders.
    shared = role in state.words.single and bool(state.holders(org, role))
    return c.RoleBegan(person=person, org=org, role=role, reason="appointed", shared=shared, **common)


def _make_metric(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A valuation or a revenue is reported."""
    p = _Picker.drawn(draw, 3, figures=True)
    org, _ = p.two_orgs()
    return c.MetricReported(entity=org, metric=p.choose(["valuation", "revenue"]), value=p.money(), **common)


def _make_record(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An event that changes no state: an announcement, an offer, a letter, a search for funding."""
    p = _Picker.drawn(draw, 4, figures=True)
    org, other = p.two_orgs()
    record = p.choose(["announced", "offer", "letter", "funding"])
    if record == "offer":
        return c.OfferMade(by=org, to=other, offer="to hire its staff", **common)
    if record == "letter":
        return c.LetterPublished(by=org, signatories=p.maybe_count(), **common)
    if record == "funding":
        return c.FundingSought(seeker=org, purpose="chip plants", amount=p.maybe_money(), **common)
    return c.Announced(subjects=(org, other), topic="something on the record", **common)


def _make_agreement(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An agreement is signed, or one in force is amended or ended."""
    p = _Picker.drawn(draw, 4, with_terms=True)
    org, other = p.two_orgs()
    live = [a.id for a in state.agreements()]
    choice = p.choose(["sign", *(["amend", "end"] if live else [])])
    if choice == "sign":
        return c.AgreementSigned(agreement=f"agr-{common['id']}", parties=(org, other), terms=p.terms(), **common)
    agreement = p.choose(live)
    if choice == "amend":
        return c.AgreementAmended(agreement=agreement, terms=p.terms(), **common)
    return c.AgreementEnded(agreement=agreement, **common)


def _make_commitment(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """Compute is committed (maybe within a commitment in force), or a commitment in force is revised or ended."""
    p = _Picker.drawn(draw, 6, figures=True)
    org, other = p.two_orgs()
    live = [k.id for k in state.commitments()]
    choice = p.choose(["commit", *(["revise", "end"] if live else [])])
    if choice == "commit":
        within = p.choose([None, *live]) if live else None  # a part of a commitment already made
        return c.ComputeCommitted(
            commitment=f"com-{common['id']}",
            buyer=org,
            supplier=other,
            gigawatts=p.maybe_gw(),
            capacity=p.choose([None, "chips", "data-centre"]),
            amount=p.maybe_money(),
            stage=p.choose(["letter-of-intent", "definitive"]),
            within=within,
            **common,
        )
    commitment = p.choose(live)
    if choice == "revise":
        stalled = p.flag()
        gigawatts, stage = (None, "stalled") if stalled else (p.gw(), None)
        return c.CommitmentRevised(commitment=commitment, gigawatts=gigawatts, stage=stage, **common)
    replaced_by = f"com-{common['id']}" if p.flag() else None
    return c.CommitmentEnded(commitment=commitment, replaced_by=replaced_by, **common)


def _make_warrant(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A warrant is issued in tranches, or a tranche of one vests, or vested shares are exercised."""
    p = _Picker.drawn(draw, 8)
    org, other = p.two_orgs()
    warrants = state.warrants()
    vestable = [w for w in warrants if len(w.vested) < len(w.tranches)]
    exercisable = [w for w in warrants if (w.vested_shares or 0) > w.exercised]
    choice = p.choose(["issue", *(["vest"] if vestable else []), *(["exercise"] if exercisable else [])])
    if choice == "vest":
        warrant = p.choose(vestable)
        tranche = next(t.name for t in warrant.tranches if t.name not in warrant.vested)
        return c.TrancheVested(warrant=warrant.id, tranche=tranche, **common)
    if choice == "exercise":
        warrant = p.choose(exercisable)
        shares = p.between(1, (warrant.vested_shares or 0) - warrant.exercised)
        return c.WarrantExercised(warrant=warrant.id, shares=shares, **common)
    sizes = p.sizes()
    return c.WarrantIssued(
        warrant=f"war-{common['id']}",
        issuer=other,
        holder=org,
        shares=sum(sizes),
        exercise_price=Money.of("0.01"),
        tranches=tuple(Tranche(name=f"t{i}", condition="a milestone", shares=s) for i, s in enumerate(sizes)),
        **common,
    )


def _make_recapitalization(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A whole cap table is set, its stakes adding up to at most 100 %."""
    p = _Picker.drawn(draw, 7, fractions=4)
    org, _ = p.two_orgs()
    budget = Fraction(1)
    table = {}
    for holder in p.holders():
        share = p.fraction() * budget
        table[holder] = Stake(low=share, high=share)
        budget -= share
    return c.Recapitalized(entity=org, cap_table=table, **common)


def _make_investment(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An organisation invests in another for a stake of at most half."""
    p = _Picker.drawn(draw, 2, fractions=1, figures=True)
    org, other = p.two_orgs()
    share = p.fraction(Fraction(1, 2))
    return c.Invested(investor=other, investee=org, amount=p.money(), stake=Stake(low=share, high=share), **common)


def _make_stake(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A holder's stake is reported, within what the other lines of the cap table leave."""
    p = _Picker.drawn(draw, 3, fractions=1)
    org, _ = p.two_orgs()
    holder = p.choose(ORGANIZATIONS + PEOPLE)
    others = {h: s for h, s in state.cap_table(org).items() if h != holder}
    room = 1 - sum((s.low for s in others.values()), Fraction(0))
    share = p.fraction() * room
    return c.StakeReported(holder=holder, entity=org, stake=Stake(low=share, high=share), **common)


def _make_organization(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An organisation is founded, or, once founded, reorganised."""
    p = _Picker.drawn(draw, 3)
    org, _ = p.two_orgs()
    if state.get(keys.founded(org)) is None:
        return c.Founded(org=org, name=f"{org} Inc", legal_form="nonprofit", **common)
    return c.Reorganized(org=org, name=f"{org} {common['id']}", legal_form=p.choose(["llc", "pbc"]), **common)


def _make_round(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A round is raised from two investors, each committing half, at a post-money valuation, the first maybe
    paying its half at the close."""
    p = _Picker.drawn(draw, 4, fractions=1, figures=True)
    org, other = p.two_orgs()
    raised = p.money()
    investors = (other, p.choose([o for o in ORGANIZATIONS if o not in (org, other)]))
    multiple = p.between(2, 20)
    half = Money(low=raised.low / 2, high=raised.high / 2, currency=raised.currency, qualifier=raised.qualifier)
    paid = half if p.flag() else None
    return c.RoundRaised(
        entity=org,
        raised=raised,
        valuation=Money(low=raised.low * multiple, high=raised.high * multiple, currency=raised.currency),
        valuation_basis="post-money",
        investors=tuple(
            Participation(investor=i, amount=half, paid=paid if k == 0 else None) for k, i in enumerate(investors)
        ),
        **common,
    )


def _make_payment(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An investor pays part of what it committed and has not paid (an announcement when nothing is owed)."""
    p = _Picker.drawn(draw, 2)
    org, _ = p.two_orgs()
    owed = []
    for investor in ORGANIZATIONS:
        funding = state.funding(investor, org)
        if funding is not None and funding.committed is not None and funding.committed.currency == "USD":
            left = funding.committed.low - (funding.paid.high if funding.paid is not None else 0)
            if left >= 2:
                owed.append((investor, left))
    if not owed:
        return c.Announced(subjects=(org,), topic="no payment due", **common)
    investor, left = p.choose(owed)
    amount = Money.of(int(left) // p.between(1, 2))
    return c.InvestmentPaid(investor=investor, investee=org, amount=amount, **common)


def _make_interest(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """A share of profits is reported, in two tiers."""
    p = _Picker.drawn(draw, 2, fractions=2)
    org, other = p.two_orgs()
    tiers = (ProfitTier(share=Stake.of(p.fraction()), until="recouped"), ProfitTier(share=Stake.of(p.fraction())))
    return c.InterestReported(holder=other, entity=org, tiers=tiers, **common)


def _make_seat(draw: st.DrawFn, state: State, common: dict[str, Any]) -> Event:
    """An organisation is given an observer seat at another's board, or gives up the one it holds."""
    p = _Picker.drawn(draw, 3)
    org, other = p.two_orgs()
    if other in (state.get(keys.seats(org, "board-observer")) or ()):
        return c.SeatGivenUp(holder=other, org=org, seat="board-observer", **common)
    return c.SeatGranted(holder=other, org=org, seat="board-observer", **common)


_BUILTIN_MAKERS: dict[type[Event], EventMaker] = {  # in this order: a failing timeline shrinks towards the first
    c.RoleBegan: _make_role,
    c.MetricReported: _make_metric,
    c.Announced: _make_record,
    c.AgreementSigned: _make_agreement,
    c.ComputeCommitted: _make_commitment,
    c.WarrantIssued: _make_warrant,
    c.Recapitalized: _make_recapitalization,
    c.Invested: _make_investment,
    c.StakeReported: _make_stake,
    c.Founded: _make_organization,
    c.RoundRaised: _make_round,
    c.InvestmentPaid: _make_payment,
    c.InterestReported: _make_interest,
    c.SeatGranted: _make_seat,
}
BUILTIN_MAKERS: MappingProxyType[type[Event], EventMaker] = MappingProxyType(_BUILTIN_MAKERS)
"""The :data:`EventMaker` of each built-in kind, keyed by the type it makes (and makes the types that follow it:
``RoleBegan``'s maker ends roles too, ``AgreementSigned``'s amends and ends agreements). :func:`timelines` and
:class:`TimelineMachine` draw from them as from a user's makers; read-only."""


# --- whole timelines ---------------------------------------------------------------------------------------------


@attrs.frozen
class GeneratedTimeline:
    """A generated valid timeline: events in their replay order, the entities they name, their files.

    Events are spread over a few files (``origins``); :meth:`timeline` builds the :class:`Timeline`.
    """

    events: tuple[Event, ...]
    entities: tuple[Entity, ...]
    origins: dict[str, Origin]

    def timeline(self, events: Sequence[Event] | None = None) -> Timeline:
        """The timeline of these events (or of ``events``, with the same entities and origins)."""
        chosen = self.events if events is None else events
        origins = {e.id: self.origins[e.id] for e in chosen if e.id in self.origins}
        return Timeline(chosen, self.entities, origins=origins)

    @property
    def files(self) -> dict[str, list[Event]]:
        """The events grouped by file, each file in position order."""
        out: dict[str, list[Event]] = {}
        for event in sorted(self.events, key=lambda e: self.origins[e.id].position):
            out.setdefault(self.origins[event.id].file or "", []).append(event)
        return out


@st.composite
def timelines(
    draw: st.DrawFn,
    max_events: int = 25,
    max_files: int = 4,
    *,
    knowledge: bool = False,
    types: Mapping[type[Event], EventMaker] | None = None,
) -> GeneratedTimeline:
    """Valid timelines of up to ``max_events`` events of every kind, over a few organisations and people.

    Dates never decrease along the list, several events often share a day, and within a day an event's
    position in its file follows the list, so replay order is the generated order. Each event is drawn after a
    "one more?" choice, so a failing timeline shrinks by dropping events one at a time, towards fewer events on
    fewer days (a law that fails on two events shrinks to those two).

    Args:
        max_events: The most events before any corrections.
        max_files: How many files the events are spread over (their origins).
        knowledge: Some events are recorded (made public) after they took effect, and the timeline ends with
            corrections (of a reported figure, or of its date) and retractions recorded later still.
        types: Your own event types, each with the :data:`EventMaker` that makes one; each is drawn as often as
            each built-in kind (the 14 makers of :data:`BUILTIN_MAKERS`). A type of :data:`BUILTIN_MAKERS` given
            here replaces its built-in maker.
    """
    makers = {**(types or {}), **{t: m for t, m in BUILTIN_MAKERS.items() if t not in (types or {})}}
    ctx = _Draft(kinds=tuple(makers), makers=makers, knowledge=knowledge, max_files=max_files)
    one_more = _next_event(ctx)  # one strategy per timeline, drawn once per event
    origins: dict[str, Origin] = {}
    rank = 0
    produced = ctx.produced
    while len(produced) < max_events:
        # One event is one nested draw, "one more?" included, so that the shrinker sees it as a unit it can delete
        # whole without shifting the choices of the events after it.
        more, gap, event, file = draw(one_more)
        if not more:
            break
        if gap:
            ctx.day += dt.timedelta(days=gap)
            rank = 0
        if event is None:
            continue
        produced.append(event)
        origins[event.id] = Origin(f"file-{file}.toml", rank)
        rank += 1
    if knowledge:
        produced += _draw_revisions(draw, produced, origins)
    return GeneratedTimeline(tuple(produced), tuple(_entities()), origins)


@attrs.define
class _Draft:
    """A timeline being generated: what :func:`_next_event` reads and updates."""

    kinds: tuple[type[Event], ...]
    makers: Mapping[type[Event], EventMaker]
    knowledge: bool
    max_files: int
    produced: list[Event] = attrs.field(factory=list)
    state: dict[Key, Any] = attrs.field(factory=dict)  # the naive replay so far
    day: dt.date = dt.date(2000, 1, 1)
    entities: Mapping[str, Entity] = attrs.field(factory=lambda: {e.id: e for e in _entities()})


@st.composite
def _next_event(draw: st.DrawFn, ctx: _Draft) -> tuple[bool, int, Event | None, int]:
    """(one more?, days since the previous event, the event or None if none could happen, its file number)."""
    if draw(_ints(0, 15)) == 0:  # "no more": what the shrinker tries first
        return False, 0, None, 0
    gap = _choose(draw, [0, 0, 1, 30, 400])
    day = ctx.day + dt.timedelta(days=gap)
    common: dict[str, Any] = {
        "id": f"e{len(ctx.produced):04d}",
        "date": PartialDate.from_date(day),
        "summary": "generated",
        "sources": (_SOURCE,),
    }
    if ctx.knowledge:
        delay = _choose(draw, [0, 0, 0, 10, 500])
        common["recorded"] = PartialDate.from_date(day + dt.timedelta(days=delay))
    kind = _choose(draw, ctx.kinds)
    file = draw(_ints(0, ctx.max_files - 1))
    event = ctx.makers[kind](draw, State.of(ctx.state, ctx.entities, day), common)
    if event is not None:
        try:
            ctx.state = step(ctx.state, event, ctx.entities)
        except InvariantViolation:  # an event that cannot happen: none this time
            event = None
    return True, gap, event, file


def _draw_revisions(draw: st.DrawFn, produced: list[Event], origins: dict[str, Origin]) -> list[Event]:
    """Corrections and retractions of figures and record-only events, which can never make replay fail."""
    targets = [e for e in produced if isinstance(e, c.MetricReported | c.Announced | c.OfferMade)]
    out: list[Event] = []
    picks = [_choose(draw, targets) for _ in range(draw(_ints(0, 3)))] if targets else []
    for i, target in enumerate(picks):
        when = PartialDate.from_date(target.recorded.effective + dt.timedelta(days=_choose(draw, [0, 5, 800])))
        common: dict[str, Any] = {"id": f"r{i:04d}", "date": when, "summary": "revised", "sources": (_SOURCE,)}
        choice = _choose(draw, ["retract", "date", *(["value"] if isinstance(target, c.MetricReported) else [])])
        if choice == "retract":
            out.append(c.Retracted(retracts=target.id, reason="withdrawn", **common))
        elif choice == "date":
            moved = target.date.effective + dt.timedelta(days=draw(_ints(-400, 400)))
            out.append(c.Corrected(corrects=target.id, fields={"date": PartialDate.from_date(moved)}, **common))
        else:
            out.append(c.Corrected(corrects=target.id, fields={"value": draw(money())}, **common))
        origins[out[-1].id] = Origin("revisions.toml", i)
    return out


def events() -> st.SearchStrategy[Event]:
    """Single events of every built-in type, corrections and retractions included, some carrying alternative
    reports of a figure; shrinks towards the first event of a short timeline, without alternatives."""
    drawn = (
        timelines(max_events=8, knowledge=True)
        .filter(lambda g: bool(g.events))
        .flatmap(lambda g: st.sampled_from(g.events))
    )
    return st.builds(_with_alternative, drawn, st.none() | money(), st.none() | sources())


def _with_alternative(event: Event, amount: Money | None, source: Source | None) -> Event:
    """``event`` with another reported ``value`` when it is a money metric and both are given."""
    if amount is None or source is None or not isinstance(event, c.MetricReported):
        return event
    if not isinstance(event.value, Money):
        return event
    alternative = Alternative(
        field="value", value=attrs.evolve(amount, currency=event.value.currency), sources=(source,)
    )
    return attrs.evolve(event, alternatives=(alternative,))
