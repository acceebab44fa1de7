"""A hypothesis state machine that grows a record event by event and checks after every step that the timeline
answers as the naive fold; subclass :class:`TimelineMachine` to add your makers or rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from aitimeline._core.dates import PartialDate
from aitimeline._core.entities import Entity
from aitimeline._core.errors import InvariantViolation
from aitimeline._engine.events import Event
from aitimeline._engine.replay import step
from aitimeline._engine.state import State
from aitimeline._engine.timeline import Timeline
from aitimeline.keys import Key
from aitimeline.testing.laws import (
    _fail,
)
from aitimeline.testing.strategies import (
    _SOURCE,
    BUILTIN_MAKERS,
    EventMaker,
    _entities,
)

__all__ = [
    "TimelineMachine",
]


@st.composite
def _made(draw: st.DrawFn, maker: EventMaker, state: State, common: dict[str, Any]) -> Event | None:
    """What ``maker`` makes, as one draw."""
    return maker(draw, state, common)


class TimelineMachine(RuleBasedStateMachine):
    """Grows a record one event at a time; after every step, the timeline must answer as the naive fold did on
    every day so far.

    Its rules let time pass and make an event with one of :attr:`makers` (the built-in ones unless you say
    otherwise). Add your own event types as makers, the same ones :func:`timelines` takes, or as rules: build the
    event with ``self.common()`` (id, date, summary, sources) and pass it to :meth:`add`, which keeps it only if
    it can happen. Run it as a test with ``TestMine = MyMachine.TestCase``::

        class SuitMachine(TimelineMachine):
            makers = BUILTIN_MAKERS | {Sued: make_sued}

        class SettlementMachine(TimelineMachine):
            @rule(plaintiff=st.sampled_from(PEOPLE), defendant=st.sampled_from(ORGANIZATIONS))
            def sue(self, plaintiff, defendant):
                self.add(Sued(**self.common(), plaintiff=plaintiff, defendant=defendant))

    Attributes:
        entities: The organisations and people events may name (by default :data:`ORGANIZATIONS` and
            :data:`PEOPLE`); override it in a subclass.
        makers: The :data:`EventMaker` of each kind of event the machine makes, each drawn equally often: by
            default :data:`BUILTIN_MAKERS`; override it in a subclass.
    """

    entities: tuple[Entity, ...] = tuple(_entities())
    makers: Mapping[type[Event], EventMaker] = BUILTIN_MAKERS

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []
        self.day = dt.date(2000, 1, 1)
        self._entity_map = {e.id: e for e in self.entities}
        self._state: dict[Key, Any] = {}
        self._by_day: dict[dt.date, dict[Key, Any]] = {}
        self._count = 0

    def common(self) -> dict[str, Any]:
        """The fields every event needs, for the next event: a fresh id, today's date, a summary, a source."""
        self._count += 1
        return {
            "id": f"m{self._count:04d}",
            "date": PartialDate.from_date(self.day),
            "summary": "made by a rule",
            "sources": (_SOURCE,),
        }

    @property
    def state(self) -> State:
        """The state after the events so far, by the naive fold."""
        return State.of(self._state, self._entity_map, self.day)

    def add(self, event: Event) -> bool:
        """Keep ``event`` if it can happen after the events so far (by the naive fold); True if kept."""
        try:
            self._state = step(self._state, event, self._entity_map)
        except InvariantViolation:
            return False
        self.events.append(event)
        self._by_day[self.day] = dict(self._state)
        return True

    @rule(days=st.sampled_from([1, 30, 400]))
    def wait(self, days: int) -> None:
        """Time passes: the next events are dated later."""
        self.day += dt.timedelta(days=days)

    @rule(data=st.data())
    def made_event(self, data: st.DataObject) -> None:
        """One event that can happen now, by one of :attr:`makers`."""
        kind = data.draw(st.sampled_from(tuple(self.makers)))
        event = data.draw(_made(self.makers[kind], self.state, self.common()))
        if event is not None:
            self.add(event)

    @invariant()
    def index_agrees_with_the_fold(self) -> None:
        """On every day an event happened so far, the timeline's state equals the fold's."""
        timeline = Timeline(self.events, self.entities)
        for day, expected in self._by_day.items():
            if timeline.state_at(day) != State.of(expected, self._entity_map, day):
                raise _fail("the index", f"as of {day}, the timeline differs from the naive fold")
