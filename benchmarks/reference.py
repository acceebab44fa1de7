"""The reference point: the Python ``eventsourcing`` library doing the same amount of event handling.

One :class:`Ledger` aggregate receives as many events as the synthetic timeline has, through the library's own
machinery (``@event`` methods, ``Application.save`` into the default in-memory POPO store, JSON transcoding).
Its state is small on purpose (the latest event id per event kind), so that snapshots every 1,000 events stay
cheap and the figures measure event handling, not state size.

- write: triggering the events and saving them (every 1,000 events), events/s;
- reconstruct: ``Repository.get(id)`` of the whole aggregate from its events, no snapshot, events/s;
- as of: ``repository.get(id, version=v)`` at random past versions, with the application's snapshots (one every
  1,000 events) and without (a :class:`Repository` over the same event store and no snapshot store), median ms.

Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.application import Application, Repository
from eventsourcing.domain import Aggregate, event

__all__ = ["SNAPSHOT_EVERY", "measure"]

SNAPSHOT_EVERY = 1000


class Ledger(Aggregate):
    """An aggregate that folds events into a dict: the latest event id per event kind."""

    def __init__(self) -> None:
        self.latest: dict[str, str] = {}

    @event("Recorded")
    def record(self, kind: str, event_id: str) -> None:
        self.latest[kind] = event_id


class Reference(Application[Any]):
    """An application that snapshots the ledger every :data:`SNAPSHOT_EVERY` events."""

    snapshotting_intervals = {Ledger: SNAPSHOT_EVERY}  # noqa: RUF012 (the library's own class-variable API)


def _median_ms(get: Any, versions: Sequence[int], budget_s: float) -> tuple[float, int]:
    """Median ms of ``get(version)`` over ``versions``, stopping early once ``budget_s`` is spent."""
    times: list[int] = []
    spent = time.perf_counter()
    for version in versions:
        t0 = time.perf_counter_ns()
        get(version)
        times.append(time.perf_counter_ns() - t0)
        if time.perf_counter() - spent > budget_s and len(times) >= 3:
            break
    return statistics.median(times) / 1e6, len(times)


def measure(kinds: Sequence[str], ids: Sequence[str], *, seed: int = 0, budget_s: float = 20.0) -> dict[str, Any]:
    """Feed ``len(ids)`` events (the synthetic timeline's kinds and ids) to one aggregate; time it.

    Returns:
        ``write``, ``reconstruct`` (events/s), ``as_of_snapshots_ms``, ``as_of_no_snapshots_ms`` (medians) and
        how many calls each median is over.
    """
    n = len(ids)
    app = Reference()
    t0 = time.perf_counter_ns()
    ledger = Ledger()  # its creation is version 1; each recorded event adds one
    for i in range(n - 1):
        ledger.record(kinds[i], ids[i])
        if (i + 2) % SNAPSHOT_EVERY == 0:
            app.save(ledger)
    app.save(ledger)
    write_s = (time.perf_counter_ns() - t0) / 1e9

    plain = Repository(app.events)  # the same stored events, no snapshot store
    t0 = time.perf_counter_ns()
    whole: Ledger = plain.get(ledger.id)
    reconstruct_s = (time.perf_counter_ns() - t0) / 1e9
    assert whole.version == n, (whole.version, n)

    rng = random.Random(seed)
    versions = [rng.randint(1, n) for _ in range(200)]
    with_snap, calls_snap = _median_ms(lambda v: app.repository.get(ledger.id, version=v), versions, budget_s / 2)
    without, calls_plain = _median_ms(lambda v: plain.get(ledger.id, version=v), versions, budget_s / 2)
    return {
        "write": n / write_s,
        "reconstruct": n / reconstruct_s,
        "as_of_snapshots_ms": with_snap,
        "as_of_snapshots_calls": calls_snap,
        "as_of_no_snapshots_ms": without,
        "as_of_no_snapshots_calls": calls_plain,
    }
