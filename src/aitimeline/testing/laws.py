"""The laws of replay and of knowledge time, as functions: :func:`check_replay_laws` and
:func:`check_knowledge_laws` run them all on a timeline; each ``assert_*`` is one law. Each raises
``AssertionError`` saying what differs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

from aitimeline import events as c
from aitimeline import keys
from aitimeline._core.errors import InvariantViolation
from aitimeline._core.words import Vocabulary
from aitimeline._engine.events import Event
from aitimeline._engine.knowledge import effective_events
from aitimeline._engine.replay import step
from aitimeline._engine.state import State
from aitimeline._engine.timeline import Timeline
from aitimeline.keys import Key

__all__ = [
    "assert_diff_law",
    "assert_explain_law",
    "assert_history_law",
    "assert_order_independent",
    "assert_prefix_law",
    "check_knowledge_laws",
    "check_replay_laws",
]


Query: TypeAlias = Callable[[State], object]


class _LoggingWriter:
    """A writer over a plain dict that notes every key set: the naive reference for which event wrote what."""

    __slots__ = ("data", "words", "written")

    def __init__(self, data: dict[Key, Any], words: Vocabulary) -> None:
        self.data = data
        self.words = words
        self.written: set[Key] = set()

    def get(self, key: Key) -> Any:
        return self.data.get(key)

    def set(self, key: Key, value: object) -> None:
        self.data[key] = value
        self.written.add(key)


def _fail(law: str, detail: str) -> AssertionError:
    return AssertionError(f"{law} does not hold: {detail}")


def _effective(timeline: Timeline, known_at: dt.date | None) -> list[Event]:
    """The events as they stand known at ``known_at``, in replay order: the reference the view is held to."""
    origins = {e.id: timeline.origin(e.id) for e in timeline.events}
    known = [e for e in timeline.events if known_at is None or e.recorded.effective <= known_at]
    return effective_events(known, origins)[0]


def _naive(timeline: Timeline, day: dt.date, known_at: dt.date | None) -> tuple[dict[Key, Any], dict[str, set[Key]]]:
    """The naive fold up to ``day`` (known at ``known_at``), and the keys each applied event wrote."""
    state: dict[Key, Any] = {}
    wrote: dict[str, set[Key]] = {}
    entities = timeline.entities
    for event in _effective(timeline, known_at):
        if event.date.effective > day:
            break
        try:
            after = step(state, event, entities, timeline.words)  # checks entities; raises before any write
        except InvariantViolation:
            continue  # skipped by the index too (only possible in a record known at an earlier date)
        writer = _LoggingWriter(dict(state), timeline.words)
        event.apply(writer)
        wrote[event.id] = writer.written
        state = after
    return state, wrote


def law_days(timeline: Timeline) -> list[dt.date]:
    """The days worth asking about: each event's effective and recorded day, the day before the first, the day
    after the last."""
    days = sorted({e.date.effective for e in timeline.events} | {e.recorded.effective for e in timeline.events})
    if not days:
        return [dt.date(2000, 1, 1)]
    return [days[0] - dt.timedelta(days=1), *days, days[-1] + dt.timedelta(days=1)]


def assert_prefix_law(timeline: Timeline, day: dt.date, known_at: dt.date | None = None) -> None:
    """``state_at(day, known_at)`` equals the naive fold of exactly the events (as known at ``known_at``:
    corrected, unretracted) that took effect on or before ``day``."""
    expected, _ = _naive(timeline, day, known_at)
    got = timeline.state_at(day, known_at=known_at)
    if got != State.of(expected, timeline.entities, day):
        have = dict(got.snapshot())
        diff = {
            k: (have.get(k), expected.get(k)) for k in have.keys() | expected.keys() if have.get(k) != expected.get(k)
        }
        raise _fail("the prefix law", f"as of {day} (known at {known_at}), index vs fold differ at {diff}")


def assert_order_independent(timeline: Timeline, rnd: random.Random) -> None:
    """Giving the same events in another order (shuffled by ``rnd``) gives the same replay order and states."""
    shuffled = list(timeline.events)
    rnd.shuffle(shuffled)
    origins = {e.id: timeline.origin(e.id) for e in shuffled}
    other = Timeline(shuffled, timeline.entities.values(), origins=origins)
    if other.events != timeline.events:
        raise _fail("order independence", "a shuffled record replays in another order")
    for day in law_days(timeline):
        if other.state_at(day) != timeline.state_at(day):
            raise _fail("order independence", f"a shuffled record has another state as of {day}")


def assert_history_law(timeline: Timeline, query: Query, known_at: dt.date | None = None) -> None:
    """``history(query)`` lists exactly the days on which the query's answer changed, with the new answers."""
    expected = []
    previous = query(timeline.state_at(dt.date.min, known_at=known_at))
    for day in sorted({e.date.effective for e in timeline.between(dt.date.min, dt.date.max, known_at=known_at)}):
        answer = query(timeline.state_at(day, known_at=known_at))
        if answer != previous:
            expected.append((day, answer))
        previous = answer
    got = timeline.history(query, known_at=known_at)
    if got != expected:
        raise _fail("the history law", f"history gave {got!r}, asking every day gave {expected!r}")


