"""The figures hold what the record says: bands, bars and arrows checked against the state, not pixels."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import matplotlib.dates
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

import aitimeline as at
from aitimeline.plot import (
    LEADERSHIP_ROLES,
    PLOTS,
    plot_cap_table,
    plot_commitments,
    plot_deal_web,
    plot_leadership,
    save_figure,
)
from tests.helpers import ENTITIES, own_story

_date2num = cast(Callable[[dt.date], float], matplotlib.dates.date2num)  # matplotlib.dates has no type hints

DEAL_TYPES = (
    at.events.Invested,
    at.events.RoundRaised,
    at.events.InvestmentPaid,
    at.events.FundingReported,
    at.events.ComputeCommitted,
    at.events.CommitmentRevised,
    at.events.CommitmentEnded,
    at.events.AgreementSigned,
    at.events.AgreementAmended,
    at.events.AgreementEnded,
    at.events.WarrantIssued,
    at.events.TrancheVested,
    at.events.WarrantExercised,
)


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    return at.load()


@pytest.fixture(scope="module")
def owners(record: at.Timeline) -> Figure:
    return plot_cap_table(record)


@pytest.fixture(scope="module")
def leaders(record: at.Timeline) -> Figure:
    return plot_leadership(record)


@pytest.fixture(scope="module")
def compute(record: at.Timeline) -> Figure:
    return plot_commitments(record)


@pytest.fixture(scope="module")
def web(record: at.Timeline) -> Figure:
    return plot_deal_web(record, at="2025-10-29")


# --- reading a figure back ------------------------------------------------------------------------------------------


def axes(fig: Figure, label: str) -> Axes:
    return next(ax for ax in fig.axes if ax.get_label() == label)


def bars(ax: Axes, prefix: str) -> list[Rectangle]:
    """The bars whose id starts with ``prefix``."""
    return [p for p in ax.patches if isinstance(p, Rectangle) and (p.get_gid() or "").startswith(prefix)]


def covering(rectangles: Iterable[Rectangle], day: str) -> list[Rectangle]:
    """The bars (or bands) that span ``day`` across: from their left edge, up to and without their right edge."""
    x = _date2num(dt.date.fromisoformat(day))
    return [r for r in rectangles if r.get_x() <= x < r.get_x() + r.get_width()]


def part(rectangle: Rectangle, i: int) -> str:
    """One part of a bar's id (``cap-table:microsoft:reported:2025-10-28``)."""
    return (rectangle.get_gid() or "").split(":")[i]


def texts(fig: Figure) -> list[str]:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
    return found


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes if (legend := ax.get_legend()) for t in legend.get_texts()]


def caption(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "caption")


def caption_sources(fig: Figure) -> int:
    found = re.search(r"(\d+) sources? behind what is drawn", caption(fig).replace("\n", " "))
    assert found is not None, caption(fig)
    return int(found.group(1))


def last_day(record: at.Timeline) -> str:
    """The day of the record's last event: where the figures end by default."""
    return record.events[-1].date.effective.isoformat()


def sources_of(events: Iterable[at.Event]) -> set[at.Source]:
    return {s for e in events for s in e.sources}


# --- the cap table --------------------------------------------------------------------------------------------------


