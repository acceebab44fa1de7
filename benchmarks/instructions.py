"""Instruction budgets: valgrind counts each workload's instructions; ``budgets.toml`` says how many it may take.

    python benchmarks/instructions.py                 # measure, print the table, exit 1 if a figure is over budget
    python benchmarks/instructions.py --lower         # the same, then lower the budgets of figures now below them
    python benchmarks/instructions.py --json FILE     # also write every figure to FILE
    python benchmarks/instructions.py --keep DIR      # keep valgrind's files (cg_diff/cg_annotate show where)
    make budgets / make budgets-lower                 # the same; valgrind installed with apt when missing

Wall-clock times vary by 20-30 % between runs on a shared machine; the number of instructions a deterministic
workload executes does not (0.002 % at most here, between runs). So ``make test`` checks each figure against its
budget and fails when one is more than 3 % over it. A budget is lowered (``--lower``) in the commit that earns it,
and never raised by this script: raising one is a hand edit of ``budgets.toml``, with a comment saying why, that a
reviewer sees. The two figures on the shipped record also keep the number of events the record had when they were
measured: once curated data is added, they are compared per event.

How a figure is counted: ``instruction_sections.py`` runs the workloads in two processes under valgrind's
cachegrind, and a section's count is the difference between marks written just before and just after it (see
that module); the command line's figure is its whole process, run once before without valgrind to warm its cache.
Cachegrind without its cache simulation runs about twice as fast as callgrind, which has section toggles of its own
(``--toggle-collect``), and counts the same instructions; the three processes run two at a time. For the counts to
repeat exactly, the measured processes see a fixed, minimal environment (``PYTHONHASHSEED=0``, no
``PYTHONDONTWRITEBYTECODE``, no ``VALGRIND_OPTS``) and the bytecode of ``src/`` and ``benchmarks/`` is compiled
before they start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import tomlkit
from instruction_sections import EMPTY, GROUPS

__all__ = [
    "BUDGETS",
    "FIGURES",
    "THRESHOLD",
    "Budget",
    "Comparison",
    "Figure",
    "Measured",
    "MeasurementError",
    "Stamp",
    "compare",
    "failures",
    "lower",
    "main",
    "measure",
    "read_budgets",
    "read_totals",
    "table",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGETS = HERE / "budgets.toml"
THRESHOLD = Fraction(3, 100)
"""A figure fails when it is more than this fraction over its budget (exactly: 3.0 % passes)."""

CLI_ARGS = ("state", "2023-11-18")
"""The command line's question, counted as a whole process with its cache warm."""


@dataclass(frozen=True)
class Figure:
    """One counted workload: its name (in the table and in ``budgets.toml``) and what it runs."""

    name: str
    workload: str
    shipped: bool = False
    """Whether it runs on the shipped record, whose growth its budget is then scaled by (compared per event)."""


FIGURES = (
    Figure("import", "import aitimeline"),
    Figure("load-shipped", "at.load() of the shipped record (events/)", shipped=True),
    Figure("load-toml-1k", "at.load(folder) of synthetic_timeline(1000, seed=0) written at most 100 events a file"),
    Figure("build-10k", "at.Timeline(events, entities) of synthetic_timeline(10_000, seed=0)"),
    Figure("queries-10k", "10^4 queries of that timeline: ceo, ceo at a text date, stake, commitments (2,500 each)"),
    Figure("diff-10k", "tl.diff(events[0].date, events[-1].date) of that timeline"),
    Figure("cli-state-cached", "the whole process of `aitimeline state 2023-11-18`, its cache warm", shipped=True),
)
"""Every figure, in the order of the table: the sections of ``instruction_sections.GROUPS``, and the command line."""


class MeasurementError(RuntimeError):
    """A measuring process failed, or did not run the sections it should have."""


@dataclass(frozen=True)
class Measured:
    """One figure as measured: its instructions, and the shipped record's events for the figures that run on it."""

    instructions: int
    events: int | None = None


@dataclass(frozen=True)
class Stamp:
    """What a measurement was taken on: the commit (short hash), whether the work tree differed from it, the day."""

    commit: str
    dirty: bool
    date: dt.date


@dataclass(frozen=True)
class Budget:
    """One figure's budget, as ``budgets.toml`` holds it."""

    instructions: int
    stamp: Stamp
    workload: str
    events: int | None = None


