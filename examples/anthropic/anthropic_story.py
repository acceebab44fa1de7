"""A second story built with public names only: Anthropic's funding rounds and compute deals.

It shows the whole extension path a user takes for a story of their own:

- an event type of its own, :class:`RoundClosed` (a priced round with lead investors), that keeps a running
  record under an aspect it owns, ``("funding", company)``;
- queries of its own (:func:`raised`, :func:`post_money`) that read that key with :meth:`aitimeline.State.get`;
- its events in TOML (``events/``), loaded on top of the shipped record so that they can name Microsoft, Nvidia,
  Amazon and Google as the shipped record lists them.

Every figure comes from a public source cited in the event files; ``FACTS.md`` says what was left out and why.
``test_anthropic.py`` asks it "as of" questions and property-tests its replay logic.
"""

from __future__ import annotations

from pathlib import Path

import attrs

import aitimeline as at

__all__ = ["EVENTS", "Funding", "RoundClosed", "load", "post_money", "raised", "types"]

EVENTS = Path(__file__).resolve().parent / "events"


@attrs.frozen(kw_only=True)
class Funding:
    """What a company's priced rounds add up to, as of a date.

    Attributes:
        rounds: The ids of the rounds, in the order they closed.
        raised: The amounts added up (exact where every amount is; hedged as the hedged ones were).
        post_money: The post-money valuation of the latest round that reported one.
    """

    rounds: tuple[str, ...]
    raised: at.Money
    post_money: at.Money | None


@attrs.frozen(kw_only=True)
class RoundClosed(at.Event):
    """A company closed a priced funding round, with its amount, lead investors and (where reported) the
    post-money valuation.

    It owns the aspect ``funding``: the key ``("funding", company)`` holds a :class:`Funding`.
    """

    company: str = at.extend.entity_field()
    round: str
    amount: at.Money
    post_money: at.Money | None = None
    leads: tuple[str, ...] = at.extend.entity_list_field(default=())

    def apply(self, w: at.extend.Writer) -> None:
        key = ("funding", self.company)
        before: Funding | None = w.get(key)
        # Check everything before the first write.
        if before is not None and before.raised.currency != self.amount.currency:
            raise at.errors.InvariantViolation(
                f"{self.company} raised in {before.raised.currency} so far; this round is in {self.amount.currency}",
                "amount",
            )
        if before is not None and self.round in {r.split(":", 1)[1] for r in before.rounds}:
            raise at.errors.InvariantViolation(f"{self.company} already closed a round named {self.round!r}", "round")
        total = self.amount if before is None else _add(before.raised, self.amount)
        rounds = (*before.rounds, f"{self.id}:{self.round}") if before is not None else (f"{self.id}:{self.round}",)
        post = self.post_money if self.post_money is not None else (before.post_money if before else None)
        w.set(key, Funding(rounds=rounds, raised=total, post_money=post))


def _add(a: at.Money, b: at.Money) -> at.Money:
    """Two amounts of one currency added up; hedged as the hedged parts were (exact only if both are)."""
    hedges = {a.qualifier, b.qualifier} - {None}
    qualifier = None if not hedges else (hedges.pop() if len(hedges) == 1 else "about")
    return at.Money(low=a.low + b.low, high=a.high + b.high, currency=a.currency, qualifier=qualifier)


def raised(state: at.State, company: str = "anthropic") -> at.Money | None:
    """What ``company``'s priced rounds had raised by the state's date, or None before the first."""
    funding: Funding | None = state.get(("funding", company))
    return funding.raised if funding is not None else None


def post_money(state: at.State, company: str = "anthropic") -> at.Money | None:
    """The post-money valuation of ``company``'s latest round that reported one."""
    funding: Funding | None = state.get(("funding", company))
    return funding.post_money if funding is not None else None


def types() -> at.io.EventTypes:
    """The built-in event types and :class:`RoundClosed`."""
    return at.io.builtin_types().with_types(RoundClosed)


def load(base: at.Timeline | None = None) -> at.Timeline:
    """The Anthropic story on top of ``base`` (by default the record that ships with aitimeline)."""
    return at.load(EVENTS, types=types(), base=base if base is not None else at.load())


if __name__ == "__main__":
    timeline = load()
    for day in ("2025-06-30", "2025-12-31", "2026-06-30"):
        state = timeline.state_at(day)
        print(f"{day}: raised {raised(state)} in priced rounds; latest post-money {post_money(state)}")
        for deal in state.commitments(buyer="anthropic"):
            print(f"    compute: {deal.supplier} {deal.gigawatts or ''} {deal.amount or ''} ({deal.stage})")
