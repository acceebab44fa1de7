"""What your own event types are written with: the same names the built-in catalogue uses.

An event type is a frozen attrs subclass of :class:`~aitimeline.Event` whose ``apply`` reads and writes the
state through a :class:`Writer`, under the keys of :mod:`aitimeline.keys` or keys of its own; its fields are
declared with :func:`entity_field`, :func:`entity_list_field` and :func:`word_field` (checked against the
record's entities and vocabulary), and it may keep the persistent structures below. :func:`replay` and
:func:`step` run events over a plain dict, the reference the engine is tested against. ``docs/extending.md``
walks through a whole example.
"""

from __future__ import annotations

from ._core.values import combined_qualifier, non_negative
from ._core.words import Vocabulary
from ._engine.events import EntityKind, Origin, Writer, entity_field, entity_list_field, word_field
from ._engine.persistent import IdChain, InForce, in_force_records, with_in_force
from ._engine.replay import replay, step

__all__ = [
    "EntityKind",
    "IdChain",
    "InForce",
    "Origin",
    "Vocabulary",
    "Writer",
    "combined_qualifier",
    "entity_field",
    "entity_list_field",
    "in_force_records",
    "non_negative",
    "replay",
    "step",
    "with_in_force",
    "word_field",
]
