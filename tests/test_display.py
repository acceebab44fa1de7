"""What a notebook shows: each answer's ``_repr_html_`` (Jupyter's rich display) is an HTML table of readable,
escaped texts, and its ``_repr_pretty_`` (IPython's text display) the same as aligned text; a history and
reconciliation rows stay a plain list and a plain tuple."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from IPython.lib.pretty import pretty as _pretty

import aitimeline as at
from aitimeline._core.display import LIMIT, Link, Shown, Table, escape
from tests.test_readable import REPR

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    return at.load()


class _Cells(HTMLParser):
    """The tables of an HTML fragment, as rows of cell texts (header rows included), and its links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[tuple[str, str]] = []
        self.tags: list[str] = []
        self.texts: list[str] = []  # every text a reader sees
        self._cell: list[str] | None = None
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._href is not None:
            self.links.append((self._href, data))


def pretty(value: Any) -> str:
    """The text IPython shows for ``value``."""
    return str(_pretty(value))  # type: ignore[no-untyped-call]


def _html(value: Any) -> str:
    """The HTML Jupyter shows for ``value``."""
    return str(value._repr_html_())


def _shown(value: Any) -> tuple[str, str]:
    """The HTML and the text IPython shows for ``value``, each checked for reprs."""
    html, text = _html(value), pretty(value)
    for shown in (*_Cells(html).texts, text):  # the texts of the HTML: its tags are not reprs
        assert not REPR.search(shown), shown
    assert html.startswith('<div class="aitimeline">')
    return html, text


def test_a_state_shows_each_organisation_at_a_glance(record: at.Timeline) -> None:
    state = record.state_at("2025-11-01")
    html, text = _shown(state)
    (table,) = _Cells(html).tables
    header, *rows = table
    assert header == ["Organisation", "CEO", "Board", "Owners", "Agreements", "Commitments", "Warrants"]
    group = next(row for row in rows if row[0] == "OpenAI Group PBC")  # named as of the state's date
    assert group[1] == "Sam Altman"
    assert group[2] == str(len(state.board("openai-group")))
    assert "Microsoft Corporation: about 27 %" in group[3]
    assert group[5] == str(len(state.commitments("openai-group")) + len(state.commitments(supplier="openai-group")))
    assert {row[0] for row in rows} >= {"OpenAI Foundation", "Microsoft Corporation", "Oracle Corporation"}
    assert "State as of 2025-11-01" in html
    assert text.startswith("State as of 2025-11-01")
    assert "Sam Altman" in text
    assert "Microsoft Corporation: about 27 %" in " ".join(text.split())  # wrapped in its column
    early = record.state_at("2016-01-01")
    assert [row[0] for row in _Cells(_html(early)).tables[0][1:]] == ["OpenAI, Inc."]  # the name then


def test_a_state_with_nothing_says_so() -> None:
    nothing = at.State.of({}, {"acme": at.Organization(id="acme", name="Acme")}, dt.date(2020, 1, 1))
    html, text = _shown(nothing)
    assert "<table" not in html
    assert text == "State as of 2020-01-01: nothing on the record for any organisation"


def test_a_cap_table_is_an_html_table_of_its_lines(record: at.Timeline) -> None:
    table = record.state_at("2025-11-01").cap_table("openai-group")
    html, text = _shown(table)
    (rows,) = _Cells(html).tables
    assert rows[0] == ["Holder", "Stake", "Line", "As of", "Event", "Diluted by"]
    assert rows[1:] == [
        [line.holder, at.readable(line.stake), line.kind, str(line.as_of), line.event_id or "", ""]
        for line in table.lines()
    ]
    assert rows[1][:4] == ["microsoft", "about 27 % (as-converted, diluted)", "reported", "2025-10-28"]
    assert "Cap table: 3 holders" in html
    assert text.splitlines()[2].split()[:3] == ["microsoft", "about", "27"]
    later = _Cells(_html(record.state_at("2026-03-01").cap_table("openai-group"))).tables[0]
    assert ["other-holders", "about 36 %", "derived", "2025-12-26", "softbank-stake-11pct-2025", ""] in later
    diluted = at.CapTable({"ann": at.Stake.of("50%")}, event_id="founded").diluted(at.Stake.of("20%"), "round-a")
    assert _Cells(_shown(diluted)[0]).tables[0][1] == ["ann", "40 %", "derived", "", "founded", "round-a"]
    assert _shown(at.CapTable())[1] == "Cap table: no holder on the record"


