"""The laws of round arithmetic: money paid into a round buys new shares at the round's price.

For a round with pre-money P and post-money V, paid in full, a holder's line is exactly ``old × P / V + paid / V``;
paying in tranches ends at the same table as paying at once; the part of the table no line accounts for never
grows unless the money comes from investors the record does not name; a payment clears the tranche it pays.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at

from .helpers import SOURCE

HOLDERS = ("ann", "bob", "cat")
INVESTORS = ("bigco", "chipco", "dataco")
ENTITIES: list[at.Entity] = [
    at.Organization(id="acme", name="Acme"),
    *(at.Organization(id=i, name=i.title()) for i in INVESTORS),
    *(at.Person(id=h, name=h.title()) for h in HOLDERS),
]


def _ev(cls: type[at.Event], id: str, date: str, **fields: object) -> at.Event:
    return cls(id=id, date=at.parse_date(date), summary=id, sources=(SOURCE,), **fields)  # type: ignore[arg-type]


def _usd(n: int) -> at.Money:
    return at.Money.of(n)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[dict[str, Fraction], int, dict[str, tuple[int, tuple[int, ...]]], int]:
    """A cap table before the round, the pre-money price, what each investor pays at the close and in tranches,
    and what investors the record does not name pay at the close."""
    shares = draw(st.lists(st.integers(1, 100), min_size=1, max_size=len(HOLDERS)))
    spare = draw(st.integers(0, 100))  # a part no line accounts for
    whole = sum(shares) + spare
    before = {h: Fraction(s, whole) for h, s in zip(HOLDERS, shares, strict=False)}
    pre = draw(st.integers(1, 10_000))
    money = {
        i: (draw(st.integers(0, 500)), tuple(draw(st.lists(st.integers(1, 500), max_size=3))))
        for i in draw(st.lists(st.sampled_from(INVESTORS), min_size=1, max_size=3, unique=True))
    }
    others = draw(st.integers(0, 500))
    return before, pre, money, others


def _round(pre: int, money: dict[str, tuple[int, tuple[int, ...]]], others: int, *, at_once: bool) -> at.Event:
    """The round: with ``at_once``, every investor pays everything at the close; else the tranches come later."""
    parts = []
    for investor, (close, later) in money.items():
        if at_once:
            parts.append(at.Participation(investor=investor, paid=_usd(close + sum(later))))
        else:
            tranches = [at.Payment(amount=_usd(t)) for t in later]
            parts.append(at.Participation(investor=investor, paid=_usd(close), tranches=tranches))
    raised = others + sum(close + sum(later) for close, later in money.values())
    return _ev(
        at.events.RoundRaised,
        "round",
        "2025-06-01",
        entity="acme",
        raised=_usd(raised),
        valuation=_usd(pre + raised),
        valuation_basis="post-money",
        investors=parts,
    )


def _record(
    before: dict[str, Fraction], pre: int, money: dict[str, tuple[int, tuple[int, ...]]], others: int, *, at_once: bool
) -> at.Timeline:
    events = [
        _ev(
            at.events.Recapitalized,
            "recap",
            "2025-01-01",
            entity="acme",
            cap_table={h: at.Stake(low=s, high=s) for h, s in before.items()},
        ),
        _round(pre, money, others, at_once=at_once),
    ]
    if not at_once:
        day = 1
        for investor, (_, later) in money.items():
            for k, amount in enumerate(later):
                events.append(
                    _ev(
                        at.events.InvestmentPaid,
                        f"pay-{investor}-{k}",
                        f"2025-07-{day:02d}",
                        investor=investor,
                        investee="acme",
                        amount=_usd(amount),
                        round="round",
                    )
                )
                day += 1
    return at.Timeline(events, ENTITIES)


@given(rounds())
def test_a_round_paid_in_full_gives_old_times_pre_over_post_plus_paid_over_post(
    drawn: tuple[dict[str, Fraction], int, dict[str, tuple[int, tuple[int, ...]]], int],
) -> None:
    before, pre, money, others = drawn
    post = pre + others + sum(close + sum(later) for close, later in money.values())
    for at_once in (True, False):
        table = _record(before, pre, money, others, at_once=at_once).state_at("2025-12-31").cap_table("acme")
        for holder, old in before.items():
            assert table[holder].low == table[holder].high == old * Fraction(pre, post), (holder, at_once)
        for investor, (close, later) in money.items():
            paid = close + sum(later)
            if paid:
                assert table[investor].low == Fraction(paid, post), (investor, at_once)
            else:
                assert investor not in table  # paid nothing: no line
        # lines plus the unattributed part make 100 %: what no line holds is the old spare part and the others'
        unattributed = 1 - sum(before.values())
        assert 1 - table.total_low == unattributed * Fraction(pre, post) + Fraction(others, post)


@given(rounds())
def test_paying_in_tranches_ends_at_the_same_table_as_paying_at_once(
    drawn: tuple[dict[str, Fraction], int, dict[str, tuple[int, tuple[int, ...]]], int],
) -> None:
    before, pre, money, others = drawn
    at_once = _record(before, pre, money, others, at_once=True).state_at("2025-12-31").cap_table("acme")
    in_tranches = _record(before, pre, money, others, at_once=False).state_at("2025-12-31").cap_table("acme")
    assert dict(at_once) == {h: at.Stake(low=s.low, high=s.high) for h, s in in_tranches.items()}


@given(rounds())
def test_the_unattributed_part_grows_only_with_money_from_investors_not_named(
    drawn: tuple[dict[str, Fraction], int, dict[str, tuple[int, tuple[int, ...]]], int],
) -> None:
    before, pre, money, others = drawn
    tl = _record(before, pre, money, others, at_once=False)
    previous = 1 - tl.state_at("2025-01-01").cap_table("acme").total_low
    for event in tl.events[1:]:
        now = 1 - tl.state_at(event.date).cap_table("acme").total_low
        if isinstance(event, at.events.InvestmentPaid) or others == 0:
            assert now <= previous, event.id
        previous = now


@given(rounds())
def test_payments_clear_the_tranches_they_pay(
    drawn: tuple[dict[str, Fraction], int, dict[str, tuple[int, tuple[int, ...]]], int],
) -> None:
    before, pre, money, others = drawn
    tl = _record(before, pre, money, others, at_once=False)
    close = tl.state_at("2025-06-01")
    end = tl.state_at("2025-12-31")
    for investor, (paid, later) in money.items():
        due = close.funding(investor, "acme")
        assert due is not None
        assert [p.amount for p in due.due] == [_usd(t) for t in later]
        funding = end.funding(investor, "acme")
        assert funding is not None
        assert funding.due == ()
        assert funding.paid == _usd(paid + sum(later))


def _pay(amount: int, round: str | None = None) -> at.Event:
    """bigco pays ``amount`` to acme on 2025-07-01 (into ``round`` if named)."""
    return _ev(
        at.events.InvestmentPaid,
        "pay",
        "2025-07-01",
        investor="bigco",
        investee="acme",
        amount=_usd(amount),
        round=round,
    )


def test_a_payment_larger_than_every_tranche_due_is_refused() -> None:
    events = [
        _ev(at.events.Recapitalized, "recap", "2025-01-01", entity="acme", cap_table={"ann": at.Stake.of("1/2")}),
        _round(100, {"bigco": (0, (10, 20))}, 0, at_once=False),
        _pay(25),
    ]
    with pytest.raises(at.errors.ReplayError, match="no tranche of \\$25 or more due"):
        at.Timeline(events, ENTITIES)


def test_a_payment_smaller_than_a_tranche_pays_part_of_it() -> None:
    events = [_round(100, {"bigco": (0, (10, 20))}, 0, at_once=False), _pay(15)]
    funding = at.Timeline(events, ENTITIES).state_at("2025-07-01").funding("bigco", "acme")
    assert funding is not None
    assert [p.amount for p in funding.due] == [_usd(10), _usd(5)]


def test_paying_more_into_a_round_than_it_raised_is_refused() -> None:
    events = [_round(100, {"bigco": (10, ())}, 0, at_once=False), _pay(5, round="round")]
    with pytest.raises(at.errors.ReplayError, match="more than the \\$10 it raised"):
        at.Timeline(events, ENTITIES)


def test_a_payment_naming_a_round_never_raised_is_refused() -> None:
    with pytest.raises(at.errors.ReplayError, match="raised no priced round 'nope'"):
        at.Timeline([_pay(5, round="nope")], ENTITIES)
