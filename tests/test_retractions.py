"""Retraction chains (docs/semantics.md): a retracted event counts as never recorded, so a retracted retraction
withdraws nothing and its target is back; every link of a chain counts from the date it was recorded."""

from __future__ import annotations

import pytest

import aitimeline as at
from tests.helpers import ev, timeline


def _chain(length: int) -> at.Timeline:
    """Ann becomes CEO of Acme in 2020; retraction k (recorded in 2020 + k) retracts retraction k - 1, the first
    one the appointment."""
    events: list[at.Event] = [
        ev(at.events.RoleBegan, "ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed")
    ]
    previous = "ceo"
    for k in range(1, length + 1):
        retraction = ev(at.events.Retracted, f"r{k}", f"{2020 + k}-01-01", retracts=previous)
        events.append(retraction)
        previous = retraction.id
    return timeline(*events)


@pytest.mark.parametrize("length", [1, 2, 3, 4])
def test_each_link_of_a_chain_flips_the_target(length: int) -> None:
    """Known after k links, the appointment stands when k is even and is withdrawn when k is odd."""
    tl = _chain(length)
    for k in range(length + 1):
        known_at = f"{2020 + k}-06-01"
        ceo = tl.state_at("2020-06-01", known_at=known_at).ceo("acme")
        assert ceo == ("ann" if k % 2 == 0 else None), (k, known_at)


def test_a_long_chain_needs_no_recursion() -> None:
    """A chain of 3,000 retractions resolves (no recursion limit), and its parity decides."""
    events: list[at.Event] = [
        ev(at.events.RoleBegan, "ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed")
    ]
    previous = "ceo"
    for k in range(1, 3001):
        events.append(ev(at.events.Retracted, f"r{k}", "2021-01-01", retracts=previous))
        previous = f"r{k}"
    assert timeline(*events).state_at("2022-01-01").ceo("acme") == "ann"


def test_a_retracted_correction_is_not_applied() -> None:
    tl = timeline(
        ev(at.events.RoleBegan, "ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed"),
        ev(at.events.Corrected, "fix", "2021-01-01", corrects="ceo", fields={"person": "bob"}),
        ev(at.events.Retracted, "unfix", "2022-01-01", retracts="fix"),
    )
    assert tl.state_at("2020-06-01", known_at="2021-06-01").ceo("acme") == "bob"
    assert tl.state_at("2020-06-01").ceo("acme") == "ann"


def test_two_retractions_of_one_event_both_must_fall() -> None:
    """An event retracted twice stays withdrawn while either retraction stands."""
    tl = timeline(
        ev(at.events.RoleBegan, "ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed"),
        ev(at.events.Retracted, "ra", "2021-01-01", retracts="ceo"),
        ev(at.events.Retracted, "rb", "2021-01-01", retracts="ceo"),
        ev(at.events.Retracted, "un-ra", "2022-01-01", retracts="ra"),
    )
    assert tl.state_at("2020-06-01").ceo("acme") is None


def test_a_cycle_is_refused() -> None:
    with pytest.raises(at.errors.ReplayError, match=r"cycle \(ra -> rb -> ra\)"):
        timeline(
            ev(at.events.Retracted, "ra", "2021-01-01", retracts="rb"),
            ev(at.events.Retracted, "rb", "2021-01-01", retracts="ra"),
        )
