"""The reference fold (``aitimeline.extend.step`` and ``replay``) as its documentation states it, pinned where
mutation testing showed no test looked: the words it is given, the field a refusal names, what ``skip_invalid``
does by default, and how an error raised inside an event's ``apply`` becomes a violation."""

from __future__ import annotations

import attrs
import pytest

import aitimeline as at
from aitimeline._engine.replay import as_violation

from .helpers import ENTITIES, SOURCE, ev

BY_ID = {e.id: e for e in ENTITIES}
WORDS = at.io.builtin_types().with_words("role", "chief-of-staff").words


def _chief(event_id: str = "cos", person: str = "ann") -> at.Event:
    event: at.Event = ev(
        at.events.RoleBegan, event_id, "2020-01-01", person=person, org="acme", role="chief-of-staff", reason="hired"
    )
    return event


def _ceo(event_id: str, person: str, date: str = "2020-02-01") -> at.Event:
    event: at.Event = ev(at.events.RoleBegan, event_id, date, person=person, org="acme", role="ceo", reason="appointed")
    return event


class TestWords:
    def test_step_checks_an_event_against_the_words_it_is_given(self) -> None:
        """A role registered in the words passed to ``step`` is taken; the built-in words refuse it, naming the
        field."""
        after = at.extend.step({}, _chief(), BY_ID, WORDS)
        assert after[at.keys.role("acme", "chief-of-staff")] == ("ann",)
        with pytest.raises(at.errors.InvariantViolation) as refused:
            at.extend.step({}, _chief(), BY_ID)
        assert refused.value.field == "role"

    def test_replay_passes_its_words_to_every_step(self) -> None:
        """``replay(..., words=)`` folds with those words; by default, the built-in ones."""
        state = at.extend.replay([_chief()], BY_ID, words=WORDS)
        assert state[at.keys.role("acme", "chief-of-staff")] == ("ann",)
        with pytest.raises(at.errors.InvariantViolation):
            at.extend.replay([_chief()], BY_ID)


class TestRefusals:
    def test_an_unknown_entity_is_refused_naming_the_field(self) -> None:
        """An event naming an entity the directory does not list cannot happen: the violation names its field."""
        with pytest.raises(at.errors.InvariantViolation) as refused:
            at.extend.step({}, _ceo("c", "nobody"), BY_ID)
        assert (refused.value.field, refused.value.problems[0].path) == ("person", "person")
        assert "nobody" in refused.value.message

    def test_replay_raises_by_default_and_skips_when_asked(self) -> None:
        """By default an event that cannot happen stops the fold; with ``skip_invalid`` it is left out and the
        events after it still apply."""
        events = [_ceo("bad", "nobody"), _ceo("good", "ann", "2020-03-01")]
        with pytest.raises(at.errors.InvariantViolation, match="nobody"):
            at.extend.replay(events, BY_ID)
        state = at.extend.replay(events, BY_ID, skip_invalid=True)
        assert state[at.keys.role("acme", "ceo")] == ("ann",)

    def test_the_state_given_to_step_is_left_as_it_was(self) -> None:
        """``step`` is pure: the state passed in is not changed, even when the event is refused."""
        before = at.extend.step({}, _ceo("a", "ann"), BY_ID)
        kept = dict(before)
        at.extend.step(before, _chief("x", "bob"), BY_ID, WORDS)
        with pytest.raises(at.errors.InvariantViolation):
            at.extend.step(before, _ceo("b", "nobody"), BY_ID)
        assert before == kept


@attrs.frozen(kw_only=True)
class Mispriced(at.Event):
    """An event whose ``apply`` adds two amounts in different currencies, as a careless user's might."""

    def apply(self, w: at.extend.Writer) -> None:
        at.Money.of(1, currency="USD") + at.Money.of(1, currency="EUR")


class TestErrorsInApply:
    def test_a_librarys_error_raised_in_apply_is_a_violation_of_the_event(self) -> None:
        """A value that refuses itself inside ``apply`` means the event cannot happen as recorded: ``step`` raises
        an InvariantViolation in that error's words, caused by it."""
        event = Mispriced(id="m", date="2020-01-01", summary="Mispriced.", sources=(SOURCE,))
        with pytest.raises(at.errors.InvariantViolation) as refused:
            at.extend.step({}, event, BY_ID)
        assert isinstance(refused.value.__cause__, at.errors.CurrencyError)
        assert refused.value.message == str(refused.value.__cause__)


class TestAsViolation:
    def test_an_invariant_violation_is_its_own_field_and_message(self) -> None:
        assert as_violation(at.errors.InvariantViolation("cannot happen", "person")) == ("person", "cannot happen")

    def test_an_error_with_problems_gives_the_first_path_and_every_message(self) -> None:
        """A value that refused itself inside ``apply``: the first problem's field, and every message joined."""
        problems = [
            at.errors.Problem(None, None, "amount.low", "cannot be negative"),
            at.errors.Problem(None, None, "amount.high", "is below low"),
        ]
        error = at.errors.EventValidationError("invalid Money", problems)
        assert as_violation(error) == ("amount.low", "cannot be negative; is below low")

    def test_an_error_without_problems_gives_its_own_field(self) -> None:
        """A user's error that names its field, without problems: that field, in its own words."""

        class Overdrawn(at.AitimelineError):
            field = "amount"

        assert as_violation(Overdrawn("more than was committed")) == ("amount", "more than was committed")

    def test_an_error_without_problems_gives_its_text(self) -> None:
        """An error that names no field (two currencies added) is a violation of no field, in its own words."""
        error = at.errors.CurrencyError("cannot add USD and EUR")
        assert as_violation(error) == ("", "cannot add USD and EUR")
