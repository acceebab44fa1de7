"""The instruction budgets' logic (benchmarks/instructions.py): reading valgrind's files, comparing, lowering.

No valgrind here: `make budgets` runs the measurement itself.
"""

import datetime as dt

import pytest
from instruction_sections import EMPTY, GROUPS
from instructions import (
    BUDGETS,
    FIGURES,
    Budget,
    Comparison,
    Measured,
    Stamp,
    compare,
    failures,
    lower,
    read_budgets,
    read_totals,
    table,
)

THEN = Stamp("abc1234", dirty=False, date=dt.date(2026, 12, 1))
NOW = Stamp("def5678", dirty=True, date=dt.date(2026, 12, 2))

CACHEGRIND = """\
desc: I1 cache:         32768 B, 64 B, 8-way associative
cmd: python benchmarks/instruction_sections.py shipped out
events: Ir
fl=???
fn=0x0000000000001000
0 3
summary: 1327202740
"""

CALLGRIND = """\
# callgrind format
version: 1
creator: callgrind-3.19.0
events: Ir
summary: 999
fl=(1) ???
fn=(1) 0x0000000000001000
0 3
totals: 453637632
"""

BUDGETS_TEXT = """\
# A comment a reviewer wrote.

[build-10k]
instructions = 1000000
commit = "abc1234"
dirty = false
date = 2026-12-01
workload = "building"

[load-shipped]
instructions = 2000000
events = 200
commit = "abc1234"
dirty = false
date = 2026-12-01
workload = "loading the record"
"""


def budget(instructions: int, events: int | None = None) -> Budget:
    return Budget(instructions, THEN, "a workload", events)


class TestReadTotals:
    def test_cachegrind_summary(self) -> None:
        """A cachegrind file's count is its summary line."""
        assert read_totals(CACHEGRIND) == 1_327_202_740

    def test_callgrind_totals(self) -> None:
        """A callgrind dump's count is its first totals or summary line."""
        assert read_totals(CALLGRIND.replace("summary: 999\n", "")) == 453_637_632

    def test_column_of_ir(self) -> None:
        """With several events, the count is the Ir column's."""
        assert read_totals("events: Dr Ir Dw\ntotals: 5 7 9\n") == 7

    def test_no_totals(self) -> None:
        """A text with no totals line is refused."""
        with pytest.raises(ValueError, match="no totals line"):
            read_totals("events: Ir\nfn=main\n0 3\n")

    def test_no_ir(self) -> None:
        """A file that counted no instructions is refused."""
        with pytest.raises(ValueError, match="without an Ir event"):
            read_totals("events: Dr\nsummary: 5\n")


class TestReadBudgets:
    def test_reads_every_table(self) -> None:
        """Each table is a figure's budget, with its stamp, workload and event count."""
        budgets = read_budgets(BUDGETS_TEXT)
        assert budgets["build-10k"] == Budget(1_000_000, THEN, "building", None)
        assert budgets["load-shipped"].events == 200

    def test_empty(self) -> None:
        """An empty file holds no budgets."""
        assert read_budgets("") == {}

    def test_missing_key_names_the_figure(self) -> None:
        """A budget without its commit is refused, naming the figure."""
        with pytest.raises(ValueError, match=r"\[build-10k\]"):
            read_budgets("[build-10k]\ninstructions = 5\ndirty = false\ndate = 2026-12-01\n")

    def test_wrong_type(self) -> None:
        """A budget given as text is refused."""
        with pytest.raises(ValueError, match="positive integer"):
            read_budgets('[x]\ninstructions = "5"\ncommit = "a"\ndirty = false\ndate = 2026-12-01\n')

    def test_committed_file_covers_every_figure(self) -> None:
        """benchmarks/budgets.toml holds a budget for every figure, and nothing else."""
        budgets = read_budgets(BUDGETS.read_text(encoding="utf-8"))
        assert set(budgets) == {f.name for f in FIGURES}
        assert all((budgets[f.name].events is not None) == f.shipped for f in FIGURES)


class TestFigures:
    def test_every_section_is_a_figure(self) -> None:
        """The figures are the sections of the groups and the command line's, each once."""
        sections = [name for names in GROUPS.values() for name in names]
        assert EMPTY not in sections
        assert sorted(f.name for f in FIGURES) == sorted([*sections, "cli-state-cached"])


class TestComparison:
    def test_within_threshold_passes(self) -> None:
        """3 % over the budget passes."""
        c = Comparison("build-10k", budget(1_000_000), Measured(1_030_000))
        assert not c.over
        assert c.verdict == "pass"

    def test_over_threshold_fails(self) -> None:
        """Just over 3 % fails."""
        c = Comparison("build-10k", budget(1_000_000), Measured(1_030_001))
        assert c.over
        assert c.verdict == "FAIL"

    def test_much_lower_suggests_lowering(self) -> None:
        """A figure well below its budget passes and says the budget can come down."""
        c = Comparison("build-10k", budget(1_000_000), Measured(900_000))
        assert not c.over
        assert "make budgets-lower" in c.verdict

    def test_same_record_compares_raw_counts(self) -> None:
        """With the record's event count unchanged, the raw counts are compared."""
        c = Comparison("load-shipped", budget(1_000_000, 200), Measured(1_050_000, 200))
        assert not c.per_event
        assert c.over

    def test_grown_record_compares_per_event(self) -> None:
        """With events added to the record, the counts are compared per event, and the verdict says so."""
        c = Comparison("load-shipped", budget(1_000_000, 200), Measured(1_050_000, 210))
        assert c.per_event
        assert c.ratio == pytest.approx(1.0)
        assert not c.over
        assert c.verdict == "pass (per event: 200 events then, 210 now)"

    def test_grown_record_can_still_fail(self) -> None:
        """Growing faster than the record fails, per event."""
        c = Comparison("load-shipped", budget(1_000_000, 200), Measured(1_100_000, 210))
        assert c.over

    def test_no_budget_fails(self) -> None:
        """A figure without a budget fails."""
        assert Comparison("new", None, Measured(5)).over

    def test_budget_not_measured_passes(self) -> None:
        """A budget whose figure is gone is reported, not failed."""
        c = Comparison("gone", budget(5), None)
        assert not c.over
        assert c.verdict.startswith("not measured")


