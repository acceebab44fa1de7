"""Replay: the pure step from (state, event) to state, and the fold of it over a record.

:func:`step` is the definition: it copies the state, applies one event and returns the new state. :func:`replay`
folds it; it is the naive reference that the index (``index.py``, the fast path) is tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aitimeline._core.entities import Entity
from aitimeline._core.errors import AitimelineError, InvariantViolation
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary
from aitimeline.keys import Key

from .events import Event, reference_problems

__all__ = ["as_violation", "replay", "step"]


class _DictWriter:
    """A writer over a plain dict: the naive reference."""

    __slots__ = ("data", "words")

    def __init__(self, data: dict[Key, Any], words: Vocabulary) -> None:
        self.data = data
        self.words = words

    def get(self, key: Key) -> Any:
        return self.data.get(key)

    def set(self, key: Key, value: object) -> None:
        self.data[key] = value


def step(
    state: Mapping[Key, Any], event: Event, entities: Mapping[str, Entity], words: Vocabulary = BUILTIN_WORDS
) -> dict[Key, Any]:
    """Apply one event to a state, purely: ``state`` is left as it was.

    Args:
        state: The state before the event, as a mapping of keys to values.
        event: The event to apply.
        entities: The entity directory, by id.
        words: The registered words (roles, metrics...); by default the built-in ones.

    Returns:
        The state after the event, a new mapping.

    Raises:
        InvariantViolation: The event names an unknown entity (or one of the wrong kind) or an unregistered
            word, or cannot happen in ``state``.
    """
    for field, message in reference_problems(event, entities, words):
        raise InvariantViolation(message, field)
    writer = _DictWriter(dict(state), words)
    try:
        event.apply(writer)
    except InvariantViolation:
        raise
    except AitimelineError as exc:  # a value the event built is invalid: the event cannot happen as recorded
        raise InvariantViolation(*reversed(as_violation(exc))) from exc
    return writer.data


def as_violation(exc: AitimelineError) -> tuple[str, str]:
    """``(field, message)`` of an error an event's ``apply`` raised: an :class:`InvariantViolation` as it is,
    any other of the library's errors (a value that checked itself) with its first problem's field."""
    if isinstance(exc, InvariantViolation):
        return exc.field, exc.message
    problems = getattr(exc, "problems", ())
    if problems:
        return problems[0].path, "; ".join(p.message for p in problems)
    return getattr(exc, "field", ""), str(exc)


def replay(
    events: Iterable[Event],
    entities: Mapping[str, Entity],
    *,
    skip_invalid: bool = False,
    words: Vocabulary = BUILTIN_WORDS,
) -> dict[Key, Any]:
    """Fold :func:`step` over events already in replay order: the naive reference for the index.

    Args:
        events: Events in replay order.
        entities: The entity directory, by id.
        skip_invalid: Skip an event that cannot happen (as answers known at a past date do) instead of raising.
        words: The registered words; by default the built-in ones.

    Raises:
        InvariantViolation: An event cannot happen, unless ``skip_invalid``.
    """
    state: dict[Key, Any] = {}
    for event in events:
        try:
            state = step(state, event, entities, words)
        except InvariantViolation:
            if not skip_invalid:
                raise
    return state
