"""The library's exceptions, grouped by what went wrong.

Every exception raised on purpose by aitimeline derives from :class:`AitimelineError`, and each specific one also
derives from the built-in that fits it, so ``except ValueError`` (or ``KeyError``...) keeps working for callers
who expect it::

    AitimelineError
    ├── LoadError                  a folder or file could not be read: missing, unreadable, bad TOML, bad events
    ├── EventValidationError       an event is invalid
    │   └── FieldError             one field of an event or a value is invalid
    ├── ReplayError                replaying the events broke the record's invariants
    │   └── InvariantViolation     one event cannot happen in the state before it
    ├── UnknownNameError           a name that is not known (a KeyError, with the closest names)
    │   ├── UnknownEntityError
    │   ├── UnknownEventTypeError
    │   └── UnknownWordError
    ├── ConflictError              two things claim one place: a write on a stale folder, two ids alike
    │   ├── DuplicateEventError
    │   └── DuplicateEntityError
    ├── RegistrationError          an event class that cannot be registered
    ├── DateError                  a date that cannot be read
    │   └── DateRangeError         a range of dates that ends before it starts
    └── UnitError                  amounts of two units combined
        └── CurrencyError          amounts of two currencies combined

Every error keeps its constructor's arguments in ``args`` and renders its text in ``__str__``, so it pickles: an
error raised in a worker process reaches the parent as the same class, with the same message and problems.
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
    "UnitError",
    "UnknownEntityError",
    "UnknownEventTypeError",
    "UnknownNameError",
    "UnknownWordError",
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


class AitimelineError(Exception):
    """Root of every error aitimeline raises on purpose."""


class _ProblemsError(AitimelineError, ValueError):
    """Base for errors that carry a list of problems, every one of them reported, not just the first.

    Args:
        headline: What failed, such as ``cannot load events/``.
        problems: Every problem found, each naming its file, event id and field.
    """

    headline: str
    problems: tuple[Problem, ...]

    def __init__(self, headline: str, problems: Iterable[Problem]) -> None:
        self.headline = headline
        self.problems = tuple(problems)
        super().__init__(headline, self.problems)  # the arguments, as pickle rebuilds the error from them

    def __str__(self) -> str:
        count = len(self.problems)
        return "\n".join(
            [f"{self.headline} ({count} problem{'s' if count != 1 else ''}):"] + [f"  - {p}" for p in self.problems]
        )


# --- reading a folder or a file -------------------------------------------------------------------------------


class LoadError(_ProblemsError):
    """A folder of event files (or one file) could not be loaded: the folder is missing, a file cannot be read or
    is not valid TOML, an event in it is invalid, or replaying the events breaks the record. ``problems`` lists
    every file, event id and field at fault."""


# --- an invalid event -----------------------------------------------------------------------------------------


class EventValidationError(_ProblemsError):
    """Events or their fields are malformed: a missing field, a float where money is expected, a bad date."""


class FieldError(EventValidationError):
    """One field's value is invalid; ``field`` names it (``amount.low``, ``sources[0].title``).

    Raised by the validators of values and events while they are built, and by an event built in code with a
    value of the wrong type. ``str()`` is the message alone; ``problems`` holds it as one :class:`Problem`.

    Args:
        field: The field at fault, such as ``amount.low``; empty when it is the whole value.
        message: What is wrong, in words.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, [Problem(None, None, field, message)])
        self.args = (field, message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


# --- replaying the events -------------------------------------------------------------------------------------


class ReplayError(_ProblemsError):
    """Replaying the events broke an invariant: an unknown entity, a role ended that was not held, stakes in one
    entity above 100 %, and so on. ``problems`` names each event id and its file."""


class InvariantViolation(ReplayError):
    """Raised by an event's ``apply`` when the event cannot happen in the current state.

    Event types (built-in or a user's own) raise it; replay catches it, skips the event, and reports it in a
    :class:`ReplayError` with the event id and file. ``str()`` is the message alone; ``problems`` holds it as one
    :class:`Problem`.

    Args:
        message: What is wrong, in words.
        field: The event field at fault, such as ``person``.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, [Problem(None, None, field, message)])
        self.args = (message, field)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


# --- a name that is not known ---------------------------------------------------------------------------------


class UnknownNameError(AitimelineError, KeyError):
    """A name that is not known: an entity id, an event type, a registered word (often a typo).

    ``str()`` is the message (not quoted, as a plain ``KeyError``'s would be).

    Args:
        message: What is unknown, with the closest names when there are some.
        name: The name asked for.
        suggestions: The closest known names, best first; empty when none is close.
    """

    def __init__(self, message: str, name: object = None, suggestions: Iterable[str] = ()) -> None:
        self.message = message
        self.name = name
        self.suggestions = tuple(suggestions)
        super().__init__(message, name, self.suggestions)

    def __str__(self) -> str:
        return self.message


class UnknownEntityError(UnknownNameError):
    """A query named an entity id that the timeline does not list (often a typo); ``suggestions`` holds the ids
    whose names or aliases match it."""


class UnknownEventTypeError(UnknownNameError):
    """An event names a type that the registry does not know; ``suggestions`` holds the closest type name."""


class UnknownWordError(UnknownNameError):
    """A query named a word (a role, a metric...) that is not registered: often a typo (``"CEO"`` for ``"ceo"``);
    the message and ``suggestions`` hold the closest registered words."""


# --- a conflict -----------------------------------------------------------------------------------------------


class ConflictError(AitimelineError, RuntimeError):
    """Two things claim one place: a write was refused because the folder is no longer as the writer saw it
    (another write landed since the version it names, or a file of the same name exists), or two events or two
    entities share one id (its subclasses). After a refused write nothing was written; load the folder again,
    check, and retry."""


class DuplicateEventError(ConflictError, _ProblemsError):
    """Two events share one id; ids must be unique in a timeline. ``problems`` names each id and its files."""


class DuplicateEntityError(ConflictError, _ProblemsError):
    """Two entities share one id (for example a folder loaded on top of the shipped record lists ``microsoft``
    again); ids must be unique in a timeline. ``problems`` names each id and its files."""


# --- everything else ------------------------------------------------------------------------------------------


class RegistrationError(AitimelineError, TypeError):
    """An event class cannot be registered: not a frozen attrs subclass of :class:`~aitimeline.Event`, not named
    in the past tense, a field of a type that cannot be read from a file, or a name already taken."""


class DateError(AitimelineError, ValueError):
    """A date could not be read: unparseable, ambiguous (``01/02/2023``) or incomplete (no year)."""


class DateRangeError(DateError):
    """A range of dates whose end is before its start (``between`` and ``diff`` both refuse one)."""


class UnitError(AitimelineError, ValueError):
    """Quantities of two units were added (gigawatts and staff): they do not add."""


class CurrencyError(UnitError):
    """Amounts in two currencies were added (or totalled): they do not add without a conversion the record does
    not make."""
