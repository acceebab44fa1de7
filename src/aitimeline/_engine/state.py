"""The state of the world as of one date, read through queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from aitimeline import keys
from aitimeline._core.display import Displayed, Shown
from aitimeline._core.entities import Entity, Organization, find_entities
from aitimeline._core.errors import UnitError, UnknownEntityError
from aitimeline._core.records import Agreement, Commitment, Funding, Interest, MetricValue, StakeFigure, Total, Warrant
from aitimeline._core.values import Quantity, Stake, combined_qualifier
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary
from aitimeline.keys import Key

from .persistent import CapTable, in_force_records

__all__ = ["State", "total_amount", "total_gigawatts"]

CEO_ROLES = ("ceo", "interim-ceo")


class _Reader(Protocol):
    """What a state reads: the value of a key after the first ``cutoff`` events (a timeline's index is one)."""

    def value_at(self, key: Key, cutoff: int) -> Any: ...

    def snapshot(self, cutoff: int) -> Mapping[Key, Any]: ...


class _Calls:
    """A reader over a ``get`` function (and a ``values`` one), as :class:`State` is given them."""

    __slots__ = ("get", "values")

    def __init__(self, get: Callable[[Key], Any], values: Callable[[], Mapping[Key, Any]] | None) -> None:
        self.get, self.values = get, values

    def value_at(self, key: Key, cutoff: int) -> Any:
        return self.get(key)

    def snapshot(self, cutoff: int) -> Mapping[Key, Any]:
        if self.values is None:
            raise TypeError("this state was made for one query and cannot list its values")
        return self.values()


class State(Displayed):
    """The state as of one date: immutable, answered by queries.

    A state reads a snapshot of the timeline's index; nothing a caller does to it can change the timeline.
    Every query that takes an entity id raises :class:`UnknownEntityError` for an id the timeline does not
    list, so a typo is never mistaken for "no answer".

    Two states are equal when they hold the same values under the same keys over the same entities, whatever
    dates they are as of: ``tl.state_at(a) == tl.state_at(b)`` says that nothing changed from ``a`` to ``b``.
    :meth:`get` reads any key, a user's own included; :meth:`snapshot` gives every value.

    Timelines make states (:meth:`Timeline.state_at`); :meth:`of` makes one from a plain mapping of keys to values,
    such as the result of :func:`aitimeline.extend.replay`.
    """

    __slots__ = ("_cutoff", "_date", "_entities", "_reader", "words")

    def __init__(
        self,
        get: Callable[[Key], Any],
        entities: Mapping[str, Entity],
        date: dt.date,
        values: Callable[[], Mapping[Key, Any]] | None = None,
        words: Vocabulary = BUILTIN_WORDS,
    ) -> None:
        self._reader: _Reader = _Calls(get, values)
        self._cutoff = 0
        self._entities = entities
        self._date = date
        self.words = words
        """The registered words its queries accept (roles, metrics...)."""

    @classmethod
    def _after(
        cls, reader: _Reader, cutoff: int, entities: Mapping[str, Entity], date: dt.date, words: Vocabulary
    ) -> State:
        """The state after the first ``cutoff`` events of ``reader`` (a timeline's index): one object, no closure,
        so that asking a question allocates as little as it can (each allocation brings the next collection of
        the garbage collector closer, and at a million events one costs more than the question)."""
        state = object.__new__(cls)
        state._reader, state._cutoff, state._entities, state._date = reader, cutoff, entities, date
        state.words = words
        return state

    def _get(self, key: Key) -> Any:
        return self._reader.value_at(key, self._cutoff)

    @classmethod
    def of(
        cls,
        values: Mapping[Key, Any],
        entities: Mapping[str, Entity],
        date: dt.date,
        words: Vocabulary = BUILTIN_WORDS,
    ) -> State:
        """A state that holds ``values`` (keys whose value is None hold nothing) over ``entities``, as of ``date``.

        >>> import datetime as dt, aitimeline as at
        >>> s = at.State.of({("role", "acme", "ceo"): ("ann",)}, {"acme": at.Organization(id="acme", name="Acme"),
        ...     "ann": at.Person(id="ann", name="Ann")}, dt.date(2020, 1, 1))
        >>> s.ceo("acme"), s.get(("role", "acme", "ceo"))
        ('ann', ('ann',))
        """
        held = {key: value for key, value in values.items() if value is not None}
        return cls(held.get, dict(entities), date, lambda: held, words)

    def get(self, key: Key) -> Any:
        """The value stored under ``key`` (a tuple such as ``("role", "openai", "ceo")``; see
        :mod:`aitimeline.keys`), or None when nothing is.

        This is how a query of your own reads what your event types wrote; the queries below read built-in keys
        the same way, so a query built on ``get`` works in ``history``, ``explain`` and with ``known_at`` alike.

        Raises:
            TypeError: ``key`` is not a tuple of strings.
        """
        if type(key) is not tuple or not key or not all(type(part) is str for part in key):
            raise TypeError(f"a key is a non-empty tuple of strings such as ('role', 'openai', 'ceo'), got {key!r}")
        return self._get(key)

    def snapshot(self) -> Mapping[Key, Any]:
        """Every key that holds a value, and its value: a read-only mapping (O(keys) to make)."""
        return MappingProxyType(dict(self._reader.snapshot(self._cutoff)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, State):
            return NotImplemented
        return self._entities == other._entities and self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]

    @property
    def date(self) -> dt.date:
        """The day this state is as of."""
        return self._date

    def __repr__(self) -> str:
        return f"<State as of {self.date.isoformat()}>"

    def _entity_names(self) -> EntityNames:
        """How this state names entities, for the answers shown as of its date."""
        return EntityNames(self)

    def _shown(self) -> Shown:
        """Each organisation this state holds something for, with its CEO, board, owners and the agreements,
        commitments and warrants in force it is a party to."""
        from .display import state_shown

        return state_shown(self)

    def _known(self, entity: str) -> Entity:
        try:
            return self._entities[entity]
        except KeyError:
            raise unknown_entity(self._entities, entity) from None

    # --- people ----------------------------------------------------------------------------------------------

    def holders(self, org: str, role: str) -> frozenset[str]:
        """Ids of the people holding ``role`` (``"ceo"``, ``"director"``, ...) at ``org``.

        Raises:
            UnknownEntityError: ``org`` is not listed.
            UnknownWordError: ``role`` is not a registered role (``"CEO"``: the message suggests ``"ceo"``).
        """
        self._known(org)
        self.words.check("role", role)
        return frozenset(self._get(keys.role(org, role)) or ())

    def ceo(self, org: str) -> str | None:
        """The id of ``org``'s chief executive (an interim CEO counts), or None.

        Where the record shows more than one (a CEO and an interim CEO), the permanent CEO is returned; see
        :meth:`holders` for the full answer.

        >>> import aitimeline as at
        >>> at.load().state_at("2023-11-18").ceo("openai")
        'mira-murati'
        """
        self._known(org)
        for role in CEO_ROLES:
            holders = self._get(keys.role(org, role))
            if holders:
                return str(holders[0])
        return None

    def board(self, org: str) -> frozenset[str]:
        """Ids of ``org``'s voting directors (role ``director``; observers are not included)."""
        return self.holders(org, "director")

    def observers(self, org: str) -> frozenset[str]:
        """Ids of ``org``'s non-voting board observers: people (role ``board-observer``) and organisations that
        hold an observer seat (:class:`~aitimeline.events.SeatGranted`)."""
        seats: tuple[str, ...] = self._get(keys.seats(org, "board-observer")) or ()
        return self.holders(org, "board-observer") | frozenset(seats)

    def roles(self, org: str) -> Mapping[str, frozenset[str]]:
        """Every person with a role at ``org``, mapped to the roles they hold."""
        self._known(org)
        out: dict[str, set[str]] = {}
        for role in self._get(keys.role_names(org)) or ():
            for person in self._get(keys.role(org, role)) or ():
                out.setdefault(person, set()).add(role)
        return {person: frozenset(roles) for person, roles in sorted(out.items())}

    # --- ownership -------------------------------------------------------------------------------------------

    def cap_table(self, entity: str) -> CapTable:
        """Who holds what share of ``entity``, as far as the record says (empty if it says nothing).

        A mapping of holder id to :class:`Stake`; ``table.line(holder)`` (or ``table.lines()``) says where each
        line comes from: reported by an event as of a date, or derived (diluted by the rounds it names since
        its report, or computed). The lines need not add up to 100 %: what no report attributes is left out.
        """
        self._known(entity)
        table = self._get(keys.cap_table(entity))
        return table if table is not None else CapTable()

    def stake(self, holder: str, entity: str) -> Stake | None:
        """``holder``'s equity stake in ``entity``, or None when the record gives none (see :meth:`interest` for
        interests other than equity, and :meth:`reported_stake` for figures on a counterfactual basis).

        ``float(stake)`` is its point value; ``stake.low`` and ``stake.high`` are exact fractions.
        """
        self._known(holder)
        return self.cap_table(entity).get(holder)

    def interest(self, holder: str, entity: str) -> Interest | None:
        """``holder``'s economic interest in ``entity``: its equity stake if it has a line in the cap table,
        else a share of profits reported for it (with its tiers and cap), else None."""
        self._known(holder)
        table = self.cap_table(entity)
        if holder in table:
            line = table.line(holder)
            return Interest(
                holder=holder,
                entity=entity,
                kind="equity",
                stake=line.stake,
                event_id=line.event_id,
                as_of=line.as_of,
            )
        found: Interest | None = self._get(keys.interest(entity, holder))
        return found

    def reported_stake(self, holder: str, entity: str) -> StakeFigure | None:
        """The latest stake figure reported for ``holder`` in ``entity`` on a counterfactual basis (kept as
        reported, never a line of the cap table), or None."""
        self._known(holder)
        self._known(entity)
        found: StakeFigure | None = self._get(keys.stake_report(entity, holder))
        return found

    def funding(self, investor: str, investee: str) -> Funding | None:
        """What ``investor`` committed to ``investee`` and what it paid, as of this date, with the events behind
        each (``.committed``, ``.paid``, ``.due``, ``.committed_by``, ``.paid_by``); None when the record has
        neither."""
        self._known(investor)
        self._known(investee)
        found: Funding | None = self._get(keys.funding(investee, investor))
        return found

    # --- organisations ---------------------------------------------------------------------------------------

    def name(self, entity: str) -> str:
        """``entity``'s name on this date."""
        known = self._known(entity)
        name = self._get(keys.name(entity))
        return str(name) if name is not None else known.name

    def legal_form(self, entity: str) -> str | None:
        """``entity``'s legal form on this date (``"nonprofit"``, ``"capped-profit"``, ``"pbc"`` ...), or None."""
        known = self._known(entity)
        form = self._get(keys.legal_form(entity))
        if form is not None:
            return str(form)
        return known.legal_form if isinstance(known, Organization) else None

    def metric(self, entity: str, metric: str) -> MetricValue | None:
        """The latest figure reported for ``metric`` (``"valuation"``, ``"revenue"`` ...) of ``entity``.

        Raises:
            UnknownWordError: ``metric`` is not a registered metric (the message suggests the closest).
        """
        self._known(entity)
        self.words.check("metric", metric)
        value: MetricValue | None = self._get(keys.metric(entity, metric))
        return value

    # --- agreements, commitments, warrants -------------------------------------------------------------------

    def _in_force(self, kind: str, role: str, party: str | None) -> tuple[Any, ...]:
        """The records of ``kind`` in force in which ``party`` is ``role``, sorted by id: one lookup. With no
        party, those of every entity (each record once)."""
        if party is not None:
            return in_force_records(self._get(keys.in_force(kind, role, party)))
        found: dict[str, Any] = {}
        for entity in self._entities:
            for record in in_force_records(self._get(keys.in_force(kind, role, entity))):
                found[record.id] = record
        return tuple(found[i] for i in sorted(found))

    def _ever(self, kind: str, party: str | None, make_key: Callable[[str], Key]) -> tuple[Any, ...]:
        """Every record of ``kind`` naming ``party`` (any entity if None), in force or ended, sorted by id:
        found through each party's list of every id it ever had."""
        ids: set[str] = set()
        for entity in (party,) if party is not None else self._entities:
            ids.update(self._get(keys.ids(kind, entity)) or ())
        return tuple(self._get(make_key(i)) for i in sorted(ids))

    def agreements(self, party: str | None = None, *, in_force: bool = True) -> tuple[Agreement, ...]:
        """Agreements (with ``party``, or all), each with its terms as of this date.

        Args:
            party: An entity id, or None for every agreement.
            in_force: Only those in force (default); False includes ended ones.
        """
        if party is not None:
            self._known(party)
        if in_force:
            return self._in_force("agreements", "party", party)
        return self._ever("agreements", party, keys.agreement)

    def commitments(
        self, buyer: str | None = None, *, supplier: str | None = None, in_force: bool = True
    ) -> tuple[Commitment, ...]:
        """Compute commitments in force, filtered by buyer and/or supplier.

        Each has ``.supplier``, ``.gigawatts`` and ``.amount`` as last stated; see :func:`total_gigawatts`.
        """
        for entity in (buyer, supplier):
            if entity is not None:
                self._known(entity)
        if not in_force:
            ever = self._ever("commitments", buyer if buyer is not None else supplier, keys.commitment)
            return tuple(
                c for c in ever if (buyer is None or c.buyer == buyer) and (supplier is None or c.supplier == supplier)
            )
        if buyer is None:
            return self._in_force("commitments", "supplier" if supplier is not None else "buyer", supplier)
        found = self._in_force("commitments", "buyer", buyer)
        return found if supplier is None else tuple(c for c in found if c.supplier == supplier)

    def warrants(self, holder: str | None = None, *, issuer: str | None = None) -> tuple[Warrant, ...]:
        """Warrants held by ``holder`` and/or issued by ``issuer``, with the tranches vested so far."""
        for entity in (holder, issuer):
            if entity is not None:
                self._known(entity)
        if holder is None:
            return self._in_force("warrants", "issuer" if issuer is not None else "holder", issuer)
        found = self._in_force("warrants", "holder", holder)
        return found if issuer is None else tuple(w for w in found if w.issuer == issuer)


class EntityNames:
    """Names entities as a state names them on its date (``openai-group`` is OpenAI Group PBC in 2025, OpenAI LP in
    2019), when asked; any other text is not a name (None). The names a timeline's answers (a diff, an explanation,
    a history, reconciliation rows) are shown with. Pickled as the names themselves, so that an answer pickles
    without the timeline behind the state."""

    __slots__ = ("_names", "_state")

    def __init__(self, state: State | None, names: Mapping[str, str] | None = None) -> None:
        self._state, self._names = state, names

    def __call__(self, text: str) -> str | None:
        if self._names is not None:
            return self._names.get(text)
        state = self._state
        return state.name(text) if state is not None and text in state._entities else None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        state = self._state
        names = self._names if state is None else {i: state.name(i) for i in state._entities}
        return EntityNames, (None, names)


def unknown_entity(entities: Mapping[str, Entity], entity: object) -> UnknownEntityError:
    """The error for an entity id the directory does not list, suggesting the ids it may mean."""
    found = find_entities(entities, entity) if isinstance(entity, str) else ()
    hint = f" (did you mean {', '.join(repr(e.id) for e in found)}?)" if found else ""
    return UnknownEntityError(
        f"unknown entity {entity!r}{hint}; Timeline.find(text) searches names and aliases",
        entity,
        [e.id for e in found],
    )


def _counted(
    commitments: Iterable[Commitment], figure: Callable[[Commitment], Any]
) -> tuple[list[Any], list[str], list[str]]:
    """The figures to add up, the ids summed, and the ids left out: each record once, so one inside another
    record of the set (directly or further up its ``within`` chain) that states this figure is left out, being
    part of that figure; one inside a record that states none is counted, or its part would be counted nowhere."""
    given = list(commitments)
    by_id = {c.id: c for c in given}

    def counted_above(c: Commitment) -> bool:
        seen = {c.id}
        above = c.within
        while above is not None and above in by_id and above not in seen:
            if figure(by_id[above]) is not None:
                return True
            seen.add(above)
            above = by_id[above].within
        return False

    parts, summed, left_out = [], [], []
    for c in sorted(given, key=lambda c: c.id):
        if figure(c) is None:
            continue
        if counted_above(c):
            left_out.append(c.id)
            continue
        parts.append(figure(c))
        summed.append(c.id)
    return parts, summed, left_out


UNSTATED = "unstated"
"""The capacity kind of a commitment whose record does not say what its gigawatts measure."""


def total_gigawatts(
    commitments: Iterable[Commitment], capacity: str | None = None, *, mix: bool = False
) -> Total | None:
    """The gigawatts of several commitments of one kind added up, each capacity once, as a range that keeps the
    hedges.

    Gigawatts of chips to deploy and of data-centre power measure different things (a commitment's
    :attr:`~aitimeline.Commitment.capacity`), so they are not added: ``capacity`` picks one kind (``"chips"``,
    ``"data-centre"``, or ``"unstated"`` for commitments that do not say). Without it, the commitments that state
    gigawatts must all be of one kind, unless ``mix=True`` asks for every kind added together; the answer's
    :attr:`~aitimeline.Total.kinds` (and its text) then names them.

    A commitment that sits inside another one of the set that states gigawatts (``within``: Oracle's 4.5 GW
    inside Stargate's 10 GW) is left out, so nothing is counted twice; inside one that states none it is counted,
    so nothing is counted zero times. Commitments that state no gigawatts are left out too. The sum is
    exact if every part is; "at least" if every hedged part is "at least" (likewise "up to"); "about" otherwise.
    ``summed`` and ``left_out`` say which records it added and which it did not. None if none states any.

    Raises:
        UnitError: The commitments measure more than one kind of capacity, and neither ``capacity`` nor
            ``mix=True`` was given.
    """
    given = list(commitments)
    if capacity is not None:
        given = [c for c in given if (c.capacity or UNSTATED) == capacity]
    of_kind: dict[str, list[str]] = {}
    for c in given:
        if c.gigawatts is not None:
            of_kind.setdefault(c.capacity or UNSTATED, []).append(c.id)
    kinds = sorted(of_kind)
    if len(kinds) > 1 and not mix:
        by_kind = "; ".join(f"{kind}: {', '.join(sorted(of_kind[kind]))}" for kind in kinds)
        raise UnitError(
            f"these commitments measure {len(kinds)} kinds of capacity ({by_kind}), which do not add up: pass "
            f"capacity={kinds[0]!r} (one kind), or mix=True to add them anyway"
        )
    parts, summed, left_out = _counted(given, lambda c: c.gigawatts)
    if not parts:
        return None
    value = Quantity(
        low=sum((p.low for p in parts), Decimal(0)),
        high=sum((p.high for p in parts), Decimal(0)),
        unit="GW",
        qualifier=combined_qualifier(p.qualifier for p in parts),
    )
    return Total(value=value, summed=tuple(summed), left_out=tuple(left_out), kinds=tuple(kinds))


def total_amount(commitments: Iterable[Commitment]) -> Total | None:
    """The dollars (or other money) of several commitments added up, each once, as :func:`total_gigawatts` adds
    capacity: a commitment inside another of the set that states an amount is left out, hedges are kept.

    Raises:
        CurrencyError: The amounts are in more than one currency.
    """
    parts, summed, left_out = _counted(commitments, lambda c: c.amount)
    if not parts:
        return None
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return Total(value=attrs.evolve(total, stated=None), summed=tuple(summed), left_out=tuple(left_out))
