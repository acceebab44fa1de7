"""The record values that states hold: agreements, commitments and warrants as of a date, and reported metrics."""

from __future__ import annotations

import attrs

from ._dates import PartialDate
from ._values import Money, Quantity, Terms, Tranche

__all__ = ["Agreement", "Commitment", "MetricValue", "Warrant"]


@attrs.frozen(kw_only=True)
class Agreement:
    """An agreement as of a date: its parties, its current terms, and whether it is in force."""

    id: str
    parties: tuple[str, ...]
    title: str | None
    terms: Terms
    signed: PartialDate
    changed: PartialDate
    in_force: bool = True


@attrs.frozen(kw_only=True)
class Commitment:
    """A compute commitment as of a date: who buys what from whom, how much and for how long."""

    id: str
    buyer: str
    supplier: str
    gigawatts: Quantity | None
    amount: Money | None
    period: str | None
    stage: str
    since: PartialDate
    in_force: bool = True


@attrs.frozen(kw_only=True)
class Warrant:
    """A warrant as of a date, with the tranches vested so far and the shares exercised."""

    id: str
    issuer: str
    holder: str
    shares: int
    exercise_price: Money
    tranches: tuple[Tranche, ...]
    vested: tuple[str, ...] = ()
    exercised: int = 0

    @property
    def vested_shares(self) -> int | None:
        """Shares vested so far, or None when a vested tranche's size was not disclosed."""
        sizes = {t.name: t.shares for t in self.tranches}
        total = 0
        for name in self.vested:
            size = sizes[name]
            if size is None:
                return None
            total += size
        return total


@attrs.frozen(kw_only=True)
class MetricValue:
    """The latest reported figure for one metric of one entity, with the event that reported it."""

    value: Money | Quantity
    period: str | None
    basis: str | None
    reported: PartialDate
    event_id: str
