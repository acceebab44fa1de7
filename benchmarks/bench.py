"""aitimeline's performance, measured: one command, one table.

    python benchmarks/bench.py            # N = 10^3 .. 10^6 (about ten minutes on a 2-core machine)
    python benchmarks/bench.py --quick    # N = 10^3 .. 10^5 (under a minute)
    make bench / make bench-quick         # the same, after installing the bench extra into .venv

Each N runs in a fresh Python process (so that its resident-memory figures are its own) on a synthetic timeline
from ``synthetic_timeline`` (``benchmarks/synthetic.py``; seeded, every built-in event kind). The table gives each
figure beside its target and marks the target pass or FAIL at the largest N measured (a target relative to
another figure, such as a ratio to ``eventsourcing`` or to ``tomllib``, compares two figures of the same run). A
second table gives the instruction budgets of ``budgets.toml``, with the commit that set each: those, not these
times, are what ``make test`` checks (``instructions.py``). Every figure is written as JSON to ``build/bench.json``
(``--json`` to choose another file). ``docs/performance.md`` says what each row measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from instructions import BUDGETS, Budget, read_budgets  # noqa: E402 (benchmarks/ is on the path from here)

FULL_SIZES = (10**3, 10**4, 10**5, 10**6)
QUICK_SIZES = (10**3, 10**4, 10**5)
COLD_START = "import aitimeline as at; at.load().state_at('2023-11-18').ceo('openai')"
JSON = HERE.parent / "build" / "bench.json"


# --- measuring, inside one child process per N ----------------------------------------------------------------


def _rss() -> int:
    """Resident bytes of this process (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _settled_rss() -> int:
    gc.collect()
    return _rss()


def _say(what: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {what}", file=sys.stderr, flush=True)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call of ``fn`` took, and what it returned."""
    gc.collect()
    t0 = time.perf_counter_ns()
    result = fn()
    return (time.perf_counter_ns() - t0) / 1e9, result


def _percentiles(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    return {
        "median_us": statistics.median(ordered) / 1e3,
        "p99_us": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] / 1e3,
        "calls": len(ordered),
    }


def _query_times(call: Callable[[Any], object], inputs: Sequence[Any], budget_s: float) -> dict[str, float]:
    """Per-call times of ``call(x)`` for each input, stopping early (after at least 200) once the budget is spent."""
    times: list[int] = []
    clock = time.perf_counter_ns
    deadline = clock() + int(budget_s * 1e9)
    gc.collect()
    for x in inputs:
        t0 = clock()
        call(x)
        t1 = clock()
        times.append(t1 - t0)
        if t1 > deadline and len(times) >= 200:
            break
    return _percentiles(times)


def _floor(events: Sequence[Any]) -> dict[str, float]:
    """The bare-Python floor over the same events: a dict store, and a per-kind history fold."""

    def store() -> dict[str, Any]:
        d: dict[str, Any] = {}
        for e in events:
            d[e.id] = e
        return d

    def fold() -> dict[type, list[Any]]:
        hist: dict[type, list[Any]] = {}
        for e in events:
            h = hist.get(type(e))
            if h is None:
                hist[type(e)] = [e]
            else:
                h.append(e)
        return hist

    n = len(events)
    return {"dict": n / min(_timed(store)[0] for _ in range(3)), "fold": n / min(_timed(fold)[0] for _ in range(3))}


def _load(n: int, seed: int, dense: bool, events: Sequence[Any], entities: Sequence[Any]) -> dict[str, Any]:
    """Write ``n`` events as TOML files and time reading them back (warm page cache), and ``tomllib`` alone parsing
    the same files' texts (read before, so that only decoding and parsing are timed)."""
    from synthetic import synthetic_timeline
    from toml_files import write_folder

    import aitimeline as at

    if dense:  # about 100 events a day, so that files hold up to 100 events
        events, entities = synthetic_timeline(n, seed=seed, years=n / 100 / 365.25)
    with tempfile.TemporaryDirectory(prefix="aitimeline-bench-") as tmp:
        folder = Path(tmp)
        files = write_folder(events[:n], entities, folder, per_file=100)
        parse_s, (loaded, _) = _timed(lambda: at.io.load_events(folder))
        load_s, timeline = _timed(lambda: at.load(folder))
        assert len(loaded) == n
        assert sorted(timeline.events, key=lambda e: e.id) == list(events[:n]), "the files do not hold the events"
        texts = [path.read_bytes() for path in sorted(folder.glob("*.toml"))]  # every file load reads
        toml_s, _ = _timed(lambda: [tomllib.loads(raw.decode()) for raw in texts])
    return {"events": n, "files": files, "parse_structure": n / parse_s, "load": n / load_s, "tomllib": n / toml_s}


def measure_one(n: int, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure for one N, in this process."""
    import random

    from synthetic import query_inputs, synthetic_timeline

    import aitimeline as at

    out: dict[str, Any] = {"n": n}
    rss0 = _settled_rss()
    gen_s, (events, entities) = _timed(lambda: synthetic_timeline(n, seed=seed))
    rss1 = _settled_rss()
    out["generate"] = n / gen_s
    _say(f"generated in {gen_s:.1f} s")
    out["floor"] = _floor(events)

    build_s, tl = _timed(lambda: at.Timeline(events, entities))
    rss2 = _settled_rss()
    repeats = max(0, min(4, 10**5 // n - 1))  # small N: best of several builds
    for _ in range(repeats):
        build_s = min(build_s, _timed(lambda: at.Timeline(events, entities))[0])
    out["build"] = n / build_s
    _say(f"built in {build_s:.1f} s")
    out["memory"] = {"events": (rss1 - rss0) / n, "timeline": (rss2 - rss1) / n, "total": (rss2 - rss0) / n}

    # Queries: random dates over the whole span, random subjects drawn from the events themselves.
    asked = query_inputs(events, entities, args.queries, random.Random(seed + 1))
    budget = args.query_budget
    out["query"] = {
        "ceo": _query_times(lambda x: tl.state_at(x[0]).ceo(x[1]), asked.ceo, budget),
        "ceo_str": _query_times(lambda x: tl.state_at(x[0]).ceo(x[1]), asked.ceo_text, budget),
        "stake": _query_times(lambda x: tl.state_at(x[0]).stake(x[1], x[2]), asked.stake, budget),
        "commitments": _query_times(lambda x: tl.state_at(x[0]).commitments(x[1]), asked.commitments, budget),
    }

    _say("queries timed")
    # Whole-timeline questions, about the busiest organisation (the hot ones come first).
    busiest = next(e.id for e in entities if isinstance(e, at.Organization))
    history_s, changes = _timed(lambda: tl.history(lambda s: s.ceo(busiest)))
    diff_s, diff = _timed(lambda: tl.diff(events[0].date, events[-1].date))
    out["history"] = {"seconds": history_s, "changes": len(changes)}
    out["diff"] = {"seconds": diff_s, "changes": len(diff.changes)}

    _say("history and diff timed")
    if n <= args.load_max:
        out["load_dense"] = _load(n, seed, True, events, entities)
        out["load_daily"] = _load(n, seed, False, events, entities)

    tl = None  # free the timeline before the reference run
    gc.collect()
    if n <= args.reference_max:
        try:
            from reference import measure as reference
        except ImportError as exc:
            out["reference"] = {"missing": str(exc)}
        else:
            _say("eventsourcing ...")
            out["reference"] = reference([type(e).__name__ for e in events], [e.id for e in events], seed=seed)
    return out


# --- the table ------------------------------------------------------------------------------------------------


def _rate(x: float) -> str:
    return f"{x / 1e6:.2f} M/s" if x >= 1e6 else f"{x / 1e3:,.1f} k/s"


def _us(q: dict[str, float]) -> str:
    return f"{q['median_us']:,.1f} / {q['p99_us']:,.1f}"


def _get(result: dict[str, Any], *path: str) -> Any:
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


class Row(NamedTuple):
    """A row of the table: a label, how to pick its figure from one N's results and show it, and its target."""

    label: str
    pick: Callable[[dict[str, Any]], Any]
    show: Callable[[Any], str]
    target: str = ""
    ok: Callable[[Any, Any], bool] | None = None
    """Whether the figure at the largest N measured (the first argument) meets the target; the second argument is
    the figure at the smallest N, for targets relative to it."""


def _ratio(numerator: Any, denominator: Any) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def _ms(v: float) -> str:
    return f"{v:,.0f}"


ROWS: tuple[Row, ...] = (
    Row("synthetic generation (events/s)", lambda r: r["generate"], _rate),
    Row("build `Timeline(events, entities)`", lambda r: r["build"], _rate),
    Row(
        "ratio: build / eventsourcing reconstruct (same N, same run)",
        lambda r: _ratio(r["build"], _get(r, "reference", "reconstruct")),
        lambda v: f"{v:.2f}×",
        "≥ 2×",
        lambda v, _: v >= 2,
    ),
    Row(
        "`state_at(d).ceo(org)` median / p99 µs",
        lambda r: _get(r, "query", "ceo"),
        _us,
        "median ≤ 2× the smallest N's; p99 ≤ 20",
        lambda q, first: q["median_us"] <= 2 * first["median_us"] and q["p99_us"] <= 20,
    ),
    Row(
        "`state_at(d).stake(h, e)` median / p99 µs",
        lambda r: _get(r, "query", "stake"),
        _us,
        "p99 ≤ 20",
        lambda q, _: q["p99_us"] <= 20,
    ),
    Row(
        "`state_at(d).commitments(buyer)` median / p99 µs",
        lambda r: _get(r, "query", "commitments"),
        _us,
        "p99 ≤ 20",
        lambda q, _: q["p99_us"] <= 20,
    ),
    Row("`state_at('YYYY-MM-DD').ceo(org)` median / p99 µs", lambda r: _get(r, "query", "ceo_str"), _us),
    Row(
        "`history(lambda s: s.ceo(org))` s",
        lambda r: _get(r, "history", "seconds"),
        lambda v: f"{v:.3f}",
        "< 1",
        lambda v, _: v < 1,
    ),
    Row(
        "`diff(first, last)` s",
        lambda r: _get(r, "diff", "seconds"),
        lambda v: f"{v:.3f}",
        "≤ 0.5",
        lambda v, _: v <= 0.5,
    ),
    Row("memory: events, B/event (RSS)", lambda r: _get(r, "memory", "events"), lambda v: f"{v:,.0f}"),
    Row("memory: timeline and index, B/event (RSS)", lambda r: _get(r, "memory", "timeline"), lambda v: f"{v:,.0f}"),
    Row(
        "memory: total, B/event (RSS)",
        lambda r: _get(r, "memory", "total"),
        lambda v: f"{v:,.0f}",
        "≤ 500",
        lambda v, _: v <= 500,
    ),
    Row("`load(folder)`, ≤ 100 events/file", lambda r: _get(r, "load_dense", "load"), _rate),
    Row("`tomllib.loads` of the same files' texts (decode + parse)", lambda r: _get(r, "load_dense", "tomllib"), _rate),
    Row(
        "ratio: `load(folder)` / `tomllib.loads` (same files, same run)",
        lambda r: _ratio(_get(r, "load_dense", "load"), _get(r, "load_dense", "tomllib")),
        lambda v: f"{v * 100:.0f} %",
        "≥ 70 %",
        lambda v, _: v >= 0.7,
    ),
    Row("`load_events(folder)` only (parse + structure)", lambda r: _get(r, "load_dense", "parse_structure"), _rate),
    Row("`load(folder)`, one day per file", lambda r: _get(r, "load_daily", "load"), _rate),
    Row("floor: `d[e.id] = e` loop", lambda r: _get(r, "floor", "dict"), _rate),
    Row("floor: per-kind history fold", lambda r: _get(r, "floor", "fold"), _rate),
    Row("eventsourcing: write (trigger + save)", lambda r: _get(r, "reference", "write"), _rate),
    Row("eventsourcing: reconstruct", lambda r: _get(r, "reference", "reconstruct"), _rate),
    Row(
        "eventsourcing: as of a version, snapshots, median ms",
        lambda r: _get(r, "reference", "as_of_snapshots_ms"),
        lambda v: f"{v:,.2f}",
    ),
    Row(
        "eventsourcing: as of a version, no snapshots, median ms",
        lambda r: _get(r, "reference", "as_of_no_snapshots_ms"),
        lambda v: f"{v:,.1f}",
    ),
    Row(
        "ratio: our `ceo` median / its as-of (snapshots)",
        lambda r: (
            _get(r, "query", "ceo", "median_us") / 1e3 / _get(r, "reference", "as_of_snapshots_ms")
            if _get(r, "reference", "as_of_snapshots_ms")
            else None
        ),
        lambda v: f"1 : {1 / v:,.0f}",
    ),
)

# Whole processes, measured once (not per N): a label, the key in cold_start()'s figures, and the target in ms.
COLD_ROWS: tuple[tuple[str, str, float | None], ...] = (
    (
        "cold start: `python -c \"import aitimeline as at; at.load().state_at(...).ceo('openai')\"` ms",
        "load_state_ceo_ms",
        150,
    ),
    ("`aitimeline state 2023-11-18` ms (the record parsed before, as from the second command on)", "cli_state_ms", 120),
    ("(for scale) the same with `--no-cache` (every file parsed) ms", "cli_state_uncached_ms", None),
    ("`python -c 'import aitimeline'` ms", "import_ms", 60),
    ("(for scale) `python -c pass` ms", "python_ms", None),
)


def _exponent(n: int) -> str:
    e = len(str(n)) - 1
    return f"10^{e}" if n == 10**e else f"{n:,}"


def table(results: Sequence[dict[str, Any]], cold: dict[str, float], drawn: dict[str, float] | None = None) -> str:
    """The results as a Markdown table, with each target and its verdict at the largest N measured."""
    heads = ["measure", *(f"N = {_exponent(r['n'])}" for r in results), "target", "verdict"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(["---"] + ["---:"] * len(results) + ["---", "---"]) + "|"]
    for row in ROWS:
        values = []
        for r in results:
            try:
                values.append(row.pick(r))
            except (KeyError, TypeError):
                values.append(None)
        cells = [row.show(v) if v is not None else "—" for v in values]
        verdict = ""
        measured = [(r["n"], v) for r, v in zip(results, values, strict=True) if v is not None]
        if row.ok is not None and measured:
            n, v = measured[-1]
            verdict = f"{'pass' if row.ok(v, measured[0][1]) else 'FAIL'} at {_exponent(n)}"
        lines.append("| " + " | ".join([row.label, *cells, row.target, verdict]) + " |")
    blank = ["—"] * (len(results) - 1)
    for label, key, target_ms in COLD_ROWS:
        if key not in cold:
            continue
        ms = cold[key]
        target, verdict = ("", "") if target_ms is None else (f"≤ {target_ms:g}", "pass" if ms <= target_ms else "FAIL")
        lines.append(f"| {label} | " + " | ".join([*blank, _ms(ms), target, verdict]) + " |")
    for name, seconds in (drawn or {}).items():
        target = "< 2" if name.startswith("plot") else ""
        verdict = ("pass" if seconds < 2 else "FAIL") if target else ""
        lines.append(f"| {name}, shipped record, s | " + " | ".join([*blank, f"{seconds:.2f}", target, verdict]) + " |")
    return "\n".join(lines)


def budgets_table(budgets: Mapping[str, Budget]) -> str:
    """The instruction budgets (``benchmarks/budgets.toml``) as a Markdown table, with the commit that set each."""
    lines = [
        "| instruction budget | instructions | per event | set at | workload |",
        "|---|---:|---:|---|---|",
    ]
    for name, b in budgets.items():
        per_event = f"{b.instructions / b.events:,.0f} ({b.events} events)" if b.events else ""
        at = f"{b.stamp.commit}{' (dirty)' if b.stamp.dirty else ''}, {b.stamp.date}"
        lines.append(f"| {name} | {b.instructions:,} | {per_event} | {at} | {b.workload} |")
    return "\n".join(lines)


def cold_start(runs: int = 9) -> dict[str, float]:
    """Median wall time of fresh interpreters: bare, importing aitimeline, the README's first question, and the
    command line's first question (through the console script, as a user runs it).

    Bytecode is written and used, as for an installed package (pip compiles it at install time), even where the
    environment sets PYTHONDONTWRITEBYTECODE; the command line's cache is a folder of this run's own."""
    cache = tempfile.mkdtemp(prefix="aitimeline-bench-cache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"AITIMELINE_CACHE_DIR": cache}

    def median_ms(command: list[str]) -> float:
        run = functools.partial(subprocess.run, command, check=True, stdout=subprocess.DEVNULL, env=env)
        run()  # warm-up: compiled files, the page cache, the command line's cache
        times = []
        for _ in range(runs):
            t0 = time.perf_counter_ns()
            run()
            times.append((time.perf_counter_ns() - t0) / 1e6)
        return statistics.median(times)

    python = [sys.executable, "-c"]
    script = str(Path(sys.executable).with_name("aitimeline"))
    try:
        return {
            "python_ms": median_ms([*python, "pass"]),
            "import_ms": median_ms([*python, "import aitimeline"]),
            "load_state_ceo_ms": median_ms([*python, COLD_START]),
            "cli_state_ms": median_ms([script, "state", "2023-11-18"]),
            "cli_state_uncached_ms": median_ms([script, "state", "2023-11-18", "--no-cache"]),
        }
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def pictures(runs: int = 3) -> dict[str, float]:
    """Seconds to draw each picture of the shipped record and write it as PNG (median of ``runs``, matplotlib
    already imported), and to write the timeline page."""
    import io

    import aitimeline as at

    record = at.load()
    at.plot.plot_cap_table(record)  # the first figure of a process also imports matplotlib

    def median_s(draw: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            draw()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def drawing(plot: Callable[[at.Timeline], Any]) -> Callable[[], object]:
        return lambda: plot(record).savefig(io.BytesIO(), format="png", dpi=150)

    out = {f"plot {kind}": median_s(drawing(plot)) for kind, plot in sorted(at.plot.PLOTS.items())}
    out["timeline page"] = median_s(lambda: at.export.timeline_page(record))
    return out


def _environment() -> str:
    import platform

    import aitimeline

    try:
        from importlib.metadata import version

        es = version("eventsourcing")
    except Exception:
        es = "not installed"
    return (
        f"Python {platform.python_version()} on {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs; "
        f"aitimeline {aitimeline.__version__}; eventsourcing {es}; {dt.datetime.now():%Y-%m-%d %H:%M}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="N = 10^3 .. 10^5 only")
    parser.add_argument("--sizes", type=int, nargs="+", help="the N to measure (overrides --quick)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, help="calls per query kind (default 20,000; quick 5,000)")
    parser.add_argument("--query-budget", type=float, help="seconds per query kind at most (default 4; quick 1)")
    parser.add_argument("--load-max", type=int, help="largest N timed loading from TOML (default 10^5; quick 10^4)")
    parser.add_argument("--reference-max", type=int, help="largest N fed to eventsourcing (default 10^6; quick 10^4)")
    parser.add_argument(
        "--json", type=Path, default=JSON, help="where to write every figure as JSON (default: %(default)s)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name, full, quick in (
        ("queries", 20_000, 5_000),
        ("query_budget", 4.0, 1.0),
        ("load_max", 10**5, 10**4),
        ("reference_max", 10**6, 10**4),
    ):
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)

    if args.child is not None:
        print(json.dumps(measure_one(args.child, args.seed, args)))
        return 0

    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    passed = [
        f"--seed={args.seed}",
        f"--queries={args.queries}",
        f"--query-budget={args.query_budget}",
        f"--load-max={args.load_max}",
        f"--reference-max={args.reference_max}",
    ]
    results = []
    started = time.perf_counter()
    for n in sizes:
        print(f"measuring N = {n:,} ...", file=sys.stderr, flush=True)
        child = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), f"--child={n}", *passed],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print("measuring cold start ...", file=sys.stderr, flush=True)
    cold = cold_start()
    print("measuring the pictures ...", file=sys.stderr, flush=True)
    drawn = pictures()
    budgets = read_budgets(BUDGETS.read_text(encoding="utf-8")) if BUDGETS.exists() else {}
    print(f"\n{_environment()}; whole run {time.perf_counter() - started:,.0f} s\n")
    print(table(results, cold, drawn))
    print("\nInstruction budgets (benchmarks/budgets.toml; `make budgets` measures and checks them):\n")
    print(budgets_table(budgets))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    instructions = {
        name: {
            "instructions": b.instructions,
            "events": b.events,
            "commit": b.stamp.commit,
            "dirty": b.stamp.dirty,
            "date": b.stamp.date.isoformat(),
            "workload": b.workload,
        }
        for name, b in budgets.items()
    }
    everything = {"results": results, "cold_start": cold, "pictures": drawn, "instruction_budgets": instructions}
    args.json.write_text(json.dumps(everything, indent=2) + "\n")
    print(f"\nevery figure: {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
