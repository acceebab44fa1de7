"""One checker for values: a value of the wrong type, built in code or read from a file, is refused with the same
message at the same field, in the words events use (``aitimeline._core.checks``)."""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import aitimeline as at
from aitimeline._core import values as v
from aitimeline._formats.convert import explain

SOURCE = {"publisher": "P", "title": "T", "published": "2024-01-01"}


# (case id, value class, arguments: in code as written, in a file as read by the TOML parser)
CASES: list[tuple[str, type, dict[str, Any]]] = [
    *(
        (f"money-{name}", v.Money, {"value": bad, "currency": "USD"})
        for name, bad in [
            ("float", 0.1),
            ("big-float", 1e20),
            ("bool", True),
            ("list", [1]),
            ("table", {"a": 1}),
            ("text", "x"),
            ("long", "1" * 200),
            ("inf", "inf"),
            ("nan", "nan"),
            ("empty", ""),
        ]
    ),
    *((f"currency-{bad!r}", v.Money, {"value": "5", "currency": bad}) for bad in ["usd", "UDS", 5, True, ["USD"]]),
    *(
        (f"qualifier-{bad!r}", v.Money, {"value": "5", "currency": "USD", "qualifier": bad})
        for bad in ["roughly", "About", "at least", 5, True, ""]
    ),
    *((f"stated-{bad!r}", v.Money, {"value": "5", "currency": "USD", "stated": bad}) for bad in [5, 0.5, ["x"]]),
    *((f"quantity-{bad!r}", v.Quantity, {"value": bad}) for bad in [0.5, True, "x", "-inf"]),
    ("unit", v.Quantity, {"value": "5", "unit": 5}),
    *((f"stake-{bad!r}", v.Stake, {"value": bad}) for bad in [0.1, True, "x", "1/0", "150%", "-5%", [1], "inf", 2]),
    ("basis", v.Stake, {"value": "27%", "basis": 5}),
    ("stake-qualifier", v.Stake, {"value": "27%", "qualifier": "exactly"}),
    *((f"publisher-{bad!r}", v.Source, {**SOURCE, "publisher": bad}) for bad in [5, "", " ", ["P"]]),
    *((f"published-{bad!r}", v.Source, {**SOURCE, "published": bad}) for bad in [5, True, "yesterday", "01/02/2023"]),
    ("payer", v.RevenueShare, {"payer": 5}),
    ("ended", v.RevenueShare, {"ended": "yes"}),
    ("ended-int", v.RevenueShare, {"ended": 1}),
    ("exclusivity", v.Terms, {"cloud_exclusivity": "yes"}),
    ("notes-text", v.Terms, {"notes": "abc"}),
    ("notes-number", v.Terms, {"notes": 5}),
    ("notes-items", v.Terms, {"notes": ["a", 5, True]}),
    ("revenue-shares-items", v.Terms, {"revenue_shares": [5]}),
    ("revenue-shares-text", v.Terms, {"revenue_shares": "x"}),
    ("tranche-name", v.Tranche, {"name": "", "condition": "c"}),
    ("tranche-condition", v.Tranche, {"name": "n", "condition": None}),
    ("tranche-shares", v.Tranche, {"name": "n", "condition": "c", "shares": "5"}),
    ("tranche-shares-bool", v.Tranche, {"name": "n", "condition": "c", "shares": True}),
    ("due", v.Payment, {"amount": {"value": "5", "currency": "USD"}, "due": 5}),
    ("investor", v.Participation, {"investor": 5}),
    ("investor-empty", v.Participation, {"investor": ""}),
    ("instrument", v.Participation, {"investor": "a", "instrument": 5}),
    ("payments", v.Participation, {"investor": "a", "tranches": [5]}),
    ("payments-number", v.Participation, {"investor": "a", "tranches": 5}),
    ("tier-until", v.ProfitTier, {"share": {"value": "27%"}, "until": 5}),
]

_FIGURES = (v.Money, v.Quantity, v.Stake)


def in_code(cls: type, data: dict[str, Any]) -> Any:
    """The arguments of ``data`` as written in code: a figure's ``value`` as its low and high, a table as the
    value it stands for."""
    kwargs = dict(data)
    if cls in _FIGURES:
        kwargs["low"] = kwargs["high"] = kwargs.pop("value")
    for name, value in kwargs.items():
        if isinstance(value, dict) and "value" in value:
            kind = v.Money if "currency" in value else v.Stake
            kwargs[name] = kind.of(value["value"], **{k: x for k, x in value.items() if k != "value"})
    return cls(**kwargs)


