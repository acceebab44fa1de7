"""Figures of the record, drawn with matplotlib (the ``plot`` extra) from the library's own replay.

Every figure reads the state through :meth:`~aitimeline.Timeline.state_at` and
:meth:`~aitimeline.Timeline.history`, never re-deriving it, and counts its sources through
:meth:`~aitimeline.Timeline.explain`. Each has a title with its dates (and ``known_at``), labelled axes, a legend
and a caption that says what was plotted, how many distinct sources are behind it and where to read them.

Figures are made with :class:`matplotlib.figure.Figure` directly, not pyplot: drawing one changes no global state
and needs no display. matplotlib is imported only when a figure is drawn, so ``import aitimeline`` never loads it.
Amounts stay :class:`~decimal.Decimal` and stakes :class:`~fractions.Fraction` until they become coordinates.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import zip_longest
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from aitimeline._core.dates import DateLike, start_date, to_date
from aitimeline._core.errors import DateRangeError, UnknownEntityError
from aitimeline._core.records import Commitment
from aitimeline._core.values import Money, Qualifier, Source, Stake
from aitimeline._engine.state import UNSTATED, total_amount, total_gigawatts

from . import web as _web

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from aitimeline._core.records import Total
    from aitimeline._engine.events import Event
    from aitimeline._engine.persistent import CapTable
    from aitimeline._engine.state import State
    from aitimeline._engine.timeline import Timeline

__all__ = [
    "LEADERSHIP_ROLES",
    "PLOTS",
    "plot_cap_table",
    "plot_commitments",
    "plot_deal_web",
    "plot_leadership",
    "save_figure",
]

T = TypeVar("T")
_DAY = dt.timedelta(days=1)
_BILLION = Decimal(10**9)
_HUNDRED = Fraction(100)
_Step = tuple[dt.date, dt.date, T]  # from (included), to (excluded), the value over that span

# --- what every figure shares ------------------------------------------------------------------------------------


def _new_figure(caller: str, width: float, height: float) -> Figure:
    """An empty figure laid out by constrained layout; the ImportError that names the extra if there is none."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(f"{caller} needs matplotlib: pip install 'aitimeline[plot]'") from None
    return Figure(figsize=(width, height), layout="constrained")


def _last_day(timeline: Timeline, known_at: DateLike | None) -> dt.date:
    """The last day a figure draws by default: the day the record's last event took effect, or, as known at
    ``known_at``, that day (if before) or the last day an event known then took effect (if later); today for an
    empty record."""
    every = timeline.events
    if not every:
        return dt.date.today()
    last = max(e.date.effective for e in every)
    if known_at is None:
        return last
    known = timeline.between("1900", "2999", known_at=known_at)
    return max(min(to_date(known_at), last), known[-1].date.effective if known else dt.date.min)


def _steps(
    timeline: Timeline,
    query: Callable[[State], T],
    start: DateLike | None,
    end: DateLike | None,
    known_at: DateLike | None,
) -> tuple[dt.date, dt.date, list[_Step[T]]]:
    """The span asked for and the answer to ``query`` over it, one step per change (from ``history``).

    By default the span runs from the first change of the answer to the last event on the record. Each step runs
    from the day a value took effect (a state is as of the end of its day) to the next change, the last one to the
    end of the span's last day.

    Raises:
        DateRangeError: ``end`` is before ``start``.
    """
    changes = timeline.history(query, known_at=known_at)
    hi = to_date(end) if end is not None else _last_day(timeline, known_at)
    first = min(changes[0][0], hi) if changes else hi
    lo = start_date(start) if start is not None else first
    if hi < lo:
        raise DateRangeError(f"plot: end {hi} is before start {lo}")
    points: list[tuple[dt.date, T]] = [(lo, query(timeline.state_at(lo, known_at=known_at)))]
    points += [(day, value) for day, value in changes if lo < day <= hi]
    stops = [day for day, _ in points[1:]] + [hi + _DAY]
    return lo, hi, [(day, stop, value) for (day, value), stop in zip(points, stops, strict=True)]


class _Behind(NamedTuple):
    """What a figure's answers rest on: every source, and the events marked unverified, without repeats."""

    sources: dict[Source, None]
    unverified: dict[str, None]


def _sources(
    timeline: Timeline, query: Callable[[State], Any], days: Iterable[dt.date], known_at: DateLike | None
) -> _Behind:
    """Every source behind the answers to ``query`` on ``days`` (as ``explain`` traces them), and the unverified
    events among those answers' events, without repeats."""
    behind = _Behind({}, {})
    for day in days:
        why = timeline.explain(query, at=day, known_at=known_at)
        behind.sources.update(dict.fromkeys(why.sources))
        behind.unverified.update(dict.fromkeys(e.id for e in why.events if e.unverified))
    return behind


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _known(known_at: DateLike | None) -> str:
    return "" if known_at is None else f", as known on {to_date(known_at).isoformat()}"


def _option(known_at: DateLike | None) -> str:
    return "" if known_at is None else f" --known-at {to_date(known_at).isoformat()}"


def _finish(fig: Figure, title: str, notes: Sequence[str], behind: _Behind, where: str) -> None:
    """The title at the top and the caption at the bottom (what was plotted, the number of sources and where to
    read them), each in a band of its own that the layout of the axes and the legend keeps clear of."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    height = fig.get_figheight() * 72  # points
    heading = fig.suptitle(title, fontsize=13, fontweight="bold", y=1 - 6 / height, va="top", gid="title")
    heading.set_in_layout(False)  # placed by hand, above the band the layout fills
    told = (
        f"{_count(len(behind.sources), 'source')} behind what is drawn; every event and its sources: {where}, or "
        "docs/timeline.md."
    )
    if behind.unverified:  # a fact the record could not check against a primary source says so where it is drawn
        told += f" Unverified (see each event's note): {', '.join(behind.unverified)}."
    width = max(40, int(fig.get_figwidth() * 15))  # about 15 characters an inch at 8 pt
    import textwrap

    lines = [line for note in (*notes, told) for line in textwrap.wrap(note, width, break_on_hyphens=False)]
    fig.text(
        0.01, 0.006, "\n".join(lines), fontsize=8, color="0.2", ha="left", va="bottom", gid="caption", parse_math=False
    )
    top, bottom = (13 * 1.3 + 12) / height, (len(lines) * 8 * 1.25 + 12) / height
    fig.set_layout_engine(ConstrainedLayoutEngine(rect=(0, bottom, 1, 1 - bottom - top)))


def _legend(ax: Axes, handles: Sequence[Any], title: str) -> None:
    """The legend, outside the axes on the right, level with their top (the layout makes room for it)."""
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        fontsize=9,
        title=title,
        alignment="left",
        frameon=False,
    )


def _dates() -> Any:
    """matplotlib's date module (it has no type hints, so it is used untyped)."""
    import matplotlib.dates

    return matplotlib.dates


def _x(day: dt.date) -> float:
    """A day as a matplotlib date coordinate (its start, midnight)."""
    return float(_dates().date2num(day))


def _date_axis(ax: Axes, lo: dt.date, hi: dt.date) -> None:
    """Dates on the x axis, from the start of ``lo`` to the end of ``hi``, ticked as matplotlib sees fit."""
    locator = _dates().AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_dates().ConciseDateFormatter(locator))
    ax.set_xlim(_x(lo), _x(hi + _DAY))