class TestCompare:
    def test_in_the_order_of_the_figures(self) -> None:
        """Figures come in the table's order, then budgets no figure has."""
        budgets = {"old": budget(1), "build-10k": budget(1), "import": budget(1)}
        measured = {"build-10k": Measured(1), "import": Measured(1)}
        assert [c.name for c in compare(budgets, measured)] == ["import", "build-10k", "old"]


class TestFailures:
    def test_names_the_figure_and_its_growth(self) -> None:
        """The message names the failing figure, how much it grew and the commit that set its budget."""
        comparisons = compare(
            {"build-10k": budget(1_000_000), "diff-10k": budget(1_000_000)},
            {"build-10k": Measured(1_052_000), "diff-10k": Measured(1_000_000)},
        )
        (line,) = failures(comparisons)
        assert line.startswith("build-10k grew 5.2 % over its budget")
        assert "1,000,000 → 1,052,000 instructions" in line
        assert "abc1234" in line

    def test_per_event_growth(self) -> None:
        """A per-event failure gives instructions an event, then and now."""
        (line,) = failures(
            compare({"load-shipped": budget(1_000_000, 200)}, {"load-shipped": Measured(1_200_000, 210)})
        )
        assert "5,000 → 5,714 instructions an event (200 events then, 210 now)" in line

    def test_missing_budget(self) -> None:
        """A figure without a budget is a failure that says how to add one."""
        (line,) = failures(compare({}, {"import": Measured(5)}))
        assert "import has no budget" in line

    def test_none(self) -> None:
        """Figures within their budgets make no message."""
        assert failures(compare({"import": budget(10)}, {"import": Measured(10)})) == []


class TestLower:
    def test_lowers_a_figure_below_its_budget(self) -> None:
        """A figure below its budget becomes the budget, stamped with this measurement."""
        text, changed = lower(BUDGETS_TEXT, {"build-10k": Measured(900_000)}, NOW)
        assert changed == ["build-10k"]
        workload = next(f.workload for f in FIGURES if f.name == "build-10k")
        assert read_budgets(text)["build-10k"] == Budget(900_000, NOW, workload)

    def test_never_raises(self) -> None:
        """A figure over its budget, even within 3 %, leaves the file as it was."""
        text, changed = lower(
            BUDGETS_TEXT, {"build-10k": Measured(1_010_000), "load-shipped": Measured(2_000_000, 200)}, NOW
        )
        assert changed == []
        assert text == BUDGETS_TEXT

    def test_never_raises_per_event(self) -> None:
        """A grown record whose figure grew faster than it keeps its budget."""
        _, changed = lower(BUDGETS_TEXT, {"load-shipped": Measured(2_200_000, 210)}, NOW)
        assert changed == []

    def test_lowers_per_event(self) -> None:
        """A grown record whose figure grew slower than it gets the new count and event count."""
        text, changed = lower(BUDGETS_TEXT, {"load-shipped": Measured(2_050_000, 210)}, NOW)
        assert changed == ["load-shipped"]
        assert read_budgets(text)["load-shipped"].events == 210

    def test_adds_missing_figures(self) -> None:
        """A figure with no budget is added."""
        text, changed = lower(BUDGETS_TEXT, {"diff-10k": Measured(123)}, NOW)
        assert changed == ["diff-10k"]
        assert read_budgets(text)["diff-10k"].instructions == 123

    def test_keeps_comments(self) -> None:
        """Comments and untouched budgets stay as they were."""
        text, _ = lower(BUDGETS_TEXT, {"build-10k": Measured(900_000)}, NOW)
        assert "# A comment a reviewer wrote." in text
        assert read_budgets(text)["load-shipped"] == read_budgets(BUDGETS_TEXT)["load-shipped"]

    def test_new_file(self) -> None:
        """From no file, every figure is added under the header."""
        text, changed = lower("", {"import": Measured(5)}, NOW)
        assert changed == ["import"]
        assert text.startswith("# Instruction budgets")


class TestTable:
    def test_a_row_per_figure(self) -> None:
        """The table has a header, a rule and a row per figure with its change and verdict."""
        lines = table(compare({"import": budget(1_000)}, {"import": Measured(1_100)})).splitlines()
        assert len(lines) == 3
        assert [cell.strip() for cell in lines[2].split("|")[1:-1]] == ["import", "1,000", "1,100", "+10.00 %", "FAIL"]
