"""Fuzzing the loader: shipped files with their text or their structure mutated at random. Whatever the input,
only the library's own errors come out of ``load`` (``check`` never raises), and no case takes more than a
second (hypothesis's deadline).

The default profile runs a small budget; ``HYPOTHESIS_PROFILE=thorough`` runs many more cases.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aitimeline as at

EVENTS = Path(__file__).resolve().parents[1] / "events"
SHIPPED = sorted(p for p in EVENTS.glob("*.toml") if p.name != "entities.toml")
BUDGET = settings(deadline=dt.timedelta(seconds=1), suppress_health_check=[HealthCheck.too_slow])


def _outcome(name: str, data: bytes) -> list[at.errors.Problem]:
    """Load a folder of the shipped entities and one file: the problems found, or [] when it loads."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(EVENTS / "entities.toml", folder / "entities.toml")
        (folder / name).write_bytes(data)
        problems = at.io.check(folder)
        if problems:
            with pytest.raises(at.errors.LoadError) as caught:
                at.load(folder)
            assert list(caught.value.problems) == problems
        else:
            at.load(folder)
        return problems


_PIECES = st.sampled_from(
    ['"', "'", "[", "]", "{", "}", "=", "\n", "#", "\\", ",", ".", "-", "\x00", "\ufeff", "[[events]]", "9" * 50]
)


@st.composite
def _mutated_text(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(SHIPPED))
    data = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at_ = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "byte", "repeat"]))
        if kind == "delete":
            del data[at_ : at_ + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at_:at_] = draw(st.one_of(_PIECES, st.text(max_size=8))).encode("utf-8")
        elif kind == "byte":
            data[at_:at_] = bytes([draw(st.integers(0, 255))])
        else:
            data[at_:at_] = data[at_ : at_ + draw(st.integers(1, 80))]
    return path.name, bytes(data)


@BUDGET
@given(case=_mutated_text())
def test_mutated_text_gives_only_the_librarys_errors(case: tuple[str, bytes]) -> None:
    name, data = case
    for problem in _outcome(name, data):
        assert problem.message


_LEAVES = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["2023-11-17", "November 2023", "27%", "-5", "1e400", "USD", "usd", "ceo", "", " "]),
    st.dates(),
    st.just([]),
    st.just({}),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.sampled_from(["value", "low", "high", "currency", "x"]), st.text(max_size=12), max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def _mutated_structure(draw: st.DrawFn) -> tuple[str, bytes]:
    path = draw(st.sampled_from(SHIPPED))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(_paths(data)))
        parent: Any = data
        for step in where[:-1]:
            parent = parent[step]
        kind = draw(st.sampled_from(["replace", "delete", "add"]))
        if kind == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["x", "id", "type", "sources", "date", "recorded", "fields"]))] = draw(_LEAVES)
        else:
            parent[where[-1]] = draw(_LEAVES)
    return path.name, tomlkit.dumps(data).encode("utf-8")


@BUDGET
@given(case=_mutated_structure())
def test_mutated_structures_give_only_the_librarys_errors(case: tuple[str, bytes]) -> None:
    name, data = case
    for problem in _outcome(name, data):
        assert problem.message
