"""The extension contracts: values and events that check themselves, registration that checks, State.get and
equality, a folder loaded on top of the shipped record, and the timeline's own error branches."""

from __future__ import annotations

import datetime as dt
import pickle
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest

import aitimeline as at

from .helpers import ENTITIES, SOURCE, Sued, ev, timeline


class TestValuesCheckThemselves:
    @pytest.mark.parametrize("build", [lambda: at.Money.of(0.1), lambda: at.Quantity.of(0.5, unit="GW")])  # type: ignore[arg-type]
    def test_a_float_amount_is_refused_with_the_way_out(self, build: object) -> None:
        """Money.of(0.1) would store 0.1000000000000000055511151231: it is refused, saying what to pass."""
        with pytest.raises(at.errors.FieldError, match=r"float .* pass a string such as '0\.[15]'"):
            build()  # type: ignore[operator]

    def test_a_float_stake_is_refused(self) -> None:
        """Stake.of(0.1) would store a 17-digit fraction: refused."""
        with pytest.raises(at.errors.FieldError, match="not exact"):
            at.Stake.of(0.1)  # type: ignore[arg-type]

    def test_exact_forms_are_read(self) -> None:
        """Strings, ints and Decimals are exact; a stake reads "27%" and "1/3"."""
        assert at.Money.of("0.1").low == Decimal("0.1")
        assert at.Money(low=5, high="6", currency="USD").high == Decimal(6)
        assert at.Stake.of("1/3").low == Fraction(1, 3)

    def test_a_wrong_type_names_the_field(self) -> None:
        """A Money given a float for its currency or a bad qualifier says which field."""
        with pytest.raises(at.errors.FieldError) as caught:
            at.Money.of("1", qualifier="roughly")
        assert caught.value.field == "qualifier"
        with pytest.raises(at.errors.FieldError, match="currency"):
            at.Money.of("1", currency="usd")

    def test_a_partial_date_takes_ints_only(self) -> None:
        """PartialDate("2020") is refused: parse_date reads text."""
        with pytest.raises(at.errors.FieldError, match="parse_date"):
            at.PartialDate("2020")  # type: ignore[arg-type]

    def test_a_source_reads_its_date(self) -> None:
        """A source's published date may be given as text."""
        assert at.Source(publisher="P", title="T", published="March 2024").published == at.PartialDate(2024, 3)


class TestEventsCheckThemselves:
    def test_a_date_string_is_read(self) -> None:
        """MetricReported(date="2025-01-01", ...) builds with a PartialDate (it used to fail inside Timeline)."""
        event = at.events.MetricReported(
            id="m", date="2025-01-01", summary="s", sources=[SOURCE], entity="acme", metric="x", value=at.Money.of(1)
        )
        assert event.date == at.PartialDate(2025, 1, 1)
        assert event.recorded == event.date
        assert event.sources == (SOURCE,)

    def test_every_wrong_field_is_named_at_once(self) -> None:
        """An int metric value, an unreadable date and an unknown field are all reported, with the user's text."""
        with pytest.raises(at.errors.EventValidationError) as caught:
            at.events.MetricReported(  # type: ignore[call-arg]
                id="m",
                date="2025-13-01",
                summary="s",
                sources=[SOURCE],
                entity="acme",
                metric="x",
                value=5,  # type: ignore[arg-type]
                extra=1,
            )
        problems = {p.path: p.message for p in caught.value.problems}
        assert set(problems) == {"date", "value", "extra"}
        assert "'2025-13-01'" in problems["date"]
        assert "Money or Quantity" in problems["value"]
        assert all(p.event_id == "m" for p in caught.value.problems)

    def test_a_float_in_a_money_field_is_refused_early(self) -> None:
        """A float where Money is expected is refused when the event is built, not later in replay."""
        with pytest.raises(at.errors.EventValidationError, match="loses precision"):
            ev(at.events.Invested, "i", "2020-01-01", investor="bigco", investee="acme", amount=1.5)

    def test_a_literal_is_checked(self) -> None:
        """A valuation basis outside the allowed words is refused, listing them."""
        with pytest.raises(at.errors.EventValidationError, match="'pre-money', 'post-money'"):
            ev(at.events.Invested, "i", "2020-01-01", investor="bigco", investee="acme", valuation_basis="post")

    def test_a_string_for_a_list_of_entities_is_refused(self) -> None:
        """subjects="acme" would be read as five one-letter ids: refused."""
        with pytest.raises(at.errors.EventValidationError, match=r'expected an array such as \["a", "b"\], got str'):
            ev(at.events.Announced, "a", "2020-01-01", subjects="acme")

    def test_a_users_type_is_checked_the_same_way(self) -> None:
        """A user's event type gets the same checks without writing any."""
        with pytest.raises(at.errors.EventValidationError, match="expected str"):
            Sued(id="s", date="2020-01-01", summary="s", sources=[SOURCE], plaintiff=5, defendant="acme")  # type: ignore[arg-type]


