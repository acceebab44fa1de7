"""Finding entities: ids, names and aliases searched without case, accents or punctuation; an unknown id says
which ids it may mean; and reversed ranges are refused alike by between and diff."""

from __future__ import annotations

import pytest

import aitimeline as at


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    return at.load()


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("OpenAI Group PBC", "openai-group"),  # a later legal name, as an alias
        ("openai global llc", "openai-group"),  # case and punctuation do not matter
        ("OpenAI Foundation", "openai"),
        ("MSFT", "microsoft"),  # a ticker
        ("AWS", "amazon"),
        ("Micrsoft", "microsoft"),  # a typo: the closest spelling
        ("altman", "sam-altman"),  # a word of a name
        ("sam-altman", "sam-altman"),  # an id
    ],
)
def test_find(record: at.Timeline, text: str, first: str) -> None:
    found = record.find(text)
    assert found
    assert found[0].id == first


def test_find_lists_every_candidate(record: at.Timeline) -> None:
    """ "OpenAI" is the nonprofit by name and the for-profit by the start of its names: both are candidates."""
    assert [e.id for e in record.find("OpenAI")][:2] == ["openai", "openai-group"]
    assert record.find("zzzz qqqq") == ()


def test_an_unknown_id_suggests_the_closest(record: at.Timeline) -> None:
    with pytest.raises(at.errors.UnknownEntityError, match=r"did you mean 'openai', 'openai-group'") as caught:
        record.state_at("2024-01-01").ceo("OpenAI")
    assert "Timeline.find" in str(caught.value)


def test_aliases_are_checked() -> None:
    with pytest.raises(at.errors.FieldError, match="aliases"):
        at.Organization(id="acme", name="Acme", aliases="Acme Corp")
    assert at.Organization(id="acme", name="Acme", aliases=["Acme Corp"]).aliases == ("Acme Corp",)


def test_reversed_ranges_are_refused_alike(record: at.Timeline) -> None:
    with pytest.raises(at.errors.DateRangeError, match="before"):
        record.between("2024-01-01", "2023-01-01")
    with pytest.raises(at.errors.DateRangeError, match="before"):
        record.diff("2024-01-01", "2023-01-01")