@dataclass(frozen=True)
class Comparison:
    """A figure beside its budget. Either may be missing (a new figure, or a budget no figure has any more)."""

    name: str
    budget: Budget | None
    measured: Measured | None

    @property
    def events(self) -> tuple[int, int] | None:
        """The shipped record's events when the budget was set and now, if they differ (then the figures are
        compared per event); else None."""
        b, m = self.budget, self.measured
        if b is None or m is None or b.events is None or m.events is None or b.events == m.events:
            return None
        return b.events, m.events

    @property
    def per_event(self) -> bool:
        """Whether the figures are compared per event (the shipped record's event count changed)."""
        return self.events is not None

    @property
    def ratio(self) -> Fraction | None:
        """Measured over budget (per event when :attr:`per_event`), or None when either is missing."""
        if self.budget is None or self.measured is None:
            return None
        then, now = self.events or (1, 1)
        return Fraction(self.measured.instructions * then, self.budget.instructions * now)

    @property
    def over(self) -> bool:
        """Whether this fails the check: more than :data:`THRESHOLD` over budget, or measured with no budget."""
        if self.measured is None:
            return False
        return self.ratio is None or self.ratio - 1 > THRESHOLD

    @property
    def verdict(self) -> str:
        """``pass`` or ``FAIL``, with a hint where one helps."""
        ratio = self.ratio
        if self.measured is None:
            return "not measured: remove it from budgets.toml"
        if ratio is None:
            return "FAIL: no budget (make budgets-lower adds it)"
        verdict = "FAIL" if self.over else "pass"
        if ratio - 1 < -THRESHOLD:
            verdict += "; lower it (make budgets-lower)"
        if self.events is not None:
            verdict += " (per event: {:,} events then, {:,} now)".format(*self.events)
        return verdict


# --- pure logic: reading dumps and budgets, comparing, lowering --------------------------------------------------


def read_totals(dump: str) -> int:
    """The instructions (``Ir``) in the text of a cachegrind (``summary:``) or callgrind (``totals:``) output file.

    Raises:
        ValueError: The text has no ``Ir`` event or no totals line.
    """
    events: list[str] | None = None
    for line in dump.splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith(("totals:", "summary:")):
            if events is None or "Ir" not in events:
                raise ValueError("a valgrind output file without an Ir event before its totals")
            return int(line.split()[1 + events.index("Ir")])
    raise ValueError("not a valgrind output file: no totals line")


def read_budgets(text: str) -> dict[str, Budget]:
    """Every budget in the text of a ``budgets.toml``.

    Raises:
        ValueError: A table lacks a key or a value has the wrong type (the message names the figure).
    """
    budgets = {}
    for name, table in tomllib.loads(text).items():
        try:
            instructions, commit, dirty, date = (table[k] for k in ("instructions", "commit", "dirty", "date"))
            events = table.get("events")
            if not (
                isinstance(instructions, int)
                and instructions > 0
                and isinstance(commit, str)
                and isinstance(dirty, bool)
                and isinstance(date, dt.date)
                and (events is None or isinstance(events, int))
            ):
                raise TypeError(table)
        except (KeyError, TypeError) as exc:
            raise ValueError(
                f"budgets.toml: [{name}] needs instructions (a positive integer), commit (text), dirty (true or "
                f"false), date (a TOML date), and may have events (an integer): {exc}"
            ) from exc
        budgets[name] = Budget(instructions, Stamp(commit, dirty, date), str(table.get("workload", "")), events)
    return budgets


def compare(budgets: Mapping[str, Budget], measured: Mapping[str, Measured]) -> list[Comparison]:
    """Each measured figure beside its budget, in the order of :data:`FIGURES`, then any budget not measured."""
    known = [f.name for f in FIGURES]
    names = [n for n in known if n in measured or n in budgets]
    names += sorted(n for n in {*measured, *budgets} if n not in known)
    return [Comparison(n, budgets.get(n), measured.get(n)) for n in names]


def failures(comparisons: Sequence[Comparison]) -> list[str]:
    """A line for each figure that fails the check, naming it and how much it grew."""
    lines = []
    for c in comparisons:
        if not c.over:
            continue
        assert c.measured is not None
        if c.budget is None or c.ratio is None:
            lines.append(f"{c.name} has no budget in budgets.toml: `make budgets-lower` adds it")
            continue
        b, m = c.budget, c.measured
        if c.events is not None:
            then, now = c.events
            grew = (
                f"{b.instructions / then:,.0f} → {m.instructions / now:,.0f} instructions an event "
                f"({then:,} events then, {now:,} now)"
            )
        else:
            grew = f"{b.instructions:,} → {m.instructions:,} instructions"
        growth, limit = float(c.ratio - 1) * 100, float(THRESHOLD) * 100
        lines.append(
            f"{c.name} grew {growth:.1f} % over its budget (the limit is {limit:g} %): {grew}; "
            f"budget set at {b.stamp.commit}{' (dirty)' if b.stamp.dirty else ''} on {b.stamp.date}"
        )
    return lines


