"""Hypothesis strategies for aitimeline: values, events, and whole valid timelines.

Use them to property-test your own replay logic or event types::

    from hypothesis import given
    from aitimeline.testing import timelines

    @given(timelines())
    def test_my_law(generated):
        tl = generated.timeline()
        ...

Every strategy shrinks towards small, early, exact values: the year 2000, exact figures, few events.
This module imports hypothesis, which is a test dependency: ``pip install aitimeline[test]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from . import _catalogue as c
from . import keys
from ._dates import PartialDate
from ._entities import Entity, Organization, Person
from ._events import Event, Origin
from ._persistent import CapTable
from ._replay import step
from ._timeline import Timeline
from ._values import Alternative, Money, Quantity, Source, Stake, Terms, Tranche
from .keys import Key

__all__ = [
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

_QUALIFIERS: tuple[Any, ...] = (None, "about", "at-least", "up-to")


def partial_dates(min_year: int = 2000, max_year: int = 2030) -> st.SearchStrategy[PartialDate]:
    """Dates at day, month or year precision; shrinks towards day-precise dates early in ``min_year``."""
    days = st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))
    return st.one_of(
        days.map(PartialDate.from_date),
        days.map(lambda d: PartialDate(d.year, d.month)),
        days.map(lambda d: PartialDate(d.year)),
    )


def _decimals(max_value: int = 10**12) -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda units, cents: Decimal(units) + Decimal(cents) / 100,
        st.integers(0, max_value),
        st.integers(0, 99),
    )


def money(currency: str = "USD") -> st.SearchStrategy[Money]:
    """Exact amounts and ranges of money, hedged or not; shrinks towards an exact zero."""
    return st.builds(
        lambda a, b, q: Money(low=min(a, b), high=max(a, b), currency=currency, qualifier=q),
        _decimals(),
        _decimals(),
        st.sampled_from(_QUALIFIERS),
    )


def quantities(unit: str | None = "GW") -> st.SearchStrategy[Quantity]:
    """Quantities (gigawatts by default), exact or ranges; shrinks towards an exact zero."""
    return st.builds(
        lambda a, b, q: Quantity(low=min(a, b), high=max(a, b), unit=unit, qualifier=q),
        _decimals(100),
        _decimals(100),
        st.sampled_from(_QUALIFIERS),
    )


def _fractions(max_value: Fraction = Fraction(1)) -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=0, max_value=max_value, max_denominator=1000)


def stakes(max_value: Fraction = Fraction(1)) -> st.SearchStrategy[Stake]:
    """Exact stakes and ranges up to ``max_value``; shrinks towards an exact 0 %."""
    return st.builds(
        lambda a, b, basis, q: Stake(low=min(a, b), high=max(a, b), basis=basis, qualifier=q),
        _fractions(max_value),
        _fractions(max_value),
        st.sampled_from([None, "fully diluted", "as-converted"]),
        st.sampled_from(_QUALIFIERS),
    )


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


def terms() -> st.SearchStrategy[Terms]:
    """Agreement terms, each stated or not."""
    maybe_bool = st.sampled_from([None, True, False])
    return st.builds(
        Terms,
        cloud_exclusivity=maybe_bool,
        compute_rofr=maybe_bool,
        revenue_share=st.none() | stakes(),
        ip_rights_until=st.sampled_from([None, "2030", "2032"]),
        notes=st.lists(st.sampled_from(["a note", "another"]), max_size=2).map(tuple),
    )


_ORG_IDS = ("org-a", "org-b", "org-c", "org-d")
_PEOPLE_IDS = ("ann", "bob", "cy", "di", "ed")
_ROLES = ("ceo", "interim-ceo", "president", "chair", "director", "board-observer")


def _entities() -> list[Entity]:
    orgs: list[Entity] = [Organization(id=i, name=i.upper()) for i in _ORG_IDS]
    return orgs + [Person(id=i, name=i.title()) for i in _PEOPLE_IDS]


_SOURCE = Source(publisher="Test", title="Generated", published=PartialDate(2000))


@attrs.define
class _Model:
    """What the generator must know to emit only events that can happen."""

    founded: set[str] = attrs.field(factory=set)
    roles: set[tuple[str, str, str]] = attrs.field(factory=set)
    agreements: dict[str, bool] = attrs.field(factory=dict)
    commitments: dict[str, bool] = attrs.field(factory=dict)
    warrants: dict[str, tuple[list[str], int, int]] = attrs.field(factory=dict)  # unvested, vested, exercised
    state: dict[Key, Any] = attrs.field(factory=dict)  # the naive replay so far


def _draw_event(draw: st.DrawFn, model: _Model, common: dict[str, Any], history: list[Event]) -> Event:
    kinds = ["role", "metric", "record", "agreement", "commitment", "warrant", "cap", "invest", "stake", "org"]
    kind = draw(st.sampled_from(kinds))
    org = draw(st.sampled_from(_ORG_IDS))
    other = draw(st.sampled_from([o for o in _ORG_IDS if o != org]))
    n = common["id"]
    if kind == "role":
        person, role = draw(st.sampled_from(_PEOPLE_IDS)), draw(st.sampled_from(_ROLES))
        if (person, org, role) in model.roles:
            model.roles.discard((person, org, role))
            return c.RoleEnded(person=person, org=org, role=role, reason="resigned", **common)
        model.roles.add((person, org, role))
        return c.RoleBegan(person=person, org=org, role=role, reason="appointed", **common)
    if kind == "agreement":
        live = [a for a, on in model.agreements.items() if on]
        choice = draw(st.sampled_from(["sign", *(["amend", "end"] if live else [])]))
        if choice == "sign":
            model.agreements[f"agr-{n}"] = True
            return c.AgreementSigned(agreement=f"agr-{n}", parties=(org, other), terms=draw(terms()), **common)
        agreement = draw(st.sampled_from(live))
        if choice == "amend":
            return c.AgreementAmended(agreement=agreement, terms=draw(terms()), **common)
        model.agreements[agreement] = False
        return c.AgreementEnded(agreement=agreement, **common)
    if kind == "commitment":
        live = [k for k, on in model.commitments.items() if on]
        choice = draw(st.sampled_from(["commit", *(["revise", "end"] if live else [])]))
        if choice == "commit":
            model.commitments[f"com-{n}"] = True
            return c.ComputeCommitted(
                commitment=f"com-{n}",
                buyer=org,
                supplier=other,
                gigawatts=draw(st.none() | quantities()),
                amount=draw(st.none() | money()),
                stage=draw(st.sampled_from(["letter-of-intent", "definitive"])),
                **common,
            )
        commitment = draw(st.sampled_from(live))
        if choice == "revise":
            return c.CommitmentRevised(commitment=commitment, gigawatts=draw(quantities()), **common)
        model.commitments[commitment] = False
        return c.CommitmentEnded(commitment=commitment, **common)
    if kind == "warrant":
        vestable = [w for w, (unvested, _, _) in model.warrants.items() if unvested]
        exercisable = [w for w, (_, vested, done) in model.warrants.items() if vested > done]
        choice = draw(
            st.sampled_from(["issue", *(["vest"] if vestable else []), *(["exercise"] if exercisable else [])])
        )
        if choice == "issue":
            sizes = draw(st.lists(st.integers(1, 1000), min_size=1, max_size=3))
            tranches = tuple(Tranche(name=f"t{i}", condition="a milestone", shares=s) for i, s in enumerate(sizes))
            model.warrants[f"war-{n}"] = ([t.name for t in tranches], 0, 0)
            return c.WarrantIssued(
                warrant=f"war-{n}",
                issuer=other,
                holder=org,
                shares=sum(sizes),
                exercise_price=Money.of("0.01"),
                tranches=tranches,
                **common,
            )
        if choice == "vest":
            warrant = draw(st.sampled_from(vestable))
            unvested, vested, done = model.warrants[warrant]
            issued = next(e for e in history if isinstance(e, c.WarrantIssued) and e.warrant == warrant)
            name = unvested[0]
            size = next(t.shares for t in issued.tranches if t.name == name)
            assert size is not None
            model.warrants[warrant] = (unvested[1:], vested + size, done)
            return c.TrancheVested(warrant=warrant, tranche=name, **common)
        warrant = draw(st.sampled_from(exercisable))
        unvested, vested, done = model.warrants[warrant]
        shares = draw(st.integers(1, vested - done))
        model.warrants[warrant] = (unvested, vested, done + shares)
        return c.WarrantExercised(warrant=warrant, shares=shares, **common)
    if kind == "cap":
        holders = draw(st.lists(st.sampled_from(_ORG_IDS + _PEOPLE_IDS), min_size=1, max_size=4, unique=True))
        budget = Fraction(1)
        table = {}
        for holder in holders:
            share = draw(_fractions()) * budget
            table[holder] = Stake(low=share, high=share)
            budget -= share
        return c.Recapitalized(entity=org, cap_table=table, **common)
    if kind == "invest":
        share = draw(_fractions(Fraction(1, 2)))
        return c.Invested(
            investor=other, investee=org, amount=draw(money()), stake=Stake(low=share, high=share), **common
        )
    if kind == "org":
        if org not in model.founded:
            model.founded.add(org)
            return c.Founded(org=org, name=f"{org} Inc", legal_form="nonprofit", **common)
        return c.Reorganized(org=org, name=f"{org} {n}", legal_form=draw(st.sampled_from(["llc", "pbc"])), **common)
    if kind == "metric":
        return c.MetricReported(
            entity=org, metric=draw(st.sampled_from(["valuation", "revenue"])), value=draw(money()), **common
        )
    if kind == "stake":
        holder = draw(st.sampled_from(_ORG_IDS + _PEOPLE_IDS))
        current: CapTable = model.state.get(keys.cap_table(org)) or CapTable()
        room = 1 - CapTable({h: s for h, s in current.items() if h != holder}).total_low
        share = draw(_fractions()) * room
        return c.StakeReported(holder=holder, entity=org, stake=Stake(low=share, high=share), **common)
    record = draw(st.sampled_from(["announced", "offer", "letter", "funding"]))
    if record == "offer":
        return c.OfferMade(by=org, to=other, offer="to hire its staff", **common)
    if record == "letter":
        return c.LetterPublished(by=org, signatories=draw(st.none() | quantities(None)), **common)
    if record == "funding":
        return c.FundingSought(seeker=org, purpose="chip plants", amount=draw(st.none() | money()), **common)
    return c.Announced(subjects=(org, other), topic="something on the record", **common)


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
    draw: st.DrawFn, max_events: int = 25, max_files: int = 4, *, knowledge: bool = False
) -> GeneratedTimeline:
    """Valid timelines of up to ``max_events`` events of every kind, over a few organisations and people.

    Dates never decrease along the list, several events often share a day, and within a day an event's
    position in its file follows the list, so replay order is the generated order. Shrinks towards fewer
    events on fewer days.

    With ``knowledge=True`` some events are recorded (made public) after they took effect, and the timeline
    ends with corrections (of a reported figure, or of its date) and retractions recorded later still.
    """
    n = draw(st.integers(0, max_events))
    model = _Model()
    day = dt.date(2000, 1, 1)
    produced: list[Event] = []
    origins: dict[str, Origin] = {}
    rank = 0
    entity_map = {e.id: e for e in _entities()}
    for i in range(n):
        gap = draw(st.sampled_from([0, 0, 1, 30, 400]))
        if gap:
            day += dt.timedelta(days=gap)
            rank = 0
        common: dict[str, Any] = {
            "id": f"e{i:04d}",
            "date": PartialDate.from_date(day),
            "summary": "generated",
            "sources": (_SOURCE,),
        }
        if knowledge:
            delay = draw(st.sampled_from([0, 0, 0, 10, 500]))
            common["recorded"] = PartialDate.from_date(day + dt.timedelta(days=delay))
        event = _draw_event(draw, model, common, produced)
        model.state = step(model.state, event, entity_map)
        produced.append(event)
        origins[event.id] = Origin(f"file-{draw(st.integers(0, max_files - 1))}.toml", rank)
        rank += 1
    if knowledge:
        produced += _draw_revisions(draw, produced, origins)
    return GeneratedTimeline(tuple(produced), tuple(_entities()), origins)


def _draw_revisions(draw: st.DrawFn, produced: list[Event], origins: dict[str, Origin]) -> list[Event]:
    """Corrections and retractions of figures and record-only events, which can never make replay fail."""
    targets = [e for e in produced if isinstance(e, c.MetricReported | c.Announced | c.OfferMade)]
    out: list[Event] = []
    for i, target in enumerate(draw(st.lists(st.sampled_from(targets), max_size=3)) if targets else []):
        when = PartialDate.from_date(target.recorded.effective + dt.timedelta(days=draw(st.sampled_from([0, 5, 800]))))
        common: dict[str, Any] = {"id": f"r{i:04d}", "date": when, "summary": "revised", "sources": (_SOURCE,)}
        choice = draw(
            st.sampled_from(["retract", "date", *(["value"] if isinstance(target, c.MetricReported) else [])])
        )
        if choice == "retract":
            out.append(c.Retracted(retracts=target.id, reason="withdrawn", **common))
        elif choice == "date":
            moved = target.date.effective + dt.timedelta(days=draw(st.integers(-400, 400)))
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
