"""What was learned in a window of knowledge time: ``Timeline.learned`` against an oracle that only asks states, and
the command line's ``learned``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._cli.main import main
from aitimeline.testing import timelines


def _none(value: Any) -> Any:
    return None if type(value) is tuple and not value else value


def oracle(tl: at.Timeline, since: dt.date, until: dt.date | None) -> dict[tuple[str, ...], tuple[dt.date, Any, Any]]:
    """Every reported key whose answer, on some day, differs as known at ``since`` and as known at ``until``: the
    first such day, and the two answers. Asked of states day by day, through the public API only."""
    days = sorted({e.date.effective for e in tl.events})
    found: dict[tuple[str, ...], tuple[dt.date, Any, Any]] = {}
    for day in days:
        was = tl.state_at(day, known_at=since).snapshot()
        now = tl.state_at(day, known_at=until).snapshot()
        for key in was.keys() | now.keys():
            if not at.keys.is_reported(key) or key in found:
                continue
            a, b = _none(was.get(key)), _none(now.get(key))
            if a != b:
                found[key] = (day, a, b)
    return found


def answer(learned: at.Learned) -> dict[tuple[str, ...], tuple[dt.date | None, Any, Any]]:
    return {(c.aspect, *c.subject): (c.on, c.before, c.after) for c in learned.changes}


@settings(max_examples=60, deadline=None)
@given(timelines(max_events=16, knowledge=True), st.data())
def test_learned_is_what_the_states_say(g: Any, data: st.DataObject) -> None:
    """For any window, the changes are exactly the keys whose answer on some day differs between the two
    horizons, at the first such day, with the two answers; the events are those recorded in the window."""
    tl = g.timeline()
    recorded = sorted({e.recorded.effective for e in tl.events}) or [dt.date(2020, 1, 1)]
    since = data.draw(st.sampled_from([recorded[0] - dt.timedelta(days=1), *recorded]))
    later = [d for d in recorded if d >= since]
    until = data.draw(st.sampled_from([None, *later]))
    learned = tl.learned(since, until)
    assert answer(learned) == oracle(tl, since, until)
    window = {
        e.id for e in tl.events if e.recorded.effective > since and (until is None or e.recorded.effective <= until)
    }
    assert {e.id for e in learned.events} == window
    for change in learned.changes:  # each says which events of the window wrote it, when some did
        assert set(change.event_ids) <= {e.id for e in tl.events}


def test_nothing_learned_from_a_day_to_itself() -> None:
    tl = at.load()
    assert tl.learned("2025-10-28", "2025-10-28").changes == ()
    assert tl.learned("2999-01-01").events == ()


def test_the_late_disclosure_of_microsofts_stake() -> None:
    """Microsoft's 32.5 % as of 2025-10-27 was disclosed on 2025-10-28: learned in that window, about the 27th;
    and its 10-Q's funding figures of 30 September, disclosed on 29 October, are learned about 30 September."""
    news = at.load().learned("2025-10-27", "2025-10-29")
    (stake,) = [c for c in news.changes if c.aspect == "stake_report"]
    assert (stake.subject, stake.on, stake.before) == (("openai-group", "microsoft"), dt.date(2025, 10, 27), None)
    assert str(stake.after.stake).startswith("32.5 %")
    assert stake.event_ids == ("microsoft-stake-pre-recap-2025",)
    funding = [c for c in news.changes if c.aspect == "funding" and c.subject == ("openai-group", "microsoft")]
    assert funding[0].on == dt.date(2025, 9, 30)
    assert str(funding[0].after.disclosed_committed) == "$13 billion"


def test_the_command_line_names_the_figure(capsys: Any) -> None:
    assert main(["learned", "--since", "2025-10-27", "--until", "2025-10-29"]) == 0
    out = capsys.readouterr().out
    assert "stake report OpenAI Group PBC / Microsoft Corporation on 2025-10-27: none → 32.5 %" in out
    assert "recorded 2025-10-28: microsoft-stake-pre-recap-2025" in out
    assert main(["learned", "--since", "2025-10-27", "--until", "2025-10-29", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(c["aspect"] == "stake_report" and c["on"] == "2025-10-27" for c in rows["changes"])
    assert main(["learned", "--since", "2025-10-29", "--until", "2025-10-27"]) == 2
    assert "before" in capsys.readouterr().err
