"""The timeline page's data: every answer it can show is the library's own replay for those dates, and the file
asks for nothing over the network."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import aitimeline as at
from aitimeline._show import page as _page


@cache
def _record() -> at.Timeline:
    return at.load()


@cache
def _data() -> dict[str, Any]:
    return _page.page_data(_record())


def _shown(day: dt.date, known: dt.date) -> dict[str, Any] | None:
    """What the page shows for the two dates: the answer at the last change on or before each, as its script
    picks it (None before the first)."""
    data = _data()
    d = bisect_right(data["dates"], day.isoformat()) - 1
    k = bisect_right(data["known"], known.isoformat()) - 1
    if d < 0 or k < 0:
        return None
    cell = data["cells"][data["grid"][k][d]]
    parts = {part: data["pool"][part][n] for part, n in zip(_page.PARTS, cell, strict=True)}
    parts["events"] = [data["events"][n] for n in parts["events"]]
    return parts


_DAYS = st.dates(dt.date(2015, 12, 1), dt.date(2026, 8, 31))


@settings(max_examples=40)
@given(day=_DAYS, known=_DAYS)
def test_the_page_shows_the_replay_for_any_two_dates(day: dt.date, known: dt.date) -> None:
    """Picking the last change on or before each date gives exactly what state_at answers on those dates."""
    tl = _record()
    shown = _shown(day, known)
    first = min(e.date.effective for e in tl.events)
    first_known = min(e.recorded.effective for e in tl.events)
    if day < first or known < first_known:
        assert shown is None
        return
    known_events = tl.between(first, day, known_at=known)
    assert shown == _page.answer(tl.state_at(day, known_at=known), known_events, tl)
    assert [e["id"] for e in shown["events"]] == [e.id for e in known_events[-_page.RECENT :][::-1]]


def test_the_story_of_november_2023_is_on_the_page() -> None:
    everything = dt.date(2026, 12, 31)
    for day, ceo in [("2023-11-16", "Sam Altman"), ("2023-11-18", "Mira Murati"), ("2023-11-20", "Emmett Shear")]:
        shown = _shown(dt.date.fromisoformat(day), everything)
        assert shown is not None
        (openai,) = [org for org in shown["people"] if org["id"] == "openai"]
        assert openai["ceo"] == ceo, day


def test_a_figure_reported_later_is_not_known_before() -> None:
    """Microsoft's 32.5 % (reported on 2025-10-28 about 2025-10-27) shows only once it is on the record."""

    def figures(known: str) -> list[str]:
        shown = _shown(dt.date(2025, 10, 29), dt.date.fromisoformat(known))
        assert shown is not None
        return [r["stake"] for t in shown["owners"] for r in t["reported"] if r["holder"] == "Microsoft Corporation"]

    assert any("32.5" in f for f in figures("2026-12-31"))
    assert not any("32.5" in f for f in figures("2025-10-27"))


def test_every_event_shown_cites_its_sources_with_their_links() -> None:
    record = {e.id: e for e in _record().events}
    for shown in _data()["events"]:
        urls = [s.url for s in record[shown["id"]].sources]
        assert [s["url"] for s in shown["sources"]] == urls


def test_the_page_is_one_file_that_asks_for_nothing() -> None:
    """Data, script and style inline; no src or stylesheet link; the only addresses are the sources' links."""
    text = at.export.timeline_page(_record())
    assert "Content-Security-Policy" in text
    assert "default-src 'none'" in text
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", text)
    assert "@import" not in text
    assert "url(" not in text.split("<script", 1)[0]  # nothing fetched by the style
    assert "</script" not in text.split('id="data">', 1)[1].split("</script>", 1)[0]  # the data cannot end the script
