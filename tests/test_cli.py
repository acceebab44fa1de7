"""The `aitimeline` command, run as users run it: the console script in a subprocess (exit code, stdout, stderr)."""

from __future__ import annotations

import csv
import fcntl
import json
import os
import pickle
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import aitimeline as at
from tests.helpers import ENTITIES, own_story

SCRIPT = shutil.which("aitimeline", path=str(Path(sys.executable).parent))


@pytest.fixture(autouse=True, scope="module")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The commands cache parsed folders; these tests keep that cache in a folder of their own."""
    before = os.environ.get("AITIMELINE_CACHE_DIR")
    os.environ["AITIMELINE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["AITIMELINE_CACHE_DIR"]
    else:
        os.environ["AITIMELINE_CACHE_DIR"] = before


def run(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT is not None, "the aitimeline console script is not installed (pip install -e .)"
    environment = {**os.environ, **(env or {})}
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=60, check=False, env=environment)


def test_help_lists_the_commands() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("state", "events", "diff", "history", "explain", "entities", "check", "export"):
        assert command in done.stdout


@pytest.mark.parametrize(
    "command", ["state", "events", "diff", "history", "explain", "entities", "check", "export", "page", "plot"]
)
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
    assert abs(lines["microsoft"]["stake"]["float"] - 0.27 * 730 / 767) < 1e-12  # $37 billion paid in at $730 billion
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
    assert "role OpenAI, Inc. / interim-ceo: none → Emmett Shear" in run("diff", "2023-11-16", "2023-11-20").stdout
    history = run("history", "--key", "role", "openai", "ceo", "--json")
    assert [row["value"] for row in json.loads(history.stdout)][-2:] == [["sam-altman"], []]
    history = run("history", "ceo", "openai-group", "--json")
    assert [row["value"] for row in json.loads(history.stdout)][-1] == "sam-altman"
    explain = run("explain", "holders", "openai", "interim-ceo", "--at", "2023-11-18")
    assert explain.returncode == 0
    assert "murati-interim-ceo-2023" in explain.stdout
    assert "Mira Murati" in explain.stdout


def test_history_asks_the_states_questions_in_pythons_order() -> None:
    """`history QUERY ARGS` asks State's own question: the CEO, interim ones included, by name; funding in the
    order of ``state.funding(investor, investee)``; the same answers as Python's."""
    record = at.load()
    ceos = run("history", "ceo", "openai").stdout.splitlines()
    assert [line.split("  ")[1] for line in ceos[1:4]] == ["Mira Murati", "Emmett Shear", "Sam Altman"]
    assert ceos[1].startswith("2023-11-17")
    rows = json.loads(run("history", "funding", "microsoft", "openai-group", "--json").stdout)
    python = record.history(lambda s: s.funding("microsoft", "openai-group"))
    assert [row["date"] for row in rows] == [day.isoformat() for day, _ in python]
    assert rows[2]["value"]["committed"]["text"] == "$13 billion"
    reversed_ = run("history", "funding", "openai-group", "microsoft", "--json")
    assert json.loads(reversed_.stdout) == []  # OpenAI never funded Microsoft: nothing, not Microsoft's funding


def test_history_of_a_record_shows_the_fields_that_changed() -> None:
    """A commitment's history says what changed in it ($38 billion → $138 billion), not the same line twice."""
    lines = run("history", "commitments", "openai-group", "--supplier", "amazon").stdout.splitlines()
    assert "$38 billion" in lines[0]
    assert "from Amazon.com, Inc." in lines[0]
    assert any("openai-aws-38bn: amount: $38 billion → $138 billion" in line for line in lines[1:])


def test_queries_lists_every_question_of_state() -> None:
    """`aitimeline queries` is made from State's public methods: every one of them, with its arguments."""
    listed = {row["query"]: row for row in json.loads(run("queries", "--json").stdout)}
    public = {
        name
        for name, member in vars(at.State).items()
        if not name.startswith("_") and callable(member) and name not in ("get", "snapshot", "of")
    }
    assert set(listed) == public
    assert listed["funding"]["arguments"] == ["investor", "investee"]
    assert "--supplier" in listed["commitments"]["usage"]
    assert "chief executive" in listed["ceo"]["summary"]
    assert "holders ORG ROLE" in run("queries").stdout


