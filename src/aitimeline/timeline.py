"""A timeline: events in replay order, an index over them, and the questions users ask of it."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

from .dates import DateLike, to_date
from .entities import Entity
from .errors import DuplicateEventError, Problem
from .events import Event
from .records import Key
from .replay import Index, Origin
from .state import State

__all__ = ["Change", "Diff", "Timeline"]

T = TypeVar("T")


DIFF_ASPECTS = frozenset(
    {"name", "legal_form", "founded", "role", "cap_table", "agreement", "commitment", "warrant", "metric"}
)
"""The kinds of value a diff reports; the engine's own bookkeeping keys are left out."""


def _blank(value: Any) -> Any:
    """An empty value (a role nobody holds) reads as none."""
    return None if value == () else value


@attrs.frozen
class Change:
    """One thing that changed between two dates.

    Attributes:
        aspect: What kind of thing: ``role``, ``cap_table``, ``name``, ``legal_form``, ``agreement``,
            ``commitment``, ``warrant``, ``metric`` and so on.
        subject: Which one: for a role ``("openai", "ceo")``, for a metric ``("openai-group", "valuation")``.
        before: Its value on the first date (None if it had none).
        after: Its value on the second date (None if it has none).
        event_ids: The events between the dates that wrote it, in replay order.
    """

    aspect: str
    subject: tuple[str, ...]
    before: Any
    after: Any
    event_ids: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.aspect} {'/'.join(self.subject)}: {_show(self.before)} -> {_show(self.after)}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value) if value else "nobody"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if hasattr(value, "value") and hasattr(value, "reported"):  # a MetricValue
        return str(value.value)
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


class Timeline:
    """Events in replay order, and the state as of any date.

    Replay order is total and deterministic: by date (a partial date counts from the end of its period), then
    position in its file, then id; the order in which events or files are given does not matter.

    Args:
        events: The events, in any order.
        entities: Every organisation and person the events name.
        origins: Where each event came from (file and position), by event id; events without one sort as
            position 0 with no file.

    Raises:
        DuplicateEventError: Two events share an id.
        ReplayError: Replay broke an invariant (an unknown entity, a role ended that was not held, stakes above
            100 %...); every problem is listed with its event id and file.
    """

    def __init__(
        self,
        events: Iterable[Event],
        entities: Iterable[Entity],
        *,
        origins: Mapping[str, Origin] | None = None,
    ) -> None:
        self._origins: dict[str, Origin] = dict(origins or {})
        self._entities: dict[str, Entity] = {e.id: e for e in entities}
        seen: dict[str, Event] = {}
        duplicates: list[Problem] = []
        for event in events:
            if event.id in seen:
                first = self._origins.get(event.id, Origin()).file or "<code>"
                duplicates.append(Problem(None, event.id, "id", f"id used twice (also in {first})"))
            seen[event.id] = event
        if duplicates:
            raise DuplicateEventError("event ids must be unique", duplicates)
        default = Origin()
        origin = self._origins.get
        ordered = sorted(seen.values(), key=lambda e: (e.date.effective, (origin(e.id) or default).position, e.id))
        self._events: tuple[Event, ...] = tuple(ordered)
        self._days: list[int] = [e.date.effective.toordinal() for e in ordered]
        self._index = Index(self._events, self._entities, self._origins)
        self._index.raise_problems()

    # --- what it holds ---------------------------------------------------------------------------------------

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in replay order."""
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

    # --- questions -------------------------------------------------------------------------------------------

    def _cutoff(self, day: dt.date) -> int:
        return bisect_right(self._days, day.toordinal())

    def state_at(self, when: DateLike) -> State:
        """The state as of the end of the day ``when``: every event that took effect on or before it.

        Args:
            when: A date, datetime or string (``"2023-11-18"``, ``"17 Nov 2023"``; ``"November 2023"`` means
                the end of that month).

        Raises:
            DateError: ``when`` cannot be read.
        """
        day = to_date(when)
        cutoff = self._cutoff(day)
        index = self._index
        return State(lambda key: index.value_at(key, cutoff), self._entities, day)

    def between(self, start: DateLike, end: DateLike) -> tuple[Event, ...]:
        """Events that took effect from ``start`` to ``end``, both included, in replay order."""
        lo, hi = to_date(start), to_date(end)
        first = bisect_left(self._days, lo.toordinal())
        return self._events[first : self._cutoff(hi)]

    def diff(self, start: DateLike, end: DateLike) -> Diff:
        """What changed from the end of ``start`` to the end of ``end``.

        Raises:
            ValueError: ``end`` is before ``start``.
        """
        lo, hi = to_date(start), to_date(end)
        if hi < lo:
            raise ValueError(f"diff: end {hi} is before start {lo}")
        c0, c1 = self._cutoff(lo), self._cutoff(hi)
        index = self._index
        changes = []
        for key, positions in index.keys_written(c0, c1).items():
            if key[0] not in DIFF_ASPECTS:
                continue
            before, after = _blank(index.value_at(key, c0)), _blank(index.value_at(key, c1))
            if before != after:
                ids = tuple(self._events[p].id for p in positions)
                changes.append(Change(key[0], key[1:], before, after, ids))
        return Diff(lo, hi, self._events[c0:c1], tuple(changes))

    def history(self, query: Callable[[State], T]) -> list[tuple[dt.date, T]]:
        """Each date on which the answer to ``query`` changed, with the new answer.

        The query is evaluated only where one of the values it read was written, so this costs one evaluation
        per change, not one per event.

        >>> import aitimeline as at
        >>> [(str(d), ceo) for d, ceo in at.load().history(lambda s: s.ceo("openai"))][-4:]  # doctest: +SKIP
        """
        index, entities = self._index, self._entities
        out: list[tuple[dt.date, T]] = []
        cutoff = 0
        previous: Any = None
        while True:
            read: list[Key] = []

            def get(key: Key, cutoff: int = cutoff, read: list[Key] = read) -> Any:
                read.append(key)
                return index.value_at(key, cutoff)

            day = self._events[cutoff - 1].date.effective if cutoff else dt.date.min
            answer = query(State(get, entities, day))
            if cutoff and answer != previous:
                out.append((day, answer))
            previous = answer
            upcoming = [p for p in (index.next_write(k, cutoff) for k in set(read)) if p is not None]
            if not upcoming:
                return out
            cutoff = bisect_right(self._days, self._days[min(upcoming)])
