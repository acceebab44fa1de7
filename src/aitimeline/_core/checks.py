"""Does a value fit a type hint: the one checker of the type rules, and their words.

Events check their arguments with :func:`fit_check` (``aitimeline._engine.events``), the values of
:mod:`aitimeline._core.values` check their fields with it (:func:`typed_fields`), and the converter checks the
scalars it reads from a file with it: a value of the wrong type gets one message, whether it was built in code or
read from a file.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, Literal

import attrs

from .dates import PartialDate
from .errors import EventValidationError, FieldError, Problem, shorten

__all__ = [
    "Check",
    "Found",
    "add_problems",
    "always_fit",
    "describe",
    "fit_check",
    "fit_validator",
    "refusal",
    "typed_fields",
    "unknown_field",
]

Found = list[tuple[str, str]] | None
"""(field path, what is wrong) for each problem; None when there is none."""

Check = Callable[[object], list[tuple[str, str]] | None]
"""The check of one type hint: None when a value fits, else ``(sub-path such as [2], what is wrong)`` for each
problem."""

_NAMES: dict[object, str] = {PartialDate: "a date such as '2023-11-17'", type(None): "None", tuple: "a tuple"}


def describe(value: object) -> str:
    return f"{type(value).__name__} {shorten(repr(value), 60)}"


def _float_hint(value: object) -> str:
    return " (a float loses precision: pass a string such as '0.1' or a Decimal)" if isinstance(value, float) else ""


def _hint_name(hint: Any) -> str:
    if typing.get_origin(hint) is Literal:
        return "one of " + ", ".join(map(repr, typing.get_args(hint)))
    return _NAMES.get(hint) or str(getattr(hint, "__name__", hint))


_CHECKS: dict[object, Check | None] = {}


def fit_check(hint: Any) -> Check | None:
    """The check of ``hint``, or None where any value fits; made once per hint.

    The one owner of "does this value fit this type": an event's ``__init__`` checks its arguments with it, a
    value's fields are checked with it (:func:`typed_fields`), and the converter checks the scalars it reads from
    a file with it, so a value gets the same message either way.
    ``str``, ``int`` and ``bool`` are exact (``True`` is not an ``int``); a ``Literal`` takes its values only,
    of their own types, and suggests the nearest word; ``X | None`` says what is wrong with the value as an ``X``;
    ``tuple[X, ...]`` takes a tuple whose every item fits ``X``.
    """
    try:
        return _CHECKS[hint]
    except KeyError:
        found = _CHECKS[hint] = _build_check(hint)
        return found
    except TypeError:  # an unhashable hint (Annotated with a list...): built each time
        return _build_check(hint)


def _build_check(hint: Any) -> Check | None:
    if hint is Any or hint is object:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _union(args)
    if origin is Literal:
        return _literal(args)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _items(fit_check(args[0]))
    if origin is not None and isinstance(origin, type):
        return _instance_of(origin, _hint_name(origin))
    if hint in (str, bool, int, type(None)):
        return _exactly(hint)
    if isinstance(hint, type):
        return _instance_of(hint, _hint_name(hint))
    return None


def _union(args: tuple[Any, ...]) -> Check | None:
    options = [fit_check(a) for a in args]
    if any(o is None for o in options):
        return None
    if len(args) == 2 and type(None) in args:  # X | None: what is wrong with the value as an X
        inner = options[1 - args.index(type(None))]
        assert inner is not None
        return lambda value: None if value is None else inner(value)
    names = " or ".join(map(_hint_name, args))
    checks = [o for o in options if o is not None]

    def union(value: object) -> list[tuple[str, str]] | None:
        if any(check(value) is None for check in checks):
            return None
        return [("", f"expected {names}, got {describe(value)}{_float_hint(value)}")]

    return union


def _literal(allowed: tuple[Any, ...]) -> Check:
    words = frozenset((type(a), a) for a in allowed)  # with its type: True is not 1

    def literal(value: object) -> list[tuple[str, str]] | None:
        try:
            if (type(value), value) in words:
                return None
        except TypeError:  # an unhashable value is no word
            pass
        texts = [a for a in allowed if isinstance(a, str)]
        close = _closest(value, texts) if isinstance(value, str) else None
        hint = f" (did you mean {close!r}?)" if close else ""
        return [("", f"{shorten(repr(value), 60)} is not one of {', '.join(map(repr, allowed))}{hint}")]

    return literal


def _closest(word: str, words: Iterable[str]) -> str | None:
    import difflib  # only a word that is not allowed needs it

    close = difflib.get_close_matches(word, list(words), n=1)
    return close[0] if close else None


def _items(item: Check | None) -> Check:
    def items(value: object) -> list[tuple[str, str]] | None:
        if not isinstance(value, tuple):
            if isinstance(value, list | set | frozenset):  # in code: a mutable sequence where an event keeps a tuple
                return [("", f"expected a tuple, got {describe(value)}")]
            return [("", f'expected an array such as ["a", "b"], got {describe(value)}')]
        found = None
        if item is not None:
            for i, element in enumerate(value):
                problems = item(element)
                if problems is not None:
                    found = add_problems(found, f"[{i}]", problems)
        return found

    return items


def _exactly(kind: type) -> Check:
    name = _hint_name(kind)

    def check(value: object) -> list[tuple[str, str]] | None:
        return None if type(value) is kind else [("", f"expected {name}, got {describe(value)}")]

    return check


def _instance_of(cls: type, name: str) -> Check:
    def check(value: object) -> list[tuple[str, str]] | None:
        if isinstance(value, cls):
            return None
        return [("", f"expected {name}, got {describe(value)}{_float_hint(value)}")]

    return check


def always_fit(hint: Any) -> frozenset[type]:
    """The types whose every value fits ``hint`` (exact types only; a union adds its members'), for a fast path."""
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return frozenset().union(*map(always_fit, typing.get_args(hint)))
    if origin is None and isinstance(hint, type) and hint is not tuple:
        return frozenset({hint})
    return frozenset()


def unknown_field(cls: type, name: str) -> str:
    """The message for a field ``cls`` does not have (in code as in a file), with the nearest name it has."""
    close = _closest(name, (f.name for f in attrs.fields(cls) if f.init)) if attrs.has(cls) else None
    return f"{cls.__name__} has no field {name!r}" + (f" (did you mean {close!r}?)" if close else "")


def add_problems(found: Found, path: str, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``found`` (None or a list) with ``problems`` of the value at ``path``, each at ``path`` and its own
    sub-path."""
    out = found if found is not None else []
    out += [(path + sub, message) for sub, message in problems]
    return out


def refusal(problems: list[tuple[str, str]]) -> EventValidationError:
    """The error of a value the checker refused: a :class:`FieldError` for one problem, else every problem."""
    if len(problems) == 1:
        return FieldError(*problems[0])
    return EventValidationError("invalid value", [Problem(None, None, p, m) for p, m in problems])


_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def fit_validator(hint: Any) -> _Validator | None:
    """An attrs validator that refuses a value not fitting ``hint``, with :func:`fit_check`'s words and the
    field's name before each problem's sub-path; None where any value fits. A value of a type that always fits
    (and a tuple whose every item is of one) passes after one set lookup."""
    check = fit_check(hint)
    if check is None:
        return None
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        items = always_fit(args[0])

        def items_fit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
            if type(value) is tuple and all(map(items.__contains__, map(type, value))):
                return
            problems = check(value)
            if problems is not None:
                raise refusal([(attribute.name + sub, message) for sub, message in problems])

        return items_fit
    fit = always_fit(hint)

    def fits(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) in fit:
            return
        problems = check(value)
        if problems is not None:
            raise refusal([(attribute.name + sub, message) for sub, message in problems])

    return fits


def typed_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """An attrs ``field_transformer`` that checks each field's value against the field's type with
    :func:`fit_check`, before the field's own validators: a value class declared with it refuses a value of the
    wrong type with the words an event uses, and the converter uses, for the same value.

    A field with a converter is checked once converted, only when it holds a tuple (a converter that reads a
    number or a date refuses what it cannot read itself; one that makes a tuple does not look at the items).
    The field's annotation must name types importable from its class's module.
    """
    namespace = vars(sys.modules[cls.__module__])
    for f in fields:
        hint = _hint(f.type, namespace)
        if f.converter is not None and typing.get_origin(hint) is not tuple:
            continue
        validator = fit_validator(hint)
        if validator is not None:
            both = validator if f.validator is None else attrs.validators.and_(validator, f.validator)
            # The fields handed to a field_transformer are this class's own, new ones: set in place, as attrs
            # builds them (``Attribute.evolve`` copies each, and the values' module imports with eleven classes).
            object.__setattr__(f, "validator", both)
    return fields


_HINTS: dict[tuple[int, str], Any] = {}


def _hint(annotation: object, namespace: dict[str, Any]) -> Any:
    """The type an annotation names: under ``from __future__ import annotations`` a text, read in its module's
    namespace once per text (``"str | None"`` is the annotation of many fields)."""
    if not isinstance(annotation, str):
        return Any if annotation is None else annotation
    key = (id(namespace), annotation)
    try:
        return _HINTS[key]
    except KeyError:
        found = _HINTS[key] = eval(annotation, namespace)  # a class's own annotation, read as typing reads it
        return found