def test_explain_a_stake_by_its_question() -> None:
    """`explain stake HOLDER ENTITY --json` answers the stake `state` shows, with the events behind it."""
    why = json.loads(run("explain", "stake", "microsoft", "openai-group", "--at", "2025-11-01", "--json").stdout)
    assert why["answer"]["text"] == "about 27 % (as-converted, diluted)"
    assert "openai-group-recapitalized-2025" in [e["id"] for e in why["events"]]
    board = run("explain", "board", "openai", "--at", "2023-11-18").stdout
    assert board.startswith("Adam D'Angelo, Helen Toner, Ilya Sutskever, Tasha McCauley, because:")
    with_ids = run("explain", "board", "openai", "--at", "2023-11-18", "--ids").stdout
    assert with_ids.startswith("adam-dangelo, helen-toner, ilya-sutskever, tasha-mccauley, because:")


def test_entities_finds_by_alias() -> None:
    done = run("entities", "OpenAI Group PBC")
    assert done.stdout.split()[0] == "openai-group"
    assert run("entities", "zzzz qqqq").returncode == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("state", "01/02/2023"), "ambiguous"),
        (("state", "2023-11-18", "--entity", "OpenAI"), "did you mean 'openai', 'openai-group'"),
        (("history", "holders", "openai", "CEO"), "did you mean 'ceo'"),
        (("history", "--key", "role", "openai", "CEO"), "did you mean 'ceo'"),
        (("history", "cep", "openai"), "unknown query 'cep' (did you mean 'ceo'?); `aitimeline queries` lists"),
        (("history", "ceo"), "ceo takes ORG, got none"),
        (("history", "ceo", "openai", "--supplier", "aws"), "ceo does not take --supplier"),
        (("history",), "aitimeline queries"),
        (("history", "ceo", "opnai"), "`aitimeline entities TEXT` searches"),
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


@pytest.mark.parametrize("schema", [1, 2])
def test_check_reports_a_file_nested_5000_deep(tmp_path: Path, schema: int) -> None:
    """A table nested 5,000 deep, and arrays 5,000 deep, are problems naming their files: exit 1, no traceback."""
    head = f'schema = {schema}\ndate = "2020-01-01"\n'
    (tmp_path / "entities.toml").write_text(f"schema = {schema}\n", encoding="utf-8")
    (tmp_path / "table.toml").write_text(head + "[" + ".".join(["a"] * 5000) + "]\nb = 1\n", encoding="utf-8")
    (tmp_path / "arrays.toml").write_text(head + "a = " + "[\n" * 5000 + "]\n" * 5000, encoding="utf-8")
    done = run("check", str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{tmp_path / 'table.toml'}: not readable: a line holds more than 256 dots" in done.stdout
    assert f"{tmp_path / 'arrays.toml'}: not readable: arrays or tables nested too deeply" in done.stdout


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

    def ceo_of(org: str) -> Callable[[at.State], str | None]:
        return lambda s: s.ceo(org)

    history = [
        (d.year, d.month, d.day) for org in ("openai", "openai-group") for d, who in record.history(ceo_of(org)) if who
    ]
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


# --- the record's own subjects ------------------------------------------------------------------------------

SCHEMA_1 = Path(__file__).resolve().parent / "fixtures" / "schema-1"


def test_state_of_the_schema_1_fixture_is_about_its_own_subject() -> None:
    """`state` without --entity answers about the subjects the record names (the fixture's: acme), not OpenAI."""
    done = run("state", "2021-01-01", "--data", str(SCHEMA_1))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "As of 2021-01-01\n"
        "Acme (acme, legal form not recorded)\n"
        "  CEO: none on the record\n"
        "Agreements in force\n"
        "  bigco-acme  BigCo, Acme  2020-03-01  one party pays the other 20 % of its revenue\n"
    )


def _own_record(folder: Path, subjects: tuple[str, ...]) -> Path:
    """A user's record: Acme with a CEO, an owner and a compute commitment; BigCo with none of them."""
    folder.mkdir()
    (folder / "entities.toml").write_text(at.io.dumps_entities(ENTITIES, subjects=subjects), encoding="utf-8")
    events = own_story()
    at.io.add_events(folder, events, expected=at.io.folder_version(folder))
    return folder


