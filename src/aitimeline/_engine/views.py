"""The record as known at a horizon: its effective events in replay order and their index, kept in a small cache."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_right
from collections.abc import Mapping
from operator import attrgetter

from aitimeline._core.entities import Entity
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary

from .events import Event, Origin
from .index import Index
from .knowledge import effective_events

__all__ = ["View", "Views"]

_ID_OF = attrgetter("id")


class View:
    """The record as known at one horizon: its effective events in replay order, and their index."""

    __slots__ = ("_ids", "corrections", "days", "events", "index")

    def __init__(
        self,
        known: tuple[Event, ...],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
        *,
        revised: bool = True,
        words: Vocabulary = BUILTIN_WORDS,
    ) -> None:
        self.corrections: dict[str, tuple[str, ...]] = {}
        self.events: tuple[Event, ...] = known
        if revised:
            effective, self.corrections = effective_events(known, origins)
            if self.corrections or len(effective) != len(known):
                self.events = tuple(effective)
        self.days = array("i", [e.date.ordinal for e in self.events])  # each event's effective day
        self.index = Index(self.events, entities, origins, words)
        self._ids: list[str] | None = None

    def cutoff(self, day: dt.date) -> int:
        """How many events took effect on or before ``day``."""
        return bisect_right(self.days, day.toordinal())

    def ids(self) -> list[str]:
        """Each event's id, by position (made on first use: a diff reads many)."""
        if self._ids is None:
            self._ids = list(map(_ID_OF, self.events))
        return self._ids


class Views:
    """The view of the whole record, and a few views known at earlier horizons (the most recent 32)."""

    _KEPT = 32

    __slots__ = ("_entities", "_events", "_origins", "_recorded_days", "_views", "now", "words")

    def __init__(
        self,
        events: tuple[Event, ...],
        entities: Mapping[str, Entity],
        origins: Mapping[str, Origin],
        revised: bool,
        words: Vocabulary = BUILTIN_WORDS,
    ) -> None:
        self._events, self._entities, self._origins, self.words = events, entities, origins, words
        self._recorded_days: list[int] = sorted({e.recorded.ordinal for e in events})
        self.now = View(events, entities, origins, revised=revised, words=words)
        self._views: dict[int, View] = {}

    def known_at(self, day: dt.date | None) -> View:
        """The record as known at the end of ``day`` (None: everything on the record)."""
        if day is None:
            return self.now
        horizon = bisect_right(self._recorded_days, day.toordinal())
        if horizon == len(self._recorded_days):
            return self.now
        view = self._views.get(horizon)
        if view is None:
            last = self._recorded_days[horizon - 1] if horizon else -1
            known = tuple(e for e in self._events if e.recorded.ordinal <= last)
            view = View(known, self._entities, self._origins, words=self.words)
            if len(self._views) >= self._KEPT:
                del self._views[next(iter(self._views))]
            self._views[horizon] = view
        return view
