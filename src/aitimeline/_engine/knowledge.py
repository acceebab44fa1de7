"""What was known when: the events as they stood at a knowledge horizon.

An event counts as known at ``k`` when its ``recorded`` date (the end of its period, for a partial date) is on or
before ``k``. Among the events known at ``k``:

- a :class:`~aitimeline.events.Retracted` event withdraws its target: the target is left out, as if never recorded.
  A retraction that is itself withdrawn withdraws nothing, so retracting a retraction restores its target, and
  so on down any chain; an event cannot retract itself, and retractions cannot form a cycle;
- a :class:`~aitimeline.events.Corrected` event replaces the named fields of its target, corrections applying in the
  order they were recorded; the corrected event keeps its id;
- corrections and retractions themselves stay on the record: they are replayed (they change nothing) and listed.

Nothing here edits or deletes an event: the functions return new lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from aitimeline._core.checks import unknown_field
from aitimeline._core.errors import AitimelineError, FieldError, Problem

from .events import Event, Origin, replay_order

__all__ = ["Corrected", "Retracted", "check_references", "corrected", "effective_events", "withdrawn"]


# --- the two events of knowledge time ---------------------------------------------------------------------------------


def _fields_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _not_itself(instance: Event, attribute: attrs.Attribute[Any], value: str) -> None:
    if value == instance.id:
        raise FieldError(attribute.name, f"an event cannot {attribute.name[:-1]} itself ({value!r})")


def _correctable(instance: Corrected, attribute: attrs.Attribute[Any], value: Mapping[str, Any]) -> None:
    if not value:
        raise FieldError(attribute.name, "a correction names at least one field")
    for name in value:
        if name in ("id", "type", "recorded", "sources"):
            raise FieldError(f"{attribute.name}.{name}", f"{name!r} cannot be corrected")


@attrs.frozen(kw_only=True, repr=False)
class Corrected(Event):
    """A later report corrected named fields of an earlier event.

    The correction is an event of its own, with its own date, ``recorded`` date and sources; it edits nothing.
    Known at or after its ``recorded`` date, every answer is as if ``corrects`` had been written with these
    fields; known before, answers are as the original said. ``fields`` maps field names to new values of the
    fields' own types (``{"amount": Money.of("2000000000")}``); in an event file they are written as the field
    would be (``amount = { value = "2000000000", currency = "USD" }``) and the loader types them once it knows
    the corrected event's type. A corrected ``date`` moves the event in valid time.
    """

    corrects: str = attrs.field(validator=_not_itself)
    fields: Mapping[str, Any] = attrs.field(converter=_fields_map, validator=_correctable)


@attrs.frozen(kw_only=True, repr=False)
class Retracted(Event):
    """A later report withdrew an earlier event: known at or after its ``recorded`` date, every answer is as if
    the retracted event had never been recorded. It deletes nothing: both stay in ``Timeline.events``."""

    retracts: str = attrs.field(validator=_not_itself)
    reason: str | None = None


# --- the events as known at a horizon ---------------------------------------------------------------------------------


def corrected(target: Event, correction: Corrected) -> Event:
    """``target`` with the fields ``correction`` names replaced by its values (already of the fields' types).

    Raises:
        EventValidationError: A corrected value does not fit its field (the event checks itself).
    """
    return attrs.evolve(target, **correction.fields)


def check_references(
    revisions: Sequence[Event], by_id: Mapping[str, Event], origins: Mapping[str, Origin]
) -> list[Problem]:
    """Every correction and retraction (in ``revisions``) must name an event of ``by_id`` recorded no later than
    itself, and a correction must name fields its target has, with values that fit them."""
    problems: list[Problem] = []
    for cycle in retraction_cycles(revisions):
        file = origins.get(cycle[0], Origin()).file
        loop = " -> ".join([*cycle, cycle[0]])
        problems.append(Problem(file, cycle[0], "retracts", f"retractions form a cycle ({loop})"))
    for event in revisions:
        if not isinstance(event, Corrected | Retracted):
            continue
        file = origins.get(event.id, Origin()).file
        field = "corrects" if isinstance(event, Corrected) else "retracts"
        target_id = event.corrects if isinstance(event, Corrected) else event.retracts
        target = by_id.get(target_id)
        if target is None:
            problems.append(Problem(file, event.id, field, f"no event {target_id!r} to {field[:-1]}"))
            continue
        if target.recorded.effective > event.recorded.effective:
            problems.append(
                Problem(file, event.id, "recorded", f"recorded before the event it {field} ({target.recorded})")
            )
        if isinstance(event, Corrected):
            names = attrs.fields_dict(type(target))
            unknown = [name for name in event.fields if name not in names]
            for name in unknown:
                problems.append(Problem(file, event.id, f"fields.{name}", unknown_field(type(target), name)))
            if not unknown:
                try:
                    corrected(target, event)
                except AitimelineError as exc:
                    for p in getattr(exc, "problems", ()) or (Problem(None, None, "", str(exc)),):
                        path = f"fields.{p.path}" if p.path else "fields"
                        problems.append(Problem(file, event.id, path, f"the corrected event is invalid: {p.message}"))
    return problems


def effective_events(
    known: Sequence[Event], origins: Mapping[str, Origin]
) -> tuple[list[Event], dict[str, tuple[str, ...]]]:
    """The events as they stand given exactly ``known`` (in replay order), with corrections applied and
    retracted events left out, in replay order; and, for each corrected event, the corrections applied to it.

    ``known`` must have passed :func:`check_references`.
    """
    retracted = withdrawn(known)
    corrections = [e for e in known if isinstance(e, Corrected) and e.id not in retracted]
    if not retracted and not corrections:
        return list(known), {}
    corrections.sort(key=lambda c: (c.recorded, c.date, c.id))
    by_id = {e.id: e for e in known}
    targeting: dict[str, list[Corrected]] = {}  # each event's corrections, in the order they apply
    for correction in corrections:
        if correction.corrects not in retracted and correction.corrects in by_id:
            targeting.setdefault(correction.corrects, []).append(correction)
    versions: dict[str, Event] = {}
    applied: dict[str, tuple[str, ...]] = {}
    for target_id in targeting:
        _version(target_id, by_id, targeting, versions, applied, set())
    out = [versions.get(e.id, e) for e in known if e.id not in retracted]
    if any(v.date != by_id[i].date for i, v in versions.items()):  # only a corrected date can move an event
        out.sort(key=replay_order(origins))
    return out, applied


def _version(
    event_id: str,
    by_id: Mapping[str, Event],
    targeting: Mapping[str, list[Corrected]],
    versions: dict[str, Event],
    applied: dict[str, tuple[str, ...]],
    underway: set[str],
) -> Event:
    """``event_id``'s event as its corrections make it, each correction as corrected in turn (a correction of a
    correction changes what the correction applies); kept in ``versions`` and ``applied``. ``underway`` guards
    against corrections that correct each other (then the inner one applies as written)."""
    if event_id in versions:
        return versions[event_id]
    event = by_id[event_id]
    if event_id not in targeting or event_id in underway:
        return event
    underway.add(event_id)
    ids: list[str] = []
    for correction in targeting[event_id]:
        as_corrected = _version(correction.id, by_id, targeting, versions, applied, underway)
        assert isinstance(as_corrected, Corrected)  # a correction corrected in turn is still a correction
        event = corrected(event, as_corrected)
        ids.append(correction.id)
    underway.discard(event_id)
    versions[event_id] = event
    applied[event_id] = tuple(ids)
    return event


def withdrawn(known: Sequence[Event]) -> set[str]:
    """The ids of the events withdrawn among ``known``: those with a retraction that is not itself withdrawn.

    Each retraction names one target, so the retractions form chains and trees; an event is withdrawn when any
    retraction of it stands, and a retraction stands when nothing withdraws it. Computed without recursion (a
    chain may be long). ``known`` must have passed :func:`check_references` (no cycles).
    """
    retractions: dict[str, list[str]] = {}
    for e in known:
        if isinstance(e, Retracted):
            retractions.setdefault(e.retracts, []).append(e.id)
    if not retractions:
        return set()
    stands: dict[str, bool] = {}  # event id -> True when it is not withdrawn
    for root in retractions:
        stack = [root]
        while stack:
            node = stack[-1]
            if node in stands:
                stack.pop()
                continue
            pending = [r for r in retractions.get(node, ()) if r not in stands and r != node]
            if pending:
                stack += pending
                continue
            stack.pop()
            stands[node] = not any(stands.get(r, True) for r in retractions.get(node, ()) if r != node)
    return {i for i, ok in stands.items() if not ok}


def retraction_cycles(revisions: Sequence[Event]) -> list[list[str]]:
    """Every cycle of retractions (``a`` retracts ``b`` which retracts ``a``), each as the ids in it."""
    target = {e.id: e.retracts for e in revisions if isinstance(e, Retracted)}
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in target:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node in target and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = target[node]
        if node is not None and node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles
