"""The deal web of a state: who is tied to whom by an investment, a compute commitment, an agreement or a
warrant, each tie with its label. The deal-web picture (:func:`~aitimeline.plot.plot_deal_web`) and the timeline page
draw these same edges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from aitimeline._core.texts import figures

if TYPE_CHECKING:
    from aitimeline._core.records import Agreement, Commitment, Funding, Warrant
    from aitimeline._engine.events import Event
    from aitimeline._engine.state import State

__all__ = ["Edge", "busiest", "edges", "investments"]


class Edge(NamedTuple):
    """One arrow of the deal web: what it stands for, between whom, its label, and how it is drawn."""

    kind: str
    record: str
    source: str
    target: str
    label: str
    style: str  # "solid", "dashed" (stalled) or "apart" (ended, replaced)


def investments(events: Iterable[Event]) -> dict[tuple[str, str], list[Event]]:
    """The events that invested (committed or paid) money, by (investor, investee), in replay order."""
    from aitimeline._record.catalogue import Invested, InvestmentPaid, RoundRaised

    out: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        if isinstance(event, Invested | InvestmentPaid):
            out.setdefault((event.investor, event.investee), []).append(event)
        elif isinstance(event, RoundRaised):
            for part in event.investors:
                out.setdefault((part.investor, event.entity), []).append(event)
    return out


def edges(
    state: State,
    invested: Mapping[tuple[str, str], Sequence[Event]],
    fundings: Sequence[Funding | None],
    commitments: Sequence[Commitment],
    agreements: Sequence[Agreement],
    warrants: Sequence[Warrant],
) -> list[Edge]:
    """Every arrow of the web, from the records of the state (and, for investments, the events that name the
    pairs)."""
    from aitimeline._record.catalogue import Invested

    edges: list[Edge] = []
    for (investor, investee), funding in zip(invested, fundings, strict=True):
        committed = funding.committed if funding is not None else None
        paid = funding.paid if funding is not None else None
        undisclosed = any(isinstance(e, Invested) and e.amount is None for e in invested[investor, investee])
        text = f"invests {committed}" if committed is not None else "invests (amount not disclosed)"
        if undisclosed and committed is not None:
            text += " + undisclosed"
        if paid is not None:
            text += f", paid {paid}"
        edges.append(Edge("investment", f"{investor}>{investee}", investor, investee, text, "solid"))
    for c in commitments:
        when = f" {c.status_since}" if not c.in_force and c.status_since is not None else ""
        style = "apart" if not c.in_force else "dashed" if c.status == "stalled" else "solid"
        text = f"{figures(c)} ({c.status.replace('-', ' ')}{when})"
        edges.append(Edge("commitment", c.id, c.buyer, c.supplier, text, style))
    hub = busiest(edges)
    for a in agreements:
        centre = hub if hub in a.parties else a.parties[0]
        status = "" if a.in_force else f" (ended {a.changed})"
        for other in (p for p in a.parties if p != centre):
            text = f"{a.title or a.id}{status}"
            edges.append(Edge("agreement", f"{a.id}:{other}", centre, other, text, "solid" if a.in_force else "apart"))
    for w in warrants:
        vested = f"{len(w.vested)} of {len(w.tranches)} tranches vested" if w.tranches else "no tranches"
        text = f"warrant: {w.shares:,} shares at {w.exercise_price}, {vested}"
        edges.append(Edge("warrant", w.id, w.issuer, w.holder, text, "solid"))
    return edges


def busiest(edges: Sequence[Edge]) -> str | None:
    """The node with the most edges (the first by id among equals), or None for no edges."""
    counts: dict[str, int] = {}
    for e in edges:
        for n in (e.source, e.target):
            counts[n] = counts.get(n, 0) + 1
    return min(counts, key=lambda n: (-counts[n], n)) if counts else None
