"""Synthetic timelines: many organisations and people, every built-in event kind, valid by construction.

:func:`synthetic_timeline` makes a large, realistic-looking record for benchmarks and tests. It keeps a small
model of the state beside the events it writes (who holds which role, roughly what each cap table adds up to,
which agreements, commitments and warrant tranches are live), so every event it emits can happen: the result
replays through :class:`aitimeline.Timeline` without a :class:`~aitimeline.errors.ReplayError`. It is deterministic for
a seed: it draws from one :class:`random.Random`. It is as fast as the events' own constructors allow (about
100,000 events a second on a modest machine; the attrs ``__init__`` of each event is half of that): it shares
dates, sources, summaries and figures between events instead of building new ones, and keeps the garbage
collector off while it runs.

>>> from aitimeline import Timeline
>>> from synthetic import synthetic_timeline
>>> events, entities = synthetic_timeline(1000, seed=1)
>>> len(Timeline(events, entities))
1000

The mix, per 100 events (a kind that cannot happen yet is redrawn): metrics 22, roles begun 12 and ended 7
(a new CEO first ends the old one's role), investments 9 (most with a stake that dilutes the cap table),
stake reports 4, recapitalisations 0.5, agreements signed 4 / amended 3 / ended 2, compute commitments
committed 4 / revised 3 / ended 1.5, warrants issued 1.5 / tranches vested 2 / exercised 1.5, reorganisations 1.5,
record-only events 15 (announcements, offers, letters, funding sought), corrections 0.6 and retractions 0.3 (of
metrics and record-only events, so that validity never depends on them); each organisation is founded once,
early on; 3 % of investments carry an alternative reported amount, 3 % of events are recorded (made public) later
than their date and 2 % are unverified with a note. A quarter of the organisations picked are drawn from a hot
1 % (the big players in many deals).

Dates run over ``years`` years from 1995 with several events on most days. The replay order is the order of
generation: days never go backwards and ids (``e0000001``...) rise, and only events whose order within a day
does not matter to validity (metrics and record-only events) get a month- or year-precise date, and only on the
last day of that month or year, where such a date takes effect.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from aitimeline import (
    Alternative,
    Entity,
    Event,
    Money,
    Organization,
    PartialDate,
    Participation,
    Person,
    ProfitTier,
    Quantity,
    RevenueShare,
    Source,
    Stake,
    Terms,
    Tranche,
)
from aitimeline.events import (
    AgreementAmended,
    AgreementEnded,
    AgreementSigned,
    Announced,
    CommitmentEnded,
    CommitmentRevised,
    ComputeCommitted,
    Corrected,
    Founded,
    FundingReported,
    FundingSought,
    InterestReported,
    Invested,
    InvestmentPaid,
    LetterPublished,
    MetricReported,
    OfferMade,
    Recapitalized,
    Reorganized,
    Retracted,
    RoleBegan,
    RoleEnded,
    RoundRaised,
    SeatGivenUp,
    SeatGranted,
    StakeReported,
    TrancheVested,
    WarrantExercised,
    WarrantIssued,
)

__all__ = ["QueryInputs", "query_inputs", "synthetic_timeline"]

_START = dt.date(1995, 1, 1)

# Per 100 events. Founded is not drawn: each organisation is founded once, early (see _World.step).
_MIX: tuple[tuple[str, float], ...] = (
    ("metric", 22),
    ("role_began", 12),
    ("role_ended", 7),
    ("invested", 7),
    ("round_raised", 1.5),
    ("investment_paid", 1.5),
    ("interest_reported", 0.5),
    ("stake_reported", 4),
    ("recapitalized", 0.5),
    ("agreement_signed", 4),
    ("agreement_amended", 3),
    ("agreement_ended", 2),
    ("committed", 4),
    ("commitment_revised", 3),
    ("commitment_ended", 1.5),
    ("warrant_issued", 1.5),
    ("tranche_vested", 2),
    ("warrant_exercised", 1.5),
    ("reorganized", 1.5),
    ("seat_granted", 0.5),
    ("seat_given_up", 0.3),
    ("announced", 9.2),
    ("offer", 2),
    ("letter", 1),
    ("funding_sought", 2),
    ("corrected", 0.6),
    ("retracted", 0.3),
)

# The opening tour: every kind once, in an order in which each can happen, so that even a small timeline
# holds every built-in kind.
_TOUR = (
    "founded",
    "founded",
    "founded",
    "role_began",
    "role_ended",
    "invested",
    "round_raised",
    "investment_paid",
    "interest_reported",
    "stake_reported",
    "recapitalized",
    "agreement_signed",
    "agreement_amended",
    "agreement_ended",
    "committed",
    "commitment_revised",
    "commitment_ended",
    "warrant_issued",
    "tranche_vested",
    "warrant_exercised",
    "metric",
    "reorganized",
    "seat_granted",
    "seat_given_up",
    "announced",
    "offer",
    "letter",
    "funding_sought",
    "corrected",
    "retracted",
)

_ROLES: tuple[tuple[str, int], ...] = (
    ("director", 40),
    ("ceo", 10),
    ("interim-ceo", 3),
    ("president", 8),
    ("chair", 8),
    ("board-observer", 10),
    ("cto", 10),
)
_ROLE_CAP = {"director": 12, "board-observer": 4}  # others: one holder at a time (the vocabulary's single roles)
_BEGIN_REASONS = ("appointed", "elected", "co-founded", "reinstated")
_END_REASONS = ("resigned", "fired", "removed")
_LEGAL_FORMS = ("corporation", "llc", "nonprofit", "capped-profit", "pbc")
_MONEY_METRICS = ("valuation", "revenue", "annualized-revenue", "spending", "loss", "market-value")
_COUNT_METRICS = ("staff", "weekly-users")
_CAP_TABLE_LIMIT = 25  # past this many holders, the next ownership event is a recapitalisation
_MAX_TOTAL = 0.98  # the model keeps every cap table's low total under this (the engine's limit is 1)


def _summaries(kind: str) -> tuple[str, ...]:
    return tuple(f"Synthetic {kind} event, variant {k}." for k in range(4))


class _Pools:
    """Values shared between events: dates by day, sources, summaries, figures, terms, tranches."""

    def __init__(self, rng: random.Random) -> None:
        self._days: dict[int, PartialDate] = {}
        self._loose: dict[int, tuple[PartialDate, PartialDate]] = {}  # month end -> (month, month or year)
        self._labels: dict[int, str] = {}
        sources = [
            Source(
                publisher=f"Publisher {k % 16}",
                title=f"Synthetic report {k}",
                published=PartialDate(2000 + k % 25, 1 + k % 12, 1 + k % 28),
                url=f"https://example.org/report/{k}" if k % 3 else None,
            )
            for k in range(64)
        ]
        self.sources: tuple[tuple[Source, ...], ...] = tuple(
            (s,) if k % 4 else (s, sources[(k * 7 + 1) % 64]) for k, s in enumerate(sources)
        )
        self.summaries: dict[str, tuple[str, ...]] = {kind: _summaries(kind) for kind, _ in _MIX}
        self.summaries["founded"] = _summaries("founded")
        self.summaries["funding_reported"] = _summaries("funding_reported")  # the last event only
        self.notes = tuple(f"Synthetic note {k}: sources disagree on a detail." for k in range(4))
        self.amounts = tuple(Money.of(m * 10**e) for e in range(6, 11) for m in (1, 2, 5))
        ranged = Money(low=Decimal(13 * 10**9), high=Decimal(14 * 10**9), currency="USD", stated="$13–14 billion")
        self.amounts += (ranged, Money.of(10**9, qualifier="about"), Money.of(250 * 10**6, currency="EUR"))
        self.gigawatts = tuple(Quantity.of(g, unit="GW") for g in (1, 2, 3, 4, 5, 6, 10))
        self.gigawatts += (Quantity(low=Decimal(1), high=Decimal(2), unit="GW", qualifier="about"),)
        self.counts = tuple(Quantity.of(c) for c in (50, 120, 500, 700, 1500, 3000, 10000, 100_000_000))
        self.prices = tuple(Money(low=Decimal(p), high=Decimal(p), currency="USD") for p in ("0.01", "1", "10.5"))
        # Stakes of 0.5 % to 20 % in half-point steps, and a few hedged ranges; sorted by their low end.
        stakes = [Stake(low=Fraction(k, 200), high=Fraction(k, 200)) for k in range(1, 41)]
        stakes += [
            Stake(low=Fraction(k, 100), high=Fraction(k + 2, 100), qualifier="about", basis="as-converted")
            for k in (2, 5, 10, 15)
        ]
        self.stakes: tuple[Stake, ...] = tuple(sorted(stakes, key=lambda s: s.low))
        self.stake_lows: tuple[float, ...] = tuple(float(s.low) for s in self.stakes)
        self.profit_tiers: tuple[tuple[ProfitTier, ...], ...] = (
            (ProfitTier(share=Stake.of("75%"), until="the investment is recouped"), ProfitTier(share=Stake.of("49%"))),
            (ProfitTier(share=Stake.of("20%")),),
        )
        self.terms = (
            Terms(cloud_exclusivity=True),
            Terms(compute_rofr=True, notes=("Right of first refusal on new compute.",)),
            Terms(revenue_shares=(RevenueShare(share=Stake.of("20%")),)),
            Terms(ip_rights_until="2032", agi_declaration="by an expert panel"),
            Terms(cloud_exclusivity=False, compute_rofr=False),
            Terms(notes=("Terms partly undisclosed.",)),
        )
        conditions = ("first gigawatt deployed", "share price above $100", "second gigawatt deployed", "on signing")
        self.tranches = tuple(
            tuple(Tranche(name=f"t{i + 1}", condition=conditions[i % 4], shares=size) for i, size in enumerate(sizes))
            for sizes in ((10_000_000,), (5_000_000, 5_000_000), (1_000_000, 2_000_000, 3_000_000, 4_000_000))
        )
        self.periods = ("2025-2030", "2026-2031", "five years", "2024-2029")
        self.alternatives = tuple(
            (Alternative(field="amount", value=amount, sources=self.sources[k]),)
            for k, amount in enumerate(self.amounts)
        )
        # What a correction may say, by the kind of event it corrects: values of the corrected fields' types.
        self.corrections: dict[str, tuple[dict[str, Any], ...]] = {
            "MetricReported": ({"value": Money.of("1200000000")}, {"period": "2020"}),
            "Announced": ({"topic": "correction"},),
            "OfferMade": ({"offer": "to hire its founders"},),
            "LetterPublished": ({"demands": "the board reconsiders"},),
            "FundingSought": ({"purpose": "chips"}, {"amount": Money.of("5000000000")}),
        }
        self.rng = rng

    def day(self, ordinal: int) -> PartialDate:
        """The day-precise date of a day, one object per day."""
        found = self._days.get(ordinal)
        if found is None:
            day = dt.date.fromordinal(ordinal)
            found = self._days[ordinal] = PartialDate(day.year, day.month, day.day)
            if (day + dt.timedelta(days=1)).day == 1:  # the last day of a month, maybe of a year
                month = PartialDate(day.year, day.month)
                self._loose[ordinal] = (month, PartialDate(day.year) if day.month == 12 else month)
        return found

    def year_label(self, year: int) -> str:
        """A year as a string (``"2023"``), one object per year."""
        return self._labels.setdefault(year, str(year))

    def loose(self, ordinal: int) -> PartialDate:
        """Now and then a month- or year-precise date that takes effect on this day (its period's last)."""
        ends = self._loose.get(ordinal)
        if ends is None:
            return self.day(ordinal)
        roll = self.rng.random()
        return self.day(ordinal) if roll < 0.5 else ends[0] if roll < 0.8 else ends[1]


class _WarrantModel:
    """What the generator remembers of one warrant: its tranches, how many have vested, shares exercised."""

    __slots__ = ("exercised", "id", "next", "tranches", "vested")

    def __init__(self, warrant: str, tranches: tuple[Tranche, ...]) -> None:
        self.id = warrant
        self.tranches = tranches
        self.next = 0  # the next tranche to vest
        self.vested = 0  # shares vested so far
        self.exercised = 0


class _World:
    """The generator's own model of the state, and one method per event kind that emits a valid event."""

    def __init__(self, rng: random.Random, orgs: Sequence[str], people: Sequence[str], pools: _Pools) -> None:
        self.rng = rng
        self.orgs = orgs
        self.people = people
        self.hot = orgs[: max(3, len(orgs) // 100)]
        self.pools = pools
        self.unfounded = list(reversed(orgs))
        self.roles: dict[tuple[str, str], list[str]] = {}
        self.held: list[tuple[str, str, str]] = []  # (org, role, person) for random role ends
        self.caps: dict[str, dict[str, float]] = {}  # entity -> holder -> low end of the stake (approximate)
        self.agreements: list[str] = []  # in force
        self.commitments: list[str] = []  # in force
        self.unvested: list[_WarrantModel] = []  # with a tranche still to vest
        self.exercisable: list[_WarrantModel] = []  # with a vested tranche (dropped lazily once exhausted)
        self.correctable: list[tuple[str, str]] = []  # (id, type name) of events a later one may correct
        self.owed: list[tuple[str, str, float]] = []  # (investor, investee, committed and not yet paid)
        self.seats: list[tuple[str, str]] = []  # (holder, org) observer seats held
        self.serial = 0
        self.role_table = [role for role, weight in _ROLES for _ in range(weight)]
        self.valuations: dict[tuple[int, int], Money] = {}
        self.count = 0  # events made so far: the next id
        self.ids: list[str] = []  # every id, set by synthetic_timeline
        # Set for each step by synthetic_timeline: the day of the events it makes.
        self.date = PartialDate(1995)
        self.ordinal = 0

    # --- drawing ---------------------------------------------------------------------------------------------

    def org(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return self.hot[int(rng.random() * len(self.hot))]
        return self.orgs[int(rng.random() * len(self.orgs))]

    def other_org(self, not_this: str) -> str:
        for _ in range(8):
            org = self.org()
            if org != not_this:
                return org
        return self.orgs[0] if not_this != self.orgs[0] else self.orgs[1]

    def person(self) -> str:
        return self.people[int(self.rng.random() * len(self.people))]

    def common(self, kind: str) -> dict[str, Any]:
        """The fields every event has: id, date, summary, sources; now and then recorded, unverified, note."""
        pools, at = self.pools, self.count
        self.count = at + 1
        fields: dict[str, Any] = {
            "id": self.ids[at],
            "date": self.date,
            "summary": pools.summaries[kind][at & 3],
            "sources": pools.sources[(at * 37) & 63],
        }
        roll = self.rng.random()
        if roll < 0.03:
            fields["recorded"] = pools.day(self.ordinal + 1 + int(self.rng.random() * 400))
        elif roll < 0.05:
            fields["unverified"] = True
            fields["note"] = pools.notes[at & 3]
        return fields

    def serial_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial:07d}"

    # --- organisations ---------------------------------------------------------------------------------------

    def founded(self) -> list[Event]:
        if not self.unfounded:
            return []
        org = self.unfounded.pop()
        form = _LEGAL_FORMS[int(self.rng.random() * 5)]
        return [Founded(**self.common("founded"), org=org, name=f"Org {org[4:]}", legal_form=form)]

    def reorganized(self) -> list[Event]:
        org, roll = self.org(), self.rng.random()
        name = f"Org {org[4:]} {'Group' if roll < 0.5 else 'Holdings'}" if roll < 0.7 else None
        form = _LEGAL_FORMS[int(self.rng.random() * 5)] if roll > 0.4 else None
        return [Reorganized(**self.common("reorganized"), org=org, name=name, legal_form=form)]

    # --- people ----------------------------------------------------------------------------------------------

    def _end(self, org: str, role: str, person: str) -> Event:
        self.roles[(org, role)].remove(person)
        reason = _END_REASONS[int(self.rng.random() * 3)]
        return RoleEnded(**self.common("role_ended"), person=person, org=org, role=role, reason=reason)

    def role_began(self) -> list[Event]:
        rng = self.rng
        org = self.org()
        role = self.role_table[int(rng.random() * len(self.role_table))]
        holders = self.roles.setdefault((org, role), [])
        person = self.person()
        if person in holders:
            return []
        out: list[Event] = []
        if len(holders) >= _ROLE_CAP.get(role, 1):  # a successor: the old holder leaves the same day
            out.append(self._end(org, role, holders[int(rng.random() * len(holders))]))
        holders.append(person)
        self.held.append((org, role, person))
        reason = _BEGIN_REASONS[int(rng.random() * 4)]
        out.append(RoleBegan(**self.common("role_began"), person=person, org=org, role=role, reason=reason))
        return out

    def role_ended(self) -> list[Event]:
        held, rng = self.held, self.rng
        while held:  # entries whose role has already ended are dropped lazily
            i = int(rng.random() * len(held))
            held[i], held[-1] = held[-1], held[i]
            org, role, person = held.pop()
            if person in self.roles[(org, role)]:
                return [self._end(org, role, person)]
        return []

    # --- ownership -------------------------------------------------------------------------------------------

    def _stake_at_most(self, room: float) -> Stake | None:
        lows = self.pools.stake_lows
        k = 0
        while k < len(lows) and lows[k] <= room:
            k += 1
        return self.pools.stakes[int(self.rng.random() * k)] if k else None

    def invested(self) -> list[Event]:
        rng, pools = self.rng, self.pools
        investee = self.org()
        table = self.caps.get(investee)
        if table is not None and len(table) > _CAP_TABLE_LIMIT:
            return self.recapitalized(investee)
        investor = self.other_org(investee) if rng.random() < 0.75 else self.person()
        which = int(rng.random() * 15)  # one of the exact USD amounts
        amount = pools.amounts[which]
        extra: dict[str, Any] = {}
        if rng.random() < 0.5:
            extra["round"] = ("seed", "series-a", "series-b", "series-c", "strategic")[int(rng.random() * 5)]
        if rng.random() < 0.03:
            extra["alternatives"] = pools.alternatives[int(rng.random() * len(pools.alternatives))]
        if rng.random() < 0.3:
            extra["instrument"] = ("cash", "convertible note", "cloud credits")[int(rng.random() * 3)]
        roll = rng.random()
        low = high = 0.0
        if roll < 0.6:
            stake = pools.stakes[int(rng.random() * len(pools.stakes))]
            extra["stake"] = stake
            low, high = float(stake.low), float(stake.high)
            if table is None:
                table = self.caps[investee] = {}
        elif roll < 0.85:
            multiple = 5 + int(rng.random() * 45)
            valuation = self.valuations.get((which, multiple))
            if valuation is None:
                valuation = self.valuations[(which, multiple)] = Money.of(amount.low * multiple)
            extra["valuation"] = valuation
            if rng.random() < 0.3:
                extra["valuation_basis"] = "pre-money"
                multiple += 1
            low = high = 1 / multiple
        if table is not None and high:
            keep = 1 - high
            for holder in table:
                table[holder] *= keep
            table[investor] = table.get(investor, 0.0) + low
        return [Invested(**self.common("invested"), investor=investor, investee=investee, amount=amount, **extra)]

    def round_raised(self) -> list[Event]:
        """A round of two to four investors: the round dilutes the model's cap table once."""
        rng, pools = self.rng, self.pools
        entity = self.org()
        table = self.caps.get(entity)
        if table is not None and len(table) > _CAP_TABLE_LIMIT:
            return self.recapitalized(entity)
        investors: list[Participation] = []
        names: set[str] = {entity}
        raised = Decimal(0)
        for _ in range(2 + int(rng.random() * 3)):
            investor = self.other_org(entity)
            if investor in names:
                continue
            names.add(investor)
            amount = pools.amounts[int(rng.random() * 15)]
            raised += amount.low
            paid = amount if rng.random() < 0.5 else None
            if paid is None:
                self.owed.append((investor, entity, float(amount.low)))
            investors.append(Participation(investor=investor, amount=amount, paid=paid))
        if not investors:
            return []
        multiple = 5 + int(rng.random() * 45)
        if table is not None:  # the money paid at the close buys shares at the round's price (raised × (multiple - 1))
            price = float(raised) * (multiple - 1)
            at_close = sum(float(p.paid.low) for p in investors if p.paid is not None)
            keep = price / (price + at_close)
            for holder in table:
                table[holder] *= keep
            for p in investors:
                if p.paid is not None:
                    table[p.investor] = table.get(p.investor, 0.0) + float(p.paid.low) / (price + at_close)
        return [
            RoundRaised(
                **self.common("round_raised"),
                entity=entity,
                investors=tuple(investors),
                raised=Money.of(raised),
                valuation=Money.of(raised * multiple),
                valuation_basis="post-money",
            )
        ]

    def funding_reported(self, last: Event) -> Event:
        """A disclosure of what an investor committed to an organisation and funded, in place of ``last``, the last
        event: it draws nothing at random, so every other event (and every benchmark's workload) is the one it was
        before the kind existed."""
        amount = self.pools.amounts[0]
        return FundingReported(
            id=last.id,
            date=last.date,
            summary=self.pools.summaries["funding_reported"][0],
            sources=last.sources,
            investor=self.orgs[0],
            investee=self.orgs[1],
            committed=amount,
            paid=amount,
        )

    def investment_paid(self) -> list[Event]:
        """A payment of part (or all) of what an investor committed in a round and had not paid."""
        if not self.owed:
            return []
        i = int(self.rng.random() * len(self.owed))
        investor, investee, owed = self.owed[i]
        part = Decimal(int(owed)) if self.rng.random() < 0.5 else Decimal(int(owed // 2))
        if part <= 0:
            return []
        if part >= Decimal(int(owed)):
            self.owed[i] = self.owed[-1]
            self.owed.pop()
        else:
            self.owed[i] = (investor, investee, owed - float(part))
        return [
            InvestmentPaid(
                **self.common("investment_paid"), investor=investor, investee=investee, amount=Money.of(part)
            )
        ]

    def interest_reported(self) -> list[Event]:
        entity = self.org()
        holder = self.other_org(entity)
        tiers = self.pools.profit_tiers[int(self.rng.random() * len(self.pools.profit_tiers))]
        return [InterestReported(**self.common("interest_reported"), holder=holder, entity=entity, tiers=tiers)]

    def seat_granted(self) -> list[Event]:
        org = self.org()
        holder = self.other_org(org)
        if (holder, org) in self.seats:
            return []
        self.seats.append((holder, org))
        return [SeatGranted(**self.common("seat_granted"), holder=holder, org=org, seat="board-observer")]

    def seat_given_up(self) -> list[Event]:
        if not self.seats:
            return []
        holder, org = self.seats.pop(int(self.rng.random() * len(self.seats)))
        return [SeatGivenUp(**self.common("seat_given_up"), holder=holder, org=org, seat="board-observer")]

    def stake_reported(self) -> list[Event]:
        rng = self.rng
        entity = self.org()
        table = self.caps.get(entity, {})
        if len(table) > _CAP_TABLE_LIMIT:
            return self.recapitalized(entity)
        if table and rng.random() < 0.6:
            holder = next(iter(table)) if len(table) == 1 else list(table)[int(rng.random() * len(table))]
        else:
            holder = self.other_org(entity) if rng.random() < 0.7 else self.person()
        room = _MAX_TOTAL - (sum(table.values()) - table.get(holder, 0.0))
        stake = self._stake_at_most(room)
        if stake is None:
            return []
        table[holder] = float(stake.low)
        self.caps[entity] = table
        return [StakeReported(**self.common("stake_reported"), holder=holder, entity=entity, stake=stake)]

    def recapitalized(self, entity: str | None = None) -> list[Event]:
        rng = self.rng
        entity = entity or self.org()
        holders: dict[str, Stake] = {}
        room = _MAX_TOTAL
        for _ in range(2 + int(rng.random() * 7)):
            holder = self.other_org(entity) if rng.random() < 0.7 else self.person()
            stake = self._stake_at_most(room if holder not in holders else 0.0)
            if stake is None:
                continue
            holders[holder] = stake
            room -= float(stake.low)
        self.caps[entity] = {h: float(s.low) for h, s in holders.items()}
        return [Recapitalized(**self.common("recapitalized"), entity=entity, cap_table=holders)]

    # --- agreements ------------------------------------------------------------------------------------------

    def agreement_signed(self) -> list[Event]:
        first = self.org()
        parties = [first, self.other_org(first)]
        if self.rng.random() < 0.1:
            third = self.other_org(first)
            if third not in parties:
                parties.append(third)
        agreement = self.serial_id("agr")
        self.agreements.append(agreement)
        terms = self.pools.terms[int(self.rng.random() * len(self.pools.terms))]
        title = f"Partnership {agreement[4:]}" if self.rng.random() < 0.5 else None
        fields = self.common("agreement_signed")
        return [AgreementSigned(**fields, agreement=agreement, parties=tuple(parties), title=title, terms=terms)]

    def _live(self, items: list[str], remove: bool) -> str | None:
        if not items:
            return None
        i = int(self.rng.random() * len(items))
        if not remove:
            return items[i]
        items[i], items[-1] = items[-1], items[i]
        return items.pop()

    def agreement_amended(self) -> list[Event]:
        agreement = self._live(self.agreements, remove=False)
        if agreement is None:
            return []
        terms = self.pools.terms[int(self.rng.random() * len(self.pools.terms))]
        return [AgreementAmended(**self.common("agreement_amended"), agreement=agreement, terms=terms)]

    def agreement_ended(self) -> list[Event]:
        agreement = self._live(self.agreements, remove=True)
        if agreement is None:
            return []
        return [AgreementEnded(**self.common("agreement_ended"), agreement=agreement)]

    # --- compute ---------------------------------------------------------------------------------------------

    def committed(self) -> list[Event]:
        rng, pools = self.rng, self.pools
        buyer = self.org()
        supplier = self.other_org(buyer)
        commitment = self.serial_id("cmt")
        self.commitments.append(commitment)
        roll = rng.random()
        gigawatts = pools.gigawatts[int(rng.random() * len(pools.gigawatts))] if roll < 0.8 else None
        amount = pools.amounts[int(rng.random() * len(pools.amounts))] if roll > 0.3 else None
        return [
            ComputeCommitted(
                **self.common("committed"),
                commitment=commitment,
                buyer=buyer,
                supplier=supplier,
                stage="letter-of-intent" if rng.random() < 0.4 else "definitive",
                gigawatts=gigawatts,
                amount=amount,
                period=pools.periods[int(rng.random() * 4)] if rng.random() < 0.7 else None,
            )
        ]

    def commitment_revised(self) -> list[Event]:
        commitment = self._live(self.commitments, remove=False)
        if commitment is None:
            return []
        rng, pools = self.rng, self.pools
        roll = rng.random()
        change: dict[str, Any] = {}
        if roll < 0.4:
            change["gigawatts"] = pools.gigawatts[int(rng.random() * len(pools.gigawatts))]
        elif roll < 0.7:
            change["amount"] = pools.amounts[int(rng.random() * len(pools.amounts))]
        elif roll < 0.85:
            change["stage"] = "definitive"
        else:
            change["period"] = pools.periods[int(rng.random() * 4)]
        return [CommitmentRevised(**self.common("commitment_revised"), commitment=commitment, **change)]

    def commitment_ended(self) -> list[Event]:
        commitment = self._live(self.commitments, remove=True)
        if commitment is None:
            return []
        return [CommitmentEnded(**self.common("commitment_ended"), commitment=commitment)]

    # --- warrants --------------------------------------------------------------------------------------------

    def warrant_issued(self) -> list[Event]:
        rng, pools = self.rng, self.pools
        issuer = self.org()
        holder = self.other_org(issuer)
        tranches = pools.tranches[int(rng.random() * len(pools.tranches))]
        shares = sum(t.shares or 0 for t in tranches) + (1_000_000 if rng.random() < 0.3 else 0)
        warrant = self.serial_id("wrt")
        self.unvested.append(_WarrantModel(warrant, tranches))
        price = pools.prices[int(rng.random() * len(pools.prices))]
        fields = self.common("warrant_issued")
        return [
            WarrantIssued(
                **fields,
                warrant=warrant,
                issuer=issuer,
                holder=holder,
                shares=shares,
                exercise_price=price,
                tranches=tranches,
            )
        ]

    def tranche_vested(self) -> list[Event]:
        if not self.unvested:
            return []
        i = int(self.rng.random() * len(self.unvested))
        model = self.unvested[i]
        tranche = model.tranches[model.next]
        model.next += 1
        if model.next == len(model.tranches):
            self.unvested[i] = self.unvested[-1]
            self.unvested.pop()
        if not model.vested:
            self.exercisable.append(model)
        model.vested += tranche.shares or 0
        return [TrancheVested(**self.common("tranche_vested"), warrant=model.id, tranche=tranche.name)]

    def warrant_exercised(self) -> list[Event]:
        rng = self.rng
        while self.exercisable:
            i = int(rng.random() * len(self.exercisable))
            model = self.exercisable[i]
            if model.vested > model.exercised:
                shares = 1 + int(rng.random() * (model.vested - model.exercised))
                model.exercised += shares
                fields = self.common("warrant_exercised")
                return [WarrantExercised(**fields, warrant=model.id, shares=shares)]
            self.exercisable[i] = self.exercisable[-1]
            self.exercisable.pop()
        return []

    # --- figures and the record ------------------------------------------------------------------------------

    def _loose(self, kind: str, type_name: str) -> dict[str, Any]:
        """The common fields of a metric or record-only event, which a later event may correct or retract."""
        fields = self.common(kind)
        fields["date"] = self.pools.loose(self.ordinal)
        if "recorded" not in fields:  # recorded on its date, so that anything later may correct it
            self.correctable.append((str(fields["id"]), type_name))
        return fields

    def metric(self) -> list[Event]:
        rng, pools = self.rng, self.pools
        entity = self.org()
        value: Money | Quantity
        if rng.random() < 0.8:
            metric = _MONEY_METRICS[int(rng.random() * len(_MONEY_METRICS))]
            value = pools.amounts[int(rng.random() * len(pools.amounts))]
        else:
            metric = _COUNT_METRICS[int(rng.random() * len(_COUNT_METRICS))]
            value = pools.counts[int(rng.random() * len(pools.counts))]
        period = pools.year_label(self.date.year) if rng.random() < 0.3 else None
        return [
            MetricReported(
                **self._loose("metric", "MetricReported"), entity=entity, metric=metric, value=value, period=period
            )
        ]

    def announced(self) -> list[Event]:
        rng = self.rng
        first = self.org()
        subjects: tuple[str, ...] = (first,) if rng.random() < 0.6 else (first, self.other_org(first))
        if rng.random() < 0.2:
            subjects += (self.person(),)
        topic = ("launch", "plan", "statement", None)[int(rng.random() * 4)]
        return [Announced(**self._loose("announced", "Announced"), subjects=subjects, topic=topic)]

    def offer(self) -> list[Event]:
        by = self.org()
        return [OfferMade(**self._loose("offer", "OfferMade"), by=by, to=self.other_org(by), offer="to hire its staff")]

    def letter(self) -> list[Event]:
        pools, rng = self.pools, self.rng
        signatories = pools.counts[int(rng.random() * 6)] if rng.random() < 0.7 else None
        staff = pools.counts[int(rng.random() * 6)] if rng.random() < 0.3 else None
        demands = "the board resigns" if rng.random() < 0.5 else None
        fields = self._loose("letter", "LetterPublished")
        return [LetterPublished(**fields, by=self.org(), signatories=signatories, staff=staff, demands=demands)]

    def funding_sought(self) -> list[Event]:
        pools, rng = self.pools, self.rng
        seeker = self.org() if rng.random() < 0.8 else self.person()
        amount = pools.amounts[int(rng.random() * len(pools.amounts))] if rng.random() < 0.7 else None
        return [
            FundingSought(
                **self._loose("funding_sought", "FundingSought"), seeker=seeker, purpose="data centres", amount=amount
            )
        ]

    # --- what was known when ---------------------------------------------------------------------------------

    def corrected(self) -> list[Event]:
        if not self.correctable:
            return []
        target, type_name = self.correctable[int(self.rng.random() * len(self.correctable))]
        options = self.pools.corrections[type_name]
        fields = options[int(self.rng.random() * len(options))]
        return [Corrected(**self.common("corrected"), corrects=target, fields=fields)]

    def retracted(self) -> list[Event]:
        if not self.correctable:
            return []
        i = int(self.rng.random() * len(self.correctable))
        self.correctable[i], self.correctable[-1] = self.correctable[-1], self.correctable[i]
        target, _ = self.correctable.pop()
        reason = "the report was withdrawn" if self.rng.random() < 0.5 else None
        return [Retracted(**self.common("retracted"), retracts=target, reason=reason)]


def _default_counts(n_events: int, n_orgs: int | None, n_people: int | None) -> tuple[int, int]:
    orgs = n_orgs if n_orgs is not None else max(20, n_events // 400)
    people = n_people if n_people is not None else max(40, n_events // 150)
    if orgs < 3 or people < 1:
        raise ValueError(f"need at least 3 organisations and 1 person, got {orgs} and {people}")
    return orgs, people


def _days(rng: random.Random, n_events: int, years: float) -> list[int]:
    """The day (an ordinal) of each event, never going backwards, with several events on most days.

    A third as many days as events (or every day of the span, if fewer) are active; each gets a share of the
    events drawn from an exponential weight, so that some days are busy and some quiet.
    """
    span = max(1, round(years * 365.25))
    active = sorted(rng.sample(range(span), min(span, max(1, n_events // 3))))
    weights = [rng.expovariate(1.0) for _ in active]
    scale = n_events / sum(weights)
    start = _START.toordinal()
    out: list[int] = []
    cumulative = 0.0
    for day, weight in zip(active, weights, strict=True):
        cumulative += weight * scale
        out += [start + day] * (min(n_events, round(cumulative)) - len(out))
    out += [start + active[-1]] * (n_events - len(out))
    return out


def synthetic_timeline(
    n_events: int,
    *,
    seed: int = 0,
    n_orgs: int | None = None,
    n_people: int | None = None,
    years: float = 30,
) -> tuple[list[Event], list[Entity]]:
    """A valid synthetic record of ``n_events`` events naming many organisations and people.

    Every built-in event kind appears when ``n_events`` is at least 30 (the first events are a tour of all of
    them); the rest follow the mix in this module's docstring. The events are in replay order and replay without
    error through ``Timeline(events, entities)``.

    Args:
        n_events: How many events to make.
        seed: The seed of the one random generator; the same seed gives the same events.
        n_orgs: How many organisations (default ``max(20, n_events // 400)``; at least 3).
        n_people: How many people (default ``max(40, n_events // 150)``).
        years: How many years from 1995-01-01 the dates spread over (30 by default; fewer packs more events
            into each day).

    Returns:
        The events, in replay order, and every organisation and person they may name.

    Raises:
        ValueError: ``n_events`` is negative, or there are too few organisations or people.

    >>> events, entities = synthetic_timeline(50, seed=3)
    >>> events[0].id, type(events[0]).__name__
    ('e0000000', 'Founded')
    """
    if n_events < 0:
        raise ValueError(f"n_events must not be negative, got {n_events}")
    count_orgs, count_people = _default_counts(n_events, n_orgs, n_people)
    rng = random.Random(seed)
    org_ids = [f"org-{i:05d}" for i in range(count_orgs)]
    people_ids = [f"person-{i:06d}" for i in range(count_people)]
    entities: list[Entity] = [
        Organization(id=org, name=f"Org {org[4:]}", legal_form=_LEGAL_FORMS[i % 5]) for i, org in enumerate(org_ids)
    ]
    entities += [Person(id=p, name=f"Person {p[7:]}") for p in people_ids]
    pools = _Pools(rng)
    world = _World(rng, org_ids, people_ids, pools)
    table: list[Callable[[], list[Event]]] = []
    for kind, weight in _MIX:
        table += [getattr(world, kind)] * round(weight * 2)
    tour: list[Callable[[], list[Event]]] = [getattr(world, kind) for kind in _TOUR]
    days = _days(rng, n_events, years)
    width = max(7, len(str(n_events)))
    world.ids = [f"e{i:0{width}d}" for i in range(n_events + 1)]  # one spare: a step may make two events
    # Founding: every organisation once, spread over the first tenth of the steps.
    found_every = max(1, (n_events // 10) // count_orgs)
    events: list[Event] = []
    draw = rng.random
    step = 0
    collecting = gc.isenabled()
    gc.disable()  # a million new objects and no garbage: a collection here would only cost time
    try:
        while world.count < n_events:
            world.ordinal = days[world.count]
            world.date = pools.day(world.ordinal)
            if tour:
                events += tour.pop(0)()
            elif world.unfounded and step % found_every == 0:
                events += world.founded()
            else:
                events += table[int(draw() * len(table))]()
            step += 1
    finally:
        if collecting:
            gc.enable()
    del events[n_events:]
    if events:
        events[-1] = world.funding_reported(events[-1])
    return events, entities


class QueryInputs(NamedTuple):
    """Questions to ask a synthetic timeline: each a date and the subjects the query names."""

    ceo: list[tuple[dt.date, str]]
    """``(day, organisation)`` for ``state_at(day).ceo(organisation)``."""
    ceo_text: list[tuple[str, str]]
    """The same days and organisations as ``ceo``, each day as its ``YYYY-MM-DD`` text."""
    stake: list[tuple[dt.date, str, str]]
    """``(day, holder, entity)`` for ``state_at(day).stake(holder, entity)``: pairs some investment or stake
    report names."""
    commitments: list[tuple[dt.date, str]]
    """``(day, buyer)`` for ``state_at(day).commitments(buyer)``: buyers some compute commitment names."""


def query_inputs(events: Sequence[Event], entities: Sequence[Entity], count: int, rng: random.Random) -> QueryInputs:
    """``count`` random questions of each kind about a synthetic timeline, drawn from ``rng``.

    Days are uniform over the span of ``events`` (which must be in replay order); organisations are drawn from
    ``entities``, and holder-entity pairs and buyers from the events that name them, so that busy subjects come up
    as often as they occur. The benchmark (``bench.py``) and the instruction counts (``instruction_sections.py``)
    draw their questions here.
    """
    first, last = events[0].date.effective.toordinal(), events[-1].date.effective.toordinal()
    orgs = [e.id for e in entities if isinstance(e, Organization)]
    pairs = [(e.investor, e.investee) for e in events if isinstance(e, Invested)]
    pairs += [(e.holder, e.entity) for e in events if isinstance(e, StakeReported)]
    buyers = [e.buyer for e in events if isinstance(e, ComputeCommitted)]

    def day() -> dt.date:
        return dt.date.fromordinal(rng.randint(first, last))

    ceo = [(day(), rng.choice(orgs)) for _ in range(count)]
    stake = [(day(), *rng.choice(pairs)) for _ in range(count)]
    commitments = [(day(), rng.choice(buyers)) for _ in range(count)]
    return QueryInputs(ceo, [(d.isoformat(), o) for d, o in ceo], stake, commitments)
