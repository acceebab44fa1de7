"""How values read in the text of a diff or an explanation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .records import Agreement, Commitment, MetricValue, Warrant

__all__ = ["figures", "show"]


def show(value: Any) -> str:
    """A value as a short phrase: ids joined, a cap table as ``holder: stake``, a record with its status."""
    if value is None:
        return "none"
    if isinstance(value, tuple | frozenset | set) and all(isinstance(v, str) for v in value):
        return ", ".join(sorted(value) if not isinstance(value, tuple) else value) if value else "nobody"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    if isinstance(value, MetricValue):
        return str(value.value)
    if isinstance(value, Agreement):
        stated = [f"{k}={v}" for k, v in attrs.asdict(value.terms, recurse=False).items() if v not in (None, ())]
        status = "in force" if value.in_force else "ended"
        return f"{value.id} ({status}; {', '.join(stated) or 'no terms stated'})"
    if isinstance(value, Commitment):
        return f"{value.id} ({'in force' if value.in_force else 'ended'})"
    if isinstance(value, Warrant):
        return f"{value.id} (vested: {', '.join(value.vested) or 'none'})"
    return str(value)


def figures(commitment: Commitment) -> str:
    """A commitment's capacity and amount as stated (``4.5 GW of data-centre, about $300 billion``), or that it
    states none."""
    gigawatts = commitment.gigawatts
    capacity = f"{gigawatts} of {commitment.capacity}" if gigawatts is not None and commitment.capacity else gigawatts
    stated = [str(x) for x in (capacity, commitment.amount) if x is not None]
    return ", ".join(stated) or "no figure stated"
