"""The one cattrs converter that turns TOML-shaped data into events and back.

:func:`converter` (public as :func:`~aitimeline.io.make_converter`) makes a new converter each time (there is no global
one). Its choices:

- dates are strings (``"2023-11-17"``, ``"November 2023"``) or TOML dates, read by :func:`parse_date`, and
  written back as ISO strings at their precision;
- money and quantities are exact :class:`~decimal.Decimal`, written as strings or integers; a TOML float is an
  error (it would lose cents); a figure is a table with ``value`` or ``low`` and ``high``;
- stakes are exact fractions: ``"27%"``, ``"0.325"``, ``"1/3"``;
- strings, booleans and integers are strict: ``"yes"`` is not a boolean and ``5`` is not a string;
- unknown keys are errors (a typo such as ``investr`` is reported, not ignored);
- an event is a table with ``type`` naming its class in an :class:`EventTypes` registry; written back, fields
  left at their defaults are omitted. Its scalars (texts, numbers, booleans, words of a ``Literal``) go to the
  event as read: the event's own ``__init__`` checks every argument, as for an event built in code, with the
  same words. The scalars of the values it reads (a source's title, a figure's currency) are checked by the
  same checker (:func:`~aitimeline._core.checks.fit_check`) as they are read;
- a :class:`~aitimeline.events.Corrected` event's ``fields`` hold values as the corrected fields are written; they are
  typed in a second pass, once the type of the event they correct is known: structure a ``list[Event]`` (as the
  loader does) and every correction in it comes back with typed values. A correction structured alone keeps the
  file's raw values until :func:`typed_corrections` is given the events it corrects.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from types import UnionType
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from aitimeline._core.checks import fit_check, refusal, unknown_field
from aitimeline._core.dates import PartialDate
from aitimeline._core.errors import EventValidationError, FieldError, Problem, UnknownEventTypeError, shorten
from aitimeline._core.values import (
    Alternative,
    Money,
    Participation,
    Payment,
    ProfitTier,
    Quantity,
    RevenueShare,
    Source,
    Stake,
    Terms,
    Tranche,
    read_date,
    read_decimal,
    read_fraction,
)
from aitimeline._engine.events import Event, argument_problems, field_types
from aitimeline._engine.knowledge import Corrected
from aitimeline._engine.persistent import CapTable

__all__ = ["converter", "typed_corrections", "unreadable_fields"]

_FIGURES = (Money, Quantity, Stake)
_TABLES = frozenset({Participation, Payment, ProfitTier, RevenueShare, Source, Terms, Tranche})  # other values


def converter(registry: Mapping[str, type[Event]]) -> cattrs.Converter:
    """The converter of :func:`~aitimeline.io.make_converter` for the event types of ``registry`` (an
    :class:`~aitimeline.io.EventTypes`, whose lookup names the closest type when one is unknown); this module
    imports cattrs, the public name does not."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    _configure_scalars(conv)
    _configure_figures(conv)
    _configure_events(conv, registry)
    return conv


def unreadable_fields(cls: type[Event], conv: cattrs.Converter) -> list[str]:
    """What is wrong with each field of ``cls`` that an event file cannot hold (``[]`` when every field fits), as
    ``conv`` (the converter that will read the files) judges it."""
    out = []
    hints = field_types(cls)
    for name in (f.name for f in attrs.fields(cls) if f.init):
        problem = _unreadable(conv, hints.get(name, Any))
        if problem:
            out.append(f"{name} ({problem})")
    return out


def _unreadable(conv: cattrs.Converter, hint: Any) -> str | None:
    origin = typing.get_origin(hint)
    if hint is float:
        return "float is not exact: use Decimal for amounts, Fraction for shares, or Money / Quantity / Stake"
    if origin in (list, set, dict) or hint in (list, set, dict):
        return f"{getattr(origin or hint, '__name__', hint)} is mutable: use tuple, frozenset or Mapping"
    for arg in typing.get_args(hint):
        if isinstance(arg, list):  # the parameters of a Callable
            return f"no way to read a {getattr(origin, '__name__', origin)} from a file"
        if arg is not Ellipsis and not isinstance(arg, str | int | bool):
            problem = _unreadable(conv, arg)
            if problem:
                return problem
    if typing.get_args(hint) or hint is type(None) or hint is Any:
        return None
    try:
        conv.get_structure_hook(hint)
    except Exception:  # no hook (StructureHandlerNotFoundError), or a hint cattrs cannot even look up
        return f"no way to read a {getattr(hint, '__name__', hint)} from a file"
    return None


