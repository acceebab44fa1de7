"""The laws of knowledge time (what was known when), as hypothesis properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import event, given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline.testing import (
    GeneratedTimeline,
    assert_explain_law,
    assert_history_law,
    check_knowledge_laws,
    money,
    timelines,
)

from .helpers import SOURCE

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


# --- the oracle of the knowledge prefix law: what was known when, by a naive model of docs/semantics.md ----------


def as_known(events: Sequence[at.Event], origins: Mapping[str, at.extend.Origin], known_at: dt.date) -> list[at.Event]:
    """The events as they stand known at ``known_at``, by the rules of docs/semantics.md read plainly (written
    apart from the library's ``effective_events``, and slow on purpose):

    - an event is known when it was recorded (the end of its recorded period) on or before ``known_at``;
    - a retracted event counts as never recorded, a retraction included: an event stands unless a retraction of
      it stands (so retracting a retraction restores its target, and an event retracted twice stays withdrawn
      while either retraction stands); what does not stand is left out, and a retracted correction does nothing;
    - each correction that stands replaces the named fields of its target, corrections of one event applying in
      the order they were recorded (ties by date, then id), every answer as if the event had been written
      corrected: a correction itself corrected applies its fields as corrected; the event keeps its id;
    - corrections and retractions stay on the record; events are in replay order (effective date, position in its
      file, id), where a corrected date moves its event.
    """
    known = [e for e in events if e.recorded.effective <= known_at]
    retractions: dict[str, list[at.events.Retracted]] = {}
    corrections: dict[str, list[at.events.Corrected]] = {}
    # Recording order; the docs leave ties open: like the library, by date, then id.
    for e in sorted(known, key=lambda e: (e.recorded.effective, e.date.effective, e.id)):
        if isinstance(e, at.events.Retracted):
            retractions.setdefault(e.retracts, []).append(e)
        elif isinstance(e, at.events.Corrected):
            corrections.setdefault(e.corrects, []).append(e)

    def stands(event_id: str) -> bool:
        return not any(stands(r.id) for r in retractions.get(event_id, ()))

    def as_corrected(e: at.Event) -> at.Event:
        for fix in corrections.get(e.id, ()):
            if stands(fix.id):
                fix_now = as_corrected(fix)
                assert isinstance(fix_now, at.events.Corrected)
                e = attrs.evolve(e, **fix_now.fields)
        return e

    standing = [as_corrected(e) for e in known if stands(e.id)]
    return sorted(standing, key=lambda e: (e.date.effective, (origins.get(e.id) or at.extend.Origin()).position, e.id))


_WITHDRAWABLE = (
    at.events.Retracted,
    at.events.Corrected,
    at.events.MetricReported,
    at.events.Announced,
    at.events.OfferMade,
)
"""What a retraction may name in a generated record: withdrawing anything else could leave the whole record
incoherent (an exit from a role no longer begun), which a timeline refuses."""


@st.composite
def revised_timelines(draw: st.DrawFn) -> GeneratedTimeline:
    """Generated timelines with late records, corrections and retractions, and one to four more revisions recorded
    later still: retractions, most of them of revisions (retractions of retractions and of corrections, down
    chains; events retracted twice), and second corrections of corrected fields. A record with nothing to withdraw
    gets a valuation report first."""
    g = draw(timelines(max_events=20, knowledge=True))
    events, origins = list(g.events), dict(g.origins)
    if not any(isinstance(e, _WITHDRAWABLE) for e in events):
        day = max((e.date for e in events), default=at.PartialDate(2000, 1, 1))
        report = at.events.MetricReported(
            id="x-report",
            date=day,
            summary="s",
            sources=(SOURCE,),
            entity="org-a",
            metric="valuation",
            value=draw(money()),
        )
        events.append(report)
        origins[report.id] = at.extend.Origin("more-revisions.toml", 0)
    for i in range(draw(st.integers(1, 4))):
        revision = _revision(draw, events, f"x{i}")
        events.append(revision)
        origins[revision.id] = at.extend.Origin("more-revisions.toml", i + 1)
    return GeneratedTimeline(tuple(events), g.entities, origins)


def _revision(draw: st.DrawFn, events: list[at.Event], id: str) -> at.Event:
    """A retraction of one of ``events``, or a second correction of a field a correction already corrected (recorded
    before, with or after it), recorded no earlier than its target."""
    fixes = [e for e in events if isinstance(e, at.events.Corrected)]
    choice = draw(st.sampled_from(["retract a revision", "retract", "correct again"]))
    if choice == "correct again" and fixes:
        fix = draw(st.sampled_from(fixes))
        target = next(e for e in events if e.id == fix.corrects)
        when = fix.recorded.effective + dt.timedelta(days=draw(st.sampled_from([-5, 0, 5, 600])))
        when = max(when, target.recorded.effective)
        fields = {name: draw(_new_value(target, name)) for name in fix.fields}
        return at.events.Corrected(
            id=id, date=when, summary="corrected again", sources=(SOURCE,), corrects=target.id, fields=fields
        )
    revisions = [e for e in events if isinstance(e, at.events.Retracted | at.events.Corrected)]
    pool = revisions if choice == "retract a revision" and revisions else events
    target = draw(st.sampled_from([e for e in pool if isinstance(e, _WITHDRAWABLE)]))
    when = target.recorded.effective + dt.timedelta(days=draw(st.sampled_from([0, 3, 600])))
    return at.events.Retracted(id=id, date=when, summary="withdrawn", sources=(SOURCE,), retracts=target.id)


def _new_value(target: at.Event, name: str) -> st.SearchStrategy[Any]:
    """Another value for ``target``'s field ``name``: a date a few days off, or another amount."""
    if name == "date":
        days = st.integers(-30, 30)
        return days.map(lambda n: at.PartialDate.from_date(target.date.effective + dt.timedelta(days=n)))
    assert name == "value", name  # the fields the generator corrects
    return money()


def _label(g: GeneratedTimeline) -> None:
    """Note which rules of the model a timeline reaches (shown by --hypothesis-show-statistics)."""
    retractions = [e.retracts for e in g.events if isinstance(e, at.events.Retracted)]
    fixes = [e for e in g.events if isinstance(e, at.events.Corrected)]
    if any(isinstance(e, at.events.Retracted) and e.id in retractions for e in g.events):
        event("a retraction is retracted")
    if any(isinstance(e, at.events.Corrected) and e.id in retractions for e in g.events):
        event("a correction is retracted")
    if len(retractions) != len(set(retractions)):
        event("an event is retracted twice")
    if len({f.corrects for f in fixes}) != len(fixes):
        event("an event is corrected twice")
    if any("date" in f.fields for f in fixes):
        event("a date is corrected")
    if not retractions and not fixes:
        event("no revision")


@given(revised_timelines(), st.data())
def test_knowledge_prefix_law(g: GeneratedTimeline, data: st.DataObject) -> None:
    """between() lists exactly the events recorded by k as a naive model of the rules leaves them (corrected,
    unretracted), for every k; and state_at(d, known_at=k) equals replaying them up to d, on every day."""
    _label(g)
    tl = g.timeline()
    days = _days(g)
    for known_at in days:
        assert list(tl.between(dt.date.min, dt.date.max, known_at=known_at)) == as_known(tl.events, g.origins, known_at)
    known = data.draw(st.sampled_from(days))
    expected = as_known(tl.events, g.origins, known)
    for day in days:
        naive = at.extend.replay([e for e in expected if e.date.effective <= day], tl.entities, skip_invalid=True)
        assert tl.state_at(day, known_at=known).snapshot() == naive, day


def test_the_model_agrees_with_the_shipped_record() -> None:
    """The naive model and the library agree on the shipped record (its staff letter is corrected), known at every
    day a revision was recorded and the day before."""
    tl = at.load()
    origins = {e.id: tl.origin(e.id) for e in tl.events}
    revisions = [e for e in tl.events if isinstance(e, at.events.Retracted | at.events.Corrected)]
    assert revisions
    for day in sorted({d for e in revisions for d in (e.recorded.effective, e.recorded.effective - dt.timedelta(1))}):
        assert list(tl.between(dt.date.min, dt.date.max, known_at=day)) == as_known(tl.events, origins, day)


def test_a_corrected_correction_applies_its_fields_as_corrected() -> None:
    """A correction that is corrected in turn applies its corrected fields once that is known: every answer is as
    if it had been written corrected (docs/semantics.md), as the naive model says."""
    source = at.Source(publisher="P", title="T", published=at.PartialDate(2020))
    common: dict[str, Any] = {"summary": "s", "sources": (source,)}
    first = at.events.MetricReported(
        id="valued", date="2020-01-01", entity="acme", metric="valuation", value=at.Money.of(1), **common
    )
    fix = at.events.Corrected(
        id="fix", date="2020-02-01", corrects="valued", fields={"value": at.Money.of(2)}, **common
    )
    fix_fixed = at.events.Corrected(
        id="fix-fixed", date="2020-03-01", corrects="fix", fields={"fields": {"value": at.Money.of(3)}}, **common
    )
    tl = at.Timeline([first, fix, fix_fixed], [at.Organization(id="acme", name="Acme")])
    expected = as_known(tl.events, {}, dt.date(2021, 1, 1))
    assert list(tl.between(dt.date.min, dt.date.max)) == expected  # the listed correction is corrected
    assert tl.state_at("2021-01-01").snapshot() == at.extend.replay(expected, tl.entities)  # but $2 is applied, not $3


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
