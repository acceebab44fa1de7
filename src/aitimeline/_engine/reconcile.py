"""Reconciliation: every place where the record reports a figure and can also derive it, side by side.

Type-agnostic, as the rest of the engine: it reads what each event wrote (the index's write log), not which
type the event is, so a user's types that write the same aspects are reconciled the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aitimeline._core.records import Funding, MetricValue, Reconciliation
from aitimeline._core.values import Money, Quantity
from aitimeline.keys import Key

from .events import Event
from .index import Index
from .persistent import CapTable
from .state import State, total_amount, total_gigawatts

__all__ = ["STATED_TOTALS", "reconcile"]

STATED_TOTALS = frozenset({"compute-commitments", "committed-capacity"})
"""The metrics that state a total of an entity's compute commitments: in dollars (``compute-commitments``) or in
gigawatts (``committed-capacity``, of the capacity kind its ``basis`` names, or of every kind)."""


def reconcile(
    index: Index, events: Sequence[Event], stop: int, state_after: Callable[[int], State]
) -> list[Reconciliation]:
    """The reconciliation rows of the first ``stop`` events, by date then by reporting event."""
    rows: list[Reconciliation] = []
    for key, positions in index.keys_written(0, stop).items():
        aspect = key[0]
        for pos in positions:
            if aspect == "cap_table":
                rows += _stakes(index, key, pos, events[pos])
            elif aspect == "funding":
                rows += _funding(index.value_at(key, pos + 1), events[pos])
            elif aspect == "metric" and key[2] in STATED_TOTALS:
                rows += _totals(index.value_at(key, pos + 1), key[1], key[2], events[pos], state_after(pos + 1))
    return sorted(rows, key=lambda r: (r.date, r.reported_by, r.what, r.subject))


def _stakes(index: Index, key: Key, pos: int, event: Event) -> list[Reconciliation]:
    """A line the event reported where the table had a line for that holder: reported against the line before."""
    before: CapTable | None = index.value_at(key, pos)
    after: CapTable | None = index.value_at(key, pos + 1)
    if before is None or after is None:
        return []
    rows = []
    for holder in after:
        line = after.line(holder)
        if line.kind != "reported" or line.event_id != event.id or holder not in before:
            continue
        old = before.line(holder)
        rows.append(
            Reconciliation(
                what="stake",
                subject=(holder, key[1]),
                date=event.date,
                reported=line.stake,
                derived=old.stake,
                reported_by=event.id,
                derived_from=tuple(dict.fromkeys(i for i in (old.event_id, *old.diluted_by) if i is not None)),
                note=event.note,
            )
        )
    return rows


def _funding(funding: Funding | None, event: Event) -> list[Reconciliation]:
    """A disclosed cumulative funding against the sums of the commitments and payments on the record."""
    if funding is None or funding.disclosed_by != event.id:
        return []
    rows = []
    for what, disclosed, summed, behind in (
        ("committed", funding.disclosed_committed, funding.committed, funding.committed_by),
        ("paid", funding.disclosed_paid, funding.paid, funding.paid_by),
    ):
        if disclosed is not None:
            rows.append(
                Reconciliation(
                    what=what,
                    subject=(funding.investor, funding.investee),
                    date=event.date,
                    reported=disclosed,
                    derived=summed,
                    reported_by=event.id,
                    derived_from=behind,
                    note=event.note,
                )
            )
    return rows


def _totals(metric: MetricValue | None, entity: str, name: str, event: Event, state: State) -> list[Reconciliation]:
    """A stated total of an entity's compute commitments (as the buyer) against the sum of its commitments in
    force; none when it has no commitment in force."""
    if metric is None or metric.event_id != event.id:
        return []
    commitments = state.commitments(buyer=entity)
    if not commitments:  # nothing the record could add up: not a place where it derives the figure
        return []
    value = metric.value
    if isinstance(value, Money):
        dollars = [c for c in commitments if c.amount is not None and c.amount.currency == value.currency]
        total = total_amount(dollars)
    elif isinstance(value, Quantity):
        kind = metric.basis if metric.basis in state.words.of("capacity") else None
        total = total_gigawatts(commitments, kind, mix=kind is None)
    else:  # pragma: no cover - a metric is money or a quantity
        return []
    kinds = total.kinds if total is not None else ()
    return [
        Reconciliation(
            what=f"{name} ({' and '.join(kinds)} added together)" if len(kinds) > 1 else name,
            subject=(entity,),
            date=event.date,
            reported=value,
            derived=total.value if total is not None else None,
            reported_by=event.id,
            derived_from=total.summed if total is not None else (),
            note=event.note,
        )
    ]
