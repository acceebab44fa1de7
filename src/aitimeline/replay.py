"""Replay: the pure step from (state, event) to state, and the index that records a whole fold of it.

:func:`step` is the definition: it copies the state, applies one event and returns the new state. It is the
reference the tests hold the fast path to. :class:`Index` is the fast path: one pass over the events in replay
order that keeps, for every key, the positions at which it was written and the values written. The state after
the first ``c`` events is then a lookup per key (a binary search), with no copy of the whole state and no replay
from the start.
"""

from __future__ import annotations

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


def _missing_refs(event: Event, entities: Mapping[str, Entity]) -> Iterator[tuple[str, str]]:
    cls = type(event)
    if cls.entity_refs is Event.entity_refs:  # the common case, without a generator per field
        for name, kind in _ref_fields(cls):
            value = getattr(event, name)
            if value is None:
                continue
            if kind == "one":
                if value not in entities:
                    yield name, value
            else:
                for i, item in enumerate(value):
                    if item not in entities:
                        yield f"{name}[{i}]", item
        return
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


class Index:
    """Every key's history over one replay: answers "the value of key k after the first c events".

    Attributes:
        problems: Every invariant an event broke; those events were skipped.
    """

    __slots__ = ("_current", "_hist", "_log_keys", "_log_pos", "_pending", "problems")

    def __init__(
        self,
        events: Sequence[Event],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
    ) -> None:
        self._current: dict[Key, Any] = {}
        self._hist: dict[Key, tuple[list[int], list[Any]]] = {}
        self._log_pos: list[int] = []
        self._log_keys: list[Key] = []
        self._pending: list[Key] = []
        problems: list[Problem] = []
        for position, event in enumerate(events):
            missing = list(_missing_refs(event, entities))
            if missing:
                file = origins[event.id].file if event.id in origins else None
                problems += [
                    Problem(file, event.id, field, f"unknown entity {ref!r} (not in the entity list)")
                    for field, ref in missing
                ]
                continue
            try:
                event.apply(self)
            except InvariantViolation as violation:
                self._rollback()
                file = origins[event.id].file if event.id in origins else None
                problems.append(Problem(file, event.id, violation.field, violation.message))
                continue
            self._commit(position)
        self.problems = tuple(problems)

    # The Writer protocol, used by events while they are applied.
    def get(self, key: Key) -> Any:
        return self._current.get(key)

    def set(self, key: Key, value: object) -> None:
        self._current[key] = value
        self._pending.append(key)

    def _commit(self, position: int) -> None:
        hist = self._hist
        current = self._current
        for key in self._pending:
            h = hist.get(key)
            if h is None:
                hist[key] = ([position], [current[key]])
            elif h[0][-1] == position:  # the same event wrote the key twice: keep the last value
                h[1][-1] = current[key]
                continue
            else:
                h[0].append(position)
                h[1].append(current[key])
            self._log_pos.append(position)
            self._log_keys.append(key)
        self._pending.clear()

    def _rollback(self) -> None:
        for key in self._pending:
            h = self._hist.get(key)
            if h is None:
                self._current.pop(key, None)
            else:
                self._current[key] = h[1][-1]
        self._pending.clear()

    # Reading.
    def value_at(self, key: Key, cutoff: int) -> Any:
        """The value of ``key`` after the first ``cutoff`` events, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h[0], cutoff)
        return h[1][i - 1] if i else None

    def next_write(self, key: Key, cutoff: int) -> int | None:
        """The position of the first write to ``key`` at or after position ``cutoff``, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h[0], cutoff)
        return h[0][i] if i < len(h[0]) else None

    def writer_at(self, key: Key, cutoff: int) -> int | None:
        """The position of the event that wrote the value ``key`` holds after ``cutoff`` events, or None."""
        h = self._hist.get(key)
        if h is None:
            return None
        i = bisect_left(h[0], cutoff)
        return h[0][i - 1] if i else None

    def keys_written(self, start: int, stop: int) -> dict[Key, list[int]]:
        """Every key written by the events at positions ``start`` to ``stop - 1``, with those positions."""
        out: dict[Key, list[int]] = {}
        lo = bisect_left(self._log_pos, start)
        hi = bisect_left(self._log_pos, stop)
        for pos, key in zip(self._log_pos[lo:hi], self._log_keys[lo:hi], strict=True):
            out.setdefault(key, []).append(pos)
        return out

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
