"""aitimeline's performance, measured: one command, one table.

    python benchmarks/bench.py            # N = 10^3 .. 10^6 (about ten minutes on a 2-core machine)
    python benchmarks/bench.py --quick    # N = 10^3 .. 10^5 (under a minute)
    make bench / make bench-quick         # the same, after installing the bench extra into .venv

Each N runs in a fresh Python process (so that its resident-memory figures are its own) on a synthetic timeline
from ``synthetic_timeline`` (``benchmarks/synthetic.py``; seeded, every built-in event kind). The table gives each
figure beside its target and marks the target pass or FAIL at the largest N measured. ``docs/performance.md``
says what each row measures.
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FULL_SIZES = (10**3, 10**4, 10**5, 10**6)
QUICK_SIZES = (10**3, 10**4, 10**5)
COLD_START = "import aitimeline as at; at.load().state_at('2023-11-18').ceo('openai')"


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
    """Write ``n`` events as TOML files and time reading them back (warm page cache)."""
    from synthetic import synthetic_timeline
    from toml_files import write_folder

    import aitimeline as at

    if dense:  # about 100 events a day, so that files hold up to 100 events
        events, entities = synthetic_timeline(n, seed=seed, years=n / 100 / 365.25)
    with tempfile.TemporaryDirectory(prefix="aitimeline-bench-") as tmp:
        folder = Path(tmp)
        files = write_folder(events[:n], entities, folder, per_file=100)
        parse_s, (loaded, _) = _timed(lambda: at.load_events(folder))
        load_s, timeline = _timed(lambda: at.load(folder))
        assert len(loaded) == n
        assert sorted(timeline.events, key=lambda e: e.id) == list(events[:n]), "the files do not hold the events"
    return {"events": n, "files": files, "parse_structure": n / parse_s, "load": n / load_s}


def measure_one(n: int, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure for one N, in this process."""
    import random

    from synthetic import synthetic_timeline

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
    rng = random.Random(seed + 1)
    first, last = events[0].date.effective.toordinal(), events[-1].date.effective.toordinal()
    orgs = [e.id for e in entities if isinstance(e, at.Organization)]
    pairs = [(e.investor, e.investee) for e in events if isinstance(e, at.Invested)]
    pairs += [(e.holder, e.entity) for e in events if isinstance(e, at.StakeReported)]
    buyers = [e.buyer for e in events if isinstance(e, at.ComputeCommitted)]
    q = args.queries

    def day() -> dt.date:
        return dt.date.fromordinal(rng.randint(first, last))

    ceo_in = [(day(), rng.choice(orgs)) for _ in range(q)]
    ceo_str_in = [(d.isoformat(), o) for d, o in ceo_in]
    stake_in = [(day(), *rng.choice(pairs)) for _ in range(q)]
    buyer_in = [(day(), rng.choice(buyers)) for _ in range(q)]
    budget = args.query_budget
    out["query"] = {
        "ceo": _query_times(lambda x: tl.state_at(x[0]).ceo(x[1]), ceo_in, budget),
        "ceo_str": _query_times(lambda x: tl.state_at(x[0]).ceo(x[1]), ceo_str_in, budget),
        "stake": _query_times(lambda x: tl.state_at(x[0]).stake(x[1], x[2]), stake_in, budget),
        "commitments": _query_times(lambda x: tl.state_at(x[0]).commitments(x[1]), buyer_in, budget),
    }

    _say("queries timed")
    # Whole-timeline questions, about the busiest organisation (the hot ones come first).
    history_s, changes = _timed(lambda: tl.history(lambda s: s.ceo(orgs[0])))
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


Row = tuple[str, Callable[[dict[str, Any]], Any], Callable[[Any], str], str, Callable[[Any], bool] | None]

