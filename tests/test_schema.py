"""Schema versions: older files are upcast step by step when read, newer ones refused with a message to
upgrade; the steps are pure functions of a file's data."""

from __future__ import annotations

from typing import Any

import pytest

import aitimeline as at
from aitimeline._schema import UPCASTERS, upcast


def _rename(old: str, new: str) -> Any:
    def step(data: dict[str, Any]) -> dict[str, Any]:
        for event in data.get("events", []):
            if old in event:
                event[new] = event.pop(old)
        return data

    return step


STEPS = {1: _rename("investr", "investor"), 2: _rename("amt", "amount")}


def test_each_step_applies_in_order_and_the_input_is_left_as_it_was() -> None:
    data = {"schema": 1, "events": [{"investr": "bigco", "amt": "5"}]}
    problems: list[at.Problem] = []
    out = upcast(data, "f.toml", problems, current=3, steps=STEPS)
    assert problems == []
    assert out == {"schema": 3, "events": [{"investor": "bigco", "amount": "5"}]}
    assert data == {"schema": 1, "events": [{"investr": "bigco", "amt": "5"}]}


def test_a_file_at_the_current_schema_is_read_as_it_is() -> None:
    data = {"schema": 3, "events": [{"amt": "5"}]}
    assert upcast(data, "f.toml", [], current=3, steps=STEPS) == data


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        (4, "written for schema 4, newer than this aitimeline reads (schema 3): upgrade aitimeline"),
        (0, "schema 0 does not exist"),
        ("3", "expected schema = 3 (an integer), got schema = '3'"),
        (None, "expected schema = 3 (an integer), got no schema"),
    ],
)
def test_a_schema_that_cannot_be_read_is_a_problem(schema: object, words: str) -> None:
    problems: list[at.Problem] = []
    data: dict[str, Any] = {"events": []} if schema is None else {"schema": schema, "events": []}
    assert upcast(data, "f.toml", problems, current=3, steps=STEPS) is None
    (problem,) = problems
    assert (problem.file, problem.path) == ("f.toml", "schema")
    assert words in problem.message


def test_a_missing_or_failing_step_is_a_problem() -> None:
    problems: list[at.Problem] = []
    assert upcast({"schema": 1}, "f.toml", problems, current=3, steps={1: STEPS[1]}) is None
    assert problems[0].message == "no upcaster from schema 2 to 3"

    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("events")

    problems = []
    assert upcast({"schema": 1}, "f.toml", problems, current=2, steps={1: broken}) is None
    assert problems[0].message.startswith("cannot upcast from schema 1 to 2")


def test_every_older_schema_has_a_step() -> None:
    """The library registers one upcaster for each step up to the current schema."""
    assert sorted(UPCASTERS) == list(range(1, at.SCHEMA_VERSION))
