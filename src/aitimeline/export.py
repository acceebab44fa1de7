"""The record and its answers in other forms: rows for tables (CSV, JSON Lines, pandas), TimelineJS, the web of
deals, and the self-contained timeline page.

:func:`event_records`, :func:`state_records`, :func:`history_records` and :func:`diff_records` give plain rows
(:func:`plain` makes one value plain, :func:`flat` one row flat); :func:`to_csv`, :func:`to_json`,
:func:`to_jsonl` and :func:`to_pandas` write them (pandas with the ``pandas`` extra).
"""

from __future__ import annotations

from ._show.export import (
    deal_web,
    diff_records,
    event_records,
    flat,
    history_records,
    plain,
    state_records,
    timelinejs,
    to_csv,
    to_json,
    to_jsonl,
    to_pandas,
)
from ._show.page import timeline_page

__all__ = [
    "deal_web",
    "diff_records",
    "event_records",
    "flat",
    "history_records",
    "plain",
    "state_records",
    "timeline_page",
    "timelinejs",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_pandas",
]
