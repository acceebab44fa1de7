"""Each built-in event type: what it does to the state, and what it refuses."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

import aitimeline as at

from .helpers import ENTITIES, ev, timeline


def _replay_error(*events: at.Event) -> at.errors.ReplayError:
    with pytest.raises(at.errors.ReplayError) as info:
        timeline(*events)
    return info.value


class TestFoundedAndReorganized:
    def test_founded_sets_name_and_legal_form(self) -> None:
        """Founded sets the name and legal form from its date on."""
        tl = timeline(
            ev(at.events.Founded, "f", "2019-03-11", org="bigco", name="BigCo LP", legal_form="capped-profit")
        )
        assert tl.state_at("2019-03-10").legal_form("bigco") is None
        assert (tl.state_at("2019-03-11").name("bigco"), tl.state_at("2019-03-11").legal_form("bigco")) == (
            "BigCo LP",
            "capped-profit",
        )

    def test_founded_twice_is_refused(self) -> None:
        """An organisation cannot be founded twice."""
        error = _replay_error(
            ev(at.events.Founded, "f1", "2019-01-01", org="bigco", name="B", legal_form="llc"),
            ev(at.events.Founded, "f2", "2020-01-01", org="bigco", name="B", legal_form="llc"),
        )
        assert (error.problems[0].event_id, error.problems[0].path) == ("f2", "org")

    def test_reorganized_renames_and_converts(self) -> None:
        """Reorganized changes only what it states."""
        tl = timeline(
            ev(at.events.Founded, "f", "2019-01-01", org="bigco", name="BigCo LP", legal_form="capped-profit"),
            ev(at.events.Reorganized, "r", "2025-10-28", org="bigco", name="BigCo PBC", legal_form="pbc"),
            ev(at.events.Reorganized, "r2", "2026-01-01", org="bigco", name="BigCo Group PBC"),
        )
        s = tl.state_at("2026-01-01")
        assert (s.name("bigco"), s.legal_form("bigco")) == ("BigCo Group PBC", "pbc")

    def test_reorganized_must_change_something(self) -> None:
        """A reorganisation with neither a name nor a legal form is invalid."""
        with pytest.raises(ValueError, match="name, the legal form"):
            ev(at.events.Reorganized, "r", "2025-10-28", org="bigco")


class TestOwnership:
    def test_recapitalized_sets_the_whole_cap_table(self) -> None:
        """Recapitalized replaces every line of the cap table."""
        table = {"bigco": at.Stake.of("27%"), "acme": at.Stake.of("26%")}
        tl = timeline(
            ev(at.events.StakeReported, "s", "2020-01-01", holder="ann", entity="chipco", stake=at.Stake.of("1/3")),
            ev(at.events.Recapitalized, "r", "2025-10-28", entity="chipco", cap_table=table),
        )
        assert dict(tl.state_at("2025-10-28").cap_table("chipco")) == table
        assert tl.state_at("2025-10-28").stake("ann", "chipco") is None

    def test_recapitalized_above_100_percent_is_refused(self) -> None:
        """A cap table whose lowest stakes sum above 100 % is refused."""
        error = _replay_error(
            ev(
                at.events.Recapitalized,
                "r",
                "2025-10-28",
                entity="chipco",
                cap_table={"bigco": at.Stake.of("60%"), "acme": at.Stake.of("50%")},
            )
        )
        assert "110 %" in error.problems[0].message

    def test_stake_reported_sets_one_line(self) -> None:
        """StakeReported changes one holder's line and keeps the others."""
        tl = timeline(
            ev(at.events.Recapitalized, "r", "2020-01-01", entity="chipco", cap_table={"bigco": at.Stake.of("50%")}),
            ev(at.events.StakeReported, "s", "2021-01-01", holder="ann", entity="chipco", stake=at.Stake.of("10%")),
        )
        assert set(tl.state_at("2021-01-01").cap_table("chipco")) == {"bigco", "ann"}

    def test_invested_with_amount_and_post_money_valuation_dilutes(self) -> None:
        """$10 at a $100 post-money valuation buys 10 %: an existing 50 % becomes 45 %."""
        tl = timeline(
            ev(at.events.Recapitalized, "r", "2020-01-01", entity="chipco", cap_table={"bigco": at.Stake.of("50%")}),
            ev(
                at.events.Invested,
                "i",
                "2021-01-01",
                investor="acme",
                investee="chipco",
                amount=at.Money.of(10),
                valuation=at.Money.of(100),
                valuation_basis="post-money",
            ),
        )
        table = tl.state_at("2021-01-01").cap_table("chipco")
        assert (table["bigco"].low, table["acme"].low) == (Fraction(45, 100), Fraction(1, 10))

    def test_invested_pre_money(self) -> None:
        """$10 at a $90 pre-money valuation also buys 10 %."""
        invested = ev(
            at.events.Invested,
            "i",
            "2021-01-01",
            investor="acme",
            investee="chipco",
            amount=at.Money.of(10),
            valuation=at.Money.of(90),
            valuation_basis="pre-money",
        )
        assert invested.bought() == at.Stake.of("10%")

    def test_implied_share_never_starts_a_cap_table(self) -> None:
        """Amount and valuation alone do not create a cap table with the investor as the only owner."""
        tl = timeline(
            ev(
                at.events.Invested,
                "i",
                "2021-01-01",
                investor="acme",
                investee="chipco",
                amount=at.Money.of(10),
                valuation=at.Money.of(100),
            )
        )
        assert dict(tl.state_at("2021-01-01").cap_table("chipco")) == {}

    def test_investment_without_figures_changes_no_cap_table(self) -> None:
        """An investment of an undisclosed share is on the record only."""
        tl = timeline(
            ev(at.events.Invested, "i", "2019-07-22", investor="bigco", investee="acme", amount=at.Money.of(10**9))
        )
        assert dict(tl.state_at("2020-01-01").cap_table("acme")) == {}
        (event,) = tl.events
        assert isinstance(event, at.events.Invested)
        assert event.amount == at.Money.of(10**9)


