"""Exports read back by the tools they are for, and checked against the state they came from."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
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


def _sources(event: at.Event) -> list[dict[str, str | None]]:
    return [
        {"publisher": s.publisher, "title": s.title, "published": str(s.published), "url": s.url} for s in event.sources
    ]


def test_the_csv_writes_the_sources_as_one_text(record: at.Timeline) -> None:
    """CSV is flat: a row's sources are one cell, each source as its text, separated by " | "."""
    frame = pd.read_csv(io.StringIO(at.export.to_csv(at.export.event_records(record.events))), dtype=str)
    assert list(frame["sources"]) == [" | ".join(str(s) for s in e.sources) for e in record.events]


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped record's events as ``aitimeline export jsonl`` writes them."""
    out = tmp_path_factory.mktemp("jsonl") / "events.jsonl"
    script = Path(sys.executable).with_name("aitimeline")
    done = subprocess.run(
        [str(script), "export", "jsonl", "-o", str(out)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return out


SOURCE_STRUCT = "STRUCT(publisher VARCHAR, title VARCHAR, published VARCHAR, url VARCHAR)[]"


def test_duckdb_reads_the_jsonl_sources_as_tables(record: at.Timeline, jsonl: Path) -> None:
    """DuckDB reads each event's sources as a list of structs (publisher, title, published, url), the same type as
    the sources of its alternatives, not as text; each holds the event's sources in order, a missing address null."""
    import duckdb

    con = duckdb.connect()
    table = con.read_json(str(jsonl))
    types = dict(zip(table.columns, map(str, table.types), strict=True))
    assert types["sources"] == SOURCE_STRUCT
    assert f"sources {SOURCE_STRUCT}" in types["alternatives"]
    rows = con.sql(f"SELECT id, sources FROM read_json('{jsonl}')").fetchall()
    assert rows == [(e.id, _sources(e)) for e in record.events]
    nulls = con.sql(f"SELECT count(*) FROM (SELECT unnest(sources) AS s FROM read_json('{jsonl}')) WHERE s.url IS NULL")
    assert nulls.fetchall() == [(sum(s.url is None for e in record.events for s in e.sources),)]


def test_pandas_reads_the_jsonl_sources_as_tables(record: at.Timeline, jsonl: Path) -> None:
    """pandas reads each event's sources as a list of dicts with the four keys."""
    frame = pd.read_json(jsonl, lines=True, dtype=False)
    assert list(frame["sources"]) == [_sources(e) for e in record.events]


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


class TestTimelineJSSlides:
    """Each slide is headed by the beginning of its event's summary and grouped by a kind a reader knows."""

    def test_every_headline_is_the_start_of_its_summary_cut_between_words(self, record: at.Timeline) -> None:
        """Over the shipped record: each headline is non-empty, at most 80 characters, the summary's own beginning,
        ends where a word ends, and has an ellipsis exactly when it stops inside the summary's first sentence; most
        are cut (the summaries are long sentences), none is the id."""
        from aitimeline._show.export import _headline

        cut = 0
        for event in record.events:
            summary = " ".join(event.summary.split())
            head = _headline(event.summary)
            assert 0 < len(head) <= 80, (event.id, head)
            start = head.removesuffix("…")
            assert summary.startswith(start), (event.id, head)
            assert start == start.strip(), (event.id, head)
            rest = summary[len(start) :]
            assert not (rest[:1].isalnum() and start[-1:].isalnum()), (event.id, head)  # never mid-word
            if head.endswith("…"):
                cut += 1
                assert rest not in ("", "."), (event.id, head)
                assert not re.match(r"\.\s+[A-Z]", rest), (event.id, head)
            else:
                assert rest in ("", ".") or re.match(r"[.!?]?\s+\S", rest), (event.id, head)
        assert len(record.events) / 2 < cut < len(record.events)
        slides = at.export.timelinejs(record)["events"]
        assert [s["text"]["headline"] for s in slides] == [html.escape(_headline(e.summary)) for e in record.events]

    @pytest.mark.parametrize(
        ("summary", "headline"),
        [
            ("Acme is founded.", "Acme is founded"),
            ("Acme is founded. It sells anvils.", "Acme is founded"),
            (
                "Acme Inc. is founded by J. Smith in the U.S. today.",
                "Acme Inc. is founded by J. Smith in the U.S. today",
            ),
            (
                "Acme, a maker of anvils, is founded: it sells them to coyotes all over the desert and beyond it.",
                "Acme, a maker of anvils, is founded…",
            ),
            (
                "Acme, a maker of anvils, is founded in Arizona; " + "anvils " * 20,
                "Acme, a maker of anvils, is founded in Arizona…",
            ),
            (
                "Acme is founded; " + "anvils " * 20,
                "Acme is founded; anvils anvils anvils anvils anvils anvils anvils anvils anvils…",
            ),
            (
                "Acme (" + "anvils " * 20 + ") is founded.",
                "Acme (" + " ".join(["anvils"] * 10) + "…",
            ),
            (
                "Acme announces a plan to sell anvils, rockets and traps to coyotes everywhere in the whole desert.",
                "Acme announces a plan to sell anvils, rockets and traps to coyotes everywhere…",
            ),
            ("A" * 100, "A" * 79 + "…"),
        ],
    )
    def test_the_rule(self, summary: str, headline: str) -> None:
        """A first sentence that fits is the headline (abbreviations and initials do not end it); else a clause
        that says enough, else the last whole word that fits, without a dangling "in the"; a single word longer
        than the limit is the only one cut."""
        from aitimeline._show.export import _headline

        assert _headline(summary) == headline

    def test_every_built_in_type_has_a_readable_group(self, record: at.Timeline) -> None:
        """Every built-in type, and the knowledge-time events, is in one of a few kinds; the shipped slides use them."""
        from aitimeline._show.export import _group, _groups

        kinds = set(_groups().values())
        assert {
            _group(kind) for kind in [*at.io.builtin_types().values(), at.events.Corrected, at.events.Retracted]
        } == kinds
        assert len(kinds) == 8
        assert {s["group"] for s in at.export.timelinejs(record)["events"]} == kinds  # the record has each kind

    def test_a_users_type_is_grouped_by_what_it_extends_or_by_its_name(self) -> None:
        """A type that extends a built-in one takes its kind; any other its name in words, never raw CamelCase."""

        @attrs.frozen(kw_only=True)
        class SiteAnnounced(at.Event):
            site: str

            def apply(self, w: at.extend.Writer) -> None:
                pass

        @attrs.frozen(kw_only=True)
        class BigDeal(at.events.AgreementSigned):
            pass

        source = at.Source(publisher="P", title="T", published="2020", url="https://example.com/")
        common: dict[str, Any] = {"date": "2020", "summary": "Something happens.", "sources": (source,)}
        events = [SiteAnnounced(id="s", site="x", **common)]
        slide = at.export.timelinejs(at.Timeline(events, ENTITIES))["events"][0]
        assert slide["group"] == "Site announced"
        from aitimeline._show.export import _group

        assert _group(BigDeal) == "Agreements"


def test_the_exports_docstring_examples_pass() -> None:
    """The examples in the export module's docstrings (not reached by tests/test_docs.py, which runs the public
    modules' own) pass."""
    import doctest

    from aitimeline._show import export

    assert doctest.testmod(export, optionflags=doctest.ELLIPSIS).failed == 0


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
