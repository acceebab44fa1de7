"""Facts of knowledge time that `make mutation` found no test stating: which events a set of retractions withdraws,
in which order corrections apply and which are listed, what check_references reports and where, and what a
correction or retraction refuses to be built with (each test kills mutants of src/aitimeline/_engine/knowledge.py)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._engine.events import Origin
from aitimeline._engine.knowledge import check_references, effective_events, retraction_cycles, withdrawn

from .helpers import ev, timeline


def _appointed(id: str = "ceo", person: str = "ann", date: str = "2020-01-01") -> Any:
    return ev(at.events.RoleBegan, id, date, person=person, org="acme", role="ceo", reason="appointed")


def _retraction(id: str, target: str, recorded: str = "2021-01-01") -> Any:
    return ev(at.events.Retracted, id, recorded, retracts=target)


def _correction(id: str, target: str, recorded: str, /, **fields: object) -> Any:
    return ev(at.events.Corrected, id, recorded, corrects=target, fields=fields)


def _by_id(events: Sequence[at.Event]) -> dict[str, Any]:
    return {e.id: e for e in events}


# --- withdrawn --------------------------------------------------------------------------------------------------------


@st.composite
def _retraction_forests(draw: st.DrawFn) -> tuple[list[at.Event], dict[str, str]]:
    """A few appointments and retractions, each retraction naming an item drawn before it (so no cycle), in a
    shuffled order; and each retraction's target."""
    items = [f"e{i}" for i in range(draw(st.integers(1, 3)))]
    targets: dict[str, str] = {}
    for i in range(draw(st.integers(0, 12))):
        targets[f"r{i}"] = draw(st.sampled_from(items))
        items.append(f"r{i}")
    events = [_appointed(f"e{i}") for i in range(len(items) - len(targets))]
    events += [_retraction(r, t) for r, t in targets.items()]
    random.Random(draw(st.integers(0, 2**32))).shuffle(events)
    return events, targets


def _naive_withdrawn(ids: Sequence[str], targets: dict[str, str]) -> set[str]:
    """The definition, recursively: an item stands when no standing retraction names it."""

    @cache
    def stands(item: str) -> bool:
        return not any(stands(r) for r, t in targets.items() if t == item)

    return {i for i in ids if not stands(i)}


@given(_retraction_forests())
def test_withdrawn_agrees_with_the_recursive_definition(forest: tuple[list[at.Event], dict[str, str]]) -> None:
    """An event is withdrawn exactly when some retraction of it stands, in whatever order the events come."""
    events, targets = forest
    assert withdrawn(events) == _naive_withdrawn([e.id for e in events], targets)


def test_a_withdrawn_retraction_is_withdrawn_and_its_target_is_not() -> None:
    """Retracting a retraction withdraws that retraction (it is in the set), and its target is back."""
    events = [_appointed(), _retraction("r1", "ceo"), _retraction("r2", "r1")]
    assert withdrawn(events) == {"r1"}


def test_a_restored_target_stays_restored_when_more_retractions_follow() -> None:
    """A retraction withdrawn by a later retraction restores its target, even when more retractions of other
    events, and of the withdrawn retraction, follow it in the record."""
    events = [
        _appointed("ceo"),
        _appointed("cfo", person="bob"),
        _retraction("r1", "ceo"),
        _retraction("r2", "r1"),
        _retraction("r3", "cfo"),
        _retraction("r4", "r1"),
        _retraction("r5", "r3"),
        _retraction("r6", "r5"),
    ]
    assert withdrawn(events) == {"r1", "r5", "cfo"}
    assert withdrawn(events[::-1]) == {"r1", "r5", "cfo"}


def test_nothing_is_withdrawn_without_a_retraction() -> None:
    assert withdrawn([_appointed(), _correction("fix", "ceo", "2021-01-01", person="bob")]) == set()


# --- effective_events -------------------------------------------------------------------------------------------------