class TestRoles:
    def test_role_began_and_ended(self) -> None:
        """A role is held from RoleBegan to RoleEnded."""
        tl = timeline(
            ev(at.events.RoleBegan, "b", "2019-01-01", person="ann", org="acme", role="ceo", reason="appointed"),
            ev(at.events.RoleEnded, "e", "2023-11-17", person="ann", org="acme", role="ceo", reason="fired"),
        )
        assert tl.state_at("2023-11-16").ceo("acme") == "ann"
        assert tl.state_at("2023-11-17").ceo("acme") is None

    def test_ending_a_role_not_held_is_refused(self) -> None:
        """RoleEnded for a role the person does not hold names the event and the field."""
        error = _replay_error(
            ev(at.events.RoleEnded, "e", "2023-11-17", person="ann", org="acme", role="ceo", reason="fired")
        )
        assert (error.problems[0].event_id, error.problems[0].path) == ("e", "person")
        assert "does not hold 'ceo'" in error.problems[0].message

    def test_beginning_a_role_already_held_is_refused(self) -> None:
        """The same person cannot take the same role twice without leaving it."""
        began = {"person": "ann", "org": "acme", "role": "director", "reason": "elected"}
        error = _replay_error(
            ev(at.events.RoleBegan, "b1", "2019-01-01", **began), ev(at.events.RoleBegan, "b2", "2020-01-01", **began)
        )
        assert error.problems[0].event_id == "b2"

    def test_ceo_prefers_the_permanent_ceo_and_counts_interims(self) -> None:
        """ceo() is the CEO, else the interim CEO; holders() gives both."""
        tl = timeline(
            ev(
                at.events.RoleBegan, "i", "2023-11-17", person="bob", org="acme", role="interim-ceo", reason="appointed"
            ),
            ev(at.events.RoleBegan, "c", "2023-11-29", person="ann", org="acme", role="ceo", reason="reinstated"),
        )
        assert tl.state_at("2023-11-18").ceo("acme") == "bob"
        assert tl.state_at("2023-11-29").ceo("acme") == "ann"

    def test_board_counts_directors_only(self) -> None:
        """Observers are not on the board; roles() lists everyone with their roles."""
        tl = timeline(
            ev(at.events.RoleBegan, "d", "2020-01-01", person="ann", org="acme", role="director", reason="elected"),
            ev(
                at.events.RoleBegan,
                "o",
                "2020-01-01",
                person="bob",
                org="acme",
                role="board-observer",
                reason="appointed",
            ),
        )
        s = tl.state_at("2020-01-01")
        assert s.board("acme") == {"ann"}
        assert s.roles("acme") == {"ann": {"director"}, "bob": {"board-observer"}}


