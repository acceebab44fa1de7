"""The shipped record answers "as of" questions as its sources say.

Every expected answer here was read in the event files and checked against the sources they cite; the comment
above each test names the source (publisher, title, publication date) behind the answer. These are tests of the
data as much as of the library: if an event is corrected, the test that pins it should change in the same commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

import aitimeline as at


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    """The record that ships with the package."""
    return at.load()


def _ceo(record: at.Timeline, day: str) -> str | None:
    return record.state_at(day).ceo("openai")


def _board(record: at.Timeline, day: str) -> set[str]:
    return set(record.state_at(day).board("openai"))


def _valuation(record: at.Timeline, day: str) -> Decimal | None:
    reported = record.state_at(day).metric("openai-group", "valuation")
    return None if reported is None else reported.value.value


def _gw(value: str) -> Decimal:
    return Decimal(value)


BOARD_BEFORE_FIRING = {
    "sam-altman",
    "greg-brockman",
    "ilya-sutskever",
    "adam-dangelo",
    "tasha-mccauley",
    "helen-toner",
}
BOARD_THAT_FIRED_ALTMAN = {"ilya-sutskever", "adam-dangelo", "tasha-mccauley", "helen-toner"}
NEW_INITIAL_BOARD = {"bret-taylor", "larry-summers", "adam-dangelo"}


class TestChiefExecutive:
    """Who ran OpenAI, through the November 2023 crisis and before."""

    # OpenAI, "OpenAI LP", 2019-03-11: Altman becomes CEO with the creation of OpenAI LP.
    def test_no_ceo_before_openai_lp(self, record: at.Timeline) -> None:
        """Before 2019-03-11 the record names no CEO (Altman and Musk were co-chairs)."""
        assert _ceo(record, "2019-03-10") is None

    # OpenAI, "OpenAI LP", 2019-03-11.
    def test_altman_ceo_on_eve_of_firing(self, record: at.Timeline) -> None:
        """On 2023-11-16 Sam Altman is CEO."""
        assert _ceo(record, "2023-11-16") == "sam-altman"

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17: Murati interim CEO, effective immediately.
    def test_murati_interim_ceo_on_day_of_firing(self, record: at.Timeline) -> None:
        """On 2023-11-17 Mira Murati is interim CEO and nobody holds the permanent title."""
        state = record.state_at("2023-11-17")
        assert state.ceo("openai") == "mira-murati"
        assert state.holders("openai", "ceo") == frozenset()

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17.
    def test_murati_interim_ceo_on_2023_11_18(self, record: at.Timeline) -> None:
        """On 2023-11-18 Mira Murati is still interim CEO."""
        assert record.state_at("2023-11-18").holders("openai", "interim-ceo") == {"mira-murati"}

    # Axios, "OpenAI board names a new interim CEO — and it's not Sam Altman", 2023-11-20 (named late on the 19th).
    def test_shear_interim_ceo_on_2023_11_19(self, record: at.Timeline) -> None:
        """On 2023-11-19 the board has replaced Murati with Emmett Shear."""
        assert record.state_at("2023-11-19").holders("openai", "interim-ceo") == {"emmett-shear"}

    # Axios, 2023-11-20; WIRED Middle East, "OpenAI staff threaten to quit unless board resigns", 2023-11-20.
    def test_shear_interim_ceo_on_2023_11_20(self, record: at.Timeline) -> None:
        """On 2023-11-20, the day of the staff letter, Emmett Shear is interim CEO."""
        assert _ceo(record, "2023-11-20") == "emmett-shear"

    # OpenAI on X, "We have reached an agreement in principle for Sam Altman to return…", 2023-11-21: only an
    # agreement; OpenAI, "Sam Altman returns as CEO, OpenAI has a new initial board", 2023-11-29: the return.
    def test_shear_still_interim_ceo_on_2023_11_21(self, record: at.Timeline) -> None:
        """The agreement in principle of 2023-11-21 does not yet make Altman CEO again."""
        state = record.state_at("2023-11-21")
        assert state.ceo("openai") == "emmett-shear"
        assert "sam-altman" not in state.holders("openai", "ceo")

    # OpenAI, "Sam Altman returns as CEO, OpenAI has a new initial board", 2023-11-29.
    def test_altman_ceo_again_on_2023_12_01(self, record: at.Timeline) -> None:
        """On 2023-12-01 Sam Altman is CEO and there is no interim CEO."""
        state = record.state_at("2023-12-01")
        assert state.ceo("openai") == "sam-altman"
        assert state.holders("openai", "interim-ceo") == frozenset()

    # OpenAI, "OpenAI LP", 2019-03-11; OpenAI, "OpenAI announces leadership transition", 2023-11-17; Axios, "OpenAI
    # board names a new interim CEO — and it's not Sam Altman", 2023-11-20; OpenAI, "Sam Altman returns as CEO,
    # OpenAI has a new initial board", 2023-11-29.
    # OpenAI, "Built to benefit everyone" and "Our structure", 2025-10-28: the recapitalisation made OpenAI Group
    # PBC the operating company; its officers are the Group's, and the Foundation has its own board and chair.
    def test_ceo_history(self, record: at.Timeline) -> None:
        """OpenAI had four changes of chief executive: Altman, Murati, Shear, Altman; on 2025-10-28 the role moves
        with the business to OpenAI Group PBC, and the Foundation has no chief executive on the record."""
        history = [(str(day), who) for day, who in record.history(lambda s: s.ceo("openai"))]
        assert history == [
            ("2019-03-11", "sam-altman"),
            ("2023-11-17", "mira-murati"),
            ("2023-11-19", "emmett-shear"),
            ("2023-11-29", "sam-altman"),
            ("2025-10-28", None),
        ]

    def test_officers_of_the_group_from_the_recapitalisation(self, record: at.Timeline) -> None:
        """From 2025-10-28 Altman (CEO), Brockman (president) and Simo (CEO of Applications) are officers of OpenAI
        Group PBC, not of the Foundation; the day before they are the nonprofit's."""
        before, after = record.state_at("2025-10-27"), record.state_at("2026-01-15")
        assert (before.ceo("openai"), before.ceo("openai-group")) == ("sam-altman", None)
        assert (after.ceo("openai-group"), after.ceo("openai")) == ("sam-altman", None)
        assert after.holders("openai-group", "president") == {"greg-brockman"}
        assert after.holders("openai-group", "ceo-of-applications") == {"fidji-simo"}
        assert after.holders("openai", "president") == frozenset()


