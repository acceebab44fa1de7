"""The library's errors: each travels between processes (pickles whole), and the hierarchy says what went wrong."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import aitimeline as at
from aitimeline._core import errors as _errors

from .helpers import ENTITIES, SOURCE, ev, timeline

MISSING = Path(__file__).parent / "fixtures" / "no-such-folder"


def _raised(action: Callable[[], object]) -> BaseException:
    """The error ``action`` raises, as the library raised it."""
    with pytest.raises(at.AitimelineError) as caught:
        action()
    return caught.value


def _state() -> at.State:
    return timeline().state_at("2020-06-01")


def _bad_metric() -> object:
    return at.events.MetricReported(
        id="m",
        date="2025-13-01",
        summary="s",
        sources=[SOURCE],
        entity="acme",
        metric="x",
        value=5,  # type: ignore[arg-type]
    )


@attrs.frozen(kw_only=True)
class Sue(at.Event):
    """Named as a command, not in the past tense: registration refuses it."""


@attrs.frozen(kw_only=True)
class Mixed(at.Event):
    """Adds gigawatts to staff: its ``apply`` always raises a UnitError."""

    org: str = at.extend.entity_field()

    def apply(self, w: at.extend.Writer) -> None:
        w.set(("mixed", self.org), at.Quantity.of("1", unit="GW") + at.Quantity.of("2", unit="staff"))


# One realistic instance of each public name of aitimeline._core.errors, raised by the library where it raises it.
EXAMPLES: dict[str, Callable[[], object]] = {
    "AitimelineError": lambda: at.AitimelineError("something went wrong"),
    "ConflictError": lambda: at.errors.ConflictError("events/ changed since version 3f2a: load it again, check, retry"),
    "CurrencyError": lambda: _raised(lambda: at.Money.of("5") + at.Money.of("7", currency="EUR")),
    "DateError": lambda: _raised(lambda: at.parse_date("01/02/2023")),
    "DateRangeError": lambda: _raised(lambda: timeline().between("2021-01-01", "2020-01-01")),
    "DuplicateEntityError": lambda: _raised(lambda: at.Timeline([], [*ENTITIES, at.Person(id="bigco", name="B")])),
    "DuplicateEventError": lambda: _raised(
        lambda: timeline(
            ev(at.events.Announced, "x", "2020-01-01", subjects=("acme",)),
            ev(at.events.Announced, "x", "2020-02-01", subjects=("bigco",)),
        )
    ),
    "EventValidationError": lambda: _raised(_bad_metric),
    "FieldError": lambda: _raised(lambda: at.Money(low=Decimal(7), high=Decimal(5), currency="USD")),
    "InvariantViolation": lambda: _raised(
        lambda: at.extend.step(
            {},
            ev(at.events.RoleEnded, "r", "2020-01-01", person="ann", org="acme", role="ceo", reason="resigned"),
            {e.id: e for e in ENTITIES},
        )
    ),
    "LoadError": lambda: _raised(lambda: at.load(MISSING)),
    "Problem": lambda: at.errors.Problem(
        "events/2020.toml", "acme-raises", "amount.low", "cannot be negative, got -$5"
    ),
    "RegistrationError": lambda: _raised(lambda: at.io.builtin_types().with_types(Sue)),
    "ReplayError": lambda: _raised(
        lambda: timeline(
            ev(at.events.RoleBegan, "r", "2020-01-01", person="zed", org="acme", role="ceo", reason="hired")
        )
    ),
    "UnitError": lambda: _raised(lambda: at.Quantity.of("1", unit="GW") + at.Quantity.of("2", unit="staff")),
    "UnknownEntityError": lambda: _raised(lambda: _state().holders("acm", "ceo")),
    "UnknownEventTypeError": lambda: _raised(lambda: at.io.builtin_types()["Invsted"]),
    "UnknownNameError": lambda: at.errors.UnknownNameError("unknown thing 'x' (did you mean 'y'?)", "x", ["y"]),
    "UnknownWordError": lambda: _raised(lambda: _state().holders("acme", "CEO")),
}


class TestPickling:
    def test_every_public_name_has_an_example(self) -> None:
        """The examples cover every name of ``aitimeline._core.errors.__all__``, so a new error cannot be forgotten."""
        assert sorted(EXAMPLES) == sorted(_errors.__all__)

    def test_every_error_is_one_of_the_library(self) -> None:
        """Each example is of its own class, and each error class derives from AitimelineError."""
        for name, make in EXAMPLES.items():
            assert type(make()) is getattr(_errors, name), name
            if name != "Problem":
                assert issubclass(getattr(_errors, name), at.AitimelineError), name

    @pytest.mark.parametrize("name", _errors.__all__)
    def test_round_trips_through_pickle(self, name: str) -> None:
        """``pickle.loads(pickle.dumps(err))`` is the same class with the same text, arguments, attributes and
        problems."""
        original = EXAMPLES[name]()
        copy = pickle.loads(pickle.dumps(original))
        assert type(copy) is type(original)
        assert str(copy) == str(original)
        if isinstance(original, BaseException):
            assert isinstance(copy, BaseException)
            assert copy.args == original.args
            assert vars(copy) == vars(original)
            assert getattr(copy, "problems", None) == getattr(original, "problems", None)
        else:
            assert copy == original

    @pytest.mark.parametrize(
        "name", [n for n in _errors.__all__ if issubclass(getattr(_errors, n), _errors._ProblemsError)]
    )
    def test_problem_errors_carry_their_problems(self, name: str) -> None:
        """The examples of errors with ``problems`` have some, so their round trip carries real problems."""
        error = EXAMPLES[name]()
        assert isinstance(error, _errors._ProblemsError)
        assert error.problems


def load_in_worker(path: str) -> None:
    """Load ``path`` in a worker process (module level, so the worker can find it)."""
    at.load(path)


def test_an_error_in_a_worker_reaches_the_parent_whole() -> None:
    """A LoadError raised in a worker process reaches the parent as a LoadError, with its message and problems."""
    expected = _raised(lambda: at.load(MISSING))
    assert isinstance(expected, at.errors.LoadError)
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: only what pickles crosses over
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool, pytest.raises(at.errors.LoadError) as caught:
        pool.submit(load_in_worker, str(MISSING)).result(timeout=60)
    assert str(caught.value) == str(expected)
    assert caught.value.problems == expected.problems


class TestHierarchy:
    def test_a_missing_folder_is_a_load_error_not_an_invalid_event(self) -> None:
        """Reading a folder that is not there is a LoadError (and a ValueError), not an EventValidationError."""
        error = _raised(lambda: at.load(MISSING))
        assert isinstance(error, at.errors.LoadError)
        assert isinstance(error, ValueError)
        assert not isinstance(error, at.errors.EventValidationError)
        assert [p.message for p in error.problems] == ["no such folder of events"]

    def test_bad_toml_is_a_load_error(self, tmp_path: Path) -> None:
        """A file that is not TOML is a LoadError naming the file."""
        (tmp_path / "entities.toml").write_text("schema = = 1\n", encoding="utf-8")
        error = _raised(lambda: at.load(tmp_path))
        assert isinstance(error, at.errors.LoadError)
        assert not isinstance(error, at.errors.EventValidationError)
        assert any(p.file == str(tmp_path / "entities.toml") for p in error.problems)

    def test_a_field_error_is_an_invalid_event(self) -> None:
        """An event built with a wrong field is an EventValidationError; one value's field is a FieldError."""
        assert isinstance(EXAMPLES["EventValidationError"](), at.errors.EventValidationError)
        assert isinstance(EXAMPLES["FieldError"](), at.errors.EventValidationError)

    @pytest.mark.parametrize(
        ("name", "asked", "suggestions"),
        [
            ("UnknownEntityError", "acm", ("acme",)),
            ("UnknownEventTypeError", "Invsted", ("Invested",)),
            ("UnknownWordError", "CEO", ("ceo", "cto", "coo")),
        ],
    )
    def test_unknown_names_share_one_base(self, name: str, asked: str, suggestions: tuple[str, ...]) -> None:
        """Each unknown-name error is an UnknownNameError and a KeyError, with the name asked and the closest ones,
        and its text is the message, unquoted."""
        error = EXAMPLES[name]()
        assert isinstance(error, at.errors.UnknownNameError)
        assert isinstance(error, KeyError)
        assert (error.name, error.suggestions) == (asked, suggestions)
        assert str(error) == error.args[0] == error.message  # not the repr of its arguments, as KeyError's would be
        assert asked in str(error)

    def test_duplicates_are_conflicts_not_invalid_events(self) -> None:
        """Two events or two entities with one id are ConflictErrors (and still ValueErrors), not invalid events."""
        for name in ("DuplicateEventError", "DuplicateEntityError"):
            error = EXAMPLES[name]()
            assert isinstance(error, at.errors.ConflictError)
            assert isinstance(error, ValueError)
            assert not isinstance(error, at.errors.EventValidationError)

    def test_an_invariant_violation_is_a_replay_error(self) -> None:
        """An event that cannot happen is a ReplayError with one problem: its field and message."""
        error = EXAMPLES["InvariantViolation"]()
        assert isinstance(error, at.errors.ReplayError)
        assert isinstance(error, at.errors.InvariantViolation)
        assert [(p.path, p.message) for p in error.problems] == [(error.field, error.message)]

    def test_adding_two_units_is_a_unit_error(self) -> None:
        """Gigawatts plus staff is a UnitError (a ValueError), as dollars plus euros is a CurrencyError."""
        with pytest.raises(at.errors.UnitError, match="cannot add GW and staff") as caught:
            at.Quantity.of("1", unit="GW") + at.Quantity.of("2", unit="staff")
        assert isinstance(caught.value, ValueError)
        assert not isinstance(caught.value, at.errors.CurrencyError)
        assert issubclass(at.errors.CurrencyError, at.errors.UnitError)

    def test_a_unit_error_in_apply_is_a_replay_problem(self) -> None:
        """Two units added in an event's ``apply`` make a replay problem naming the event, as an invariant would."""
        with pytest.raises(at.errors.ReplayError) as caught:
            timeline(ev(Mixed, "m", "2020-01-01", org="acme"))
        assert [(p.event_id, p.message) for p in caught.value.problems] == [("m", "cannot add GW and staff")]