class TestAgreements:
    def test_signed_amended_ended(self) -> None:
        """Terms change only where an amendment states them; an ended agreement is not in force."""
        tl = timeline(
            ev(
                at.events.AgreementSigned,
                "s",
                "2019-07-22",
                agreement="deal",
                parties=("bigco", "acme"),
                terms=at.Terms(cloud_exclusivity=True, ip_rights_until="2030"),
            ),
            ev(
                at.events.AgreementAmended, "a", "2025-01-21", agreement="deal", terms=at.Terms(cloud_exclusivity=False)
            ),
            ev(at.events.AgreementEnded, "e", "2026-01-01", agreement="deal"),
        )
        (deal,) = tl.state_at("2025-01-21").agreements(party="bigco")
        assert deal.terms == at.Terms(cloud_exclusivity=False, ip_rights_until="2030")
        assert tl.state_at("2026-01-01").agreements(party="bigco") == ()
        assert len(tl.state_at("2026-01-01").agreements(party="bigco", in_force=False)) == 1

    def test_amending_an_unknown_agreement_is_refused(self) -> None:
        """An amendment of an agreement never signed names the agreement field."""
        error = _replay_error(ev(at.events.AgreementAmended, "a", "2025-01-21", agreement="nope", terms=at.Terms()))
        assert error.problems[0].path == "agreement"

    def test_an_agreement_needs_two_parties(self) -> None:
        """An agreement with a single party is invalid."""
        with pytest.raises(ValueError, match="two distinct parties"):
            ev(at.events.AgreementSigned, "s", "2019-07-22", agreement="deal", parties=("acme", "acme"))


class TestCommitments:
    def test_committed_revised_ended(self) -> None:
        """A commitment is in force from its signing, revised in place, and gone once ended."""
        tl = timeline(
            ev(
                at.events.ComputeCommitted,
                "c",
                "2025-09-22",
                commitment="gpus",
                buyer="acme",
                supplier="chipco",
                gigawatts=at.Quantity.of(10, unit="GW", qualifier="at-least"),
                stage="letter-of-intent",
            ),
            ev(at.events.CommitmentRevised, "r", "2026-01-01", commitment="gpus", stage="definitive"),
            ev(at.events.CommitmentEnded, "e", "2027-01-01", commitment="gpus"),
        )
        (before,) = tl.state_at("2025-12-31").commitments(buyer="acme")
        (after,) = tl.state_at("2026-01-01").commitments(supplier="chipco")
        assert (before.stage, after.stage, after.gigawatts) == ("letter-of-intent", "definitive", before.gigawatts)
        assert tl.state_at("2027-01-01").commitments(buyer="acme") == ()

    def test_total_gigawatts_keeps_hedges(self) -> None:
        """6 GW plus at least 10 GW is at least 16 GW; with an 'about' part the sum is 'about'."""
        exact = at.Quantity.of(6, unit="GW")
        at_least = at.Quantity.of(10, unit="GW", qualifier="at-least")
        about = at.Quantity.of(1, unit="GW", qualifier="about")

        def commitment(gw: at.Quantity) -> at.Commitment:
            return at.Commitment(
                id="c",
                buyer="acme",
                supplier="chipco",
                gigawatts=gw,
                amount=None,
                period=None,
                stage="definitive",
                since=at.PartialDate(2025),
            )

        total = at.total_gigawatts([commitment(exact), commitment(at_least)])
        assert total is not None
        assert (total.value.low, total.value.qualifier) == (Decimal(16), "at-least")
        total = at.total_gigawatts([commitment(exact), commitment(at_least), commitment(about)])
        assert total is not None
        assert total.value.qualifier == "about"
        assert at.total_gigawatts([]) is None


