"""The index: every key's history over one replay, so that the state after any prefix is a lookup per key.

:class:`Index` is the fast path of replay: one pass over the events in replay order that keeps, for every key,
the positions at which it was written and the values written. The state after the first ``c`` events is then a
binary search per key, with no copy of the whole state and no replay from the start. The tests hold it to the
naive fold, :func:`aitimeline.extend.replay`.
"""

from __future__ import annotations

import gc
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from aitimeline._core.entities import Entity
from aitimeline._core.errors import AitimelineError, Problem
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary
from aitimeline.keys import Key

from .events import Event, Origin, fits_check, reference_problems
from .replay import as_violation

__all__ = ["Index", "paused_collector"]

_COLLECT_AFTER = 100_000  # events: from this size, a build ends with one full collection (see paused_collector)


@contextmanager
def paused_collector(*, collect: bool = False) -> Iterator[None]:
    """The cyclic garbage collector paused for a block that allocates very many small objects forming no cycles
    (building an index, a whole-timeline diff, reading event files), then restored as it was. The one function
    through which aitimeline pauses it.

    Left on, the collector scans those objects again and again as they are made: a third of a build, and most of
    a diff over a million events (measured with ``gc.callbacks``: ``docs/performance.md``). Reference counting
    frees them as usual. With ``collect``, the block ends with one full collection, paid inside it: everything
    it made is young, and otherwise the first allocation after it (a query) would pay for scanning all of it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if collect:
                gc.collect()
            gc.enable()


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

    __slots__ = ("_hist", "_log", "_log_pos", "_pos", "problems", "words")

    def __init__(
        self,
        events: Sequence[Event],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
        words: Vocabulary = BUILTIN_WORDS,
    ) -> None:
        self.words = words
        self._hist: dict[Key, _History] = {}
        self._log_pos = array("i")
        self._log: list[_History] = []
        problems: list[Problem] = []
        with paused_collector(collect=len(events) >= _COLLECT_AFTER):
            get, registered = entities.get, words.words
            for position, event in enumerate(events):
                if not fits_check(type(event))(event, get, registered):
                    wrong = reference_problems(event, entities, words)
                    if wrong:
                        file = origins[event.id].file if event.id in origins else None
                        problems += [Problem(file, event.id, field, message) for field, message in wrong]
                        continue
                self._pos = position
                try:
                    event.apply(self)
                except AitimelineError as exc:  # InvariantViolation, or a value the event built that is invalid
                    self._undo(position)
                    file = origins[event.id].file if event.id in origins else None
                    problems.append(Problem(file, event.id, *as_violation(exc)))
                except Exception as exc:  # a bug in an event's apply: say which event, and let it through
                    file = origins[event.id].file if event.id in origins else None
                    exc.add_note(f"while applying event {event.id!r} ({file or 'built in code'})")
                    raise
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

    def writes(self, key: Key) -> tuple[Sequence[int], Sequence[Any]]:
        """The positions of every write to ``key``, in order, and the value each left (empty for a key never
        written)."""
        h = self._hist.get(key)
        return (h.positions, h.values) if h is not None else ((), ())

    def keys(self) -> Iterator[Key]:
        """Every key ever written."""
        return iter(self._hist)

    def keys_written(self, start: int, stop: int) -> dict[Key, list[int]]:
        """Every key written by the events at positions ``start`` to ``stop - 1``, with those positions."""
        out: dict[Key, list[int]] = {}
        lo = bisect_left(self._log_pos, start)
        hi = bisect_left(self._log_pos, stop)
        for pos, h in zip(self._log_pos[lo:hi], self._log[lo:hi], strict=True):
            out.setdefault(h.key, []).append(pos)
        return out

    def changes(self, start: int, stop: int) -> Iterator[tuple[Key, Any, Any, Sequence[int]]]:
        """``(key, value before, value after, positions of the writes)`` for every reported key (not bookkeeping,
        see :func:`aitimeline.keys.is_reported`) written by the events at positions ``start`` to ``stop - 1``
        (whether or not its value changed).

        Walks the write log when the range is short, and the keys (two binary searches each) when it is long.
        """
        lo = bisect_left(self._log_pos, start)
        hi = bisect_left(self._log_pos, stop)
        if hi - lo <= len(self._hist):
            for key, positions in self.keys_written(start, stop).items():
                if key[0][0] != "_":  # is_reported(key), inlined: this loop runs once per key
                    yield key, self.value_at(key, start), self.value_at(key, stop), positions
            return
        for key, h in self._hist.items():
            if key[0][0] == "_":  # bookkeeping (see is_reported)
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