@pytest.mark.slow  # a dozen command-line processes
def test_a_users_record_is_answered_about_its_own_subjects(tmp_path: Path) -> None:
    """With subjects = ["bigco", "acme"], `state` shows both in that order; each figure draws the first subject it
    has something for (Acme: BigCo has no owners, roles or commitments); the TimelineJS eras are Acme's CEOs. The
    commands after the first read the folder from the cache, its subjects with it."""
    folder = _own_record(tmp_path / "own", ("bigco", "acme"))
    state = run("state", "2020-12-31", "--data", str(folder), "--json")
    assert state.returncode == 0, state.stderr
    assert list(json.loads(state.stdout)["entities"]) == ["bigco", "acme"]
    for kind, title in [("cap-table", "Acme: owners"), ("leadership", "Acme: leadership")]:
        done = run("plot", kind, "--data", str(folder), "-o", str(tmp_path / f"{kind}.svg"))
        assert (done.returncode, done.stderr.split(", 20")[0]) == (0, f"{tmp_path / f'{kind}.svg'}: {title}")
    done = run("plot", "commitments", "--data", str(folder), "-o", str(tmp_path / "compute.svg"))
    assert "Acme: compute commitments" in done.stderr
    done = run("export", "timelinejs", "--data", str(folder), "-o", str(tmp_path / "t.json"))
    assert done.returncode == 0, done.stderr
    eras = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["eras"]
    assert [era["text"]["headline"] for era in eras] == ["CEO of Acme: Ann"]


@pytest.mark.slow  # several command-line processes
def test_a_record_without_subjects_asks_for_entity(tmp_path: Path) -> None:
    """A record that names no subjects: `state` and the figures of one entity exit 2 asking for --entity (never
    "unknown entity 'openai'"), and answer once it is given; `export timelinejs` writes its slides, no eras, and
    says how to get them."""
    folder = _own_record(tmp_path / "own", ())
    asked = [
        ("state", "2020-12-31", "--data", str(folder)),
        ("plot", "cap-table", "--data", str(folder), "-o", str(tmp_path / "x.svg")),
        ("plot", "leadership", "--data", str(folder), "-o", str(tmp_path / "x.svg")),
        ("plot", "commitments", "--data", str(folder), "-o", str(tmp_path / "x.svg")),
    ]
    for args in asked:
        done = run(*args)
        assert done.returncode == 2, args
        assert done.stderr.startswith("aitimeline: the record names no subjects"), done.stderr
        assert "pass --entity ID" in done.stderr
        assert f"{folder / 'entities.toml'}" in done.stderr
        assert "openai" not in done.stderr
        assert not (tmp_path / "x.svg").exists()
    assert run("state", "2020-12-31", "--data", str(folder), "--entity", "acme").stdout.splitlines()[2] == "  CEO: Ann"
    assert (
        run("plot", "cap-table", "--data", str(folder), "--entity", "acme", "-o", str(tmp_path / "x.svg")).returncode
        == 0
    )
    done = run("export", "timelinejs", "--data", str(folder), "-o", str(tmp_path / "t.json"))
    assert done.returncode == 0
    assert "0 eras" in done.stderr
    assert "pass --entity ID" in done.stderr
    done = run("export", "timelinejs", "--data", str(folder), "--entity", "acme", "-o", str(tmp_path / "t.json"))
    assert "3 events, 1 eras" in done.stderr


def test_export_entity_applies_to_timelinejs_only(tmp_path: Path) -> None:
    """--entity chooses the TimelineJS eras: for csv it is a usage error, and an unknown id is one too."""
    csv_done = run("export", "csv", "--entity", "openai", "-o", str(tmp_path / "e.csv"))
    assert (csv_done.returncode, "does not apply to csv" in csv_done.stderr) == (2, True)
    unknown = run("export", "timelinejs", "--entity", "opena", "-o", str(tmp_path / "t.json"))
    assert (unknown.returncode, "did you mean 'openai'" in unknown.stderr) == (2, True)


# --- a parsed folder is cached ----------------------------------------------------------------------------


def _copy_of_the_record(tmp_path: Path) -> Path:
    folder = tmp_path / "record"
    shutil.copytree(Path(at.__file__).resolve().parents[2] / "events", folder)
    return folder


