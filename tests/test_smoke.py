"""The README's promise, end to end."""

import pytest

import aitimeline as at


def test_bundled_record_loads_and_answers() -> None:
    """The shipped record loads and names the interim CEO on 2023-11-18."""
    assert at.load().state_at("2023-11-18").ceo("openai") == "mira-murati"


def test_demo_story_tells_the_key_dates() -> None:
    """The demo story names the interim CEOs, the PBC, and where each owner's line comes from."""
    from aitimeline._cli.demo import story

    text = story(at.load())
    assert "CEO: Mira Murati" in text
    assert "CEO: Emmett Shear" in text
    assert "OpenAI Group PBC (pbc)" in text
    assert "Microsoft Corporation: about 27 % (as-converted, diluted) (reported, as of 2025-10-28)" in text
    assert "diluted by openai-round-closed-2026" in text
    assert text.rstrip().endswith("2023-11-29 Sam Altman")


def test_demo_command_prints_a_state_for_given_dates(capsys: pytest.CaptureFixture[str]) -> None:
    """aitimeline demo DATE prints the state on that date; a bad date is a clear usage error, exit 2."""
    from aitimeline._cli.main import main

    assert main(["demo", "2023-11-18"]) == 0
    assert "CEO: Mira Murati" in capsys.readouterr().out
    assert main(["demo", "01/02/2023"]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err
    assert "Traceback" not in err


def test_help_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """--help exits 0 with the commands listed; an unknown command is a usage error, exit 2."""
    from aitimeline._cli.main import main

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "check" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