def assert_diff_law(timeline: Timeline, start: dt.date, end: dt.date, known_at: dt.date | None = None) -> None:
    """``diff(start, end)`` lists exactly the reported keys whose values differ, with both values, and for each
    the events in between that wrote it, in replay order."""
    before, _ = _naive(timeline, start, known_at)
    after, wrote = _naive(timeline, end, known_at)
    diff = timeline.diff(start, end, known_at=known_at)

    def value(state: dict[Key, Any], key: Key) -> Any:
        found = state.get(key)
        return None if found == () else found

    changed = {k for k in before.keys() | after.keys() if keys.is_reported(k) and value(before, k) != value(after, k)}
    got = {(c.aspect, *c.subject): c for c in diff.changes}
    if set(got) != changed:
        raise _fail("the diff law", f"diff({start}, {end}) names {sorted(got)}, the values differ at {sorted(changed)}")
    between = [e.id for e in diff.events]
    for key, change in got.items():
        if (change.before, change.after) != (value(before, key), value(after, key)):
            raise _fail("the diff law", f"{key}: diff says {change.before!r} -> {change.after!r}")
        writers = tuple(i for i in between if key in wrote.get(i, ()))
        if change.event_ids != writers:
            raise _fail("the diff law", f"{key}: diff names writers {change.event_ids}, the fold {writers}")


def assert_explain_law(timeline: Timeline, query: Query, at: dt.date, known_at: dt.date | None = None) -> None:
    """``explain(query, at)`` gives the query's answer; replaying only the events it lists gives the same answer
    (sufficient); and each of those events (corrections aside) wrote a key the query reads (lean)."""
    why = timeline.explain(query, at=at, known_at=known_at)
    answer = query(timeline.state_at(at, known_at=known_at))
    if why.answer != answer:
        raise _fail("the explain law", f"explain answers {why.answer!r}, state_at answers {answer!r}")
    chosen = [e for e in why.events if not isinstance(e, c.Corrected)]
    alone = Timeline(chosen, timeline.entities.values(), origins={e.id: timeline.origin(e.id) for e in chosen})
    if query(alone.state_at(at)) != answer:
        raise _fail("the explain law", f"the {len(chosen)} events explain lists do not give the answer alone")
    state, wrote = _naive(timeline, at, known_at)
    read: set[Key] = set()

    def get(key: Key) -> Any:
        read.add(key)
        return state.get(key)

    query(State(get, timeline.entities, at))
    for event in chosen:
        if not wrote.get(event.id, set()) & read:
            raise _fail("the explain law", f"{event.id} is listed but wrote nothing the answer reads")


def check_replay_laws(timeline: Timeline, queries: Iterable[Query] = (), *, seed: int = 0) -> None:
    """Every law of replay on ``timeline``, on every day worth asking about: each event's effective and recorded
    day, the day before the first and the day after the last.

    The prefix law and order independence on the states; the diff law between consecutive days and over the
    whole span; and, for each of ``queries``, the history and explain laws. A few lines test your own types::

        @given(timelines(types={Sued: make_sued}))
        def test_laws(generated):
            check_replay_laws(generated.timeline(), queries=[lambda s: s.get(("lawsuits", "org-a"))])

    Raises:
        AssertionError: A law does not hold; the message says which, where, and what differs.
    """
    days = law_days(timeline)
    for day in days:
        assert_prefix_law(timeline, day)
    assert_order_independent(timeline, random.Random(seed))
    for a, b in [*itertools.pairwise(days), (days[0], days[-1])]:
        assert_diff_law(timeline, a, b)
    for query in queries:
        assert_history_law(timeline, query)
        for day in days:
            assert_explain_law(timeline, query, day)


def check_knowledge_laws(timeline: Timeline, queries: Iterable[Query] = ()) -> None:
    """The laws of knowledge time on ``timeline``: for every knowledge horizon and day worth asking about, the
    prefix law over the events as then known (corrected, unretracted), and each query's history as then known.

    Raises:
        AssertionError: A law does not hold; the message says which, where, and what differs.
    """
    days = law_days(timeline)
    listed = list(queries)
    for known in days:
        for day in days:
            assert_prefix_law(timeline, day, known_at=known)
        for query in listed:
            assert_history_law(timeline, query, known_at=known)
