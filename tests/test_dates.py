"""Dates with a precision, and the rule for partial dates."""

import datetime as dt

import pytest

import aitimeline as at
from aitimeline._core.dates import to_date


class TestParseDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2023-11-17", at.PartialDate(2023, 11, 17)),
            ("17 Nov 2023", at.PartialDate(2023, 11, 17)),
            ("Nov 17, 2023", at.PartialDate(2023, 11, 17)),
            ("November 2023", at.PartialDate(2023, 11)),
            ("2023-11", at.PartialDate(2023, 11)),
            ("2023", at.PartialDate(2023)),
            ("17/11/2023", at.PartialDate(2023, 11, 17)),
            ("2023/11/17", at.PartialDate(2023, 11, 17)),
        ],
    )
    def test_reads_common_forms(self, text: str, expected: at.PartialDate) -> None:
        """ISO and worded dates keep exactly the precision they were written with."""
        assert at.parse_date(text) == expected

    def test_accepts_date_and_datetime(self) -> None:
        """A date or datetime becomes a day-precise date (a datetime keeps only its date)."""
        assert at.parse_date(dt.date(2023, 11, 17)) == at.PartialDate(2023, 11, 17)
        assert at.parse_date(dt.datetime(2023, 11, 17, 23, 59)) == at.PartialDate(2023, 11, 17)

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("01/02/2023", "ambiguous"),
            ("17/11/23", "year in full"),
            ("November", "no year"),
            ("", "empty"),
            ("not a date", "cannot read"),
            ("2023-13", "month 13"),
            ("2023-02-30", "day 30"),
        ],
    )
    def test_refuses_bad_or_ambiguous(self, text: str, words: str) -> None:
        """Unreadable, ambiguous or incomplete dates raise DateError saying why."""
        with pytest.raises(at.errors.DateError, match=words):
            at.parse_date(text)

    def test_date_error_is_a_value_error(self) -> None:
        """DateError can be caught as the built-in ValueError too."""
        with pytest.raises(ValueError, match="ambiguous"):
            at.parse_date("01/02/2023")

    def test_refuses_non_strings(self) -> None:
        """A number is not a date."""
        with pytest.raises(at.errors.DateError, match="expected a date"):
            at.parse_date(20231117)  # type: ignore[arg-type]


class TestPartialDate:
    def test_partial_dates_count_from_the_end_of_their_period(self) -> None:
        """A month counts from its last day, a year from 31 December."""
        assert at.PartialDate(2023, 11).effective == dt.date(2023, 11, 30)
        assert at.PartialDate(2024, 2).effective == dt.date(2024, 2, 29)
        assert at.PartialDate(2021).effective == dt.date(2021, 12, 31)

    def test_order_follows_effective_day_then_precision(self) -> None:
        """November 2023 sorts after 2023-11-29 and just before 2023-11-30."""
        assert at.PartialDate(2023, 11, 29) < at.PartialDate(2023, 11) < at.PartialDate(2023, 11, 30)

    def test_str_is_iso_at_its_precision(self) -> None:
        """str() gives back ISO at the date's own precision."""
        assert [str(at.parse_date(s)) for s in ("2023", "2023-11", "2023-11-07")] == ["2023", "2023-11", "2023-11-07"]

    def test_query_dates_mean_the_end_of_their_period(self) -> None:
        """Asking as of 'November 2023' means as of 2023-11-30."""
        assert to_date("November 2023") == dt.date(2023, 11, 30)
