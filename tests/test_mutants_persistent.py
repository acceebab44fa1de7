"""The cap table (``aitimeline.CapTable``) as its documentation states it, pinned where mutation testing found no
test looking: a stake set between rounds diluted with its low and high factors kept apart, where each line comes
from (``line``: its holder, kind, event, date and the rounds that diluted it, in a big table too), a round that
bought everything, a hash that tells different tables apart, and the chain of ids (``aitimeline.extend.IdChain``)
(each test kills mutants of src/aitimeline/_engine/persistent.py).

The survivors left are equivalent (docs/architecture.md, "Mutation testing").
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from fractions import Fraction
from math import isqrt

import attrs

import aitimeline as at

HALF_TO_ALL = at.Stake(low=Fraction(1, 2), high=Fraction(1))
"""A round that sold between half and all of the company."""


def _range(low: str, high: str) -> at.Stake:
    return at.Stake(low=Fraction(low), high=Fraction(high))


def _big_table(size: int = 12) -> at.CapTable:
    """A table past the size where a new line is kept apart from the shared base (more than 8 lines)."""
    return at.CapTable({f"h{i:02d}": at.Stake.of("1/100") for i in range(size)}, event_id="founding")


# --- dilution -----------------------------------------------------------------------------------------------------


def test_a_line_set_between_rounds_is_diluted_at_each_end_by_its_own_factor() -> None:
    """A round that sold a range dilutes the low and the high ends by different factors; a line set after it and
    diluted by a later round is its figure times that round's factors only, at each end (x__diluted_stake 12,
    xǁCapTableǁdiluted 50, 52)."""
    table = at.CapTable({"a": at.Stake.of("10%")}).diluted(_range("1/10", "1/5"))
    table = table.with_holder("b", _range("1/20", "1/10")).diluted(_range("1/4", "1/2"))
    assert (table["b"].low, table["b"].high) == (Fraction(1, 20) * Fraction(1, 2), Fraction(1, 10) * Fraction(3, 4))
    assert (table["a"].low, table["a"].high) == (
        Fraction(1, 10) * Fraction(4, 5) * Fraction(1, 2),
        Fraction(1, 10) * Fraction(9, 10) * Fraction(3, 4),
    )


def test_a_round_that_bought_everything_leaves_each_holder_nothing_at_the_low_end() -> None:
    """A round that sold between half and all of the company leaves every holder 0 at the low end and half its
    stake at the high end, on the basis it had (xǁCapTableǁdiluted 20-22, 24-26, 29)."""
    table = at.CapTable({"a": at.Stake.of("10%", basis="as-converted"), "b": _range("1/5", "2/5")})
    after = table.diluted(HALF_TO_ALL, round_id="buyout")
    assert dict(after) == {
        "a": at.Stake(low=Fraction(0), high=Fraction(1, 20), basis="as-converted"),
        "b": at.Stake(low=Fraction(0), high=Fraction(1, 5)),
    }
    assert after.line("a").diluted_by == ("buyout",)


def test_a_round_that_sold_nothing_leaves_every_stake_as_reported() -> None:
    """Diluted by nothing, a stake is the one reported, the source's words included (xǁCapTableǁ__getitem__ 5)."""
    reported = at.Stake.of("27%", basis="as-converted", qualifier="about", stated="about 27 per cent")
    table = at.CapTable({"a": reported}).diluted(at.Stake.of(0), "nothing-sold")
    assert table["a"] == reported
    assert table["a"].stated == "about 27 per cent"


def test_a_round_without_an_id_dilutes_but_names_no_round() -> None:
    """Diluted by a round given no id, a reported line keeps its kind and names no round (xǁCapTableǁdiluted 9)."""
    table = at.CapTable({"a": at.Stake.of("10%")}, event_id="report").diluted(at.Stake.of("1/2"))
    line = table.line("a")
    assert line.stake == at.Stake.of("5%")
    assert (line.kind, line.diluted_by) == ("reported", ())