HEADER = """\
# Instruction budgets: how many instructions (valgrind's cachegrind) each workload of benchmarks/instructions.py
# may take. `make test` fails when a figure is more than 3 % over its budget. `make budgets-lower` lowers the
# budgets of figures now below them (commit that with the change that earned it) and adds new figures; it never
# raises one. Raising a budget is a hand edit, with a comment saying why. `commit` is the commit measured on
# (`dirty`: the work tree differed from it); `events`, of the figures on the shipped record, is how many events
# the record had then: once it has more, they are compared per event.
"""


def lower(text: str, measured: Mapping[str, Measured], stamp: Stamp) -> tuple[str, list[str]]:
    """``budgets.toml``'s text with the budget of every figure now below it lowered, and every missing figure added.

    A budget is never raised. Where the shipped record's event count changed, "below" is per event. Comments
    and the other tables are kept as they are.

    Returns:
        The new text, and the names of the figures lowered or added.
    """
    document = tomlkit.parse(text) if text.strip() else tomlkit.parse(HEADER)
    budgets = read_budgets(text) if text.strip() else {}
    workloads = {f.name: f.workload for f in FIGURES}
    changed = []
    for c in compare(budgets, measured):
        if c.measured is None or (c.ratio is not None and c.ratio >= 1):
            continue
        table = tomlkit.table()
        table.add("instructions", c.measured.instructions)
        if c.measured.events is not None:
            table.add("events", c.measured.events)
        table.add("commit", stamp.commit)
        table.add("dirty", stamp.dirty)
        table.add("date", stamp.date)
        table.add("workload", workloads.get(c.name, c.budget.workload if c.budget else ""))
        if c.name in document:
            old = document[c.name]
            assert isinstance(old, tomlkit.items.Table)
            for key, value in table.items():
                old[key] = value
        else:
            document.add(c.name, table)
        changed.append(c.name)
    return tomlkit.dumps(document), changed


