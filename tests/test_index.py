"""The index's own bookkeeping (a private structure): what it says changed agrees with replays from scratch."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._engine.index import Index, paused_collector
from aitimeline.testing import GeneratedTimeline, timelines

from .helpers import ENTITIES, SOURCE

# --- Index.changes against the difference of two snapshots, down both of its walks ------------------------------
#
# changes(start, stop) walks the write log when the range holds no more writes than the index has keys, and the
# keys (two binary searches each) otherwise. Each walk has a law of its own below, whose ranges are drawn so that
# they take that walk; a spy on keys_written (which only the log walk calls) checks that they did.


class _Spy(Index):
    """An index that notes whether :meth:`Index.changes` walked the write log (the walk that calls keys_written)."""

    walked_log = False

    def keys_written(self, start: int, stop: int) -> dict[at.keys.Key, list[int]]:
        self.walked_log = True
        return super().keys_written(start, stop)


class _Recorder:
    """A writer over a plain dict that notes the keys an event sets."""

    def __init__(self, data: dict[at.keys.Key, Any], words: at.extend.Vocabulary) -> None:
        self.data, self.words, self.written = data, words, set[at.keys.Key]()

    def get(self, key: at.keys.Key) -> Any:
        return self.data.get(key)

    def set(self, key: at.keys.Key, value: object) -> None:
        self.data[key] = value
        self.written.add(key)


def _writes(tl: at.Timeline) -> list[set[at.keys.Key]]:
    """The keys each event of ``tl`` sets, in replay order, by a plain fold (no index)."""
    state: dict[at.keys.Key, Any] = {}
    out = []
    for e in tl.events:
        recorder = _Recorder(dict(state), tl.words)
        e.apply(recorder)
        state = recorder.data
        out.append(recorder.written)
    return out


def _takes_the_log(writes: list[set[at.keys.Key]], start: int, stop: int) -> bool:
    """Whether changes(start, stop) should walk the log: the range holds no more writes than there are keys."""
    return sum(len(w) for w in writes[start:stop]) <= len(set().union(*writes))


def _rewrites_a_key(g: GeneratedTimeline) -> bool:
    """Some key is set by two events: so the whole range holds more writes than there are keys."""
    writes = _writes(g.timeline())
    return not _takes_the_log(writes, 0, len(writes))


def _check_changes(tl: at.Timeline, start: int, stop: int) -> str:
    """Index.changes(start, stop) against two snapshots replayed from scratch (the states after the first
    ``start`` and the first ``stop`` events) and the keys each event set; returns the walk it took."""
    index = _Spy(tl.events, tl.entities, {e.id: tl.origin(e.id) for e in tl.events})
    got = {key: (before, after, list(positions)) for key, before, after, positions in index.changes(start, stop)}
    a = at.extend.replay(tl.events[:start], tl.entities)
    b = at.extend.replay(tl.events[:stop], tl.entities)
    expected: dict[at.keys.Key, tuple[Any, Any, list[int]]] = {}
    for position, written in enumerate(_writes(tl)[start:stop], start):
        for key in written:
            if at.keys.is_reported(key):
                expected.setdefault(key, (a.get(key), b.get(key), []))[2].append(position)
    assert got == expected
    differ = {key for key in a.keys() | b.keys() if at.keys.is_reported(key) and a.get(key) != b.get(key)}
    assert {key for key, (before, after, _) in got.items() if before != after} == differ
    walk = "log" if index.walked_log else "keys"
    event(f"changes walked the {walk}")
    return walk


@given(timelines(), st.data())
def test_changes_over_a_short_range_walk_the_log(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Over a range of no more writes than keys, Index.changes gives every reported key written in it, its values
    in the two snapshots and the positions that wrote it, walking the write log."""
    tl = g.timeline()
    writes, n = _writes(tl), len(tl.events)
    start = data.draw(st.integers(0, n))
    stop = data.draw(st.sampled_from([t for t in range(start, n + 1) if _takes_the_log(writes, start, t)]))
    assert _check_changes(tl, start, stop) == "log"


@given(timelines().filter(_rewrites_a_key), st.data())
def test_changes_over_a_long_range_walk_the_keys(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Over a range of more writes than keys, Index.changes gives the same, walking the keys."""
    tl = g.timeline()
    writes, n = _writes(tl), len(tl.events)
    ranges = [(s, t) for s in range(n + 1) for t in range(s, n + 1) if not _takes_the_log(writes, s, t)]
    start, stop = data.draw(st.sampled_from(ranges))
    if start:
        event("the range starts after the first event")
    assert _check_changes(tl, start, stop) == "keys"


def test_an_event_that_writes_a_key_twice_keeps_the_last_value() -> None:
    """A second write of one key by the same event replaces the first: one position, the last value."""
    import attrs

    @attrs.frozen(kw_only=True)
    class Twice(at.Event):
        def apply(self, w: at.extend.Writer) -> None:
            w.set(("tally", "acme"), 1)
            w.set(("tally", "acme"), 2)

    event = Twice(id="twice", date="2020-01-01", summary="s", sources=(SOURCE,))
    index = Index([event], {e.id: e for e in ENTITIES}, {})
    assert index.value_at(("tally", "acme"), 1) == 2
    assert index.keys_written(0, 1) == {("tally", "acme"): [0]}


def test_a_rejected_event_leaves_no_write_behind() -> None:
    """An event that writes and then raises InvariantViolation is undone: its keys keep their earlier values."""
    import attrs

    @attrs.frozen(kw_only=True)
    class Careless(at.Event):
        def apply(self, w: at.extend.Writer) -> None:
            w.set(("tally", "acme"), (w.get(("tally", "acme")) or 0) + 1)
            w.set(("fresh", "acme"), True)
            if w.get(("tally", "acme")) > 1:
                raise at.errors.InvariantViolation("only once", "id")

    first = Careless(id="first", date="2020-01-01", summary="s", sources=(SOURCE,))
    second = Careless(id="second", date="2020-01-02", summary="s", sources=(SOURCE,))
    index = Index([first, second], {e.id: e for e in ENTITIES}, {})
    assert [p.event_id for p in index.problems] == ["second"]
    assert index.value_at(("tally", "acme"), 2) == 1
    assert index.keys_written(1, 2) == {}
    assert index.snapshot(2) == {("tally", "acme"): 1, ("fresh", "acme"): True}


def test_the_collector_is_left_as_it_was_found() -> None:
    """Building an index and a diff pause the garbage collector and restore it, on or off, even on an error."""
    tl = at.Timeline([], ENTITIES)
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            at.Timeline([], ENTITIES)
            tl.diff("2020-01-01", "2021-01-01")
            assert gc.isenabled() is state
            with pytest.raises(RuntimeError, match="inside"):
                _fail_while_paused()
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def _fail_while_paused() -> None:
    with paused_collector(collect=True):
        assert not gc.isenabled()
        raise RuntimeError("inside")