def test_corrections_apply_in_the_order_they_were_recorded() -> None:
    """Two corrections of one field: the one recorded later wins, whatever their order in the list, and both
    are listed for the event, in the order applied."""
    first = _correction("fix-1", "ceo", "2021-01-01", person="bob")
    second = _correction("fix-2", "ceo", "2022-01-01", person="ann")
    for known in ([_appointed(), first, second], [_appointed(), second, first]):
        effective, applied = effective_events(known, {})
        assert _by_id(effective)["ceo"].person == "ann"
        assert applied == {"ceo": ("fix-1", "fix-2")}


def test_corrections_recorded_the_same_day_apply_by_date_then_id() -> None:
    """Recorded the same day, the correction dated later applies last; with the same date too, the larger id."""
    source = at.Source(publisher="P", title="T", published=at.PartialDate(2021))

    def fix(id: str, date: str, person: str) -> at.Event:
        return at.events.Corrected(
            id=id,
            date=at.parse_date(date),
            recorded=at.PartialDate(2022),
            summary=id,
            sources=(source,),
            corrects="ceo",
            fields={"person": person},
        )

    _, applied = effective_events([_appointed(), fix("b", "2021-06-01", "bob"), fix("a", "2021-07-01", "ann")], {})
    assert applied == {"ceo": ("b", "a")}
    _, applied = effective_events([_appointed(), fix("b", "2021-06-01", "bob"), fix("a", "2021-06-01", "ann")], {})
    assert applied == {"ceo": ("a", "b")}


def test_the_corrections_applied_are_those_explain_lists() -> None:
    """explain names the corrected event and every correction applied to it, and no other correction."""
    tl = timeline(
        _appointed(),
        ev(at.events.RoleBegan, "bigco-ceo", "2020-01-01", person="bob", org="bigco", role="ceo", reason="appointed"),
        _correction("fix-1", "ceo", "2021-01-01", person="bob"),
        _correction("fix-2", "ceo", "2022-01-01", shared=True),
        _correction("other", "bigco-ceo", "2022-01-01", shared=True),
    )
    why = tl.explain(lambda s: s.ceo("acme"), at="2020-06-01")
    assert why.answer == "bob"
    assert [e.id for e in why.events] == ["ceo", "fix-1", "fix-2"]


def test_a_correction_of_a_withdrawn_event_is_neither_applied_nor_listed() -> None:
    events = [_appointed(), _retraction("r", "ceo"), _correction("fix", "ceo", "2021-01-01", person="bob")]
    effective, applied = effective_events(events, {})
    assert [e.id for e in effective] == ["r", "fix"]
    assert applied == {}


def test_a_correction_skipped_does_not_stop_the_corrections_after_it() -> None:
    """A correction of a withdrawn event, applied first in recorded order, does not keep a later correction of
    another event from applying."""
    events = [
        _appointed(),
        _appointed("cfo", person="bob"),
        _retraction("r", "ceo"),
        _correction("fix-ceo", "ceo", "2021-01-01", person="bob"),
        _correction("fix-cfo", "cfo", "2022-01-01", person="ann"),
    ]
    effective, applied = effective_events(events, {})
    assert _by_id(effective)["cfo"].person == "ann"
    assert applied == {"cfo": ("fix-cfo",)}


def test_corrections_of_different_fields_of_one_event_all_hold() -> None:
    """A second correction of an event starts from the event as the first left it."""
    events = [
        _appointed(),
        _correction("fix-1", "ceo", "2021-01-01", person="bob"),
        _correction("fix-2", "ceo", "2022-01-01", shared=True),
    ]
    effective, _ = effective_events(events, {})
    ceo = _by_id(effective)["ceo"]
    assert (ceo.person, ceo.shared, ceo.reason) == ("bob", True, "appointed")


def test_a_withdrawn_correction_is_neither_applied_nor_listed() -> None:
    events = [_appointed(), _correction("fix", "ceo", "2021-01-01", person="bob"), _retraction("r", "fix")]
    effective, applied = effective_events(events, {})
    assert [(e.id, getattr(e, "person", None)) for e in effective] == [("ceo", "ann"), ("r", None)]
    assert applied == {}


def test_a_correction_whose_target_is_not_known_changes_nothing() -> None:
    """Known before its target is (a partial record), a correction is kept on the record and applies to nothing."""
    events = [_appointed("cfo", person="bob"), _correction("fix", "ceo", "2021-01-01", person="bob")]
    effective, applied = effective_events(events, {})
    assert effective == events
    assert applied == {}