def test_a_line_names_every_round_since_its_report_oldest_first() -> None:
    """Two rounds, then a third without an id: the line names both named rounds, oldest first (xǁCapTableǁdiluted
    13, 15)."""
    table = at.CapTable({"a": at.Stake.of("10%")}, event_id="report")
    table = table.diluted(at.Stake.of("1/10"), "seed").diluted(at.Stake.of("1/10"), "series-a")
    table = table.diluted(at.Stake.of("1/10"))
    assert table.line("a").diluted_by == ("seed", "series-a")
    later = table.with_holder("b", at.Stake.of("1%"), event_id="b-report").diluted(at.Stake.of("1/10"), "series-b")
    assert later.line("a").diluted_by == ("seed", "series-a", "series-b")
    assert later.line("b").diluted_by == ("series-b",)


# --- where a line comes from --------------------------------------------------------------------------------------


def test_a_line_says_whose_it_is_and_which_report_of_which_date_set_it() -> None:
    """A line not diluted since its report is "reported", names its holder, its event and the date it describes
    (xǁCapTableǁline 26, 31, 41, 45, 46)."""
    day = at.PartialDate(2020, 3)
    table = at.CapTable({"a": at.Stake.of("10%")}, event_id="report", as_of=day)
    assert table.line("a") == at.CapLine(
        holder="a",
        stake=at.Stake.of("10%"),
        as_set=at.Stake.of("10%"),
        kind="reported",
        event_id="report",
        as_of=day,
        diluted_by=(),
    )


def test_a_line_built_in_code_is_reported_by_no_event() -> None:
    """A table built in code, with no event, has lines of kind "reported" that name no event and no date
    (xǁCapTableǁline 25)."""
    line = at.CapTable({"a": at.Stake.of("10%")}).line("a")
    assert (line.kind, line.event_id, line.as_of) == ("reported", None, None)
    assert at.CapTable().with_holder("b", at.Stake.of("1%")).line("b").kind == "reported"


def test_a_date_given_without_an_event_is_not_kept() -> None:
    """The date a line describes is the date of the event that set it: given no event, a table built in code or a
    line set in code names no date (xǁCapTableǁ__init__ 3)."""
    day = at.PartialDate(2020, 3)
    assert at.CapTable({"a": at.Stake.of("10%")}, as_of=day).line("a").as_of is None
    assert at.CapTable().with_holder("b", at.Stake.of("1%"), as_of=day).line("b").as_of is None


def test_a_line_set_by_an_event_is_reported_unless_computed() -> None:
    """Set by an event, a line is "reported"; computed by it (implied by an amount and a valuation), "derived"
    (xǁCapTableǁwith_holder 1)."""
    table = at.CapTable().with_holder("a", at.Stake.of("1%"), event_id="report")
    table = table.with_holder("b", at.Stake.of("2%"), event_id="implied", computed=True)
    assert [(line.holder, line.kind, line.event_id) for line in table.lines()] == [
        ("a", "reported", "report"),
        ("b", "derived", "implied"),
    ]


def test_a_big_table_keeps_few_lines_apart_from_its_base() -> None:
    """Each version of a big table costs about the square root of its size: the lines set since its shared base
    was made are at most max(8, sqrt(base)), then folded into a new base (the class's docstring; this looks
    inside, as nothing outside can see the cost); the table reads whole meanwhile (xǁCapTableǁwith_holder 38, 39,
    44, 48-57)."""
    for size in (9, 12, 40, 100):
        table = _big_table(size)
        for i in range(2 * size):
            table = table.with_holder(f"h{i % (size + 5):02d}", at.Stake.of("1/500"))
            assert len(table._changed) <= max(8, isqrt(len(table._base)))
        assert len(table) == size + 5
        assert list(table) == sorted(f"h{i:02d}" for i in range(size + 5))
        assert table["h00"] == at.Stake.of("1/500")