def test_a_parsed_folder_is_cached_until_it_changes(tmp_path: Path) -> None:
    """The second question reads the cache and answers the same; a new file is a new key, so it is seen."""
    folder, cache = _copy_of_the_record(tmp_path), tmp_path / "cache"
    env = {"AITIMELINE_CACHE_DIR": str(cache)}
    first = run("events", "--data", str(folder), "--from", "2026-12", env=env)
    assert (first.returncode, first.stdout) == (0, "\n")  # the record has nothing in December 2026 yet
    assert len(list(cache.glob("*.pickle"))) == 1
    assert run("events", "--data", str(folder), "--from", "2026-12", env=env).stdout == first.stdout
    later = at.events.Announced(
        id="later-announcement",
        date="2026-12-02",
        summary="A later announcement.",
        sources=(at.Source(publisher="Example", title="Later", published="2026-12-02"),),
        subjects=("openai",),
    )
    at.io.add_events(folder, [later], expected=at.io.folder_version(folder))
    after = run("events", "--data", str(folder), "--from", "2026-12", env=env)
    assert "later-announcement" in after.stdout
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_damaged_cache_entry_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    folder, cache = _copy_of_the_record(tmp_path), tmp_path / "cache"
    env = {"AITIMELINE_CACHE_DIR": str(cache)}
    expected = run("state", "2023-11-18", "--data", str(folder), env=env).stdout
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])
    again = run("state", "2023-11-18", "--data", str(folder), env=env)
    assert (again.returncode, again.stdout, again.stderr) == (0, expected, "")
    assert entry.stat().st_size > 100


def test_no_cache_writes_nothing_and_a_folder_with_problems_is_never_cached(tmp_path: Path) -> None:
    folder, cache = _copy_of_the_record(tmp_path), tmp_path / "cache"
    env = {"AITIMELINE_CACHE_DIR": str(cache)}
    assert run("state", "2023-11-18", "--data", str(folder), "--no-cache", env=env).returncode == 0
    (folder / "zz-broken.toml").write_text("not = [toml", encoding="utf-8")
    assert run("state", "2023-11-18", "--data", str(folder), env=env).returncode == 1
    assert not list(cache.glob("*.pickle"))


# --- a table on a terminal, plain lines when piped ----------------------------------------------------------

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def on_a_terminal(*args: str, columns: int, env: Mapping[str, str] | None = None) -> str:
    """What the command prints to a terminal ``columns`` wide (a pseudo-terminal, as a shell gives it)."""
    assert SCRIPT is not None
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environment = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in ("COLUMNS", "LINES")}
    with subprocess.Popen([SCRIPT, *args], stdout=follower, stderr=subprocess.PIPE, env=environment) as done:
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the command has exited and closed its end
                break
            if not chunk:
                break
            out += chunk
        assert done.wait(timeout=60) == 0
    os.close(leader)
    return out.decode().replace("\r\n", "\n")


def test_on_a_terminal_the_owners_are_an_aligned_table_that_fits() -> None:
    shown = on_a_terminal("state", "2026-04-30", "--entity", "openai-group", columns=100)
    assert "\x1b[1m" in shown  # headings in bold
    lines = _ESCAPE.sub("", shown).splitlines()
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    header = next(i for i, line in enumerate(lines) if line.startswith("Owner "))
    assert set(lines[header + 1]) == {"─"}
    stake_at = lines[header].index("Stake")
    block = lines[header + 2 : lines.index("", header)]
    rows = [line for line in block if line[:1].strip() and line[stake_at : stake_at + 1].strip()]  # not a wrapped line
    names = {line.split("  ")[0].strip() for line in rows}
    assert names >= {"Amazon.com, Inc.", "OpenAI Foundation"}  # longer names wrap within their column
    assert any("derived, unverified" in line for line in rows)  # Microsoft's line rests on an unverified report
    assert all(line[stake_at - 1] == " " and line[stake_at] != " " for line in rows), rows  # each under "Stake"
    assert any(line[stake_at : stake_at + 6] == "about " for line in rows), rows  # hedges kept


def test_no_color_drops_the_escape_codes_and_a_pipe_gets_plain_lines() -> None:
    shown = on_a_terminal("state", "2023-11-18", columns=80, env={"NO_COLOR": "1"})
    assert "\x1b" not in shown
    assert re.search(r"^CEO +Mira Murati$", shown, re.M)
    piped = run("state", "2023-11-18").stdout
    assert "\x1b" not in piped
    assert "─" not in piped
    assert "  CEO: Mira Murati" in piped.splitlines()


