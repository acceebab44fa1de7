"""What a notebook shows for a state, a cap table, a diff, an explanation, a history and reconciliation rows.

Each answer's ``_shown()``, from which :class:`~aitimeline._core.display.Displayed` makes its ``_repr_html_``
(Jupyter's rich display) and ``_repr_pretty_`` (IPython's text display), calls the functions here. The module is
imported by ``history`` and ``reconcile`` (whose answers are its classes) or on first display, so that ``aitimeline
state``, ``diff`` and the other questions never pay for it. Every text comes from the one text layer
(:func:`~aitimeline._core.texts.readable`, :func:`~aitimeline._core.texts.changed`) and is escaped by
:mod:`aitimeline._core.display`.

The answers a timeline makes know the names of the entities as of their date (``state.EntityNames``); a cap table,
which is a value inside a state, does not, and shows its holders by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from aitimeline._core.display import Displayed, Link, Shown, Table
from aitimeline._core.entities import Organization
from aitimeline._core.records import Reconciliation
from aitimeline._core.texts import Names, changed, label, readable

if TYPE_CHECKING:
    from .persistent import CapTable
    from .state import State
    from .timeline import Diff, Explanation, Learned

__all__ = [
    "History",
    "Reconciliations",
    "cap_table_shown",
    "diff_shown",
    "explanation_shown",
    "history_rows",
    "learned_shown",
    "state_shown",
]

T = TypeVar("T")


class History(Displayed, list[tuple[dt.date, T]], Generic[T]):
    """A list of ``(date, answer)`` pairs (equal to the plain list with the same pairs) that a notebook shows as a
    table, its entities named as of its last date."""

    __slots__ = ("_names",)

    def __init__(self, changes: Iterable[tuple[dt.date, T]] = (), names: Names | None = None) -> None:
        super().__init__(changes)
        self._names = names

    def _shown(self) -> Shown:
        names = getattr(self, "_names", None)
        if not self:
            return Shown("No change on the record")
        rows = history_rows(self, lambda day: names)
        noun = "change" if len(self) == 1 else "changes"
        return Shown(f"History: {len(self):,} {noun}", [Table("", rows, ("Since", "Answer (then what changed)"))])


class Reconciliations(Displayed, tuple[Reconciliation, ...]):
    """A tuple of :class:`~aitimeline.Reconciliation` rows (equal to the plain tuple of the same rows) that a notebook
    shows as a table, its entities named as of the date asked."""

    _names: Names | None

    def __new__(cls, rows: Iterable[Reconciliation] = (), names: Names | None = None) -> Reconciliations:
        made = super().__new__(cls, rows)
        made._names = names
        return made

    def _shown(self) -> Shown:
        names = getattr(self, "_names", None)
        agree = sum(r.agrees for r in self)
        heading = (
            f"Reconciliation: {len(self):,} figures reported and derived, {agree:,} agree, {len(self) - agree:,} do not"
        )
        rows = [
            (
                readable(r.date),
                label(r.what),
                " in ".join(readable(s, names) for s in r.subject),
                readable(r.reported),
                "nothing on the record" if r.derived is None else readable(r.derived),
                "agrees" if r.agrees else "disagrees",
                r.reported_by,
            )
            for r in self
        ]
        header = ("Date", "Figure", "Of", "Reported", "Derived", "", "Reported by")
        why = [(f"{r.reported_by}: {r.note}",) for r in self if not r.agrees and r.note]
        tables = [Table("", rows, header)] + ([Table("Why they disagree", list(dict.fromkeys(why)))] if why else [])
        return Shown(heading, tables)


def history_rows(
    changes: Iterable[tuple[dt.date, Any]], names_on: Callable[[dt.date], Names | None]
) -> list[tuple[str, str]]:
    """A history's rows: each date, and the first answer in full, then what changed in each answer made of parts
    (the fields of a record, the entries of a mapping) or the new answer; entities named by ``names_on(date)``."""
    rows = []
    previous: Any = None
    for n, (day, value) in enumerate(changes):
        names = names_on(day)
        rows.append(
            (readable(day), changed(previous, value, names) if n and _composite(value) else readable(value, names))
        )
        previous = value
    return rows


def _composite(value: Any) -> bool:
    """Whether a value is made of parts (a record, a mapping, records): a change then says which parts changed."""
    if attrs.has(type(value)) or isinstance(value, Mapping):
        return True
    return isinstance(value, tuple) and any(attrs.has(type(v)) for v in value)


def state_shown(state: State) -> Shown:
    """A state at a glance: each organisation it holds something for, with its CEO, board, owners and the
    agreements, commitments and warrants in force it is a party to."""
    names = state._entity_names()
    rows = []
    for entity in state._entities.values():
        if not isinstance(entity, Organization):
            continue
        org = entity.id
        ceo, board, table = state.ceo(org), state.board(org), state.cap_table(org)
        agreements = len(state.agreements(org))
        commitments = len(state.commitments(org)) + len(state.commitments(supplier=org))
        warrants = len(state.warrants(org)) + len(state.warrants(issuer=org))
        if ceo is None and not (board or table or agreements or commitments or warrants):
            continue
        rows.append(
            (
                state.name(org),
                readable(ceo, names) if ceo else "",
                readable(len(board)) if board else "",
                readable(table, names) if table else "",
                *(readable(n) if n else "" for n in (agreements, commitments, warrants)),
            )
        )
    heading = f"State as of {readable(state.date)}"
    if not rows:
        return Shown(heading + ": nothing on the record for any organisation")
    header = ("Organisation", "CEO", "Board", "Owners", "Agreements", "Commitments", "Warrants")
    title = f"{len(rows):,} organisations with a CEO, a board, owners, or agreements, commitments or warrants in force"
    return Shown(heading, [Table(title, rows, header)])


def cap_table_shown(table: CapTable) -> Shown:
    """A cap table's lines: holder (by id: a cap table knows no names), stake, where the line comes from."""
    lines = table.lines()
    if not lines:
        return Shown("Cap table: no holder on the record")
    rows = [
        (
            line.holder,
            readable(line.stake),
            line.kind,
            readable(line.as_of) if line.as_of is not None else "",
            line.event_id or "",
            ", ".join(line.diluted_by),
        )
        for line in lines
    ]
    holders = "holder" if len(lines) == 1 else "holders"
    header = ("Holder", "Stake", "Line", "As of", "Event", "Diluted by")
    return Shown(f"Cap table: {len(lines):,} {holders}", [Table("", rows, header)])


