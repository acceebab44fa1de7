"""The one registry that maps an event's type name (``type = "Invested"`` in a file) to its class."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import cast

import attrs

from . import catalogue
from .errors import UnknownEventTypeError
from .events import Event

__all__ = ["EventTypes", "builtin_types"]


class EventTypes(Mapping[str, type[Event]]):
    """An immutable mapping from type name to event class.

    Built-in types are registered exactly as a user's own are; :meth:`with_types` returns a new registry and
    leaves this one unchanged.

    >>> types = builtin_types()
    >>> types["Invested"].__name__
    'Invested'
    """

    __slots__ = ("_types",)

    def __init__(self, types: Mapping[str, type[Event]] | None = None) -> None:
        self._types: dict[str, type[Event]] = dict(types or {})

    def with_types(self, *classes: type[Event]) -> EventTypes:
        """A new registry that also knows ``classes``, each under its class name.

        Raises:
            TypeError: A class is not an attrs subclass of :class:`Event`.
            ValueError: A different class is already registered under the same name.
        """
        types = dict(self._types)
        for cls in classes:
            if not (isinstance(cls, type) and issubclass(cls, Event) and attrs.has(cls)):
                raise TypeError(f"{cls!r} is not an attrs subclass of aitimeline.Event")
            cls = cast(type[Event], cls)
            name = cls.type_name
            if types.get(name, cls) is not cls:
                raise ValueError(f"another event type is already registered as {name!r}")
            types[name] = cls
        return EventTypes(types)

    def __getitem__(self, name: str) -> type[Event]:
        try:
            return self._types[name]
        except KeyError:
            known = ", ".join(sorted(self._types))
            raise UnknownEventTypeError(f"unknown event type {name!r}; known types: {known}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def __repr__(self) -> str:
        return f"EventTypes({sorted(self._types)})"


def builtin_types() -> EventTypes:
    """A registry of every built-in event type."""
    return EventTypes().with_types(*(getattr(catalogue, name) for name in catalogue.__all__))
