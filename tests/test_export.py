"""Exports read back by the tools they are for, and checked against the state they came from."""

from __future__ import annotations

import html
import io
import re
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import aitimeline as at
from tests.helpers import ENTITIES, ev


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    return at.load()


def test_pandas_reads_the_csv(record: at.Timeline) -> None:
    frame = pd.read_csv(io.StringIO(at.export.to_csv(at.export.event_records(record.events))), dtype=str)
    assert list(frame["id"]) == [e.id for e in record.events]
    assert list(frame["date"]) == [str(e.date) for e in record.events]


def test_to_pandas_keeps_amounts_exact(record: at.Timeline) -> None:
    frame = at.export.to_pandas(at.export.event_records(record.events))
    row = frame[frame["id"] == "amazon-invests-50bn-2026"].iloc[0]
    assert row["amount.low"] == Decimal("50000000000")
    assert isinstance(row["amount.low"], Decimal)
    assert row["amount.currency"] == "USD"
    assert str(frame["id"].dtype) == "string"


def test_state_records_hold_the_state(record: at.Timeline) -> None:
    state = record.state_at("2026-04-30")
    rows = {(r["aspect"], r["subject"]): r["value"] for r in at.export.state_records(state)}
    table = rows[("cap_table", "openai-group")]
    assert table["softbank"]["low"] == state.stake("softbank", "openai-group").low  # type: ignore[union-attr]
    assert isinstance(table["softbank"]["low"], Fraction)
    assert rows[("role", "openai-group/ceo")] == ["sam-altman"]
    assert not any(aspect.startswith("_") for aspect, _ in rows)


def test_history_and_diff_records(record: at.Timeline) -> None:
    history = at.export.history_records(record.history(lambda s: s.ceo("openai-group")))
    assert history[-1] == {"date": "2025-10-28", "value": "sam-altman"}
    changes = at.export.diff_records(record.diff("2025-10-27", "2025-10-28"))
    legal = next(c for c in changes if c["aspect"] == "legal_form" and c["subject"] == "openai-group")
    assert (legal["before"], legal["after"]) == ("capped-profit", "pbc")
    assert legal["events"]


def test_to_pandas_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"aitimeline\[pandas\]"):
        at.export.to_pandas([])


def test_the_deal_web_reads_back_in_networkx(record: at.Timeline, tmp_path: Path) -> None:
    """The GEXF file reads back with networkx: one edge per commitment, agreement party pair, warrant and
    investment, each with its start and, once ended, its end; the Nvidia letter of intent ends when it was
    replaced."""
    import networkx as nx

    path = tmp_path / "web.gexf"
    nx.write_gexf(at.export.deal_web(record), path)
    graph = nx.read_gexf(path)
    edges = {d["record"]: d for _, _, d in graph.edges(data=True)}
    final = record.state_at("2999-12-31")
    assert {c.id for c in final.commitments(in_force=False)} <= set(edges)
    loi = edges["openai-nvidia-10gw"]
    assert (loi["status"], loi["start"], loi["end"]) == ("replaced", "2025-09-22", "2026-02-27")
    assert edges["amazon-invests-50bn-2026"]["kind"] == "investment"
    assert graph.nodes["openai-group"]["label"] == "OpenAI LP"


def test_deal_web_names_its_extra(monkeypatch: pytest.MonkeyPatch, record: at.Timeline) -> None:
    monkeypatch.setitem(sys.modules, "networkx", None)
    with pytest.raises(ImportError, match=r"aitimeline\[graph\]"):
        at.export.deal_web(record)


def _with_a_ceo_and_a_new_form(subjects: list[str]) -> at.Timeline:
    """Acme, a nonprofit, has a CEO and becomes a PBC; BigCo has neither a CEO nor a change of form."""
    events = [
        ev(at.events.RoleBegan, "ann-ceo", "2020-01-01", person="ann", org="acme", role="ceo", reason="appointed"),
        ev(at.events.Reorganized, "acme-pbc", "2021-01-01", org="acme", name="Acme PBC", legal_form="pbc"),
    ]
    return at.Timeline(events, ENTITIES, subjects=subjects)


