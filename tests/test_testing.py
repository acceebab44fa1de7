"""The testing toolkit users property-test their own types with: strategies, laws, the state machine."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule

import aitimeline as at
from aitimeline.testing import (
    BUILTIN_MAKERS,
    ORGANIZATIONS,
    PEOPLE,
    EventMaker,
    GeneratedTimeline,
    TimelineMachine,
    check_knowledge_laws,
    check_replay_laws,
    timelines,
)

from .helpers import SOURCE, Sued

_PLAINTIFFS, _DEFENDANTS = st.sampled_from(PEOPLE), st.sampled_from(ORGANIZATIONS)


def make_sued(draw: st.DrawFn, state: at.State, common: dict[str, Any]) -> at.Event:
    return Sued(**common, plaintiff=draw(_PLAINTIFFS), defendant=draw(_DEFENDANTS))


def make_nothing(draw: st.DrawFn, state: at.State, common: dict[str, Any]) -> at.Event | None:
    return None


@st.composite
def made(draw: st.DrawFn, maker: EventMaker, state: at.State, common: dict[str, Any]) -> at.Event | None:
    """What ``maker`` makes, called as timelines() calls a user's maker."""
    return maker(draw, state, common)


def suits(state: at.State) -> object:
    return state.get(("lawsuits", "org-a"))


_COUNTER = itertools.count()


@attrs.frozen(kw_only=True)
class Counted(at.Event):
    """An impure event: what it writes depends on how often it was applied (it breaks the laws)."""

    def apply(self, w: at.extend.Writer) -> None:
        w.set(("counted", "org-a"), next(_COUNTER))


NO_DB = settings(database=None, max_examples=2000)  # find stops at the first example that fits


class TestTimelines:
    @pytest.mark.slow  # searches many timelines (10-25 s)
    def test_generates_a_users_own_type_among_the_built_in_ones(self) -> None:
        """timelines(types=...) makes the user's events beside built-in ones, valid for replay."""
        found = find(
            timelines(types={Sued: make_sued}),
            lambda g: (
                any(isinstance(e, Sued) for e in g.events) and any(isinstance(e, at.events.RoleBegan) for e in g.events)
            ),
            settings=NO_DB,
            random=random.Random(0),
        )
        assert {type(e) for e in found.events} == {Sued, at.events.RoleBegan}
        suit = next(e for e in found.events if isinstance(e, Sued))
        assert found.timeline().state_at("2100-01-01").get(("lawsuits", suit.defendant)) == (suit.id,)

    @pytest.mark.slow  # shrinks a failing timeline (15-35 s)
    def test_a_law_failing_on_two_events_shrinks_to_two(self) -> None:
        """A failing timeline shrinks event by event, down to the two events that make it fail."""
        found = find(
            timelines(),
            lambda g: sum(isinstance(e, at.events.RoleBegan) for e in g.events) >= 2,
            settings=NO_DB,
            random=random.Random(0),
        )
        assert [type(e) for e in found.events] == [at.events.RoleBegan, at.events.RoleBegan]

    @pytest.mark.slow  # shrinks a failing timeline (10-25 s)
    def test_a_users_law_failing_on_two_of_its_events_shrinks_to_them(self) -> None:
        """The same holds for a user's own type."""
        found = find(
            timelines(types={Sued: make_sued}),
            lambda g: len(g.timeline().state_at("2100-01-01").get(("lawsuits", "org-a")) or ()) >= 2,
            settings=NO_DB,
            random=random.Random(0),
        )
        assert len(found.events) <= 3
        assert sum(isinstance(e, Sued) for e in found.events) == 2


class TestBuiltinMakers:
    @pytest.mark.parametrize("kind", list(BUILTIN_MAKERS), ids=lambda kind: kind.__name__)
    @settings(max_examples=10)
    @given(g=timelines(max_events=12), data=st.data())
    def test_each_makes_an_event_that_can_happen(
        self, kind: type[at.Event], g: GeneratedTimeline, data: st.DataObject
    ) -> None:
        """Each built-in maker, called as a user's maker is (draw, the state so far, the common fields), makes an
        event that can happen after a generated record."""
        tl = g.timeline()
        day = dt.date(2100, 1, 1)
        common = {"id": "new", "date": at.PartialDate.from_date(day), "summary": "s", "sources": (SOURCE,)}
        event = data.draw(made(BUILTIN_MAKERS[kind], tl.state_at(day), common))
        assert event is not None
        assert event.id == "new"
        at.extend.step(tl.state_at(day).snapshot(), event, tl.entities)  # raises InvariantViolation if it cannot happen

    @settings(max_examples=20)
    @given(timelines(types={at.events.RoleBegan: make_nothing}))
    def test_a_users_maker_given_for_a_built_in_type_replaces_it(self, g: GeneratedTimeline) -> None:
        """timelines(types={RoleBegan: maker}) makes roles with that maker only (here: never)."""
        assert not any(isinstance(e, at.events.RoleBegan | at.events.RoleEnded) for e in g.events)


class TestLaws:
    @settings(max_examples=30)
    @given(timelines(types={Sued: make_sued}, knowledge=True, max_events=12))
    def test_they_hold_for_a_users_type(self, g: GeneratedTimeline) -> None:
        """check_replay_laws and check_knowledge_laws hold on timelines mixing a user's type in."""
        tl = g.timeline()
        check_replay_laws(tl, queries=[suits])
        check_knowledge_laws(tl, queries=[suits])

    def test_they_catch_an_impure_event(self) -> None:
        """An event whose writes depend on how often it is applied breaks the prefix law, and the law says so."""
        source = at.Source(publisher="P", title="T", published="2020")
        tl = at.Timeline(
            [Counted(id="c", date="2020-01-01", summary="s", sources=(source,))],
            [at.Organization(id="org-a", name="A")],
        )
        with pytest.raises(AssertionError, match="prefix law"):
            check_replay_laws(tl)


class SuitMachine(TimelineMachine):
    """The index against the fold, with a user's rule among the built-in ones."""

    @rule(plaintiff=_PLAINTIFFS, defendant=_DEFENDANTS)
    def sue(self, plaintiff: str, defendant: str) -> None:
        self.add(Sued(**self.common(), plaintiff=plaintiff, defendant=defendant))


TestSuitMachine = SuitMachine.TestCase
TestSuitMachine.settings = settings(max_examples=25, stateful_step_count=15, database=None, deadline=None)


class SuedMachine(TimelineMachine):
    """The index against the fold, with a user's maker among the built-in ones (the makers timelines() takes)."""

    makers = BUILTIN_MAKERS | {Sued: make_sued}


TestSuedMachine = SuedMachine.TestCase
TestSuedMachine.settings = settings(max_examples=25, stateful_step_count=15, database=None, deadline=None)