ROWS: tuple[Row, ...] = (
    ("synthetic generation (events/s)", lambda r: r["generate"], _rate, "", None),
    ("build `Timeline(events, entities)`", lambda r: r["build"], _rate, "≥ 1 M/s", lambda v: v >= 1e6),
    (
        "`state_at(d).ceo(org)` median / p99 µs",
        lambda r: _get(r, "query", "ceo"),
        _us,
        "≤ 20 / 100",
        lambda q: q["median_us"] <= 20 and q["p99_us"] <= 100,
    ),
    (
        "`state_at(d).stake(h, e)` median / p99 µs",
        lambda r: _get(r, "query", "stake"),
        _us,
        "≤ 20 / 100",
        lambda q: q["median_us"] <= 20 and q["p99_us"] <= 100,
    ),
    (
        "`state_at(d).commitments(buyer)` median / p99 µs",
        lambda r: _get(r, "query", "commitments"),
        _us,
        "≤ 20 / 100",
        lambda q: q["median_us"] <= 20 and q["p99_us"] <= 100,
    ),
    ("`state_at('YYYY-MM-DD').ceo(org)` median / p99 µs", lambda r: _get(r, "query", "ceo_str"), _us, "", None),
    (
        "`history(lambda s: s.ceo(org))` s",
        lambda r: _get(r, "history", "seconds"),
        lambda v: f"{v:.3f}",
        "< 1",
        lambda v: v < 1,
    ),
    (
        "`diff(first, last)` s",
        lambda r: _get(r, "diff", "seconds"),
        lambda v: f"{v:.3f}",
        "< 1",
        lambda v: v < 1,
    ),
    (
        "memory: events, B/event (RSS)",
        lambda r: _get(r, "memory", "events"),
        lambda v: f"{v:,.0f}",
        "",
        None,
    ),
    (
        "memory: timeline and index, B/event (RSS)",
        lambda r: _get(r, "memory", "timeline"),
        lambda v: f"{v:,.0f}",
        "",
        None,
    ),
    (
        "memory: total, B/event (RSS)",
        lambda r: _get(r, "memory", "total"),
        lambda v: f"{v:,.0f}",
        "< 500",
        lambda v: v < 500,
    ),
    (
        "`load(folder)`, ≤ 100 events/file",
        lambda r: _get(r, "load_dense", "load"),
        _rate,
        "≥ 100 k/s",
        lambda v: v >= 1e5,
    ),
    (
        "`load_events(folder)` only (parse + structure)",
        lambda r: _get(r, "load_dense", "parse_structure"),
        _rate,
        "",
        None,
    ),
    ("`load(folder)`, one day per file", lambda r: _get(r, "load_daily", "load"), _rate, "", None),
    ("floor: `d[e.id] = e` loop", lambda r: _get(r, "floor", "dict"), _rate, "", None),
    ("floor: per-kind history fold", lambda r: _get(r, "floor", "fold"), _rate, "", None),
    ("eventsourcing: write (trigger + save)", lambda r: _get(r, "reference", "write"), _rate, "", None),
    ("eventsourcing: reconstruct", lambda r: _get(r, "reference", "reconstruct"), _rate, "", None),
    (
        "eventsourcing: as of a version, snapshots, median ms",
        lambda r: _get(r, "reference", "as_of_snapshots_ms"),
        lambda v: f"{v:,.2f}",
        "",
        None,
    ),
    (
        "eventsourcing: as of a version, no snapshots, median ms",
        lambda r: _get(r, "reference", "as_of_no_snapshots_ms"),
        lambda v: f"{v:,.1f}",
        "",
        None,
    ),
    (
        "ratio: our `ceo` median / its as-of (snapshots)",
        lambda r: (
            _get(r, "query", "ceo", "median_us") / 1e3 / _get(r, "reference", "as_of_snapshots_ms")
            if _get(r, "reference", "as_of_snapshots_ms")
            else None
        ),
        lambda v: f"1 : {1 / v:,.0f}",
        "",
        None,
    ),
)


def _exponent(n: int) -> str:
    e = len(str(n)) - 1
    return f"10^{e}" if n == 10**e else f"{n:,}"


def table(results: Sequence[dict[str, Any]], cold: dict[str, float], drawn: dict[str, float] | None = None) -> str:
    """The results as a Markdown table, with each target and its verdict at the largest N measured."""
    heads = ["measure", *(f"N = {_exponent(r['n'])}" for r in results), "target", "verdict"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join(["---"] + ["---:"] * len(results) + ["---", "---"]) + "|"]
    for label, pick, show, target, ok in ROWS:
        values = []
        for r in results:
            try:
                values.append(pick(r))
            except (KeyError, TypeError):
                values.append(None)
        cells = [show(v) if v is not None else "—" for v in values]
        verdict = ""
        measured = [(r["n"], v) for r, v in zip(results, values, strict=True) if v is not None]
        if ok is not None and measured:
            n, v = measured[-1]
            verdict = f"{'pass' if ok(v) else 'FAIL'} at {_exponent(n)}"
        lines.append("| " + " | ".join([label, *cells, target, verdict]) + " |")
    blank = ["—"] * (len(results) - 1)
    start_ms = cold["load_state_ceo_ms"]
    lines.append(
        "| cold start: `python -c \"import aitimeline as at; at.load().state_at(...).ceo('openai')\"` ms | "
        + " | ".join([*blank, f"{start_ms:,.0f}", "< 300", "pass" if start_ms < 300 else "FAIL"])
        + " |"
    )
    cli_ms = cold.get("cli_state_ms")
    if cli_ms is not None:
        lines.append(
            "| `aitimeline state 2023-11-18` ms (the record parsed before, as from the second command on) | "
            + " | ".join([*blank, f"{cli_ms:,.0f}", "< 200", "pass" if cli_ms < 200 else "FAIL"])
            + " |"
        )
        lines.append(
            "| (for scale) the same with `--no-cache` (every file parsed) ms | "
            + " | ".join([*blank, f"{cold['cli_state_uncached_ms']:,.0f}", "", ""])
            + " |"
        )
    lines.append(
        "| (for scale) `python -c pass` / `import aitimeline` ms | "
        + " | ".join([*blank, f"{cold['python_ms']:,.0f} / {cold['import_ms']:,.0f}", "", ""])
        + " |"
    )
    for name, seconds in (drawn or {}).items():
        target = "< 2" if name.startswith("plot") else ""
        verdict = ("pass" if seconds < 2 else "FAIL") if target else ""
        lines.append(f"| {name}, shipped record, s | " + " | ".join([*blank, f"{seconds:.2f}", target, verdict]) + " |")
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
    at.plot_cap_table(record)  # the first figure of a process also imports matplotlib

    def median_s(draw: Callable[[], object]) -> float:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            draw()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    def drawing(plot: Callable[[at.Timeline], Any]) -> Callable[[], object]:
        return lambda: plot(record).savefig(io.BytesIO(), format="png", dpi=150)

    out = {f"plot {kind}": median_s(drawing(plot)) for kind, plot in sorted(at.PLOTS.items())}
    out["timeline page"] = median_s(lambda: at.timeline_page(record))
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
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
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
    print(f"\n{_environment()}; whole run {time.perf_counter() - started:,.0f} s\n")
    print(table(results, cold, drawn))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "cold_start": cold, "pictures": drawn}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
