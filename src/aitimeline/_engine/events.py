"""The event base class, the :class:`Writer` an event changes the state through, and where events come from.

An event is an immutable value named in the past tense. It says when it took effect (``date``), when it became
public (``recorded``, by default the same day), what happened (``summary``) and who says so (``sources``). Its
:meth:`Event.apply` says how it changes the state, through a :class:`Writer`; an event that only belongs on the
record changes nothing.

Every event checks itself when it is built, in code exactly as from a file (the converter builds it through the
same ``__init__``): each field's value must be of the field's type (a date string is read as a date), and the
class's own validators run. A bad event raises :class:`~aitimeline.errors.EventValidationError` naming the event and
every field at fault, so an invalid event never reaches a :class:`~aitimeline.Timeline`. The rules of "does this
value fit this type", and their words, are :func:`~aitimeline._core.checks.fit_check`'s, which the values and the
converter also use.

This module also defines replay order (:func:`replay_order`) and the references of an event to entities and
registered words (:func:`reference_problems`), each in one place for every layer that needs them.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from operator import attrgetter
from typing import Any, ClassVar, Literal, Protocol, TypeVar

import attrs

from aitimeline._core.checks import Check, Found, add_problems, always_fit, fit_check, unknown_field
from aitimeline._core.dates import DateLike, PartialDate, parse_date
from aitimeline._core.errors import DateError, EventValidationError, FieldError, Problem, shorten
from aitimeline._core.texts import Names, readable
from aitimeline._core.values import Alternative, Source
from aitimeline._core.words import Vocabulary
from aitimeline.keys import Key

__all__ = [
    "EntityKind",
    "Event",
    "Origin",
    "Writer",
    "argument_problems",
    "entity_field",
    "entity_list_field",
    "field_types",
    "fits_check",
    "per_class",
    "reference_problems",
    "replay_order",
    "unique_ids",
    "word_field",
]

_REF = "aitimeline_ref"
_KIND = "aitimeline_entity_kind"
_WORD = "aitimeline_word"
_R = TypeVar("_R")


def per_class(fn: Callable[[type[Event]], _R]) -> Callable[[type[Event]], _R]:
    """``fn`` computed once per event class (what it derives from a class never changes)."""
    cache: dict[type[Event], _R] = {}

    def cached(cls: type[Event]) -> _R:
        try:
            return cache[cls]
        except KeyError:
            found = cache[cls] = fn(cls)
            return found

    cached.__doc__ = fn.__doc__
    return cached


class Writer(Protocol):
    """The state as an event sees it while it is applied: read the current value of a key, write a new one.

    Rules for :meth:`Event.apply`: read with :meth:`get`, check everything, raise
    :class:`~aitimeline.errors.InvariantViolation` (naming the field at fault) when the event cannot happen, and only
    then :meth:`set`. A rejected event must leave no trace; replay skips it and reports it. Values must be
    immutable, and a value computed from a key must be computed from that key's current value (``get`` before
    ``set``), so that :meth:`~aitimeline.Timeline.explain` can trace it back.
    """

    def get(self, key: Key) -> Any:
        """The current value under ``key``, or None."""

    def set(self, key: Key, value: object) -> None:
        """Store ``value`` under ``key``."""

    @property
    def words(self) -> Vocabulary:
        """The registered words of the timeline being replayed (which roles one person holds at a time...)."""


@attrs.frozen
class Origin:
    """Where an event came from: its file (None when built in code) and its position in that file."""

    file: str | None = None
    position: int = 0


_NO_ORIGIN = Origin()


_DAY_AND_ID: Callable[[Event], tuple[Any, ...]] = attrgetter("date.ordinal", "id")


def replay_order(origins: Mapping[str, Origin]) -> Callable[[Event], tuple[Any, ...]]:
    """The sort key of replay order: effective day, position in its file, id. Total and deterministic."""
    if not origins:  # every position is 0: (day, id) orders alike, read in C (the key runs once per event)
        return _DAY_AND_ID
    get = origins.get
    return lambda e: (e.date.ordinal, (get(e.id) or _NO_ORIGIN).position, e.id)


def unique_ids(events: Iterable[Event], origin_of: Callable[[Event], Origin]) -> tuple[dict[str, Event], list[Problem]]:
    """The events by id, each id's first; and, for each later event with an id already seen, a problem in its own
    file naming the first one's. The one duplicate-id check, for loading, loading on top of a base, and timelines.

    ``origin_of`` is asked only about the events of a duplicate pair, so a timeline of a million events pays for
    one dict, not for a map of origins.
    """
    seen: dict[str, Event] = {}
    problems: list[Problem] = []
    for event in events:
        first = seen.setdefault(event.id, event)
        if first is not event:
            where = origin_of(first).file or "<code>"
            problems.append(Problem(origin_of(event).file, event.id, "id", f"id also used in {where}"))
    return seen, problems


EntityKind = Literal["person", "organization"]
"""What an entity field takes: ``"person"``, ``"organization"``, or (None) either."""


def entity_field(kind: EntityKind | None = None, **kwargs: Any) -> Any:
    """An attrs field that holds one entity id; replay checks that the entity exists, and is a person or an
    organisation if ``kind`` says so."""
    return attrs.field(metadata={_REF: "one", _KIND: kind}, **kwargs)


def entity_list_field(kind: EntityKind | None = None, **kwargs: Any) -> Any:
    """An attrs field that holds a tuple of entity ids; replay checks that each exists (and is of ``kind``)."""
    return attrs.field(metadata={_REF: "many", _KIND: kind}, converter=_id_tuple, **kwargs)


def word_field(kind: str, **kwargs: Any) -> Any:
    """An attrs field that holds a registered word of ``kind`` (``"role"``, ``"reason"``, ``"metric"``,
    ``"stage"``, or a kind of your own registered with :meth:`~aitimeline.io.EventTypes.with_words`); replay refuses
    a word that is not registered, naming the event and the field."""
    return attrs.field(metadata={_WORD: kind}, **kwargs)


def _to_date(value: DateLike) -> PartialDate:
    """A date field's value: a PartialDate, or a date or text read by :func:`~aitimeline.parse_date` (the
    checked ``__init__`` reads text first, so that a bad date is reported with its field)."""
    return value if isinstance(value, PartialDate) else parse_date(value)


def _source_tuple(value: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(value)


def _id_tuple(value: Iterable[str]) -> tuple[str, ...]:
    # A string is left as it is, so that the type check names the field: "expected an array such as [...], got str".
    return value if isinstance(value, str | tuple) else tuple(value)  # type: ignore[return-value]


def _alternative_tuple(value: Iterable[Alternative]) -> tuple[Alternative, ...]:
    return tuple(value)


_NOT_FIGURES = frozenset({"id", "date", "summary", "sources", "recorded", "unverified", "note", "alternatives"})


def _has_sources(instance: Event, attribute: attrs.Attribute[Any], value: tuple[Source, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "an event needs at least one source")


MAX_ID = 120
"""The longest event id (characters): an id names its file, and file names have limits."""
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _id_slug(instance: Event, attribute: attrs.Attribute[Any], value: str) -> None:
    if len(value) > MAX_ID or not _SLUG.match(value):
        raise FieldError(
            attribute.name,
            f"id must be a slug of letters, digits, '.', '_' and '-' (at most {MAX_ID} characters, starting with a "
            f"letter or digit), got {shorten(repr(value), 60)}",
        )


def _has_summary(instance: Event, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise FieldError(attribute.name, "summary must say what happened: it is blank")


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event type, built-in or a user's own.

    Subclasses are ``@attrs.frozen(kw_only=True)`` classes named in the past tense. They mark fields holding
    entity ids with :func:`entity_field` / :func:`entity_list_field` and override :meth:`apply` when they change
    the state. Building one checks every field against its type (see the module docs).

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
    date: PartialDate = attrs.field(converter=_to_date)
    summary: str = attrs.field(validator=_has_summary)
    sources: tuple[Source, ...] = attrs.field(converter=_source_tuple, validator=_has_sources)
    recorded: PartialDate = attrs.field(
        default=attrs.Factory(lambda self: self.date, takes_self=True), converter=_to_date
    )
    unverified: bool = False
    note: str | None = None
    alternatives: tuple[Alternative, ...] = attrs.field(default=(), converter=_alternative_tuple)

    def __attrs_post_init__(self) -> None:
        if not self.alternatives:
            return
        figures = attrs.fields_dict(type(self))
        for i, alternative in enumerate(self.alternatives):
            if alternative.field not in figures or alternative.field in _NOT_FIGURES:
                raise FieldError(
                    f"alternatives[{i}].field",
                    f"{type(self).__name__} has no field {alternative.field!r} to report an alternative for",
                )
            attribute = figures[alternative.field]
            if attribute.validator is not None:  # an alternative obeys its field's rules (not negative, ...)
                try:
                    attribute.validator(self, attribute, alternative.value)
                except FieldError as exc:
                    raise FieldError(f"alternatives[{i}].value", exc.message) from None
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

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle an event by its fields; a read-only mapping (``Corrected.fields``) goes as a dict and comes back
        read-only. Unpickling sets the fields without checking them again, as attrs' own pickling does."""
        names = tuple(a.name for a in attrs.fields(type(self)))
        values = [getattr(self, name) for name in names]
        proxies = tuple(i for i, value in enumerate(values) if isinstance(value, types.MappingProxyType))
        for i in proxies:
            values[i] = dict(values[i])
        return _restored, (type(self), names, tuple(values), proxies)

    def __repr__(self) -> str:
        """The event as attrs writes one (``RoleBegan(id='...', date=...)``). The built-in types take this one
        (``repr=False``) rather than attrs' generated method, which is a quarter of ``import aitimeline``."""
        shown = []
        for a in attrs.fields(type(self)):
            if a.repr:
                value = getattr(self, a.name)
                shown.append(f"{a.name}={a.repr(value) if callable(a.repr) else repr(value)}")
        return f"{type(self).__qualname__}({', '.join(shown)})"

    @classmethod
    def __attrs_init_subclass__(cls) -> None:
        _checked_init(cls)

    def apply(self, w: Writer) -> None:
        """Change the state through ``w``. The base event is on the record only: it changes nothing."""

    def entity_refs(self) -> Iterator[tuple[str, str]]:
        """Every ``(field name, entity id)`` this event names, from the fields marked as entity fields."""
        for name, many, _ in _refs(type(self)).entities:
            value = getattr(self, name)
            if value is None:
                continue
            if not many:
                yield name, value
            else:
                for i, item in enumerate(value):
                    yield f"{name}[{i}]", item