def test_a_corrected_date_moves_the_event_in_replay_order() -> None:
    """An event corrected to a later date is replayed after the events of the days between."""
    events = [
        _appointed("ceo", date="2020-01-01"),
        _appointed("cto", person="bob", date="2020-03-01"),
        _correction("fix", "ceo", "2021-01-01", date=at.parse_date("2020-05-01")),
    ]
    effective, _ = effective_events(events, {})
    assert [e.id for e in effective] == ["cto", "ceo", "fix"]


def test_a_corrected_date_moves_the_event_by_its_position_in_its_file() -> None:
    """Corrected to another event's day, the corrected event takes its place by file position, then id."""
    events = [
        _appointed("b-ceo", date="2020-01-01"),
        _appointed("a-cto", person="bob", date="2020-03-01"),
        _correction("fix", "b-ceo", "2021-01-01", date=at.parse_date("2020-03-01")),
    ]
    origins = {"b-ceo": Origin("f.toml", 0), "a-cto": Origin("f.toml", 1), "fix": Origin("f.toml", 2)}
    effective, _ = effective_events(events, origins)
    assert [e.id for e in effective] == ["b-ceo", "a-cto", "fix"]


def test_corrections_that_correct_each_other_apply_as_written() -> None:
    """Two corrections recorded the same day may correct each other: each then applies to the other as written
    (no endless chain of corrections of corrections), and each is listed for the other (x__version 6)."""
    x = _correction("x", "y", "2021-01-01", summary="as x says")
    y = _correction("y", "x", "2021-01-01", summary="as y says")
    tl = timeline(_appointed(), x, y)
    assert [(e.id, e.summary) for e in tl.between("2020-01-01", "2022-01-01")] == [
        ("ceo", "ceo"),
        ("x", "as y says"),
        ("y", "as x says"),
    ]
    assert effective_events([_appointed(), x, y], {})[1] == {"x": ("y",), "y": ("x",)}


def test_without_revisions_the_events_are_as_given() -> None:
    events = [_appointed("cto", person="bob", date="2020-03-01"), _appointed("ceo")]
    assert effective_events(events, {}) == (events, {})


# --- check_references -------------------------------------------------------------------------------------------------


def _problems(*events: at.Event, files: dict[str, str] | None = None) -> list[tuple[str | None, ...]]:
    origins = {i: Origin(f) for i, f in (files or {}).items()}
    found = check_references(list(events), {e.id: e for e in events}, origins)
    return [(p.file, p.event_id, p.path, p.message) for p in found]


def test_a_reference_to_no_event_is_reported_with_its_field_and_file() -> None:
    assert _problems(_retraction("r", "ghost"), _correction("fix", "ghost", "2021-01-01", person="bob")) == [
        (None, "r", "retracts", "no event 'ghost' to retract"),
        (None, "fix", "corrects", "no event 'ghost' to correct"),
    ]
    assert _problems(_retraction("r", "ghost"), files={"r": "2021/r.toml"})[0][0] == "2021/r.toml"


def test_a_revision_recorded_before_its_target_is_reported() -> None:
    """Recorded the day before its target, a retraction is reported; recorded the same day, it is not."""
    late = _appointed(date="2021-01-02")
    assert _problems(late, _retraction("r", "ceo", recorded="2021-01-01")) == [
        (None, "r", "recorded", "recorded before the event it retracts (2021-01-02)")
    ]
    assert _problems(late, _correction("fix", "ceo", "2021-01-01", person="bob")) == [
        (None, "fix", "recorded", "recorded before the event it corrects (2021-01-02)")
    ]
    assert _problems(late, _retraction("r", "ceo", recorded="2021-01-02")) == []


def test_a_correction_naming_unknown_fields_reports_each() -> None:
    """Each unknown field is reported on its path; the correction is then not tried."""
    assert _problems(_appointed(), _correction("fix", "ceo", "2021-01-01", mood="calm", colour="red")) == [
        (None, "fix", "fields.mood", "RoleBegan has no field 'mood'"),
        (None, "fix", "fields.colour", "RoleBegan has no field 'colour'"),
    ]


