"""Every error aitimeline raises on purpose, with :class:`AitimelineError` at the root.

Each also derives from the built-in that fits it (``ValueError``, ``KeyError``...), so ``except ValueError``
keeps working; each keeps its constructor's arguments, so it pickles (an error raised in a worker process reaches
the parent whole).
"""

from __future__ import annotations

from ._core.errors import (
    AitimelineError,
    ConflictError,
    CurrencyError,
    DateError,
    DateRangeError,
    DuplicateEntityError,
    DuplicateEventError,
    EventValidationError,
    FieldError,
    InvariantViolation,
    LoadError,
    Problem,
    RegistrationError,
    ReplayError,
    UnitError,
    UnknownEntityError,
    UnknownEventTypeError,
    UnknownNameError,
    UnknownWordError,
)

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
