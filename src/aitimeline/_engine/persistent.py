"""Persistent (immutable, structure-sharing) collections for values that grow: what the index keeps cheap.

The index keeps every version of every key's value, so a value that grows one item at a time must not be copied
whole at each step. :class:`IdChain` (a growing list of ids), the records-in-force runs (:data:`InForce`,
:func:`with_in_force`, :func:`in_force_records`) and :class:`CapTable` (a cap table diluted in constant time)
share what did not change with the version before. They are public: an event type of your own that keeps a
growing collection under one key can use them as the built-in catalogue does.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from fractions import Fraction
from itertools import chain, islice
from math import isqrt
from operator import attrgetter
from typing import Any, TypeAlias

from aitimeline._core.dates import PartialDate
from aitimeline._core.display import Displayed, Shown
from aitimeline._core.records import CapLine
from aitimeline._core.values import Stake

__all__ = ["CapTable", "IdChain", "InForce", "in_force_records", "with_in_force"]


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

    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...]]]:
        return _id_chain, (tuple(self),)  # flat: a long chain would otherwise pickle as deep recursion

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


def _id_chain(ids: tuple[str, ...]) -> IdChain:
    """The chain of ``ids`` (newest first), as :meth:`IdChain.__reduce__` flattened it."""
    chain = None
    for head in reversed(ids):
        chain = IdChain(head, chain)
    assert chain is not None, "an IdChain has at least one id"
    return chain


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
# Where a line's figure comes from: (event id, the date it describes, True when computed rather than reported).
_Origin: TypeAlias = tuple[str, PartialDate | None, bool] | None
# holder -> (stake as set, factors when it was set, rounds when it was set, where it comes from)
_Lines: TypeAlias = dict[str, tuple[Stake, _Factors, int, _Origin]]
_NO_LINES: _Lines = {}  # shared by every table with no changed lines; never mutated
_NO_ROUNDS: tuple[int, IdChain | None] = (0, None)


def _times_ratio(x: Fraction, now: Fraction, then: Fraction) -> Fraction:
    """``x * now / then``, exactly, normalised once (one gcd of the big product instead of one per operation)."""
    numerator = x.numerator * now.numerator * then.denominator
    denominator = x.denominator * now.denominator * then.numerator
    return Fraction(numerator, denominator)


def _diluted_stake(stake: Stake, now: _Factors, at_set: _Factors) -> Stake:
    """``stake`` set when the table's dilution was ``at_set``, now that it is ``now``: each end times the dilution
    since, exactly (as ``stake.scaled(now / at_set)``, with each fraction reduced once: after many rounds the
    factors have thousands of digits, and Fraction's operators reduce by a gcd at every step)."""
    return stake._rescaled(_times_ratio(stake.low, now[0], at_set[0]), _times_ratio(stake.high, now[1], at_set[1]))


class CapTable(Displayed, Mapping[str, Stake]):
    """An immutable mapping of holder id to :class:`Stake`: who owns what share of one entity.

    Equal to any mapping with the same items (in holder order); hashable. :meth:`line` says where each line
    comes from: the event that reported it and the date it describes, or the rounds that diluted it since
    (``"derived"``).

    A funding round dilutes every holder by the same factor, so the table does not rescale each line: it keeps
    the product of every dilution so far (``low`` and ``high`` factors) and, for each line, the stake as set and
    that product when it was set. A holder's stake is the stake as set times the dilution since. Diluting is
    then constant time whatever the number of holders, and stays exact.

    Setting one holder's line does not copy the others: the lines are a shared base plus the few lines changed
    since (at most about the square root of the base's size, then folded into a new base), so each version of a
    big table costs O(sqrt(holders)) rather than O(holders).
    """

    __slots__ = ("_base", "_changed", "_diluted", "_rounds", "_size", "_total_low")
    _base: _Lines
    _changed: _Lines
    _diluted: _Factors
    _rounds: tuple[int, IdChain | None]  # how many rounds diluted the table, and their ids, newest first
    _size: int
    _total_low: Fraction

    def __init__(
        self, items: Mapping[str, Stake] | None = None, *, event_id: str | None = None, as_of: PartialDate | None = None
    ) -> None:
        origin: _Origin = (event_id, as_of, False) if event_id is not None else None
        lines = {holder: (stake, _NO_DILUTION, 0, origin) for holder, stake in (items or {}).items()}
        total = sum((stake.low for stake in (items or {}).values()), Fraction(0))
        self._set(lines, _NO_LINES, _NO_DILUTION, total, _NO_ROUNDS)

    def _set(self, base: _Lines, changed: _Lines, diluted: _Factors, total: Fraction, rounds: Any) -> None:
        object.__setattr__(self, "_base", base)
        object.__setattr__(self, "_changed", changed)
        object.__setattr__(self, "_diluted", diluted)
        object.__setattr__(self, "_total_low", total)
        object.__setattr__(self, "_rounds", rounds)
        size = len(base) + sum(1 for holder in changed if holder not in base) if changed else len(base)
        object.__setattr__(self, "_size", size)

    @classmethod
    def _make(cls, base: _Lines, changed: _Lines, diluted: _Factors, total: Fraction, rounds: Any) -> CapTable:
        table = object.__new__(cls)
        table._set(base, changed, diluted, total, rounds)
        return table

    def line(self, holder: str) -> CapLine:
        """Where ``holder``'s line comes from: reported (by an event, describing a date, not diluted since) or
        derived (diluted by the rounds named since its report, or computed: implied by an amount and a
        valuation, or what is left of a line after a holder was carved out of it).

        Raises:
            KeyError: ``holder`` has no line.
        """
        stake, _, rounds_at_set, origin = self._changed.get(holder) or self._base[holder]
        since = self._rounds[0] - rounds_at_set
        chain = self._rounds[1]
        diluted_by = tuple(reversed(list(islice(chain, since)))) if since and chain is not None else ()
        event_id, as_of, computed = origin if origin is not None else (None, None, False)
        return CapLine(
            holder=holder,
            stake=self[holder],
            as_set=stake,
            kind="derived" if computed or diluted_by else "reported",
            event_id=event_id,
            as_of=as_of,
            diluted_by=diluted_by,
        )

    def lines(self) -> tuple[CapLine, ...]:
        """Every line, by holder, with where it comes from (see :meth:`line`)."""
        return tuple(self.line(holder) for holder in self)

    def __getitem__(self, holder: str) -> Stake:
        stake, at_set, _, _ = self._changed.get(holder) or self._base[holder]
        now = self._diluted
        if at_set is now or at_set == now:
            return stake
        return _diluted_stake(stake, now, at_set)

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

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return CapTable._make, (self._base, self._changed, self._diluted, self._total_low, self._rounds)

    def __repr__(self) -> str:
        return f"CapTable({dict(self.items())!r})"

    def __str__(self) -> str:
        """One line per holder: ``microsoft: about 27 % (as-converted, diluted)``."""
        return "\n".join(f"{holder}: {stake}" for holder, stake in self.items()) or "(no holder on the record)"

    def _shown(self) -> Shown:
        """The lines as a table (holder by id, stake, reported or derived, as of, events)."""
        from .display import cap_table_shown

        return cap_table_shown(self)

    @property
    def total_low(self) -> Fraction:
        """The sum of every holder's lowest stake: never above 1 in a valid state."""
        return self._total_low

    def with_holder(
        self,
        holder: str,
        stake: Stake,
        *,
        event_id: str | None = None,
        as_of: PartialDate | None = None,
        computed: bool = False,
    ) -> CapTable:
        """A copy with ``holder``'s line set to ``stake``, reported by ``event_id`` as of ``as_of`` (or computed
        by it, when ``computed``)."""
        total, low = self._total_low, stake.low
        if holder in self:  # the total less the holder's line, plus its new one, reduced once
            old = self[holder].low
            d = total.denominator * low.denominator * old.denominator
            n = (
                total.numerator * low.denominator * old.denominator
                + low.numerator * total.denominator * old.denominator
                - old.numerator * total.denominator * low.denominator
            )
            total = Fraction(n, d)
        else:
            total = Fraction(
                total.numerator * low.denominator + low.numerator * total.denominator,
                total.denominator * low.denominator,
            )
        origin: _Origin = (event_id, as_of, computed) if event_id is not None else None
        line = (stake, self._diluted, self._rounds[0], origin)
        base, changed = self._base, self._changed
        if len(changed) < max(8, isqrt(len(base))) and len(base) > 8:
            return CapTable._make(base, {**changed, holder: line}, self._diluted, total, self._rounds)
        return CapTable._make({**base, **changed, holder: line}, _NO_LINES, self._diluted, total, self._rounds)

    def diluted(self, sold: Stake, round_id: str | None = None) -> CapTable:
        """Every holder diluted by a round that sold the share ``sold`` (exactly: each stake's low end by
        ``1 - sold.high`` and its high end by ``1 - sold.low``); ``round_id`` names the round in the lines it
        dilutes (:meth:`line`)."""
        high, low = sold.high, sold.low
        # 1 - n/d is (d - n)/d: each product below is made on the integers and reduced once (Fraction's operators
        # reduce at every step, and the factors grow with every round)
        keep_low_n, keep_low_d = high.denominator - high.numerator, high.denominator
        keep_high_n, keep_high_d = low.denominator - low.numerator, low.denominator
        count, chain = self._rounds
        rounds = (count + 1, IdChain(round_id, chain)) if round_id is not None else self._rounds
        if not keep_low_n:  # the round bought everything: every earlier line is now worth nothing
            keep_high = Fraction(keep_high_n, keep_high_d)
            zero = {h: Stake(low=Fraction(0), high=self[h].high * keep_high, basis=self[h].basis) for h in self}
            table = CapTable(zero)
            object.__setattr__(table, "_rounds", rounds)
            return table
        now, total = self._diluted, self._total_low
        factors = (
            Fraction(now[0].numerator * keep_low_n, now[0].denominator * keep_low_d),
            Fraction(now[1].numerator * keep_high_n, now[1].denominator * keep_high_d),
        )
        total = Fraction(total.numerator * keep_low_n, total.denominator * keep_low_d)
        return CapTable._make(self._base, self._changed, factors, total, rounds)