def test_a_correction_that_makes_its_target_invalid_is_reported_on_the_field() -> None:
    [problem] = _problems(_appointed(), _correction("fix", "ceo", "2021-01-01", person=42), files={"fix": "f.toml"})
    assert problem[:3] == ("f.toml", "fix", "fields.person")
    assert str(problem[3]).startswith("the corrected event is invalid: ")


def test_events_other_than_revisions_are_not_checked() -> None:
    """Given every event, check_references checks the corrections and retractions among them, wherever they are."""
    assert _problems(_appointed(), _retraction("r", "ghost"), _appointed("cfo", person="bob")) == [
        (None, "r", "retracts", "no event 'ghost' to retract")
    ]
    assert _problems(_appointed(), _appointed("cfo", person="bob"), _retraction("r", "ghost"))[0][1] == "r"


def test_a_cycle_is_reported_once_with_the_file_of_its_first_retraction() -> None:
    assert _problems(
        _retraction("ra", "rb"), _retraction("rb", "rc"), _retraction("rc", "ra"), files={"ra": "a.toml"}
    ) == [("a.toml", "ra", "retracts", "retractions form a cycle (ra -> rb -> rc -> ra)")]


# --- retraction_cycles ------------------------------------------------------------------------------------------------


def test_every_cycle_is_found_once_and_a_chain_into_one_is_not_part_of_it() -> None:
    events = [
        _retraction("tail", "ra"),
        _retraction("ra", "rb"),
        _retraction("rb", "ra"),
        _retraction("x", "y"),
        _retraction("y", "z"),
        _retraction("z", "x"),
        _retraction("alone", "ceo"),
        _retraction("self", "self-loop"),
        _retraction("self-loop", "self-loop-2"),
    ]
    assert retraction_cycles([_appointed(), *events]) == [["ra", "rb"], ["x", "y", "z"]]
    assert retraction_cycles(events[::-1]) == [["z", "x", "y"], ["rb", "ra"]]


def test_a_cycle_reached_after_finished_chains_is_still_found() -> None:
    """A chain walked first (and finished) does not hide a cycle that shares no event with it."""
    events = [_retraction("r1", "r2"), _retraction("r2", "ceo"), _retraction("c1", "c2"), _retraction("c2", "c1")]
    assert retraction_cycles(events) == [["c1", "c2"]]


# --- building a correction or a retraction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fields", "path", "message"),
    [
        ("ceo", {}, "fields", "a correction names at least one field"),
        ("ceo", {"id": "x"}, "fields.id", "'id' cannot be corrected"),
        ("ceo", {"type": "x"}, "fields.type", "'type' cannot be corrected"),
        ("ceo", {"recorded": at.PartialDate(2021)}, "fields.recorded", "'recorded' cannot be corrected"),
        ("ceo", {"sources": ()}, "fields.sources", "'sources' cannot be corrected"),
        ("fix", {"person": "bob"}, "corrects", "an event cannot correct itself ('fix')"),
    ],
)
def test_a_correction_that_cannot_be_is_refused_on_its_field(
    target: str, fields: dict[str, object], path: str, message: str
) -> None:
    with pytest.raises(at.errors.EventValidationError) as caught:
        _correction("fix", target, "2021-01-01", **fields)
    assert [(p.path, p.message) for p in caught.value.problems] == [(path, message)]


def test_a_retraction_of_itself_is_refused_on_its_field() -> None:
    with pytest.raises(at.errors.EventValidationError) as caught:
        _retraction("r", "r")
    [problem] = caught.value.problems
    assert (problem.path, problem.message) == ("retracts", "an event cannot retract itself ('r')")


def test_the_fields_of_a_correction_are_a_copy_that_cannot_change() -> None:
    given = {"person": "bob"}
    fix = _correction("fix", "ceo", "2021-01-01", **given)
    given["person"] = "ann"
    assert dict(fix.fields) == {"person": "bob"}
    with pytest.raises(TypeError):
        fix.fields["person"] = "carol"