def _cell(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def table(comparisons: Sequence[Comparison]) -> str:
    """The comparisons as a Markdown table: figure, budget, measured, change, verdict."""
    rows = [("figure", "budget", "measured", "change", "verdict")]
    for c in comparisons:
        change = "" if c.ratio is None else f"{float(c.ratio - 1) * 100:+.2f} %"
        budget = c.budget.instructions if c.budget else None
        measured = c.measured.instructions if c.measured else None
        rows.append((c.name, _cell(budget), _cell(measured), change, c.verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    right = (False, True, True, True, False)

    def line(cells: Sequence[str]) -> str:
        padded = (c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if r else ("-" * (w + 2)) for w, r in zip(widths, right, strict=True))
    return "\n".join([line(rows[0]), rule + "|", *(line(r) for r in rows[1:])])


# --- measuring ------------------------------------------------------------------------------------------------


def stamp() -> Stamp:
    """The commit of this checkout, whether its work tree differs from it (untracked files count), and today."""

    def git(*args: str) -> str | None:
        try:
            run = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)
        except (OSError, subprocess.CalledProcessError):
            return None
        return run.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    status = git("status", "--porcelain")
    return Stamp(commit or "unknown", bool(status), dt.date.today())


CHILD_ENV = {
    "PATH": "/usr/bin:/bin",
    "LC_ALL": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "AITIMELINE_CACHE_DIR": "cache",  # in the working folder: the same text on every run
}
"""The whole environment of every measured process, the same on every run. Each runs in a folder of its own, and
names every file it writes relative to it (a temporary folder's random name would change a few hashes and with them
a few thousand instructions)."""


def _run(command: Sequence[str], cwd: Path, env: Mapping[str, str] = CHILD_ENV) -> None:
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise MeasurementError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")


def _cachegrind(valgrind: str, out: Path) -> list[str]:
    """The start of a command line that counts instructions, each process's count to ``out/cg.<pid>``."""
    return [valgrind, "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out / 'cg.%p'}"]


def _group(valgrind: str, python: str, group: str, work: Path) -> dict[str, Measured]:
    """Run one group of sections under cachegrind; its figures."""
    out = work / group
    out.mkdir()
    sections = str(HERE / "instruction_sections.py")
    _run([python, sections, group, ".", "--prepare"], out)
    _run([*_cachegrind(valgrind, out), python, sections, group, "."], out)
    notes = json.loads((out / "sections.json").read_text(encoding="utf-8"))

    def count(pid: int) -> int:
        return read_totals((out / f"cg.{pid}").read_text())

    spans = {name: count(after) - count(before) for name, before, after in notes["sections"]}
    marks = spans.pop(EMPTY)
    if list(spans) != list(GROUPS[group]):
        raise MeasurementError(f"group {group} ran {list(spans)}, not {list(GROUPS[group])}")
    events = notes.get("shipped_events")
    shipped = {f.name for f in FIGURES if f.shipped}
    return {name: Measured(n - marks, events if name in shipped else None) for name, n in spans.items()}


def _cli(valgrind: str, python: str, work: Path) -> Measured:
    """The command line's whole process under cachegrind, after one run without it has filled its cache."""
    out = work / "cli"
    out.mkdir()
    script = str(Path(python).with_name("aitimeline"))
    _run([python, script, *CLI_ARGS], out)
    _run([*_cachegrind(valgrind, out), python, script, *CLI_ARGS], out)
    (dump,) = out.glob("cg.*")
    return Measured(read_totals(dump.read_text()))


def measure(valgrind: str, python: str = sys.executable, keep: Path | None = None) -> dict[str, Measured]:
    """Every figure of :data:`FIGURES`, measured with ``valgrind`` on ``python``, two processes at a time.

    Args:
        valgrind: The valgrind executable.
        python: The interpreter to measure, with aitimeline installed (its ``aitimeline`` script beside it).
        keep: A folder to keep valgrind's files in, by default removed: ``GROUP/cg.<pid>``, with the pids of each
            section's marks in ``GROUP/sections.json`` (``cg_diff BEFORE AFTER`` then ``cg_annotate`` shows where a
            section's instructions went), and ``cli/cg.<pid>``.

    Raises:
        MeasurementError: A process failed, or did not run the sections it should have.
    """
    compile_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _run([python, "-m", "compileall", "-q", str(ROOT / "src"), str(HERE)], ROOT, compile_env)
    work = Path(tempfile.mkdtemp(prefix="aitimeline-instructions-"))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:  # two cores; the longest process first
            groups = [pool.submit(_group, valgrind, python, group, work) for group in GROUPS]
            cli = pool.submit(_cli, valgrind, python, work)
            figures = {name: figure for group in groups for name, figure in group.result().items()}
            figures["cli-state-cached"] = replace(cli.result(), events=figures["load-shipped"].events)
        if keep is not None:
            shutil.copytree(work, keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns("toml", "cache", "*.toml"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    order = [f.name for f in FIGURES]
    return dict(sorted(figures.items(), key=lambda item: order.index(item[0])))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lower", action="store_true", help="lower the budgets of figures now below them")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--budgets", type=Path, default=BUDGETS, help="the budgets file (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="keep valgrind's files in this folder")
    args = parser.parse_args(argv)

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        if os.environ.get("CI"):
            print("instruction budgets: valgrind is missing, and CI must check the budgets", file=sys.stderr)
            return 2
        print("instruction budgets: SKIPPED, valgrind is missing (install it: apt-get install valgrind)")
        return 0
    text = args.budgets.read_text(encoding="utf-8") if args.budgets.exists() else ""
    budgets = read_budgets(text)
    taken = stamp()
    print(f"counting instructions with valgrind on {taken.commit}{' (dirty)' if taken.dirty else ''} ...", flush=True)
    try:
        measured = measure(valgrind, keep=args.keep)
    except MeasurementError as exc:
        print(f"instruction budgets: {exc}", file=sys.stderr)
        return 2
    comparisons = compare(budgets, measured)
    print(table(comparisons), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            c.name: {
                "instructions": c.measured.instructions if c.measured else None,
                "events": c.measured.events if c.measured else None,
                "budget": c.budget.instructions if c.budget else None,
                "budget_commit": c.budget.stamp.commit if c.budget else None,
                "change": None if c.ratio is None else float(c.ratio - 1),
                "per_event": c.per_event,
                "verdict": c.verdict,
            }
            for c in comparisons
        }
        measured_on = {"commit": taken.commit, "dirty": taken.dirty, "date": taken.date.isoformat()}
        args.json.write_text(json.dumps({"measured_on": measured_on, "figures": figures}, indent=2) + "\n")
    if args.lower:
        new_text, changed = lower(text, measured, taken)
        if changed:
            args.budgets.write_text(new_text, encoding="utf-8")
            print(f"lowered or added in {args.budgets}: {', '.join(changed)}")
        else:
            print(f"{args.budgets}: no budget to lower")
        comparisons = compare(read_budgets(new_text), measured)  # what still fails: figures over their budget
    failed = failures(comparisons)
    for line in failed:
        print(f"FAIL {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
