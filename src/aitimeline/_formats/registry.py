"""The one registry that maps an event's type name (``type = "Invested"`` in a file) to its class.

It belongs to the loading layer, with the converter: nothing below it (events, the catalogue, the index, states,
timelines) uses it. Registration asks the converter whether a file can hold each field's type.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, cast

import attrs

from aitimeline._core.errors import RegistrationError, UnknownEventTypeError, shorten
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary
from aitimeline._engine.events import Event, field_types
from aitimeline._engine.knowledge import Corrected, Retracted
from aitimeline._record import catalogue as _catalogue

if TYPE_CHECKING:
    import cattrs

__all__ = ["EventTypes", "builtin_types", "make_converter", "shared_converter"]


class EventTypes(Mapping[str, type[Event]]):
    """An immutable mapping from type name to event class.

    Built-in types are registered exactly as a user's own are; :meth:`with_types` returns a new registry and
    leaves this one unchanged.

    >>> types = builtin_types()
    >>> types["Invested"].__name__
    'Invested'
    """

    __slots__ = ("_types", "words")

    def __init__(self, types: Mapping[str, type[Event]] | None = None, words: Vocabulary | None = None) -> None:
        self._types: dict[str, type[Event]] = dict(types or {})
        self.words: Vocabulary = words if words is not None else Vocabulary({})
        """The registered words (roles, reasons, metrics, stages) the types' word fields take."""

    def with_words(self, kind: str, *words: str, single: bool = False) -> EventTypes:
        """A new registry whose vocabulary also knows ``words`` of ``kind`` (``"role"``, ``"reason"``,
        ``"metric"``, ``"stage"``, or a kind of your own used by :func:`~aitimeline.extend.word_field`). With
        ``single``, each of these roles is held by one person at a time (a second holder needs ``shared``).

        >>> types = builtin_types().with_words("metric", "downloads")
        >>> types.words.known("metric", "downloads"), builtin_types().words.known("metric", "downloads")
        (True, False)

        Raises:
            ValueError: A word is not a lowercase slug.
        """
        return EventTypes(self._types, self.words.with_words(kind, *words, single=single))

    def with_types(self, *classes: type[Event]) -> EventTypes:
        """A new registry that also knows ``classes``, each under its class name.

        Each class must be a frozen attrs subclass of :class:`Event` (``@attrs.frozen(kw_only=True)``, on the
        class itself: a subclass of an attrs class is not one until it is decorated too), named in the past tense
        with a Python identifier (one word of its name is a past form: ``Sued``, ``RoundClosed``, ``OfferMade``),
        whose fields are all of types an event file can hold (no ``float``: money is Decimal; no mutable ``list``,
        ``set`` or ``dict``: use ``tuple``, ``frozenset`` or ``Mapping``) and none of them named ``type`` (a file's
        ``type`` names the class), under a name no other registered class has.

        Raises:
            RegistrationError: One of those rules is broken; the message says which and how to fix it.
        """
        from .convert import unreadable_fields  # the converter judges what a file can hold

        types = dict(self._types)
        for cls in classes:
            if not (isinstance(cls, type) and issubclass(cls, Event) and attrs.has(cls)):
                raise RegistrationError(
                    f"{shorten(repr(cls), 80)} is not an attrs subclass of aitimeline.Event: declare it as"
                    " @attrs.frozen(kw_only=True) class Name(aitimeline.Event)"
                )
            cls = cast(type[Event], cls)
            if cls is Event:
                raise RegistrationError("aitimeline.Event is the base of event types: register a subclass of it")
            if "__attrs_attrs__" not in vars(cls):  # attrs.has() is true of any subclass of an attrs class
                raise RegistrationError(
                    f"{shorten(cls.__qualname__, 80)} subclasses {cls.__mro__[1].__qualname__} but is not an attrs"
                    " class itself: decorate it with @attrs.frozen(kw_only=True)"
                )
            if not attrs.inspect(cls).is_frozen:
                raise RegistrationError(f"{cls.__name__} is not frozen: events are immutable, use @attrs.frozen")
            name = cls.type_name
            if not (isinstance(name, str) and name.isidentifier()):
                raise RegistrationError(
                    f'{shorten(repr(name), 80)} is not a Python identifier: a file names its type as type = "Name"'
                )
            if not _past_tense(name):
                raise RegistrationError(
                    f"{name} is not named in the past tense: an event is something that happened"
                    " (Sued, RoundClosed, OfferMade), not a command"
                )
            if "type" in attrs.fields_dict(cls):
                raise RegistrationError(
                    f"{name} has a field named 'type': in a file, type names the event's class; rename the field"
                )
            field_types(cls)  # an annotation that does not resolve is a RegistrationError, before a converter reads it
            if types.get(name, cls) is not cls:
                raise RegistrationError(f"another event type is already registered as {name!r}: {types[name]!r}")
            types[name] = cls
        registry = EventTypes(types, self.words)
        if classes:  # judged by the converter that will read them: the hooks the check makes are the loader's
            judge = shared_converter(registry)
            for cls in classes:
                bad = unreadable_fields(cls, judge)
                if bad:
                    del _SHARED[id(registry)]  # a registry refused keeps no converter
                    raise RegistrationError(
                        f"{cls.type_name} has fields that an event file cannot hold: {'; '.join(bad)}"
                    )
        return registry

    def __getitem__(self, name: str) -> type[Event]:
        found = self._types.get(name) if isinstance(name, str) else None
        if found is None:
            import difflib  # only an unknown name needs it

            known = ", ".join(sorted(self._types))
            close = difflib.get_close_matches(name, list(self._types), n=1) if isinstance(name, str) else []
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            shown = shorten(repr(name), 60)
            raise UnknownEventTypeError(f"unknown event type {shown}{hint}; known types: {known}", name, close)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def __repr__(self) -> str:
        return f"EventTypes({sorted(self._types)})"