class TestWarrants:
    def warrant(self) -> at.Event:
        return ev(  # type: ignore[no-any-return]
            at.events.WarrantIssued,
            "w",
            "2025-10-05",
            warrant="amd-like",
            issuer="chipco",
            holder="acme",
            shares=160,
            exercise_price=at.Money.of("0.01"),
            tranches=(
                at.Tranche(name="first", condition="first gigawatt", shares=60),
                at.Tranche(name="last", condition="six gigawatts", shares=100),
            ),
        )

    def test_tranches_vest_and_shares_are_exercised(self) -> None:
        """Vested shares add up tranche by tranche; exercise is bounded by what vested."""
        tl = timeline(
            self.warrant(),
            ev(at.events.TrancheVested, "v", "2026-07-01", warrant="amd-like", tranche="first"),
            ev(at.events.WarrantExercised, "x", "2026-08-01", warrant="amd-like", shares=50),
        )
        (issued,) = tl.state_at("2025-10-05").warrants(holder="acme")
        (later,) = tl.state_at("2026-08-01").warrants(issuer="chipco")
        assert (issued.vested_shares, later.vested_shares, later.exercised) == (0, 60, 50)

    def test_exercising_more_than_vested_is_refused(self) -> None:
        """Exercising beyond the vested, unexercised shares names the shares field."""
        error = _replay_error(
            self.warrant(),
            ev(at.events.TrancheVested, "v", "2026-07-01", warrant="amd-like", tranche="first"),
            ev(at.events.WarrantExercised, "x", "2026-08-01", warrant="amd-like", shares=61),
        )
        assert (error.problems[0].event_id, error.problems[0].path) == ("x", "shares")

    def test_vesting_an_unknown_or_vested_tranche_is_refused(self) -> None:
        """A tranche that does not exist, or that already vested, cannot vest."""
        error = _replay_error(
            self.warrant(),
            ev(at.events.TrancheVested, "v1", "2026-07-01", warrant="amd-like", tranche="middle"),
            ev(at.events.TrancheVested, "v2", "2026-07-01", warrant="amd-like", tranche="first"),
            ev(at.events.TrancheVested, "v3", "2026-07-02", warrant="amd-like", tranche="first"),
        )
        assert [p.event_id for p in error.problems] == ["v1", "v3"]

    def test_tranches_larger_than_the_warrant_are_invalid(self) -> None:
        """Tranche sizes cannot add up to more than the warrant."""
        with pytest.raises(ValueError, match="more than the warrant"):
            ev(
                at.events.WarrantIssued,
                "w",
                "2025-10-05",
                warrant="w",
                issuer="chipco",
                holder="acme",
                shares=10,
                exercise_price=at.Money.of("0.01"),
                tranches=(at.Tranche(name="a", condition="c", shares=11),),
            )


class TestMetricsAndRecordOnly:
    def test_latest_metric_wins_with_its_event(self) -> None:
        """metric() is the latest reported figure, with the event that reported it."""
        tl = timeline(
            ev(at.events.MetricReported, "m1", "2024-10-02", entity="acme", metric="valuation", value=at.Money.of(157)),
            ev(
                at.events.MetricReported,
                "m2",
                "2025-03-31",
                entity="acme",
                metric="valuation",
                value=at.Money.of(300),
                basis="post-money",
            ),
        )
        m = tl.state_at("2025-04-01").metric("acme", "valuation")
        assert m is not None
        assert (m.value, m.basis, m.event_id) == (at.Money.of(300), "post-money", "m2")
        assert tl.state_at("2024-01-01").metric("acme", "valuation") is None

    @pytest.mark.parametrize(
        "event",
        [
            ev(at.events.OfferMade, "o", "2023-11-20", by="bigco", to="acme", offer="to hire its staff"),
            ev(at.events.LetterPublished, "l", "2023-11-20", by="acme", signatories=at.Quantity.of(738)),
            ev(at.events.FundingSought, "f", "2024-02-08", seeker="ann", purpose="chip fabs"),
            ev(at.events.Announced, "a", "2022-11-30", subjects=("acme",), topic="a launch"),
        ],
        ids=lambda e: type(e).__name__,
    )
    def test_record_only_events_change_nothing_but_are_listed(self, event: at.Event) -> None:
        """An event that is only on the record is replayed, listed, and changes no state."""
        tl = timeline(event)
        assert tl.events == (event,)
        assert tl.state_at("2030-01-01").snapshot() == {}

    def test_unknown_entities_are_reported_per_field(self) -> None:
        """An id missing from the entity list is named with its field, for list fields too."""
        error = _replay_error(ev(at.events.Announced, "a", "2022-11-30", subjects=("acme", "nobody")))
        assert (error.problems[0].path, "nobody" in error.problems[0].message) == ("subjects[1]", True)


