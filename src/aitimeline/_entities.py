"""The organisations and people a timeline names."""

from __future__ import annotations

import re
from typing import Any

import attrs

from ._errors import FieldError

__all__ = ["Entity", "Organization", "Person"]

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