def make_converter(types: EventTypes | None = None) -> cattrs.Converter:
    """A converter configured for aitimeline's values and the event types in ``types``.

    Args:
        types: The event registry; by default :func:`builtin_types`.

    Returns:
        A new :class:`cattrs.Converter`; ``converter.structure(data, Event)`` builds any registered event and
        ``converter.unstructure(event)`` gives back a plain dict with its ``type``.
    """
    from .convert import converter  # cattrs is imported when a converter is first made, not with aitimeline

    return converter(types if types is not None else builtin_types())


def shared_converter(types: EventTypes | None = None) -> cattrs.Converter:
    """The converter the loader and the writer read and write files with, for ``types`` (by default
    :func:`builtin_types`): made once per registry and kept, since a registry never changes and neither does its
    converter once configured; :func:`make_converter` makes a new one, for a caller who configures it further.
    The last few registries' converters are kept (a program uses one or two)."""
    registry = types if types is not None else builtin_types()
    found = _SHARED.get(id(registry))
    if found is None or found[0] is not registry:
        from .convert import converter  # cattrs is imported when a converter is first made, not with aitimeline

        found = _SHARED[id(registry)] = (registry, converter(registry))
        while len(_SHARED) > 8:
            del _SHARED[next(iter(_SHARED))]
    return found[1]


_SHARED: dict[int, tuple[EventTypes, cattrs.Converter]] = {}
"""The shared converters, by the id of their registry (kept with it, so the id stays its own)."""


@functools.cache
def builtin_types() -> EventTypes:
    """A registry of every built-in event type (the same immutable registry each time).

    >>> builtin_types() is builtin_types()
    True
    """
    catalogue = (getattr(_catalogue, name) for name in _catalogue.__all__)
    return EventTypes(words=BUILTIN_WORDS).with_types(*catalogue, Corrected, Retracted)


_WORD = re.compile(r"[A-Z][a-z]*|[a-z]+|[0-9]+")
_IRREGULAR = frozenset(
    [
        "began",
        "begun",
        "bought",
        "brought",
        "built",
        "came",
        "chose",
        "cut",
        "dealt",
        "did",
        "done",
        "drew",
        "drawn",
        "fell",
        "felt",
        "fled",
        "flew",
        "forgot",
        "found",
        "fought",
        "froze",
        "gave",
        "given",
        "got",
        "grew",
        "grown",
        "had",
        "held",
        "hid",
        "hit",
        "hung",
        "kept",
        "knew",
        "known",
        "laid",
        "led",
        "left",
        "lent",
        "let",
        "lost",
        "made",
        "met",
        "paid",
        "put",
        "quit",
        "ran",
        "rang",
        "read",
        "rid",
        "rose",
        "said",
        "sank",
        "sat",
        "saw",
        "seen",
        "sent",
        "set",
        "shed",
        "shook",
        "shot",
        "shown",
        "shut",
        "slid",
        "sold",
        "sought",
        "spent",
        "split",
        "spoke",
        "spread",
        "spun",
        "stood",
        "stole",
        "struck",
        "stuck",
        "swore",
        "swept",
        "taken",
        "taught",
        "thought",
        "threw",
        "thrown",
        "told",
        "took",
        "tore",
        "undertook",
        "upheld",
        "went",
        "withdrew",
        "withdrawn",
        "withheld",
        "won",
        "wore",
        "wound",
        "wrote",
        "written",
    ]
)


def _past_tense(name: str) -> bool:
    """True when a word of a CamelCase name is a past form: it ends in -ed, or is a common irregular one."""
    return any(w.endswith("ed") or w in _IRREGULAR for w in (w.lower() for w in _WORD.findall(name)))