class TestPlotCapTable:
    def test_title_names_the_entity_and_its_dates(self, record: at.Timeline, owners: Figure) -> None:
        """The title is the entity's name and the span drawn, from its first cap table to the record's last day."""
        assert owners.get_suptitle() == f"OpenAI Group PBC: owners, 2025-10-28 to {last_day(record)}"

    def test_legend_names_the_holders(self, owners: Figure) -> None:
        """The legend names each holder and says how reported and derived lines are drawn."""
        labels = legend_labels(owners)
        assert {"Microsoft Corporation", "SoftBank Group Corp.", "OpenAI Foundation"} <= set(labels)
        assert any(label.startswith("reported") for label in labels)
        assert any(label.startswith("derived") for label in labels)

    @pytest.mark.parametrize("day", ["2025-10-28", "2025-11-15", "2026-01-15", "2026-03-31", "2026-07-01"])
    def test_band_heights_are_the_stakes_of_the_state(self, record: at.Timeline, owners: Figure, day: str) -> None:
        """On any day, each band is as tall as the holder's stake in the state (percent), and of its line's kind."""
        table = record.state_at(day).cap_table("openai-group")
        bands = covering(bars(axes(owners, "owners"), "cap-table:"), day)
        assert {part(b, 1) for b in bands} == set(table)
        for band in bands:
            line = table.line(part(band, 1))
            assert band.get_height() == pytest.approx(float(line.stake) * 100)
            assert part(band, 2) == line.kind
        assert sum(b.get_height() for b in bands) <= 100 + 1e-9

    def test_derived_lines_are_hatched_and_lighter(self, owners: Figure) -> None:
        """Reported lines are solid; derived ones hatched and more transparent."""
        drawn = bars(axes(owners, "owners"), "cap-table:")
        reported = [b for b in drawn if part(b, 2) == "reported"]
        derived = [b for b in drawn if part(b, 2) == "derived"]
        assert reported
        assert derived
        assert all(not b.get_hatch() for b in reported)
        assert all(b.get_hatch() for b in derived)
        assert max(b.get_alpha() or 1 for b in derived) < min(b.get_alpha() or 1 for b in reported)

    def test_the_round_and_the_payments_that_diluted_the_lines_are_marked(self, owners: Figure) -> None:
        """The 2026 round, which diluted every line, is a vertical line with its figures; so is each payment into
        it (SoftBank's tranches, Amazon's conditional money), which bought shares at its price."""
        ax = axes(owners, "owners")
        marks = [line.get_gid() for line in ax.lines]
        assert marks[0] == "cap-table:round:2026-03-31"
        assert "cap-table:round:2026-04-01" in marks
        assert any("$122 billion raised" in t and "$852 billion" in t for t in texts(owners))
        assert any("softbank pays $10 billion" in t for t in texts(owners))

    def test_caption_counts_the_sources_of_the_lines(self, record: at.Timeline, owners: Figure) -> None:
        """The caption's count is the distinct sources of the events that set or diluted a line drawn."""
        ids: set[str] = set()
        for _, table in record.history(lambda s: s.cap_table("openai-group")):
            for line in table.lines():
                ids.update([line.event_id] if line.event_id else [])
                ids.update(line.diluted_by)
        assert caption_sources(owners) == len(sources_of(e for e in record.events if e.id in ids))
        assert "aitimeline events --entity openai-group" in caption(owners).replace("\n", " ")

    def test_known_at_leaves_out_what_was_not_yet_recorded(self, record: at.Timeline) -> None:
        """As known on 2025-12-29, SoftBank's stake (made public on 2025-12-30) is not drawn."""
        fig = plot_cap_table(record, known_at="2025-12-29")
        assert fig.get_suptitle() == "OpenAI Group PBC: owners, 2025-10-28 to 2025-12-29, as known on 2025-12-29"
        assert "SoftBank Group Corp." not in legend_labels(fig)
        assert "Microsoft Corporation" in legend_labels(fig)

    def test_a_span_before_any_cap_table_says_so(self, record: at.Timeline) -> None:
        """Drawn from 2019, the years with no cap table on the record are said to have none."""
        fig = plot_cap_table(record, start="2019-01-01", end="2026-07-01")
        assert fig.get_suptitle() == "OpenAI Group PBC: owners, 2019-01-01 to 2026-07-01"
        assert "no cap table on the record" in texts(fig)

    def test_an_unknown_entity_is_refused(self, record: at.Timeline) -> None:
        """A typo is an UnknownEntityError, not an empty figure."""
        with pytest.raises(at.errors.UnknownEntityError):
            plot_cap_table(record, "open-ai-group")

    def test_an_end_before_the_start_is_refused(self, record: at.Timeline) -> None:
        """A reversed span is a DateRangeError."""
        with pytest.raises(at.errors.DateRangeError):
            plot_cap_table(record, start="2026-01-01", end="2025-01-01")


# --- leadership ---------------------------------------------------------------------------------------------------


