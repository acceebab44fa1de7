"""Figures as reported: exact, ranges, hedges, never floats."""

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._core import values as _values


class TestMoney:
    def test_exact_amount(self) -> None:
        """Money.of keeps an exact Decimal and is not a range."""
        m = at.Money.of("1000000000")
        assert (m.value, m.is_range, m.is_exact) == (Decimal("1000000000"), False, True)

    def test_range_keeps_both_ends_and_stated_form(self) -> None:
        """'$13–14 billion' keeps low, high and the words used; its point value is the midpoint."""
        m = at.Money(low=Decimal("13e9"), high=Decimal("14e9"), currency="USD", stated="$13–14 billion")
        assert (m.low, m.high, str(m), m.value) == (
            Decimal("13e9"),
            Decimal("14e9"),
            "$13–14 billion",
            Decimal("13.5e9"),
        )

    def test_low_above_high_is_refused(self) -> None:
        """A range whose low end is above its high end is an error."""
        with pytest.raises(ValueError, match="above high"):
            at.Money(low=Decimal(2), high=Decimal(1), currency="USD")

    def test_currency_must_be_an_iso_code(self) -> None:
        """Currencies are three capital letters."""
        with pytest.raises(ValueError, match="currency"):
            at.Money.of(1, currency="dollars")

    def test_str_reads_as_a_journalist_writes(self) -> None:
        """str() shows the hedge, the currency and the amount in words where that stays exact; the source's
        words stay in .stated."""
        assert str(at.Money.of("150000000000", qualifier="about", stated="roughly 150bn")) == "about $150 billion"
        assert str(at.Money.of("1234567890")) == "$1,234,567,890"  # words would round it: digits instead
        assert str(at.Money.of("5000000", currency="EUR")) == "EUR 5 million"
        assert str(at.Money.of("-5000000000")) == "-$5 billion"
        assert str(at.Quantity.of("0.75", unit="GW", qualifier="up-to")) == "up to 0.75 GW"

    def test_format_specs(self) -> None:
        """format() specs apply to the point value, exactly."""
        assert format(at.Stake.of("1/3"), ".1%") == "33.3%"
        assert format(at.Money.of("1234567.5"), ",.0f") == "1,234,568"
        assert f"{at.Money.of('1000000'):,}" == "1,000,000"
        assert format(at.Quantity.of("2.5", unit="GW"), ".2f") == "2.50"
        assert format(at.Stake.of("27%", qualifier="about")) == "about 27 %"


class TestStake:
    @pytest.mark.parametrize(
        ("text", "fraction"), [("27%", Fraction(27, 100)), ("32.5 %", Fraction(13, 40)), ("1/3", Fraction(1, 3))]
    )
    def test_reads_percent_decimal_and_fraction(self, text: str, fraction: Fraction) -> None:
        """Stakes are exact fractions whatever form they were written in."""
        assert at.Stake.of(text).low == fraction

    def test_float_is_the_point_value(self) -> None:
        """float(stake) is the midpoint; low and high stay exact."""
        s = at.Stake(low=Fraction(1, 4), high=Fraction(1, 2))
        assert float(s) == 0.375

    def test_above_one_hundred_percent_is_refused(self) -> None:
        """A single stake cannot exceed 100 %."""
        with pytest.raises(ValueError, match="between 0 and 100"):
            at.Stake.of("101%")


class TestTerms:
    def test_amendment_changes_only_stated_terms(self) -> None:
        """Terms left unstated by an amendment keep their old value; the notes are the amendment's own."""
        old = at.Terms(cloud_exclusivity=True, ip_rights_until="2030", notes=("a",))
        new = old.updated(at.Terms(cloud_exclusivity=False, compute_rofr=True, notes=("b",)))
        assert new == at.Terms(cloud_exclusivity=False, compute_rofr=True, ip_rights_until="2030", notes=("b",))

    def test_a_revenue_share_is_replaced_in_its_own_direction(self) -> None:
        """An amendment naming one direction of a revenue share replaces that direction only."""
        to_b = at.RevenueShare(payer="a", payee="b", share=at.Stake.of("20%"))
        to_a = at.RevenueShare(payer="b", payee="a", share=at.Stake.of("10%"))
        ended = at.RevenueShare(payer="b", payee="a", ended=True)
        new = at.Terms(revenue_shares=(to_b, to_a)).updated(at.Terms(revenue_shares=(ended,)))
        assert new.revenue_shares == (to_b, ended)


class TestCurrencies:
    def test_the_list_is_iso_4217_as_pycountry_has_it(self) -> None:
        """aitimeline's currency codes are exactly pycountry's (Debian iso-codes), and the generated module is
        what scripts/make_currencies.py writes today: run it after upgrading pycountry."""
        import importlib.util

        import pycountry

        from aitimeline._core.currencies import CURRENCIES

        assert {c.alpha_3 for c in pycountry.currencies} == CURRENCIES
        script = Path(__file__).resolve().parents[1] / "scripts" / "make_currencies.py"
        spec = importlib.util.spec_from_file_location("make_currencies", script)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        generated = Path(__file__).resolve().parents[1] / "src" / "aitimeline" / "_core" / "currencies.py"
        assert module.render() == generated.read_text(encoding="utf-8")


class TestReadable:
    def test_records_read_as_lines(self) -> None:
        """A cap table reads as one line per holder; a metric with its basis, date and event."""
        state = at.load().state_at("2025-10-28")
        assert str(state.cap_table("openai-group")).splitlines()[0] == "microsoft: about 27 % (as-converted, diluted)"
        valuation = state.metric("openai-group", "valuation")
        assert valuation is not None
        assert str(valuation).startswith("$500 billion (")
        assert str(valuation).endswith("reported 2025-10-02 by openai-secondary-500bn-2025)")

    def test_a_diff_counts_in_words(self) -> None:
        """One event and one change read in the singular."""
        from tests.helpers import ev, timeline

        tl = timeline(
            ev(at.events.RoleBegan, "b", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed")
        )
        assert str(tl.diff("2019-12-31", "2020-01-01")).splitlines()[0].endswith(": 1 event, 1 change")


_URL_PIECES = ["https://", "http://", "HTTPS://", "ftp://", "javascript:", "https:", "//", "example.com", "a.b", ":80",
               ":99999", ":x", "@", "user:pw@", "[::1]", "[", "/", "?q=", "#f", "%20", " ", "\t", "é", "\u202e", "-",
               "<", ">", '"', "`", "{", "|", "\\", "^", "~", "!", "'"]  # fmt: skip


class TestSourceAddress:
    @given(st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join))
    def test_the_quick_check_accepts_only_what_the_full_check_accepts(self, url: str) -> None:
        """The usual address is accepted by a pattern, without urlsplit: never one the full check refuses."""
        full = _values._address_problem.__wrapped__
        if _values._plain_web_address().fullmatch(url):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(_values, "_plain_web_address", lambda: re.compile("(?!)"))
                assert full(url) is None

    def test_every_address_of_the_shipped_record_is_a_web_address(self) -> None:
        """Every source of the shipped record, alternatives' included, has an http or https address or none."""
        events = at.load().events
        sources = [s for e in events for s in (*e.sources, *(s for a in e.alternatives for s in a.sources))]
        assert sum(s.url is not None for s in sources) > 150
        assert all(s.url is None or _values._address_problem(s.url) is None for s in sources)
