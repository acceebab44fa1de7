"""The `aitimeline` command, run as users run it: the console script in a subprocess (exit code, stdout, stderr)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import aitimeline as at

SCRIPT = shutil.which("aitimeline", path=str(Path(sys.executable).parent))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None, "the aitimeline console script is not installed (pip install -e .)"
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=60, check=False)


def test_help_lists_the_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("state", "events", "diff", "history", "explain", "entities", "check", "export"):
        assert command in done.stdout


@pytest.mark.parametrize("command", ["state", "events", "diff", "history", "explain", "entities", "check", "export"])
def test_every_command_has_help(command: str) -> None:
    done = run(command, "--help")
    assert (done.returncode, done.stderr) == (0, "")
    assert "usage: aitimeline" in done.stdout


def test_state_names_the_interim_ceo() -> None:
    done = run("state", "2023-11-18")
    assert done.returncode == 0
    assert "CEO: Mira Murati" in done.stdout


def test_state_as_json_and_known_at() -> None:
    """--json gives plain values; --known-at answers as the record stood then."""
    now = json.loads(run("state", "2025-10-27", "--entity", "openai-group", "--json").stdout)
    assert now["entities"]["openai-group"]["cap_table"] == []
    after = json.loads(run("state", "2026-04-30", "--entity", "openai-group", "--json").stdout)
    lines = {line["holder"]: line for line in after["entities"]["openai-group"]["cap_table"]}
    assert lines["softbank"]["kind"] == "derived"
    assert abs(lines["microsoft"]["stake"]["float"] - 0.27 * (1 - 122 / 852)) < 1e-12
    early = json.loads(run("state", "2026-04-30", "--known-at", "2025-12-01", "--json").stdout)
    assert early["known_at"] == "2025-12-01"
    assert "softbank" not in {line["holder"] for line in early["entities"]["openai-group"]["cap_table"]}


def test_events_filtered_by_entity_and_type() -> None:
    done = run(
        "events", "--from", "2023-11-01", "--to", "2023-11-30", "--entity", "emmett-shear", "--type", "RoleBegan"
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()
    assert all("RoleBegan" in line for line in done.stdout.splitlines())
    assert "shear-interim-ceo-2023" in done.stdout


def test_diff_history_explain() -> None:
    assert "interim-ceo" in run("diff", "2023-11-16", "2023-11-20").stdout
    history = run("history", "role", "openai", "ceo", "--json")
    assert [row["value"] for row in json.loads(history.stdout)][-1] == ["sam-altman"]
    explain = run("explain", "role", "openai", "interim-ceo", "--at", "2023-11-18")
    assert explain.returncode == 0
    assert "murati-interim-ceo-2023" in explain.stdout


def test_entities_finds_by_alias() -> None:
    done = run("entities", "OpenAI Group PBC")
    assert done.stdout.split()[0] == "openai-group"
    assert run("entities", "zzzz qqqq").returncode == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("state", "01/02/2023"), "ambiguous"),
        (("state", "2023-11-18", "--entity", "OpenAI"), "did you mean 'openai', 'openai-group'"),
        (("history", "role", "openai", "CEO"), "did you mean 'ceo'"),
        (("diff", "2024-01-01", "2023-01-01"), "before"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...], words: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_check_exits_1_on_problems(tmp_path: Path) -> None:
    assert run("check", str(Path(at.__file__).resolve().parents[2] / "events")).returncode == 0
    (tmp_path / "x.toml").write_text("schema = 2\n[[[", encoding="utf-8")
    done = run("check", str(tmp_path), "--json")
    assert done.returncode == 1
    assert any(json.loads(line)["file"].endswith("x.toml") for line in done.stdout.splitlines())


def test_export_csv_and_jsonl_read_back(tmp_path: Path) -> None:
    """The CSV reads back with the csv module and the JSON Lines with json: one row per event, ids and dates as
    the record has them."""
    events = at.load().events
    assert run("export", "csv", "-o", str(tmp_path / "e.csv")).returncode == 0
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["id"], r["date"]) for r in rows] == [(e.id, str(e.date)) for e in events]
    assert run("export", "jsonl", "-o", str(tmp_path / "e.jsonl")).returncode == 0
    lines = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    by_id = {row["id"]: row for row in lines}
    amazon = by_id["amazon-invests-50bn-2026"]
    assert (amazon["amount"]["low"], amazon["amount"]["currency"]) == ("50000000000", "USD")


def test_export_timelinejs(tmp_path: Path) -> None:
    """The TimelineJS file has the fields TimelineJS documents: every slide a start_date with a year (month and day
    only where the record knows them), a text and a unique id; eras with a start and an end; the CEO eras are the
    record's own history of OpenAI's CEO."""
    assert run("export", "timelinejs", "-o", str(tmp_path / "t.json")).returncode == 0
    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    record = at.load()
    assert len(doc["events"]) == len(record.events)
    ids = [slide["unique_id"] for slide in doc["events"]]
    assert len(set(ids)) == len(ids)
    by_id = {e.id: e for e in record.events}
    for slide in doc["events"]:
        date = by_id[slide["unique_id"]].date
        assert slide["start_date"] == {
            k: v for k, v in (("year", date.year), ("month", date.month), ("day", date.day)) if v is not None
        }
        assert slide["text"]["headline"]
        assert "Sources: " in slide["text"]["text"]
    ceo_eras = [era for era in doc["eras"] if era["text"]["headline"].startswith("CEO of OpenAI")]
    starts = [(e["start_date"]["year"], e["start_date"]["month"], e["start_date"]["day"]) for e in ceo_eras]
    history = [(d.year, d.month, d.day) for d, who in record.history(lambda s: s.ceo("openai")) if who]
    assert starts == history
    assert all({"start_date", "end_date", "text"} <= era.keys() for era in doc["eras"])
    assert any('<a href="https://' in slide["text"]["text"] for slide in doc["events"])


def test_export_gexf_opens_in_networkx(tmp_path: Path) -> None:
    import networkx as nx

    done = run("export", "gexf", "-o", str(tmp_path / "web.gexf"))
    assert done.returncode == 0
    graph = nx.read_gexf(tmp_path / "web.gexf")
    assert graph.graph["mode"] == "dynamic"
    assert any(d["kind"] == "warrant" for _, _, d in graph.edges(data=True))
