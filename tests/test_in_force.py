"""Values that share their unchanged parts between versions: records in force per party, and cap tables."""

from __future__ import annotations

from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from aitimeline import Stake
from aitimeline._engine.persistent import _CHUNK_MAX, CapTable, _Chunks, in_force_records, with_in_force


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
    assert type(value) is _Chunks
    assert len(value) > 10
    after = with_in_force(value, Rec("r0500", version=1))
    assert type(after) is _Chunks
    shared = sum(1 for run in after if any(run is old for old in value))
    assert shared == len(value) - 1
    assert in_force_records(after)[500] == Rec("r0500", version=1)


def test_none_reads_as_empty() -> None:
    assert in_force_records(None) == ()
    assert with_in_force(None, Rec("a", in_force=False)) is None


holders = st.sampled_from([f"h{i:02d}" for i in range(40)])
small_share = st.fractions(min_value=0, max_value=Fraction(1, 50)).map(lambda f: Stake(low=f, high=f))
table_ops = st.lists(
    st.one_of(st.tuples(st.just("set"), holders, small_share), st.tuples(st.just("round"), small_share)),
    max_size=120,
)


@given(table_ops)
def test_cap_table_matches_a_dict_model(steps: list[tuple[object, ...]]) -> None:
    """A cap table built by setting lines and diluting (sharing its base, keeping changed lines apart) reads
    exactly like a dict rebuilt in full at every step: same items in the same order, same size and total."""
    table = CapTable()
    model: dict[str, Stake] = {}
    for op in steps:
        if op[0] == "set":
            _, holder, stake = op
            assert isinstance(holder, str)
            assert isinstance(stake, Stake)
            table = table.with_holder(holder, stake)
            model[holder] = stake
        else:
            sold = op[1]
            assert isinstance(sold, Stake)
            table = table.diluted(sold)
            model = {h: s.scaled(1 - sold.high, 1 - sold.low) for h, s in model.items()}
        assert list(table.items()) == sorted(model.items())
        assert len(table) == len(model)
        assert table.total_low == sum((s.low for s in model.values()), Fraction(0))
        assert all(h in table for h in model)
        assert "nobody" not in table