class TestPlotLeadership:
    def test_title_names_the_entity_and_its_dates(self, record: at.Timeline, leaders: Figure) -> None:
        """The title is the organisation's name on the last day and the span drawn."""
        assert leaders.get_suptitle() == f"OpenAI Foundation: leadership, 2015-12-11 to {last_day(record)}"

    def test_november_2023_is_legible_day_by_day(self, leaders: Figure) -> None:
        """In the enlarged panel, Murati's bar covers 18 November and Shear's 20 November, each labelled."""
        zoom = axes(leaders, "zoom")
        murati = bars(zoom, "leadership:zoom:mira-murati:interim-ceo")
        shear = bars(zoom, "leadership:zoom:emmett-shear:interim-ceo")
        assert [b.get_label() for b in murati] == ["Mira Murati"]
        assert [b.get_label() for b in shear] == ["Emmett Shear"]
        assert covering(murati, "2023-11-17")
        assert covering(murati, "2023-11-18")
        assert not covering(murati, "2023-11-19")
        assert covering(shear, "2023-11-20")
        assert covering(shear, "2023-11-28")
        assert not covering(shear, "2023-11-29")
        assert {"Mira Murati", "Emmett Shear", "Sam Altman"} <= {t.get_text() for t in zoom.get_yticklabels()}

    def test_the_enlarged_panel_has_a_tick_a_day(self, leaders: Figure) -> None:
        """Each day from 15 to 30 November 2023 is labelled with its date and weekday."""
        days = [t.get_text() for t in axes(leaders, "zoom").get_xticklabels(minor=True)]
        assert len(days) == 16
        assert (days[0], days[2], days[-1]) == ("15\nWed", "17\nFri", "30\nThu")

    @pytest.mark.parametrize(
        "day", ["2016-06-01", "2019-06-01", "2023-11-18", "2023-11-20", "2024-06-01", "2026-07-01"]
    )
    def test_bars_are_the_holders_of_the_state(self, record: at.Timeline, leaders: Figure, day: str) -> None:
        """On any day, the bars that cover it are exactly who held each role in the state."""
        state = record.state_at(day)
        drawn = {(part(b, 2), part(b, 3)) for b in covering(bars(axes(leaders, "leadership"), "leadership:"), day)}
        assert drawn == {(p, r) for r in LEADERSHIP_ROLES for p in state.holders("openai", r)}

    def test_caption_counts_the_sources_of_the_roles(self, record: at.Timeline, leaders: Figure) -> None:
        """The caption's count is the distinct sources of every beginning and end of a role drawn."""
        events = [
            e
            for e in record.events
            if isinstance(e, at.events.RoleBegan | at.events.RoleEnded)
            and e.org == "openai"
            and e.role in LEADERSHIP_ROLES
        ]
        assert caption_sources(leaders) == len(sources_of(events))

    def test_known_at_leaves_out_what_was_not_yet_recorded(self, record: at.Timeline) -> None:
        """As known on 18 November 2023, Shear is nowhere: his appointment was recorded the next day."""
        fig = plot_leadership(record, known_at="2023-11-18")
        assert fig.get_suptitle().endswith("2015-12-11 to 2023-11-18, as known on 2023-11-18")
        assert not any(
            bars(ax, "leadership:") and bars(ax, f"leadership:{ax.get_label()}:emmett-shear") for ax in fig.axes
        )
        assert bars(axes(fig, "zoom"), "leadership:zoom:mira-murati:interim-ceo")

    def test_no_zoom_is_one_panel(self, record: at.Timeline) -> None:
        """With zoom=None, or a window in which no role began or ended, there is only the main panel."""
        assert [ax.get_label() for ax in plot_leadership(record, zoom=None).axes] == ["leadership"]
        quiet = plot_leadership(record, zoom=("2022-06-01", "2022-06-30"))
        assert [ax.get_label() for ax in quiet.axes] == ["leadership"]

    def test_roles_are_checked(self, record: at.Timeline) -> None:
        """A role that is not a registered word, or no role at all, is refused."""
        with pytest.raises(at.errors.UnknownWordError):
            plot_leadership(record, roles=("CEO",))
        with pytest.raises(ValueError, match="roles is empty"):
            plot_leadership(record, roles=())


# --- compute commitments ------------------------------------------------------------------------------------------