def test_a_line_set_in_a_big_table_is_read_from_its_new_setting() -> None:
    """In a big table a new or changed line is kept apart from the shared base; line() reads it there: a new
    holder's line, and a base holder's line as set again; the new holder is among the table's holders
    (xǁCapTableǁline 3, __iter__ 3, _set 42, 44-47)."""
    table = _big_table().with_holder("new", at.Stake.of("2%"), event_id="new-report")
    table = table.with_holder("h03", at.Stake.of("3%"), event_id="h03-report")
    assert (table.line("new").event_id, table.line("new").as_set) == ("new-report", at.Stake.of("2%"))
    assert (table.line("h03").event_id, table.line("h03").as_set) == ("h03-report", at.Stake.of("3%"))
    assert table.line("h04").event_id == "founding"
    assert list(table) == [*(f"h{i:02d}" for i in range(12)), "new"]
    assert len(table) == 13


def test_the_total_of_an_empty_table_is_an_exact_zero() -> None:
    """``total_low`` is a Fraction, for a table with no holder too (xǁCapTableǁ__init__ 13)."""
    total = at.CapTable().total_low
    assert isinstance(total, Fraction)
    assert total.limit_denominator(10) == 0
    assert isinstance(at.CapTable({}).diluted(at.Stake.of("1/2"), "seed").total_low, Fraction)


# --- hashing ------------------------------------------------------------------------------------------------------


def test_equal_tables_hash_alike_and_different_tables_apart() -> None:
    """A table is hashable, equal tables (however built) hash alike, and tables with different lines hash apart,
    so that a set or a dict of tables stays fast (xǁCapTableǁ__hash__ 1, 2)."""
    built = at.CapTable({"a": at.Stake.of("10%"), "b": at.Stake.of("20%")})
    grown = at.CapTable({"b": at.Stake.of("20%")}).with_holder("a", at.Stake.of("10%"))
    assert built == grown
    assert hash(built) == hash(grown)
    tables = {at.CapTable({"a": at.Stake(low=Fraction(i, 100), high=Fraction(i, 100))}) for i in range(1, 21)}
    assert len(tables) == 20
    assert len({hash(t) for t in tables}) > 10


# --- text ---------------------------------------------------------------------------------------------------------


def test_a_table_reads_one_line_per_holder_or_says_it_has_none() -> None:
    """``str``: one line per holder, in holder order; a table with no holder says so. ``repr`` shows the items
    (xǁCapTableǁ__str__ 1-5, xǁCapTableǁ__repr__ 1)."""
    table = at.CapTable({"b": at.Stake.of("20%"), "a": at.Stake.of("27%", basis="as-converted", qualifier="about")})
    assert str(table) == "a: about 27 % (as-converted)\nb: 20 %"
    assert str(at.CapTable()) == "(no holder on the record)"
    assert repr(at.CapTable({"b": at.Stake.of("20%")})) == f"CapTable({{'b': {at.Stake.of('20%')!r}}})"


# --- IdChain ------------------------------------------------------------------------------------------------------


def test_a_chain_counts_its_ids_and_equals_only_a_chain_of_the_same_ids() -> None:
    """A chain's length is its number of ids; it equals a chain with the same ids in the same order, and nothing
    else (not a tuple of its ids); it pickles to an equal chain (xǁIdChainǁ__init__ 19, 25-27, 30, __eq__ 1-8,
    __reduce__ 1)."""
    one = at.extend.IdChain("a")
    three = at.extend.IdChain("c", at.extend.IdChain("b", one))
    assert (len(one), len(three)) == (1, 3)
    assert list(three) == ["c", "b", "a"]
    assert three == at.extend.IdChain("c", at.extend.IdChain("b", at.extend.IdChain("a")))
    assert three != at.extend.IdChain("c", at.extend.IdChain("a"))
    assert three != at.extend.IdChain("c", at.extend.IdChain("b", at.extend.IdChain("x")))
    assert one != ("a",)
    assert pickle.loads(pickle.dumps(three)) == three


