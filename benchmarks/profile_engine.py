"""Where the time goes: cProfile of building a timeline, of the queries, and of loading from TOML.

    python benchmarks/profile_engine.py               # build at 10^5, queries, load at 10^4
    python benchmarks/profile_engine.py --n 300000 --top 30

Prints, for each phase, the functions with the most time of their own (``tottime``) and the most time
including their callees (``cumtime``). cProfile slows pure-Python code two- to three-fold, so read the shares,
not the absolute seconds; ``bench.py`` gives the real figures.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_timeline
from toml_files import write_folder

import aitimeline as at


def profile(title: str, fn: Callable[[], Any], top: int) -> Any:
    """Run ``fn`` under cProfile and print its top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    result = profiler.runcall(fn)
    for order in ("tottime", "cumtime"):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = text.getvalue()
        body = body[body.index("   ncalls") :] if "   ncalls" in body else body
        print(f"\n## {title}, by {order} (total {stats.total_tt:.2f} s under the profiler)\n\n{body.rstrip()}")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=10**5, help="events to build (default 10^5)")
    parser.add_argument("--load-n", type=int, default=10**4, help="events to load from TOML (default 10^4)")
    parser.add_argument("--queries", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    events, entities = synthetic_timeline(args.n, seed=args.seed)
    tl = profile(f"Timeline(events, entities) at N = {args.n:,}", lambda: at.Timeline(events, entities), args.top)

    rng = random.Random(args.seed + 1)
    first, last = events[0].date.effective.toordinal(), events[-1].date.effective.toordinal()
    orgs = [e.id for e in entities if isinstance(e, at.Organization)]
    buyers = [e.buyer for e in events if isinstance(e, at.events.ComputeCommitted)]
    pairs = [(e.investor, e.investee) for e in events if isinstance(e, at.events.Invested)]
    days = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(args.queries)]

    def queries() -> None:
        for i, d in enumerate(days):
            s = tl.state_at(d)
            s.ceo(orgs[i % len(orgs)])
            s.stake(*pairs[i % len(pairs)])
            s.commitments(buyers[i % len(buyers)])

    profile(f"{args.queries:,} × state_at(d) then ceo, stake, commitments", queries, args.top)

    small, small_entities = synthetic_timeline(args.load_n, seed=args.seed, years=args.load_n / 100 / 365.25)
    with tempfile.TemporaryDirectory(prefix="aitimeline-profile-") as tmp:
        write_folder(small, small_entities, Path(tmp))
        profile(f"load(folder) of {args.load_n:,} events", lambda: at.load(tmp), args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
