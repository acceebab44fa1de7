"""Exports read back by the tools they are for, and checked against the state they came from."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest

import aitimeline as at


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
    assert rows[("role", "openai/ceo")] == ["sam-altman"]
    assert not any(aspect.startswith("_") for aspect, _ in rows)


def test_history_and_diff_records(record: at.Timeline) -> None:
    history = at.export.history_records(record.history(lambda s: s.ceo("openai")))
    assert history[-1] == {"date": "2023-11-29", "value": "sam-altman"}
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