def test_every_builtin_type_is_registered_by_name() -> None:
    """The registry maps each built-in class name to its class, and refuses unknown names."""
    types = at.io.builtin_types()
    assert all(types[name].__name__ == name for name in types)
    with pytest.raises(at.errors.UnknownEventTypeError, match="unknown event type 'Invented'"):
        types["Invented"]
    assert len(ENTITIES) == 5


def test_a_state_cannot_be_changed() -> None:
    """A state has no setters: its date is read-only and its answers are immutable values."""
    s = timeline(
        ev(at.events.Recapitalized, "r", "2020-01-01", entity="chipco", cap_table={"bigco": at.Stake.of("1%")})
    )
    state = s.state_at("2020-01-01")
    with pytest.raises(AttributeError):
        state.date = state.date  # type: ignore[misc]
    with pytest.raises(TypeError):
        state.cap_table("chipco")["ann"] = at.Stake.of("1%")  # type: ignore[index]
    with pytest.raises(AttributeError):
        state.stake("bigco", "chipco").low = Fraction(1)  # type: ignore[misc, union-attr]


class TestCommitmentsWithALife:
    def record(self) -> at.Timeline:
        return timeline(
            ev(
                at.events.ComputeCommitted,
                "big",
                "2025-01-01",
                commitment="big",
                buyer="acme",
                supplier="chipco",
                stage="letter-of-intent",
                gigawatts=at.Quantity.of(10, unit="GW"),
                amount=at.Money.of("500"),
            ),
            ev(
                at.events.ComputeCommitted,
                "part",
                "2025-02-01",
                commitment="part",
                buyer="acme",
                supplier="bigco",
                stage="definitive",
                gigawatts=at.Quantity.of("4.5", unit="GW"),
                amount=at.Money.of("300"),
                within="big",
            ),
            ev(
                at.events.ComputeCommitted,
                "other",
                "2025-03-01",
                commitment="other",
                buyer="acme",
                supplier="chipco",
                stage="definitive",
                gigawatts=at.Quantity.of(6, unit="GW", qualifier="about"),
                amount=at.Money.of("100", qualifier="about"),
            ),
            ev(at.events.CommitmentRevised, "stall", "2025-04-01", commitment="other", stage="stalled"),
            ev(at.events.CommitmentEnded, "swap", "2025-05-01", commitment="other", replaced_by="an-equity-deal"),
        )

    def test_a_commitment_inside_one_that_states_no_gigawatts_is_counted(self) -> None:
        """Oracle's 4.5 GW inside Stargate before Stargate stated any gigawatts: counted once, not zero times."""

        def commitment(id: str, gw: int | None, within: str | None = None) -> at.Commitment:
            return at.Commitment(
                id=id,
                buyer="acme",
                supplier="chipco",
                gigawatts=at.Quantity.of(gw, unit="GW") if gw is not None else None,
                amount=at.Money.of(500, "USD") if within is None else None,
                period=None,
                stage="definitive",
                since=at.PartialDate(2025),
                within=within,
            )

        parts = [commitment("stargate", None), commitment("oracle", 4, within="stargate")]
        total = at.total_gigawatts(parts)
        assert total is not None
        assert (total.value.low, total.summed, total.left_out) == (Decimal(4), ("oracle",), ())
        parts[0] = commitment("stargate", 10)
        total = at.total_gigawatts(parts)
        assert total is not None
        assert (total.value.low, total.summed, total.left_out) == (Decimal(10), ("stargate",), ("oracle",))

    def test_a_contained_commitment_is_counted_once(self) -> None:
        commitments = self.record().state_at("2025-03-31").commitments("acme")
        gw = at.total_gigawatts(commitments)
        money = at.total_amount(commitments)
        assert gw is not None
        assert money is not None
        assert (gw.value.low, gw.value.qualifier, gw.left_out) == (Decimal(16), "about", ("part",))
        assert isinstance(money.value, at.Money)
        assert (money.value.low, money.value.currency, money.summed) == (Decimal(600), "USD", ("big", "other"))

    def test_status_follows_the_events(self) -> None:
        tl = self.record()

        def status(day: str) -> dict[str, str]:
            return {c.id: c.status for c in tl.state_at(day).commitments("acme", in_force=False)}

        assert status("2025-03-31")["other"] == "definitive"
        assert status("2025-04-01")["other"] == "stalled"
        assert status("2025-05-01")["other"] == "replaced"
        assert "other" not in {c.id for c in tl.state_at("2025-05-01").commitments("acme")}

    def test_amounts_in_two_currencies_do_not_add(self) -> None:
        with pytest.raises(at.errors.CurrencyError, match="cannot add USD and EUR"):
            at.Money.of("1") + at.Money.of("1", currency="EUR")