def typed_corrections(
    conv: cattrs.Converter, events: list[Event], by_id: Mapping[str, Event] | None = None
) -> tuple[list[Event], list[tuple[str, str, str]]]:
    """``events`` with each :class:`~aitimeline.events.Corrected` event's raw values structured to the types of the
    fields they correct, and ``(event id, field path, message)`` for each value that does not fit.

    The target is looked up among ``events`` and then ``by_id`` (the events of a record loaded underneath). A
    correction whose target or field is missing is left as it is: the timeline reports it.
    """
    found = {e.id: e for e in events}
    out: list[Event] = []
    problems: list[tuple[str, str, str]] = []
    for event in events:
        if not isinstance(event, Corrected):
            out.append(event)
            continue
        target = found.get(event.corrects) or (by_id or {}).get(event.corrects)
        if target is None:
            out.append(event)
            continue
        hints = field_types(type(target))
        typed: dict[str, Any] = {}
        ok = True
        for name, raw in event.fields.items():
            if name not in hints:
                typed[name] = raw
                continue
            try:
                typed[name] = conv.structure(raw, hints[name])
            except Exception as exc:  # every failure becomes a problem naming the field
                ok = False
                problems += [(event.id, _join(f"fields.{name}", p), m) for p, m in explain(exc)]
        out.append(attrs.evolve(event, fields=typed) if ok else event)
    return out, problems


def explain(exc: BaseException) -> list[tuple[str, str]]:
    """``(field path, message)`` for every failure in a structuring error, once each.

    cattrs' error groups are walked by their notes (an attribute adds ``.name``, an index ``[0]``, a mapping key
    ``['key']``), as :func:`cattrs.transform_error` walks them; each failure in them is read by what it is: a
    value or event that checked itself (its problems, with their own field paths), an unknown key, a missing
    field, or a message of ours.
    """
    out: list[tuple[str, str]] = []
    stack: list[tuple[BaseException, str]] = [(exc, "")]
    while stack:  # depth first, in order; as deep as the types, whatever the data
        exc, path = stack.pop()
        if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
            with_notes, without = exc.group_exceptions()
            inner = [
                (e, _join(path, note.name) if isinstance(note, AttributeValidationNote) else f"{path}[{note.index!r}]")
                for e, note in with_notes
            ]
            stack += reversed([*inner, *((e, path) for e in without)])
            continue
        for sub, message in _failures(exc):
            where = _join(path, sub)
            if where.endswith((".low", ".high")):  # a figure's ``value`` is read as both its low and its high
                where = where.rpartition(".")[0]
            if (where, message) not in out:
                out.append((where, message))
    return out


def _failures(exc: BaseException) -> list[tuple[str, str]]:
    """``(field path, message)`` for one failure that is not a group."""
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return [(name, unknown_field(exc.cl, name)) for name in sorted(exc.extra_fields)]
    problems: tuple[Problem, ...] = getattr(exc, "problems", ())
    if problems:  # a value or an event that checked itself, or a check of ours
        return [(p.path, p.message) for p in problems]
    if isinstance(exc, KeyError) and not isinstance(exc, UnknownEventTypeError):
        return [("", "required field missing")]
    if isinstance(exc, ValueError | TypeError | UnknownEventTypeError) and str(exc):
        return [("", str(exc))]
    return [("", cattrs.v.format_exception(exc, None))]


def _join(path: str, sub: str) -> str:
    if not path or not sub:
        return path or sub
    return path + sub if sub.startswith("[") else f"{path}.{sub}"


