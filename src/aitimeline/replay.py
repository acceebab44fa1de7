"""Replay: the pure step from (state, event) to state, and the index that records a whole fold of it.

:func:`step` is the definition: it copies the state, applies one event and returns the new state. It is the
reference the tests hold the fast path to. :class:`Index` is the fast path: one pass over the events in replay
order that keeps, for every key, the positions at which it was written and the values written. The state after
the first ``c`` events is then a lookup per key (a binary search), with no copy of the whole state and no replay
from the start.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .entities import Entity
from .errors import InvariantViolation, Problem, ReplayError
from .events import _REF, Event
from .records import Key

__all__ = ["Index", "Origin", "replay", "step"]


@attrs.frozen
class Origin:
    """Where an event came from: its file (None when built in code) and its position in that file."""

    file: str | None = None
    position: int = 0


_REF_FIELDS: dict[type[Event], tuple[tuple[str, str], ...]] = {}


def _ref_fields(cls: type[Event]) -> tuple[tuple[str, str], ...]:
    """The entity-id fields of an event class, computed once per class."""
    found = _REF_FIELDS.get(cls)
    if found is None:
        found = tuple((f.name, f.metadata[_REF]) for f in attrs.fields(cls) if _REF in f.metadata)
        _REF_FIELDS[cls] = found
    return found


def _ref_plan(cls: type[Event]) -> tuple[tuple[str, str], ...] | None:
    """The entity fields to check fast, or None for a class with its own ``entity_refs``."""
    return _ref_fields(cls) if cls.entity_refs is Event.entity_refs else None


def _refs_known(event: Event, plan: tuple[tuple[str, str], ...], entities: Mapping[str, Entity]) -> bool:
    """True when every entity the event names exists (the fast check; the slow one says what is missing)."""
    for name, kind in plan:
        value = getattr(event, name)
        if value is None:
            continue
        if kind == "one":
            if value not in entities:
                return False
        else:
            for item in value:
                if item not in entities:
                    return False
    return True


def _missing_refs(event: Event, entities: Mapping[str, Entity]) -> Iterator[tuple[str, str]]:
    """Every ``(field, entity id)`` of ``event`` naming an entity not in ``entities`` (the slow path that says
    what is missing, once the fast check has failed)."""
    for field, ref in event.entity_refs():
        if ref not in entities:
            yield field, ref


class _DictWriter:
    """A writer over a plain dict: the naive reference."""

    __slots__ = ("data",)

    def __init__(self, data: dict[Key, Any]) -> None:
        self.data = data

    def get(self, key: Key) -> Any:
        return self.data.get(key)

    def set(self, key: Key, value: object) -> None:
        self.data[key] = value


def step(state: Mapping[Key, Any], event: Event, entities: Mapping[str, Entity]) -> dict[Key, Any]:
    """Apply one event to a state, purely: ``state`` is left as it was.

    Args:
        state: The state before the event, as a mapping of keys to values.
        event: The event to apply.
        entities: The entity directory, by id.

    Returns:
        The state after the event, a new mapping.

    Raises:
        InvariantViolation: The event names an unknown entity or cannot happen in ``state``.
    """
    plan = _ref_plan(type(event))
    if plan is None or not _refs_known(event, plan, entities):
        for field, ref in _missing_refs(event, entities):
            raise InvariantViolation(f"unknown entity {ref!r} (not in the entity list)", field)
    writer = _DictWriter(dict(state))
    event.apply(writer)
    return writer.data


def replay(events: Iterable[Event], entities: Mapping[str, Entity], *, skip_invalid: bool = False) -> dict[Key, Any]:
    """Fold :func:`step` over events already in replay order: the naive reference for the index.

    Args:
        events: Events in replay order.
        entities: The entity directory, by id.
        skip_invalid: Skip an event that cannot happen (as answers known at a past date do) instead of raising.

    Raises:
        InvariantViolation: An event cannot happen, unless ``skip_invalid``.
    """
    state: dict[Key, Any] = {}
    for event in events:
        try:
            state = step(state, event, entities)
        except InvariantViolation:
            if not skip_invalid:
                raise
    return state


class _History:
    """One key's history: the positions of the events that wrote it (an array of machine integers) and the
    values they wrote, in replay order."""

    __slots__ = ("key", "positions", "values")

    def __init__(self, key: Key, position: int, value: object) -> None:
        self.key = key
        self.positions = array("i", (position,))
        self.values = [value]


class Index:
    """Every key's history over one replay: answers "the value of key k after the first c events".

    Built in one pass over the events in replay order. For each key it keeps the positions of the events that
    wrote it and the values written, so the value after ``c`` events is one binary search. A log of every write
    (its position, and the history it went to) serves ``diff``. The log refers to each key's one history rather
    than to the key an event built, and positions are machine integers, so a write costs about 24 bytes of
    bookkeeping beside the value written.

    Attributes:
        problems: Every invariant an event broke; those events were skipped.
    """

    __slots__ = ("_hist", "_log", "_log_pos", "_pos", "problems")

    def __init__(
        self,
        events: Sequence[Event],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
    ) -> None:
        self._hist: dict[Key, _History] = {}
        self._log_pos = array("i")
        self._log: list[_History] = []
        problems: list[Problem] = []
        plans: dict[type[Event], tuple[tuple[str, str], ...] | None] = {}
        for position, event in enumerate(events):
            cls = type(event)
            try:
                plan = plans[cls]
            except KeyError:
                plan = plans[cls] = _ref_plan(cls)
            if plan is None or not _refs_known(event, plan, entities):
                missing = list(_missing_refs(event, entities))
                if missing:
                    file = origins[event.id].file if event.id in origins else None
                    problems += [
                        Problem(file, event.id, field, f"unknown entity {ref!r} (not in the entity list)")
                        for field, ref in missing
                    ]
                    continue
            self._pos = position
            try:
                event.apply(self)
            except InvariantViolation as violation:
                self._undo(position)
                file = origins[event.id].file if event.id in origins else None
                problems.append(Problem(file, event.id, violation.field, violation.message))
        self.problems = tuple(problems)

    # The Writer protocol, used by events while they are applied.
    def get(self, key: Key) -> Any:
        h = self._hist.get(key)
        return None if h is None else h.values[-1]

    def set(self, key: Key, value: object) -> None:
        position = self._pos
        h = self._hist.get(key)
        if h is None:
            h = self._hist[key] = _History(key, position, value)
        elif h.positions[-1] == position:  # the same event writes the key again: keep the last value
            h.values[-1] = value
            return
        else:
            h.positions.append(position)
            h.values.append(value)
        self._log_pos.append(position)
        self._log.append(h)

    def _undo(self, position: int) -> None:
        """Remove every write of the event at ``position`` (it was rejected part-way)."""
        log_pos, log, hist = self._log_pos, self._log, self._hist
        while log_pos and log_pos[-1] == position:
            log_pos.pop()
            h = log.pop()
            h.positions.pop()
            h.values.pop()
            if not h.positions:
                del hist[h.key]

    # Reading.
    def value_at(self, key: Key, cutoff: int) -> Any:
        """The value of ``key`` after the first ``cutoff`` events, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h.positions, cutoff)
        return h.values[i - 1] if i else None

    def next_write(self, key: Key, cutoff: int) -> int | None:
        """The position of the first write to ``key`` at or after position ``cutoff``, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h.positions, cutoff)
        return h.positions[i] if i < len(h.positions) else None

    def writer_at(self, key: Key, cutoff: int) -> int | None:
        """The position of the event that wrote the value ``key`` holds after ``cutoff`` events, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h.positions, cutoff)
        return h.positions[i - 1] if i else None

    def keys_written(self, start: int, stop: int) -> dict[Key, list[int]]:
        """Every key written by the events at positions ``start`` to ``stop - 1``, with those positions."""
        out: dict[Key, list[int]] = {}
        lo = bisect_left(self._log_pos, start)
        hi = bisect_left(self._log_pos, stop)
        for pos, h in zip(self._log_pos[lo:hi], self._log[lo:hi], strict=True):
            out.setdefault(h.key, []).append(pos)
        return out

    def changes(self, start: int, stop: int, aspects: frozenset[str]) -> Iterator[tuple[Key, Any, Any, Sequence[int]]]:
        """``(key, value before, value after, positions of the writes)`` for every key of one of ``aspects``
        written by the events at positions ``start`` to ``stop - 1`` (whether or not its value changed).

        Walks the write log when the range is short, and the keys (two binary searches each) when it is long.
        """
        lo = bisect_left(self._log_pos, start)
        hi = bisect_left(self._log_pos, stop)
        if hi - lo <= len(self._hist):
            for key, positions in self.keys_written(start, stop).items():
                if key[0] in aspects:
                    yield key, self.value_at(key, start), self.value_at(key, stop), positions
            return
        for key, h in self._hist.items():
            if key[0] not in aspects:
                continue
            written, values = h.positions, h.values
            i = bisect_left(written, start)
            j = bisect_left(written, stop)
            if i != j:
                yield key, values[i - 1] if i else None, values[j - 1], written[i:j]

    def snapshot(self, cutoff: int) -> dict[Key, Any]:
        """The whole state after ``cutoff`` events as a plain dict (for tests and debugging; O(keys))."""
        out = {}
        for key in self._hist:
            value = self.value_at(key, cutoff)
            if value is not None:
                out[key] = value
        return out

    def raise_problems(self) -> None:
        """Raise a :class:`ReplayError` listing every problem, if there is any."""
        if self.problems:
            raise ReplayError("replay broke the record's invariants", self.problems)
