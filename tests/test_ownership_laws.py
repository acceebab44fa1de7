"""The laws of ownership and commitments, over generated records with rounds, payments, carve-outs and nested
commitments: a round dilutes every holder by one factor; a derived line is its last report diluted by the rounds
it names; totals count a contained record once; paid never exceeds committed."""

from __future__ import annotations

import pickle
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given

import aitimeline as at
from aitimeline import keys
from aitimeline.testing import ORGANIZATIONS, GeneratedTimeline, timelines


def _sold(event: at.Event) -> at.Stake | None:
    if isinstance(event, at.events.RoundRaised):
        return event.sold()
    if isinstance(event, at.events.Invested):
        return event.bought()
    return None


@given(timelines(max_events=25))
def test_a_round_dilutes_every_existing_holder_by_the_same_factor(g: GeneratedTimeline) -> None:
    tl = g.timeline()
    entities = tl.entities
    state: dict[Any, Any] = {}
    for event in tl.events:
        after = at.extend.step(state, event, entities)
        if isinstance(event, at.events.RoundRaised) and (sold := event.sold()) is not None:
            before_table = state.get(keys.cap_table(event.entity))
            after_table = after.get(keys.cap_table(event.entity))
            if before_table is not None:
                assert after_table is not None
                new = {p.investor for p in event.investors}  # their lines grow by what they bought
                keep = 1 - sold.high
                for holder, stake in before_table.items():
                    if holder not in new:
                        assert after_table[holder].low == stake.low * keep, (event.id, holder)
        state = after


@given(timelines(max_events=25))
def test_a_derived_line_is_its_last_report_diluted_by_the_rounds_since(g: GeneratedTimeline) -> None:
    tl = g.timeline()
    by_id = {e.id: e for e in tl.events}
    final = tl.state_at("2100-01-01")
    for entity in ORGANIZATIONS:
        table = final.cap_table(entity)
        for line in table.lines():
            factor = Fraction(1)
            for round_id in line.diluted_by:
                sold = _sold(by_id[round_id])
                assert sold is not None
                factor *= 1 - sold.high
            assert line.stake.low == line.as_set.low * factor, (entity, line.holder)
            if line.diluted_by:
                assert line.kind == "derived", (entity, line.holder)


@given(timelines(max_events=25))
def test_totals_count_each_contained_record_once(g: GeneratedTimeline) -> None:
    """A record with a figure is summed unless a record it sits inside (up its ``within`` chain) states that
    figure too: never twice, never zero times; gigawatts are added one kind of capacity at a time."""
    tl = g.timeline()
    for day in ("2010-01-01", "2030-01-01", "2100-01-01"):
        commitments = tl.state_at(day).commitments()
        kinds = {c.capacity or "unstated" for c in commitments if c.gigawatts is not None}
        sums = [(at.total_gigawatts(commitments, kind), "gigawatts", kind) for kind in kinds]
        for total, field, kind in [*sums, (_amount(commitments), "amount", None)]:
            if total is None:
                continue
            counted = [c for c in commitments if kind is None or (c.capacity or "unstated") == kind]
            by_id = {c.id: c for c in counted}
            stated = {c.id for c in counted if getattr(c, field) is not None}
            covered = {i for i in stated if any(getattr(a, field) is not None for a in _above(by_id[i], by_id))}
            assert set(total.summed) == stated - covered
            assert set(total.left_out) == covered


@given(timelines(max_events=25))
def test_gigawatts_of_two_kinds_are_added_only_when_asked(g: GeneratedTimeline) -> None:
    """Without a kind, the gigawatts of commitments of two kinds of capacity are refused; with ``mix=True`` they
    are the sum of each kind's total, and the answer names the kinds."""
    commitments = g.timeline().state_at("2100-01-01").commitments()
    kinds = sorted({c.capacity or "unstated" for c in commitments if c.gigawatts is not None})
    if len(kinds) < 2:
        total = at.total_gigawatts(commitments)
        assert total is None or total.kinds == tuple(kinds)
        return
    with pytest.raises(at.errors.UnitError, match=f"{len(kinds)} kinds of capacity"):
        at.total_gigawatts(commitments)
    mixed = at.total_gigawatts(commitments, mix=True)
    assert mixed is not None
    assert mixed.kinds == tuple(kinds)
    assert " and ".join(kinds[-2:]) in str(mixed)


def _above(c: at.Commitment, by_id: dict[str, at.Commitment]) -> list[at.Commitment]:
    """The records ``c`` sits inside, nearest first, up its ``within`` chain."""
    out, seen = [], {c.id}
    while c.within in by_id and c.within not in seen:
        c = by_id[c.within]
        out.append(c)
        seen.add(c.id)
    return out


def _amount(commitments: tuple[at.Commitment, ...]) -> at.Total | None:
    try:
        return at.total_amount(commitments)
    except at.errors.CurrencyError:  # generated amounts may mix currencies: then there is no total to check
        return None


@given(timelines(max_events=25))
def test_paid_never_exceeds_committed(g: GeneratedTimeline) -> None:
    tl = g.timeline()
    state = tl.state_at("2100-01-01")
    for investee in ORGANIZATIONS:
        for investor in ORGANIZATIONS:
            funding = state.funding(investor, investee)
            if funding is not None and funding.committed is not None and funding.paid is not None:
                assert funding.paid.low <= funding.committed.high


@given(timelines(max_events=25))
def test_a_cap_table_survives_pickling_with_where_each_line_comes_from(g: GeneratedTimeline) -> None:
    state = g.timeline().state_at("2999-12-31")
    for entity in ORGANIZATIONS:
        table = state.cap_table(entity)
        again = pickle.loads(pickle.dumps(table))
        assert again == table
        assert again.lines() == table.lines()


def test_a_long_id_chain_pickles_without_deep_recursion() -> None:
    chain = None
    for i in range(20_000):
        chain = at.extend.IdChain(f"round-{i}", chain)
    assert chain is not None
    assert list(pickle.loads(pickle.dumps(chain))) == list(chain)