class TestPlotCommitments:
    def test_title_names_the_buyer_and_its_dates(self, record: at.Timeline, compute: Figure) -> None:
        """The title is the buyer's name and the span, from its first commitment (Oracle's cloud, 2024-06-11) to the
        record's last day."""
        assert compute.get_suptitle() == f"OpenAI Group PBC: compute commitments, 2024-06-11 to {last_day(record)}"

    @pytest.mark.parametrize(
        "day", ["2025-01-21", "2025-03-15", "2025-10-06", "2025-12-01", "2026-02-01", "2026-07-01"]
    )
    def test_stacks_add_up_to_the_library_totals(self, record: at.Timeline, compute: Figure, day: str) -> None:
        """On any day, each panel's stack adds up to total_gigawatts (of its kind of capacity) and total_amount of
        the state's commitments."""
        commitments = record.state_at(day).commitments(buyer="openai-group")
        dollars = at.total_amount(commitments)
        for kind in ("chips", "data-centre"):
            gigawatts = at.total_gigawatts(commitments, kind)
            panel = axes(compute, f"gigawatts: {kind}")
            stacked = sum(b.get_height() for b in covering(bars(panel, "commitments:"), day))
            assert stacked == pytest.approx(float(gigawatts.value.value) if gigawatts else 0)
        stacked = sum(b.get_height() for b in covering(bars(axes(compute, "dollars"), "commitments:"), day))
        assert stacked == pytest.approx(float(dollars.value.value / Decimal(10**9)) if dollars else 0)

    def test_a_commitment_inside_another_is_counted_once(self, compute: Figure) -> None:
        """Oracle's 4.5 GW sit inside Stargate: drawn only while Stargate states no gigawatts (until 2025-09-23),
        never in dollars (Stargate's $500 billion includes them), and the caption says why."""
        drawn = [b for ax in compute.axes for b in bars(ax, "commitments:")]
        oracle = [b for b in drawn if part(b, 2) == "openai-oracle-stargate"]
        assert {part(b, 1) for b in oracle} == {"gigawatts"}
        assert covering(oracle, "2025-08-01")
        assert not covering(oracle, "2025-10-01")
        told = caption(compute).replace("\n", " ")
        assert "openai-oracle-stargate (Oracle Corporation) sits inside stargate-us-infrastructure" in told

    def test_bands_are_shaded_by_status(self, compute: Figure) -> None:
        """Nvidia's letter of intent is hatched, then lighter once stalled; a definitive deal is solid."""
        capacity = axes(compute, "gigawatts: chips")
        (intent,) = covering(bars(capacity, "commitments:gigawatts:openai-nvidia-10gw:"), "2025-12-01")
        (stalled,) = covering(bars(capacity, "commitments:gigawatts:openai-nvidia-10gw:"), "2026-02-01")
        (definitive,) = covering(bars(capacity, "commitments:gigawatts:openai-amd-6gw:"), "2026-02-01")
        assert (part(intent, 3), part(stalled, 3), part(definitive, 3)) == ("letter-of-intent", "stalled", "definitive")
        assert [bool(b.get_hatch()) for b in (intent, stalled, definitive)] == [True, True, False]
        assert (stalled.get_alpha() or 1) < (intent.get_alpha() or 1) < (definitive.get_alpha() or 1)

    def test_legend_names_suppliers_and_statuses(self, compute: Figure) -> None:
        """The legend names each supplier drawn and each status."""
        labels = set(legend_labels(compute))
        assert {"Advanced Micro Devices, Inc.", "Microsoft Corporation", "Stargate LLC"} <= labels
        assert {"definitive", "letter of intent", "stalled"} <= labels
        assert "Oracle Corporation" in labels  # drawn while Stargate stated no gigawatts

    def test_caption_counts_the_sources_of_the_commitments(self, record: at.Timeline, compute: Figure) -> None:
        """The caption's count is the distinct sources of every event about the buyer's commitments."""
        mine = {
            e.commitment
            for e in record.events
            if isinstance(e, at.events.ComputeCommitted) and e.buyer == "openai-group"
        }
        events = [
            e
            for e in record.events
            if isinstance(e, at.events.ComputeCommitted | at.events.CommitmentRevised | at.events.CommitmentEnded)
            and e.commitment in mine
        ]
        assert caption_sources(compute) == len(sources_of(events))

    def test_known_at_leaves_out_what_was_not_yet_recorded(self, record: at.Timeline) -> None:
        """As known on 2025-10-05, AMD's deal (announced the next day) is not drawn."""
        fig = plot_commitments(record, known_at="2025-10-05")
        assert fig.get_suptitle().endswith(", as known on 2025-10-05")
        assert "Advanced Micro Devices, Inc." not in legend_labels(fig)
        assert not [b for ax in fig.axes for b in bars(ax, "commitments:gigawatts:openai-amd-6gw")]

    def test_other_currencies_are_left_out_of_the_dollars_and_said(self) -> None:
        """An amount in euros is not added to dollars; the caption names it."""
        source = at.Source(publisher="Example", title="Example report", published="2025-01-01")
        entities = [at.Organization(id=i, name=i.title()) for i in ("acme", "dollar-cloud", "euro-cloud")]
        common: dict[str, Any] = {"sources": (source,), "buyer": "acme", "stage": "definitive"}
        events = [
            at.events.ComputeCommitted(
                id="usd-deal",
                date="2025-01-01",
                summary="A deal in dollars.",
                commitment="usd-deal",
                supplier="dollar-cloud",
                amount=at.Money.of("2000000000"),
                **common,
            ),
            at.events.ComputeCommitted(
                id="eur-deal",
                date="2025-02-01",
                summary="A deal in euros.",
                commitment="eur-deal",
                supplier="euro-cloud",
                amount=at.Money.of("3000000000", "EUR"),
                **common,
            ),
        ]
        fig = plot_commitments(at.Timeline(events, entities), "acme")
        assert [part(b, 2) for b in bars(axes(fig, "dollars"), "commitments:")] == ["usd-deal", "usd-deal"]
        assert "Left out of the dollar panel, not being in US dollars: eur-deal (EUR 3 billion)" in caption(
            fig
        ).replace("\n", " ")


