"""The index and the check of corrections, pinned where mutation testing found no test looking: every problem
names its file and its event, every problem is kept (not only the last, not only the first event's), a bug in an
event's ``apply`` says which event and file it came from, and a correction that makes its target invalid is
refused naming the field, or ``fields`` when the error names none.

The survivors left are equivalent (docs/architecture.md, "Mutation testing"): the array type code of positions
("i" or "I": positions are never negative), ``zip(..., strict=True)`` over two logs of one length, and when a build
ends with a full collection (speed only).
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import aitimeline as at
from aitimeline._engine.knowledge import check_references

from .helpers import ENTITIES, ev

FILE = "events/2020-01-01-things.toml"


def _timeline(*events: at.Event, origins: dict[str, at.extend.Origin] | None = None) -> at.Timeline:
    return at.Timeline(list(events), ENTITIES, origins=origins)


def _problems(*events: at.Event, origins: dict[str, at.extend.Origin]) -> tuple[at.errors.Problem, ...]:
    with pytest.raises(at.errors.ReplayError) as caught:
        _timeline(*events, origins=origins)
    return tuple(caught.value.problems)


def _origins(*ids: str) -> dict[str, at.extend.Origin]:
    return {i: at.extend.Origin(file=FILE, position=n) for n, i in enumerate(ids)}


def test_every_event_naming_an_unknown_entity_is_a_problem_naming_its_file_and_id() -> None:
    first = ev(at.events.RoleBegan, "a", "2020-01-01", person="zed", org="acme", role="ceo", reason="appointed")
    second = ev(at.events.RoleBegan, "b", "2020-01-02", person="yan", org="acme", role="cto", reason="appointed")
    problems = _problems(first, second, origins=_origins("a", "b"))
    assert [(p.file, p.event_id, p.path) for p in problems] == [(FILE, "a", "person"), (FILE, "b", "person")]


def test_an_event_that_cannot_happen_is_a_problem_naming_its_file() -> None:
    ended = ev(at.events.RoleEnded, "gone", "2020-01-01", person="ann", org="acme", role="ceo", reason="resigned")
    (problem,) = _problems(ended, origins=_origins("gone"))
    assert (problem.file, problem.event_id, problem.path) == (FILE, "gone", "person")


@attrs.frozen(kw_only=True, repr=False)
class _Broken(at.Event):
    """A user's type whose apply has a bug."""

    def apply(self, w: at.extend.Writer) -> None:
        raise ZeroDivisionError("a bug")


def test_a_bug_in_apply_names_the_event_and_its_file() -> None:
    broken = ev(_Broken, "oops", "2020-01-01")
    with pytest.raises(ZeroDivisionError) as in_file:
        _timeline(broken, origins=_origins("oops"))
    assert in_file.value.__notes__ == [f"while applying event 'oops' ({FILE})"]
    with pytest.raises(ZeroDivisionError) as in_code:
        _timeline(broken)
    assert in_code.value.__notes__ == ["while applying event 'oops' (built in code)"]


# --- check_references ----------------------------------------------------------------------------------------


def _appointed() -> Any:
    return ev(at.events.RoleBegan, "ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed")


def _correction(recorded: str, **fields: object) -> Any:
    return at.events.Corrected(
        id="fix",
        date=at.parse_date("2020-01-01"),
        recorded=at.parse_date(recorded),
        summary="fix",
        sources=ev(at.events.Announced, "x", "2020-01-01", subjects=("acme",)).sources,
        corrects="ceo",
        fields=fields,
    )


def test_a_correction_recorded_before_its_target_names_its_file() -> None:
    target = attrs.evolve(_appointed(), recorded=at.parse_date("2021-01-01"))
    fix = _correction("2020-06-01", person="bob")
    (problem,) = check_references([fix], {"ceo": target, "fix": fix}, _origins("fix"))
    assert (problem.file, problem.event_id, problem.path) == (FILE, "fix", "recorded")


def test_a_correction_of_a_field_the_target_lacks_names_its_file() -> None:
    fix = _correction("2021-01-01", salary="1")
    (problem,) = check_references([fix], {"ceo": _appointed(), "fix": fix}, _origins("fix"))
    assert (problem.file, problem.event_id, problem.path) == (FILE, "fix", "fields.salary")


def _small(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if value > 10:
        raise at.AitimelineError("too big")  # a user's validator: an error with no problems of its own


@attrs.frozen(kw_only=True, repr=False)
class _Rated(at.Event):
    score: int = attrs.field(validator=_small)


def test_a_correction_that_breaks_a_validator_without_problems_names_the_fields() -> None:
    """An error that carries no problems of its own is reported at ``fields``, with its message."""
    target = ev(_Rated, "ceo", "2020-01-01", score=3)
    fix = _correction("2021-01-01", score=99)
    (problem,) = check_references([fix], {"ceo": target, "fix": fix}, _origins("fix"))
    assert (problem.file, problem.event_id, problem.path) == (FILE, "fix", "fields")
    assert problem.message == "the corrected event is invalid: too big"
