"""The Anthropic story, asked "as of" questions and property-tested with the shipped toolkit (public names only)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from anthropic_story import EVENTS, RoundClosed, load, post_money, raised, types
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule

import aitimeline as at
from aitimeline.testing import ORGANIZATIONS, GeneratedTimeline, TimelineMachine, check_replay_laws, money, timelines

BILLION = Decimal(10) ** 9


@pytest.fixture(scope="module")
def story() -> at.Timeline:
    return load()


class TestAsOf:
    def test_after_the_series_e(self, story: at.Timeline) -> None:
        """Series E, 3 March 2025: $3.5 billion at $61.5 billion post-money (Anthropic's announcement)."""
        state = story.state_at("2025-06-30")
        total = raised(state)
        assert total is not None
        assert (total.value, total.currency, total.is_exact) == (Decimal("3.5") * BILLION, "USD", True)
        valuation = post_money(state)
        assert valuation is not None
        assert valuation.value == Decimal("61.5") * BILLION

    def test_after_the_series_g(self, story: at.Timeline) -> None:
        """Series E, F and G: $3.5 + 13 + 30 billion; the Series G priced Anthropic at $380 billion post-money."""
        state = story.state_at("2026-03-01")
        total = raised(state)
        assert total is not None
        assert total.value == Decimal("46.5") * BILLION
        assert total.is_exact
        valuation = post_money(state)
        assert valuation is not None
        assert valuation.value == 380 * BILLION

    def test_nothing_before_the_first_priced_round_on_the_record(self, story: at.Timeline) -> None:
        """Amazon's and Google's strategic investments are not priced rounds: no funding record before March 2025."""
        assert raised(story.state_at("2025-03-02")) is None

    def test_compute_deals_in_force_at_the_end_of_2025(self, story: at.Timeline) -> None:
        """Google Cloud's TPUs (October 2025) and the $30 billion of Azure (November 2025)."""
        deals = story.state_at("2025-12-31").commitments(buyer="anthropic")
        assert {d.supplier for d in deals} == {"google", "microsoft"}
        azure = next(d for d in deals if d.supplier == "microsoft")
        assert azure.amount is not None
        assert azure.amount.value == 30 * BILLION

    def test_what_was_known_before_the_series_g(self, story: at.Timeline) -> None:
        """Known at the end of 2025, the latest valuation is the Series F's $183 billion, whatever the date asked."""
        valuation = post_money(story.state_at("2026-12-01", known_at="2025-12-31"))
        assert valuation is not None
        assert valuation.value == 183 * BILLION


class TestQuestions:
    def test_history_of_the_post_money_valuation(self, story: at.Timeline) -> None:
        """Each priced round that reported a valuation changes the answer once."""
        days = [day for day, _ in story.history(post_money)]
        assert days[:3] == [dt.date(2025, 3, 3), dt.date(2025, 9, 2), dt.date(2026, 2, 12)]

    def test_explain_cites_the_rounds(self, story: at.Timeline) -> None:
        """What had been raised by the end of 2025 comes from the Series E and F, each citing Anthropic."""
        why = story.explain(raised, at="2025-12-31")
        assert [e.id for e in why.events] == ["anthropic-series-e-2025", "anthropic-series-f-2025"]
        assert all(any(s.publisher == "Anthropic" for s in e.sources) for e in why.events)

    def test_diff_reports_the_users_own_key(self, story: at.Timeline) -> None:
        """diff lists the change under ("funding", "anthropic") like any built-in key."""
        changes = story.diff("2025-08-01", "2025-09-30").changes
        funding = next(c for c in changes if (c.aspect, c.subject) == ("funding", ("anthropic",)))
        assert funding.event_ids == ("anthropic-series-f-2025",)


class TestLoading:
    def test_events_keep_their_origins(self, story: at.Timeline) -> None:
        """Shipped and example events each keep the file they came from."""
        assert story.origin("anthropic-series-e-2025").file == str(EVENTS / "2025-03-03-anthropic-series-e-2025.toml")
        assert Path(story.origin("altman-fired-2023").file or "").name == "2023-11-17-altman-fired-2023.toml"

    def test_an_entity_listed_again_is_an_error_naming_both_files(self, tmp_path: Path) -> None:
        """Listing Microsoft again in the example's entities is refused, naming both entity files."""
        folder = tmp_path / "events"
        shutil.copytree(EVENTS, folder)
        with (folder / "entities.toml").open("a", encoding="utf-8") as f:
            f.write('\n[[organizations]]\nid = "microsoft"\nname = "Microsoft"\n')
        with pytest.raises(at.errors.LoadError) as caught:
            at.load(folder, types=types(), base=at.load())
        (problem,) = caught.value.problems
        assert problem.file == str(folder / "entities.toml")
        assert "microsoft" in problem.message
        assert "entities.toml" in problem.message


_ROUNDS = ("Seed", "Series A", "Series B")


def make_round(draw: st.DrawFn, state: at.State, common: dict[str, Any]) -> at.Event:
    """A round of a generated company (the generator drops one that cannot happen, such as a repeated name)."""
    return RoundClosed(
        **common,
        company=draw(st.sampled_from(ORGANIZATIONS)),
        round=draw(st.sampled_from(_ROUNDS)),
        amount=draw(money()),
        post_money=draw(st.none() | money()),
    )


@settings(max_examples=40)
@given(timelines(types={RoundClosed: make_round}, max_events=15))
def test_the_laws_of_replay_hold_with_rounds(g: GeneratedTimeline) -> None:
    """Every law of replay holds on timelines mixing RoundClosed with the built-in types."""
    check_replay_laws(g.timeline(), queries=[lambda s: raised(s, "org-a"), lambda s: post_money(s, "org-b")])


@settings(max_examples=40)
@given(timelines(types={RoundClosed: make_round}, max_events=15))
def test_what_was_raised_is_the_sum_of_the_rounds_so_far(g: GeneratedTimeline) -> None:
    """On every day, raised() is the sum of the amounts of the rounds closed by then, and it never decreases."""
    tl = g.timeline()
    previous = Decimal(0)
    for day in sorted({e.date.effective for e in tl.events}):
        rounds = [
            e for e in tl.events if isinstance(e, RoundClosed) and e.company == "org-a" and e.date.effective <= day
        ]
        total = raised(tl.state_at(day), "org-a")
        assert (total.low if total else Decimal(0)) == sum((r.amount.low for r in rounds), Decimal(0))
        assert (total.low if total else Decimal(0)) >= previous
        previous = total.low if total else Decimal(0)


class RoundsMachine(TimelineMachine):
    """The index against the reference fold, with rounds closing among the built-in events."""

    @rule(company=st.sampled_from(ORGANIZATIONS), name=st.sampled_from(_ROUNDS), amount=money())
    def close_a_round(self, company: str, name: str, amount: at.Money) -> None:
        self.add(RoundClosed(**self.common(), company=company, round=name, amount=amount))


TestRoundsMachine = RoundsMachine.TestCase
TestRoundsMachine.settings = settings(max_examples=20, stateful_step_count=15, deadline=None)