@pytest.mark.slow  # command-line processes with matplotlib
def test_plot_writes_a_picture_and_refuses_an_unknown_format(tmp_path: Path) -> None:
    done = run("plot", "deal-web", "--at", "2025-10-29", "--known-at", "2025-10-05", "-o", str(tmp_path / "web.svg"))
    assert done.returncode == 0, done.stderr
    assert "The deal web as of 2025-10-29, as known on 2025-10-05" in done.stderr
    assert b"<svg" in (tmp_path / "web.svg").read_bytes()[:500]
    refused = run("plot", "leadership", "-o", str(tmp_path / "people.pdf"))
    assert refused.returncode == 2
    assert "use .png or .svg" in refused.stderr
    assert not (tmp_path / "people.pdf").exists()
    assert run("plot", "cap-table", "--entity", "no-such-org", "-o", str(tmp_path / "x.png")).returncode == 2


class _Touch:
    """A pickle that, read, creates a file: what a stranger's cache entry could do."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        return Path.touch, (self.path,)


def test_a_cache_entry_others_may_write_is_never_read(tmp_path: Path) -> None:
    """Reading a pickle can run code: an entry writable by the group or others is never read (a miss, and it is
    replaced by a parse of the command's own)."""
    folder, cache, ran = _copy_of_the_record(tmp_path), tmp_path / "cache", tmp_path / "ran"
    env = {"AITIMELINE_CACHE_DIR": str(cache)}
    expected = run("state", "2023-11-18", "--data", str(folder), env=env).stdout
    (entry,) = cache.glob("*.pickle")
    assert entry.stat().st_mode & 0o077 == 0
    entry.write_bytes(pickle.dumps(_Touch(ran)))
    entry.chmod(0o666)
    again = run("state", "2023-11-18", "--data", str(folder), env=env)
    assert (again.returncode, again.stdout) == (0, expected)
    assert not ran.exists()
    assert entry.stat().st_mode & 0o077 == 0


def test_reconcile_lists_reported_and_derived_figures_and_why_they_differ() -> None:
    """`aitimeline reconcile` answers Timeline.reconcile: SoftBank's own "about 13 %" agrees with its derived line;
    a figure that disagrees comes with the note that explains it."""
    rows = json.loads(run("reconcile", "--at", "2026-10-01", "--json").stdout)
    (softbank,) = [r for r in rows if r["reported_by"] == "softbank-stake-13pct-2026"]
    assert softbank["agrees"] is True
    assert softbank["subject"] == ["softbank", "openai-group"]
    assert all(r["date"] <= "2026-10-01" for r in rows)
    text = run("reconcile").stdout
    assert "Why they disagree" in text
    assert "microsoft-openai-funding-2025-09: " in text
    assert run("reconcile", "--at", "2025-01-01").stdout.startswith("Reconciliation: 0 figures")


def test_unverified_events_are_marked_where_they_are_shown() -> None:
    """An event marked unverified in the data says so in `events` and in `explain`, not only in its file."""
    record = at.load()
    (event,) = [e for e in record.events if e.id == "yoon-leaves-board-2020"]
    assert event.unverified
    listed = run("events", "--from", "2020", "--to", "2020").stdout
    (line,) = [x for x in listed.splitlines() if "yoon-leaves-board-2020" in x]
    assert "(unverified)" in line
    assert "(unverified)" not in next(x for x in listed.splitlines() if "azure-supercomputer" in x)
    why = run("explain", "board", "openai", "--at", "2020-12-31").stdout
    assert "yoon-leaves-board-2020 (unverified)" in why


def test_an_unknown_event_type_or_aspect_is_a_usage_error_with_the_closest_names() -> None:
    """A misspelt --type or aspect is refused (exit 2) naming the closest known names, where it used to answer
    nothing, or "no change", with exit 0."""
    typo = run("events", "--type", "Invest")
    assert typo.returncode == 2
    assert "unknown event type 'Invest' (did you mean 'Invested' or 'InvestmentPaid'?)" in typo.stderr
    aspect = run("history", "--key", "rol", "openai", "ceo")
    assert aspect.returncode == 2
    assert "unknown aspect 'rol' (did you mean 'role'?)" in aspect.stderr
    assert run("events", "--type", "Invested", "--to", "2019-12-31").returncode == 0