def _as_checked(value: object, hint: Any) -> object:
    """``value`` as read, if it fits ``hint``: checked by the events' own checker, with its words."""
    check = fit_check(hint)
    problems = None if check is None else check(value)
    if problems is not None:
        raise refusal(problems)
    return value


def _not_an_array(value: object) -> EventValidationError:
    """The error of a value read where an array goes (a text, a number, a table), in the checker's words."""
    check = fit_check(tuple[Any, ...])
    assert check is not None
    return refusal(check(value) or [])


def _not_here(what: str) -> Any:
    raise ValueError(f"{what} are structured with the event they belong to")


def _configure_scalars(conv: cattrs.Converter) -> None:
    dates: dict[str, PartialDate] = {}  # a file's date is read once per event: read each text once

    def structure_date(value: object, _: type) -> PartialDate:
        if isinstance(value, str):
            found = dates.get(value)
            if found is None:
                found = read_date(value)
                if len(dates) < 100_000:
                    dates[value] = found
            return found
        return read_date(value)

    conv.register_structure_hook(PartialDate, structure_date)
    conv.register_unstructure_hook(PartialDate, str)

    def structure_decimal(value: object, _: type) -> Decimal:
        return read_decimal(value)

    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_unstructure_hook(Decimal, str)

    def structure_fraction(value: object, _: type) -> Fraction:
        return read_fraction(value)

    conv.register_structure_hook(Fraction, structure_fraction)
    conv.register_unstructure_hook(Fraction, str)

    for kind in (str, bool, int):  # strict: "yes" is not a bool, 5 is not a str
        conv.register_structure_hook(kind, _as_checked)
    conv.register_structure_hook_func(_is_literal, _as_checked)

    def structure_tuple(value: object, kind: Any) -> tuple[Any, ...]:
        # A text is not an array: cattrs would read "microsoft" as the tuple of its letters.
        if not isinstance(value, list | tuple):
            raise _not_an_array(value)
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            kinds = [args[0]] * len(value)
        elif args and len(args) != len(value):
            raise ValueError(f"expected an array of {len(args)} items, got {len(value)}")
        else:
            kinds = list(args) or [Any] * len(value)
        out: list[Any] = []
        errors: list[Exception] = []
        for i, (item, item_kind) in enumerate(zip(value, kinds, strict=True)):
            try:
                out.append(conv.structure(item, item_kind))
            except Exception as exc:  # every failure is kept, each with its index, as cattrs does
                exc.__notes__ = [*getattr(exc, "__notes__", []), IterableValidationNote(f"@ index {i}", i, item_kind)]
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError(f"While structuring {kind!r}", errors, kind)
        return tuple(out)

    conv.register_structure_hook_func(_is_tuple, structure_tuple)


def _is_tuple(hint: Any) -> bool:
    return hint is tuple or typing.get_origin(hint) is tuple


def _is_literal(hint: Any) -> bool:
    return typing.get_origin(hint) is Literal


def _short(value: object) -> str:
    """A user's value as a message quotes it: its repr, cut short."""
    return shorten(repr(value), 60)


def _configure_figures(conv: cattrs.Converter) -> None:
    for cls in _FIGURES:
        conv.register_structure_hook(cls, _figure_structure(conv, cls))
        conv.register_unstructure_hook(cls, _figure_unstructure(conv, cls))

    def structure_money_or_quantity(value: object, _: type) -> Money | Quantity:
        if isinstance(value, Mapping) and "currency" in value:
            return conv.structure(value, Money)
        return conv.structure(value, Quantity)

    conv.register_structure_hook(Money | Quantity, structure_money_or_quantity)
    conv.register_structure_hook_factory(lambda t: t in _TABLES, lambda cls: _table_structure(conv, cls))

    def structure_cap_table(value: object, _: type) -> CapTable:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a table of holder id = stake, got {_short(value)}")
        return CapTable(conv.structure(dict(value), dict[str, Stake]))

    conv.register_structure_hook(CapTable, structure_cap_table)
    conv.register_unstructure_hook(CapTable, lambda table: {h: conv.unstructure(s) for h, s in table.items()})


