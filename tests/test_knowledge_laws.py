"""The laws of knowledge time (what was known when), as hypothesis properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._engine.knowledge import effective_events
from aitimeline.testing import (
    GeneratedTimeline,
    assert_explain_law,
    assert_history_law,
    check_knowledge_laws,
    timelines,
)

ORGS = ("org-a", "org-b", "org-c", "org-d")


def _days(g: GeneratedTimeline) -> list[dt.date]:
    days = sorted({e.date.effective for e in g.events} | {e.recorded.effective for e in g.events})
    if not days:
        return [dt.date(2000, 1, 1)]
    return [days[0] - dt.timedelta(days=1), *days, days[-1] + dt.timedelta(days=1)]


def _queries(state: at.State) -> tuple[object, ...]:
    return tuple(
        (state.ceo(o), state.board(o), state.cap_table(o), state.metric(o, "valuation"), state.name(o)) for o in ORGS
    )


knowledge_timelines = timelines(max_events=20, knowledge=True)


@given(knowledge_timelines, st.data())
def test_known_at_none_equals_known_at_far_future(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Asking with known_at=None is asking with everything recorded."""
    tl = g.timeline()
    day = data.draw(st.sampled_from(_days(g)))
    assert tl.state_at(day) == tl.state_at(day, known_at="9999-12-31")


@given(knowledge_timelines, st.data())
def test_knowledge_prefix_law(g: GeneratedTimeline, data: st.DataObject) -> None:
    """state_at(d, known_at=k) equals replaying exactly the events recorded by k (corrected, unretracted)."""
    tl = g.timeline()
    day, known = data.draw(st.sampled_from(_days(g))), data.draw(st.sampled_from(_days(g)))
    recorded = [e for e in tl.events if e.recorded.effective <= known]
    effective, _ = effective_events(recorded, g.origins)
    naive = at.extend.replay([e for e in effective if e.date.effective <= day], tl.entities, skip_invalid=True)
    assert tl.state_at(day, known_at=known).snapshot() == naive