def _restored(cls: type[Event], names: tuple[str, ...], values: tuple[Any, ...], proxies: tuple[int, ...]) -> Event:
    """An event as :meth:`Event.__reduce__` pickled it."""
    event = object.__new__(cls)
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        object.__setattr__(event, name, types.MappingProxyType(value) if i in proxies else value)
    return event


# --- checking an event as it is built --------------------------------------------------------------------------


class _Missing:
    """The type of an argument not given (its own type, so that a fast path can tell it from None)."""


_MISSING = _Missing()


@attrs.frozen
class _Plan:
    """What the checked ``__init__`` of one class needs, derived once from its fields.

    Each check has a fast path for the common case, where every value is of a type that always fits: the types
    of all the values are looked up in sets of such types by ``map`` and ``all``, in C, with no Python loop over
    the fields. (A function generated for each class, as attrs writes ``__init__``, is a little faster per event
    but costs a compile per class: loading the shipped record, which uses every built-in type, took 18 % more
    instructions with one.)
    """

    names: frozenset[str]  # every field ``__init__`` takes
    required: frozenset[str]  # those without a default
    checks: Mapping[str, Check]  # every field whose type is checked: its check
    dates: frozenset[str]  # fields of type PartialDate (or PartialDate | None): a text or date is read as a date
    # The arguments checked as given: fields without an attrs converter, and date fields (to read their text);
    # for each, the types that always fit (_Missing among them: a missing argument is the shape check's).
    given: tuple[str, ...]
    given_fit: tuple[frozenset[type], ...]
    # The fields with a converter, checked once converted: a getter of their values, the types that always fit
    # each, and (index, types whose items always fit) for each tuple among them.
    converted: tuple[str, ...]
    converted_values: Callable[[Event], tuple[Any, ...]]
    converted_fit: tuple[frozenset[type], ...]
    converted_items: tuple[tuple[int, frozenset[type]], ...]


