"""What a state holds: the keys events write and the values stored under them.

A state is a mapping from keys (tuples such as ``("role", "openai", "ceo")``) to immutable values. An event's
``apply`` reads and writes it through a :class:`Writer`. The keys are part of the engine, not of the public API:
users read a state through :class:`aitimeline.State`'s queries.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from fractions import Fraction
from itertools import chain
from math import isqrt
from operator import attrgetter
from typing import Any, Protocol, TypeAlias

import attrs

from .dates import PartialDate
from .values import Money, Quantity, Stake, Terms, Tranche

__all__ = [
    "Agreement",
    "CapTable",
    "Commitment",
    "IdChain",
    "InForce",
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


def live_key(kind: str, role: str, party: str) -> Key:
    """The records of ``kind`` (agreements, commitments, warrants) in force in which ``party`` is ``role``
    (``party`` for agreements, ``buyer`` or ``supplier`` for commitments, ``issuer`` or ``holder`` for
    warrants), as an :data:`InForce` value."""
    return ("live", kind, role, party)


def metric_key(entity: str, metric: str) -> Key:
    return ("metric", entity, metric)


class IdChain:
    """An immutable, growing list of ids: each version adds one id in front of the one before and shares it.

    The index keeps every version of a key's value; with a chain, keeping every version of a party's list of
    agreements (or commitments, or warrants) costs one small node per addition instead of a whole copy.
    Iterates newest first; equal to any chain with the same ids in the same order.
    """

    __slots__ = ("_size", "head", "rest")
    head: str
    rest: IdChain | None
    _size: int

    def __init__(self, head: str, rest: IdChain | None = None) -> None:
        object.__setattr__(self, "head", head)
        object.__setattr__(self, "rest", rest)
        object.__setattr__(self, "_size", 1 + (rest._size if rest is not None else 0))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("IdChain is immutable")

    def __iter__(self) -> Iterator[str]:
        node: IdChain | None = self
        while node is not None:
            yield node.head
            node = node.rest

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IdChain):
            return NotImplemented
        return self is other or (self._size == other._size and tuple(self) == tuple(other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"IdChain({list(self)!r})"


class _Chunks(tuple[tuple[Any, ...], ...]):
    """A long :data:`InForce` value: consecutive runs of records (each sorted by id, the runs in id order)."""

    __slots__ = ()


InForce: TypeAlias = tuple[Any, ...]
"""The records of one kind in force for one party, sorted by id: a tuple, or (past :data:`_CHUNK_MAX` (32)
records) a :class:`_Chunks`, so that each new version copies one run and the list of runs, not every record.

