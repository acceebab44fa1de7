"""The library's exceptions.

Every exception raised on purpose by aitimeline derives from :class:`AitimelineError`, and each specific one also
derives from the built-in that fits it, so ``except ValueError`` keeps working for callers who expect it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AitimelineError",
    "ConflictError",
    "CurrencyError",
    "DateError",
    "DateRangeError",
    "DuplicateEntityError",
    "DuplicateEventError",
    "EventValidationError",
    "FieldError",
    "InvariantViolation",
    "LoadError",
    "Problem",
    "RegistrationError",
    "ReplayError",
    "UnknownEntityError",
    "UnknownEventTypeError",
]


MAX_MESSAGE = 500
"""The longest message a :class:`Problem` keeps (characters): a user's text is quoted, never repeated whole."""


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis and the full length when cut.

    >>> shorten("x" * 1000, 30)
    'xxxxxxxxxx… (1,000 characters)'
    """
    if len(text) <= limit:
        return text
    tail = f"… ({len(text):,} characters)"
    return text[: max(limit - len(tail), 1)] + tail


class AitimelineError(Exception):
    """Root of every error aitimeline raises on purpose."""


class DateError(AitimelineError, ValueError):
    """A date could not be read: unparseable, ambiguous (``01/02/2023``) or incomplete (no year)."""


class DateRangeError(DateError):
    """A range of dates whose end is before its start (``between`` and ``diff`` both refuse one)."""


class UnknownEntityError(AitimelineError, KeyError):
    """A query named an entity id that the timeline does not list (often a typo)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownEventTypeError(AitimelineError, KeyError):
    """An event names a type that the registry does not know."""

    def __str__(self) -> str:
        # KeyError quotes its argument; a readable message is more useful here.
        return str(self.args[0]) if self.args else ""


def _short_id(value: str | None) -> str | None:
    return None if value is None else shorten(value, 120)


def _short_path(value: str) -> str:
    return shorten(value, 200)


def _short_message(value: str) -> str:
    return shorten(value, MAX_MESSAGE)


@attrs.frozen
class Problem:
    """One thing wrong with the input: where it is and what is wrong.

    Attributes:
        file: The file it was found in, or None for events built in code.
        event_id: The event's id, or None when the problem is not in one event.
        path: The field path inside the event or file, such as ``amount.low``; empty when it is the whole item.
        message: What is wrong, in words.
    """

    file: str | None
    event_id: str | None = attrs.field(converter=_short_id)
    path: str = attrs.field(converter=_short_path)
    message: str = attrs.field(converter=_short_message)

    def __str__(self) -> str:
        where = [self.file or "<code>"]
        if self.event_id:
            where.append(f"event {self.event_id!r}")
        if self.path:
            where.append(f"field {self.path}")
        return f"{', '.join(where)}: {self.message}"


class _ProblemsError(AitimelineError, ValueError):
    """Base for errors that carry a list of problems, every one of them reported, not just the first."""

    problems: tuple[Problem, ...]

    def __init__(self, headline: str, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"{headline} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class EventValidationError(_ProblemsError):
    """Events or their fields are malformed: a missing field, a float where money is expected, a bad date."""


class FieldError(EventValidationError):
    """One field's value is invalid; ``field`` names it (``amount.low``, ``sources[0].title``).

    Raised by the validators of values and events while they are built, and by an event built in code with a
    value of the wrong type. ``str()`` is the message alone; ``problems`` holds it as one :class:`Problem`.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, [Problem(None, None, field, message)])
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class LoadError(EventValidationError):
    """A folder of event files could not be loaded; ``problems`` lists every file, event id and field at fault."""


class DuplicateEventError(EventValidationError):
    """Two events share one id; ids must be unique in a timeline."""


class DuplicateEntityError(EventValidationError):
    """Two entities share one id (for example a folder loaded on top of the shipped record lists ``microsoft``
    again); ids must be unique in a timeline."""


class RegistrationError(AitimelineError, TypeError):
    """An event class cannot be registered: not a frozen attrs subclass of :class:`~aitimeline.Event`, not named
    in the past tense, a field of a type that cannot be read from a file, or a name already taken."""


class CurrencyError(AitimelineError, ValueError):
    """Amounts in two currencies were added (or totalled): they do not add without a conversion the record does
    not make."""


class ConflictError(AitimelineError, RuntimeError):
    """A write was refused because the folder is no longer as the writer saw it: another write landed since the
    version it names, or a file of the same name exists. Nothing was written; load the folder again, check, and
    retry."""


class ReplayError(_ProblemsError):
    """Replaying the events broke an invariant: an unknown entity, a role ended that was not held, stakes in one
    entity above 100 %, and so on. ``problems`` names each event id and its file."""


class InvariantViolation(AitimelineError, ValueError):
    """Raised by an event's ``apply`` when the event cannot happen in the current state.

    Event types (built-in or a user's own) raise it; replay catches it, skips the event, and reports it in a
    :class:`ReplayError` with the event id and file.

    Args:
        message: What is wrong, in words.
        field: The event field at fault, such as ``person``.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
