"""The README's promise, end to end."""

import aitimeline as at


def test_bundled_record_loads_and_answers() -> None:
    """The shipped record loads and names the interim CEO on 2023-11-18."""
    assert at.load().state_at("2023-11-18").ceo("openai") == "mira-murati"