The index keeps every version of every key, and a big party (a hyperscaler with hundreds of commitments in
force) gets a new version at each change of any of them: with whole tuples that costs O(k) per change and
O(k^2) per party; with runs of 16 to 32 records it costs O(32 + k / 16). Read it with :func:`in_force_records`.
"""

_CHUNK_MAX = 32


_by_id = attrgetter("id")  # the sort key of records in force (in C: it runs at every step of every search)


def _first_id(run: tuple[Any, ...]) -> str:
    return str(run[0].id)


def in_force_records(value: InForce | None) -> tuple[Any, ...]:
    """The records of an :data:`InForce` value, sorted by id (``()`` for None)."""
    if not value:
        return ()
    if type(value) is _Chunks:
        return tuple(chain.from_iterable(value))
    return value


def _put(run: tuple[Any, ...], record: Any, live: bool) -> tuple[Any, ...] | None:
    """``run`` with ``record`` added or replaced (``live``) or removed (not ``live``); None if unchanged."""
    i = bisect_left(run, record.id, key=_by_id)
    present = i < len(run) and run[i].id == record.id
    if live:
        return (*run[:i], record, *run[i + present :])
    if present:
        return run[:i] + run[i + 1 :]
    return None


def with_in_force(value: InForce | None, record: Any) -> InForce | None:
    """``value`` with ``record`` in it if ``record.in_force`` (replacing the version with its id), or without
    it if not; None when nothing changes. Every unchanged run of records is shared with ``value``."""
    live = getattr(record, "in_force", True)
    if type(value) is not _Chunks:
        run = _put(value or (), record, live)
        if run is None or len(run) <= _CHUNK_MAX:
            return run
        half = len(run) // 2
        return _Chunks((run[:half], run[half:]))
    j = max(bisect_right(value, record.id, key=_first_id) - 1, 0)
    run = _put(value[j], record, live)
    if run is None:
        return None
    if len(run) > _CHUNK_MAX:
        half = len(run) // 2
        pieces: tuple[tuple[Any, ...], ...] = (run[:half], run[half:])
    else:
        pieces = (run,) if run else ()
    runs = (*value[:j], *pieces, *value[j + 1 :])
    if len(runs) == 1:
        return runs[0]
    return _Chunks(runs)


_ONE = Fraction(1)
_NO_DILUTION = (_ONE, _ONE)
_Factors: TypeAlias = tuple[Fraction, Fraction]  # (low, high) dilution factors
_Lines: TypeAlias = dict[str, tuple[Stake, _Factors]]  # holder -> (stake as set, factors when it was set)
_NO_LINES: _Lines = {}  # shared by every table with no changed lines; never mutated


class CapTable(Mapping[str, Stake]):
    """An immutable mapping of holder id to :class:`Stake`: who owns what share of one entity.

    Equal to any mapping with the same items (in holder order); hashable.

    A funding round dilutes every holder by the same factor, so the table does not rescale each line: it keeps
    the product of every dilution so far (``low`` and ``high`` factors) and, for each line, the stake as set and
    that product when it was set. A holder's stake is the stake as set times the dilution since. Diluting is
    then constant time whatever the number of holders, and stays exact.

    Setting one holder's line does not copy the others: the lines are a shared base plus the few lines changed
    since (at most about the square root of the base's size, then folded into a new base), so each version of a
    big table costs O(sqrt(holders)) rather than O(holders).
    """

    __slots__ = ("_base", "_changed", "_diluted", "_size", "_total_low")
    _base: _Lines
    _changed: _Lines
    _diluted: _Factors
    _size: int
    _total_low: Fraction

    def __init__(self, items: Mapping[str, Stake] | None = None) -> None:
        lines = {holder: (stake, _NO_DILUTION) for holder, stake in (items or {}).items()}
        total = sum((stake.low for stake in (items or {}).values()), Fraction(0))
        self._set(lines, _NO_LINES, _NO_DILUTION, total)

    def _set(self, base: _Lines, changed: _Lines, diluted: _Factors, total: Fraction) -> None:
        object.__setattr__(self, "_base", base)
        object.__setattr__(self, "_changed", changed)
        object.__setattr__(self, "_diluted", diluted)
        object.__setattr__(self, "_total_low", total)
        size = len(base) + sum(1 for holder in changed if holder not in base) if changed else len(base)
        object.__setattr__(self, "_size", size)

    @classmethod
    def _make(cls, base: _Lines, changed: _Lines, diluted: _Factors, total: Fraction) -> CapTable:
        table = object.__new__(cls)
        table._set(base, changed, diluted, total)
        return table

    def __getitem__(self, holder: str) -> Stake:
        stake, at_set = self._changed.get(holder) or self._base[holder]
        if at_set == self._diluted:
            return stake
        now = self._diluted
        return stake.scaled(now[0] / at_set[0], now[1] / at_set[1])

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._base.keys() | self._changed.keys() if self._changed else self._base))

    def __len__(self) -> int:
        return self._size

    def __contains__(self, holder: object) -> bool:
        return holder in self._changed or holder in self._base

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("CapTable is immutable")

    def __repr__(self) -> str:
        return f"CapTable({dict(self.items())!r})"

    @property
    def total_low(self) -> Fraction:
        """The sum of every holder's lowest stake: never above 1 in a valid state."""
        return self._total_low

    def with_holder(self, holder: str, stake: Stake) -> CapTable:
        """A copy with ``holder``'s line set to ``stake``."""
        total = self._total_low + stake.low - (self[holder].low if holder in self else 0)
        line = (stake, self._diluted)
        base, changed = self._base, self._changed
        if len(changed) < max(8, isqrt(len(base))) and len(base) > 8:
            return CapTable._make(base, {**changed, holder: line}, self._diluted, total)
        return CapTable._make({**base, **changed, holder: line}, _NO_LINES, self._diluted, total)

    def diluted(self, sold: Stake) -> CapTable:
        """Every holder diluted by a round that sold the share ``sold`` (exactly: each stake's low end by
        ``1 - sold.high`` and its high end by ``1 - sold.low``)."""
        keep_low, keep_high = _ONE - sold.high, _ONE - sold.low
        if keep_low == 0:  # the round bought everything: every earlier line is now worth nothing
            zero = {h: Stake(low=Fraction(0), high=self[h].high * keep_high, basis=self[h].basis) for h in self}
            return CapTable(zero)
        now = self._diluted
        factors = (now[0] * keep_low, now[1] * keep_high)
        return CapTable._make(self._base, self._changed, factors, self._total_low * keep_low)


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