class TestTimelineJSEras:
    def test_the_shipped_eras_are_openais_ceos_and_its_for_profits_forms(self, record: at.Timeline) -> None:
        """The shipped subjects give the nonprofit's CEOs, then the for-profit's (from the recapitalisation of
        2025-10-28, when the officers moved to OpenAI Group PBC), and the for-profit's legal forms (the nonprofit's
        never changed)."""
        heads = [era["text"]["headline"] for era in at.export.timelinejs(record)["eras"]]
        assert heads == [
            "CEO of OpenAI, Inc.: Sam Altman",
            "CEO of OpenAI, Inc.: Mira Murati",
            "CEO of OpenAI, Inc.: Emmett Shear",
            "CEO of OpenAI, Inc.: Sam Altman",
            "CEO of OpenAI Group PBC: Sam Altman",
            "Legal form of OpenAI LP: capped-profit",
            "Legal form of OpenAI Group PBC: pbc",
        ]

    def test_a_users_record_has_the_eras_of_its_own_subjects(self) -> None:
        """Each subject in turn: its CEOs, then its legal forms from each change on the record where it had more
        than one (Acme's first, from its entities file, has no date to start an era); a subject with neither adds
        nothing."""
        doc = at.export.timelinejs(_with_a_ceo_and_a_new_form(["bigco", "acme"]))
        assert [(e["text"]["headline"], e["start_date"]["year"]) for e in doc["eras"]] == [
            ("CEO of Acme: Ann", 2020),
            ("Legal form of Acme PBC: pbc", 2021),
        ]

    def test_without_subjects_there_are_slides_and_no_eras(self) -> None:
        """A record that names no subjects has every slide and no era; subjects= asks for them."""
        timeline = _with_a_ceo_and_a_new_form([])
        assert (len(at.export.timelinejs(timeline)["events"]), at.export.timelinejs(timeline)["eras"]) == (2, [])
        assert len(at.export.timelinejs(timeline, subjects=["acme"])["eras"]) == 2

    def test_an_unknown_subject_is_refused(self, record: at.Timeline) -> None:
        """subjects= names entities of the record: a typo is an UnknownEntityError; one string is a TypeError."""
        with pytest.raises(at.errors.UnknownEntityError, match="did you mean 'openai'"):
            at.export.timelinejs(record, subjects=["opena"])
        with pytest.raises(TypeError, match="not one string"):
            at.export.timelinejs(record, subjects="openai")


PAYLOAD = '<img src=x onerror="alert(1)"><script>alert(2)</script>"><svg onload=alert(3)>'
_OWN_TAGS = re.compile(r'</?(?:p|em)>|<a href="https://example\.com/\?q=%3Cb%3E">|</a>')


def _hostile() -> at.Timeline:
    """A record whose every text is an HTML payload: summaries, notes, publishers, titles and a person's name."""
    source = at.Source(publisher=PAYLOAD, title=PAYLOAD, published="2020", url="https://example.com/?q=%3Cb%3E")
    entities: list[at.Entity] = [at.Organization(id="openai", name=PAYLOAD), at.Person(id="ann", name=PAYLOAD)]
    common: dict[str, Any] = {"summary": PAYLOAD, "note": PAYLOAD, "sources": (source,)}
    return at.Timeline(
        [
            at.events.Founded(id="f", date="2020-01-01", org="openai", name=PAYLOAD, legal_form=PAYLOAD, **common),
            at.events.RoleBegan(
                id="r", date="2020-02-01", person="ann", org="openai", role="ceo", reason="appointed", **common
            ),
        ],
        entities,
        subjects=["openai"],
    )


def test_timelinejs_escapes_every_text_it_shows_as_html() -> None:
    """TimelineJS shows a slide's headline and text, an era's headline and a group's label as HTML: every text of
    the record in them is escaped (the payload comes back only through html.unescape); the only tags are the
    export's own paragraphs, emphasis and links."""
    doc = at.export.timelinejs(_hostile(), title=PAYLOAD)
    shown = [doc["title"]["text"]["headline"], doc["title"]["text"]["text"]]
    for item in [*doc["events"], *doc["eras"]]:
        shown += [item["text"]["headline"], item["text"].get("text", ""), item.get("group", "")]
    assert len(doc["eras"]) == 1
    for text in shown:
        assert "<" not in _OWN_TAGS.sub("", text), text
    assert html.unescape(doc["title"]["text"]["headline"]) == PAYLOAD
    assert html.unescape(doc["eras"][0]["text"]["headline"]) == f"CEO of {PAYLOAD}: {PAYLOAD}"
    body = html.unescape(_OWN_TAGS.sub("", doc["events"][0]["text"]["text"]))
    assert body.count(PAYLOAD) == 4  # summary, note, publisher, title


def test_timelinejs_links_only_web_addresses() -> None:
    """A source's link is its http or https address; an address that is not one (which Source refuses, here
    forced past it) is shown as its label, not as a link."""
    doc = at.export.timelinejs(_hostile())
    hrefs = re.findall(r'href="([^"]*)"', " ".join(e["text"]["text"] for e in doc["events"]))
    assert hrefs == ["https://example.com/?q=%3Cb%3E"] * 2
    forced = at.Source(publisher="P", title="T", published="2020", url="https://example.com/")
    object.__setattr__(forced, "url", "javascript:alert(1)")
    event = at.events.Founded(id="g", date="2020", summary="s", sources=(forced,), org="acme", name="A", legal_form="B")
    slide = at.export.timelinejs(at.Timeline([event], [at.Organization(id="acme", name="Acme")]))["events"][0]
    assert "href" not in slide["text"]["text"]
    assert "javascript" not in slide["text"]["text"]
