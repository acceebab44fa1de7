"""The event base class: what every occurrence on the record has in common.

An event is an immutable value named in the past tense. It says when it took effect (``date``), when it became
public (``recorded``, by default the same day), what happened (``summary``) and who says so (``sources``). Its
:meth:`Event.apply` says how it changes the state; an event that only belongs on the record changes nothing.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import attrs

from .dates import PartialDate
from .errors import FieldError
from .records import Writer
from .values import Alternative, Source

__all__ = ["Event", "entity_field", "entity_list_field", "field_types"]

_REF = "aitimeline_ref"


def entity_field(**kwargs: Any) -> Any:
    """An attrs field that holds one entity id; replay checks that the entity exists."""
    return attrs.field(metadata={_REF: "one"}, **kwargs)


def entity_list_field(**kwargs: Any) -> Any:
    """An attrs field that holds a tuple of entity ids; replay checks that each exists."""
    return attrs.field(metadata={_REF: "many"}, converter=_id_tuple, **kwargs)


def _source_tuple(value: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(value)


def _id_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a list of entity ids, got the string {value!r}")
    return tuple(value)


def _alternative_tuple(value: Iterable[Alternative]) -> tuple[Alternative, ...]:
    return tuple(value)


_NOT_FIGURES = frozenset({"id", "date", "summary", "sources", "recorded", "unverified", "note", "alternatives"})


def _has_sources(instance: Event, attribute: attrs.Attribute[Any], value: tuple[Source, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "an event needs at least one source")


def _id_slug(instance: Event, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or value != value.strip() or " " in value:
        raise FieldError(attribute.name, f"id must be a non-empty slug without spaces, got {value!r}")


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event type, built-in or a user's own.

    Subclasses are ``@attrs.frozen(kw_only=True)`` classes named in the past tense. They mark fields holding
    entity ids with :func:`entity_field` / :func:`entity_list_field` and override :meth:`apply` when they change
    the state.

    Attributes:
        id: A stable slug, unique in a timeline.
        date: When it took effect.
        summary: What happened, in one sentence.
        sources: Who says so: one or more.
        recorded: When it became public; defaults to ``date``.
        unverified: True when a fact in it could not be checked against a primary source.
        note: Anything a reader should know: disagreements between sources, why it is unverified.
        alternatives: Other reported values of its figures, each with its sources (conflicting reports).
    """

    type_name: ClassVar[str] = "Event"

    id: str = attrs.field(validator=_id_slug)
    date: PartialDate
    summary: str
    sources: tuple[Source, ...] = attrs.field(converter=_source_tuple, validator=_has_sources)
    recorded: PartialDate = attrs.field(default=attrs.Factory(lambda self: self.date, takes_self=True))
    unverified: bool = False
    note: str | None = None
    alternatives: tuple[Alternative, ...] = attrs.field(default=(), converter=_alternative_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.alternatives:
            return
        figures = {f.name for f in attrs.fields(type(self))}
        for i, alternative in enumerate(self.alternatives):
            if alternative.field not in figures or alternative.field in _NOT_FIGURES:
                raise FieldError(
                    f"alternatives[{i}].field",
                    f"{type(self).__name__} has no field {alternative.field!r} to report an alternative for",
                )
            current = getattr(self, alternative.field)
            if current is not None and type(current) is not type(alternative.value):
                raise FieldError(
                    f"alternatives[{i}].value",
                    f"expected a {type(current).__name__} like {alternative.field},"
                    f" got {type(alternative.value).__name__}",
                )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.type_name = cls.__name__

    def apply(self, w: Writer) -> None:
        """Change the state through ``w``. The base event is on the record only: it changes nothing."""

    def entity_refs(self) -> Iterator[tuple[str, str]]:
        """Every ``(field name, entity id)`` this event names, from the fields marked as entity fields."""
        for field in attrs.fields(type(self)):
            kind = field.metadata.get(_REF)
            value = getattr(self, field.name)
            if value is None or kind is None:
                continue
            if kind == "one":
                yield field.name, value
            else:
                for i, item in enumerate(value):
                    yield f"{field.name}[{i}]", item


_FIELD_TYPES: dict[type[Event], dict[str, Any]] = {}


def field_types(cls: type[Event]) -> dict[str, Any]:
    """The resolved type of each field of an event class (computed once per class)."""
    found = _FIELD_TYPES.get(cls)
    if found is None:
        found = _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    return found
