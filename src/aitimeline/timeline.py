"""A timeline: events in replay order, an index over them, and the questions users ask of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar, overload

import attrs

from .catalogue import Corrected, Retracted
from .dates import DateLike, start_date, to_date
from .entities import Entity, Organization, Person
from .errors import DuplicateEventError, Problem, ReplayError
from .events import Event
from .knowledge import check_references, effective_events
from .records import Key
from .replay import Index, Origin
from .state import State
from .values import Alternative, Source

__all__ = ["Change", "Diff", "Explanation", "Timeline"]

T = TypeVar("T")


DIFF_ASPECTS = frozenset(
    {"name", "legal_form", "founded", "role", "cap_table", "agreement", "commitment", "warrant", "metric"}
)
"""The kinds of value a diff reports; the engine's own bookkeeping keys are left out."""


@attrs.frozen
class Change:
    """One thing that changed between two dates.

    Attributes:
        aspect: What kind of thing: ``role``, ``cap_table``, ``name``, ``legal_form``, ``agreement``,
            ``commitment``, ``warrant``, ``metric`` and so on.
        subject: Which one: for a role ``("openai", "ceo")``, for a metric ``("openai-group", "valuation")``.
        before: Its value on the first date (None if it had none).
        after: Its value on the second date (None if it has none).
        event_ids: The ids of the events between the dates that wrote it, in replay order: a sequence that
            compares equal to the tuple of the same ids (a diff reads them from the timeline when first asked,
            so that a diff over millions of events does not look up every id it will not show).
    """

    aspect: str
    subject: tuple[str, ...]
    before: Any
    after: Any
    event_ids: Sequence[str]

    def __str__(self) -> str:
        return f"{self.aspect} {'/'.join(self.subject)}: {_show(self.before)} -> {_show(self.after)}"


class _EventIds(Sequence[str]):
    """The ids of the events at some positions of a timeline, looked up the first time they are read."""

    __slots__ = ("_events", "_ids", "_positions")

    def __init__(self, events: Sequence[Event], positions: Sequence[int]) -> None:
        self._events: Sequence[Event] | None = events
        self._positions = positions
        self._ids: tuple[str, ...] | None = None

    def _read(self) -> tuple[str, ...]:
        if self._ids is None:
            assert self._events is not None
            self._ids = tuple(map(_ID_OF, map(self._events.__getitem__, self._positions)))
            self._events = None
        return self._ids

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[str, ...]: ...
    def __getitem__(self, i: int | slice) -> str | tuple[str, ...]:
        return self._read()[i]

    def __len__(self) -> int:
        return len(self._positions)

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _EventIds):
            other = other._read()
        return self._read() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._read())

    def __repr__(self) -> str:
        return repr(self._read())


_ID_OF = attrgetter("id")


def _first_change(change: Change) -> tuple[int, str, tuple[str, ...]]:
    ids = change.event_ids
    assert isinstance(ids, _EventIds)
    return ids._positions[0], change.aspect, change.subject


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value) if value else "nobody"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if hasattr(value, "value") and hasattr(value, "reported"):  # a MetricValue
        return str(value.value)
    if hasattr(value, "terms"):  # an Agreement
        stated = [f"{k}={v}" for k, v in attrs.asdict(value.terms, recurse=False).items() if v not in (None, ())]
        status = "in force" if value.in_force else "ended"
        return f"{value.id} ({status}; {', '.join(stated) or 'no terms stated'})"
    if hasattr(value, "in_force"):
        return f"{value.id} ({'in force' if value.in_force else 'ended'})"
    if hasattr(value, "vested"):
        return f"{value.id} (vested: {', '.join(value.vested) or 'none'})"
    return str(value)


@attrs.frozen
class Diff:
    """What changed between two dates: the events in between and every value they changed.

    ``str(diff)`` is a readable summary; ``changes`` and ``events`` are the structured answer.
    """

    start: dt.date
    end: dt.date
    events: tuple[Event, ...]
    changes: tuple[Change, ...]

    def __str__(self) -> str:
        lines = [f"From {self.start} to {self.end}: {len(self.events)} events, {len(self.changes)} changes"]
        lines += [f"  {c}" for c in self.changes]
        return "\n".join(lines)


