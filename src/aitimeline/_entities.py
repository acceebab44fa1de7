"""The organisations and people a timeline names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from ._errors import FieldError, Problem

__all__ = ["Entity", "Organization", "Person", "unique_entities"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _SLUG.match(value):
        raise FieldError(attribute.name, f"{attribute.name} must be a lowercase slug like 'sam-altman', got {value!r}")


@attrs.frozen(kw_only=True)
class Organization:
    """An organisation: its id, the name it started with and, where known, its starting legal form."""

    id: str = attrs.field(validator=_slug)
    name: str
    legal_form: str | None = None


@attrs.frozen(kw_only=True)
class Person:
    """A person, identified by a lowercase first-last slug such as ``sam-altman``."""

    id: str = attrs.field(validator=_slug)
    name: str


Entity = Organization | Person


def unique_entities(
    entities: Iterable[Entity], file_of: Callable[[Entity], str | None]
) -> tuple[dict[str, Entity], list[Problem]]:
    """The entities by id, each id's first; and, for each later entity with an id already listed, a problem in
    its own file naming the first one's. The one duplicate-entity check, for timelines and loading on top of a
    base (``file_of`` is asked only about the entities of a duplicate pair)."""
    directory: dict[str, Entity] = {}
    problems: list[Problem] = []
    for entity in entities:
        first = directory.setdefault(entity.id, entity)
        if first is not entity:
            where = file_of(first) or "<code>"
            message = f"entity id {entity.id!r} listed twice (also in {where})"
            problems.append(Problem(file_of(entity), None, entity.id, message))
    return directory, problems
