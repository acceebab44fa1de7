"""What a state holds: the keys events write and the values stored under them.

A state is a mapping from keys (tuples such as ``("role", "openai", "ceo")``) to immutable values. An event's
``apply`` reads and writes it through a :class:`Writer`. The keys are part of the engine, not of the public API:
users read a state through :class:`aitimeline.State`'s queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Protocol, TypeAlias

import attrs

from .dates import PartialDate
from .values import Money, Quantity, Stake, Terms, Tranche

__all__ = [
    "Agreement",
    "CapTable",
    "Commitment",
    "Key",
    "MetricValue",
    "Warrant",
    "Writer",
]

Key: TypeAlias = tuple[str, ...]


class Writer(Protocol):
    """The state as an event sees it while it is applied: read the current value of a key, write a new one.

    ``apply`` must check everything before its first ``set``, raising
    :class:`~aitimeline.errors.InvariantViolation` when the event cannot happen, so that a rejected event
    leaves no trace.
    """

    def get(self, key: Key) -> Any:
        """The current value under ``key``, or None."""

    def set(self, key: Key, value: object) -> None:
        """Store ``value`` under ``key``."""


# Key makers: one place that spells every key.
def name_key(entity: str) -> Key:
    return ("name", entity)


def form_key(entity: str) -> Key:
    return ("legal_form", entity)


def founded_key(entity: str) -> Key:
    return ("founded", entity)


def role_key(org: str, role: str) -> Key:
    return ("role", org, role)


def role_names_key(org: str) -> Key:
    return ("role_names", org)


def cap_key(entity: str) -> Key:
    return ("cap_table", entity)


def agreement_key(agreement: str) -> Key:
    return ("agreement", agreement)


def commitment_key(commitment: str) -> Key:
    return ("commitment", commitment)


def warrant_key(warrant: str) -> Key:
    return ("warrant", warrant)


def index_key(kind: str, party: str) -> Key:
    """The ids of agreements, commitments or warrants (``kind``) that name ``party``."""
    return (kind, party)


def metric_key(entity: str, metric: str) -> Key:
    return ("metric", entity, metric)


class CapTable(Mapping[str, Stake]):
    """An immutable mapping of holder id to :class:`Stake`: who owns what share of one entity.

    Equal to any mapping with the same items; hashable.
    """

    __slots__ = ("_items",)
    _items: dict[str, Stake]

    def __init__(self, items: Mapping[str, Stake] | None = None) -> None:
        object.__setattr__(self, "_items", dict(sorted((items or {}).items())))

    def __getitem__(self, holder: str) -> Stake:
        return self._items[holder]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CapTable is immutable")

    def __repr__(self) -> str:
        return f"CapTable({self._items!r})"

    @property
    def total_low(self) -> Fraction:
        """The sum of every holder's lowest reported stake: never above 1 in a valid state."""
        return sum((s.low for s in self._items.values()), Fraction(0))

    def with_holder(self, holder: str, stake: Stake) -> CapTable:
        """A copy with ``holder``'s line set to ``stake``."""
        return CapTable({**self._items, holder: stake})


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
