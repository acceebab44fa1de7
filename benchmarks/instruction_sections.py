"""The workloads whose instructions ``instructions.py`` counts, run under valgrind's cachegrind one group a process.

    cd OUT                                                   # a folder of the group's own
    python .../instruction_sections.py GROUP . --prepare     # natively: write what the group reads
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=cg.%p \\
        python .../instruction_sections.py GROUP .           # count its sections

Paths are given relative to the working folder (``.``): their texts are hashed, and a temporary folder's random
name would change a few thousand instructions from one run to the next.

Cachegrind counts every instruction a process runs and writes the count when the process exits. To count a
section alone, the group forks a child that exits at once just before the section and another just after it (a
*mark*): each child's file ``OUT/cg.<pid>`` holds the count up to that point, so the section is the difference.
Set-up between sections (drawing a synthetic timeline, drawing questions) falls between marks and is not
counted; it still runs under valgrind, about 40 times slower than natively, so whatever can be done before, on
disk, is done by ``--prepare`` without valgrind, in the same environment. Each group first marks an empty
section: what two marks cost on their own (a few thousand instructions), which ``instructions.py`` subtracts.
The group writes its sections' names and marks, in order, to ``OUT/sections.json``, with the number of events of
the shipped record (the figures on it are compared per event once the record grows).

This module imports nothing but ``gc``, ``os`` and ``sys`` before its first section, so that ``import aitimeline``
is counted as a fresh process pays it; keep it that way.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which aitimeline's import would then skip
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

__all__ = ["EMPTY", "GROUPS", "main"]

EMPTY = "(empty)"
"""The name of each group's first section, which does nothing: what the marks around a section cost."""

GROUPS: dict[str, tuple[str, ...]] = {
    "synthetic": ("build-10k", "queries-10k", "diff-10k"),
    "shipped": ("import", "load-shipped", "load-toml-1k"),
}
"""Each group's figures, in the order its sections run, the longest group first. A group runs in one process, so
its set-up runs once. (``instructions.py`` describes each figure, and counts the command line's whole process on
its own.)"""


def _mark() -> int:
    """Fork a child that exits at once, so that cachegrind writes the count so far to its file; the child's pid."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)  # no clean-up, no flush: the same few instructions every time
    os.waitpid(pid, 0)  # its file is written before this process goes on
    return pid


class _Counted:
    """Runs a group's sections between marks, and notes them."""

    def __init__(self, group: str) -> None:
        self.names = [EMPTY, *GROUPS[group]]
        self.marks: list[tuple[str, int, int]] = []
        self(lambda: None)

    def __call__(self, section: Callable[[], T]) -> T:
        """The result of ``section()``, counted as the group's next figure."""
        gc.collect()  # the set-up's garbage is collected before, not inside, the section
        before = _mark()
        result = section()
        after = _mark()
        self.marks.append((self.names[len(self.marks)], before, after))
        return result


def _prepare_shipped(out: str) -> None:
    """Write 10^3 synthetic events as a folder of TOML files (at most 100 a file), as ``bench.py`` does."""
    from pathlib import Path

    from synthetic import synthetic_timeline
    from toml_files import write_folder

    events, entities = synthetic_timeline(1000, seed=0)
    write_folder(events, entities, Path(out, "toml"), per_file=100)


def _shipped(count: _Counted, out: str) -> dict[str, int]:
    """``import aitimeline``, ``load()`` of the shipped record, and loading the folder ``_prepare_shipped`` wrote."""

    def import_aitimeline() -> None:
        import aitimeline  # noqa: F401 (the import is the workload)

    count(import_aitimeline)
    import aitimeline as at

    record = count(at.load)
    loaded = count(lambda: at.load(f"{out}/toml"))
    assert len(loaded) == 1000, len(loaded)
    return {"shipped_events": len(record)}


def _synthetic(count: _Counted, out: str) -> dict[str, int]:
    """Building a 10^4-event synthetic timeline, 10^4 queries of it, and its whole diff."""
    import random

    from synthetic import query_inputs, synthetic_timeline

    import aitimeline as at

    events, entities = synthetic_timeline(10_000, seed=0)
    tl = count(lambda: at.Timeline(events, entities))
    asked = query_inputs(events, entities, 2_500, random.Random(1))  # as bench.py draws them for seed 0

    def queries() -> None:
        for day, org in asked.ceo:
            tl.state_at(day).ceo(org)
        for text, org in asked.ceo_text:
            tl.state_at(text).ceo(org)
        for day, holder, entity in asked.stake:
            tl.state_at(day).stake(holder, entity)
        for day, buyer in asked.commitments:
            tl.state_at(day).commitments(buyer)

    count(queries)
    count(lambda: tl.diff(events[0].date, events[-1].date))
    return {}


def main(argv: list[str]) -> int:
    """``GROUP OUT``: run a group's sections, writing its notes into the folder OUT. ``GROUP OUT --prepare``: write
    into OUT what its sections read, without counting (run it first, natively)."""
    group, out, *prepare = argv
    if prepare == ["--prepare"]:
        if group == "shipped":
            _prepare_shipped(out)
        return 0
    count = _Counted(group)
    notes = {"shipped": _shipped, "synthetic": _synthetic}[group](count, out)
    assert [name for name, _, _ in count.marks] == count.names, f"ran {count.marks}, meant {count.names}"
    import json

    with open(f"{out}/sections.json", "w", encoding="utf-8") as f:
        json.dump({"sections": count.marks, **notes}, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