def _figure_structure(conv: cattrs.Converter, cls: type[Any]) -> Callable[[object, type], Any]:
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

    def hook(value: object, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError(f'expected a table such as {{ value = "6" }}, got {_short(value)}')
        data = dict(value)
        if "value" in data:
            if "low" in data or "high" in data:
                raise ValueError("give either value, or low and high, not both")
            data["low"] = data["high"] = data.pop("value")
        return base(data, cls)

    return hook


def _table_structure(conv: cattrs.Converter, cls: type[Any]) -> Callable[[object, type], Any]:
    """The structure hook of a value read from a table (a source, terms, a tranche...): what is not a table is
    refused with the checker's words, as the value's own check refuses it in code ("expected Source, got int
    5")."""
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    check = fit_check(cls)
    assert check is not None

    def hook(value: object, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise refusal(check(value) or [])
        return base(value, cls)

    return hook


def _figure_unstructure(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
    base = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)

    def hook(figure: Any) -> dict[str, Any]:
        data = base(figure)
        if figure.low == figure.high:
            data.pop("high")
            data = {"value": data.pop("low"), **data}
        return data

    return hook


def _figure_type(cls: type[Event], field: str) -> Any:
    """The figure type of an event field (Money, Quantity, Stake, or ``Money | Quantity`` for a field that may
    hold either, which the converter tells apart by the currency), or None if it holds no figure."""
    hint = field_types(cls).get(field)
    options = typing.get_args(hint) if typing.get_args(hint) else (hint,)
    figures = [t for t in options if t in _FIGURES]
    if len(figures) == 1:
        return figures[0]
    return Money | Quantity if sorted(f.__name__ for f in figures) == ["Money", "Quantity"] else None


def _alternatives(conv: cattrs.Converter, cls: type[Event]) -> Callable[[object, object], tuple[Alternative, ...]]:
    """The structure hook of an event's ``alternatives``: each value as the type of the field it is an alternative
    for."""

    def hook(raw: object, _: object) -> tuple[Alternative, ...]:
        if not isinstance(raw, list | tuple):
            raise _not_an_array(raw)
        alternatives = []
        errors: list[Exception] = []
        for i, item in enumerate(raw):
            try:
                if not isinstance(item, Mapping):
                    raise ValueError(f"expected a table, got {_short(item)}")
                field = item.get("field")
                kind = _figure_type(cls, field) if isinstance(field, str) else None
                if kind is None or not isinstance(field, str):
                    raise FieldError("field", f"{cls.type_name} has no figure field {field!r}")
                note = item.get("note")
                value = conv.structure(item.get("value"), kind)
                try:
                    sources = conv.structure(item.get("sources", []), tuple[Source, ...])
                except Exception as exc:  # named as a field of the alternative: alternatives[0].sources[0].url
                    named = AttributeValidationNote("Structuring @ attribute sources", "sources", tuple)
                    exc.__notes__ = [*getattr(exc, "__notes__", []), named]
                    raise cattrs.ClassValidationError("While structuring Alternative", [exc], Alternative) from None
                alternatives.append(
                    Alternative(field=field, value=value, sources=sources, note=note if isinstance(note, str) else None)
                )
            except Exception as exc:
                exc.__notes__ = [IterableValidationNote(f"Structuring alternatives @ index {i}", i, Alternative)]
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError("While structuring alternatives", errors, tuple)
        return tuple(alternatives)

    return hook


def _as_tuple(value: object, _: object) -> tuple[Any, ...]:
    """An array of scalars as a tuple; its items are the event's to check."""
    if type(value) is list:
        return tuple(value)
    if not isinstance(value, tuple):
        raise _not_an_array(value)
    return value


def _scalar(hint: Any) -> bool:
    if hint in (str, int, bool, type(None), Any) or _is_literal(hint):
        return True
    return typing.get_origin(hint) in (typing.Union, UnionType) and all(map(_scalar, typing.get_args(hint)))


def _event_structure(conv: cattrs.Converter, cls: type[Event]) -> Callable[[Mapping[str, Any], type], Event]:
    """The structure hook of an event class.

    It structures only what a file writes otherwise than the event holds it (dates, figures, sources and other
    tables, arrays) and passes scalars as read: the event's own ``__init__`` checks every argument, with the
    words it uses for an event built in code (a missing or unknown field too). When a field cannot be
    structured, the event is not built; what its ``__init__`` would find in the other arguments is reported with
    it, so that every problem of an event comes at once, in a cattrs ``ClassValidationError`` noted by field.
    """
    hints = field_types(cls)
    hooks: list[tuple[str, Callable[[Any, Any], Any], Any]] = []
    for f in attrs.fields(cls):
        hint = hints.get(f.name, Any)
        args = typing.get_args(hint)
        if not f.init or _scalar(hint):
            continue
        if f.name == "alternatives":
            hooks.append((f.name, _alternatives(conv, cls), hint))
        elif _is_tuple(hint) and len(args) == 2 and args[1] is Ellipsis and _scalar(args[0]):
            hooks.append((f.name, _as_tuple, hint))
        else:
            hooks.append((f.name, conv.get_structure_hook(hint), hint))

    def structure(data: Mapping[str, Any], _: type) -> Event:
        kwargs = dict(data)
        errors: list[Exception] = []
        failed = set()
        for name, hook, hint in hooks:
            if name in kwargs:
                try:
                    kwargs[name] = hook(kwargs[name], hint)
                except Exception as exc:  # every failure is kept, noted with its field, as cattrs does
                    note = AttributeValidationNote(
                        f"Structuring class {cls.__qualname__} @ attribute {name}", name, hint
                    )
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                    errors.append(exc)
                    failed.add(name)
        if not errors:
            return cls(**kwargs)
        rest = {k: v for k, v in kwargs.items() if k not in failed}
        found = [(p, m) for p, m in argument_problems(cls, rest) if p not in failed]
        if found:
            errors.append(
                EventValidationError(f"invalid {cls.__name__}", [Problem(None, None, p, m) for p, m in found])
            )
        raise cattrs.ClassValidationError(f"While structuring {cls.__name__}", errors, cls)

    return structure


def _configure_events(conv: cattrs.Converter, registry: Mapping[str, type[Event]]) -> None:
    conv.register_structure_hook(
        Alternative, lambda v, _: v if isinstance(v, Alternative) else _not_here("alternatives")
    )
    structure_fns: dict[str, Callable[[Mapping[str, Any], type], Event]] = {}

    def structure_fn(name: str) -> Callable[[Mapping[str, Any], type], Event]:
        """The structuring function of one event type, generated the first time it is needed."""
        fn = structure_fns.get(name)
        if fn is None:
            fn = structure_fns[name] = _event_structure(conv, registry[name])
        return fn

    def structure_event(value: object, _: type) -> Event:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected an event table, got {_short(value)}")
        data = dict(value)
        name = data.pop("type", None)
        if not isinstance(name, str):
            raise ValueError("an event needs a 'type' naming its kind, such as \"Invested\"")
        cls = registry[name]
        event: Event = structure_fn(name)(data, cls)
        return event

    conv.register_structure_hook(Event, structure_event)

    def structure_events(value: object, _: type) -> list[Event]:
        if not isinstance(value, list | tuple):
            raise ValueError(f"expected a list of event tables, got {_short(value)}")
        events = [structure_event(item, Event) for item in value]
        typed, problems = typed_corrections(conv, events)
        if problems:
            raise ValueError("; ".join(f"event {i!r}, field {p}: {m}" for i, p, m in problems))
        return typed

    conv.register_structure_hook_func(lambda t: t == list[Event], structure_events)

    def structure_as(name: str) -> Callable[[Mapping[str, Any], type], Event]:
        return lambda data, cls: structure_fn(name)(data, cls)

    for name, cls in registry.items():
        conv.register_structure_hook(cls, structure_as(name))

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        base = make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        type_name = cls.type_name

        def hook(event: Event) -> dict[str, Any]:
            return {"type": type_name, **base(event)}

        return hook

    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Event) and attrs.has(t), unstructure_factory
    )
