"""The organisations and people a timeline names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from .errors import FieldError, Problem

__all__ = ["Entity", "Organization", "Person", "find_entities", "unique_entities"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _SLUG.match(value):
        raise FieldError(attribute.name, f"{attribute.name} must be a lowercase slug like 'sam-altman', got {value!r}")


def _aliases(value: Iterable[str]) -> tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)  # type: ignore[return-value]


def _texts(instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
    if isinstance(value, str) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FieldError(attribute.name, f"{attribute.name} must be a list of non-empty names, got {value!r}")


@attrs.frozen(kw_only=True)
class Organization:
    """An organisation: its id, the name it started with, where known its starting legal form, and other names
    it is known by (``aliases``: earlier or later legal names, tickers) that :meth:`Timeline.find
    <aitimeline.Timeline.find>` searches."""

    id: str = attrs.field(validator=_slug)
    name: str
    legal_form: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases, validator=_texts)


@attrs.frozen(kw_only=True)
class Person:
    """A person, identified by a lowercase first-last slug such as ``sam-altman``, with other names they are
    known by (``aliases``)."""

    id: str = attrs.field(validator=_slug)
    name: str
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases, validator=_texts)


Entity = Organization | Person
"""An organisation or a person: what an entity id names."""


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


def _fold(text: str) -> str:
    """Text compared without case, accents or punctuation: ``"OpenAI, Inc."`` and ``"openai inc"`` match."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def find_entities(entities: Mapping[str, Entity], text: str, limit: int = 5) -> tuple[Entity, ...]:
    """The entities ``text`` may mean, best first: an exact id, name or alias (without case, accents or
    punctuation), then names and aliases that contain it or start with it, then close spellings.

    >>> directory = {"openai-group": Organization(id="openai-group", name="OpenAI LP", aliases=("OpenAI Group PBC",))}
    >>> [e.id for e in find_entities(directory, "openai group pbc")]
    ['openai-group']
    """
    import difflib

    wanted = _fold(text)
    if not wanted:
        return ()
    scored: dict[str, float] = {}
    names: dict[str, str] = {}
    for entity in entities.values():
        candidates = [entity.id.replace("-", " "), entity.name, *entity.aliases]
        for name in candidates:
            folded = _fold(name)
            names.setdefault(folded, entity.id)
            if folded == wanted:
                score = 3.0
            elif wanted in folded.split() or folded.startswith(wanted):
                score = 2.0
            elif wanted in folded:
                score = 1.5
            else:
                continue
            scored[entity.id] = max(scored.get(entity.id, 0.0), score)
    for close in difflib.get_close_matches(wanted, list(names), n=limit, cutoff=0.75):
        scored.setdefault(names[close], 1.0)
    ranked = sorted(scored, key=lambda i: (-scored[i], i))
    return tuple(entities[i] for i in ranked[:limit])