def problems_in_code(cls: type, data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(at.errors.EventValidationError) as caught:
        in_code(cls, data)
    return [(p.path, p.message) for p in caught.value.problems]


@functools.cache
def converter() -> Any:
    """One converter for every case here (a converter keeps no state between structurings)."""
    return at.io.make_converter()


def problems_in_a_file(cls: type, data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - what a converter raises is read by explain
        converter().structure(data, cls)
    found = explain(caught.value)
    # a figure's value is read as its low and as its high: the loader reports it once, at the figure
    return [(p, m) for p, m in found if p != "high"]


class TestOneMessage:
    @pytest.mark.parametrize(("case", "cls", "data"), CASES, ids=[c[0] for c in CASES])
    def test_the_same_problem_in_code_and_in_a_file(self, case: str, cls: type, data: dict[str, Any]) -> None:
        """A bad value is refused in code and from a file, with the same messages at the same fields."""
        code = problems_in_code(cls, data)
        assert code
        assert code[: len(problems_in_a_file(cls, data))] == problems_in_a_file(cls, data)

    def test_a_wrong_word_gets_the_literal_rule_and_the_nearest_word(self) -> None:
        """Money.of("1", qualifier="at least") says what the words are and suggests "at-least", as a file does."""
        with pytest.raises(at.errors.FieldError) as caught:
            at.Money.of("1", qualifier="at least")
        assert str(caught.value) == (
            "qualifier: 'at least' is not one of 'about', 'at-least', 'up-to' (did you mean 'at-least'?)"
        )

    def test_an_optional_field_says_what_is_wrong_with_the_value(self) -> None:
        """A hedge-free Quantity given a number for its unit says "expected str", as an event's field does."""
        with pytest.raises(at.errors.FieldError, match=r"^unit: expected str, got int 5$"):
            at.Quantity.of("5", unit=5)  # type: ignore[arg-type]

    def test_every_bad_item_of_a_tuple_is_named(self) -> None:
        """Terms' notes with two items that are not text name both, each at its index."""
        assert problems_in_code(v.Terms, {"notes": ["a", 5, True]}) == [
            ("notes[1]", "expected str, got int 5"),
            ("notes[2]", "expected str, got bool True"),
        ]


class TestNumbers:
    @pytest.mark.parametrize("bad", [0.1, 0.5])
    def test_a_float_amount_gets_one_message(self, bad: float) -> None:
        """A float amount is refused with the same words by Money.of, a Money's field and a file."""
        message = f"got the float {bad!r}, which loses precision: pass a string such as '{bad}' or a Decimal"
        with pytest.raises(at.errors.FieldError) as caught:
            at.Money.of(bad)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.message) == ("value", message)
        assert problems_in_code(v.Money, {"value": bad, "currency": "USD"}) == [("low", message)]
        assert problems_in_a_file(v.Money, {"value": bad, "currency": "USD"}) == [("low", message)]

    def test_a_number_that_is_not_finite_is_refused_however_it_comes(self) -> None:
        """Infinity and NaN, as text or as a Decimal, are not amounts; as a share, an infinite Decimal is
        refused by name (it raised OverflowError)."""
        for bad in ("inf", "-Infinity", "nan", Decimal("Infinity"), Decimal("NaN")):
            with pytest.raises(at.errors.FieldError, match="not a finite number"):
                at.Money.of(bad)
        with pytest.raises(at.errors.FieldError, match="not a share"):
            at.Stake.of(Decimal("Infinity"))  # type: ignore[arg-type]

    def test_exact_forms_are_still_read(self) -> None:
        """Texts with underscores or exponents, ints, Decimals and Fractions read as before."""
        assert at.Money.of("1_000").low == Decimal(1000)
        assert at.Money.of("5e3").low == Decimal(5000)
        assert at.Quantity.of(Decimal("2.5")).low == Decimal("2.5")
        assert at.Stake.of(Fraction(1, 3)).low == Fraction(1, 3)
        assert at.Stake.of(Decimal("0.25")).low == Fraction(1, 4)  # type: ignore[arg-type]