class TestBoard:
    """Who sat on the nonprofit's board (voting directors only)."""

    # Fortune, "Elon Musk Is Leaving the Board of an AI Safety Group He Co-Founded", 2018-02-21; OpenAI's statement
    # (quoted in musk-leaves-board-2018) lists the remaining directors.
    def test_board_after_musk_left(self, record: at.Timeline) -> None:
        """After Musk left on 2018-02-20 the board is Altman, Brockman, Sutskever and Karnofsky."""
        assert _board(record, "2018-02-20") == {"sam-altman", "greg-brockman", "ilya-sutskever", "holden-karnofsky"}

    # OpenAI, "OpenAI LP", 2019-03-11: the board of OpenAI Nonprofit is Brockman, Sutskever and Altman (employees)
    # and D'Angelo, Karnofsky, Hoffman, Yoon and McCauley.
    def test_board_named_in_openai_lp_post(self, record: at.Timeline) -> None:
        """On 2019-03-11 the board has the eight directors OpenAI's post names."""
        assert _board(record, "2019-03-11") == {
            "greg-brockman",
            "ilya-sutskever",
            "sam-altman",
            "adam-dangelo",
            "holden-karnofsky",
            "reid-hoffman",
            "sue-yoon",
            "tasha-mccauley",
        }

    # John Loeber, "A Timeline of the OpenAI Board", 2023-11-18 (Form 990s for 2016 and 2017); OpenAI, "OpenAI
    # Supporters", 2018-02-20 (the four remaining directors).
    def test_clark_on_board_in_2017_and_gone_in_february_2018(self, record: at.Timeline) -> None:
        """Chris Clark is a director at the end of 2017 and off the board by 2018-02-20."""
        assert "chris-clark" in _board(record, "2017-12-31")
        assert "chris-clark" not in _board(record, "2018-02-20")

    # Loeber's timeline as summarised by TechCrunch, 2023-11 (2018-2021 additions, Karnofsky's exit);
    # Bloomberg, "OpenAI Loses Third Board Member With Exit of Presidential Candidate Will Hurd", 2023-07 (Hurd).
    def test_board_had_nine_members_at_end_of_2021(self, record: at.Timeline) -> None:
        """At the end of 2021 the board has nine members, before Hoffman, Zilis and Hurd left in 2023."""
        assert _board(record, "2021-12-31") == BOARD_BEFORE_FIRING | {"reid-hoffman", "shivon-zilis", "will-hurd"}

    # Bloomberg, "OpenAI Loses Third Board Member…", 2023-07: three departures leave six directors.
    def test_board_on_eve_of_firing(self, record: at.Timeline) -> None:
        """On 2023-11-16 the board has six members."""
        assert _board(record, "2023-11-16") == BOARD_BEFORE_FIRING

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17; WIRED Middle East, 2023-11-20 (the staff letter:
    # the board "removed Greg Brockman from the board").
    def test_board_that_fired_altman(self, record: at.Timeline) -> None:
        """On 2023-11-18 four directors remain: Sutskever, D'Angelo, McCauley and Toner."""
        assert _board(record, "2023-11-18") == BOARD_THAT_FIRED_ALTMAN

    # WIRED Middle East, "OpenAI staff threaten to quit unless board resigns", 2023-11-20.
    def test_board_unchanged_on_day_of_staff_letter(self, record: at.Timeline) -> None:
        """On 2023-11-20 the staff letter is addressed to the same four directors."""
        assert _board(record, "2023-11-20") == BOARD_THAT_FIRED_ALTMAN

    # OpenAI on X, 2023-11-21 (agreement in principle); The Wall Street Journal, "OpenAI's New Board Takes Over and
    # Says Microsoft Will Have Observer Role", 2023-11-29.
    def test_board_unchanged_on_2023_11_21(self, record: at.Timeline) -> None:
        """The new initial board was agreed on 2023-11-21 but took over only on 2023-11-29."""
        assert _board(record, "2023-11-21") == BOARD_THAT_FIRED_ALTMAN

    # OpenAI, "Sam Altman returns as CEO, OpenAI has a new initial board", 2023-11-29.
    def test_new_initial_board(self, record: at.Timeline) -> None:
        """On 2023-12-01 the board is Bret Taylor (chair), Larry Summers and Adam D'Angelo."""
        state = record.state_at("2023-12-01")
        assert set(state.board("openai")) == NEW_INITIAL_BOARD
        assert state.holders("openai", "chair") == {"bret-taylor"}

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17 ("Greg Brockman will be stepping down as chairman").
    def test_chair_before_and_after_firing(self, record: at.Timeline) -> None:
        """Brockman chairs the board on 2023-11-16; on 2023-11-18 nobody does."""
        assert record.state_at("2023-11-16").holders("openai", "chair") == {"greg-brockman"}
        assert record.state_at("2023-11-18").holders("openai", "chair") == frozenset()

    # OpenAI, "OpenAI announces new members to board of directors", 2024-03-08.
    def test_board_of_seven_after_review(self, record: at.Timeline) -> None:
        """On 2024-03-08 Altman rejoins, with Desmond-Hellmann, Seligman and Simo: seven directors."""
        expected = NEW_INITIAL_BOARD | {"sam-altman", "sue-desmond-hellmann", "nicole-seligman", "fidji-simo"}
        assert _board(record, "2024-03-08") == expected

    # OpenAI, "OpenAI appoints Retired U.S. Army General Paul M. Nakasone to Board of Directors", 2024-06-13;
    # OpenAI, "Zico Kolter Joins OpenAI's Board of Directors", 2024-08-08 (day unverified);
    # OpenAI, "Adebayo Ogunlesi joins OpenAI's Board of Directors", 2025-01-14 ("now has ten directors").
    def test_board_of_ten_after_ogunlesi(self, record: at.Timeline) -> None:
        """On 2025-01-14 the board has ten directors."""
        board = _board(record, "2025-01-14")
        assert len(board) == 10
        assert {"paul-nakasone", "zico-kolter", "adebayo-ogunlesi"} <= board

    # Reuters (via New India Abroad), "Larry Summers resigns from OpenAI board after Epstein emails", 2025-11.
    def test_summers_leaves_board(self, record: at.Timeline) -> None:
        """Larry Summers sits on the board on 2025-11-18 and not on 2025-11-19."""
        assert "larry-summers" in _board(record, "2025-11-18")
        assert "larry-summers" not in _board(record, "2025-11-19")

    # Reuters, "Microsoft executive Dee Templeton joins OpenAI board – Bloomberg News", 2024-01-05;
    # TheWrap, "Microsoft Exits Role as OpenAI Board Observer Effective Immediately", 2024-07-10.
    def test_microsoft_observer_is_not_a_director(self, record: at.Timeline) -> None:
        """Dee Templeton observes from 2024-01-05 to 2024-07-09 but is never counted on the board."""
        assert record.state_at("2024-01-05").holders("openai", "board-observer") == {"dee-templeton"}
        assert "dee-templeton" not in _board(record, "2024-01-05")
        assert record.state_at("2024-07-09").holders("openai", "board-observer") == frozenset()


class TestPeople:
    """The roles of Greg Brockman and other founders and executives."""

    # OpenAI, "Introducing OpenAI", 2015-12-11: Brockman is CTO.
    def test_brockman_cto_at_founding(self, record: at.Timeline) -> None:
        """At the founding Greg Brockman is CTO and nothing else."""
        assert record.state_at("2015-12-11").roles("openai")["greg-brockman"] == {"cto"}

    # John Loeber, "A Timeline of the OpenAI Board", 2023-11-18 (director, 2017); OpenAI, "OpenAI LP", 2019-03-11
    # ("Greg Brockman (Chairman & CTO)").
    def test_brockman_cto_director_and_chair_in_2019(self, record: at.Timeline) -> None:
        """On 2019-03-11 Brockman is CTO, a director and chairman of the board."""
        assert record.state_at("2019-03-11").roles("openai")["greg-brockman"] == {"cto", "director", "chair"}

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17: "president", "chairman of the board".
    def test_brockman_president_director_chair_before_firing(self, record: at.Timeline) -> None:
        """On 2023-11-16 Brockman is president, director and chair."""
        assert record.state_at("2023-11-16").roles("openai")["greg-brockman"] == {"president", "director", "chair"}

    # OpenAI, 2023-11-17 (removed as chair); Forbes, "OpenAI President And Cofounder Quits Over Sam Altman Firing",
    # 2023-11-17 ("based on today's news, i quit").
    def test_brockman_holds_nothing_after_quitting(self, record: at.Timeline) -> None:
        """On 2023-11-17 Brockman has lost the chair and his seat and has quit as president."""
        assert "greg-brockman" not in record.state_at("2023-11-17").roles("openai")

    # OpenAI, "Sam Altman returns as CEO, OpenAI has a new initial board", 2023-11-29.
    def test_brockman_returns_as_president_only(self, record: at.Timeline) -> None:
        """On 2023-12-01 Brockman is president again, but not on the board."""
        assert record.state_at("2023-12-01").roles("openai")["greg-brockman"] == {"president"}

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17; WIRED Middle East, 2023-11-20 (Murati signs the
    # staff letter as chief technology officer).
    def test_murati_keeps_cto_while_interim_ceo(self, record: at.Timeline) -> None:
        """On 2023-11-18 Mira Murati is both CTO and interim CEO."""
        assert record.state_at("2023-11-18").roles("openai")["mira-murati"] == {"cto", "interim-ceo"}

    # Associated Press, "OpenAI Chief Technology Officer Mira Murati and 2 other execs are leaving the ChatGPT
    # maker", 2024-09-25.
    def test_murati_leaves(self, record: at.Timeline) -> None:
        """Murati is CTO on 2024-09-24 and holds no role from 2024-09-25."""
        assert record.state_at("2024-09-24").holders("openai", "cto") == {"mira-murati"}
        assert "mira-murati" not in record.state_at("2024-09-25").roles("openai")

    # TechCrunch, "Ilya Sutskever, OpenAI co-founder and longtime chief scientist, departs", 2024-05-14.
    def test_sutskever_leaves(self, record: at.Timeline) -> None:
        """Sutskever, off the board since 2023-11-29, holds no role at OpenAI from 2024-05-14."""
        assert record.state_at("2024-05-13").roles("openai")["ilya-sutskever"] == {"chief-scientist"}
        assert "ilya-sutskever" not in record.state_at("2024-05-14").roles("openai")


class TestOwnership:
    """Who owns OpenAI Group after the recapitalisation of 2025-10-28."""

    # Bloomberg, "Move Over Elon Musk. Microsoft to Invest $1 Billion in Partnership With OpenAI", 2019-07-22;
    # Reuters, "Microsoft to invest more in OpenAI as tech race heats up", 2023-01-23: no stake was disclosed for
    # Microsoft's earlier investments, and none is recorded for anyone before the recapitalisation.
    def test_no_cap_table_before_recapitalisation(self, record: at.Timeline) -> None:
        """Until 2025-10-26 the record gives no stake in the for-profit to anyone."""
        state = record.state_at("2025-10-26")
        assert state.cap_table("openai-group") == {}
        assert state.stake("microsoft", "openai-group") is None

    # Microsoft, "The next chapter of the Microsoft–OpenAI partnership", 2025-10-28: "Excluding the impact of
    # OpenAI's recent funding rounds, Microsoft held a 32.5 percent stake on an as-converted basis in the OpenAI
    # for-profit" (dated 2025-10-27, the last day before the recapitalisation; made public on 2025-10-28).
    def test_pre_recapitalisation_stake_is_a_late_disclosure_kept_as_a_counterfactual(
        self, record: at.Timeline
    ) -> None:
        """Microsoft's 32.5 % describes no holding on any date: it is kept as reported (known from 2025-10-28),
        never as a line of the cap table."""
        assert record.state_at("2025-10-27", known_at="2025-10-27").reported_stake("microsoft", "openai-group") is None
        for known_at in ("2025-10-28", None):
            state = record.state_at("2025-10-27", known_at=known_at)
            assert state.stake("microsoft", "openai-group") is None
            figure = state.reported_stake("microsoft", "openai-group")
            assert figure is not None
            assert (figure.stake.low, figure.stake.high) == (Fraction(325, 1000), Fraction(325, 1000))
            assert figure.basis == "as-converted, excluding the impact of OpenAI's recent funding rounds"

    # Microsoft, "The next chapter of the Microsoft–OpenAI partnership", 2025-10-28 ("approximately 27 percent on an
    # as-converted diluted basis"); CNBC, "OpenAI completes restructure, solidifying Microsoft as a major
    # shareholder", 2025-10-28.
    def test_microsoft_stake_after_recapitalisation(self, record: at.Timeline) -> None:
        """On 2025-10-28 Microsoft holds about 27 % of OpenAI Group PBC, as-converted and diluted."""
        stake = record.state_at("2025-10-28").stake("microsoft", "openai-group")
        assert stake is not None
        assert (stake.low, stake.high) == (Fraction(27, 100), Fraction(27, 100))
        assert stake.qualifier == "about"
        assert stake.basis == "as-converted, diluted"

    # OpenAI, "Built to benefit everyone", 2025-10-28: the Foundation holds about 26 %.
    def test_foundation_stake_after_recapitalisation(self, record: at.Timeline) -> None:
        """On 2025-10-28 the OpenAI Foundation holds about 26 % of OpenAI Group PBC."""
        stake = record.state_at("2025-10-28").stake("openai", "openai-group")
        assert stake is not None
        assert (stake.low, stake.high, stake.qualifier) == (Fraction(26, 100), Fraction(26, 100), "about")

    # CNBC, 2025-10-28: employees and other investors hold the remaining 47 %.
    def test_cap_table_adds_up_to_the_whole(self, record: at.Timeline) -> None:
        """Foundation, Microsoft and other holders add up to 100 %."""
        table = record.state_at("2025-10-28").cap_table("openai-group")
        assert set(table) == {"openai", "microsoft", "other-holders"}
        assert sum((s.low for s in table.values()), Fraction(0)) == 1

    # AFP, "SoftBank lifts OpenAI stake to 11% with $41bln investment", 2025-12-31.
    def test_softbank_is_carved_out_of_the_other_holders(self, record: at.Timeline) -> None:
        """From 2025-12-26 SoftBank's about 11 % is its own line, carved out of the 47 % of other holders (which is
        then a derived 36 %); the lines still add up to 100 %."""
        assert record.state_at("2025-12-25").stake("softbank", "openai-group") is None
        table = record.state_at("2025-12-31").cap_table("openai-group")
        assert table["softbank"].low == Fraction(11, 100)
        assert table["other-holders"].low == Fraction(36, 100)
        assert table.line("softbank").kind == "reported"
        assert table.line("other-holders").kind == "derived"
        assert sum((s.low for s in table.values()), Fraction(0)) == 1

    # Oracle, "OpenAI Selects Oracle Cloud Infrastructure to Extend Microsoft Azure AI Platform", 2024-06-11: the
    # first commitment on the record. (This test used to pin "nothing before Stargate (2025-01-21)", a fact the
    # record only had because the 2024 Oracle deal was missing.)
    def test_first_commitment_is_oracle_2024(self, record: at.Timeline) -> None:
        """On 2024-06-10 OpenAI has no compute commitment on the record; from 2024-06-11 it has Oracle's, and it is
        still the only one on 2025-01-20."""
        assert record.state_at("2024-06-10").commitments("openai-group") == ()
        for day in ("2024-06-11", "2025-01-20"):
            (oci,) = record.state_at(day).commitments("openai-group")
            assert (oci.id, oci.supplier, oci.gigawatts, oci.amount) == (
                "openai-oracle-oci-azure",
                "oracle",
                None,
                None,
            )

    # Reuters, "Exclusive: OpenAI taps Google in unprecedented cloud deal…", 2025-06-10; OpenAI, "Stargate advances
    # with 4.5 GW partnership with Oracle", 2025-07-22; OpenAI/NVIDIA, "OpenAI and NVIDIA announce strategic
    # partnership to deploy 10 gigawatts of NVIDIA systems", 2025-09-22; OpenAI, "OpenAI, Oracle, and SoftBank
    # expand Stargate with five new AI datacenter sites", 2025-09-23; CoreWeave, "CoreWeave Announces Agreement with
    # OpenAI to Deliver AI Infrastructure", 2025-03-10; OpenAI, "Announcing The Stargate Project", 2025-01-21;
    # Oracle, "OpenAI Selects Oracle Cloud Infrastructure…", 2024-06-11 (no gigawatts stated).
    def test_commitments_on_2025_09_30(self, record: at.Timeline) -> None:
        """On 2025-09-30 six commitments are in force, five of them stating 24.5 GW between them."""
        commitments = record.state_at("2025-09-30").commitments("openai-group")
        assert {c.id for c in commitments} == {
            "openai-oracle-oci-azure",
            "stargate-us-infrastructure",
            "openai-coreweave",
            "openai-google-cloud",
            "openai-oracle-stargate",
            "openai-nvidia-10gw",
        }
        # Chips to deploy (Nvidia) and data-centre capacity (Stargate, Oracle) measure different things.
        with pytest.raises(at.errors.UnitError, match="2 kinds of capacity"):
            at.total_gigawatts(commitments)
        centres = at.total_gigawatts(commitments, "data-centre")
        assert centres is not None
        # Oracle's 4.5 GW sit inside Stargate's 10 GW: counted once.
        assert centres.left_out == ("openai-oracle-stargate",)
        assert isinstance(centres.value, at.Quantity)
        assert (centres.value.low, centres.value.high, centres.value.unit) == (_gw("10"), _gw("10"), "GW")
        chips = at.total_gigawatts(commitments, "chips")
        assert chips is not None
        assert chips.summed == ("openai-nvidia-10gw",)
        assert chips.value.qualifier == "at-least"  # Nvidia's "at least 10 GW"
        mixed = at.total_gigawatts(commitments, mix=True)
        assert mixed is not None
        assert mixed.kinds == ("chips", "data-centre")
        assert str(mixed) == "at least 20 GW (chips and data-centre added together)"

    # AMD, "AMD and OpenAI Announce Strategic Partnership to Deploy 6 Gigawatts of AMD GPUs", 2025-10-06.
    def test_commitments_on_2025_10_07(self, record: at.Timeline) -> None:
        """On 2025-10-07 the AMD deal adds 6 GW of chips: 16 GW of chips (at least), 10 of data centres."""
        commitments = record.state_at("2025-10-07").commitments("openai-group")
        assert "openai-amd-6gw" in {c.id for c in commitments}
        chips = at.total_gigawatts(commitments, "chips")
        assert chips is not None
        assert (chips.value.low, chips.value.qualifier) == (_gw("16"), "at-least")

    # OpenAI, "OpenAI and Broadcom announce strategic collaboration…", 2025-10-13; Microsoft, "The next chapter of
    # the Microsoft–OpenAI partnership", 2025-10-28 ($250 billion of Azure); OpenAI and Amazon, "AWS and OpenAI
    # announce multi-year strategic partnership", 2025-11-03 ($38 billion).
    def test_commitments_on_2025_11_04(self, record: at.Timeline) -> None:
        """On 2025-11-04 the commitments in force state at least 26 GW of chips (Nvidia, AMD, Broadcom) and 10 GW of
        data-centre capacity counted once (Oracle's 4.5 GW inside Stargate's 10 GW, not 14.5); they are two kinds,
        not 36 GW; Azure and AWS state dollars only."""
        commitments = record.state_at("2025-11-04").commitments("openai-group")
        chips, centres = at.total_gigawatts(commitments, "chips"), at.total_gigawatts(commitments, "data-centre")
        assert chips is not None
        assert centres is not None
        assert (chips.value.low, chips.value.qualifier) == (_gw("26"), "at-least")
        assert centres.value.low == centres.value.high == _gw("10")
        assert "openai-oracle-stargate" in centres.left_out
        assert "stargate-us-infrastructure" in centres.summed
        by_id = {c.id: c for c in commitments}
        assert by_id["openai-aws-38bn"].amount == at.Money.of("38000000000", stated="$38 billion")
        assert by_id["openai-azure-250bn"].gigawatts is None

    # CoreWeave, "CoreWeave Announces Agreement with OpenAI to Deliver AI Infrastructure", 2025-03-10 (up to
    # $11.9 billion); Reuters, "Exclusive: CoreWeave expands OpenAI pact with new $6.5 billion contract", 2025-09-25
    # (a $4 billion add-on in May; total up to about $22.4 billion).
    @pytest.mark.parametrize(
        ("day", "up_to"),
        [("2025-03-10", "11900000000"), ("2025-05-31", "15900000000"), ("2025-09-25", "22400000000")],
    )
    def test_coreweave_contract_value(self, record: at.Timeline, day: str, up_to: str) -> None:
        """The CoreWeave contract grows from up to $11.9 billion to up to about $22.4 billion."""
        (coreweave,) = record.state_at(day).commitments("openai-group", supplier="coreweave")
        assert coreweave.amount is not None
        assert (coreweave.amount.value, coreweave.amount.qualifier) == (Decimal(up_to), "up-to")

    # OpenAI, "OpenAI and NVIDIA announce strategic partnership to deploy 10 gigawatts of NVIDIA systems", 2025-09-22.
    def test_nvidia_deal_is_a_letter_of_intent_for_at_least_10_gw(self, record: at.Timeline) -> None:
        """The Nvidia deal of 2025-09-22 is a letter of intent for at least 10 GW."""
        (nvidia,) = record.state_at("2025-09-22").commitments("openai-group", supplier="nvidia")
        assert nvidia.stage == "letter-of-intent"
        assert nvidia.gigawatts is not None
        assert (nvidia.gigawatts.low, nvidia.gigawatts.qualifier) == (Decimal(10), "at-least")

    # OpenAI, "Announcing The Stargate Project", 2025-01-21 (dollars only); OpenAI, "OpenAI, Oracle, and SoftBank
    # expand Stargate with five new AI datacenter sites", 2025-09-23 ("the full $500 billion, 10-gigawatt
    # commitment").
    def test_stargate_gigawatts_stated_only_from_september(self, record: at.Timeline) -> None:
        """Stargate's commitment states no gigawatts until 2025-09-23, then 10 GW."""
        (before,) = record.state_at("2025-09-22").commitments("openai-group", supplier="stargate")
        (after,) = record.state_at("2025-09-23").commitments("openai-group", supplier="stargate")
        assert before.gigawatts is None
        assert after.gigawatts is not None
        assert after.gigawatts.value == Decimal(10)

    # The Wall Street Journal, "Oracle, OpenAI Sign $300 Billion Cloud Deal", 2025-09-10.
    def test_oracle_dollar_figure_from_wsj_report(self, record: at.Timeline) -> None:
        """The Oracle commitment has no dollar figure until the WSJ's report of about $300 billion."""
        (before,) = [
            c for c in record.state_at("2025-09-09").commitments("openai-group") if c.id == "openai-oracle-stargate"
        ]
        (after,) = [
            c for c in record.state_at("2025-09-10").commitments("openai-group") if c.id == "openai-oracle-stargate"
        ]
        assert before.amount is None
        assert after.amount is not None
        assert (after.amount.value, after.amount.qualifier) == (Decimal("300000000000"), "about")

    # Bloomberg (via Business Standard), "Pledge to invest $100 bn in OpenAI was never a commitment: Nvidia",
    # 2026-02-02 (the WSJ report of 2026-01-30); OpenAI, "Scaling AI for everyone", 2026-02-27.
    def test_nvidia_letter_of_intent_stalls_then_is_replaced(self, record: at.Timeline) -> None:
        """The 10 GW letter of intent is reported stalled on 2026-01-30 and is replaced by Nvidia's $30 billion of
        equity on 2026-02-27: from then it is not in force, and not counted."""
        (loi,) = [c for c in record.state_at("2026-01-30").commitments("openai-group") if c.id == "openai-nvidia-10gw"]
        assert loi.status == "stalled"
        nvidia = record.state_at("2026-02-27").commitments("openai-group", supplier="nvidia")
        assert {c.id for c in nvidia} == {"openai-nvidia-vera-rubin-5gw"}
        (ended,) = [
            c
            for c in record.state_at("2026-02-27").commitments("openai-group", in_force=False)
            if c.id == "openai-nvidia-10gw"
        ]
        assert (ended.status, ended.replaced_by) == ("replaced", "nvidia-invests-30bn-2026")


class TestAmdWarrant:
    """The warrant AMD issued OpenAI with the 6 GW deal."""

    # Advanced Micro Devices, Inc. (SEC filing), "Form 8-K, Exhibit 4.1: Warrant to Purchase Shares of Common Stock
    # (OpenAI OpCo, LLC)", 2025-10-06: dated 2025-10-05.
    def test_no_warrant_before_the_deal(self, record: at.Timeline) -> None:
        """On 2025-10-04 AMD has issued OpenAI no warrant."""
        assert record.state_at("2025-10-04").warrants(issuer="amd") == ()

    # AMD, "AMD and OpenAI Announce Strategic Partnership to Deploy 6 Gigawatts of AMD GPUs", 2025-10-06: up to
    # 160 million shares at $0.01 each.
    def test_warrant_size_and_price(self, record: at.Timeline) -> None:
        """The warrant is for 160,000,000 AMD shares at an exercise price of exactly $0.01."""
        (warrant,) = record.state_at("2025-10-05").warrants(holder="openai-group", issuer="amd")
        assert warrant.shares == 160_000_000
        assert warrant.exercise_price == at.Money.of("0.01")
        assert warrant.exercise_price.is_exact

    # AMD, 2025-10-06: the first tranche vests on delivery of the first 1 GW, due from the second half of 2026.
    @pytest.mark.parametrize("day", ["2025-10-06", "2025-12-31", "2026-06-30"])
    def test_no_tranche_has_vested(self, record: at.Timeline, day: str) -> None:
        """Before deliveries begin in the second half of 2026 no tranche has vested and nothing is exercised."""
        (warrant,) = record.state_at(day).warrants(holder="openai-group")
        assert warrant.vested == ()
        assert warrant.vested_shares == 0
        assert warrant.exercised == 0

    # AMD, 2025-10-06: the first tranche on the first 1 GW; the last on 6 GW and a $600 AMD share price.
    def test_tranches_run_from_first_gigawatt_to_600_dollar_target(self, record: at.Timeline) -> None:
        """The tranches run from the first 1 GW to the final 6 GW and $600 share-price condition."""
        (warrant,) = record.state_at("2025-10-06").warrants(holder="openai-group")
        assert [t.name for t in warrant.tranches] == ["first-1gw", "intermediate", "final-6gw"]
        assert "$600" in warrant.tranches[-1].condition


class TestOrganisations:
    """Legal forms and names of the nonprofit (openai) and the for-profit (openai-group)."""

    # OpenAI, "Introducing OpenAI", 2015-12-11.
    def test_openai_founded_as_nonprofit(self, record: at.Timeline) -> None:
        """On 2015-12-11 OpenAI, Inc. is a nonprofit."""
        state = record.state_at("2015-12-11")
        assert (state.name("openai"), state.legal_form("openai")) == ("OpenAI, Inc.", "nonprofit")

    # OpenAI, "OpenAI LP", 2019-03-11.
    def test_for_profit_has_no_legal_form_before_openai_lp(self, record: at.Timeline) -> None:
        """On 2019-03-10 the for-profit does not exist yet: it has no legal form."""
        assert record.state_at("2019-03-10").legal_form("openai-group") is None

    # OpenAI, "OpenAI LP", 2019-03-11: a "capped-profit" company.
    def test_openai_lp_is_capped_profit(self, record: at.Timeline) -> None:
        """From 2019-03-11 OpenAI LP is a capped-profit company."""
        state = record.state_at("2019-03-11")
        assert (state.name("openai-group"), state.legal_form("openai-group")) == ("OpenAI LP", "capped-profit")

    # OpenAI, "Why OpenAI's structure must evolve to advance our mission", 2024-12-27: a plan, not a change.
    def test_pbc_plan_does_not_change_legal_form(self, record: at.Timeline) -> None:
        """The PBC plan of 2024-12-27 leaves the for-profit capped-profit until the recapitalisation."""
        assert record.state_at("2024-12-27").legal_form("openai-group") == "capped-profit"
        assert record.state_at("2025-10-27").legal_form("openai-group") == "capped-profit"

    # OpenAI, "Built to benefit everyone", 2025-10-28.
    def test_for_profit_becomes_pbc(self, record: at.Timeline) -> None:
        """From 2025-10-28 the for-profit is OpenAI Group PBC, a public benefit corporation."""
        state = record.state_at("2025-10-28")
        assert (state.name("openai-group"), state.legal_form("openai-group")) == ("OpenAI Group PBC", "pbc")

    # OpenAI, "Built to benefit everyone", 2025-10-28.
    def test_nonprofit_renamed_openai_foundation(self, record: at.Timeline) -> None:
        """The nonprofit is OpenAI, Inc. on 2025-10-27 and the OpenAI Foundation, still a nonprofit, on 2025-10-28."""
        assert record.state_at("2025-10-27").name("openai") == "OpenAI, Inc."
        state = record.state_at("2025-10-28")
        assert (state.name("openai"), state.legal_form("openai")) == ("OpenAI Foundation", "nonprofit")

    # OpenAI, "OpenAI LP", 2019-03-11; OpenAI, "Built to benefit everyone", 2025-10-28.
    def test_legal_form_history(self, record: at.Timeline) -> None:
        """The for-profit's legal form changed twice: capped-profit in 2019, PBC in 2025."""
        history = record.history(lambda s: s.legal_form("openai-group"))
        assert history == [(dt.date(2019, 3, 11), "capped-profit"), (dt.date(2025, 10, 28), "pbc")]


class TestValuation:
    """OpenAI Group's valuation after each round."""

    # The Information, "OpenAI Wraps Up Tender as AI Talent War Heats Up", 2023-04-17: the first valuation on the
    # record. (This test used to pin "no valuation before 2024-10-02", which held only because the share sales of
    # April 2023 and February 2024 were missing.)
    def test_no_valuation_before_april_2023(self, record: at.Timeline) -> None:
        """On 2023-04-16 the record has no valuation for OpenAI; on 2024-10-01 it has the February 2024 sale's."""
        assert _valuation(record, "2023-04-16") is None
        assert _valuation(record, "2024-10-01") == Decimal("86000000000")

    # OpenAI, "New funding to scale the benefits of AI", 2024-10-02: $157B post-money.
    # OpenAI, "New funding to build towards AGI", 2025-03-31; SoftBank Group, "Announcement Regarding Follow-on
    # Investments in OpenAI", 2025-04-01: $300 billion post-money.
    # CNBC, "OpenAI wraps $6.6 billion share sale at $500 billion valuation", 2025-10-02.
    # OpenAI, "Accelerating the next phase of AI", 2026-03-31: $852 billion post-money.
    @pytest.mark.parametrize(
        ("day", "valuation"),
        [
            ("2024-10-02", "157000000000"),
            ("2025-03-30", "157000000000"),
            ("2025-03-31", "300000000000"),
            ("2025-10-02", "500000000000"),
            ("2026-03-31", "852000000000"),
        ],
    )
    def test_valuation_after_each_round(self, record: at.Timeline, day: str, valuation: str) -> None:
        """The valuation is the latest one reported on or before the day."""
        assert _valuation(record, day) == Decimal(valuation)

    # OpenAI, "Scaling AI for everyone", 2026-02-27: "$730 billion pre-money valuation".
    def test_february_2026_figure_is_pre_money(self, record: at.Timeline) -> None:
        """The figure of 2026-02-27 is $730 billion and, as stated, pre-money."""
        reported = record.state_at("2026-02-27").metric("openai-group", "valuation")
        assert reported is not None
        assert reported.value.value == Decimal("730000000000")
        assert reported.value.stated is not None
        assert "pre-money" in reported.value.stated  # the source's own words
        assert reported.basis == "pre-money"

    # The Information, 2023-04-17 (tender offer, about $27 billion); Hindustan Times (citing the NYT), 2024-02-17,
    # and the WSJ and Reuters of 2024-10 (tender offer, about $86 billion); OpenAI, "New funding to scale the
    # benefits of AI", 2024-10-02; OpenAI, "New funding to build towards AGI", 2025-03-31; CNBC, "OpenAI wraps
    # $6.6 billion share sale at $500 billion valuation", 2025-10-02; OpenAI, "Scaling AI for everyone", 2026-02-27;
    # OpenAI, "Accelerating the next phase of AI", 2026-03-31.
    def test_valuation_history(self, record: at.Timeline) -> None:
        """Seven valuations are reported, each on the day of its round or sale."""
        history = record.history(lambda s: s.metric("openai-group", "valuation"))
        assert [(str(day), v.value.value) for day, v in history if v is not None] == [
            ("2023-04-17", Decimal("27000000000")),
            ("2024-02-16", Decimal("86000000000")),
            ("2024-10-02", Decimal("157000000000")),
            ("2025-03-31", Decimal("300000000000")),
            ("2025-10-02", Decimal("500000000000")),
            ("2026-02-27", Decimal("730000000000")),
            ("2026-03-31", Decimal("852000000000")),
        ]


class TestMicrosoftAgreement:
    """The Microsoft–OpenAI partnership's terms over time."""

    @staticmethod
    def _partnership(state: at.State) -> at.Agreement | None:
        """The partnership among Microsoft's agreements (the GPT-3 licence of 2020-09-22 is a second one)."""
        found = [a for a in state.agreements("microsoft") if a.id == "microsoft-openai-partnership"]
        return found[0] if found else None

    @classmethod
    def _terms(cls, record: at.Timeline, day: str) -> at.Terms:
        agreement = cls._partnership(record.state_at(day))
        assert agreement is not None
        return agreement.terms

    # Bloomberg, "Move Over Elon Musk. Microsoft to Invest $1 Billion in Partnership With OpenAI", 2019-07-22.
    def test_no_agreement_before_july_2019(self, record: at.Timeline) -> None:
        """On 2019-07-21 Microsoft has no agreement with OpenAI on the record."""
        assert record.state_at("2019-07-21").agreements("microsoft") == ()

    # OpenAI, "Microsoft invests in and partners with OpenAI to support us building beneficial AGI", 2019-07-22
    # ("Microsoft will become our exclusive cloud provider").
    def test_exclusive_cloud_in_2019(self, record: at.Timeline) -> None:
        """From 2019-07-22 Azure is OpenAI's exclusive cloud; no right of first refusal is stated."""
        terms = self._terms(record, "2019-07-22")
        assert (terms.cloud_exclusivity, terms.compute_rofr) == (True, None)

    # The National, "Microsoft announces multibillion-dollar investment in ChatGPT maker OpenAI", 2023-01-23.
    def test_exclusivity_kept_in_2023(self, record: at.Timeline) -> None:
        """The 2023 extension keeps Azure exclusive."""
        assert self._terms(record, "2023-01-23").cloud_exclusivity is True

    # Microsoft, "Microsoft and OpenAI evolve partnership to drive the next phase of AI", 2025-01-21.
    def test_right_of_first_refusal_replaces_exclusivity(self, record: at.Timeline) -> None:
        """From 2025-01-21 exclusivity ends and Microsoft holds a right of first refusal on new capacity."""
        before = self._terms(record, "2025-01-20")
        assert (before.cloud_exclusivity, before.compute_rofr) == (True, None)
        terms = self._terms(record, "2025-01-21")
        assert (terms.cloud_exclusivity, terms.compute_rofr) == (False, True)

    # Microsoft, "The next chapter of the Microsoft–OpenAI partnership", 2025-10-28.
    def test_right_of_first_refusal_ends_in_october_2025(self, record: at.Timeline) -> None:
        """From 2025-10-28 Microsoft no longer has a right of first refusal; its IP rights run to 2032."""
        terms = self._terms(record, "2025-10-28")
        assert (terms.cloud_exclusivity, terms.compute_rofr) == (False, False)
        assert terms.ip_rights_until is not None
        assert terms.ip_rights_until.startswith("2032")
        assert terms.agi_declaration is not None
        assert "expert panel" in terms.agi_declaration

    # OpenAI, "The next phase of the Microsoft OpenAI partnership", 2026-04-27.
    def test_licence_becomes_non_exclusive_in_2026(self, record: at.Timeline) -> None:
        """From 2026-04-27 Microsoft's licence to OpenAI IP is non-exclusive; the agreement stays in force."""
        agreement = self._partnership(record.state_at("2026-04-27"))
        assert agreement is not None
        assert agreement.in_force
        assert agreement.terms.ip_rights_until is not None
        assert "non-exclusive" in agreement.terms.ip_rights_until
        assert agreement.changed == at.parse_date("2026-04-27")

    # Microsoft, "Microsoft and OpenAI evolve partnership to drive the next phase of AI", 2025-01-21; Microsoft,
    # "The next chapter of the Microsoft–OpenAI partnership", 2025-10-28.
    def test_right_of_first_refusal_history(self, record: at.Timeline) -> None:
        """The right of first refusal existed from 2025-01-21 to 2025-10-28."""

        def rofr(state: at.State) -> bool | None:
            agreement = self._partnership(state)
            return agreement.terms.compute_rofr if agreement else None

        assert record.history(rofr) == [(dt.date(2025, 1, 21), True), (dt.date(2025, 10, 28), False)]


class TestBetweenDiffHistory:
    """Timeline.between, diff and history over the record."""

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17; Forbes, "OpenAI President And Cofounder Quits
    # Over Sam Altman Firing", 2023-11-17; Axios, "OpenAI board names a new interim CEO — and it's not Sam Altman",
    # 2023-11-20; WIRED Middle East, "OpenAI staff threaten to quit unless board resigns", 2023-11-20; OpenAI on X,
    # "We have reached an agreement in principle…", 2023-11-21; CNBC (via NBC Chicago), "Microsoft exec says OpenAI
    # employees can join with same compensation", 2023-11-21.
    def test_between_covers_the_five_days(self, record: at.Timeline) -> None:
        """From 2023-11-17 to 2023-11-21 the events run from the firing to the revised count of the staff
        letter's signatories (published the day of Microsoft's offer to staff), through Shear's appointment."""
        events = record.between("2023-11-17", "2023-11-21")
        ids = [e.id for e in events]
        assert ids[0] == "altman-fired-2023"
        assert ids.index("brockman-quits-2023") < ids.index("shear-interim-ceo-2023")
        assert events[-2].id == "microsoft-offers-matching-pay-2023"
        assert events[-1].id == "openai-staff-letter-count-revised-2023"
        assert all(dt.date(2023, 11, 17) <= e.date.effective <= dt.date(2023, 11, 21) for e in events)

    # OpenAI, "Sam Altman returns as CEO, OpenAI has a new initial board", 2023-11-29.
    def test_between_one_day(self, record: at.Timeline) -> None:
        """On 2023-11-29 alone: Altman's return, the board change, the observer seat, all dated that day."""
        events = record.between("2023-11-29", "2023-11-29")
        ids = [e.id for e in events]
        assert all(e.date.effective == dt.date(2023, 11, 29) for e in events)
        assert ids[0] == "altman-reinstated-ceo-2023"
        assert "taylor-board-chair-2023" in ids
        assert "microsoft-board-observer-seat-2023" in ids

    # OpenAI, "OpenAI announces leadership transition", 2023-11-17; OpenAI, "Sam Altman returns as CEO, OpenAI has
    # a new initial board", 2023-11-29.
    def test_diff_across_the_crisis(self, record: at.Timeline) -> None:
        """From 2023-11-16 to 2023-12-01 the board and the chair changed, but the CEO is Altman at both ends."""
        diff = record.diff("2023-11-16", "2023-12-01")
        changes = {(c.aspect, c.subject): c for c in diff.changes}
        director = changes[("role", ("openai", "director"))]
        assert (set(director.before), set(director.after)) == (BOARD_BEFORE_FIRING, NEW_INITIAL_BOARD)
        chair = changes[("role", ("openai", "chair"))]
        assert (chair.before, chair.after) == (("greg-brockman",), ("bret-taylor",))
        assert ("role", ("openai", "ceo")) not in changes
        assert diff.events == record.between("2023-11-17", "2023-12-01")  # the events after the start, to the end
        assert chair.event_ids == ("brockman-removed-as-chair-2023", "taylor-board-chair-2023")
        assert chair.event_ids[-1] == "taylor-board-chair-2023"
        assert repr(chair.event_ids) == "('brockman-removed-as-chair-2023', 'taylor-board-chair-2023')"

    # OpenAI, "Built to benefit everyone", 2025-10-28; Microsoft, "The next chapter of the Microsoft–OpenAI
    # partnership", 2025-10-28.
    def test_diff_of_the_recapitalisation(self, record: at.Timeline) -> None:
        """Over 2025-10-28 the for-profit becomes a PBC, the nonprofit is renamed and the cap table is replaced:
        before it, the record holds no cap table."""
        changes = {(c.aspect, c.subject): c for c in record.diff("2025-10-27", "2025-10-28").changes}
        legal_form = changes[("legal_form", ("openai-group",))]
        assert (legal_form.before, legal_form.after) == ("capped-profit", "pbc")
        assert changes[("name", ("openai",))].after == "OpenAI Foundation"
        cap_table = changes[("cap_table", ("openai-group",))]
        assert cap_table.before is None  # the 32.5 % of 2025-10-27 is a counterfactual figure, not a holding
        assert set(cap_table.after) == {"openai", "microsoft", "other-holders"}

    # Any two dates: a diff runs forwards.
    def test_diff_refuses_reversed_dates(self, record: at.Timeline) -> None:
        """A diff whose end is before its start is refused."""
        with pytest.raises(ValueError, match="before"):
            record.diff("2025-10-28", "2023-11-16")

    # OpenAI, "Introducing OpenAI", 2015-12-11 (CTO); John Loeber, "A Timeline of the OpenAI Board", 2023-11-18
    # (director, 2017); OpenAI, "OpenAI LP", 2019-03-11 (chairman by then); OpenAI, "OpenAI leadership team
    # update", 2022-05-05 (president, with Mira Murati as CTO; the pin used to say 2022-12-31, a year-only date
    # inferred from a 2023 profile, which left Brockman CTO at ChatGPT's launch); OpenAI, "OpenAI announces
    # leadership transition", 2023-11-17 (removed and quit); OpenAI, "Sam Altman returns as CEO…", 2023-11-29
    # (president again).
    def test_brockman_role_history(self, record: at.Timeline) -> None:
        """Brockman's roles at the nonprofit changed six times, he held none from 2023-11-17 to 2023-11-29, and
        from the recapitalisation of 2025-10-28 he is president of OpenAI Group PBC, not of the Foundation."""
        history = record.history(lambda s: s.roles("openai").get("greg-brockman"))
        assert [(str(day), roles) for day, roles in history] == [
            ("2015-12-11", {"cto"}),
            ("2017-12-31", {"cto", "director"}),
            ("2019-03-11", {"cto", "director", "chair"}),
            ("2022-05-05", {"president", "director", "chair"}),
            ("2023-11-17", None),
            ("2023-11-29", {"president"}),
            ("2025-10-28", None),
        ]
        group = record.history(lambda s: s.roles("openai-group").get("greg-brockman"))
        assert [(str(day), roles) for day, roles in group] == [("2025-10-28", frozenset({"president"}))]


class TestWhatWasKnownWhen:
    """Answers as they could be given on a past day, from what had been recorded by then."""

    @staticmethod
    def _letter(record: at.Timeline, known_at: str | None) -> at.events.LetterPublished:
        events = record.between("2023-11-20", "2023-11-20", known_at=known_at)
        letter = next(e for e in events if e.id == "openai-staff-letter-2023")
        assert isinstance(letter, at.events.LetterPublished)
        return letter

    # WIRED Middle East, "OpenAI staff threaten to quit unless board resigns", 2023-11-20 (738 of about 770 by
    # 5:10 pm ET); Financial Times (republished by Ars Technica), "95% of OpenAI employees have threatened to quit
    # in standoff with board", 2023-11-21 (747 of 770 by the end of Monday).
    def test_staff_letter_count_as_first_reported_then_revised(self, record: at.Timeline) -> None:
        """Known on 2023-11-20 the letter had some 738 signatories; known from 2023-11-21, 747."""
        first = self._letter(record, "2023-11-20").signatories
        assert first is not None
        assert (first.value, first.qualifier) == (Decimal(738), "about")
        for known_at in ("2023-11-21", None):
            revised = self._letter(record, known_at).signatories
            assert revised is not None
            assert (revised.value, revised.qualifier) == (Decimal(747), None)

    # Microsoft, "Form 10-Q for the quarter ended September 30, 2025", 2025-10-29: "total funding commitments of
    # $13 billion, of which $11.6 billion has been funded as of September 30, 2025"; the 10-Q of the quarter to
    # 2025-12-31 (filed 2026-01-28): $11.7 billion.
    def test_microsoft_funding_as_disclosed(self, record: at.Timeline) -> None:
        """Microsoft's funded total is the 10-Q's: $11.6 billion at 2025-09-30 (known from the filing on 2025-10-29),
        $11.7 billion at 2025-12-31; the payments on the record are kept beside it, not replaced."""
        unknown = record.state_at("2025-09-30", known_at="2025-10-28").funding("microsoft", "openai-group")
        assert unknown is not None
        assert unknown.disclosed_paid is None
        funding = record.state_at("2025-12-31").funding("microsoft", "openai-group")
        assert funding is not None
        assert (funding.disclosed_committed, funding.disclosed_paid) == (
            at.Money.of("13000000000", stated="total funding commitments of $13 billion"),
            at.Money.of("11700000000", stated="of which $11.7 billion has been funded as of December 31, 2025"),
        )
        assert funding.disclosed_by == "microsoft-openai-funding-2025-12"
        assert funding.paid is not None
        assert funding.disclosed_paid is not None
        assert funding.paid.high < funding.disclosed_paid.low  # the record dates few of the payments


class TestOwnership2026:
    """The 2025–2026 rounds, payments and commitments as the record now tells them."""

    # OpenAI, "Accelerating the next phase of AI", 2026-03-31 ($122 billion at $852 billion post-money).
    def test_the_2026_round_dilutes_every_line_and_says_so(self, record: at.Timeline) -> None:
        """On 2026-04-30 the round has a $730 billion price ($852 billion less the $122 billion raised); $27 billion
        came in at the closing (Amazon's $15 billion and $12 billion of investors the record does not name) and
        SoftBank's first $10 billion on 2026-04-01: each earlier line keeps 730/767 of itself, Amazon holds what its
        $15 billion bought, SoftBank's line grew by what its tranche bought."""
        table = record.state_at("2026-04-30").cap_table("openai-group")
        assert table["microsoft"].low == Fraction(27, 100) * Fraction(730, 767)
        assert table["amazon"].low == Fraction(15, 757) * Fraction(757, 767)
        assert table["softbank"].low == Fraction(11, 100) * Fraction(730, 767) + Fraction(10, 767)
        assert table.line("microsoft").diluted_by == ("openai-round-closed-2026", "softbank-tranche-1-2026")
        assert table.line("softbank").event_id == "softbank-tranche-1-2026"
        assert str(table["softbank"]) == "about 12 %"  # at the precision of its "about 11 %"
        assert "nvidia" not in table  # no report says when Nvidia paid its $30 billion
        assert table.total_low < 1

    # SoftBank, "Execution of Follow-on Investment (First/Second/Third Tranche) in OpenAI", 2026-04-01, 2026-07-01,
    # 2026-10-01; "Announcement Regarding Follow-on Investments in OpenAI", 2026-02-27 (about 13 % once paid).
    def test_softbank_tranches_clear_and_its_line_agrees_with_its_statement(self, record: at.Timeline) -> None:
        """Each paid tranche leaves the list of tranches due; after the third, SoftBank's derived line agrees with
        its own "approximately 13%", which then replaces it."""
        fundings = [
            record.state_at(d).funding("softbank", "openai-group")
            for d in ("2026-03-31", "2026-04-01", "2026-07-01", "2026-10-01")
        ]
        dues = [len(f.due) if f is not None else None for f in fundings]
        assert dues == [3, 2, 1, 0]
        (row,) = [r for r in record.reconcile() if r.reported_by == "softbank-stake-13pct-2026"]
        assert row.agrees
        assert row.derived is not None
        assert row.derived.low == (Fraction(11, 100) * 730 + 30) / 822
        assert record.state_at("2026-10-01").cap_table("openai-group").line("softbank").kind == "reported"

    # Amazon's 8-K of 2026-02-27 (as summarised): $15 billion at the closing, $35 billion on conditions.
    def test_amazon_paid_15_of_50_billion(self, record: at.Timeline) -> None:
        funding = record.state_at("2026-04-30").funding("amazon", "openai-group")
        assert funding is not None
        assert funding.committed is not None
        assert funding.paid is not None
        assert (funding.committed.value, funding.paid.value) == (Decimal("50e9"), Decimal("15e9"))
        assert funding.paid_by == ("openai-round-closed-2026",)
        assert "IPO" in (funding.due[0].condition or "")

    # SoftBank Group, releases of 2025-04-01 and 2025-12-31 (as quoted): up to $30 billion of its own, paid
    # $7.5 billion in April 2025 and $22.5 billion on 2025-12-26.
    def test_softbank_2025_commitment_is_paid_once(self, record: at.Timeline) -> None:
        funding = record.state_at("2025-12-31").funding("softbank", "openai-group")
        assert funding is not None
        assert funding.committed is not None
        assert funding.paid is not None
        assert funding.paid.value == Decimal("30.5e9")  # $0.5 billion of 2024, $7.5 and $22.5 billion of 2025
        assert funding.paid.value <= funding.committed.high

    # Semafor (via Daring Fireball), 2023-01-11; Fortune, 2023-01-24.
    def test_microsofts_profit_share_is_an_interest_not_a_stake(self, record: at.Timeline) -> None:
        state = record.state_at("2024-06-01")
        assert state.stake("microsoft", "openai-group") is None
        interest = state.interest("microsoft", "openai-group")
        assert interest is not None
        assert interest.kind == "profit-share"
        assert [t.share.low for t in interest.tiers] == [Fraction(3, 4), Fraction(49, 100)]
        after = record.state_at("2025-10-28").interest("microsoft", "openai-group")
        assert after is not None
        assert after.kind == "equity"

    # CNBC, 2023-11-29; TheWrap, "Microsoft Exits Role as OpenAI Board Observer Effective Immediately", 2024-07-10.
    def test_microsofts_observer_seat(self, record: at.Timeline) -> None:
        assert "microsoft" not in record.state_at("2023-11-28").observers("openai")
        assert "microsoft" in record.state_at("2023-11-29").observers("openai")
        assert "microsoft" not in record.state_at("2024-07-09").observers("openai")

    def test_the_groups_board_after_the_recapitalisation(self, record: at.Timeline) -> None:
        state = record.state_at("2025-10-28")
        assert "bret-taylor" in state.board("openai-group")
        assert "zico-kolter" not in state.board("openai-group")
        assert state.observers("openai-group") == {"zico-kolter"}
        assert "larry-summers" not in record.state_at("2025-11-19").board("openai-group")

    # OpenAI, "The next phase of the Microsoft OpenAI partnership", 2026-04-27.
    def test_agreement_terms_are_versioned(self, record: at.Timeline) -> None:
        def partnership(day: str) -> at.Agreement:
            (found,) = [
                a for a in record.state_at(day).agreements("microsoft") if a.id == "microsoft-openai-partnership"
            ]
            return found

        assert partnership("2019-07-22").terms.cloud_exclusivity is True
        assert partnership("2025-10-28").terms.api_exclusivity is True
        later = partnership("2026-04-27")
        assert later.terms.api_exclusivity is False
        assert later.terms.notes == later.versions[-1].terms.notes
        directions = {(r.payer, r.payee): r.ended for r in later.terms.revenue_shares}
        assert directions == {("microsoft", "openai-group"): True, ("openai-group", "microsoft"): False}

    # NPR, "Jury dismisses all claims in Elon Musk's lawsuit against OpenAI CEO Sam Altman", 2026-05-18.
    def test_the_musk_litigation_is_on_the_record(self, record: at.Timeline) -> None:
        ids = {e.id for e in record.between("2024-01-01", "2026-12-01")}
        assert {"musk-sues-openai-2024", "musk-withdraws-suit-2024", "musk-refiles-federal-suit-2024"} <= ids
        assert {"musk-bid-97-4bn-2025", "openai-board-rejects-musk-bid-2025", "musk-v-openai-verdict-2026"} <= ids


def test_explain_says_when_nothing_was_reported(record: at.Timeline) -> None:
    """Microsoft's stake before the recapitalisation is None with nothing behind it: explain says it is
    unreported, not zero."""
    why = record.explain(lambda s: s.stake("microsoft", "openai-group"), at="2024-06-01")
    assert why.answer is None
    assert not why.reported
    assert "nothing on the record reports it" in str(why)


def test_explain_of_a_board_answers_per_member(record: at.Timeline) -> None:
    """Who is on the board on 2023-12-01, and which event put each one there."""
    why = record.explain(lambda s: s.board("openai"), at="2023-12-01")
    assert why.members["bret-taylor"] == ("taylor-joins-board-2023",)
    assert set(why.members) == set(why.answer)
    assert str(why).startswith("adam-dangelo, bret-taylor, larry-summers, because:")
