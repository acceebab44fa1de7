"""The one readable text of every value a reader is shown, and of what changed between two values.

The command line, the page, the plots and the notebooks all show values through :func:`readable` (and
:func:`changed`), so a figure reads the same everywhere and no ``repr`` reaches a reader. Each record type has its
text registered here; a user's own record type is read field by field (``label: value; ...``) unless it defines its
own ``__str__`` or registers a text with ``readable.register``.

``names`` turns an entity id into the name a reader knows (``"microsoft"`` into ``"Microsoft"``); it is given
every text that may be an id and returns any other unchanged. By default ids are shown as they are.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .dates import PartialDate
from .entities import Organization, Person
from .records import (
    Agreement,
    CapLine,
    Commitment,
    Funding,
    Interest,
    MetricValue,
    Reconciliation,
    Round,
    StakeFigure,
    TermsVersion,
    Warrant,
)
from .values import Alternative, Participation, Payment, ProfitTier, RevenueShare, Terms, Tranche

__all__ = ["Names", "changed", "figures", "label", "readable"]

Names = Callable[[str], "str | None"]
"""How a text names an entity: an id in, the name a reader knows out (any other text unchanged; None, or a
``KeyError``, for a text it does not know, which is then shown as it is: a mapping's ``get`` will do)."""


def _as_is(text: str) -> str:
    return text


@functools.singledispatch
def readable(value: object, names: Names | None = None) -> str:
    """``value`` as a reader reads it: ``$38 billion``, ``about 27 % (as-converted, diluted)``, ``Microsoft:
    about 27 %; OpenAI Foundation: about 26 %``, a record as its parts in words; never a ``repr``.

    >>> from aitimeline import Money, Stake
    >>> readable((Money.of("38e9"), Stake.of("27%", qualifier="about")))
    '$38 billion, about 27 %'
    >>> readable(frozenset({"sam-altman", "bret-taylor"}), {"sam-altman": "Sam Altman"}.get)
    'Sam Altman, bret-taylor'

    Args:
        value: Any value a state, a record or an answer holds.
        names: How to name an entity from its id (``state.name``, a mapping's ``get``); ids as they are by
            default. A name it does not know (it returns None, or raises ``KeyError``) is shown as it is.
    """
    names = names or _as_is
    kind = type(value)
    if attrs.has(kind):
        return _own_str(value) or _fields_text(value, names)
    if isinstance(value, Mapping):
        return _mapping_text(value, names)
    return _own_str(value) or str(value)


def _own_str(value: object) -> str | None:
    """The value's own ``__str__``, if its class wrote one (not ``object``'s, nor a ``repr`` in disguise)."""
    for klass in type(value).__mro__:
        if "__str__" in vars(klass):
            method = vars(klass)["__str__"]
            if klass is object or method is vars(klass).get("__repr__"):
                return None
            return str(value)
        if "__repr__" in vars(klass) and klass is not object:
            return None  # a repr written below any __str__: str() would show it
    return None


def _name(names: Names | None, text: str) -> str:
    if names is None:
        return text
    try:
        return names(text) or text
    except KeyError:
        return text


def label(name: str) -> str:
    """A field's or an aspect's name as words: ``cloud_exclusivity`` → ``cloud exclusivity``."""
    return name.replace("_", " ").replace("-", " ").strip()


def _fields_text(value: Any, names: Names) -> str:
    """A record of fields as ``label: value; ...``, leaving out what it does not state (None, empty)."""
    parts = []
    for field in attrs.fields(type(value)):
        part = getattr(value, field.name)
        if part is None or part == () or part == "" or field.name.startswith("_"):
            continue
        parts.append(f"{label(field.name)}: {readable(part, names)}")
    return "; ".join(parts) or "nothing stated"


def _mapping_text(value: Mapping[Any, Any], names: Names) -> str:
    return "; ".join(f"{readable(k, names)}: {readable(v, names)}" for k, v in value.items()) or "none"


@readable.register(type(None))
def _none(value: None, names: Names = _as_is) -> str:
    return "none"


@readable.register(str)
def _str(value: str, names: Names = _as_is) -> str:
    return _name(names, value)


@readable.register(bool)
def _bool(value: bool, names: Names = _as_is) -> str:
    return "yes" if value else "no"


@readable.register(int)
def _int(value: int, names: Names = _as_is) -> str:
    return f"{value:,}"


@readable.register(Decimal)
def _decimal(value: Decimal, names: Names = _as_is) -> str:
    return f"{value.normalize():,f}"


@readable.register(Fraction)
def _fraction(value: Fraction, names: Names = _as_is) -> str:
    return f"{value.numerator}/{value.denominator}"


@readable.register(dt.date)
def _date(value: dt.date, names: Names = _as_is) -> str:
    return value.isoformat()


@readable.register(tuple)
@readable.register(list)
def _sequence(value: tuple[Any, ...] | list[Any], names: Names = _as_is) -> str:
    texts = [readable(v, names) for v in value]
    joiner = "; " if any(attrs.has(type(v)) or isinstance(v, Mapping) for v in value) else ", "
    return joiner.join(texts) or "none"


@readable.register(frozenset)
@readable.register(set)
def _set(value: frozenset[Any] | set[Any], names: Names = _as_is) -> str:
    return ", ".join(sorted(readable(v, names) for v in value)) or "none"


@readable.register(PartialDate)
def _partial_date(value: PartialDate, names: Names = _as_is) -> str:
    return str(value)


@readable.register(Organization)
@readable.register(Person)
def _entity(value: Organization | Person, names: Names = _as_is) -> str:
    return value.name


@readable.register(MetricValue)
def _metric(value: MetricValue, names: Names = _as_is) -> str:
    about = "; ".join(x for x in (value.period, value.basis) if x)
    return f"{value.value} ({about + '; ' if about else ''}reported {value.reported})"


@readable.register(RevenueShare)
def _revenue_share(value: RevenueShare, names: Names = _as_is) -> str:
    payer = _name(names, value.payer) if value.payer else "one party"
    payee = _name(names, value.payee) if value.payee else "the other"
    share = f"{value.share} of its revenue" if value.share is not None else "a share of its revenue"
    if value.ended:
        return f"{payer} no longer pays {payee} {share}"
    text = f"{payer} pays {payee} {share}"
    text += f", {value.until}" if value.until else ""
    text += f", capped at {value.cap}" if value.cap is not None else ""
    return text + (f" (“{value.stated}”)" if value.stated and value.share is None and not value.until else "")


_TERM_LABELS = {
    "cloud_exclusivity": "exclusive cloud",
    "api_exclusivity": "exclusive API",
    "compute_rofr": "right of first refusal on compute",
    "ip_rights_until": "rights to IP",
    "agi_declaration": "AGI clause",
}


@readable.register(Terms)
def _terms(value: Terms, names: Names = _as_is) -> str:
    parts = []
    for field in attrs.fields(Terms):
        part = getattr(value, field.name)
        if part is None or part == ():
            continue
        if field.name == "notes":
            parts.append(" ".join(part))
            continue
        text = readable(part, names)
        parts.append(text if field.name == "revenue_shares" else f"{_TERM_LABELS[field.name]}: {text}")
    return "; ".join(parts) or "no terms stated"


@readable.register(TermsVersion)
def _terms_version(value: TermsVersion, names: Names = _as_is) -> str:
    return f"{value.date}: {readable(value.terms, names)}"


@readable.register(Agreement)
def _agreement(value: Agreement, names: Names = _as_is) -> str:
    parties = " and ".join(_name(names, p) for p in value.parties)
    status = "in force" if value.in_force else "ended"
    since = f"signed {value.signed}" + (f", changed {value.changed}" if value.changed != value.signed else "")
    head = f"{value.title} ({parties}; {status}, {since})" if value.title else f"{parties} ({status}, {since})"
    return f"{head}: {readable(value.terms, names)}"


def figures(commitment: Commitment) -> str:
    """A commitment's capacity and amount as stated (``4.5 GW of data-centre, about $300 billion``), or that it
    states none."""
    gigawatts = commitment.gigawatts
    capacity = f"{gigawatts} of {commitment.capacity}" if gigawatts is not None and commitment.capacity else gigawatts
    stated = [str(x) for x in (capacity, commitment.amount) if x is not None]
    return ", ".join(stated) or "no figure stated"


@readable.register(Commitment)
def _commitment(value: Commitment, names: Names = _as_is) -> str:
    since = value.status_since or value.since
    text = f"{_name(names, value.buyer)} from {_name(names, value.supplier)}: {figures(value)}"
    text += f", {value.period}" if value.period else ""
    return text + f" ({label(value.status)} since {since})"


@readable.register(Tranche)
def _tranche(value: Tranche, names: Names = _as_is) -> str:
    size = f"{value.shares:,} shares" if value.shares is not None else "shares not disclosed"
    return f"{value.name} ({size}): {value.condition}"


@readable.register(Warrant)
def _warrant(value: Warrant, names: Names = _as_is) -> str:
    text = (
        f"{value.shares:,} shares of {_name(names, value.issuer)} for {_name(names, value.holder)} at "
        f"{value.exercise_price} a share; vested: {', '.join(value.vested) or 'none'}"
    )
    return text + (f"; exercised: {value.exercised:,} shares" if value.exercised else "")


@readable.register(Payment)
def _payment(value: Payment, names: Names = _as_is) -> str:
    text = str(value.amount)
    text += f" due {value.due}" if value.due is not None else ""
    return text + (f" on {value.condition}" if value.condition else "")


@readable.register(Participation)
def _participation(value: Participation, names: Names = _as_is) -> str:
    stated = [f"{x}" for x in (value.amount,) if x is not None]
    stated += [f"{value.paid} paid"] if value.paid is not None else []
    stated += [f"for {value.stake}"] if value.stake is not None else []
    stated += [str(value.instrument)] if value.instrument else []
    stated += [f"still due: {readable(value.tranches, names)}"] if value.tranches else []
    return f"{_name(names, value.investor)}: {', '.join(stated) or 'amount not disclosed'}"


@readable.register(Funding)
def _funding(value: Funding, names: Names = _as_is) -> str:
    parts = [f"committed {value.committed if value.committed is not None else 'not disclosed'}"]
    parts += [f"paid {value.paid if value.paid is not None else 'none reported'}"]
    parts += [f"still due: {readable(value.due, names)}"] if value.due else []
    disclosed = [f"{w} {m}" for w, m in (("committed", value.disclosed_committed), ("paid", value.disclosed_paid)) if m]
    if disclosed:
        parts += [
            f"disclosed: {', '.join(disclosed)}" + (f" as of {value.disclosed_as_of}" if value.disclosed_as_of else "")
        ]
    return "; ".join(parts)


@readable.register(CapLine)
def _cap_line(value: CapLine, names: Names = _as_is) -> str:
    text = f"{_name(names, value.holder)}: {value.stake} ({value.kind}"
    return text + (f", as of {value.as_of})" if value.as_of is not None else ")")


@readable.register(Round)
def _round(value: Round, names: Names = _as_is) -> str:
    raised = f"{value.raised} raised, " if value.raised is not None else ""
    return f"{_name(names, value.entity)} at {value.pre_money} before the money: {raised}{value.paid} paid in"


@readable.register(ProfitTier)
def _profit_tier(value: ProfitTier, names: Names = _as_is) -> str:
    return f"{value.share} of profits" + (f" until {value.until}" if value.until else "")


@readable.register(Interest)
def _interest(value: Interest, names: Names = _as_is) -> str:
    if value.kind == "equity":
        text = f"equity: {value.stake}"
    else:
        text = f"a share of profits: {readable(value.tiers, names)}"
        text += f", capped at {value.cap}" if value.cap is not None else ""
        text += f" ({value.cap_stated})" if value.cap_stated else ""
    return text + (f" (as of {value.as_of})" if value.as_of is not None else "")


@readable.register(StakeFigure)
def _stake_figure(value: StakeFigure, names: Names = _as_is) -> str:
    basis = f", {value.basis}" if value.stake.basis is None else ""
    return (
        f"{value.stake} of {_name(names, value.entity)} for {_name(names, value.holder)}{basis} (as of {value.as_of})"
    )


@readable.register(Alternative)
def _alternative(value: Alternative, names: Names = _as_is) -> str:
    text = f"{label(value.field)}: {value.value}, by {'; '.join(map(str, value.sources))}"
    return text + (f" ({value.note})" if value.note else "")


@readable.register(Reconciliation)
def _reconciliation(value: Reconciliation, names: Names = _as_is) -> str:
    subject = " in ".join(_name(names, s) for s in value.subject)
    derived = "nothing on the record" if value.derived is None else str(value.derived)
    verdict = "agrees" if value.agrees else "disagrees"
    return f"{value.what} of {subject} on {value.date}: reported {value.reported}, derived {derived} ({verdict})"


_WORD_FIELDS = frozenset({"stage", "capacity", "status"})
"""Fields that hold a registered word (``letter-of-intent``), read as words (``letter of intent``)."""

_UNSHOWN_CHANGES = frozenset({"versions", "committed_by", "paid_by", "disclosed_by", "event_id", "derived_from"})
"""Fields a change does not list: an agreement's every version (its terms' change says what the new one did), and
the events behind a figure (``explain`` lists them)."""


def changed(before: object, after: object, names: Names | None = None) -> str:
    """What changed from ``before`` to ``after``, in words: for two records of one type, the fields that changed
    (``amount: $38 billion → $138 billion; stage: letter of intent → definitive``); for two mappings, the entries
    added, removed or changed; for two collections of ids, who came and who left; else ``before → after``.

    A change too small to show at the figures' precision reads ``about 27 % (unchanged as shown)``.

    >>> changed(("sam-altman",), ("mira-murati",))
    'sam-altman → mira-murati'
    >>> changed(frozenset({"a", "b"}), frozenset({"b", "c"}))
    'added c; removed a'
    """
    names = names or _as_is
    old_text, new_text = readable(before, names), readable(after, names)
    if old_text == new_text:  # a change below the precision shown, or the same figure reported again
        return f"{new_text} (unchanged as shown)"
    if before is None or after is None:
        return f"{old_text} → {new_text}"
    kind = type(before)
    if kind is type(after) and attrs.has(kind) and _own_str(before) is None:
        parts = []
        for field in attrs.fields(kind):
            old, new = getattr(before, field.name), getattr(after, field.name)
            if field.name not in _UNSHOWN_CHANGES and readable(old, names) != readable(new, names):
                if field.name in _WORD_FIELDS and isinstance(old, str) and isinstance(new, str):
                    old, new = label(old), label(new)  # a registered word, in words: letter of intent
                parts.append(f"{label(field.name)}: {changed(old, new, names)}")
        return "; ".join(parts) or f"{new_text} (unchanged as shown)"
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        parts = [f"added {readable(k, names)}: {readable(v, names)}" for k, v in after.items() if k not in before]
        parts += [f"removed {readable(k, names)}" for k in before if k not in after]
        parts += [
            f"{readable(k, names)}: {changed(v, after[k], names)}"
            for k, v in before.items()
            if k in after and readable(after[k], names) != readable(v, names)
        ]
        return "; ".join(parts) or f"{new_text} (unchanged as shown)"
    if _records(before) and _records(after):  # records with ids: which came, which left, which changed
        old_ids = {r.id: r for r in before}  # type: ignore[attr-defined]
        new_ids = {r.id: r for r in after}  # type: ignore[attr-defined]
        parts = [f"added {readable(r, names)}" for i, r in new_ids.items() if i not in old_ids]
        parts += [f"removed {readable(r, names)}" for i, r in old_ids.items() if i not in new_ids]
        parts += [
            f"{i}: {changed(r, new_ids[i], names)}"
            for i, r in old_ids.items()
            if i in new_ids and readable(new_ids[i], names) != readable(r, names)
        ]
        return "; ".join(parts) or f"{new_text} (unchanged as shown)"
    if (
        isinstance(before, tuple | frozenset | set)
        and isinstance(after, tuple | frozenset | set)
        and _ids(before)
        and _ids(after)
        and (len(before) > 1 or len(after) > 1)
    ):
        came = sorted(readable(i, names) for i in after if i not in before)
        left = sorted(readable(i, names) for i in before if i not in after)
        parts = [f"added {', '.join(came)}"] if came else []
        parts += [f"removed {', '.join(left)}"] if left else []
        return "; ".join(parts) or f"{old_text} → {new_text}"
    return f"{readable(before, names)} → {readable(after, names)}"


def _records(value: object) -> bool:
    return isinstance(value, tuple) and all(attrs.has(type(v)) and hasattr(v, "id") for v in value)


def _ids(value: object) -> bool:
    return isinstance(value, tuple | frozenset | set) and all(isinstance(v, str) for v in value)
