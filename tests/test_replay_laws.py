"""The laws of replay, as hypothesis properties over generated valid timelines."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline.testing import (
    GeneratedTimeline,
    assert_diff_law,
    assert_history_law,
    assert_prefix_law,
    check_replay_laws,
    events,
    stakes,
    timelines,
)
from aitimeline.testing.laws import law_days

from .helpers import ENTITIES, ev


def _days(g: GeneratedTimeline) -> list[dt.date]:
    """Every event's day, the day before the first and the day after the last."""
    days = sorted({e.date.effective for e in g.events})
    if not days:
        return [dt.date(2000, 1, 1)]
    return [days[0] - dt.timedelta(days=1), *days, days[-1] + dt.timedelta(days=1)]


@given(timelines(), st.randoms(use_true_random=False))
def test_replay_is_deterministic_under_any_file_order(g: GeneratedTimeline, rnd: object) -> None:
    """Reading the files (and the events in them) in any order gives the same events and states."""
    files = list(g.files.values())
    rnd.shuffle(files)  # type: ignore[attr-defined]
    shuffled = [e for f in files for e in reversed(f)]
    a, b = g.timeline(), g.timeline(shuffled)
    assert a.events == b.events
    for day in _days(g):
        assert a.state_at(day) == b.state_at(day)


@given(timelines(), st.data())
def test_prefix_law(g: GeneratedTimeline, data: st.DataObject) -> None:
    """state_at(d) equals a naive replay of exactly the events dated up to d."""
    tl = g.timeline()
    day = data.draw(st.sampled_from(_days(g)))
    prefix = [e for e in tl.events if e.date.effective <= day]
    assert tl.state_at(day) == at.State.of(at.extend.replay(prefix, tl.entities), tl.entities, day)
    assert_prefix_law(tl, day)


@given(timelines(), st.data())
def test_indexed_answers_equal_naive_answers(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Every query on the indexed state answers as on a state built by naive replay."""
    tl = g.timeline()
    day = data.draw(st.sampled_from(_days(g)))
    naive = at.extend.replay([e for e in tl.events if e.date.effective <= day], tl.entities)
    fast, slow = tl.state_at(day), at.State.of(naive, tl.entities, day)
    for org in ("org-a", "org-b", "org-c", "org-d"):
        assert fast.ceo(org) == slow.ceo(org)
        assert fast.board(org) == slow.board(org)
        assert fast.roles(org) == slow.roles(org)
        assert fast.cap_table(org) == slow.cap_table(org)
        assert fast.name(org) == slow.name(org)
        assert fast.legal_form(org) == slow.legal_form(org)
        assert fast.agreements(org, in_force=False) == slow.agreements(org, in_force=False)
        assert fast.agreements(org) == slow.agreements(org)
        assert fast.commitments(supplier=org, in_force=False) == slow.commitments(supplier=org, in_force=False)
        assert fast.commitments(org) == slow.commitments(org)
        assert fast.warrants(org) == slow.warrants(org)
        assert fast.metric(org, "valuation") == slow.metric(org, "valuation")


@given(timelines())
def test_stakes_never_sum_above_one_hundred_percent(g: GeneratedTimeline) -> None:
    """On every day, the lowest reported stakes in any entity sum to at most 100 %."""
    tl = g.timeline()
    for day in _days(g):
        state = tl.state_at(day)
        for org in ("org-a", "org-b", "org-c", "org-d"):
            assert sum((s.low for s in state.cap_table(org).values()), Fraction(0)) <= 1


@given(
    st.dictionaries(st.sampled_from(["bigco", "ann", "bob"]), stakes(Fraction(1, 3)), min_size=1),
    stakes(Fraction(1, 2)),
)
def test_a_round_dilutes_existing_holders_pro_rata(table: dict[str, at.Stake], bought: at.Stake) -> None:
    """A round that sells a share f scales every other holder's stake by (1 - f), exactly."""
    tl = at.Timeline(
        [
            ev(at.events.Recapitalized, "recap", "2020-01-01", entity="acme", cap_table=table),
            ev(at.events.Invested, "round", "2020-06-01", investor="chipco", investee="acme", stake=bought),
        ],
        ENTITIES,
    )
    after = tl.state_at("2020-06-01").cap_table("acme")
    for holder, before in table.items():
        assert after[holder].low == before.low * (1 - bought.high)
        assert after[holder].high == before.high * (1 - bought.low)
    assert after["chipco"] == bought


@pytest.mark.slow  # a converter per example
@given(timelines(max_events=12, knowledge=True), events())
def test_every_event_round_trips_through_the_converter(g: GeneratedTimeline, extra: at.Event) -> None:
    """structure(unstructure(events), list[Event]) == events, corrections (typed in a second pass) included."""
    conv = at.io.make_converter()
    records = list(g.events) + (
        [extra] if not isinstance(extra, at.events.Corrected) and extra.id not in g.origins else []
    )
    assert conv.structure(conv.unstructure(records), list[at.Event]) == records


@given(timelines())
def test_step_is_pure(g: GeneratedTimeline) -> None:
    """step() never changes the state it was given."""
    tl = g.timeline()
    state: dict[tuple[str, ...], object] = {}
    for event in tl.events:
        before = dict(state)
        after = at.extend.step(state, event, tl.entities)
        assert state == before
        state = after


@given(timelines(max_events=30))
def test_history_lists_exactly_the_days_the_answer_changed(g: GeneratedTimeline) -> None:
    """history(q) agrees with asking q on every day, and only lists changes."""
    tl = g.timeline()

    def query(s: at.State) -> object:
        return (s.ceo("org-a"), s.board("org-b"))

    assert_history_law(tl, query)


@given(timelines(), st.data())
def test_diff_law(g: GeneratedTimeline, data: st.DataObject) -> None:
    """diff(a, b) names exactly the changed values, with both values and the events in between that wrote each
    (checked against a naive fold that logs every write)."""
    tl = g.timeline()
    a, b = sorted(data.draw(st.lists(st.sampled_from(law_days(tl)), min_size=2, max_size=2)))
    assert_diff_law(tl, a, b)


@given(timelines(max_events=15))
def test_every_law_of_replay_holds(g: GeneratedTimeline) -> None:
    """The whole set of laws users run on their own types (check_replay_laws) holds on built-in timelines."""
    check_replay_laws(
        g.timeline(), queries=[lambda s: (s.ceo("org-a"), s.board("org-b")), lambda s: s.cap_table("org-c")]
    )


def test_the_laws_hold_on_the_shipped_record() -> None:
    """Every law of replay holds on the record that ships with the package."""
    check_replay_laws(at.load(), queries=[lambda s: s.ceo("openai"), lambda s: s.stake("microsoft", "openai-group")])
