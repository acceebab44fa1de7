"""The synthetic timeline generator: valid, complete, deterministic."""

import random

import pytest
from synthetic import query_inputs, synthetic_timeline

import aitimeline as at


class TestSyntheticTimeline:
    @pytest.mark.parametrize(("n", "seed"), [(30, 0), (500, 1), (5_000, 2), (20_000, 3)])
    def test_replays_without_error(self, n: int, seed: int) -> None:
        """Timelines of several sizes and seeds replay through Timeline without a ReplayError."""
        events, entities = synthetic_timeline(n, seed=seed)
        assert len(at.Timeline(events, entities)) == n

    @pytest.mark.parametrize(("n", "seed"), [(40, 0), (2_000, 7)])
    def test_holds_every_builtin_kind(self, n: int, seed: int) -> None:
        """Every event kind in builtin_types() appears, even in a timeline of 40 events (the opening tour)."""
        events, _ = synthetic_timeline(n, seed=seed)
        assert {type(e).type_name for e in events} == set(at.io.builtin_types())

    def test_same_seed_same_events(self) -> None:
        """The same seed gives equal events and entities."""
        assert synthetic_timeline(3_000, seed=11) == synthetic_timeline(3_000, seed=11)

    def test_other_seed_other_events(self) -> None:
        """A different seed gives a different timeline."""
        assert synthetic_timeline(1_000, seed=1)[0] != synthetic_timeline(1_000, seed=2)[0]

    def test_generated_in_replay_order(self) -> None:
        """The events come in replay order, with ids e0000000, e0000001, ... rising."""
        events, entities = synthetic_timeline(5_000, seed=4)
        assert at.Timeline(events, entities).events == tuple(events)
        assert [e.id for e in events[:3]] == ["e0000000", "e0000001", "e0000002"]

    def test_many_same_day_events(self) -> None:
        """Most days carry several events."""
        events, _ = synthetic_timeline(10_000, seed=5)
        assert len({e.date.effective for e in events}) < len(events) / 2

    def test_small_world_and_dense_days_stay_valid(self) -> None:
        """Three organisations, one person and a single year still give a valid timeline."""
        events, entities = synthetic_timeline(5_000, seed=6, n_orgs=3, n_people=1, years=1)
        assert len(at.Timeline(events, entities)) == 5_000

    def test_entity_counts(self) -> None:
        """n_orgs and n_people set how many organisations and people there are."""
        _, entities = synthetic_timeline(100, n_orgs=7, n_people=9)
        orgs = [e for e in entities if isinstance(e, at.Organization)]
        assert (len(orgs), len(entities) - len(orgs)) == (7, 9)

    def test_too_few_organisations_is_refused(self) -> None:
        """Fewer than three organisations is an error."""
        with pytest.raises(ValueError, match="at least 3 organisations"):
            synthetic_timeline(100, n_orgs=2)

    def test_negative_size_is_refused(self) -> None:
        """A negative number of events is an error."""
        with pytest.raises(ValueError, match="must not be negative"):
            synthetic_timeline(-1)


def test_in_force_sets_agree_with_every_record_ever() -> None:
    """For the busiest parties, the records in force (kept per party, past 64 of them in shared runs) are those
    of every record the party ever had that are in force, on dates across the timeline."""
    events, entities = synthetic_timeline(20_000, seed=8)
    tl = at.Timeline(events, entities)
    last = tl.state_at(events[-1].date.effective)
    orgs = [e.id for e in entities if isinstance(e, at.Organization)]
    busiest = sorted(orgs, key=lambda o: -len(last.commitments(o, in_force=False)))[:5]
    largest = 0
    for event in events[:: len(events) // 20]:
        s = tl.state_at(event.date.effective)
        for org in busiest:
            bought = s.commitments(org)
            assert bought == tuple(c for c in s.commitments(org, in_force=False) if c.in_force)
            assert s.commitments(supplier=org) == tuple(
                c for c in s.commitments(supplier=org, in_force=False) if c.in_force
            )
            assert s.agreements(org) == tuple(a for a in s.agreements(org, in_force=False) if a.in_force)
            largest = max(largest, len(bought), len(s.agreements(org)))
    assert largest > 64  # the shared runs were exercised


class TestQueryInputs:
    def test_questions_name_what_the_timeline_names(self) -> None:
        """Each kind has the number of questions asked, on days within the timeline, about its own subjects."""
        events, entities = synthetic_timeline(2_000, seed=9)
        asked = query_inputs(events, entities, 50, random.Random(1))
        assert [len(kind) for kind in asked] == [50, 50, 50, 50]
        first, last = events[0].date.effective, events[-1].date.effective
        days = [d for d, _ in asked.ceo] + [d for d, _, _ in asked.stake] + [d for d, _ in asked.commitments]
        assert all(first <= day <= last for day in days)
        assert [(d.isoformat(), o) for d, o in asked.ceo] == asked.ceo_text
        owned = {(e.investor, e.investee) for e in events if isinstance(e, at.events.Invested)}
        owned |= {(e.holder, e.entity) for e in events if isinstance(e, at.events.StakeReported)}
        assert {(h, e) for _, h, e in asked.stake} <= owned
        assert {b for _, b in asked.commitments} <= {
            e.buyer for e in events if isinstance(e, at.events.ComputeCommitted)
        }

    def test_same_generator_same_questions(self) -> None:
        """Generators seeded alike draw the same questions."""
        events, entities = synthetic_timeline(500, seed=2)
        assert query_inputs(events, entities, 20, random.Random(5)) == query_inputs(
            events, entities, 20, random.Random(5)
        )