@attrs.frozen
class Explanation:
    """Where an answer comes from: the events that wrote every value it read, in replay order.

    Attributes:
        answer: The answer itself.
        events: The events that produced it (with any correction applied), then the corrections applied to them,
            in replay order. Replaying just these gives the same answer.
        sources: Every source those events cite, without repeats, in order.
        alternatives: Other values reported for the figures those events hold (conflicting reports).
    """

    answer: Any
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    alternatives: tuple[Alternative, ...]

    def __str__(self) -> str:
        lines = [f"{_show(self.answer)}, because:"]
        lines += [f"  {e.date} {e.id}: {e.summary}" for e in self.events]
        lines += [f"  source: {s}" for s in self.sources]
        lines += [
            f"  also reported ({a.field}): {a.value}, by {'; '.join(map(str, a.sources))}" for a in self.alternatives
        ]
        return "\n".join(lines)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a timeline is built, then restore it as it was.

    Building allocates millions of small objects that form no cycles; scanning them again and again as they are
    made costs a third of the build time. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _replay_key(origins: Mapping[str, Origin]) -> Callable[[Event], tuple[int, int, str]]:
    """The sort key of replay order: effective day, position in its file, id."""
    if not origins:
        return lambda e: (e.date.ordinal, 0, e.id)
    default = Origin()
    get = origins.get
    return lambda e: (e.date.ordinal, (get(e.id) or default).position, e.id)


class _View:
    """The record as known at one horizon: its effective events in replay order, and their index."""

    __slots__ = ("corrections", "days", "events", "index")

    def __init__(
        self,
        known: tuple[Event, ...],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
        *,
        revised: bool = True,
    ) -> None:
        self.corrections: dict[str, tuple[str, ...]] = {}
        self.events: tuple[Event, ...] = known
        if revised:
            effective, self.corrections = effective_events(known, origins)
            if self.corrections or len(effective) != len(known):
                self.events = tuple(effective)
        self.days = array("i", [e.date.ordinal for e in self.events])  # each event's effective day
        with _collector_paused():
            self.index = Index(self.events, entities, origins)

    def cutoff(self, day: dt.date) -> int:
        return bisect_right(self.days, day.toordinal())