def diff_shown(diff: Diff) -> Shown:
    """A diff's changes (what, of what, how, by which events) and the events between its dates."""
    names = getattr(diff, "_names", None)
    changes = [
        (
            label(c.aspect),
            " / ".join(readable(part, names) for part in c.subject),
            changed(c.before, c.after, names),
            ", ".join(c.event_ids),
        )
        for c in diff.changes
    ]
    events = [(readable(e.date), e.id, e.summary) for e in diff.events]
    heading = f"From {readable(diff.start)} to {readable(diff.end)}: {_count(len(diff.events), 'event')}, "
    heading += _count(len(diff.changes), "change")
    tables = [Table("Changes", changes, ("What", "Of", "Change", "Events"))] if changes else []
    tables += [Table("Events", events, ("Date", "Event", "Summary"))] if events else []
    return Shown(heading, tables)


def learned_shown(news: Learned) -> Shown:
    """What was learned: each answer that changed (what, of what, about which day, how, by which events), then the
    events recorded in the window."""
    names = getattr(news, "_names", None)
    changes = [
        (
            label(c.aspect),
            " / ".join(readable(part, names) for part in c.subject),
            readable(c.on),
            changed(c.before, c.after, names),
            ", ".join(c.event_ids),
        )
        for c in news.changes
    ]
    events = [(readable(e.recorded), readable(e.date), e.id, e.summary) for e in news.events]
    until = f"to {readable(news.until)}" if news.until is not None else "to now"
    heading = f"Learned after {readable(news.since)} {until}: {_count(len(news.events), 'event')} recorded, "
    heading += _count(len(news.changes), "answer") + " changed"
    tables = [Table("Answers changed", changes, ("What", "Of", "On", "Change", "Events"))] if changes else []
    tables += [Table("Events recorded", events, ("Recorded", "Date", "Event", "Summary"))] if events else []
    return Shown(heading, tables)


def explanation_shown(why: Explanation) -> Shown:
    """An explanation: the answer, who is there because of which event, the events, the sources as links, and
    the other figures reported."""
    names = getattr(why, "_names", None)
    answer = readable(why.answer, names)
    if not why.events:
        return Shown(f"{answer}: nothing on the record reports it (undisclosed or unknown, not 'none')")
    tables = []
    if members := why.members:
        rows = [(readable(m, names), ", ".join(ids) or "no event names it") for m, ids in members.items()]
        tables.append(Table("Who, and the events that name them", rows, ("Who", "Events")))
    events = [(readable(e.date), e.id + (" (unverified)" if e.unverified else ""), e.summary) for e in why.events]
    tables.append(Table("Because of", events, ("Date", "Event", "Summary")))
    sources = [(Link(f"{s.publisher}, “{s.title}”, {s.published}", s.url),) for s in why.sources]
    tables += [Table("Sources", sources)] if sources else []
    also = [
        (label(a.field), readable(a.value, names), "; ".join(readable(s) for s in a.sources), a.note or "")
        for a in why.alternatives
    ]
    tables += [Table("Also reported", also, ("Figure", "Value", "By", "Note"))] if also else []
    return Shown(answer, tables)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
