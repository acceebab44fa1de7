"""The records in force per party: a sorted set that shares its unchanged runs between versions."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from aitimeline.records import _CHUNK_MAX, _Chunks, in_force_records, with_in_force


@attrs.frozen
class Rec:
    id: str
    in_force: bool = True
    version: int = 0


ops = st.lists(st.tuples(st.integers(0, 300), st.booleans(), st.integers(0, 3)), max_size=600)


@given(ops)
def test_matches_a_dict_model(steps: list[tuple[int, bool, int]]) -> None:
    """After any sequence of additions, replacements and removals, the records are those of a dict model, sorted
    by id, and every run holds at most _CHUNK_MAX records."""
    value = None
    model: dict[str, Rec] = {}
    for n, live, version in steps:
        record = Rec(f"r{n:04d}", live, version)
        changed = with_in_force(value, record)
        expected_change = live or record.id in model
        assert (changed is not None) == expected_change
        if live:
            model[record.id] = record
        else:
            model.pop(record.id, None)
        if changed is not None:
            value = changed
        assert in_force_records(value) == tuple(model[i] for i in sorted(model))
        if type(value) is _Chunks:
            assert all(0 < len(run) <= _CHUNK_MAX for run in value)
        else:
            assert len(value or ()) <= _CHUNK_MAX


def test_a_change_shares_every_other_run() -> None:
    """Replacing one record of a long set copies one run: the new version shares every other run."""
    value = None
    for n in range(1000):
        value = with_in_force(value, Rec(f"r{n:04d}"))
    assert type(value) is _Chunks and len(value) > 10
    after = with_in_force(value, Rec("r0500", version=1))
    assert type(after) is _Chunks
    shared = sum(1 for run in after if any(run is old for old in value))
    assert shared == len(value) - 1
    assert in_force_records(after)[500] == Rec("r0500", version=1)


def test_none_reads_as_empty() -> None:
    assert in_force_records(None) == ()
    assert with_in_force(None, Rec("a", in_force=False)) is None