def _getter(names: tuple[str, ...]) -> Callable[[Event], tuple[Any, ...]]:
    """The values of the fields ``names`` of an event, as a tuple (read in C)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda event: (one(event),)
    return lambda event: ()


@per_class
def _plan(cls: type[Event]) -> _Plan:
    fields = [f for f in attrs.fields(cls) if f.init]
    hints = field_types(cls)
    checks = {f.name: check for f in fields if (check := fit_check(hints.get(f.name, Any))) is not None}
    dates = frozenset(f.name for f in fields if hints.get(f.name) in (PartialDate, PartialDate | None))
    given = tuple(f.name for f in fields if f.name in checks and (f.converter is None or f.name in dates))
    converted = tuple(f.name for f in fields if f.name in checks and f.converter is not None)
    items: dict[int, frozenset[type]] = {}
    for i, name in enumerate(converted):
        args = typing.get_args(hints[name])
        if typing.get_origin(hints[name]) is tuple and len(args) == 2 and args[1] is Ellipsis:
            items[i] = always_fit(args[0])
    return _Plan(
        names=frozenset(f.name for f in fields),
        required=frozenset(f.name for f in fields if f.default is attrs.NOTHING),
        checks=checks,
        dates=dates,
        given=given,
        given_fit=tuple(always_fit(hints[name]) | {_Missing} for name in given),
        converted=converted,
        converted_values=_getter(converted),
        converted_fit=tuple(always_fit(hints[n]) | ({tuple} if i in items else set()) for i, n in enumerate(converted)),
        converted_items=tuple(items.items()),
    )


def _given(plan: _Plan, kwargs: dict[str, Any]) -> Found:
    """Every problem of the arguments checked as given; a date's text is read into ``kwargs`` on the way."""
    values = list(map(kwargs.get, plan.given, repeat(_MISSING)))  # each field's argument, or _MISSING
    if all(map(operator.contains, plan.given_fit, map(type, values))):
        return None
    found = None
    for name, fit, value in zip(plan.given, plan.given_fit, values, strict=True):
        if type(value) in fit:
            continue
        if name in plan.dates and isinstance(value, str | dt.date):
            try:
                kwargs[name] = parse_date(value)
            except DateError as exc:
                found = add_problems(found, name, [("", str(exc))])
        elif name not in plan.converted:  # a date field with a converter: its converter reads what else it is
            problems = plan.checks[name](value)
            if problems is not None:
                found = add_problems(found, name, problems)
    return found