def test_a_chain_hashes_by_its_ids_and_shows_them() -> None:
    """Equal chains hash alike and different ones apart; ``repr`` lists the ids, newest first (xǁIdChainǁ__hash__
    1, 2, __repr__ 1)."""
    chains = [at.extend.IdChain(f"r{i}", at.extend.IdChain("seed")) for i in range(20)]
    assert hash(chains[0]) == hash(at.extend.IdChain("r0", at.extend.IdChain("seed")))
    assert len({hash(c) for c in chains}) > 10
    assert repr(chains[0]) == "IdChain(['r0', 'seed'])"


# --- records in force ---------------------------------------------------------------------------------------------


@attrs.frozen
class _Record:
    id: str
    in_force: bool = True
    version: int = 0


@attrs.frozen
class _Plain:
    """A record with no ``in_force``: always in force."""

    id: str


def _records(ids: Iterable[int], version: int = 0) -> list[_Record]:
    return [_Record(f"r{i:03d}", version=version) for i in ids]


def test_up_to_32_records_are_a_plain_tuple_and_more_are_kept_in_runs() -> None:
    """The value of up to 32 records is the tuple of the records, sorted by id; past 32 it is kept in runs, read
    with ``in_force_records`` (the InForce docstring) (x_with_in_force 23)."""
    value = None
    for record in _records(range(32, 0, -1)):
        value = at.extend.with_in_force(value, record)
    assert value == tuple(_records(range(1, 33)))
    value = at.extend.with_in_force(value, _records([0])[0])
    assert value != tuple(_records(range(33)))
    assert at.extend.in_force_records(value) == tuple(_records(range(33)))


def test_a_record_without_in_force_is_in_force() -> None:
    """A record type with no ``in_force`` attribute counts as in force (x_with_in_force 4, 7, 10)."""
    assert at.extend.with_in_force(None, _Plain("a")) == (_Plain("a"),)
    both = at.extend.with_in_force((_Plain("b"),), _Plain("a"))
    assert at.extend.in_force_records(both) == (_Plain("a"), _Plain("b"))


def test_records_at_the_edges_of_runs_go_to_their_own_run() -> None:
    """Kept in runs, a record added before a run's first (or between its first and second), a run's first record
    replaced or removed, each lands in the right run: the records read back sorted, each once, as a dict model
    says (x__first_id 2, x_with_in_force 41)."""
    value = None
    model: dict[str, _Record] = {}
    for record in _records(range(2, 200, 2)):  # 99 records, several runs
        value = at.extend.with_in_force(value, record)
        model[record.id] = record
    firsts = [run[0].id for run in value]  # type: ignore[union-attr]
    assert len(firsts) > 2
    steps = [_Record("r000"), _Record("r001")]  # before the first run, and inside it
    for first in firsts:
        n = int(first[1:])
        steps += [_Record(f"r{n + 1:03d}"), _Record(first, version=1), _Record(f"r{n - 1:03d}"), _Record(first, False)]
    for record in steps:
        changed = at.extend.with_in_force(value, record)
        assert changed is not None
        value = changed
        if record.in_force:
            model[record.id] = record
        else:
            del model[record.id]
        assert at.extend.in_force_records(value) == tuple(model[i] for i in sorted(model))


def test_a_run_emptied_is_dropped_and_one_run_left_is_a_plain_tuple() -> None:
    """Removing every record of a run drops it; when one run is left the value is again the plain tuple of its
    records, and records can still be added before it (x_with_in_force 57, 63)."""
    value = None
    for record in _records(range(1, 41)):
        value = at.extend.with_in_force(value, record)
    first_run = [record.id for record in value[0]]  # type: ignore[index]
    for record_id in first_run:
        value = at.extend.with_in_force(value, _Record(record_id, in_force=False))
    remaining = tuple(r for r in _records(range(1, 41)) if r.id not in first_run)
    assert value == remaining
    value = at.extend.with_in_force(value, _Record("r000"))
    assert at.extend.in_force_records(value) == (_Record("r000"), *remaining)
