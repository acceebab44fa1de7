"""The index's own bookkeeping (a private structure): its write log agrees with its per-key histories."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._engine.index import Index, paused_collector
from aitimeline.testing import GeneratedTimeline, timelines

from .helpers import ENTITIES, SOURCE


def _index(g: GeneratedTimeline) -> tuple[Index, int]:
    tl = g.timeline()
    return Index(tl.events, tl.entities, {e.id: tl.origin(e.id) for e in tl.events}), len(tl.events)


@given(timelines(), st.data())
def test_changes_agree_with_the_write_log(g: GeneratedTimeline, data: st.DataObject) -> None:
    """Index.changes gives the same keys, values and positions whichever way it walks (log or keys)."""
    index, n = _index(g)
    start, stop = sorted(data.draw(st.lists(st.integers(0, n), min_size=2, max_size=2)))
    expected = {
        key: (index.value_at(key, start), index.value_at(key, stop), positions)
        for key, positions in index.keys_written(start, stop).items()
        if at.keys.is_reported(key)
    }
    got = {key: (before, after, list(positions)) for key, before, after, positions in index.changes(start, stop)}
    assert got == expected


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