class TestRoundsAndFunding:
    def record(self) -> at.Timeline:
        return timeline(
            ev(
                at.events.Recapitalized,
                "recap",
                "2025-01-01",
                entity="acme",
                cap_table={"ann": at.Stake.of("60%"), "bob": at.Stake.of("40%")},
            ),
            ev(
                at.events.RoundRaised,
                "round",
                "2025-06-01",
                entity="acme",
                raised=at.Money.of("100"),
                valuation=at.Money.of("400"),
                valuation_basis="post-money",
                investors=[
                    at.Participation(
                        investor="bigco",
                        amount=at.Money.of("60"),
                        paid=at.Money.of("20"),
                        tranches=[at.Payment(amount=at.Money.of("40"), condition="an IPO")],
                    ),
                    at.Participation(investor="chipco", amount=at.Money.of("40"), paid=at.Money.of("40")),
                ],
            ),
            ev(
                at.events.InvestmentPaid,
                "pay",
                "2025-09-01",
                investor="bigco",
                investee="acme",
                amount=at.Money.of("40"),
                round="round",
            ),
        )

    def test_a_round_dilutes_every_holder_once_by_the_money_paid_at_the_close(self) -> None:
        """$100 raised at $400 post-money is a $300 price; at the close bigco pays $20 (its $40 waits for an IPO)
        and chipco its $40: the $60 paid buys 60/360, and each investor's line is what its money bought."""
        table = self.record().state_at("2025-06-01").cap_table("acme")
        assert table["ann"].low == Fraction(60, 100) * Fraction(300, 360)
        assert table["bob"].low == Fraction(40, 100) * Fraction(300, 360)
        assert table["bigco"].low == Fraction(20, 360)
        assert table["chipco"].low == Fraction(40, 360)
        assert sum(s.low for s in table.values()) == 1
        ann = table.line("ann")
        assert (ann.kind, ann.event_id, ann.diluted_by, ann.as_set.low) == (
            "derived",
            "recap",
            ("round",),
            Fraction(3, 5),
        )
        assert (table.line("bigco").kind, table.line("bigco").event_id) == ("derived", "round")

    def test_a_tranche_paid_into_the_round_buys_at_its_price(self) -> None:
        """Once bigco's $40 is paid into the round, the round is paid in full: each line is old × 300/400 plus
        what the holder paid over 400."""
        tl = self.record()
        table = tl.state_at("2025-09-01").cap_table("acme")
        assert table["ann"].low == Fraction(60, 100) * Fraction(300, 400)
        assert table["bigco"].low == Fraction(60, 400)
        assert table["chipco"].low == Fraction(40, 400)
        assert table.line("chipco").diluted_by == ("pay",)
        assert (table.line("bigco").kind, table.line("bigco").event_id) == ("derived", "pay")
        price = tl.state_at("2025-09-01").get(at.keys.funding_round("acme", "round"))
        assert price == at.Round(
            entity="acme",
            event_id="round",
            pre_money=at.Money.of("300"),
            paid=at.Money.of("100"),
            raised=at.Money.of("100"),
        )

    def test_promised_versus_paid(self) -> None:
        tl = self.record()
        funding = tl.state_at("2025-06-30").funding("bigco", "acme")
        assert funding is not None
        assert (funding.committed, funding.paid) == (at.Money.of("60"), at.Money.of("20"))
        assert funding.due[0].condition == "an IPO"
        later = tl.state_at("2025-09-01").funding("bigco", "acme")
        assert later is not None
        assert later.paid == at.Money.of("60")
        assert later.due == ()  # the payment cleared the tranche it paid
        assert later.paid_by == ("round", "pay")
        assert tl.state_at("2025-06-30").funding("chipco", "acme").paid == at.Money.of("40")  # type: ignore[union-attr]

    def test_paid_never_exceeds_committed(self) -> None:
        with pytest.raises(at.errors.ReplayError, match="more than the 60 it committed"):
            timeline(
                *self.record().events,
                ev(
                    at.events.InvestmentPaid,
                    "too-much",
                    "2025-10-01",
                    investor="bigco",
                    investee="acme",
                    amount=at.Money.of("1"),
                ),
            )

    def test_a_holder_carved_out_of_a_line(self) -> None:
        tl = timeline(
            ev(
                at.events.Recapitalized,
                "recap",
                "2025-01-01",
                entity="acme",
                cap_table={"ann": at.Stake.of("50%"), "bob": at.Stake.of("50%")},
            ),
            ev(
                at.events.StakeReported,
                "carve",
                "2025-02-01",
                holder="chipco",
                entity="acme",
                stake=at.Stake.of("10%"),
                out_of="bob",
            ),
        )
        table = tl.state_at("2025-02-01").cap_table("acme")
        assert (table["bob"].low, table["chipco"].low, table.total_low) == (
            Fraction(2, 5),
            Fraction(1, 10),
            Fraction(1),
        )
        assert table.line("bob").kind == "derived"