def _palette(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` colours, none of them grey (grey stands for a status, or for what is not attributed): the nine hues
    of tab10 first, then their lighter shades from tab20, then again."""
    from matplotlib import colormaps

    tab10, tab20 = colormaps["tab10"], colormaps["tab20"]
    colours = [tab10(i) for i in range(10) if i != 7] + [tab20(i) for i in range(1, 20, 2) if i != 15]
    return [colours[i % len(colours)] for i in range(n)]


def _pct(share: Fraction, digits: int | None = None) -> str:
    """A share in per cent: one decimal, or ``digits`` significant digits for a figure derived from rounded
    reports (:attr:`Stake.precision <aitimeline.Stake.precision>`)."""
    if digits is not None:
        return f"{float(share) * 100:.{digits}g}"
    return f"{Decimal(share.numerator) / Decimal(share.denominator) * 100:.1f}"


_HEDGE: Mapping[Qualifier | None, str] = {None: "", "about": "≈", "at-least": "≥", "up-to": "≤"}


_HEDGE_WORDS = {"about": "about ", "at-least": "at least ", "up-to": "up to "}


def _stake_text(stake: Stake) -> str:
    """``≈27 %``, ``10 %–12 %``: a stake's readable text (its figure at its precision, as everywhere else) without
    its basis, for a band label, the hedge written as a symbol to fit (the caption says so)."""
    text = str(attrs.evolve(stake, basis=None))
    if stake.qualifier is not None:
        text = _HEDGE[stake.qualifier] + text.removeprefix(_HEDGE_WORDS[stake.qualifier])
    return text


# --- the cap table -----------------------------------------------------------------------------------------------

_REPORTED_ALPHA, _DERIVED_ALPHA = 0.9, 0.45
_DERIVED_HATCH = "///"


def plot_cap_table(
    timeline: Timeline,
    entity: str | None = None,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    known_at: DateLike | None = None,
) -> Figure:
    """The owners of ``entity`` over time: one stacked band per holder, in percent of the entity.

    The cap table is read on every date it changes (:meth:`~aitimeline.Timeline.history`) and holds until the next
    change or the end. Each band is a line's point value (``float(stake)``: the midpoint where a range was
    reported; a hedged figure as stated, its hedge shown in the band's label). Reported lines are solid; derived
    lines (diluted since their report, or computed) are lighter and hatched. The lines need not add up to 100 %:
    what no report attributes is left blank. The funding rounds that diluted the lines are dashed vertical lines.

    >>> import aitimeline as at
    >>> fig = plot_cap_table(at.load())
    >>> fig.get_suptitle()
    'OpenAI Group PBC: owners, 2025-10-28 to 2026-07-01'

    Args:
        timeline: The record.
        entity: The entity whose owners are drawn; by default the first of the record's
            :attr:`~aitimeline.Timeline.subjects` that ever has a cap table on it (else the first of them).
        start: The first day drawn; by default the first day the record gives the entity a cap table.
        end: The last day drawn; by default the day of the last event on the record.
        known_at: Draw the record as known on this date; None for everything on it.

    Returns:
        A matplotlib figure (write it with :func:`save_figure`).

    Raises:
        ImportError: matplotlib is not installed: ``pip install 'aitimeline[plot]'``.
        UnknownEntityError: ``entity`` is not listed, or none is given and the record names no subjects.
        DateError: A date cannot be read.
        DateRangeError: ``end`` is before ``start``.
    """
    fig = _new_figure("plot_cap_table", 12.0, 6.5)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    entity = _entity_or_subject(timeline, entity, "plot_cap_table", "entity", lambda s: lambda st: st.cap_table(s))

    def table_of(state: State) -> CapTable:
        return state.cap_table(entity)

    lo, hi, steps = _steps(timeline, table_of, start, end, known_at)
    last = timeline.state_at(hi, known_at=known_at)
    holders = _holder_order(steps)
    colours = dict(zip(holders, _palette(len(holders)), strict=True))
    ax = fig.add_subplot(label="owners")
    span = _x(hi + _DAY) - _x(lo)
    for day, stop, table in steps:
        _cap_step(ax, (day, stop), table, holders, colours, last, span)
    for i, (when, text) in enumerate(_dilutions(timeline, steps, lo, hi, known_at)):
        ax.axvline(_x(when), color="black", linestyle="--", linewidth=1.2, gid=f"cap-table:round:{when.isoformat()}")
        ax.annotate(
            text,
            (_x(when), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 4 + 28 * (i % 2)),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            parse_math=False,
            annotation_clip=False,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "0.6"},
            gid=f"cap-table:round-label:{when.isoformat()}",
        )
    ax.set_ylim(0, 100)
    ax.set_yticks(range(0, 101, 10), [f"{p} %" for p in range(0, 101, 10)])
    ax.set_ylabel(f"share of {last.name(entity)} (%)")
    ax.set_xlabel("date (each band holds from the day its figure took effect)")
    _date_axis(ax, lo, hi)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)
    handles: list[Any] = [Patch(facecolor=colours[h], alpha=_REPORTED_ALPHA, label=last.name(h)) for h in holders]
    handles += [
        Patch(facecolor="0.45", alpha=_REPORTED_ALPHA, label="reported: the figure a source gave"),
        Patch(
            facecolor="0.45",
            alpha=_DERIVED_ALPHA,
            hatch=_DERIVED_HATCH,
            edgecolor="white",
            label="derived: diluted since its report, or computed",
        ),
        Patch(facecolor="white", edgecolor="0.6", label="blank: not attributed by any report"),
        Line2D([], [], color="black", linestyle="--", label="funding round that diluted the lines"),
    ]
    _legend(ax, handles, "Holders and lines")
    changed = [day.isoformat() for day, _, _ in steps[1:]]
    notes = [
        "Each band is a holder's stake as the record's replay gives it: its point value (the midpoint where a range "
        "was reported; figures hedged “about” drawn as stated and shown ≈)."
        + (f" Read on {lo.isoformat()} and at every change ({', '.join(changed)})." if changed else ""),
        "Lines need not add up to 100 %: what no report attributes is left blank rather than invented.",
    ]
    sources = _sources(timeline, table_of, (day for day, _, _ in steps), known_at)
    title = f"{last.name(entity)}: owners, {lo.isoformat()} to {hi.isoformat()}{_known(known_at)}"
    _finish(fig, title, notes, sources, f"aitimeline events --entity {entity}{_option(known_at)}")
    return fig


def _check_entity(timeline: Timeline, entity: str) -> None:
    """Raise UnknownEntityError for an id the record does not list, before anything is drawn."""
    from aitimeline._engine.state import unknown_entity

    if entity not in timeline.entities:
        raise unknown_entity(timeline.entities, entity)


def _entity_or_subject(
    timeline: Timeline,
    entity: str | None,
    caller: str,
    argument: str,
    question: Callable[[str], Callable[[State], Any]],
) -> str:
    """``entity`` checked; or, when None, the record's subject for a figure that draws ``question(subject)``: the
    first of :attr:`~aitimeline.Timeline.subjects` whose answer is ever non-empty on the whole record, else the
    first of them (so a story about a parent and its subsidiary, as the shipped record's ``openai`` and
    ``openai-group``, draws the roles of the one and the owners of the other).

    Raises:
        UnknownEntityError: ``entity`` is not listed, or it is None and the record names no subjects.
    """
    if entity is not None:
        _check_entity(timeline, entity)
        return entity
    subjects = timeline.subjects
    if not subjects:
        raise UnknownEntityError(
            f"{caller}: no entity given, and the record names no subjects (`subjects` in its entities.toml): "
            f"pass {argument}='an-entity-id'"
        )
    for subject in subjects:
        if any(value for _, value in timeline.history(question(subject))):
            return subject
    return subjects[0]


def _cap_step(
    ax: Axes,
    span_of_step: tuple[dt.date, dt.date],
    table: CapTable,
    holders: Sequence[str],
    colours: Mapping[str, Any],
    names: State,
    span: float,
) -> None:
    """One step of the cap table: each line a band, stacked in ``holders`` order, and what is left blank."""
    day, stop = span_of_step
    left, width = _x(day), _x(stop) - _x(day)
    wide = width > span / 14
    if not table:
        if width > span / 8:
            ax.text(left + width / 2, 50, "no cap table on the record", ha="center", va="center", color="0.45")
        return
    bottom = Fraction(0)
    hedged = False
    for holder in (h for h in holders if h in table):
        line = table.line(holder)
        height = line.stake.value * _HUNDRED
        reported = line.kind == "reported"
        ax.bar(
            left,
            float(height),
            width=width,
            bottom=float(bottom),
            align="edge",
            color=colours[holder],
            alpha=_REPORTED_ALPHA if reported else _DERIVED_ALPHA,
            hatch=None if reported else _DERIVED_HATCH,
            edgecolor="white",
            linewidth=0.8,
            label=[names.name(holder)],  # the bar's own label (a string would label the container)
            gid=f"cap-table:{holder}:{line.kind}:{day.isoformat()}",
        )
        if height >= 4 and wide:
            ax.text(
                left + width / 2,
                float(bottom + height / 2),
                _stake_text(line.stake),
                fontsize=8.5,
                ha="center",
                va="center",
                parse_math=False,
            )
        bottom += height
        hedged = hedged or not line.stake.is_exact
    rest = _HUNDRED - bottom
    if rest >= 4 and wide:
        text = f"not attributed\nby any report\n({'≈' if hedged else ''}{_pct(rest / _HUNDRED)} %)"
        ax.text(left + width / 2, float(bottom + rest / 2), text, fontsize=8, ha="center", va="center", color="0.4")


def _holder_order(steps: Sequence[_Step[CapTable]]) -> list[str]:
    """Holders in the order they first appear, the larger stake first among those that appear together."""
    order: list[str] = []
    for _, _, table in steps:
        new = [h for h in table if h not in order]
        order += sorted(new, key=lambda h: (-table[h].value, h))
    return order


def _dilutions(
    timeline: Timeline, steps: Sequence[_Step[CapTable]], lo: dt.date, hi: dt.date, known_at: DateLike | None
) -> list[tuple[dt.date, str]]:
    """The funding rounds and the payments into them that diluted the lines drawn (``CapLine.diluted_by``), within
    the span, each labelled."""
    ids = {r for _, _, table in steps for line in table.lines() for r in line.diluted_by}
    events = [e for e in timeline.between("1900", hi, known_at=known_at) if e.id in ids]
    return [(e.date.effective, f"{e.date}: {_round_text(e)}") for e in events if lo <= e.date.effective <= hi]


def _round_text(event: Event) -> str:
    """``$122 billion raised at $852 billion post-money``: a round's figures as its event gives them; a payment into
    a round: ``softbank pays $10 billion into the round``."""
    investor, amount = getattr(event, "investor", None), getattr(event, "amount", None)
    if investor is not None and amount is not None and getattr(event, "valuation", None) is None:
        return f"{investor} pays {amount}\ninto the round"
    raised = getattr(event, "raised", None) or amount
    valuation = getattr(event, "valuation", None)
    basis = getattr(event, "valuation_basis", None)
    text = f"{raised} raised" if raised is not None else "round (amount not disclosed)"
    if valuation is not None:
        text += f"\nat {valuation}{' ' + basis if basis else ''}"
    return text


# --- leadership --------------------------------------------------------------------------------------------------

LEADERSHIP_ROLES = ("ceo", "interim-ceo", "president", "chair", "co-chair", "director")
"""The roles :func:`plot_leadership` draws by default: the chief executives, the president and the board."""

_ROLE_NAMES: Mapping[str, str] = {
    "ceo": "CEO",
    "interim-ceo": "interim CEO",
    "ceo-of-applications": "CEO of Applications",
    "co-chair": "co-chair",
    "cto": "CTO",
    "cfo": "CFO",
    "coo": "COO",
    "director": "director",
    "board-observer": "board observer",
}
_ROLE_COLOURS: Mapping[str, str] = {
    "ceo": "#1f4e9c",
    "interim-ceo": "#e07b00",
    "president": "#2a9d55",
    "chair": "#8e44ad",
    "co-chair": "#c38fd9",
    "director": "#9a9a9a",
}
_DARK_ROLES = frozenset({"ceo", "president", "chair"})  # white text on their bars


def _role_name(role: str) -> str:
    return _ROLE_NAMES.get(role, role.replace("-", " "))


class _Tenure(NamedTuple):
    """One unbroken span over which one person held one role: from ``start`` (included) to ``stop`` (excluded)."""

    person: str
    role: str
    start: dt.date
    stop: dt.date


def plot_leadership(
    timeline: Timeline,
    entity: str | None = None,
    *,
    roles: Sequence[str] = LEADERSHIP_ROLES,
    start: DateLike | None = None,
    end: DateLike | None = None,
    known_at: DateLike | None = None,
    zoom: tuple[DateLike, DateLike] | None = ("2023-11-15", "2023-11-30"),
) -> Figure:
    """Who held which role at ``entity``, over time: one row per person, one bar per role held (a Gantt chart).

    A bar runs from the day a role began to the day it ended, as :meth:`~aitimeline.Timeline.history` gives them;
    in the main panel a role held too briefly to show as a bar is marked with a diamond. A second panel enlarges
    ``zoom`` day by day (by default 15–30 November 2023, when OpenAI's board fired Sam Altman, named two interim
    CEOs in turn and took him back); it is left out when no role drawn began or ended in it.

    >>> import aitimeline as at
    >>> fig = plot_leadership(at.load())
    >>> [ax.get_label() for ax in fig.axes]
    ['leadership', 'zoom']

    Args:
        timeline: The record.
        entity: The organisation whose roles are drawn; by default the first of the record's
            :attr:`~aitimeline.Timeline.subjects` in which anyone ever held one of ``roles`` (else the first of
            them).
        roles: The roles drawn (registered role words), in the order each person's bars are stacked.
        start: The first day drawn; by default the first day anyone held one of ``roles``.
        end: The last day drawn; by default the day of the last event on the record.
        known_at: Draw the record as known on this date; None for everything on it.
        zoom: The first and last day of the enlarged panel; None for no second panel (there is none either when
            no role drawn began or ended in it).

    Returns:
        A matplotlib figure (write it with :func:`save_figure`).

    Raises:
        ImportError: matplotlib is not installed: ``pip install 'aitimeline[plot]'``.
        UnknownEntityError: ``entity`` is not listed, or none is given and the record names no subjects.
        UnknownWordError: A role is not a registered role word.
        ValueError: ``roles`` is empty.
        DateError: A date cannot be read.
        DateRangeError: ``end`` is before ``start``, or the zoom's last day before its first.
    """
    fig = _new_figure("plot_leadership", 13.0, 10.0)
    from matplotlib.patches import Patch

    roles = tuple(roles)
    if not roles:
        raise ValueError("plot_leadership: roles is empty; name at least one role, such as 'ceo'")
    for role in roles:
        timeline.words.check("role", role)

    def anyone(subject: str) -> Callable[[State], bool]:
        return lambda state: any(state.holders(subject, role) for role in roles)

    entity = _entity_or_subject(timeline, entity, "plot_leadership", "entity", anyone)

    def held(state: State) -> tuple[frozenset[str], ...]:
        return tuple(state.holders(entity, role) for role in roles)

    lo, hi, steps = _steps(timeline, held, start, end, known_at)
    last = timeline.state_at(hi, known_at=known_at)
    tenures = _tenures(steps, roles)
    window = _zoom_window(zoom, lo, hi, tenures)
    zoomed = [t for t in tenures if window is not None and t.start <= window[1] and t.stop > window[0]]
    people, zoom_people = _people(tenures, roles), _people(zoomed, roles)
    main_height, zoom_height = 0.3 * len(people) + 1.3, 0.48 * len(zoom_people) + 1.5
    fig.set_size_inches(13.0, main_height + (zoom_height if zoom_people else 0.0) + 1.4)
    if zoom_people:
        main, enlarged = fig.subplots(2, 1, height_ratios=[main_height, zoom_height])
        main.set_label("leadership")
        enlarged.set_label("zoom")
    else:
        main = fig.add_subplot(label="leadership")
    spare = iter(_palette(len(roles)))
    colours = {r: _ROLE_COLOURS.get(r) or next(spare) for r in roles}
    _gantt(main, "main", tenures, people, roles, colours, last, None, fig.get_figwidth())
    _date_axis(main, lo, hi)
    main.set_xlabel("date (a date known only to its month or year counts from the end of that period)")
    main.set_ylabel("person")
    if window is not None and zoom_people:
        z0, z1 = window
        main.axvspan(_x(z0), _x(z1 + _DAY), color="#f2c94c", alpha=0.5, linewidth=0)
        main.annotate(
            f"{z0:%d %b}–{z1:%d %b %Y}, enlarged below",
            (_x(z0), -0.5),
            xytext=(-4, -3),
            textcoords="offset points",
            fontsize=8,
            color="#7a5c00",
            ha="right",
            va="top",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
        _gantt(enlarged, "zoom", zoomed, zoom_people, roles, colours, last, (z0, z1, lo, hi), fig.get_figwidth())
        _day_axis(enlarged, z0, z1)
        enlarged.set_ylabel("person")
        enlarged.set_title(f"{z0:%d %B %Y} to {z1:%d %B %Y}, day by day", loc="left", fontsize=10)
    used = [r for r in roles if any(t.role == r for t in tenures)]
    handles = [Patch(facecolor=colours[r], label=_role_name(r)) for r in used]
    _legend(main, handles, "Role")
    notes = [
        "Each bar runs from the day a role began to the day it ended (the record's replay gives the holders of each "
        "role on every date they changed; a state is as of the end of its day). “director” is a voting board member.",
    ]
    sources = _sources(timeline, held, (day for day, _, _ in steps), known_at)
    title = f"{last.name(entity)}: leadership, {lo.isoformat()} to {hi.isoformat()}{_known(known_at)}"
    _finish(fig, title, notes, sources, f"aitimeline events --entity {entity}{_option(known_at)}")
    return fig


def _tenures(steps: Sequence[_Step[tuple[frozenset[str], ...]]], roles: Sequence[str]) -> list[_Tenure]:
    """Each unbroken span over which one person held one role, from the steps of the holders of each role."""
    since: dict[tuple[str, str], dt.date] = {}
    out: list[_Tenure] = []
    for day, _, holders in steps:
        now = {(person, role) for role, people in zip(roles, holders, strict=True) for person in people}
        for person, role in [key for key in since if key not in now]:
            out.append(_Tenure(person, role, since.pop((person, role)), day))
        for key in sorted(now):
            since.setdefault(key, day)
    end = steps[-1][1]
    out += [_Tenure(person, role, day, end) for (person, role), day in since.items()]
    return sorted(out, key=lambda t: (t.start, t.person, t.role))


def _people(tenures: Sequence[_Tenure], roles: Sequence[str]) -> list[str]:
    """People in the order they first held a role drawn (the higher role first on the same day)."""
    first: dict[str, tuple[dt.date, int]] = {}
    for t in tenures:
        key = (t.start, roles.index(t.role))
        first[t.person] = min(first.get(t.person, key), key)
    return sorted(first, key=lambda p: (*first[p], p))


def _zoom_window(
    zoom: tuple[DateLike, DateLike] | None, lo: dt.date, hi: dt.date, tenures: Sequence[_Tenure]
) -> tuple[dt.date, dt.date] | None:
    """The days the second panel enlarges (within the span drawn), or None when no role drawn began or ended in
    them."""
    if zoom is None:
        return None
    z0, z1 = start_date(zoom[0]), to_date(zoom[1])
    if z1 < z0:
        raise DateRangeError(f"plot_leadership: the zoom's last day {z1} is before its first {z0}")
    z0, z1 = max(z0, lo), min(z1, hi)
    changes = {t.start for t in tenures if t.start > lo} | {t.stop for t in tenures if t.stop <= hi}
    if z1 < z0 or not any(z0 <= day <= z1 for day in changes):
        return None  # no role drawn began or ended in it: nothing to enlarge
    return z0, z1


def _gantt(
    ax: Axes,
    panel: str,
    tenures: Sequence[_Tenure],
    people: Sequence[str],
    roles: Sequence[str],
    colours: Mapping[str, Any],
    names: State,
    window: tuple[dt.date, dt.date, dt.date, dt.date] | None,
    inches: float,
) -> None:
    """One row per person (the first at the top), each role they held a lane of its own in their row. With a
    ``window`` (its first and last day, then the span's), bars are cut to it and labelled with their role and the
    days they begin and end in it."""
    row = {person: i for i, person in enumerate(people)}
    lanes = {p: [r for r in roles if any(t.person == p and t.role == r for t in tenures)] for p in people}
    if not tenures:
        ax.text(0.5, 0.5, "nobody held these roles on the record", transform=ax.transAxes, ha="center", color="0.45")
        ax.set_yticks([])
        return
    if window is not None:
        first, last = window[0], window[1] + _DAY
    else:
        first, last = min(t.start for t in tenures), max(t.stop for t in tenures)
    days = (last - first).days
    points_a_day = inches * 72 * 0.75 / max(days, 1)  # about: the axes take three quarters of the width
    for t in tenures:
        begin, stop = (max(t.start, first), min(t.stop, last)) if window is not None else (t.start, t.stop)
        mine = lanes[t.person]
        height = 0.8 / len(mine)
        bottom = row[t.person] - 0.4 + height * mine.index(t.role)
        left, width = _x(begin), _x(stop) - _x(begin)
        ax.barh(
            bottom,
            width,
            height=height,
            left=left,
            align="edge",
            color=colours[t.role],
            edgecolor="white",
            linewidth=0.5,
            label=[names.name(t.person)],
            gid=f"leadership:{panel}:{t.person}:{t.role}:{t.start.isoformat()}",
        )
        if window is None and width * points_a_day < 4:  # too brief to see: a diamond marks it
            ax.plot(
                [left + width / 2],
                [bottom + height / 2],
                marker="D",
                markersize=5,
                color=colours[t.role],
                markeredgecolor="black",
                markeredgewidth=0.4,
                linestyle="",
            )
        if window is not None:
            text = _tenure_text(t, window, width * points_a_day, two_lines=len(mine) == 1)
            if text:
                ax.text(
                    left + width / 2,
                    bottom + height / 2,
                    text,
                    fontsize=7.5,
                    ha="center",
                    va="center",
                    color="white" if t.role in _DARK_ROLES else "black",
                    clip_on=True,
                )
    ax.set_yticks(range(len(people)), [names.name(p) for p in people], fontsize=8.5)
    ax.set_ylim(len(people) - 0.5, -0.5)
    ax.grid(axis="x", color="0.88", linewidth=0.6)
    ax.set_axisbelow(True)


def _tenure_text(t: _Tenure, window: tuple[dt.date, dt.date, dt.date, dt.date], room: float, *, two_lines: bool) -> str:
    """A bar's label in the enlarged panel: its role and the days it begins and ends there, on one line or (where
    the bar has the row to itself) two, if it fits in ``room`` points (about 4.2 points a character); else the
    role alone, or nothing. A role held when the span drawn begins or still held when it ends is not said to
    begin or end there."""
    z0, z1, lo, hi = window
    name = _role_name(t.role)
    end = t.stop - _DAY  # the last day held
    starts, ends = lo < t.start and z0 <= t.start, end <= z1 and end < hi
    if starts and ends:
        days = f"{t.start:%d}–{end:%d %b}" if t.start != end else f"{end:%d %b}"
    elif starts:
        days = f"from {t.start:%d %b}"
    elif ends:
        days = f"until {end:%d %b}"
    else:
        days = ""
    tried = [f"{name}, {days}" if starts and ends else f"{name} {days}"] if days else []
    tried += [f"{name}\n{days}"] if days and two_lines else []
    for text in [*tried, name]:
        if max(map(len, text.split("\n"))) * 4.2 <= room:
            return text
    return ""


def _day_axis(ax: Axes, z0: dt.date, z1: dt.date) -> None:
    """Daily ticks: a line where each day begins, its date and weekday under its middle."""
    days = [z0 + _DAY * i for i in range((z1 - z0).days + 1)]
    ax.set_xticks([_x(d) for d in [*days, z1 + _DAY]], [""] * (len(days) + 1))
    ax.set_xticks([_x(d) + 0.5 for d in days], [f"{d:%d}\n{d:%a}" for d in days], minor=True)
    ax.tick_params(axis="x", which="minor", length=0, labelsize=8)
    ax.set_xlim(_x(z0), _x(z1 + _DAY))
    month = f"{z0:%B %Y}" if (z0.year, z0.month) == (z1.year, z1.month) else f"{z0:%B %Y} to {z1:%B %Y}"
    ax.set_xlabel(f"day ({month}); each column is one day, a bar in it means the role was held at the end of it")


# --- compute commitments -----------------------------------------------------------------------------------------

_STATUS_STYLE: Mapping[str, tuple[float, str | None]] = {  # alpha and hatch, by status
    "definitive": (0.9, None),
    "letter-of-intent": (0.55, "//"),
    "announced": (0.45, ".."),
    "stalled": (0.22, "xx"),
}


def plot_commitments(
    timeline: Timeline,
    buyer: str | None = None,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    known_at: DateLike | None = None,
) -> Figure:
    """The compute ``buyer`` has committed to buy, over time: gigawatts above (one panel for each kind of capacity:
    chips to deploy and data-centre power measure different things), US dollars below, stacked by supplier and
    shaded by status.

    On every date the commitments in force change, each panel stacks the commitments that
    :func:`~aitimeline.total_gigawatts` and :func:`~aitimeline.total_amount` add up: one that sits inside another
    in force (``within``) is left out, so the top of each stack is the library's total. Amounts in currencies other
    than the US dollar are left out of the dollar panel (the caption names them); a commitment drops out the day
    it ends or is replaced.

    >>> import aitimeline as at
    >>> [ax.get_label() for ax in plot_commitments(at.load()).axes]
    ['gigawatts: chips', 'gigawatts: data-centre', 'dollars']

    Args:
        timeline: The record.
        buyer: The buyer whose commitments are drawn; by default the first of the record's
            :attr:`~aitimeline.Timeline.subjects` that ever has a commitment in force as a buyer (else the first of
            them).
        start: The first day drawn; by default the day of the buyer's first commitment.
        end: The last day drawn; by default the day of the last event on the record.
        known_at: Draw the record as known on this date; None for everything on it.

    Returns:
        A matplotlib figure (write it with :func:`save_figure`).

    Raises:
        ImportError: matplotlib is not installed: ``pip install 'aitimeline[plot]'``.
        UnknownEntityError: ``buyer`` is not listed, or none is given and the record names no subjects.
        DateError: A date cannot be read.
        DateRangeError: ``end`` is before ``start``.
    """
    fig = _new_figure("plot_commitments", 13.0, 9.0)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    buyer = _entity_or_subject(
        timeline, buyer, "plot_commitments", "buyer", lambda s: lambda st: st.commitments(buyer=s)
    )

    def in_force(state: State) -> tuple[Commitment, ...]:
        return state.commitments(buyer=buyer)

    lo, hi, steps = _steps(timeline, in_force, start, end, known_at)
    last = timeline.state_at(hi, known_at=known_at)
    kinds: list[str | None] = [
        *sorted({c.capacity or UNSTATED for _, _, cs in steps for c in cs if c.gigawatts is not None})
    ] or [None]
    fig.set_figheight(4.5 * (len(kinds) + 1))
    *capacities, dollars = fig.subplots(len(kinds) + 1, 1, sharex=True)
    dollars.set_label("dollars")
    order = _supplier_order(steps)
    panels = [
        _Panel(ax, "gigawatts", Decimal(1), "gigawatts (GW)", _stacks(steps, "gigawatts", order, kind))
        for ax, kind in zip(capacities, kinds, strict=True)
    ]
    panels.append(_Panel(dollars, "amount", _BILLION, "US$ billion", _stacks(steps, "amount", order)))
    for ax, kind in zip(capacities, kinds, strict=True):
        ax.set_label(f"gigawatts: {kind}" if kind is not None else "gigawatts")
        ax.set_title(_CAPACITY_TITLES.get(kind, f"Capacity committed ({kind}), in gigawatts"), loc="left", fontsize=10)
    drawn = {(c.supplier, c.status): None for panel in panels for stack in panel.stacks for c in stack.parts}
    suppliers, statuses = {s for s, _ in drawn}, {status for _, status in drawn}
    colours = dict(zip([s for s in order if s in suppliers], _palette(len(suppliers)), strict=True))
    for panel in panels:
        _draw_stacks(panel, colours, last, (lo, hi), fig.get_figwidth())
    dollars.set_title("Dollars committed, in US$ billion (US-dollar amounts only)", loc="left", fontsize=10)
    dollars.set_xlabel("date (a date known only to its month counts from the end of that month)")
    _date_axis(dollars, lo, hi)
    handles: list[Any] = [Patch(facecolor=colours[s], label=last.name(s)) for s in order if s in suppliers]
    handles += [
        Patch(facecolor="0.4", alpha=alpha, hatch=hatch, edgecolor="white", label=status.replace("-", " "))
        for status, (alpha, hatch) in _STATUS_STYLE.items()
        if status in statuses
    ]
    handles.append(Line2D([], [], color="black", label="total, each commitment once"))
    _legend(capacities[0], handles, "Supplier and status")
    every = {c.id: c for _, _, commitments in steps for c in commitments}
    left_out = {i: every[i] for panel in panels for stack in panel.stacks if stack.total for i in stack.total.left_out}
    notes = _commitment_notes(last, buyer, (lo, hi), left_out, every)
    sources = _sources(timeline, in_force, (day for day, _, _ in steps), known_at)
    title = f"{last.name(buyer)}: compute commitments, {lo.isoformat()} to {hi.isoformat()}{_known(known_at)}"
    _finish(fig, title, notes, sources, f"aitimeline events --entity {buyer}{_option(known_at)}")
    return fig


class _Stack(NamedTuple):
    """One step of a panel: the library's total of the commitments in force, and those it adds up, bottom up."""

    day: dt.date
    stop: dt.date
    total: Total | None
    parts: tuple[Commitment, ...]


class _Panel(NamedTuple):
    """One panel of the commitments figure: which figure of a commitment it stacks, in what unit, and its stacks."""

    ax: Axes
    field: str  # "gigawatts" or "amount"
    scale: Decimal  # the unit of the axis: 1 GW, or a billion dollars
    unit: str
    stacks: list[_Stack]


_CAPACITY_TITLES = {
    None: "Capacity committed, in gigawatts",
    "chips": "Chips to deploy, in gigawatts",
    "data-centre": "Data-centre capacity, in gigawatts",
    UNSTATED: "Capacity committed (the record does not say of what), in gigawatts",
}


def _stacks(
    steps: Sequence[_Step[tuple[Commitment, ...]]], field: str, order: Sequence[str], kind: str | None = None
) -> list[_Stack]:
    """On each step, what :func:`~aitimeline.total_gigawatts` (of one ``kind`` of capacity) or
    :func:`~aitimeline.total_amount` (of the US-dollar amounts) adds up, stacked by supplier in ``order``."""
    out = []
    for day, stop, commitments in steps:
        if field == "amount":
            counted = [_in_dollars(c) for c in commitments]
            total = total_amount(counted)
        else:
            counted = list(commitments)
            total = total_gigawatts(counted, kind, mix=kind is None)
        by_id = {c.id: c for c in counted}
        summed = total.summed if total is not None else ()
        parts = sorted((by_id[i] for i in summed), key=lambda c: (order.index(c.supplier), c.id))
        out.append(_Stack(day, stop, total, tuple(parts)))
    return out


def _draw_stacks(
    panel: _Panel, colours: Mapping[str, Any], names: State, span: tuple[dt.date, dt.date], inches: float
) -> None:
    """Each stack's commitments as bands (coloured by supplier, shaded by status), the total's line, and its last
    value; the last stack's bands are labelled where their label fits."""
    ax, scale = panel.ax, panel.scale
    lo, hi = span
    room = inches * 72 * 0.72 / max((hi - lo).days + 1, 1)  # about: points a day (the axes take 72 % of the width)
    tops = [stack.total.value.value / scale if stack.total is not None else Decimal(0) for stack in panel.stacks]
    for stack, top in zip(panel.stacks, tops, strict=True):
        left, width = _x(stack.day), _x(stack.stop) - _x(stack.day)
        bottom = Decimal(0)
        for c in stack.parts:
            figure = getattr(c, panel.field)
            height = figure.value / scale
            alpha, hatch = _STATUS_STYLE.get(c.status, (0.6, "++"))
            ax.bar(
                left,
                float(height),
                width=width,
                bottom=float(bottom),
                align="edge",
                color=colours[c.supplier],
                alpha=alpha,
                hatch=hatch,
                edgecolor="white",  # the hatch's colour; the edge itself is not drawn
                linewidth=0,
                label=[names.name(c.supplier)],
                gid=f"commitments:{panel.field}:{c.id}:{c.status}:{stack.day.isoformat()}",
            )
            text = f"{names.name(c.supplier)}: {figure}"
            if stack.stop == hi + _DAY and height >= top * Decimal("0.08") and len(text) * 4.4 <= width * room:
                ax.text(
                    left + width / 2,
                    float(bottom + height / 2),
                    text,
                    fontsize=8,
                    ha="center",
                    va="center",
                    parse_math=False,
                )
            bottom += height
    xs = [_x(stack.day) for stack in panel.stacks]
    ax.step(
        [*xs, _x(hi + _DAY)],
        [*map(float, tops), float(tops[-1])],
        where="post",
        color="black",
        linewidth=1.2,
        gid=f"commitments:{panel.field}:total",
    )
    final = panel.stacks[-1].total
    if final is not None:
        ax.annotate(
            str(final.value),
            (_x(hi + _DAY), float(tops[-1])),
            xytext=(-4, 5),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            parse_math=False,
        )
    ax.set_ylabel(panel.unit)
    ax.set_ylim(0, float(max(tops)) * 1.15 or 1.0)
    ax.grid(axis="y", color="0.85", linewidth=0.6)
    ax.set_axisbelow(True)


def _in_dollars(c: Commitment) -> Commitment:
    """The commitment with an amount in another currency taken out (the dollar total adds US dollars only); the
    record stays in the set, so what sits inside it is still counted once."""
    if c.amount is not None and c.amount.currency != "USD":
        return attrs.evolve(c, amount=None)
    return c


def _supplier_order(steps: Sequence[_Step[tuple[Commitment, ...]]]) -> list[str]:
    """Suppliers in the order their first commitment began (the stacking order, bottom up)."""
    order: list[str] = []
    for _, _, commitments in steps:
        for c in sorted(commitments, key=lambda c: (c.since.effective, c.id)):
            if c.supplier not in order:
                order.append(c.supplier)
    return order


def _commitment_notes(
    last: State,
    buyer: str,
    span: tuple[dt.date, dt.date],
    left_out: Mapping[str, Commitment],
    every: Mapping[str, Commitment],
) -> list[str]:
    """The caption's lines: how figures were drawn, and every commitment left out of a panel, and why."""
    lo, hi = span
    notes = [
        "Each stack is the commitments in force on each date, as the record's replay gives them; a figure given as a "
        "range is drawn at its midpoint, one hedged “about”, “at least” or “up to” as stated (the total keeps the "
        "hedge)."
    ]
    if left_out:
        inside = "; ".join(f"{c.id} ({last.name(c.supplier)}) sits inside {c.within}" for c in _by_id(left_out))
        notes.append(
            f"Counted once: {inside}, so it is left out of a total whenever the commitment it sits inside states"
            " that figure."
        )
    ended = [
        c
        for c in last.commitments(buyer, in_force=False)
        if not c.in_force and c.status_since is not None and lo <= c.status_since.effective <= hi
    ]
    if ended:
        gone = "; ".join(f"{c.id} {c.status} on {c.status_since}" for c in ended)
        notes.append(f"Ended or replaced commitments drop out from that day: {gone}.")
    foreign = {i: c for i, c in every.items() if c.amount is not None and c.amount.currency != "USD"}
    if foreign:
        listed = "; ".join(f"{c.id} ({c.amount})" for c in _by_id(foreign))
        notes.append(f"Left out of the dollar panel, not being in US dollars: {listed}.")
    else:
        notes.append("Every amount drawn is in US dollars; none in another currency had to be left out.")
    blank = {i: c for i, c in every.items() if c.gigawatts is None and c.amount is None}
    if blank:
        listed = "; ".join(f"{c.id} ({last.name(c.supplier)})" for c in _by_id(blank))
        notes.append(f"Stating no figure, so in neither panel: {listed}.")
    return notes


def _by_id(records: Mapping[str, Commitment]) -> list[Commitment]:
    return [records[i] for i in sorted(records)]


# --- the deal web ------------------------------------------------------------------------------------------------

_KIND_COLOURS: Mapping[str, str] = {
    "investment": "#2a9d55",
    "commitment": "#1f77b4",
    "agreement": "#8e44ad",
    "warrant": "#e07b00",
}
_MAX_AREA = 2600.0  # points², the node of the largest valuation
_NODE_AREA = 140.0  # points², a node with no valuation on the record
_LABEL_WIDTH = 34  # characters a line of an arrow's label


def plot_deal_web(timeline: Timeline, *, at: DateLike | None = None, known_at: DateLike | None = None) -> Figure:
    """The deal web as of ``at``: organisations as nodes; investments, compute commitments, agreements and
    warrants as labelled arrows with their figures.

    Investments are what each investor committed and paid so far (:meth:`~aitimeline.State.funding`); commitments
    are every one on the record by then, in force or not; stalled ones are dashed, ended or replaced ones grey and
    dotted. A node's area is proportional to the latest valuation reported for it (metric ``valuation``, in US
    dollars); a node with none on the record is a small hollow circle, never given a size of its own. The layout
    is fixed, so the same record always gives the same picture: the organisation with the most deals in the
    centre, the others on a ring clockwise from the top, those with several deals between those with one.

    >>> import aitimeline as at
    >>> plot_deal_web(at.load(), at="2025-10-29").get_suptitle()
    'The deal web as of 2025-10-29'

    Args:
        timeline: The record.
        at: The date drawn; by default the day of the last event on the record.
        known_at: Draw the record as known on this date; None for everything on it.

    Returns:
        A matplotlib figure (write it with :func:`save_figure`).

    Raises:
        ImportError: matplotlib is not installed: ``pip install 'aitimeline[plot]'``.
        DateError: A date cannot be read.
    """
    fig = _new_figure("plot_deal_web", 15.0, 10.5)
    from matplotlib.lines import Line2D

    day = to_date(at) if at is not None else _last_day(timeline, known_at)
    invested = _web.investments(timeline.between("1900", day, known_at=known_at))

    def deals(state: State) -> tuple[Any, ...]:
        return (
            tuple(state.funding(investor, investee) for investor, investee in invested),
            state.commitments(in_force=False),
            state.agreements(in_force=False),
            state.warrants(),
        )

    state = timeline.state_at(day, known_at=known_at)
    edges = _web.edges(state, invested, *deals(state))
    where = _layout(edges)
    nodes = sorted(where)
    valuations = {n: v for n in nodes if (v := _valuation(state, n)) is not None}

    def drawn(state: State) -> tuple[Any, ...]:
        return (*deals(state), tuple(state.metric(n, "valuation") for n in nodes))

    ax = fig.add_subplot(label="web")
    ax.set_aspect("equal")
    ax.set_axis_off()
    top = max(valuations.values(), default=Decimal(1))
    area = {n: _MAX_AREA * float(valuations[n] / top) if n in valuations else _NODE_AREA for n in nodes}
    for n in nodes:
        x, y = where[n]
        ax.scatter(
            [x],
            [y],
            s=[area[n]],
            facecolors="#4a6fa5" if n in valuations else "white",
            edgecolors="#243b5e",
            linewidths=1.2,
            zorder=3,
            gid=f"deal-web:node:{n}",
        )
        _node_label(ax, n, state.name(n), (x, y), area[n])
    _draw_edges(ax, edges, where, area)
    if not edges:
        ax.text(0, 0, "no deals on the record by this date", ha="center", va="center", color="0.45")
    ax.set_xlim(-_RING[0] - 0.5, _RING[0] + 0.5)
    ax.set_ylim(-_RING[1] - 0.2, _RING[1] + 0.2)
    handles: list[Any] = [Line2D([], [], color=c, linewidth=2, label=k) for k, c in _KIND_COLOURS.items()]
    handles += [
        Line2D([], [], color="0.3", linestyle="--", linewidth=1.5, label="stalled"),
        Line2D([], [], color="0.6", linestyle=":", linewidth=1.5, label="ended or replaced"),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=14,
            markerfacecolor="#4a6fa5",
            markeredgecolor="#243b5e",
            label="area ∝ reported valuation",
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor="#243b5e",
            label="no valuation on the record",
        ),
    ]
    _legend(ax, handles, "Deals and nodes")
    valued = "; ".join(f"{state.name(n)}, {state.metric(n, 'valuation')}" for n in sorted(valuations))
    notes = [
        "Investments are what each investor committed and paid by that date (“+ undisclosed” where an investment's "
        "amount was not disclosed); figures as reported, hedges kept. Arrows point from investor to investee, buyer "
        "to supplier, issuer to holder; an agreement is a line without a head.",
        "Node area is proportional to the latest valuation reported for it (metric “valuation”, US dollars): "
        + (valued or "none reported")
        + ". Hollow nodes have no valuation on the record.",
    ]
    if where.hub is not None and any(e.kind == "agreement" for e in edges):
        notes.append(
            f"An agreement among several parties is drawn from {state.name(where.hub)} (or its first party) to each "
            "other party."
        )
    sources = _sources(timeline, drawn, [day], known_at)
    sources.sources.update(dict.fromkeys(s for events in invested.values() for e in events for s in e.sources))
    sources.unverified.update(dict.fromkeys(e.id for events in invested.values() for e in events if e.unverified))
    title = f"The deal web as of {day.isoformat()}{_known(known_at)}"
    _finish(fig, title, notes, sources, f"aitimeline events --to {day.isoformat()}{_option(known_at)}")
    return fig


def _valuation(state: State, node: str) -> Decimal | None:
    """The latest valuation reported for ``node`` in US dollars (its point value), or None."""
    found = state.metric(node, "valuation")
    if found is None or not isinstance(found.value, Money) or found.value.currency != "USD":
        return None
    return found.value.value


class _Layout(dict[str, tuple[float, float]]):
    """Node positions, and the node in the centre (None for an empty web)."""

    hub: str | None = None


_RING = (1.3, 1.0)  # the ring's half-width and half-height: an ellipse, as the figure is wider than tall


def _layout(edges: Sequence[_web.Edge]) -> _Layout:
    """The busiest node in the centre; the others on a ring clockwise from the top, in a fixed order. Nodes with
    several edges alternate with nodes with one, so that the labels of busy spokes have room; among each, those
    that only supply compute come first, then those that also have other deals, then investors and partners, each
    by id."""
    where = _Layout()
    hub = where.hub = _web.busiest(edges)
    if hub is None:
        return where
    where[hub] = (0.0, 0.0)

    def group(node: str) -> tuple[int, str]:
        kinds = {e.kind for e in edges if node in (e.source, e.target)}
        supplies = any(e.kind == "commitment" and e.target == node for e in edges)
        return (0 if supplies and kinds == {"commitment"} else 1 if supplies else 2, node)

    degree: dict[str, int] = {}
    for e in edges:
        for n in (e.source, e.target):
            degree[n] = degree.get(n, 0) + 1
    ring = sorted(set(degree) - {hub}, key=group)
    busy, quiet = [n for n in ring if degree[n] > 1], [n for n in ring if degree[n] <= 1]
    ring = [n for pair in zip_longest(busy, quiet) for n in pair if n is not None]
    for i, node in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * i / len(ring)
        where[node] = (_RING[0] * math.cos(angle), _RING[1] * math.sin(angle))
    return where


def _node_label(ax: Axes, node: str, name: str, at: tuple[float, float], area: float) -> None:
    """The node's name, outside the circle (below the node in the centre)."""
    x, y = at
    radius = math.hypot(x, y)
    push = math.sqrt(area) / 2 + 5
    if radius == 0:
        offset, ha, va = (0.0, -push), "center", "top"
    else:
        offset = (x / radius * push, y / radius * push)
        ha = "left" if x > 0.05 else "right" if x < -0.05 else "center"
        va = "bottom" if y > 0.05 else "top" if y < -0.05 else "center"
    ax.annotate(
        name,
        at,
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=10,
        fontweight="bold",
        zorder=5,
        gid=f"deal-web:label:{node}",
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
    )


def _draw_edges(
    ax: Axes, edges: Sequence[_web.Edge], where: Mapping[str, tuple[float, float]], area: Mapping[str, float]
) -> None:
    """Each edge an arrow; the edges between one pair of nodes bent apart, each label along its own arrow."""
    import textwrap

    from matplotlib.patches import FancyArrowPatch

    pairs: dict[tuple[str, str], list[_web.Edge]] = {}
    for e in edges:
        pairs.setdefault((min(e.source, e.target), max(e.source, e.target)), []).append(e)
    for (first, _), group in pairs.items():
        for i, e in enumerate(group):
            bend = (i - (len(group) - 1) / 2) * 0.24
            rad = bend if e.source == first else -bend  # a bend is counted in the pair's own direction
            p0, p1 = where[e.source], where[e.target]
            colour = "0.6" if e.style == "apart" else _KIND_COLOURS[e.kind]
            arrow = FancyArrowPatch(
                p0,
                p1,
                arrowstyle="-" if e.kind == "agreement" else "-|>",
                connectionstyle=f"arc3,rad={rad}",
                mutation_scale=14,
                color=colour,
                linewidth=1.6,
                linestyle={"solid": "-", "dashed": "--", "apart": ":"}[e.style],
                shrinkA=math.sqrt(area[e.source]) / 2 + 2,
                shrinkB=math.sqrt(area[e.target]) / 2 + 2,
                zorder=2,
                label=e.label,
                gid=f"deal-web:{e.kind}:{e.record}",
            )
            ax.add_patch(arrow)
            # Along a spoke a label sits out from the centre, where spokes are further apart, and
            # the edges of one pair at different points along it, so that their labels do not sit side by side.
            out = 0.55 + 0.14 * i
            t = out if p0 == (0.0, 0.0) else 1 - out if p1 == (0.0, 0.0) else 0.5 + 0.12 * (i - (len(group) - 1) / 2)
            (mx, my), (dx, dy) = _on_arc(p0, p1, rad, t)
            angle = math.degrees(math.atan2(dy, dx))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            ax.text(
                mx,
                my,
                "\n".join(textwrap.wrap(e.label, _LABEL_WIDTH)),
                fontsize=7.5,
                ha="center",
                va="center",
                rotation=angle,
                rotation_mode="anchor",
                color="0.45" if e.style == "apart" else "0.1",
                zorder=4,
                parse_math=False,
                linespacing=1.1,
                bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )


def _on_arc(
    p0: tuple[float, float], p2: tuple[float, float], rad: float, t: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The point at ``t`` (0 to 1) on matplotlib's arc3 curve from ``p0`` to ``p2``, and the curve's direction
    there: a quadratic Bézier whose control point is ``rad`` times the chord's length off the chord's midpoint."""
    (x0, y0), (x2, y2) = p0, p2
    cx, cy = (x0 + x2) / 2 + rad * (y2 - y0), (y0 + y2) / 2 - rad * (x2 - x0)
    u = 1 - t
    point = (u * u * x0 + 2 * u * t * cx + t * t * x2, u * u * y0 + 2 * u * t * cy + t * t * y2)
    return point, (u * (cx - x0) + t * (x2 - cx), u * (cy - y0) + t * (y2 - cy))


# --- saving, and the kinds the command line draws -------------------------------------------------------------------


def save_figure(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write ``figure`` as a PNG (150 dpi) or an SVG file, chosen by the file's suffix. A figure drawn afresh from
    the same record gives the same SVG file, byte for byte.

    Args:
        figure: A figure from one of the plot functions (or any matplotlib figure).
        path: Where to write it: a name ending in ``.png`` or ``.svg``.

    Returns:
        The path written.

    Raises:
        ValueError: The suffix is neither ``.png`` nor ``.svg`` (the message names it).
        OSError: The file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".png":
        figure.savefig(target, format="png", dpi=150)
    elif suffix == ".svg":
        import matplotlib

        # The same figure, the same file: no date, and ids salted by the file's name rather than at random (the
        # setting is matplotlib's own, restored when the file is written).
        with matplotlib.rc_context({"svg.hashsalt": target.name}):
            figure.savefig(target, format="svg", metadata={"Date": None})
    else:
        shown = repr(target.suffix) if target.suffix else "no suffix"
        raise ValueError(f"save_figure: cannot write a file with {shown} ({target.name}): use .png or .svg")
    return target


PLOTS: Mapping[str, Callable[..., Figure]] = MappingProxyType(
    {
        "cap-table": plot_cap_table,
        "commitments": plot_commitments,
        "deal-web": plot_deal_web,
        "leadership": plot_leadership,
    }
)
"""The figures by kind, as ``aitimeline plot KIND`` names them: each takes the timeline first and ``known_at``."""
