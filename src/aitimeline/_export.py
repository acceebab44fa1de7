"""Plain rows of events, states and changes, for other tools: dicts of plain Python values, and CSV and JSON Lines
written with the standard library.

In a row, dates are ISO text at their precision (``"2023-11"``), money is a Decimal with its currency, a stake is
an exact Fraction with a float beside it, and every figure keeps its hedge and the source's words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._dates import PartialDate
from ._events import Event
from ._values import Money, Quantity, Stake

__all__ = ["event_records", "plain", "to_csv", "to_json", "to_jsonl"]


def plain(value: Any) -> Any:
    """``value`` as plain Python: dicts, lists, text, numbers (Decimal and Fraction kept exact), booleans, None.

    >>> plain(Stake.of("27%", qualifier="about"))["float"]
    0.27
    """
    if value is None or isinstance(value, str | bool | int | Decimal):
        return value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Money | Quantity):
        out = {"low": value.low, "high": value.high, "qualifier": value.qualifier, "stated": value.stated}
        out.update({"currency": value.currency} if isinstance(value, Money) else {"unit": value.unit})
        return {**out, "text": str(value)}
    if isinstance(value, Stake):
        return {
            "low": value.low,
            "high": value.high,
            "float": float(value),
            "basis": value.basis,
            "qualifier": value.qualifier,
            "stated": value.stated,
            "text": str(value),
        }
    if isinstance(value, Event):
        return {"type": type(value).type_name, **{k: plain(v) for k, v in _fields(value).items()}}
    if attrs.has(type(value)):
        return {k: plain(v) for k, v in _fields(value).items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def _fields(value: Any) -> dict[str, Any]:
    out = {f.name: getattr(value, f.name) for f in attrs.fields(type(value)) if f.init}
    if isinstance(getattr(type(value), "status", None), property):  # a commitment's status is derived
        out["status"] = value.status
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    raise TypeError(f"no JSON form for {type(value).__name__}")


def to_json(value: Any) -> str:
    """``plain(value)`` as one line of JSON: exact numbers as text (``"13000000000"``, ``"27/100"``)."""
    return json.dumps(plain(value), default=_json_default, ensure_ascii=False, sort_keys=False)


def to_jsonl(rows: Iterable[Any]) -> str:
    """Rows as JSON Lines (one JSON object a line)."""
    return "".join(to_json(row) + "\n" for row in rows)


def event_records(events: Iterable[Event]) -> list[dict[str, Any]]:
    """One flat row per event: its id, type, dates, summary, every other field as plain values, and its sources
    as ``publisher, "title", date, address`` text."""
    rows = []
    for event in events:
        fields = plain(event)
        sources = fields.pop("sources", [])
        row = {
            "id": fields.pop("id"),
            "type": fields.pop("type"),
            "date": fields.pop("date"),
            "recorded": fields.pop("recorded"),
            "summary": fields.pop("summary"),
            **fields,
            "sources": " | ".join(str(s) for s in event.sources) if sources else "",
        }
        rows.append(row)
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    if isinstance(value, dict | list):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV text (a header of every column any row has, in first-seen order); figures as their text,
    nested values as JSON."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()
