"""The score of the last ``mutmut run`` (``make mutation``): killed, survived, timeout and no tests, per module.

mutmut keeps each mutant's result in ``mutants/<path>.meta`` (JSON, its exit code by mutant name); this reads
those files and prints one line per mutated module, then one per function that still has a surviving mutant,
and the names of those mutants (``.venv/bin/mutmut show NAME`` prints one's diff). With ``--functions``, every
function gets its line.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

# mutmut's exit codes (mutmut.stats.status_by_exit_code), folded into the columns printed.
_STATUS = {1: "killed", 3: "killed", 37: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped"}
_STATUS |= dict.fromkeys((24, -24, 152, 255, 36), "timeout")
_COLUMNS = ("killed", "survived", "timeout", "no tests", "other", "not run")


def _status(code: int | None) -> str:
    if code is None:
        return "not run"
    return _STATUS.get(code, "other")


def _function(mutant: str) -> str:
    """``knowledge.withdrawn`` for ``aitimeline._engine.knowledge.x_withdrawn__mutmut_3`` (a method: ``Index.set``)."""
    name = mutant.rsplit("__mutmut_", 1)[0].removeprefix("aitimeline._engine.")
    module, _, function = name.partition(".")
    function = function.removeprefix("x_").removeprefix("xǁ").replace("ǁ", ".")
    return f"{module}.{function}"


def _row(label: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    run = total - counts["not run"] - counts["no tests"]
    score = f"{100 * (counts['killed'] + counts['timeout']) / run:5.1f} %" if run else "    -  "
    cells = "".join(f"{counts[c]:>10}" for c in _COLUMNS)
    return f"{label:<34}{total:>7}{cells}   {score}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", action="store_true", help="a line for every function, not only survivors'")
    parser.add_argument("--root", type=Path, default=Path("mutants"), help="mutmut's folder (default: mutants)")
    args = parser.parse_args(argv)
    metas = sorted(args.root.rglob("*.py.meta"))
    if not metas:
        print(f"no mutmut results under {args.root}/: run `make mutation` first", file=sys.stderr)
        return 1
    print(f"{'':<34}{'mutants':>7}" + "".join(f"{c:>10}" for c in _COLUMNS) + "   score (killed + timeout) / run")
    survivors: list[str] = []
    for meta in metas:
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        module = meta.name.removesuffix(".py.meta")
        by_function: dict[str, Counter[str]] = {}
        for mutant, code in codes.items():
            by_function.setdefault(_function(mutant), Counter())[_status(code)] += 1
            if _status(code) == "survived":
                survivors.append(mutant)
        print(_row(module, sum(by_function.values(), Counter())))
        for function, counts in by_function.items():
            if args.functions or counts["survived"] or counts["no tests"]:
                print(_row(f"  {function.partition('.')[2]}", counts))
    if survivors:
        print(f"\n{len(survivors)} surviving mutants (`.venv/bin/mutmut show NAME` for each diff):")
        for mutant in survivors:
            print(f"  {mutant}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