def test_a_diff_shows_its_changes_and_events(record: at.Timeline) -> None:
    diff = record.diff("2023-11-16", "2023-11-18")
    html, text = _shown(diff)
    changes, events = _Cells(html).tables
    assert changes[0] == ["What", "Of", "Change", "Events"]
    assert len(changes) - 1 == len(diff.changes)
    assert ["role", "OpenAI, Inc. / interim-ceo", "none → Mira Murati"] in [row[:3] for row in changes]
    assert events[0] == ["Date", "Event", "Summary"]
    assert [row[1] for row in events[1:]] == [e.id for e in diff.events]
    assert text.startswith(f"From 2023-11-16 to 2023-11-18: {len(diff.events)} events, {len(diff.changes)} changes")
    assert "Mira Murati" in text
    assert str(diff) == diff.text()  # the text without names is as it was: ids
    assert "mira-murati" in str(diff)


def test_what_was_learned_shows_the_answers_that_changed_and_the_events(record: at.Timeline) -> None:
    news = record.learned("2025-10-27", "2025-10-29")
    html, text = _shown(news)
    changes, events = _Cells(html).tables
    assert changes[0] == ["What", "Of", "On", "Change", "Events"]
    assert len(changes) - 1 == len(news.changes)
    stake = next(row for row in changes if row[0] == "stake report")
    assert stake[1:3] == ["OpenAI Group PBC / Microsoft Corporation", "2025-10-27"]
    assert stake[3].startswith("none → 32.5 %")
    assert [row[2] for row in events[1:]] == [e.id for e in news.events]
    assert text.startswith(f"Learned after 2025-10-27 to 2025-10-29: {len(news.events)} events recorded")


def test_an_explanation_lists_events_and_links_its_sources(record: at.Timeline) -> None:
    why = record.explain(lambda s: s.stake("microsoft", "openai-group"), at="2025-11-01")
    html, text = _shown(why)
    cells = _Cells(html)
    assert "about 27 % (as-converted, diluted)" in html.split("</p>")[0]
    (events,) = cells.tables
    assert [row[1] for row in events[1:]] == [e.id for e in why.events]
    linked = [s for s in why.sources if s.url]
    assert [href for href, _ in cells.links] == [s.url for s in linked]
    assert cells.links[0][1].startswith(f"{linked[0].publisher}, “{linked[0].title}”")
    unlinked = [s for s in why.sources if not s.url]
    assert unlinked
    assert all(f"{s.publisher}, “{s.title}”" in "".join(cells.texts) for s in unlinked)
    assert all(s.url is not None and s.url in text for s in linked)
    board = record.explain(lambda s: s.board("openai"), at="2023-11-18")
    members = _Cells(_html(board)).tables[0]
    assert members[0] == ["Who", "Events"]
    assert "Ilya Sutskever" in [row[0] for row in members[1:]]
    nothing = record.explain(lambda s: s.ceo("microsoft"), at="2020-01-01")
    assert "nothing on the record reports it" in _shown(nothing)[1]


def test_a_history_stays_a_list_and_shows_a_table(record: at.Timeline) -> None:
    history = record.history(lambda s: s.ceo("openai"))
    plain = list(history)
    assert history == plain
    assert plain == history
    assert isinstance(history, list)
    assert [day for day, _ in history][:2] == [dt.date(2019, 3, 11), dt.date(2023, 11, 17)]
    for again in (pickle.loads(pickle.dumps(history)), copy.deepcopy(history)):
        assert again == history
        assert _html(again) == _html(history)
    html, text = _shown(history)
    (table,) = _Cells(html).tables
    assert table[0] == ["Since", "Answer (then what changed)"]
    assert table[1:3] == [["2019-03-11", "Sam Altman"], ["2023-11-17", "Mira Murati"]]
    assert "2023-11-19  Emmett Shear" in text
    stakes = record.history(lambda s: s.cap_table("openai-group"))
    later = _Cells(_html(stakes)).tables[0][-1][1]
    assert "→" in later or "added" in later  # after the first, what changed
    assert _shown(record.history(lambda s: s.ceo("microsoft")))[1] == "No change on the record"


