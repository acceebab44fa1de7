"""Schema versions: older files are upcast step by step when read, newer ones refused with a message to
upgrade; the steps are pure functions of a file's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import aitimeline as at
from aitimeline._formats.schema import UPCASTERS, too_deep, upcast


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
    problems: list[at.errors.Problem] = []
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
    problems: list[at.errors.Problem] = []
    data: dict[str, Any] = {"events": []} if schema is None else {"schema": schema, "events": []}
    assert upcast(data, "f.toml", problems, current=3, steps=STEPS) is None
    (problem,) = problems
    assert (problem.file, problem.path) == ("f.toml", "schema")
    assert words in problem.message


def test_a_missing_or_failing_step_is_a_problem() -> None:
    problems: list[at.errors.Problem] = []
    assert upcast({"schema": 1}, "f.toml", problems, current=3, steps={1: STEPS[1]}) is None
    assert problems[0].message == "no upcaster from schema 2 to 3"

    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("events")

    problems = []
    assert upcast({"schema": 1}, "f.toml", problems, current=2, steps={1: broken}) is None
    assert problems[0].message.startswith("cannot upcast from schema 1 to 2")


def _nested(depth: int) -> dict[str, Any]:
    """A table nested ``depth`` levels deep (itself level 1), built in a loop."""
    table: dict[str, Any] = {"b": 1}
    for _ in range(depth - 1):
        table = {"a": table}
    return table


def test_a_step_changes_a_copy_made_without_recursion() -> None:
    """The copy an upcaster changes is made in a loop: a table nested 5,000 deep is upcast (no RecursionError),
    every table and array of the result is new, and the input is left as it was."""
    deep = _nested(5000)
    data: dict[str, Any] = {"schema": 1, "events": [{"investr": "bigco", "deep": deep}]}
    out = upcast(data, "f.toml", [], current=3, steps=STEPS)
    assert out is not None
    assert out["events"][0]["investor"] == "bigco"
    assert data["events"][0] == {"investr": "bigco", "deep": deep}
    copied, original = out["events"][0]["deep"], deep
    for _ in range(4999):
        assert copied is not original
        copied, original = copied["a"], original["a"]
    assert copied == original == {"b": 1}


def test_too_deep_measures_any_depth_without_recursion() -> None:
    """Tables and arrays count as levels, the value itself level 1; scalars do not."""
    assert not too_deep(_nested(32))
    assert too_deep(_nested(33))
    assert not too_deep(_nested(10_000), 10_000)
    assert too_deep(_nested(10_001), 10_000)
    assert too_deep([[["x"]]], 2)
    assert not too_deep([[["x"]]], 3)
    assert not too_deep("a string is no level", 0)


def test_every_older_schema_has_a_step() -> None:
    """The library registers one upcaster for each step up to the current schema."""
    assert sorted(UPCASTERS) == list(range(1, at.io.SCHEMA_VERSION))


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_schema_1_folder_reads_as_it_meant() -> None:
    """A schema 1 Invested recorded money put in: it is read as committed and paid; a schema 1 revenue_share term
    becomes one revenue share of unstated direction."""
    tl = at.load(FIXTURES / "schema-1")
    invested, signed = tl.events
    assert isinstance(invested, at.events.Invested)
    assert invested.amount == invested.paid == at.Money.of("10000000")
    funding = tl.state_at("2020-03-01").funding("bigco", "acme")
    assert funding is not None
    assert funding.paid == funding.committed
    assert isinstance(signed, at.events.AgreementSigned)
    assert signed.terms.revenue_shares == (at.RevenueShare(share=at.Stake.of("20%")),)


def test_a_schema_1_folder_written_again_is_schema_2(tmp_path: Path) -> None:
    """Writing what was read from a schema 1 file gives the current schema, which reads back the same."""
    events = at.load(FIXTURES / "schema-1").events
    text = at.io.dumps_events(list(events))
    assert text.startswith(f"schema = {at.io.SCHEMA_VERSION}\n")
    (tmp_path / "entities.toml").write_text((FIXTURES / "schema-1" / "entities.toml").read_text(), encoding="utf-8")
    (tmp_path / "2020-03-01-bigco-invests.toml").write_text(text, encoding="utf-8")
    assert at.load(tmp_path).events == events