class TestInterestsAndGovernance:
    def test_a_profit_share_is_an_interest_not_a_stake(self) -> None:
        tl = timeline(
            ev(
                at.events.InterestReported,
                "share",
                "2023-01-10",
                holder="bigco",
                entity="acme",
                tiers=[
                    at.ProfitTier(share=at.Stake.of("75%"), until="recouped"),
                    at.ProfitTier(share=at.Stake.of("49%")),
                ],
            ),
        )
        state = tl.state_at("2023-02-01")
        assert state.stake("bigco", "acme") is None
        interest = state.interest("bigco", "acme")
        assert interest is not None
        assert (interest.kind, interest.tiers[0].until, interest.event_id) == ("profit-share", "recouped", "share")

    def test_an_organisation_holds_an_observer_seat(self) -> None:
        tl = timeline(
            ev(at.events.SeatGranted, "seat", "2023-11-29", holder="bigco", org="acme", seat="board-observer"),
            ev(at.events.SeatGivenUp, "unseat", "2024-07-09", holder="bigco", org="acme", seat="board-observer"),
        )
        assert tl.state_at("2024-01-01").observers("acme") == {"bigco"}
        assert tl.state_at("2024-07-09").observers("acme") == frozenset()


class TestVocabulary:
    def test_a_query_with_an_unknown_word_suggests_the_registered_ones(self) -> None:
        state = timeline().state_at("2020-01-01")
        with pytest.raises(at.errors.UnknownWordError, match="'CEO' is not a registered role \\(did you mean 'ceo'"):
            state.holders("acme", "CEO")
        with pytest.raises(KeyError):
            state.metric("acme", "valuaton")

    def test_two_ceos_at_once_need_a_declaration(self) -> None:
        ann = ev(at.events.RoleBegan, "ann", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed")
        bob = ev(at.events.RoleBegan, "bob", "2020-02-01", person="bob", org="acme", role="ceo", reason="appointed")
        with pytest.raises(at.errors.ReplayError, match="held by one person at a time"):
            timeline(ann, bob)
        shared = ev(
            at.events.RoleBegan,
            "bob",
            "2020-02-01",
            person="bob",
            org="acme",
            role="ceo",
            reason="appointed",
            shared=True,
        )
        assert timeline(ann, shared).state_at("2020-03-01").holders("acme", "ceo") == {"ann", "bob"}

    def test_a_person_field_refuses_an_organisation(self) -> None:
        with pytest.raises(at.errors.ReplayError, match="'bigco' is an organisation, not a person"):
            timeline(
                ev(at.events.RoleBegan, "x", "2020-01-01", person="bigco", org="acme", role="ceo", reason="appointed")
            )

    def test_users_register_their_own_words(self) -> None:
        types = at.io.builtin_types().with_words("role", "chief-of-staff")
        began = ev(
            at.events.RoleBegan, "x", "2020-01-01", person="ann", org="acme", role="chief-of-staff", reason="hired"
        )
        with pytest.raises(at.errors.ReplayError, match="not a registered role"):
            timeline(began)
        tl = at.Timeline([began], ENTITIES, words=types.words)
        assert tl.state_at("2020-02-01").holders("acme", "chief-of-staff") == {"ann"}