_FILE_HEAD = """schema = 2
date = "2020-03-01"

[[sources]]
publisher = "Wire"
title = "A report"
published = "2020-03-01"

[[events]]
"""


def _one_event_folder(folder: Path, cls: type[at.Event], fields: dict[str, Any]) -> Path:
    """A folder holding the test entities and one event of ``cls`` with ``fields`` (texts, numbers, booleans,
    arrays of them), written as TOML: JSON writes each of these as TOML does."""
    import json

    folder.mkdir()
    people = [e for e in ENTITIES if isinstance(e, at.Person)]
    organizations = [e for e in ENTITIES if isinstance(e, at.Organization)]
    entities = ["schema = 2"]
    entities += [f'[[organizations]]\nid = "{e.id}"\nname = "{e.name}"' for e in organizations]
    entities += [f'[[people]]\nid = "{e.id}"\nname = "{e.name}"' for e in people]
    (folder / "entities.toml").write_text("\n".join(entities) + "\n", encoding="utf-8")
    lines = [f'type = "{cls.__name__}"', 'id = "e"', 'summary = "s"']
    lines += [f"{name} = {json.dumps(value)}" for name, value in fields.items()]
    (folder / "2020-03-01-e.toml").write_text(_FILE_HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


_INVESTED = {"investor": "bigco", "investee": "acme"}


class TestOneChecker:
    """One checker of "does this value fit this type", for events built in code and read from files."""

    @pytest.mark.parametrize(
        ("cls", "fields", "path", "message"),
        [
            (at.events.Invested, {**_INVESTED, "unverified": "yes"}, "unverified", "expected bool, got str 'yes'"),
            (at.events.Invested, {**_INVESTED, "note": 5}, "note", "expected str, got int 5"),
            (
                at.events.Invested,
                {**_INVESTED, "valuation_basis": "post-mony"},
                "valuation_basis",
                "'post-mony' is not one of 'pre-money', 'post-money' (did you mean 'post-money'?)",
            ),
            (
                at.events.Invested,
                {**_INVESTED, "valuation_basis": True},
                "valuation_basis",
                "True is not one of 'pre-money', 'post-money'",
            ),
            (
                at.events.Invested,
                {**_INVESTED, "investr": "bigco"},
                "investr",
                "Invested has no field 'investr' (did you mean 'investor'?)",
            ),
            (at.events.Invested, {"investee": "acme"}, "investor", "required field missing"),
            (at.events.WarrantExercised, {"warrant": "w", "shares": True}, "shares", "expected int, got bool True"),
            (at.events.WarrantExercised, {"warrant": "w", "shares": "5"}, "shares", "expected int, got str '5'"),
            (
                at.events.Announced,
                {"subjects": "acme"},
                "subjects",
                'expected an array such as ["a", "b"], got str \'acme\'',
            ),
            (at.events.Announced, {"subjects": ["acme", 5]}, "subjects[1]", "expected str, got int 5"),
        ],
        ids=[
            "bool",
            "str-or-none",
            "literal",
            "literal-not-a-bool",
            "unknown-field",
            "missing-field",
            "int-not-a-bool",
            "int-not-a-str",
            "array",
            "array-item",
        ],
    )
    def test_the_same_words_in_code_and_in_a_file(
        self, tmp_path: Path, cls: type[at.Event], fields: dict[str, Any], path: str, message: str
    ) -> None:
        """A value that does not fit its field is one problem, with one message, whether the event is built in
        code or read from a file (where its path starts with the event's place in the file)."""
        with pytest.raises(at.errors.EventValidationError) as caught:
            cls(id="e", date="2020-03-01", summary="s", sources=[SOURCE], **fields)
        in_code = [(p.path, p.message) for p in caught.value.problems]
        in_file = [(p.path, p.message) for p in at.io.check(_one_event_folder(tmp_path / "ev", cls, fields))]
        assert in_code == [(path, message)]
        assert in_file == [(f"events[0].{path}", message)]

    def test_every_problem_of_an_event_read_from_a_file_at_once(self, tmp_path: Path) -> None:
        """A field the converter cannot read (a float amount) does not hide what the event's own check finds in
        the others."""
        fields = {**_INVESTED, "note": 5, "unverified": "yes", "investr": "bigco"}
        folder = _one_event_folder(tmp_path / "ev", at.events.Invested, fields)
        path = folder / "2020-03-01-e.toml"
        path.write_text(path.read_text() + 'amount = { value = 1.5, currency = "USD" }\n', encoding="utf-8")
        problems = {p.path: p.message for p in at.io.check(folder)}
        assert set(problems) == {
            "events[0].amount",
            "events[0].note",
            "events[0].unverified",
            "events[0].investr",
        }
        assert "float" in problems["events[0].amount"]
        assert problems["events[0].note"] == "expected str, got int 5"

    @pytest.mark.parametrize(
        ("cls", "fields", "path", "message"),
        [
            (
                at.events.RoundRaised,
                {"entity": "acme", "investors": [5]},
                "investors[0]",
                "expected Participation, got int 5",
            ),
            (
                at.events.WarrantIssued,
                {"warrant": "w", "issuer": "a", "holder": "b", "shares": 1, "exercise_price": at.Money.of(1)}
                | {"tranches": [5]},
                "tranches[0]",
                "expected Tranche, got int 5",
            ),
            (at.events.Recapitalized, {"entity": "acme", "cap_table": 5}, "cap_table", "expected CapTable, got int 5"),
            (
                at.events.Invested,
                {**_INVESTED, "alternatives": [5]},
                "alternatives[0]",
                "expected Alternative, got int 5",
            ),
            (
                at.events.Invested,
                {**_INVESTED, "date": 2019},
                "date",
                "expected a date such as '2023-11-17', got int 2019",
            ),
            (
                at.events.Invested,
                {**_INVESTED, "sources": 5},
                "sources",
                'expected an array such as ["a", "b"], got int 5',
            ),
            (
                at.events.AgreementSigned,
                {"agreement": "a", "parties": [{"a": 1}, "acme"]},
                "parties[0]",
                "expected str, got dict {'a': 1}",
            ),
            (at.events.Corrected, {"corrects": "x", "fields": 5}, "fields", "expected Mapping, got int 5"),
        ],
        ids=["participation", "tranche", "cap-table", "alternative", "date", "sources", "parties", "fields"],
    )
    def test_a_value_a_converter_or_validator_cannot_take_is_named_by_its_type(
        self, cls: type[at.Event], fields: dict[str, Any], path: str, message: str
    ) -> None:
        """A value of the wrong type that a field's converter or validator trips on is reported against the
        field's type (not as an AttributeError, a DateError or "'int' object is not iterable")."""
        arguments: dict[str, Any] = {"id": "e", "date": "2020-03-01", "summary": "s", "sources": [SOURCE], **fields}
        with pytest.raises(at.errors.EventValidationError) as caught:
            cls(**arguments)
        assert [(p.path, p.message) for p in caught.value.problems] == [(path, message)]


class TestRegistration:
    def test_the_builtin_registry_is_built_once(self) -> None:
        """``builtin_types()`` is the same immutable registry each time (it was rebuilt at every call)."""
        assert at.io.builtin_types() is at.io.builtin_types()

    def test_each_converter_is_new_and_takes_any_registry(self) -> None:
        """``make_converter`` returns a new converter per call, for the default or a given registry (a registry
        is not hashable, which a cached ``make_converter`` refused)."""
        first, second = at.io.make_converter(), at.io.make_converter(at.io.builtin_types())
        assert first is not second
        assert type(first.structure({"type": "Announced", **_ANNOUNCED}, at.Event)).__name__ == "Announced"
        assert type(second.structure({"type": "Announced", **_ANNOUNCED}, at.Event)).__name__ == "Announced"

    def test_the_loader_keeps_one_converter_per_registry(self) -> None:
        """Loading makes a registry's converter once (a registry never changes): the same registry gets the same
        converter, another registry (even an equal one) its own, which knows its own types."""
        from aitimeline._formats.registry import shared_converter

        types = at.io.builtin_types()
        assert shared_converter() is shared_converter(types)
        mine = types.with_types(Sued)
        assert shared_converter(mine) is shared_converter(mine) is not shared_converter(types)
        sued = shared_converter(mine).structure(
            {
                "type": "Sued",
                "plaintiff": "bigco",
                "defendant": "acme",
                **{k: v for k, v in _ANNOUNCED.items() if k != "subjects"},
            },
            at.Event,
        )
        assert isinstance(sued, Sued)

    def test_a_class_that_is_not_an_attrs_event_is_refused(self) -> None:
        """A plain class is not an event type."""

        class Plain:
            pass

        with pytest.raises(at.errors.RegistrationError, match="attrs subclass"):
            at.io.builtin_types().with_types(Plain)  # type: ignore[arg-type]

    def test_a_present_tense_name_is_refused(self) -> None:
        """Events are named for what happened, not as commands."""

        @attrs.frozen(kw_only=True)
        class Sue(at.Event):
            pass

        with pytest.raises(at.errors.RegistrationError, match="past tense"):
            at.io.builtin_types().with_types(Sue)

    def test_a_float_field_is_refused(self) -> None:
        """A float field could not hold exact money: refused, with the types to use instead."""

        @attrs.frozen(kw_only=True)
        class Priced(at.Event):
            price: float

        with pytest.raises(at.errors.RegistrationError, match="use Decimal"):
            at.io.builtin_types().with_types(Priced)

    def test_a_name_already_taken_is_refused(self) -> None:
        """A second class named Invested cannot replace the built-in one."""

        @attrs.frozen(kw_only=True)
        class Invested(at.Event):
            pass

        with pytest.raises(at.errors.RegistrationError, match="already registered"):
            at.io.builtin_types().with_types(Invested)

    @pytest.mark.parametrize(
        ("make", "words"),
        [
            (lambda: 3, "3 is not an attrs subclass of aitimeline.Event"),
            (lambda: "Sued", "'Sued' is not an attrs subclass of aitimeline.Event"),
            (lambda: None, "None is not an attrs subclass of aitimeline.Event"),
            (lambda: list[int], "list[int] is not an attrs subclass of aitimeline.Event"),
            (lambda: attrs.frozen(type("Founded", (), {"__annotations__": {"x": int}})), "is not an attrs subclass"),
            (lambda: at.Event, "aitimeline.Event is the base of event types: register a subclass of it"),
            (lambda: type("Filed", (at.Event,), {}), "Filed subclasses Event but is not an attrs class itself"),
            (lambda: type("Appealed", (Sued,), {}), "Appealed subclasses Sued but is not an attrs class itself"),
            (lambda: _event_class("<img src=x onerror=alerted()>"), "is not a Python identifier"),
            (lambda: _event_class("Retyped", type=str), "Retyped has a field named 'type'"),
            (lambda: _event_class("Called", hook=Callable[[int], int]), "no way to read a Callable from a file"),
            (lambda: _event_class("Misspelled", x="list["), "cannot resolve the field types of Misspelled"),
            (lambda: _event_class("Divided", x="1 / 0"), "cannot resolve the field types of Divided"),
        ],
        ids=[
            "an-int",
            "a-text",
            "none",
            "a-generic-alias",
            "an-attrs-class-not-an-event",
            "event-itself",
            "an-event-subclass-not-attrs",
            "a-users-type-subclassed-not-attrs",
            "a-name-not-an-identifier",
            "a-field-named-type",
            "a-callable-field",
            "an-annotation-that-does-not-parse",
            "an-annotation-that-raises",
        ],
    )
    def test_every_non_conforming_class_is_a_registration_error(self, make: Any, words: str) -> None:
        """Whatever is passed, registration answers with RegistrationError and says what is wrong: never an
        error of attrs (NotAnAttrsClassError), typing (SyntaxError) or cattrs (TypeError) passed through."""
        with pytest.raises(at.errors.RegistrationError, match=re.escape(words)):
            at.io.builtin_types().with_types(make())

    def test_registering_the_same_class_twice_is_harmless(self) -> None:
        """with_types is idempotent for one class."""
        types = at.io.builtin_types().with_types(Sued)
        assert types.with_types(Sued)["Sued"] is Sued


def _event_class(name: str, **fields: object) -> type[at.Event]:
    """A frozen attrs subclass of Event named ``name`` (any text) with ``fields`` as annotations."""
    return attrs.frozen(kw_only=True)(type(name, (at.Event,), {"__annotations__": fields, "__module__": __name__}))


class TestState:
    def test_get_reads_a_users_key_in_every_question(self) -> None:
        """A user's key is read with State.get and followed by history, diff and explain like a built-in one."""
        tl = timeline(ev(Sued, "s1", "2020-01-01", plaintiff="ann", defendant="acme"))
        assert tl.state_at("2020-01-01").get(("lawsuits", "acme")) == ("s1",)
        assert tl.history(lambda s: s.get(("lawsuits", "acme"))) == [(dt.date(2020, 1, 1), ("s1",))]
        assert [e.id for e in tl.explain(lambda s: s.get(("lawsuits", "acme")), at="2020-02-01").events] == ["s1"]
        (change,) = tl.diff("2019-12-31", "2020-01-01").changes
        assert (change.aspect, change.subject, change.event_ids) == ("lawsuits", ("acme",), ("s1",))

    def test_get_refuses_a_key_that_is_not_a_tuple_of_strings(self) -> None:
        """A list is not a key."""
        with pytest.raises(TypeError, match="tuple of strings"):
            timeline().state_at("2020-01-01").get(["role", "acme", "ceo"])  # type: ignore[arg-type]

    def test_states_compare_by_their_values(self) -> None:
        """Two states are equal when they hold the same values, whatever their dates; else not."""
        tl = timeline(ev(at.events.RoleBegan, "r", "2020-01-01", person="ann", org="acme", role="ceo", reason="hired"))
        assert tl.state_at("2020-01-01") == tl.state_at("2020-01-01")
        assert tl.state_at("2020-01-01") == tl.state_at("2021-06-30")
        assert tl.state_at("2019-12-31") != tl.state_at("2020-01-01")
        assert tl.state_at("2020-01-01").snapshot() == {
            ("role", "acme", "ceo"): ("ann",),
            ("_role_names", "acme"): ("ceo",),
        }

    def test_bookkeeping_keys_are_not_reported_by_diff(self) -> None:
        """The _role_names key changes with the role but diff reports only the role."""
        tl = timeline(ev(at.events.RoleBegan, "r", "2020-01-01", person="ann", org="acme", role="ceo", reason="hired"))
        assert [c.aspect for c in tl.diff("2019-12-31", "2020-01-01").changes] == ["role"]


class TestTimelineErrors:
    def test_two_events_with_one_id(self) -> None:
        """Two events sharing an id are refused, naming the id."""
        first = ev(at.events.Announced, "x", "2020-01-01", subjects=("acme",))
        second = ev(at.events.Announced, "x", "2020-02-01", subjects=("bigco",))
        with pytest.raises(at.errors.DuplicateEventError) as caught:
            timeline(first, second)
        assert [p.event_id for p in caught.value.problems] == ["x"]

    def test_two_entities_with_one_id(self) -> None:
        """Person(id="bigco") beside the organisation BigCo is refused, not silently replacing it."""
        with pytest.raises(at.errors.DuplicateEntityError, match="'bigco' listed twice"):
            at.Timeline([], [*ENTITIES, at.Person(id="bigco", name="Big Co")])

    def test_an_unknown_entity(self) -> None:
        """An event naming an entity not listed is a ReplayError naming the event and field."""
        with pytest.raises(at.errors.ReplayError) as caught:
            timeline(ev(at.events.RoleBegan, "r", "2020-01-01", person="zed", org="acme", role="ceo", reason="hired"))
        (problem,) = caught.value.problems
        assert (problem.event_id, problem.path) == ("r", "person")

    @pytest.mark.parametrize(
        ("revision", "path", "words"),
        [
            (lambda: ev(at.events.Retracted, "rx", "2020-02-01", retracts="nothing"), "retracts", "no event 'nothing'"),
            (
                lambda: ev(at.events.Corrected, "cx", "2020-02-01", corrects="nothing", fields={"topic": "t"}),
                "corrects",
                "no event",
            ),
            (
                lambda: ev(at.events.Corrected, "cx", "2019-01-01", corrects="a", fields={"topic": "t"}),
                "recorded",
                "recorded before",
            ),
            (
                lambda: ev(at.events.Corrected, "cx", "2020-02-01", corrects="a", fields={"amount": "t"}),
                "fields.amount",
                "has no field",
            ),
            (
                lambda: ev(at.events.Corrected, "cx", "2020-02-01", corrects="a", fields={"topic": 5}),
                "fields.topic",
                "expected str",
            ),
        ],
        ids=["retract-missing", "correct-missing", "recorded-too-early", "no-such-field", "wrong-type"],
    )
    def test_every_way_a_revision_can_be_wrong(self, revision: object, path: str, words: str) -> None:
        """A correction or retraction naming no event, recorded before its target, naming a field its target
        lacks, or giving a value of the wrong type is refused, naming the field."""
        target = ev(at.events.Announced, "a", "2020-01-01", subjects=("acme",), topic="first")
        with pytest.raises(at.errors.ReplayError) as caught:
            timeline(target, revision())  # type: ignore[operator]
        (problem,) = caught.value.problems
        assert problem.path == path
        assert words in problem.message

    def test_a_round_that_buys_everything(self) -> None:
        """A round that buys 100 % leaves every earlier holder at zero (low end) and the buyer at 100 %."""
        tl = timeline(
            ev(
                at.events.Recapitalized,
                "recap",
                "2020-01-01",
                entity="acme",
                cap_table={"ann": at.Stake.of("60%"), "bob": at.Stake.of("40%")},
            ),
            ev(at.events.Invested, "buyout", "2020-06-01", investor="bigco", investee="acme", stake=at.Stake.of(1)),
        )
        table = tl.state_at("2020-06-01").cap_table("acme")
        assert table["bigco"] == at.Stake.of(1)
        assert table["ann"].low == table["bob"].low == 0
        assert sum(s.low for s in table.values()) == 1


class TestLoadingOnTop:
    def write(self, folder: Path, name: str, text: str) -> None:
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")

    EVENT = """schema = 1
date = "2024-02-29"
[[sources]]
publisher = "CNN"
title = "Elon Musk sues OpenAI, CEO Sam Altman for breach of contract"
published = "2024-03-01"
[[events]]
type = "Sued"
id = "{id}"
summary = "Elon Musk sues OpenAI."
plaintiff = "elon-musk"
defendant = "{defendant}"
"""

    def test_a_folder_adds_entities_and_events_and_names_the_bases(self, tmp_path: Path) -> None:
        """The folder's events may name shipped entities and its own; shipped events keep their origins."""
        folder = tmp_path / "mine"
        self.write(folder, "entities.toml", 'schema = 1\n[[organizations]]\nid = "acme-ai"\nname = "Acme AI"\n')
        self.write(folder, "2024-02-29-a.toml", self.EVENT.format(id="musk-sues-openai", defendant="openai"))
        self.write(folder, "2024-02-29-b.toml", self.EVENT.format(id="musk-sues-acme", defendant="acme-ai"))
        base = at.load()
        tl = at.load(folder, types=at.io.builtin_types().with_types(Sued), base=base)
        assert len(tl) == len(base) + 2
        assert tl.state_at("2024-03-01").get(("lawsuits", "acme-ai")) == ("musk-sues-acme",)
        assert tl.origin("altman-fired-2023") == base.origin("altman-fired-2023")
        assert tl.entity_file("acme-ai") == str(folder / "entities.toml")

    def test_an_event_id_of_the_base_is_refused_naming_both_files(self, tmp_path: Path) -> None:
        """Reusing a shipped event's id is a LoadError naming the folder's file and the shipped one."""
        folder = tmp_path / "mine"
        self.write(folder, "2024-02-29-a.toml", self.EVENT.format(id="altman-fired-2023", defendant="openai"))
        with pytest.raises(at.errors.LoadError) as caught:
            at.load(folder, types=at.io.builtin_types().with_types(Sued), base=at.load())
        (problem,) = caught.value.problems
        assert problem.file == str(folder / "2024-02-29-a.toml")
        assert "2023-11-17-altman-fired-2023.toml" in problem.message


@attrs.frozen(kw_only=True, repr=False)
class SuedQuietly(Sued):
    """Sued, with Event's repr instead of the one attrs generates (as the built-in types are declared)."""


class TestRepr:
    def test_events_repr_is_the_text_attrs_writes(self) -> None:
        """A type declared with repr=False reads exactly as one whose repr attrs generated."""
        fields: dict[str, Any] = {
            "id": "suit",
            "date": "2024-02-29",
            "summary": "Musk sues OpenAI.",
            "sources": (SOURCE,),
            "plaintiff": "elon-musk",
            "defendant": "openai",
        }
        generated, inherited = Sued(**fields), SuedQuietly(**fields)
        assert "__repr__" in vars(Sued)  # attrs wrote one
        assert "__repr__" not in vars(SuedQuietly)  # this one uses Event's
        assert repr(inherited) == repr(generated).replace("Sued(", "SuedQuietly(", 1)

    def test_every_built_in_type_reads_with_each_field(self) -> None:
        for event in at.load().events:
            text = repr(event)
            assert text.startswith(f"{type(event).__name__}(id={event.id!r}, ")
            assert all(f"{a.name}=" in text for a in attrs.fields(type(event)))


class TestPickling:
    def test_every_shipped_event_survives_pickling(self) -> None:
        """Equal after a round trip, a correction's fields still read-only; the timeline they build is the same."""
        record = at.load()
        again = pickle.loads(pickle.dumps(record.events))
        assert again == record.events
        (correction,) = [e for e in again if isinstance(e, at.events.Corrected)]
        assert isinstance(correction.fields, MappingProxyType)
        rebuilt = at.Timeline(again, record.entities.values())
        assert rebuilt.state_at("2026-07-01") == record.state_at("2026-07-01")

    def test_a_users_event_type_pickles_too(self) -> None:
        suit = Sued(
            id="suit",
            date="2024-02-29",
            summary="Musk sues.",
            sources=(SOURCE,),
            plaintiff="elon-musk",
            defendant="openai",
        )
        assert pickle.loads(pickle.dumps(suit)) == suit


_ANNOUNCED = {
    "id": "a",
    "date": "2020-01-01",
    "summary": "Something was announced.",
    "subjects": [],
    "sources": [{"publisher": "P", "title": "T", "published": "2020-01-01"}],
}
