"""How the keys of a state are spelled: one function per built-in aspect, and the rule for your own.

A state is a mapping from keys to immutable values. A key is a tuple of strings whose first element is its
**aspect**, the kind of thing it holds, and whose other elements say which one (its subject)::

    ("role", "openai", "ceo")          # who holds the role "ceo" at "openai": a sorted tuple of person ids
    ("cap_table", "openai-group")      # a CapTable
    ("lawsuit", "musk-v-openai")       # a user's own aspect: whatever the user's event types store there

An event type owns the aspects it writes: pick a name no other family of types uses (the built-in ones are
listed below), and store immutable values (tuples, frozen attrs classes, :class:`~aitimeline.CapTable`, the
persistent collections of :mod:`aitimeline`). Values are compared with ``==`` to decide what changed.

An aspect that starts with ``_`` is **bookkeeping**: a value kept only to answer another query fast (the ids of a
party's agreements, the records in force per party). It is stored, indexed and readable like any other key, but
:meth:`aitimeline.Timeline.diff` does not report it. Every other key, a user's own included, is reported by
``diff``, followed by ``history`` and ``explain``, and answered ``known_at`` a date, exactly as a built-in one.

>>> role("openai", "ceo")
('role', 'openai', 'ceo')
>>> is_reported(in_force("commitments", "buyer", "openai-group"))
False
"""

from __future__ import annotations

from typing import TypeAlias

__all__ = [
    "Key",
    "agreement",
    "cap_table",
    "commitment",
    "founded",
    "funding",
    "funding_round",
    "ids",
    "in_force",
    "interest",
    "is_reported",
    "legal_form",
    "metric",
    "name",
    "role",
    "role_names",
    "seats",
    "stake_report",
    "warrant",
]

Key: TypeAlias = tuple[str, ...]
"""A key of the state: ``(aspect, *subject)``."""


def is_reported(key: Key) -> bool:
    """True unless the key's aspect is bookkeeping (starts with ``_``): whether ``diff`` reports it."""
    return not key[0].startswith("_")


def name(entity: str) -> Key:
    """An entity's name (a ``str``), once an event has set it; before, the name in the entity list holds."""
    return ("name", entity)


def legal_form(entity: str) -> Key:
    """An organisation's legal form (a ``str`` such as ``"pbc"``)."""
    return ("legal_form", entity)


def founded(entity: str) -> Key:
    """The date an organisation was founded (a :class:`~aitimeline.PartialDate`)."""
    return ("founded", entity)


def role(org: str, role: str) -> Key:
    """The people holding ``role`` at ``org``: a sorted tuple of person ids."""
    return ("role", org, role)


def seats(org: str, seat: str) -> Key:
    """The organisations holding a ``seat`` (``"board-observer"``) at ``org``: a sorted tuple of ids."""
    return ("seats", org, seat)


def role_names(org: str) -> Key:
    """Bookkeeping: every role name ever held at ``org``, sorted (so ``State.roles`` need not scan)."""
    return ("_role_names", org)


def cap_table(entity: str) -> Key:
    """Who owns what share of ``entity``: a :class:`~aitimeline.CapTable`."""
    return ("cap_table", entity)


def funding(investee: str, investor: str) -> Key:
    """What ``investor`` committed to ``investee`` and paid so far: a :class:`~aitimeline.Funding`."""
    return ("funding", investee, investor)


def funding_round(entity: str, round_id: str) -> Key:
    """A priced funding round of ``entity`` (``round_id``: the id of the event that priced it) and the money paid
    into it so far: a :class:`~aitimeline.Round`. Bookkeeping (what later payments into the round buy follows from
    it; the cap table and the funding they change are what ``diff`` reports)."""
    return ("_round", entity, round_id)


def interest(entity: str, holder: str) -> Key:
    """An economic interest other than equity (a share of profits) that ``holder`` has in ``entity``: an
    :class:`~aitimeline.Interest`."""
    return ("interest", entity, holder)


def stake_report(entity: str, holder: str) -> Key:
    """The latest stake figure reported for ``holder`` in ``entity`` on a basis that is not a holding (a
    counterfactual such as "excluding the impact of recent funding rounds"): a :class:`~aitimeline.StakeFigure`."""
    return ("stake_report", entity, holder)


def agreement(agreement: str) -> Key:
    """One agreement as of a date: an :class:`~aitimeline.Agreement`."""
    return ("agreement", agreement)


def commitment(commitment: str) -> Key:
    """One compute commitment as of a date: a :class:`~aitimeline.Commitment`."""
    return ("commitment", commitment)


def warrant(warrant: str) -> Key:
    """One warrant as of a date: a :class:`~aitimeline.Warrant`."""
    return ("warrant", warrant)


def ids(kind: str, party: str) -> Key:
    """Bookkeeping: the ids of every agreement, commitment or warrant (``kind``: ``"agreements"``,
    ``"commitments"``, ``"warrants"``) that ever named ``party``, as an :class:`~aitimeline.extend.IdChain`."""
    return ("_ids", kind, party)


def in_force(kind: str, role: str, party: str) -> Key:
    """Bookkeeping: the records of ``kind`` in force in which ``party`` is ``role`` (``party`` for agreements,
    ``buyer`` or ``supplier`` for commitments, ``issuer`` or ``holder`` for warrants), as an
    :data:`~aitimeline.extend.InForce` value."""
    return ("_in_force", kind, role, party)


def metric(entity: str, metric: str) -> Key:
    """The latest figure reported for ``metric`` of ``entity``: a :class:`~aitimeline.MetricValue`."""
    return ("metric", entity, metric)
