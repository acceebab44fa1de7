"""Small builders for tests: one source, a few entities, events with only the fields a test cares about."""

from __future__ import annotations

from typing import Any

import attrs

import aitimeline as at

SOURCE = at.Source(publisher="Test", title="A test source", published=at.PartialDate(2020))

ENTITIES: list[at.Entity] = [
    at.Organization(id="acme", name="Acme", legal_form="nonprofit"),
    at.Organization(id="bigco", name="BigCo"),
    at.Organization(id="chipco", name="ChipCo"),
    at.Person(id="ann", name="Ann"),
    at.Person(id="bob", name="Bob"),
]


def ev(cls: type[at.Event], id: str, date: str, **fields: Any) -> Any:
    """An event of ``cls`` with a test source and summary."""
    return cls(id=id, date=at.parse_date(date), summary=id, sources=(SOURCE,), **fields)


def timeline(*events: at.Event) -> at.Timeline:
    """A timeline of ``events`` over the test entities."""
    return at.Timeline(events, ENTITIES)


def own_story() -> list[at.Event]:
    """A user's small story: Acme has a CEO, an owner and a compute commitment; BigCo has none of them."""
    return [
        ev(at.events.RoleBegan, "ann-ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed"),
        ev(
            at.events.StakeReported,
            "bigco-stake",
            "2020-02-01",
            holder="bigco",
            entity="acme",
            stake=at.Stake.of("10%"),
        ),
        ev(
            at.events.ComputeCommitted,
            "acme-chips",
            "2020-03-01",
            commitment="acme-chips",
            buyer="acme",
            supplier="chipco",
            stage="definitive",
            gigawatts=at.Quantity.of(1),
        ),
    ]


@attrs.frozen(kw_only=True)
class Sued(at.Event):
    """A user's own event type, as the guide writes it: a lawsuit was filed; the defendant's list of suits grows
    under an aspect of its own, "lawsuits"."""

    plaintiff: str = at.extend.entity_field()
    defendant: str = at.extend.entity_field()

    def apply(self, w: at.extend.Writer) -> None:
        key = ("lawsuits", self.defendant)
        w.set(key, (*(w.get(key) or ()), self.id))