# --- the entity drawn by default -----------------------------------------------------------------------------------


def own_record(subjects: Iterable[str]) -> at.Timeline:
    """A user's record built in code: Acme has a CEO, an owner and a compute commitment; BigCo has none."""
    events = own_story()
    return at.Timeline(events, ENTITIES, subjects=subjects)


FIGURES_OF_ONE: list[tuple[Callable[..., Figure], str, str]] = [
    (plot_cap_table, "entity", "owners"),
    (plot_leadership, "entity", "leadership"),
    (plot_commitments, "buyer", "compute commitments"),
]


class TestDefaultEntity:
    """A figure of one entity draws, when none is named, the record's subject that it has something on."""

    def test_the_shipped_record_draws_the_for_profits_owners_and_the_nonprofits_roles(
        self, record: at.Timeline, owners: Figure, leaders: Figure, compute: Figure
    ) -> None:
        """Of the shipped subjects (openai, openai-group), the owners and commitments are the for-profit's, the
        roles the nonprofit's: as drawn with those ids named."""
        assert owners.get_suptitle() == plot_cap_table(record, "openai-group").get_suptitle()
        assert leaders.get_suptitle() == plot_leadership(record, "openai").get_suptitle()
        assert compute.get_suptitle() == plot_commitments(record, "openai-group").get_suptitle()

    @pytest.mark.parametrize(("plot", "argument", "what"), FIGURES_OF_ONE)
    def test_a_users_record_draws_its_first_subject_with_something_to_draw(
        self, plot: Callable[..., Figure], argument: str, what: str
    ) -> None:
        """Subjects (bigco, acme): BigCo has no owners, roles or commitments, so each figure draws Acme's."""
        assert plot(own_record(["bigco", "acme"])).get_suptitle().startswith(f"Acme: {what}, 2020-")

    @pytest.mark.parametrize(("plot", "argument", "what"), FIGURES_OF_ONE)
    def test_with_nothing_to_draw_the_first_subject_is_drawn(
        self, plot: Callable[..., Figure], argument: str, what: str
    ) -> None:
        """When no subject has anything for the figure, it is the first subject's (empty) figure."""
        assert plot(own_record(["bigco"])).get_suptitle().startswith(f"BigCo: {what}, ")

    @pytest.mark.parametrize(("plot", "argument", "what"), FIGURES_OF_ONE)
    def test_without_subjects_the_figure_asks_for_its_entity(
        self, plot: Callable[..., Figure], argument: str, what: str
    ) -> None:
        """A record that names no subjects: an UnknownEntityError that names the argument to pass, not openai."""
        with pytest.raises(at.errors.UnknownEntityError, match=f"no subjects .*pass {argument}=") as caught:
            plot(own_record([]))
        assert "openai" not in str(caught.value)
        assert plot(own_record([]), "acme").get_suptitle().startswith(f"Acme: {what}, 2020-")


# --- the deal web -------------------------------------------------------------------------------------------------


