"""Schema versions of the data format, and the upcasters that bring an older file to the current one.

Every file says which version of the format it was written in (``schema = 1``). When the format changes, the
version goes up and one **upcaster** is registered for the step: a pure function from a file's data (the dict
TOML gives) at version ``n`` to the same data at version ``n + 1``. Reading a file applies the steps from its
version to :data:`SCHEMA_VERSION` in order, so a file is never rewritten on disk to be read, and a reader of an
old file sees exactly what a file written today would say. A file newer than this library is refused with a
message to upgrade: the library cannot know what a future field means.

A file's tables and arrays nest at most :data:`MAX_DEPTH` levels; every walk of a file's data here is a loop, not
a recursion, so that no input reaches Python's recursion limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from aitimeline._core.errors import AitimelineError, Problem

__all__ = ["MAX_DEPTH", "SCHEMA_VERSION", "UPCASTERS", "Upcaster", "too_deep", "upcast", "upcaster"]

SCHEMA_VERSION = 2
"""The data-format version this release writes and reads; files of older versions are upcast when read (each
step of the list below applied in turn), and files of newer versions are refused.

- 1: the first format.
- 2: ``Invested.amount`` is what was committed and the new ``Invested.paid`` what was paid (in 1, ``amount``
  was money put in: upcast as committed and paid); ``Terms.revenue_share`` became ``Terms.revenue_shares``,
  one entry per direction.
"""

MAX_DEPTH = 32
"""The deepest a file's tables and arrays may nest (the file itself is level 1; the shipped record's deepest
value is at level 8). The loader refuses a deeper file, and the writer a deeper value, before any recursive code
(an upcaster, the converter, a message quoting the value, the cache) meets it."""


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` holds mappings or sequences (a file's tables and arrays) nested more than ``limit``
    levels, ``value`` itself being level 1. A loop, one level at a time: any depth is measured without recursion,
    and the walk stops at the first level too deep.

    >>> too_deep({"a": [{"b": 1}]}, 3), too_deep({"a": [{"b": 1}]}, 2)
    (False, True)
    """
    frontier: list[Any] = [value] if isinstance(value, _NESTING) else []
    level = 1
    while frontier:
        if level > limit:
            return True
        below: list[Any] = []
        add = below.append
        for item in frontier:
            kind = type(item)
            for child in item if kind is list else item.values() if kind is dict or isinstance(item, Mapping) else item:
                # Most of a file is text and numbers: skipped by exact type first (an ABC check costs more).
                if type(child) not in _PLAIN and isinstance(child, _NESTING):
                    add(child)
        level, frontier = level + 1, below
    return False


_PLAIN = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime, dt.time})
"""The types of TOML's values that hold no other value."""
_NESTING = (dict, list, tuple, set, frozenset, Mapping)
"""What holds values: a file's tables and arrays, and the mappings and sequences of values built in code."""


def _copied(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a file's data in which every table (dict) and array (list) is new, so that an upcaster may change
    nested tables in place; other values (text, numbers, dates) are immutable and shared. A loop, not
    :func:`copy.deepcopy`'s recursion."""
    out = dict(data)
    stack: list[dict[Any, Any] | list[Any]] = [out]
    while stack:
        container = stack.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            child = container[key]
            if isinstance(child, dict):
                child = container[key] = dict(child)
                stack.append(child)
            elif isinstance(child, list):
                child = container[key] = list(child)
                stack.append(child)
    return out


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""One step of upcasting: a file's data at version ``n`` to the same data at version ``n + 1``."""

UPCASTERS: dict[int, Upcaster] = {}
"""The registered steps, by the version they read: ``UPCASTERS[n]`` turns version ``n`` into ``n + 1``."""


def upcaster(version: int) -> Callable[[Upcaster], Upcaster]:
    """Register the decorated function as the step from ``version`` to ``version + 1``.

    Raises:
        ValueError: A step from ``version`` is already registered.
    """

    def register(fn: Upcaster) -> Upcaster:
        if version in UPCASTERS:
            raise ValueError(f"an upcaster from schema {version} is already registered")
        UPCASTERS[version] = fn
        return fn

    return register


def upcast(
    data: Mapping[str, Any],
    file: str,
    problems: list[Problem],
    *,
    current: int = SCHEMA_VERSION,
    steps: Mapping[int, Upcaster] | None = None,
) -> dict[str, Any] | None:
    """``data`` brought to schema ``current``, or None with a problem naming ``file`` when it cannot be.

    A missing or non-integer ``schema``, one below 1 or above ``current`` (written by a newer aitimeline), a
    missing step, or a step that fails are problems. The input is never modified.
    """
    steps = UPCASTERS if steps is None else steps
    schema = data.get("schema")
    if type(schema) is not int:
        shown = "no schema" if schema is None else f"schema = {schema!r}"
        problems.append(Problem(file, None, "schema", f"expected schema = {current} (an integer), got {shown}"))
        return None
    if schema > current:
        problems.append(
            Problem(
                file,
                None,
                "schema",
                f"written for schema {schema}, newer than this aitimeline reads (schema {current}): upgrade aitimeline",
            )
        )
        return None
    if schema < 1:
        problems.append(Problem(file, None, "schema", f"schema {schema} does not exist (the first is 1)"))
        return None
    # An upcaster may change nested tables in place: the caller's data stays as it was.
    out = _copied(data) if schema < current else dict(data)
    for version in range(schema, current):
        step = steps.get(version)
        if step is None:
            problems.append(Problem(file, None, "schema", f"no upcaster from schema {version} to {version + 1}"))
            return None
        try:
            out = step(out)
        except (AitimelineError, ValueError, TypeError, KeyError) as exc:
            problems.append(
                Problem(file, None, "schema", f"cannot upcast from schema {version} to {version + 1}: {exc}")
            )
            return None
        out["schema"] = version + 1
    return out


def _events(data: dict[str, Any]) -> list[Any]:
    events = data.get("events")
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []


@upcaster(1)
def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 to 2. An ``Invested`` of schema 1 recorded money put in: its ``amount`` is now what was
    committed, and the same amount is what was paid. A ``revenue_share`` term becomes one entry of
    ``revenue_shares`` (direction not stated)."""
    for event in _events(data):
        amount = event.get("amount")
        readable = isinstance(amount, dict) and all(isinstance(v, str | int) for v in amount.values())
        if event.get("type") == "Invested" and readable and "paid" not in event:  # a bad amount is reported once
            event["paid"] = dict(amount)  # a flat table of texts and numbers
        terms = event.get("terms")
        if isinstance(terms, dict) and "revenue_share" in terms:
            terms["revenue_shares"] = [{"share": terms.pop("revenue_share")}]
    return data