@given(knowledge_timelines, st.data())
def test_an_event_recorded_later_changes_nothing_known_earlier(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Adding an event recorded after k changes no answer known at k."""
    tl = g.timeline()
    known = data.draw(st.sampled_from(_days(g)))
    late = at.events.MetricReported(
        id="late-report",
        date=at.PartialDate.from_date(data.draw(st.sampled_from(_days(g)))),
        recorded=at.PartialDate.from_date(known + dt.timedelta(days=1)),
        summary="a report made public later",
        sources=(at.Source(publisher="P", title="T", published=at.PartialDate(2000)),),
        entity="org-a",
        metric="valuation",
        value=at.Money.of(1),
    )
    more = g.timeline([*g.events, late])
    for day in _days(g):
        assert _queries(more.state_at(day, known_at=known)) == _queries(tl.state_at(day, known_at=known))


@given(knowledge_timelines)
def test_a_retraction_is_as_if_the_event_was_never_recorded(g: GeneratedTimeline) -> None:
    """From a retraction's recorded date on, answers are those of the record without the retracted event."""
    tl = g.timeline()
    for retraction in (e for e in tl.events if isinstance(e, at.events.Retracted)):
        gone = retraction.retracts
        without = g.timeline(
            [e for e in g.events if e.id != gone and getattr(e, "corrects", getattr(e, "retracts", None)) != gone]
        )
        known = retraction.recorded.effective + dt.timedelta(days=1000)
        for day in _days(g):
            assert tl.state_at(day, known_at=known).snapshot() == without.state_at(day, known_at=known).snapshot()


@given(knowledge_timelines)
def test_a_correction_equals_the_corrected_event_written_directly(g: GeneratedTimeline) -> None:
    """From a correction's recorded date on, answers are as if the target had been written corrected."""
    tl = g.timeline()
    retracted = {e.retracts for e in tl.events if isinstance(e, at.events.Retracted)}
    for fix in (e for e in tl.events if isinstance(e, at.events.Corrected) and e.corrects not in retracted):
        others = [e for e in g.events if isinstance(e, at.events.Corrected) and e.corrects == fix.corrects]
        if len(others) > 1:
            continue  # several corrections of one event: covered by the prefix law
        target = next(e for e in g.events if e.id == fix.corrects)
        fixed = attrs.evolve(target, **fix.fields)
        direct = g.timeline([fixed if e.id == target.id else e for e in g.events if e.id != fix.id])
        known = max(e.recorded.effective for e in g.events)
        for day in _days(g):
            assert tl.state_at(day, known_at=known).snapshot() == direct.state_at(day, known_at=known).snapshot()
        before = fix.recorded.effective - dt.timedelta(days=1)
        original = g.timeline([e for e in g.events if e.id != fix.id])
        for day in _days(g):
            assert tl.state_at(day, known_at=before).snapshot() == original.state_at(day, known_at=before).snapshot()


QUERIES = {
    "ceo": lambda s: s.ceo("org-a"),
    "board": lambda s: s.board("org-b"),
    "stake": lambda s: s.stake("org-b", "org-a"),
    "cap_table": lambda s: s.cap_table("org-c"),
    "roles": lambda s: s.roles("org-a"),
    "agreements": lambda s: s.agreements("org-a", in_force=False),
    "commitments": lambda s: s.commitments("org-b"),
    "warrants": lambda s: s.warrants("org-a"),
    "metric": lambda s: s.metric("org-a", "valuation"),
    "name": lambda s: (s.name("org-a"), s.legal_form("org-a")),
}


@given(timelines(max_events=20, knowledge=True), st.sampled_from(sorted(QUERIES)), st.data())
def test_explain_is_sufficient_and_lean(g: GeneratedTimeline, name: str, data: st.DataObject) -> None:
    """Replaying only the events explain() lists gives the same answer, and each of them wrote a value the
    answer read."""
    tl = g.timeline()
    assert_explain_law(tl, QUERIES[name], data.draw(st.sampled_from(_days(g))))


@given(timelines(max_events=12, knowledge=True))
def test_every_law_of_knowledge_holds(g: GeneratedTimeline) -> None:
    """check_knowledge_laws holds on generated timelines with late records, corrections and retractions."""
    check_knowledge_laws(g.timeline(), queries=[QUERIES["ceo"], QUERIES["metric"]])


@given(knowledge_timelines, st.data())
def test_history_known_at_agrees_with_state_at_known_at(g: GeneratedTimeline, data: st.DataObject) -> None:
    """history(q, known_at=k) lists exactly the days on which q's answer, known at k, changed."""
    tl = g.timeline()
    known = data.draw(st.sampled_from(_days(g)))

    def query(s: at.State) -> object:
        return (s.ceo("org-a"), s.metric("org-b", "valuation"))

    # The law asks from dt.date.min: a correction can move an event's date before 2000, where dates begin.
    assert_history_law(tl, query, known_at=known)


def test_an_incoherent_past_record_is_reported_and_skipped() -> None:
    """An exit made public before the appointment it ends is skipped in answers known then, and listed."""
    source = at.Source(publisher="P", title="T", published=at.PartialDate(2020))
    entities: list[at.Entity] = [at.Organization(id="acme", name="Acme"), at.Person(id="ann", name="Ann")]
    began = at.events.RoleBegan(
        id="ann-appointed",
        date=at.parse_date("2020-01-01"),
        recorded=at.parse_date("2020-06-01"),
        summary="s",
        sources=(source,),
        person="ann",
        org="acme",
        role="ceo",
        reason="appointed",
    )
    ended = at.events.RoleEnded(
        id="ann-leaves",
        date=at.parse_date("2020-03-01"),
        summary="s",
        sources=(source,),
        person="ann",
        org="acme",
        role="ceo",
        reason="resigned",
    )
    tl = at.Timeline([began, ended], entities)
    assert tl.problems_known_at("2020-06-01") == ()
    (problem,) = tl.problems_known_at("2020-04-01")
    assert (problem.event_id, problem.path) == ("ann-leaves", "person")
    assert tl.state_at("2020-02-01", known_at="2020-04-01").ceo("acme") is None
    assert tl.state_at("2020-02-01").ceo("acme") == "ann"


def test_history_starts_from_the_empty_state_when_a_correction_moves_an_event_earlier() -> None:
    """A correction that moves the first event's date earlier moves the first change of its history with it
    (found by the thorough profile: a baseline day of 1999-12-31 hid a change on that day)."""
    source = at.Source(publisher="P", title="T", published=at.PartialDate(2000))
    entities = [at.Organization(id="acme", name="Acme")]
    reported = at.events.MetricReported(
        id="valuation",
        date=at.parse_date("2000-01-01"),
        summary="s",
        sources=(source,),
        entity="acme",
        metric="valuation",
        value=at.Money(low=Decimal(5), high=Decimal(5), currency="USD"),
    )
    moved = at.events.Corrected(
        id="valuation-moved",
        date=at.parse_date("2000-01-01"),
        summary="s",
        sources=(source,),
        corrects="valuation",
        fields={"date": "1999-12-31"},
    )
    tl = at.Timeline([reported, moved], entities)
    history = tl.history(lambda s: s.metric("acme", "valuation"))
    assert [(day, value.value.low if value else None) for day, value in history] == [
        (dt.date(1999, 12, 31), Decimal(5))
    ]
