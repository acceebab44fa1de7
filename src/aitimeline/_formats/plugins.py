"""Users' event types found outside the code that loads a record: named as ``module:attribute`` (the command
line's ``--types``), or declared by an installed package under the entry-point group ``aitimeline.event_types``.

Either way the name is that of an :class:`~aitimeline.io.EventTypes` (which carries the words its types use, as
well as the types), and the registries found are merged with the built-in types: a type name that two of them give
to two different classes is an error naming both. Nothing here runs at import: looking up entry points imports
:mod:`importlib.metadata` and reads every installed package's metadata, so it is done only when asked
(:func:`installed_types`; the command line, only for a folder that does not load without them).
"""

from __future__ import annotations

from collections.abc import Iterable

from aitimeline._core.errors import RegistrationError, shorten
from aitimeline._core.words import Vocabulary
from aitimeline._engine.events import Event

from .registry import EventTypes, builtin_types

__all__ = ["BUILTIN", "GROUP", "installed", "installed_types", "merged", "named_types"]

GROUP = "aitimeline.event_types"
"""The entry-point group under which a package declares its event types."""

BUILTIN = "aitimeline's built-in types"
"""How the built-in registry is named in a message about a clash."""


def installed_types() -> EventTypes:
    """The built-in event types and those of every installed package that declares some, to load a folder with:
    ``at.load(path, types=at.io.installed_types())``.

    A package declares its types with an entry point of the group ``aitimeline.event_types`` that names an
    :class:`EventTypes` (``mine = "mypkg.events:TYPES"`` under ``[project.entry-points."aitimeline.event_types"]``
    in its ``pyproject.toml``); the registries are merged, words included. The packages are looked up on each
    call (it reads every installed package's metadata: keep the answer to load several folders).

    Raises:
        RegistrationError: An entry point cannot be imported or does not name an ``EventTypes``, or two of the
            registries give one type name to two different classes; the message names the packages.
    """
    return merged([(BUILTIN, builtin_types()), *installed()])


def installed() -> list[tuple[str, EventTypes]]:
    """The registry of each entry point of :data:`GROUP`, in the order of their names, each with a label that names
    it, its ``module:attribute`` and its package. No entry point: ``[]``."""
    from importlib.metadata import entry_points  # slow to import, and reading metadata is slower: only when asked

    found = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: (p.name, p.value)):
        package = f", of {point.dist.name} {point.dist.version}" if point.dist is not None else ""
        label = f"the plug-in {point.name!r} ({point.value}{package})"
        try:
            found.append((label, named_types(point.value)))
        except RegistrationError as exc:
            raise RegistrationError(f"{label}: {exc}") from None
    return found


def named_types(spec: str) -> EventTypes:
    """The :class:`EventTypes` that ``spec``, ``module:attribute`` (``mypkg.events:TYPES``), names; the attribute
    may be dotted (``module:Class.TYPES``).

    Raises:
        RegistrationError: ``spec`` is not of that form, the module cannot be imported, it has no such attribute,
            or the attribute is not an ``EventTypes``.
    """
    module_name, colon, attribute = spec.partition(":")
    shown = shorten(repr(spec), 80)
    if not colon or not _dotted(module_name) or not _dotted(attribute):
        raise RegistrationError(f"{shown} is not of the form module:attribute (such as mypkg.events:TYPES)")
    import importlib

    try:
        value: object = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module_name + ".").startswith(exc.name + "."):
            raise RegistrationError(f"no module named {exc.name!r}") from None
        raise RegistrationError(f"cannot import {module_name!r}: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # the user's module raised while it was imported
        raise RegistrationError(f"cannot import {module_name!r}: {type(exc).__name__}: {shorten(str(exc))}") from None
    where = module_name
    for part in attribute.split("."):
        if not hasattr(value, part):
            owned = _registries(value) if where == module_name else []
            hint = f" (its EventTypes: {', '.join(owned)})" if owned else ""
            raise RegistrationError(f"{where!r} has no attribute {part!r}{hint}")
        value = getattr(value, part)
        where = f"{where}.{part}" if where != module_name else f"{module_name}:{part}"
    if not isinstance(value, EventTypes):
        if isinstance(value, type) and issubclass(value, Event):
            raise RegistrationError(
                f"{shown} is an event type, not an aitimeline.io.EventTypes: name a registry that holds it, such as"
                f" TYPES = at.io.builtin_types().with_types({value.__name__}) in its module"
            )
        function = callable(value) and not isinstance(value, type)
        what = "a function (call it in the module: TYPES = types())" if function else f"a {type(value).__name__}"
        raise RegistrationError(
            f"{shown} is {what}, not an aitimeline.io.EventTypes: name a registry such as"
            " TYPES = at.io.builtin_types().with_types(MyEvent)"
        )
    return value


def merged(registries: Iterable[tuple[str, EventTypes]]) -> EventTypes:
    """One registry holding the types and words of every one of ``registries`` (label, registry), in order.

    A class that two registries share (each one's copy of the built-ins, say) is kept once; each other class is
    checked as :meth:`EventTypes.with_types` checks it.

    Raises:
        RegistrationError: Two registries give one type name to two different classes (the message names both
            labels and both classes), or a class cannot be registered (the message names its registry).
    """
    classes: dict[str, type[Event]] = {}
    owners: dict[str, str] = {}
    kinds: dict[str, frozenset[str]] = {}
    single: frozenset[str] = frozenset()
    for position, (label, types) in enumerate(registries):
        new = []
        for name, cls in types.items():
            known = classes.get(name)
            if known is None:
                new.append(cls)
                classes[name], owners[name] = cls, label
            elif known is not cls:
                raise RegistrationError(
                    f"two classes are registered as the event type {name!r}: {_qualified(known)} by {owners[name]},"
                    f" and {_qualified(cls)} by {label}; rename one of them or install only one"
                )
        if new and position > 0:  # the first registry's classes were checked when it was made
            try:
                EventTypes().with_types(*new)
            except RegistrationError as exc:
                raise RegistrationError(f"{label}: {exc}") from None
        for kind, words in types.words.words.items():
            kinds[kind] = kinds.get(kind, frozenset()) | words
        single |= types.words.single
    return EventTypes(classes, Vocabulary(kinds, single))


def _dotted(name: str) -> bool:
    return bool(name) and all(part.isidentifier() for part in name.split("."))


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _registries(module: object) -> list[str]:
    """The names of a module's attributes that are registries, to suggest one."""
    return sorted(name for name, value in vars(module).items() if isinstance(value, EventTypes))