class Timeline:
    """Events in replay order, and the state as of any date, as known at any date.

    Replay order is total and deterministic: by date (a partial date counts from the end of its period), then
    position in its file, then id; the order in which events or files are given does not matter.

    Every question takes an optional ``known_at``: the answer as it could be reconstructed from what had been
    recorded by that date (each event's ``recorded`` date), with the corrections and retractions recorded by
    then. ``None`` means everything on the record. See ``docs/semantics.md``.

    Args:
        events: The events, in any order.
        entities: Every organisation and person the events name.
        origins: Where each event came from (file and position), by event id; events without one sort as
            position 0 with no file.

    Raises:
        TypeError: An event is not an :class:`Event`, or an entity not an Organization or Person.
        DuplicateEventError: Two events share an id.
        ReplayError: Replay of the whole record broke an invariant (an unknown entity, a role ended that was not
            held, stakes above 100 %, a correction of an event that does not exist...); every problem is listed
            with its event id and file.
    """

    _VIEWS_KEPT = 32

    def __init__(
        self,
        events: Iterable[Event],
        entities: Iterable[Entity],
        *,
        origins: Mapping[str, Origin] | None = None,
    ) -> None:
        with _collector_paused():
            self._build(events, entities, origins)

    def _build(self, events: Iterable[Event], entities: Iterable[Entity], origins: Mapping[str, Origin] | None) -> None:
        self._origins: dict[str, Origin] = dict(origins or {})
        self._entities: dict[str, Entity] = {}
        for entity in entities:
            if not isinstance(entity, Organization | Person):
                raise TypeError(f"entities must be Organization or Person, got {type(entity).__name__}: {entity!r}")
            self._entities[entity.id] = entity
        seen: dict[str, Event] = {}
        duplicates: list[Problem] = []
        revisions: list[Event] = []
        for event in events:
            if not isinstance(event, Event):
                raise TypeError(f"events must be aitimeline.Event instances, got {type(event).__name__}: {event!r}")
            if event.id in seen:
                first = self._origins.get(event.id, Origin()).file or "<code>"
                duplicates.append(Problem(None, event.id, "id", f"id used twice (also in {first})"))
            seen[event.id] = event
            if isinstance(event, Corrected | Retracted):
                revisions.append(event)
        if duplicates:
            raise DuplicateEventError("event ids must be unique", duplicates)
        self._events: tuple[Event, ...] = tuple(sorted(seen.values(), key=_replay_key(self._origins)))
        self._recorded_days: list[int] = sorted({e.recorded.ordinal for e in self._events})
        problems = check_references(revisions, seen, self._origins)
        if problems:
            raise ReplayError("corrections and retractions must name events that exist", problems)
        self._now = _View(self._events, self._entities, self._origins, revised=bool(revisions))
        self._now.index.raise_problems()
        self._views: dict[int, _View] = {}

    # --- what it holds ---------------------------------------------------------------------------------------

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event on the record, corrections and retractions and the events they concern included, as
        recorded (uncorrected), in replay order."""
        return self._events

    @property
    def entities(self) -> Mapping[str, Entity]:
        """Every organisation and person, by id."""
        return dict(self._entities)

    def origin(self, event_id: str) -> Origin:
        """Where the event came from: its file and position (``Origin(None, 0)`` for events built in code)."""
        return self._origins.get(event_id, Origin())

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __repr__(self) -> str:
        return f"<Timeline of {len(self._events)} events, {len(self._entities)} entities>"

    # --- knowledge horizons ----------------------------------------------------------------------------------

    def _view(self, known_at: DateLike | None) -> _View:
        if known_at is None:
            return self._now
        horizon = bisect_right(self._recorded_days, to_date(known_at).toordinal())
        if horizon == len(self._recorded_days):
            return self._now
        view = self._views.get(horizon)
        if view is None:
            last = self._recorded_days[horizon - 1] if horizon else -1
            known = tuple(e for e in self._events if e.recorded.ordinal <= last)
            view = _View(known, self._entities, self._origins)
            if len(self._views) >= self._VIEWS_KEPT:
                del self._views[next(iter(self._views))]
            self._views[horizon] = view
        return view

    def problems_known_at(self, known_at: DateLike) -> tuple[Problem, ...]:
        """What did not hold together in the record as known at ``known_at`` (for example an exit recorded
        before the appointment it ends). Those events are skipped in answers known at that date; the whole
        record itself must hold together, or the timeline is not built."""
        return self._view(known_at).index.problems

    def _snapshot(self, when: DateLike, known_at: DateLike | None = None) -> dict[Key, Any]:
        """Every key's value as of ``when`` (known at ``known_at``): for tests that compare with naive replay."""
        view = self._view(known_at)
        return view.index.snapshot(view.cutoff(to_date(when)))

    # --- questions -------------------------------------------------------------------------------------------

    def state_at(self, when: DateLike, known_at: DateLike | None = None) -> State:
        """The state as of the end of the day ``when``: every event that took effect on or before it.

        Args:
            when: A date, datetime or string (``"2023-11-18"``, ``"17 Nov 2023"``; ``"November 2023"`` means
                the end of that month).
            known_at: Answer from what had been recorded by this date; None for the whole record.

        Raises:
            DateError: A date cannot be read.
        """
        view = self._view(known_at)
        day = to_date(when)
        cutoff = view.cutoff(day)
        index = view.index
        return State(lambda key: index.value_at(key, cutoff), self._entities, day)

    def between(self, start: DateLike, end: DateLike, known_at: DateLike | None = None) -> tuple[Event, ...]:
        """Events that took effect from ``start`` to ``end``, both included, in replay order (as known at
        ``known_at``: corrected, and without retracted events).

        A partial ``start`` means the first day of its period and a partial ``end`` the last, so
        ``between("2023-11", "2023-11")`` is the whole of November 2023.
        """
        view = self._view(known_at)
        lo, hi = start_date(start), to_date(end)
        first = bisect_left(view.days, lo.toordinal())
        return view.events[first : view.cutoff(hi)]

    def diff(self, start: DateLike, end: DateLike, known_at: DateLike | None = None) -> Diff:
        """What changed from the end of ``start`` to the end of ``end`` (as known at ``known_at``).

        Raises:
            ValueError: ``end`` is before ``start``.
        """
        view = self._view(known_at)
        lo, hi = to_date(start), to_date(end)
        if hi < lo:
            raise ValueError(f"diff: end {hi} is before start {lo}")
        c0, c1 = view.cutoff(lo), view.cutoff(hi)
        with _collector_paused():
            changes = self._changes(view, c0, c1)
            changes.sort(key=_first_change)  # in the order they first changed, then by key
            return Diff(lo, hi, view.events[c0:c1], tuple(changes))

    @staticmethod
    def _changes(view: _View, c0: int, c1: int) -> list[Change]:
        found = []
        events = view.events
        for key, before, after, positions in view.index.changes(c0, c1, DIFF_ASPECTS):
            if type(before) is tuple and not before:  # nobody holds the role: none
                before = None
            if type(after) is tuple and not after:
                after = None
            if before is not after and (before is None or after is None or before != after):
                found.append(Change(key[0], key[1:], before, after, _EventIds(events, positions)))
        return found

    def history(self, query: Callable[[State], T], known_at: DateLike | None = None) -> list[tuple[dt.date, T]]:
        """Each date on which the answer to ``query`` changed, with the new answer (as known at ``known_at``).

        The query is evaluated only where one of the values it read was written, so this costs one evaluation
        per change, not one per event.
        """
        view = self._view(known_at)
        index, entities, days = view.index, self._entities, view.days
        out: list[tuple[dt.date, T]] = []
        cutoff = 0
        previous: Any = None
        while True:
            read: list[Key] = []

            def get(key: Key, cutoff: int = cutoff, read: list[Key] = read) -> Any:
                read.append(key)
                return index.value_at(key, cutoff)

            day = view.events[cutoff - 1].date.effective if cutoff else dt.date.min
            answer = query(State(get, entities, day))
            if cutoff and answer != previous:
                out.append((day, answer))
            previous = answer
            upcoming = [p for p in (index.next_write(k, cutoff) for k in set(read)) if p is not None]
            if not upcoming:
                return out
            cutoff = bisect_right(days, days[min(upcoming)])

    def explain(self, query: Callable[[State], T], at: DateLike, known_at: DateLike | None = None) -> Explanation:
        """The answer to ``query`` as of ``at``, with the events and sources that produced it.

        Every value the query read is traced to the event that wrote it, and, where that event computed the
        value from the one before (a role gained by one more person, a cap table diluted), on back to the event
        that set it outright. Corrections applied to those events are listed too.

        >>> import aitimeline as at
        >>> why = at.load().explain(lambda s: s.ceo("openai"), at="2023-11-18")
        >>> why.answer, [e.id for e in why.events][-2:]
        ('mira-murati', ['altman-fired-2023', 'murati-interim-ceo-2023'])
        """
        view = self._view(known_at)
        index, day = view.index, to_date(at)
        cutoff = view.cutoff(day)
        read: set[Key] = set()

        def get(key: Key) -> Any:
            read.add(key)
            return index.value_at(key, cutoff)

        answer = query(State(get, self._entities, day))
        positions: set[int] = set()
        for key in read:
            position = index.writer_at(key, cutoff)
            while position is not None and position not in positions:
                positions.add(position)
                if not _reads_before_write(view.events[position], key, index, position):
                    break
                position = index.writer_at(key, position)
        chosen = [view.events[p] for p in sorted(positions)]
        by_id = {e.id: e for e in self._events}
        fixes = [by_id[c] for e in chosen for c in view.corrections.get(e.id, ())]
        listed = tuple(chosen + sorted(fixes, key=lambda e: (e.date.effective, e.id)))
        sources = tuple(dict.fromkeys(s for e in listed for s in e.sources))
        alternatives = tuple(a for e in chosen for a in e.alternatives)
        return Explanation(answer, listed, sources, alternatives)


class _ReadProbe:
    """A writer that records whether an event reads ``key`` before it writes it; it stores nothing."""

    __slots__ = ("cutoff", "index", "key", "reads_first", "written")

    def __init__(self, index: Index, key: Key, cutoff: int) -> None:
        self.index, self.key, self.cutoff = index, key, cutoff
        self.reads_first = self.written = False

    def get(self, key: Key) -> Any:
        if key == self.key and not self.written:
            self.reads_first = True
        return self.index.value_at(key, self.cutoff)

    def set(self, key: Key, value: object) -> None:
        if key == self.key:
            self.written = True


def _reads_before_write(event: Event, key: Key, index: Index, position: int) -> bool:
    """Whether ``event``'s value for ``key`` was computed from the value before it."""
    probe = _ReadProbe(index, key, position)
    event.apply(probe)
    return probe.reads_first