def _converted(plan: _Plan, event: Event) -> Found:
    """Every problem of the fields with a converter, once converted."""
    values = plan.converted_values(event)
    if all(map(operator.contains, plan.converted_fit, map(type, values))):
        for i, fit in plan.converted_items:
            if not all(map(fit.__contains__, map(type, values[i]))):
                break
        else:
            return None
    found = None
    for name, value in zip(plan.converted, values, strict=True):
        problems = plan.checks[name](value)
        if problems is not None:
            found = add_problems(found, name, problems)
    return found


def argument_problems(cls: type[Event], kwargs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field path, what is wrong)`` for each problem the ``__init__`` of ``cls`` finds in ``kwargs`` before it
    builds the event: a missing or unknown field, a value of the wrong type, an unreadable date. The converter
    reports them beside its own when it cannot build an event."""
    return _arguments(_plan(cls), cls, (), dict(kwargs)) or []


def _arguments(plan: _Plan, cls: type[Event], args: tuple[object, ...], kwargs: dict[str, Any]) -> Found:
    """Every problem of the arguments as given (a date's text is read into ``kwargs`` on the way)."""
    found = _given(plan, kwargs)
    if args or not plan.required <= kwargs.keys() or not kwargs.keys() <= plan.names:
        found = [*_shape_problems(cls, plan, args, kwargs), *(found or ())]
    return found


def _checked_init(cls: type[Event]) -> None:
    """Give ``cls`` an ``__init__`` that checks its arguments, then runs attrs' own (validators included)."""
    init = cls.__init__

    def __init__(self: Event, *args: object, **kwargs: Any) -> None:
        plan = _plan(cls)
        found = _arguments(plan, cls, args, kwargs)
        if not found:
            try:
                init(self, **kwargs)
            except Exception as exc:
                found = _init_problems(plan, self, kwargs, exc)
                if not found:
                    raise
            else:
                found = _converted(plan, self)
        if found:
            event_id = _id(kwargs)
            raise EventValidationError(f"invalid {cls.__name__}", [Problem(None, event_id, p, m) for p, m in found])

    __init__.__doc__ = init.__doc__
    __init__.__wrapped__ = init  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[method-assign]


def _init_problems(plan: _Plan, event: Event, kwargs: Mapping[str, Any], exc: Exception) -> Found:
    """What made attrs' ``__init__`` fail, as problems; None for a failure that is not about the arguments (it
    passes through). A converted field of the wrong type explains a validator that failed on it; a converter
    that could not take its argument is reported against the field's type; a validator's FieldError names its
    field."""
    found: Found = None
    for name in plan.converted:  # the fields set before the failure
        value = getattr(event, name, _MISSING)
        problem = None if value is _MISSING else plan.checks[name](value)
        if problem is not None:
            found = add_problems(found, name, problem)
    if isinstance(exc, FieldError) and not any(p == exc.field for p, _ in found or ()):
        return [*(found or ()), (exc.field, exc.message)]
    if found:
        return found
    unset = next((n for n in plan.converted if getattr(event, n, _MISSING) is _MISSING and n in kwargs), None)
    problem = plan.checks[unset](kwargs[unset]) if unset is not None else None
    if unset is not None and problem is not None:  # a converter given what its field's type cannot hold
        return add_problems(None, unset, problem)
    if isinstance(exc, TypeError):  # a converter given something it cannot take (``tuple(5)``)
        return [(unset or "", str(exc))]
    return None


def _id(kwargs: Mapping[str, Any]) -> str | None:
    value = kwargs.get("id")
    return value if isinstance(value, str) else None


def _shape_problems(
    cls: type[Event], plan: _Plan, args: tuple[object, ...], kwargs: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Positional arguments, missing fields and unknown fields, each a problem."""
    problems = []
    if args:
        problems.append(("", "events take keyword arguments only (id=..., date=...)"))
    problems += [(n, "required field missing") for n in sorted(plan.required - kwargs.keys())]
    problems += [(n, unknown_field(cls, n)) for n in sorted(kwargs.keys() - plan.names)]
    return problems


_checked_init(Event)


# --- references: entities and words ---------------------------------------------------------------------------


@attrs.frozen
class _Refs:
    """What the reference check of one class looks at, derived once: its entity fields (name, holds many,
    the kind of entity they take or None) and its word fields (name, kind of word)."""

    entities: tuple[tuple[str, bool, type | None], ...]
    words: tuple[tuple[str, str], ...]
    custom: bool  # the class walks its own entity references (entity_refs overridden)


@per_class
def _refs(cls: type[Event]) -> _Refs:
    from aitimeline._core.entities import Organization, Person

    kinds: dict[str | None, type | None] = {None: None, "person": Person, "organization": Organization}
    return _Refs(
        entities=tuple(
            (f.name, f.metadata[_REF] == "many", kinds[f.metadata.get(_KIND)])
            for f in attrs.fields(cls)
            if _REF in f.metadata
        ),
        words=tuple((f.name, f.metadata[_WORD]) for f in attrs.fields(cls) if _WORD in f.metadata),
        custom=cls.entity_refs is not Event.entity_refs,
    )


_Fits = Callable[[Any, Callable[[str], object], Mapping[str, frozenset[str]] | None], bool]


@per_class
def fits_check(cls: type[Event]) -> _Fits:
    """``fits(event, entities.get, vocabulary.words or None)`` for events of ``cls``: True when every entity its
    marked fields name exists and is of its field's kind, and every word is registered. The fast check, run
    once per event of every replay: a function written for the class (as attrs writes ``__init__``), a few dict
    lookups with no loop over a plan. False means "look closer" (:func:`reference_problems` says what is wrong);
    a class that walks its own references (``entity_refs`` overridden) always looks closer."""
    plan = _refs(cls)
    if plan.custom:
        return lambda event, get, registered: False
    kinds = {kind.__name__: kind for _, _, kind in plan.entities if kind is not None}
    lines = ["def fits(event, get, registered):"]
    for name, many, kind in plan.entities:
        wrong = "found is None" if kind is None else f"found is None or type(found) is not {kind.__name__}"
        if many:
            lines += [f"    for ref in event.{name} or ():", "        found = get(ref)", f"        if {wrong}:"]
            lines += ["            return False"]
        else:
            lines += [f"    ref = event.{name}", "    if ref is not None:", "        found = get(ref)"]
            lines += [f"        if {wrong}:", "            return False"]
    if plan.words:
        lines.append("    if registered is not None:")
        for name, word_kind in plan.words:
            lines += [f"        allowed = registered.get({word_kind!r})", f"        word = event.{name}"]
            lines += ["        if word is not None and allowed is not None and word not in allowed:"]
            lines += ["            return False"]
    lines.append("    return True")
    namespace: dict[str, Any] = dict(kinds)
    exec("\n".join(lines), namespace)  # the source is built above from the class's own field names
    fits: _Fits = namespace["fits"]
    return fits


def reference_problems(event: Event, entities: Mapping[str, object], words: Any = None) -> list[tuple[str, str]]:
    """Every ``(field, message)`` for an entity id of ``event`` not in ``entities`` or of the wrong kind (a person
    where an organisation is expected), and for a word its vocabulary ``words`` does not register; ``[]`` when
    all is well. The common case (every reference fits) is a few dict lookups.
    """
    if fits_check(type(event))(event, entities.get, None if words is None else words.words):
        return []
    plan = _refs(type(event))
    out: list[tuple[str, str]] = []
    for field, ref in event.entity_refs():
        if ref not in entities:
            out.append((field, f"unknown entity {ref!r} (not in the entity list)"))
    for name, many, kind in plan.entities:
        value = getattr(event, name)
        for i, ref in enumerate(() if value is None else value if many else (value,)):
            found = entities.get(ref)
            if found is not None and kind is not None and type(found) is not kind:
                field = f"{name}[{i}]" if many else name
                out.append((field, f"{ref!r} is {_a(type(found))}, not {_a(kind)}"))
    if words is not None:
        for name, word_kind in plan.words:
            value = getattr(event, name)
            if value is not None:
                problem = words.problem(word_kind, value)
                if problem is not None:
                    out.append((name, problem))
    return out


def _a(kind: type) -> str:
    return "an organisation" if kind.__name__ == "Organization" else f"a {kind.__name__.lower()}"


# --- field types -----------------------------------------------------------------------------------------------


@per_class
def field_types(cls: type[Event]) -> dict[str, Any]:
    """The resolved type of each field of an event class (computed once per class).

    Raises:
        RegistrationError: A field's annotation cannot be resolved (a name not importable from the class's
            module, as with a class defined inside a function under ``from __future__ import annotations``).
    """
    try:  # resolved once in the class itself, so that cattrs's own resolve_types (a converter's hooks) is free
        attrs.resolve_types(cls)
    except Exception as exc:  # evaluating an annotation runs it: NameError, SyntaxError, anything
        from aitimeline._core.errors import RegistrationError

        raise RegistrationError(
            f"cannot resolve the field types of {cls.__name__} ({exc}); define the class, and the types its fields"
            " name, at module level"
        ) from None
    return {a.name: a.type for a in attrs.fields(cls)}


@readable.register(Event)
def _event(value: Event, names: Names | None = None) -> str:
    """An event as a reader reads it: its date and summary (``explain`` adds its id and sources)."""
    return f"{value.date} {value.summary}"