def arrows(fig: Figure) -> dict[str, FancyArrowPatch]:
    return {p.get_gid() or "": p for p in axes(fig, "web").patches if isinstance(p, FancyArrowPatch)}


def nodes(fig: Figure) -> dict[str, tuple[float, float]]:
    """Each node's id and position."""
    found = {}
    for collection in axes(fig, "web").collections:
        gid = collection.get_gid() or ""
        if gid.startswith("deal-web:node:"):
            x, y = cast(Any, collection.get_offsets())[0]
            found[gid.removeprefix("deal-web:node:")] = (float(x), float(y))
    return found


class TestPlotDealWeb:
    def test_title_gives_the_date(self, web: Figure) -> None:
        """The title is the date drawn."""
        assert web.get_suptitle() == "The deal web as of 2025-10-29"

    def test_organisations_are_labelled_nodes(self, web: Figure) -> None:
        """OpenAI Group PBC is a node, labelled with its name on that date."""
        assert "openai-group" in nodes(web)
        assert "OpenAI Group PBC" in texts(web)
        assert {"Advanced Micro Devices, Inc.", "Microsoft Corporation", "Oracle Corporation"} <= set(texts(web))

    def test_the_amd_warrant_is_a_labelled_arrow(self, web: Figure) -> None:
        """AMD's warrant is an arrow from AMD to OpenAI Group, labelled with its shares and price."""
        warrant = arrows(web)["deal-web:warrant:amd-openai-warrant"]
        assert "160,000,000 shares at $0.01" in str(warrant.get_label())
        assert any(t.startswith("warrant: 160,000,000 shares") for t in texts(web))

    def test_every_deal_of_the_state_is_an_arrow(self, record: at.Timeline, web: Figure) -> None:
        """Each commitment, agreement and warrant on the record by that date is drawn."""
        state = record.state_at("2025-10-29")
        drawn = set(arrows(web))
        assert {f"deal-web:commitment:{c.id}" for c in state.commitments(in_force=False)} <= drawn
        assert {f"deal-web:warrant:{w.id}" for w in state.warrants()} <= drawn
        assert "deal-web:agreement:microsoft-openai-partnership:microsoft" in drawn
        assert "deal-web:investment:microsoft>openai-group" in drawn

    def test_known_at_leaves_out_later_reports(self, record: at.Timeline) -> None:
        """As known on 2025-10-05, the AMD warrant (announced on 2025-10-06) is missing; known later, it is there."""
        assert "deal-web:warrant:amd-openai-warrant" not in arrows(
            plot_deal_web(record, at="2025-10-05", known_at="2025-10-05")
        )
        assert "deal-web:warrant:amd-openai-warrant" in arrows(plot_deal_web(record, at="2025-10-05"))

    def test_ended_and_stalled_deals_are_drawn_apart(self, record: at.Timeline) -> None:
        """Nvidia's letter of intent is dashed while stalled, grey and dotted once replaced."""
        stalled = arrows(plot_deal_web(record, at="2026-02-01"))["deal-web:commitment:openai-nvidia-10gw"]
        replaced = arrows(plot_deal_web(record, at="2026-07-01"))["deal-web:commitment:openai-nvidia-10gw"]
        assert stalled.get_linestyle() == "--"
        assert replaced.get_linestyle() == ":"
        assert "replaced" in str(replaced.get_label())

    def test_only_a_reported_valuation_sizes_a_node(self, web: Figure) -> None:
        """OpenAI Group, valued on the record, is the large filled node; the others are small and hollow."""
        sizes = {}
        for collection in axes(web, "web").collections:
            gid = collection.get_gid() or ""
            if isinstance(collection, PathCollection) and gid.startswith("deal-web:node:"):
                face = tuple(float(c) for c in cast(Any, collection.get_facecolor())[0])
                sizes[gid.removeprefix("deal-web:node:")] = (float(collection.get_sizes()[0]), face)
        big, _ = sizes.pop("openai-group")
        assert len({size for size, _ in sizes.values()}) == 1
        assert all(size < big for size, _ in sizes.values())
        assert all(face == (1.0, 1.0, 1.0, 1.0) for _, face in sizes.values())
        assert "OpenAI Group PBC, $500 billion" in caption(web).replace("\n", " ")

    def test_the_layout_is_the_same_every_time(self, record: at.Timeline, web: Figure) -> None:
        """Drawing the same date again puts every node in the same place."""
        assert nodes(plot_deal_web(record, at="2025-10-29")) == nodes(web)

    def test_caption_counts_the_sources_of_the_deals(self, record: at.Timeline, web: Figure) -> None:
        """The caption's count is the distinct sources of every deal by that date, and of the valuations drawn."""
        events = record.between("1900", "2025-10-29")
        valuations = {
            e.entity: e
            for e in events
            if isinstance(e, at.events.MetricReported) and e.metric == "valuation" and e.entity in nodes(web)
        }
        behind = [e for e in events if isinstance(e, DEAL_TYPES)] + list(valuations.values())
        assert caption_sources(web) == len(sources_of(behind))


