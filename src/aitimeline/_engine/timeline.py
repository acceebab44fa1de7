"""A timeline: events in replay order, and the questions users ask of it (state, range, diff, history, why)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from operator import itemgetter
from typing import Any, TypeVar

import attrs

from aitimeline._core.dates import DateLike, start_date, to_date
from aitimeline._core.display import Displayed, Shown
from aitimeline._core.entities import Entity, Organization, Person, find_entities, unique_entities
from aitimeline._core.errors import DateRangeError, DuplicateEntityError, DuplicateEventError, Problem, ReplayError
from aitimeline._core.records import Reconciliation
from aitimeline._core.texts import Names, changed, label, readable
from aitimeline._core.values import Alternative, Source
from aitimeline._core.words import BUILTIN_WORDS, Vocabulary
from aitimeline.keys import Key

from .events import Event, Origin, replay_order, unique_ids
from .index import Index, paused_collector
from .knowledge import Corrected, Retracted, check_references
from .reconcile import reconcile
from .state import EntityNames, State, unknown_entity
from .views import View, Views

__all__ = ["Change", "Diff", "Explanation", "Learned", "Timeline"]

T = TypeVar("T")
_CODE = Origin()  # where an event built in code comes from


@attrs.frozen
class Change:
    """One thing that changed between two dates.

    Attributes:
        aspect: What kind of thing: ``role``, ``cap_table``, ``name``, ``legal_form``, ``agreement``,
            ``commitment``, ``warrant``, ``metric`` and so on.
        subject: Which one: for a role ``("openai", "ceo")``, for a metric ``("openai-group", "valuation")``.
        before: Its value on the first date (None if it had none).
        after: Its value on the second date (None if it has none).
        event_ids: The ids of the events between the dates that wrote it, in replay order; for a change of
            knowledge, the events learned (or withdrawn) that wrote it.
    """

    aspect: str
    subject: tuple[str, ...]
    before: Any
    after: Any
    event_ids: tuple[str, ...]

    @property
    def on(self) -> dt.date | None:
        """For a change of knowledge (:meth:`Timeline.learned`), the first day whose answer changed; None in a
        diff. (A property here, a field of the changes ``learned`` makes: a diff makes a change per key written,
        and one more field to set is 4 % of a diff.)"""
        return None

    def __str__(self) -> str:
        return self.text()

    def text(self, names: Names | None = None) -> str:
        """The change in words, entities named by ``names`` (ids by default): ``role OpenAI / ceo: Sam Altman →
        Mira Murati``; for a record, the fields that changed (``amount: $38 billion → $138 billion``)."""
        subject = " / ".join(readable(part, names) for part in self.subject)
        on = f" on {self.on}" if self.on is not None else ""
        return f"{label(self.aspect)} {subject}{on}: {changed(self.before, self.after, names)}"


@attrs.frozen
class Diff(Displayed):
    """What changed between two dates: the events in between and every value they changed.

    ``str(diff)`` is a readable summary; ``changes`` and ``events`` are the structured answer.
    """

    start: dt.date
    end: dt.date
    events: tuple[Event, ...]
    changes: tuple[Change, ...]
    _names: Names | None = attrs.field(default=None, init=False, eq=False, repr=False)  # for display: as of end

    def __str__(self) -> str:
        return self.text()

    def _shown(self) -> Shown:
        """The changes and the events, entities named as of ``end``."""
        from .display import diff_shown

        return diff_shown(self)

    def text(self, names: Names | None = None) -> str:
        """A readable summary, entities named by ``names`` (ids by default): the counts, then one line a change."""
        counts = f"{_count(len(self.events), 'event')}, {_count(len(self.changes), 'change')}"
        lines = [f"From {self.start} to {self.end}: {counts}"]
        lines += [f"  {c.text(names)}" for c in self.changes]
        return "\n".join(lines)


@attrs.frozen
class _Learnt(Change):
    """A change of knowledge: a :class:`Change` whose :attr:`~Change.on` is the first day its answer changed."""

    on: dt.date


@attrs.frozen
class Learned(Displayed):
    """What was learned in a window of knowledge time: the events recorded in it, and every answer they changed,
    about any date, as known before and after.

    ``str(learned)`` is a readable summary; ``events`` and ``changes`` are the structured answer.

    Attributes:
        since: The window starts after this day (what was recorded by its end was known before).
        until: The window ends with this day (None: everything on the record).
        events: The events recorded in the window (corrections and retractions included), by the day recorded.
        changes: For each key whose answer changed, the first day it changed (:attr:`Change.on`), its value on
            that day as known at ``since`` (``before``) and as known at ``until`` (``after``), and the events of
            the window that wrote it.
    """

    since: dt.date
    until: dt.date | None
    events: tuple[Event, ...]
    changes: tuple[Change, ...]
    _names: Names | None = attrs.field(default=None, init=False, eq=False, repr=False)  # for display: as of until

    def __str__(self) -> str:
        return self.text()

    def _shown(self) -> Shown:
        """The answers that changed and the events recorded, entities named as of ``until``."""
        from .display import learned_shown

        return learned_shown(self)

    def text(self, names: Names | None = None) -> str:
        """A readable summary: the window, each event recorded in it, then each answer it changed."""
        until = f"to {self.until}" if self.until is not None else "to now"
        counts = f"{_count(len(self.events), 'event')} recorded, {_count(len(self.changes), 'answer')} changed"
        lines = [f"Learned after {self.since} {until}: {counts}"]
        lines += [f"  recorded {e.recorded}: {e.id} ({e.date}): {e.summary}" for e in self.events]
        lines += [f"  {c.text(names)}" for c in self.changes]
        return "\n".join(lines)


@readable.register(Change)
@readable.register(Diff)
@readable.register(Learned)
def _diff(value: Change | Diff | Learned, names: Names | None = None) -> str:
    return value.text(names)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@attrs.frozen
class Explanation(Displayed):
    """Where an answer comes from: the events that wrote every value it read, in replay order.

    Attributes:
        answer: The answer itself.
        events: The events that produced it (with any correction applied), then the corrections applied to them,
            in replay order. Replaying just these gives the same answer.
        sources: Every source those events cite, without repeats, in order.
        alternatives: Other values reported for the figures those events hold (conflicting reports).
    """

    answer: Any
    events: tuple[Event, ...]
    sources: tuple[Source, ...]
    alternatives: tuple[Alternative, ...]
    _names: Names | None = attrs.field(default=None, init=False, eq=False, repr=False)  # for display: as of ``at``

    @property
    def members(self) -> Mapping[str, tuple[str, ...]]:
        """For an answer that is a collection of ids (a board, the holders of a role, a cap table), each member
        and the events that name it, oldest first: who is there because of which event. Empty otherwise."""
        if isinstance(self.answer, Mapping):
            ids = list(self.answer)
        elif isinstance(self.answer, frozenset | set | tuple) and all(isinstance(i, str) for i in self.answer):
            ids = sorted(self.answer)
        else:
            return {}
        return {m: tuple(e.id for e in self.events if any(ref == m for _, ref in e.entity_refs())) for m in ids}

    @property
    def reported(self) -> bool:
        """Whether anything on the record bears on the answer. False for a None answer with no event behind it:
        nothing was reported (undisclosed or unknown), which is not the same as "none"."""
        return bool(self.events)

    def __str__(self) -> str:
        return self.text()

    def _shown(self) -> Shown:
        """The answer, then the events, the sources as links and the other reports."""
        from .display import explanation_shown

        return explanation_shown(self)

    def text(self, names: Names | None = None) -> str:
        """The answer, then the events, sources and other reports behind it, entities named by ``names`` (ids by
        default)."""
        answer = readable(self.answer, names)
        if not self.events:
            return f"{answer}: nothing on the record reports it (undisclosed or unknown, not 'none')"
        lines = [f"{answer}, because:"]
        members = self.members
        if members:
            lines += [f"  {readable(m, names)}: {', '.join(ids) or 'no event names it'}" for m, ids in members.items()]
        lines += [f"  {e.date} {e.id}{' (unverified)' if e.unverified else ''}: {e.summary}" for e in self.events]
        lines += [f"  source: {s}" for s in self.sources]
        lines += [
            f"  also reported ({a.field}): {a.value}, by {'; '.join(map(str, a.sources))}" for a in self.alternatives
        ]
        return "\n".join(lines)


@readable.register(Explanation)
def _explanation(value: Explanation, names: Names | None = None) -> str:
    return value.text(names)


class Timeline:
    """Events in replay order, and the state as of any date, as known at any date.

    Replay order is total and deterministic: by date (a partial date counts from the end of its period), then
    position in its file, then id; the order in which events or files are given does not matter.

    Every question takes an optional ``known_at``: the answer as it could be reconstructed from what had been
    recorded by that date (each event's ``recorded`` date), with the corrections and retractions recorded by
    then. ``None`` means everything on the record. See ``docs/semantics.md``.

    Args:
        events: The events, in any order.
        entities: Every organisation and person the events name.
        origins: Where each event came from (file and position), by event id; events without one sort as
            position 0 with no file.
        entity_files: The file each entity was listed in, by entity id (for messages; None for code).
        words: The registered words (roles, reasons, metrics, stages) events and queries may use; by default
            the built-in ones (``builtin_types().words``). Pass ``types.words`` of your own registry.
        subjects: The ids of the entities the record is about, in order (``subjects`` in ``entities.toml``): what
            the command line, the figures and the exports answer about when no entity is named. Empty for none.

    Raises:
        TypeError: An event is not an :class:`Event`, an entity not an Organization or Person, or a subject not a
            string (or ``subjects`` one string rather than a list of them).
        UnknownEntityError: A subject is not one of ``entities``.
        DuplicateEventError: Two events share an id.
        DuplicateEntityError: Two entities share an id.
        ReplayError: Replay of the whole record broke an invariant (an unknown entity, a role ended that was not
            held, stakes above 100 %, a correction of an event that does not exist...); every problem is listed
            with its event id and file.
    """

    def __init__(
        self,
        events: Iterable[Event],
        entities: Iterable[Entity],
        *,
        origins: Mapping[str, Origin] | None = None,
        entity_files: Mapping[str, str] | None = None,
        words: Vocabulary | None = None,
        subjects: Iterable[str] = (),
    ) -> None:
        self.words: Vocabulary = BUILTIN_WORDS if words is None else words
        """The registered words this timeline's events and queries may use."""
        self._origins: dict[str, Origin] = dict(origins or {})
        self._entity_files: dict[str, str] = dict(entity_files or {})
        self._entities = _entity_directory(entities, self._entity_files)
        self._subjects = _subject_ids(subjects, self._entities)
        given = list(events)
        for event in given:
            if not isinstance(event, Event):
                raise TypeError(f"events must be aitimeline.Event instances, got {type(event).__name__}: {event!r}")
        seen, duplicates = unique_ids(given, lambda e: self._origins.get(e.id, _CODE))
        if duplicates:
            raise DuplicateEventError("event ids must be unique", duplicates)
        revisions = [e for e in seen.values() if isinstance(e, Corrected | Retracted)]
        self._events: tuple[Event, ...] = tuple(sorted(seen.values(), key=replay_order(self._origins)))
        problems = check_references(revisions, seen, self._origins)
        if problems:
            raise ReplayError("corrections and retractions must name events that exist", problems)
        self._views = Views(self._events, self._entities, self._origins, bool(revisions), self.words)
        if self._views.now.index.problems:
            raise ReplayError("replay broke the record's invariants", self._views.now.index.problems)

    # --- what it holds ---------------------------------------------------------------------------------------

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event on the record, corrections and retractions and the events they concern included, as
        recorded (uncorrected), in replay order."""
        return self._events

    @property
    def entities(self) -> Mapping[str, Entity]:
        """Every organisation and person, by id."""
        return dict(self._entities)

    @property
    def subjects(self) -> tuple[str, ...]:
        """The ids of the entities the record is about, in order, as its ``entities.toml`` names them
        (``subjects = ["openai", "openai-group"]`` for the shipped record); empty when it names none. The command
        line, the figures and the TimelineJS export answer about these when no entity is named.

        >>> import aitimeline as at
        >>> at.load().subjects
        ('openai', 'openai-group')
        """
        return self._subjects

    def origin(self, event_id: str) -> Origin:
        """Where the event came from: its file and position (``Origin(None, 0)`` for events built in code)."""
        return self._origins.get(event_id, Origin())

    def find(self, text: str, limit: int = 5) -> tuple[Entity, ...]:
        """The entities ``text`` may mean, best first: an id, a name or an alias (``"OpenAI Group PBC"``,
        ``"MSFT"``), matched without case, accents or punctuation, then names that contain it, then close
        spellings. Empty when nothing is close.

        >>> import aitimeline as at
        >>> [e.id for e in at.load().find("OpenAI Group PBC")]
        ['openai-group']
        """
        return find_entities(self._entities, text, limit)

    def entity_file(self, entity_id: str) -> str | None:
        """The file the entity was listed in, or None (an entity given in code)."""
        return self._entity_files.get(entity_id)

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __repr__(self) -> str:
        return f"<Timeline of {len(self._events)} events, {len(self._entities)} entities>"

    # --- knowledge horizons ----------------------------------------------------------------------------------

    def _view(self, known_at: DateLike | None) -> View:
        return self._views.known_at(None if known_at is None else to_date(known_at))

    def problems_known_at(self, known_at: DateLike) -> tuple[Problem, ...]:
        """What did not hold together in the record as known at ``known_at`` (for example an exit recorded
        before the appointment it ends). Those events are skipped in answers known at that date; the whole
        record itself must hold together, or the timeline is not built."""
        return self._view(known_at).index.problems

    # --- questions -------------------------------------------------------------------------------------------

    def state_at(self, when: DateLike, known_at: DateLike | None = None) -> State:
        """The state as of the end of the day ``when``: every event that took effect on or before it.

        Args:
            when: A date, datetime or string (``"2023-11-18"``, ``"17 Nov 2023"``; ``"November 2023"`` means
                the end of that month).
            known_at: Answer from what had been recorded by this date; None for the whole record.

        Raises:
            DateError: A date cannot be read.
        """
        view = self._view(known_at)
        day = to_date(when)
        return _state(view.index, view.cutoff(day), self._entities, day)

    def reconcile(self, at: DateLike | None = None, known_at: DateLike | None = None) -> tuple[Reconciliation, ...]:
        """Every place where the record reports a figure and can also derive it, up to ``at`` (everything when
        None), by date: a stake reported where the record had derived a line (its last report diluted by rounds,
        or grown by payments), a disclosed cumulative funding (:class:`~aitimeline.events.FundingReported`) beside
        the sums of the commitments and payments on the record, a stated total of committed compute (metrics
        ``compute-commitments`` in dollars, ``committed-capacity`` in gigawatts) beside the sum of the entity's
        commitments in force. Each row has ``.reported``, ``.derived``, ``.agrees`` (within the precision of
        both) and the events behind each; where they disagree, the reporting event's ``note`` says why. A
        notebook shows the rows as a table.

        >>> import aitimeline as at
        >>> row = next(r for r in at.load().reconcile() if r.reported_by == "softbank-stake-13pct-2026")
        >>> row.agrees, str(row.reported), str(row.derived)
        (True, 'about 13 %', 'about 13 %')

        Raises:
            DateError: A date cannot be read.
        """
        from .display import Reconciliations

        view = self._view(known_at)
        stop = len(view.events) if at is None else view.cutoff(to_date(at))
        day = to_date(at) if at is not None else dt.date.max

        def state_after(cutoff: int) -> State:
            return _state(view.index, cutoff, self._entities, day)

        return Reconciliations(reconcile(view.index, view.events, stop, state_after), EntityNames(state_after(stop)))

    def between(self, start: DateLike, end: DateLike, known_at: DateLike | None = None) -> tuple[Event, ...]:
        """Events that took effect from ``start`` to ``end``, both included, in replay order (as known at
        ``known_at``: corrected, and without retracted events).

        A partial ``start`` means the first day of its period and a partial ``end`` the last, so
        ``between("2023-11", "2023-11")`` is the whole of November 2023.

        Raises:
            DateRangeError: ``end`` is before ``start`` (as :meth:`diff` does).
        """
        view = self._view(known_at)
        lo, hi = start_date(start), to_date(end)
        if hi < lo:
            raise DateRangeError(f"between: end {hi} is before start {lo}")
        first = bisect_left(view.days, lo.toordinal())
        return view.events[first : view.cutoff(hi)]

    def diff(self, start: DateLike, end: DateLike, known_at: DateLike | None = None) -> Diff:
        """What changed from the end of ``start`` to the end of ``end`` (as known at ``known_at``): every key
        that is not bookkeeping (see :mod:`aitimeline.keys`), a user's own included.

        Raises:
            DateRangeError: ``end`` is before ``start`` (as :meth:`between` does).
        """
        view = self._view(known_at)
        lo, hi = to_date(start), to_date(end)
        if hi < lo:
            raise DateRangeError(f"diff: end {hi} is before start {lo}")
        c0, c1 = view.cutoff(lo), view.cutoff(hi)
        found: list[tuple[int, str, tuple[str, ...], Change]] = []
        ids = view.ids() if c1 > c0 else []
        with paused_collector():  # a change per key written: over a whole record, a million small objects
            for key, before, after, positions in view.index.changes(c0, c1):
                if type(before) is tuple and not before:  # nobody holds the role: none
                    before = None
                if type(after) is tuple and not after:
                    after = None
                if before is not after and (before is None or after is None or before != after):
                    aspect, subject = key[0], key[1:]
                    change = Change(aspect, subject, before, after, tuple(map(ids.__getitem__, positions)))
                    found.append((positions[0], aspect, subject, change))
            found.sort()  # in the order they first changed, then by key (unique: the change is never compared)
            changes = tuple(map(_CHANGE, found))
            del found  # freed now, so that the collection the block ends with does not scan it
        return _named(Diff(lo, hi, view.events[c0:c1], changes), _state(view.index, c1, self._entities, hi))

    def learned(self, since: DateLike, until: DateLike | None = None) -> Learned:
        """What was learned after ``since`` up to ``until`` (None: everything on the record): the events recorded
        in that window of knowledge time, and every answer they changed, about any date, as known before and
        after (the first day each changed, with the value then).

        >>> import aitimeline as at
        >>> news = at.load().learned("2025-10-27", "2025-10-29")
        >>> [str(c.after.stake) for c in news.changes if c.aspect == "stake_report"]
        ["32.5 % (as-converted, excluding the impact of OpenAI's recent funding rounds)"]

        Raises:
            DateRangeError: ``until`` is before ``since``.
        """
        lo = to_date(since)
        hi = None if until is None else to_date(until)
        if hi is not None and hi < lo:
            raise DateRangeError(f"learned: until {hi} is before since {lo}")
        first, last = lo.toordinal(), hi.toordinal() if hi is not None else None
        recorded = sorted(
            (e for e in self._events if first < e.recorded.ordinal and (last is None or e.recorded.ordinal <= last)),
            key=lambda e: (e.recorded.ordinal, e.date.ordinal, e.id),
        )
        before, after = self._views.known_at(lo), self._views.known_at(hi)
        old = {e.id: p for p, e in enumerate(before.events)}
        new = {e.id: p for p, e in enumerate(after.events)}
        moved = [p for i, p in new.items() if i not in old or before.events[old[i]] != after.events[p]]
        gone = [p for i, p in old.items() if i not in new or after.events[new[i]] != before.events[p]]
        if not moved and not gone:
            return _named(Learned(lo, hi, tuple(recorded), ()), self._last_state(after, hi))
        start = min([*moved, *gone])  # before it, both views replay the same events: their writes are the same
        writers: dict[Key, list[str]] = {}
        for view, positions in ((after, moved), (before, gone)):
            for p in positions:
                for key in view.index.keys_written(p, p + 1):
                    writers.setdefault(key, []).append(view.events[p].id)
        found = []
        for key in dict.fromkeys([*after.index.keys(), *before.index.keys()]):
            if key[0][0] == "_":  # bookkeeping (see keys.is_reported)
                continue
            initial = _at_position(before, key, start)  # the same in both views: the same events wrote it
            day = _first_difference(_by_day(before, key, start), _by_day(after, key, start), initial)
            if day is not None:
                was, now = _at_day(before, key, day), _at_day(after, key, day)
                ids = tuple(dict.fromkeys(writers.get(key, ())))
                found.append(_Learnt(key[0], key[1:], was, now, ids, dt.date.fromordinal(day)))
        found.sort(key=lambda c: (c.on.toordinal(), c.aspect, c.subject))
        return _named(Learned(lo, hi, tuple(recorded), tuple(found)), self._last_state(after, hi))

    def _last_state(self, view: View, day: dt.date | None) -> State:
        """The state of ``view`` at the end of ``day``, or after its last event: whose names an answer shows."""
        if day is None:
            day = view.events[-1].date.effective if view.events else dt.date.min
        return _state(view.index, view.cutoff(day), self._entities, day)

    def history(self, query: Callable[[State], T], known_at: DateLike | None = None) -> list[tuple[dt.date, T]]:
        """Each date on which the answer to ``query`` changed, with the new answer (as known at ``known_at``).

        The query is evaluated only where one of the values it read was written, so this costs one evaluation
        per change, not one per event. The answer is a list of ``(date, answer)`` pairs that a notebook shows as a
        table (entities named as of its last date).
        """
        from .display import History  # what a notebook shows: imported by the questions whose answers it shows

        view = self._view(known_at)
        index, entities, days = view.index, self._entities, view.days
        out: History[T] = History()
        cutoff = 0
        previous: Any = None
        while True:
            read: list[Key] = []

            def get(key: Key, cutoff: int = cutoff, read: list[Key] = read) -> Any:
                read.append(key)
                return index.value_at(key, cutoff)

            day = view.events[cutoff - 1].date.effective if cutoff else dt.date.min
            answer = query(State(get, entities, day, words=index.words))
            if cutoff and answer != previous:
                out.append((day, answer))
            previous = answer
            upcoming = [p for p in (index.next_write(k, cutoff) for k in set(read)) if p is not None]
            if not upcoming:
                if out:  # named as of the last change
                    out._names = EntityNames(_state(index, view.cutoff(out[-1][0]), entities, out[-1][0]))
                return out
            cutoff = bisect_right(days, days[min(upcoming)])

    def explain(self, query: Callable[[State], T], at: DateLike, known_at: DateLike | None = None) -> Explanation:
        """The answer to ``query`` as of ``at``, with the events and sources that produced it.

        Every value the query read is traced to the event that wrote it, and, where that event computed the
        value from the one before (a role gained by one more person, a cap table diluted), on back to the event
        that set it outright. Corrections applied to those events are listed too.

        >>> import aitimeline as at
        >>> why = at.load().explain(lambda s: s.ceo("openai"), at="2023-11-18")
        >>> why.answer, [e.id for e in why.events][-2:]
        ('mira-murati', ['altman-fired-2023', 'murati-interim-ceo-2023'])
        """
        view = self._view(known_at)
        index, day = view.index, to_date(at)
        cutoff = view.cutoff(day)
        read: set[Key] = set()

        def get(key: Key) -> Any:
            read.add(key)
            return index.value_at(key, cutoff)

        answer = query(State(get, self._entities, day, words=index.words))
        positions: set[int] = set()
        for key in read:
            position = index.writer_at(key, cutoff)
            while position is not None and position not in positions:
                positions.add(position)
                if not _reads_before_write(view.events[position], key, index, position):
                    break
                position = index.writer_at(key, position)
        chosen = [view.events[p] for p in sorted(positions)]
        by_id = {e.id: e for e in self._events}
        fixes = [by_id[c] for e in chosen for c in view.corrections.get(e.id, ())]
        listed = tuple(chosen + sorted(fixes, key=lambda e: (e.date.effective, e.id)))
        sources = tuple(dict.fromkeys(s for e in listed for s in e.sources))
        alternatives = tuple(a for e in chosen for a in e.alternatives)
        return _named(Explanation(answer, listed, sources, alternatives), _state(index, cutoff, self._entities, day))


def _by_day(view: View, key: Key, start: int) -> dict[int, Any]:
    """``key``'s value at the end of each day it was written on, from position ``start`` on (day ordinals, in
    order), with the empty tuple read as None (nobody holds the role), as a diff reads it."""
    positions, values = view.index.writes(key)
    out: dict[int, Any] = {}
    for position, value in zip(positions, values, strict=True):
        if position >= start:
            out[view.days[position]] = None if type(value) is tuple and not value else value
    return out


def _at_day(view: View, key: Key, day: int) -> Any:
    return _at_position(view, key, bisect_right(view.days, day))


def _at_position(view: View, key: Key, cutoff: int) -> Any:
    value = view.index.value_at(key, cutoff)
    return None if type(value) is tuple and not value else value


def _first_difference(a: dict[int, Any], b: dict[int, Any], start: Any) -> int | None:
    """The first day on which two step functions of days differ (each given as the value written on each day it
    changed, both holding ``start`` before their first write), or None."""
    if a == b:
        return None
    x = y = start
    for day in sorted(a.keys() | b.keys()):
        x, y = a.get(day, x), b.get(day, y)
        if x != y:
            return day
    return None


def _entity_directory(entities: Iterable[Entity], files: Mapping[str, str]) -> dict[str, Entity]:
    """Entities by id; a second entity with an id already listed is an error naming both."""
    given = list(entities)
    for entity in given:
        if not isinstance(entity, Organization | Person):
            raise TypeError(f"entities must be Organization or Person, got {type(entity).__name__}: {entity!r}")
    directory, duplicates = unique_entities(given, lambda e: files.get(e.id))
    if duplicates:
        raise DuplicateEntityError("entity ids must be unique", duplicates)
    return directory


def _subject_ids(subjects: Iterable[str], entities: Mapping[str, Entity]) -> tuple[str, ...]:
    """The subjects, each an id of ``entities``, in order and each once."""
    if isinstance(subjects, str):
        raise TypeError(f"subjects is a list of entity ids such as ['acme'], not one string: {subjects!r}")
    chosen = tuple(dict.fromkeys(subjects))
    for subject in chosen:
        if not isinstance(subject, str):
            raise TypeError(f"a subject is an entity id (a string), got {type(subject).__name__}: {subject!r}")
        if subject not in entities:
            raise unknown_entity(entities, subject)
    return chosen


def _state(index: Index, cutoff: int, entities: Mapping[str, Entity], day: dt.date) -> State:
    return State._after(index, cutoff, entities, day, index.words)


_Answer = TypeVar("_Answer", Diff, Explanation, Learned)


def _named(answer: _Answer, state: State) -> _Answer:
    """``answer`` with the names its display shows entities by: those of ``state`` (a frozen field, not compared)."""
    object.__setattr__(answer, "_names", EntityNames(state))
    return answer


_CHANGE = itemgetter(3)


class _ReadProbe:
    """A writer that records whether an event reads ``key`` before it writes it; it stores nothing."""

    __slots__ = ("cutoff", "index", "key", "reads_first", "words", "written")

    def __init__(self, index: Index, key: Key, cutoff: int) -> None:
        self.index, self.key, self.cutoff = index, key, cutoff
        self.words = index.words
        self.reads_first = self.written = False

    def get(self, key: Key) -> Any:
        if key == self.key and not self.written:
            self.reads_first = True
        return self.index.value_at(key, self.cutoff)

    def set(self, key: Key, value: object) -> None:
        if key == self.key:
            self.written = True


def _reads_before_write(event: Event, key: Key, index: Index, position: int) -> bool:
    """Whether ``event``'s value for ``key`` was computed from the value before it."""
    probe = _ReadProbe(index, key, position)
    event.apply(probe)
    return probe.reads_first