def test_reconcile_rows_stay_a_tuple_and_show_a_table(record: at.Timeline) -> None:
    rows = record.reconcile()
    assert rows == tuple(rows)
    assert isinstance(rows, tuple)
    assert hash(rows) == hash(tuple(rows))
    again = pickle.loads(pickle.dumps(rows))
    assert again == rows
    assert _html(again) == _html(rows)
    html, text = _shown(rows)
    table, *_ = _Cells(html).tables
    assert table[0] == ["Date", "Figure", "Of", "Reported", "Derived", "", "Reported by"]
    assert len(table) - 1 == len(rows)
    assert "Microsoft Corporation in OpenAI Group PBC" in [row[2] for row in table[1:]]
    agree = sum(r.agrees for r in rows)
    assert text.startswith(f"Reconciliation: {len(rows)} figures reported and derived, {agree} agree")
    assert "Why they disagree" in html


def test_every_text_is_escaped() -> None:
    """A hostile summary, title, name or id shows as the text it is, in every display."""
    acme = at.Organization(id="acme", name=HOSTILE)
    ann = at.Person(id="ann", name="Ann <b>")
    source = at.Source(
        publisher=HOSTILE, title='" onmouseover="x', published="2020-01-01", url="https://e.com/?a=1&b='"
    )
    event = at.events.RoleBegan(
        id="ann-ceo",
        date=at.parse_date("2020-01-01"),
        person="ann",
        org="acme",
        role="ceo",
        reason="appointed",
        summary=HOSTILE,
        sources=(source,),
    )
    tl = at.Timeline([event], [acme, ann])
    shown = [
        tl.state_at("2020-06-01"),
        tl.diff("2019-01-01", "2020-06-01"),
        tl.explain(lambda s: s.ceo("acme"), at="2020-06-01"),
        tl.history(lambda s: s.ceo("acme")),
        at.CapTable({HOSTILE: at.Stake.of("10%")}),
    ]
    for value in shown:
        html = _html(value)
        assert "<script" not in html, html
        assert "<b>" not in html, html
        assert "&lt;script&gt;" in html or "Ann &lt;b&gt;" in html, html
        assert 'onmouseover="' not in html
    why = _html(shown[2])
    assert 'href="https://e.com/?a=1&amp;b=&#x27;"' in why
    assert escape("<a href='x'>&") == "&lt;a href=&#x27;x&#x27;&gt;&amp;"


def test_only_web_addresses_become_links() -> None:
    assert Link("x", "javascript:alert(1)").html() == "x"
    assert Link("<x>", None).html() == "&lt;x&gt;"
    assert Link("x", "HTTPS://e.com").html().startswith('<a href="HTTPS://e.com"')
    assert Link("x", "https://e.com").plain() == "x, https://e.com"


def test_long_tables_say_how_many_rows_they_leave_out() -> None:
    table = Table("Rows", [(str(i), "x") for i in range(LIMIT + 5)], ("N", "X"))
    html, text = table.html(), table.plain()
    assert html.count("<tr>") == LIMIT + 1
    assert "… and 5 more" in html
    assert text.splitlines()[-1] == "  … and 5 more"
    assert Shown("Heading", [table]).plain().startswith("Heading\nRows\n  N")


def test_plain_text_wraps_long_cells_in_their_column() -> None:
    long = " ".join(["word"] * 40)
    lines = Table("", [("a", long, "end")], ("A", "Long", "Z")).plain().splitlines()
    assert all(len(line) <= 2 + 1 + 2 + 48 + 2 + 3 for line in lines)
    assert lines[1].endswith("end")
    assert re.fullmatch(r" {5}word( word)*", lines[2])


def test_showing_imports_nothing_until_shown() -> None:
    """The display module of the core (HTML and text tables) is not imported by ``import aitimeline``."""
    import subprocess
    import sys

    code = "import sys, aitimeline; print('aitimeline._core.display' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