# --- saving, the kinds, importing -----------------------------------------------------------------------------------


class TestSave:
    def test_png_and_svg_by_suffix(self, owners: Figure, tmp_path: Path) -> None:
        """A .png is a PNG file and an .svg an SVG document."""
        assert save_figure(owners, tmp_path / "owners.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in save_figure(owners, tmp_path / "owners.SVG").read_bytes()[:500]

    def test_the_same_record_gives_the_same_svg(self, record: at.Timeline, tmp_path: Path) -> None:
        """Drawn and saved twice under one name, an SVG is the same file, byte for byte (no date, no random ids)."""
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        first = save_figure(plot_cap_table(record), tmp_path / "a" / "owners.svg")
        second = save_figure(plot_cap_table(record), tmp_path / "b" / "owners.svg")
        assert first.read_bytes() == second.read_bytes()

    def test_another_suffix_is_refused_by_name(self, owners: Figure, tmp_path: Path) -> None:
        """A .pdf (or no suffix) is a ValueError that names it, and nothing is written."""
        with pytest.raises(ValueError, match=r"'\.pdf'"):
            save_figure(owners, tmp_path / "owners.pdf")
        with pytest.raises(ValueError, match="no suffix"):
            save_figure(owners, tmp_path / "owners")
        assert not list(tmp_path.iterdir())  # nothing written


class TestPlots:
    def test_each_kind_names_its_function(self) -> None:
        """The command line's kinds map to the four functions, and the mapping cannot be changed."""
        assert dict(PLOTS) == {
            "cap-table": plot_cap_table,
            "commitments": plot_commitments,
            "deal-web": plot_deal_web,
            "leadership": plot_leadership,
        }
        with pytest.raises(TypeError):
            PLOTS["pie"] = plot_cap_table  # type: ignore[index]

    def test_each_kind_draws_and_renders(self, record: at.Timeline) -> None:
        """Every kind draws from the timeline alone, with known_at, and renders to a PNG."""
        for kind, draw in PLOTS.items():
            fig = draw(record, known_at="2026-01-01")
            assert "as known on 2026-01-01" in fig.get_suptitle(), kind
            fig.savefig(io.BytesIO(), format="png")


class TestImports:
    def test_import_aitimeline_does_not_import_matplotlib(self) -> None:
        """Neither the package nor the plotting module loads matplotlib until a figure is drawn."""
        code = "import sys, aitimeline, aitimeline._show.plot; assert 'matplotlib' not in sys.modules, 'matplotlib'"
        subprocess.run([sys.executable, "-c", code], check=True)

    def test_without_matplotlib_the_error_names_the_extra(
        self, record: at.Timeline, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each function says which extra to install when matplotlib is missing."""
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        kinds: list[tuple[str, Callable[..., Figure]]] = [
            ("plot_cap_table", plot_cap_table),
            ("plot_deal_web", plot_deal_web),
        ]
        for name, draw in kinds:
            with pytest.raises(ImportError, match=rf"^{name} needs matplotlib: pip install 'aitimeline\[plot\]'$"):
                draw(record)


def test_a_figure_names_the_unverified_events_it_draws(record: at.Timeline, leaders: Figure) -> None:
    """The leadership figure draws Sue Yoon's exit, whose date the record could not verify: its caption names it."""
    (yoon,) = [e for e in record.events if e.id == "yoon-leaves-board-2020"]
    assert yoon.unverified
    told = caption(leaders).replace("\n", " ")
    assert "Unverified (see each event's note):" in told
    assert "yoon-leaves-board-2020" in told
