"""The one cattrs converter that turns TOML-shaped data into events and back.

:func:`make_converter` makes a new converter each time (there is no global one). Its choices:

- dates are strings (``"2023-11-17"``, ``"November 2023"``) or TOML dates, read by :func:`parse_date`, and
  written back as ISO strings at their precision;
- money and quantities are exact :class:`~decimal.Decimal`, written as strings or integers; a TOML float is an
  error (it would lose cents); a figure is a table with ``value`` or ``low`` and ``high``;
- stakes are exact fractions: ``"27%"``, ``"0.325"``, ``"1/3"``;
- strings, booleans and integers are strict: ``"yes"`` is not a boolean and ``5`` is not a string;
- unknown keys are errors (a typo such as ``investr`` is reported, not ignored);
- an event is a table with ``type`` naming its class in an :class:`EventTypes` registry; written back, fields
  left at their defaults are omitted.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from .dates import PartialDate, parse_date
from .errors import FieldError
from .events import Event, field_types
from .records import CapTable
from .registry import EventTypes, builtin_types
from .values import Alternative, Money, Quantity, Source, Stake, parse_fraction

__all__ = ["make_converter"]

_FIGURES = (Money, Quantity, Stake)


def make_converter(types: EventTypes | None = None) -> cattrs.Converter:
    """A converter configured for aitimeline's values and the event types in ``types``.

    Args:
        types: The event registry; by default :func:`builtin_types`.

    Returns:
        A new :class:`cattrs.Converter`; ``converter.structure(data, Event)`` builds any registered event and
        ``converter.unstructure(event)`` gives back a plain dict with its ``type``.
    """
    registry = types if types is not None else builtin_types()
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    _configure_scalars(conv)
    _configure_figures(conv)
    _configure_events(conv, registry)
    return conv


def _not_here(what: str) -> Any:
    raise ValueError(f"{what} are structured with the event they belong to")


def _configure_scalars(conv: cattrs.Converter) -> None:
    dates: dict[str, PartialDate] = {}  # a file's date is read once per event: read each text once

    def structure_date(value: object, _: type) -> PartialDate:
        if isinstance(value, str):
            found = dates.get(value)
            if found is None:
                found = parse_date(value)
                if len(dates) < 100_000:
                    dates[value] = found
            return found
        if isinstance(value, dt.date):
            return parse_date(value)
        raise ValueError(f"expected a date such as '2023-11-17', got {value!r}")

    conv.register_structure_hook(PartialDate, structure_date)
    conv.register_unstructure_hook(PartialDate, str)

    def structure_decimal(value: object, _: type) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            kind = "a float (floats lose precision)" if isinstance(value, float) else repr(value)
            raise ValueError(f'expected a number written as a string such as "13000000000", got {kind}')
        try:
            number = Decimal(value.replace("_", "") if isinstance(value, str) else value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return number

    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_unstructure_hook(Decimal, str)

    def structure_fraction(value: object, _: type) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f'expected a share such as "27%", "0.325" or "1/3", got {value!r}')
        try:
            return parse_fraction(value) if isinstance(value, str) else Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f'not a share: {value!r} (write "27%", "0.325" or "1/3")') from None

    conv.register_structure_hook(Fraction, structure_fraction)
    conv.register_unstructure_hook(Fraction, str)

    def strict(kind: type) -> Callable[[object, type], Any]:
        def hook(value: object, _: type) -> object:
            if type(value) is not kind:
                raise ValueError(f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
            return value

        return hook

    for kind in (str, bool, int):
        conv.register_structure_hook(kind, strict(kind))


def _configure_figures(conv: cattrs.Converter) -> None:
    for cls in _FIGURES:
        conv.register_structure_hook(cls, _figure_structure(conv, cls))
        conv.register_unstructure_hook(cls, _figure_unstructure(conv, cls))

    def structure_money_or_quantity(value: object, _: type) -> Money | Quantity:
        if isinstance(value, Mapping) and "currency" in value:
            return conv.structure(value, Money)
        return conv.structure(value, Quantity)

    conv.register_structure_hook(Money | Quantity, structure_money_or_quantity)

    def structure_cap_table(value: object, _: type) -> CapTable:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected a table of holder id = stake, got {value!r}")
        return CapTable(conv.structure(dict(value), dict[str, Stake]))

    conv.register_structure_hook(CapTable, structure_cap_table)
    conv.register_unstructure_hook(CapTable, lambda table: {h: conv.unstructure(s) for h, s in table.items()})


def _figure_structure(conv: cattrs.Converter, cls: type[Any]) -> Callable[[object, type], Any]:
    base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

    def hook(value: object, _: type) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError(f'expected a table such as {{ value = "6" }}, got {value!r}')
        data = dict(value)
        if "value" in data:
            if "low" in data or "high" in data:
                raise ValueError("give either value, or low and high, not both")
            data["low"] = data["high"] = data.pop("value")
        return base(data, cls)

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


def _with_alternatives(
    conv: cattrs.Converter, cls: type[Event], structure: Callable[[Mapping[str, Any], type], Event]
) -> Callable[[Mapping[str, Any], type], Event]:
    """Structure an event's ``alternatives``, each value as the type of the field it is an alternative for."""

    def hook(data: Mapping[str, Any], _: type) -> Event:
        raw = data.get("alternatives")
        if not raw or not isinstance(raw, list):
            return structure(data, cls)
        alternatives = []
        errors: list[Exception] = []
        for i, item in enumerate(raw):
            try:
                if not isinstance(item, Mapping):
                    raise ValueError(f"expected a table, got {item!r}")
                field = item.get("field")
                kind = _figure_type(cls, field) if isinstance(field, str) else None
                if kind is None or not isinstance(field, str):
                    raise FieldError("field", f"{cls.type_name} has no figure field {field!r}")
                note = item.get("note")
                alternatives.append(
                    Alternative(
                        field=field,
                        value=conv.structure(item.get("value"), kind),
                        sources=conv.structure(item.get("sources", []), tuple[Source, ...]),
                        note=note if isinstance(note, str) else None,
                    )
                )
            except Exception as exc:
                exc.__notes__ = [IterableValidationNote(f"Structuring alternatives @ index {i}", i, Alternative)]
                errors.append(exc)
        if errors:
            inner = cattrs.IterableValidationError("While structuring alternatives", errors, list)
            inner.__notes__ = [AttributeValidationNote("Structuring @ attribute alternatives", "alternatives", list)]
            raise cattrs.ClassValidationError(f"While structuring {cls.__name__}", [inner], cls)
        return structure({**data, "alternatives": alternatives}, cls)

    return hook


def _configure_events(conv: cattrs.Converter, registry: EventTypes) -> None:
    conv.register_structure_hook(
        Alternative, lambda v, _: v if isinstance(v, Alternative) else _not_here("alternatives")
    )
    structure_fns: dict[str, Callable[[Mapping[str, Any], type], Event]] = {}

    def structure_fn(name: str) -> Callable[[Mapping[str, Any], type], Event]:
        """The structuring function of one event type, generated the first time it is needed."""
        fn = structure_fns.get(name)
        if fn is None:
            cls = registry[name]
            base = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
            fn = structure_fns[name] = _with_alternatives(conv, cls, base)
        return fn

    def structure_event(value: object, _: type) -> Event:
        if not isinstance(value, Mapping):
            raise ValueError(f"expected an event table, got {value!r}")
        data = dict(value)
        name = data.pop("type", None)
        if not isinstance(name, str):
            raise ValueError("an event needs a 'type' naming its kind, such as \"Invested\"")
        cls = registry[name]
        event: Event = structure_fn(name)(data, cls)
        return event

    conv.register_structure_hook(Event, structure_event)

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
