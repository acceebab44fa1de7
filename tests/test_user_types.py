"""A user's own event types beyond Python: ``--types MODULE:ATTRIBUTE`` on the command line, the entry-point group
``aitimeline.event_types`` (``at.io.installed_types``), and a package that declares one, installed in a fresh
virtual environment, whose types the installed ``aitimeline`` command then loads."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import aitimeline as at
from aitimeline._cli.main import main

ROOT = Path(__file__).resolve().parents[1]

MODULE = '''\
"""A user's own event type, written with the public API, and the registry that holds it."""

from __future__ import annotations

import attrs

import aitimeline as at


@attrs.frozen(kw_only=True)
class SiteAnnounced(at.Event):
    """A company announced a data-centre site and the power planned there; the latest is its "site-power"."""

    company: str = at.extend.entity_field()
    site: str
    power: at.Quantity

    def apply(self, w: at.extend.Writer) -> None:
        figure = at.MetricValue(value=self.power, period=None, basis=self.site, reported=self.date, event_id=self.id)
        w.set(at.keys.metric(self.company, "site-power"), figure)


TYPES = at.io.builtin_types().with_types(SiteAnnounced).with_words("metric", "site-power")
NOT_TYPES = 42


def types() -> at.io.EventTypes:
    return TYPES
'''

EVENT_FILE = """\
schema = 2
date = "2025-09-23"

[[sources]]
publisher = "OpenAI"
title = "OpenAI, Oracle, and SoftBank expand Stargate with five new AI data center sites"
published = "2025-09-23"
url = "https://openai.com/index/five-new-stargate-sites/"

[[events]]
type = "SiteAnnounced"
id = "openai-abilene-site-2025"
summary = "OpenAI named Abilene, Texas, as a Stargate site."
company = "openai-group"
site = "Abilene, Texas"
power = { low = "1.2", high = "1.2", unit = "GW" }
"""

ENTITIES_FILE = """\
schema = 2
subjects = ["openai-group"]

[[organizations]]
id = "openai-group"
name = "OpenAI Group PBC"
"""

SHOWN = ("site power", "1.2 GW", "Abilene, Texas")
"""What ``state`` shows of the user's event: the metric its ``apply`` wrote."""


def write_folder(folder: Path, *, alone: bool = False) -> Path:
    """A folder of one event of the user's type (on the shipped record; ``alone``: with an entities file)."""
    folder.mkdir(parents=True)
    (folder / "2025-09-23-openai-abilene-site-2025.toml").write_text(EVENT_FILE, encoding="utf-8")
    if alone:
        (folder / "entities.toml").write_text(ENTITIES_FILE, encoding="utf-8")
    return folder


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The current folder holds the user's module (``sitetypes_fast.py``) and its events (``mine/``); the command
    line's cache is a folder of the test's own; the path and the modules are restored afterwards."""
    write_module(tmp_path, "sitetypes_fast", MODULE)
    write_folder(tmp_path / "mine")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AITIMELINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield tmp_path
    for name in _MODULES:
        sys.modules.pop(name, None)


_MODULES = ("sitetypes_fast", "more_types", "other_types", "only_mine", "rival_types")
"""The users' modules these tests write (each test in a folder of its own) and import."""


def write_module(folder: Path, name: str, text: str) -> None:
    """Write a user's module, seen by the next import (the import system caches what a folder holds)."""
    (folder / f"{name}.py").write_text(text, encoding="utf-8")
    importlib.invalidate_caches()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: its exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def plugins(monkeypatch: pytest.MonkeyPatch, *values: str) -> list[str]:
    """Declare entry points ``aitimeline.event_types`` named p0, p1... for ``values``; the list returned grows by
    one each time they are looked up."""
    looked: list[str] = []

    def entry_points(**params: str) -> list[importlib.metadata.EntryPoint]:
        looked.append(params["group"])
        group = "aitimeline.event_types"
        points = [importlib.metadata.EntryPoint(f"p{i}", v, group) for i, v in enumerate(values)]
        return points if params == {"group": group} else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return looked


# --- --types ------------------------------------------------------------------------------------------------


def test_without_types_the_folder_does_not_load_and_the_hint_names_the_option(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins(monkeypatch)  # none installed
    code, out, err = cli(capsys, "check", "mine", "--on-shipped")
    assert code == 1
    assert "unknown event type 'SiteAnnounced'" in out
    assert "--types MODULE:ATTRIBUTE" in err
    code, _, err = cli(capsys, "state", "2025-10-01", "--data", "mine", "--on-shipped")
    assert code == 1
    assert "--types MODULE:ATTRIBUTE" in err.splitlines()[0]


def test_types_loads_the_folder_for_check_and_state(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "check", "mine", "--on-shipped", "--types", "sitetypes_fast:TYPES")[:2] == (0, "")
    code, out, err = cli(
        capsys, "state", "2025-10-01", "--data", "mine", "--on-shipped", "--entity", "openai-group", "--types",
        "sitetypes_fast:TYPES",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert all(part in out for part in SHOWN), out


def test_types_works_on_every_command_that_loads_a_record(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command takes --types; events lists the user's event, entities and diff answer."""
    option = ("--data", "mine", "--on-shipped", "--types", "sitetypes_fast:TYPES")
    code, out, _ = cli(capsys, "events", "--from", "2025-09", "--to", "2025-09-30", "--type", "SiteAnnounced", *option)
    assert code == 0
    assert "openai-abilene-site-2025" in out
    code, out, _ = cli(capsys, "diff", "2025-09-01", "2025-10-01", *option)
    assert code == 0
    assert "metric OpenAI LP / site-power: none → 1.2 GW" in out
    assert cli(capsys, "entities", "openai", *option)[0] == 0
    assert cli(capsys, "reconcile", *option)[0] == 0
    for command in ("state", "events", "diff", "history", "explain", "reconcile", "entities", "export", "plot", "page"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--types MODULE:ATTRIBUTE" in capsys.readouterr().out, command
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "--types MODULE:ATTRIBUTE" in capsys.readouterr().out


def test_types_reaches_the_page(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = cli(
        capsys, "page", "-o", "page.html", "--data", "mine", "--on-shipped", "--types", "sitetypes_fast:TYPES"
    )
    assert code == 0
    assert "openai-abilene-site-2025" in (here / "page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such_module_anywhere:TYPES", "no module named 'no_such_module_anywhere'"),
        ("sitetypes_fast:TYPOS", "'sitetypes_fast' has no attribute 'TYPOS' (its EventTypes: TYPES)"),
        ("sitetypes_fast:NOT_TYPES", "is a int, not an aitimeline.io.EventTypes"),
        ("sitetypes_fast:SiteAnnounced", "is an event type, not an aitimeline.io.EventTypes"),
        ("sitetypes_fast:types", "is a function (call it in the module: TYPES = types())"),
        ("sitetypes_fast", "is not of the form module:attribute"),
    ],
)
@pytest.mark.parametrize("command", [("check", "mine", "--on-shipped"), ("state", "2025-10-01")])
def test_a_bad_types_is_a_usage_error_of_one_line(
    here: Path, capsys: pytest.CaptureFixture[str], spec: str, message: str, command: tuple[str, ...]
) -> None:
    code, out, err = cli(capsys, *command, "--types", spec)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"aitimeline: --types {spec}: ")
    assert message in err
    assert "Traceback" not in err


def test_types_may_be_repeated_and_two_classes_of_one_name_are_a_usage_error(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_module(here, "more_types", MODULE + "\nONLY = at.io.EventTypes().with_types(SiteAnnounced)\n")
    write_module(
        here,
        "other_types",
        textwrap.dedent("""\
            import attrs
            import aitimeline as at

            @attrs.frozen(kw_only=True)
            class Sued(at.Event):
                plaintiff: str = at.extend.entity_field()

            TYPES = at.io.EventTypes().with_types(Sued)
        """),
    )
    both = ("--types", "other_types:TYPES", "--types", "sitetypes_fast:TYPES")
    assert cli(capsys, "check", "mine", "--on-shipped", *both)[0] == 0
    code, out, err = cli(capsys, "check", "mine", "--on-shipped", "--types", "sitetypes_fast:TYPES", "--types",
                         "more_types:ONLY")  # fmt: skip
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "'SiteAnnounced'" in err
    assert "sitetypes_fast.SiteAnnounced by --types sitetypes_fast:TYPES" in err
    assert "more_types.SiteAnnounced by --types more_types:ONLY" in err


def test_a_registry_of_the_users_types_alone_is_merged_with_the_built_ins(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--types names a registry without the built-in types: the folder's built-in events still load."""
    write_module(here, "only_mine", MODULE + "\nONLY = at.io.EventTypes().with_types(SiteAnnounced)\n")
    (here / "mine" / "2025-09-24-funding.toml").write_text(
        EVENT_FILE.replace("SiteAnnounced", "MetricReported")
        .replace("openai-abilene-site-2025", "openai-staff-2025")
        .replace('company = "openai-group"', 'entity = "openai-group"\nmetric = "staff"')
        .replace('site = "Abilene, Texas"\n', "")
        .replace("power = ", "value = ")
        .replace('"2025-09-23"', '"2025-09-24"'),
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, "check", "mine", "--on-shipped", "--types", "only_mine:ONLY")
    assert (code, out) == (0, "")


# --- the entry points ---------------------------------------------------------------------------------------


def test_the_command_line_finds_an_installed_packages_types(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(here))
    looked = plugins(monkeypatch, "sitetypes_fast:TYPES")
    assert cli(capsys, "check", "mine", "--on-shipped")[:2] == (0, "")
    code, out, _ = cli(capsys, "state", "2025-10-01", "--data", "mine", "--on-shipped", "--entity", "openai-group")
    assert code == 0
    assert all(part in out for part in SHOWN), out
    assert looked  # looked up, since the built-in types could not load the folder


def test_installed_packages_are_not_looked_up_for_a_record_that_needs_none(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record of built-in types pays nothing for plug-ins: the entry points are not read, cached or not."""
    looked = plugins(monkeypatch, "sitetypes_fast:TYPES")
    for _ in range(2):  # a miss, then a hit of the cache
        code, out, _ = cli(capsys, "state", "2023-11-18")
        assert code == 0
        assert "Mira Murati" in out
    assert cli(capsys, "check", str(ROOT / "events"))[0] == 0
    assert looked == []


def test_two_plugins_that_give_one_name_to_two_classes_are_an_error_naming_both(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(here))
    write_module(here, "rival_types", MODULE)
    plugins(monkeypatch, "sitetypes_fast:TYPES", "rival_types:TYPES")
    code, out, err = cli(capsys, "check", "mine", "--on-shipped")
    assert (code, out, err.count("\n")) == (1, "", 1)
    assert "the plug-in 'p0' (sitetypes_fast:TYPES)" in err
    assert "the plug-in 'p1' (rival_types:TYPES)" in err
    assert "'SiteAnnounced'" in err
    with pytest.raises(at.errors.RegistrationError, match=r"rival_types\.SiteAnnounced by the plug-in 'p1'"):
        at.io.installed_types()


def test_a_broken_plugin_is_named(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(here))
    plugins(monkeypatch, "sitetypes_fast:NOT_TYPES")
    with pytest.raises(at.errors.RegistrationError, match=r"^the plug-in 'p0' \(sitetypes_fast:NOT_TYPES\): .* int"):
        at.io.installed_types()


def test_installed_types_loads_a_folder_when_asked(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """at.load uses the installed types only when given them; they hold the built-ins, the words included."""
    sys.path.insert(0, str(here))
    plugins(monkeypatch, "sitetypes_fast:TYPES")
    shipped = at.load()
    with pytest.raises(at.errors.LoadError, match="unknown event type 'SiteAnnounced'"):
        at.load(here / "mine", base=shipped)
    types = at.io.installed_types()
    assert set(at.io.builtin_types()) < set(types)
    assert types.words.known("metric", "site-power")
    assert types.words.known("metric", "valuation")
    state = at.load(here / "mine", types=types, base=shipped).state_at("2025-10-01")
    figure = state.metric("openai-group", "site-power")
    assert figure is not None
    assert figure.basis == "Abilene, Texas"
    plugins(monkeypatch)
    assert dict(at.io.installed_types()) == dict(at.io.builtin_types())


# --- the cache ----------------------------------------------------------------------------------------------


def test_answers_with_users_types_are_the_same_with_and_without_the_cache(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder is first cached while of built-in types only; once a file of the user's type is added, the answer
    shows it (a new key), from --types and from a plug-in alike, as with --no-cache; a folder read with a user's
    types is never cached (the cache holds folders of built-in types)."""
    sys.path.insert(0, str(here))
    folder = here / "alone"
    folder.mkdir()
    (folder / "entities.toml").write_text(ENTITIES_FILE, encoding="utf-8")
    staff = EVENT_FILE.replace("SiteAnnounced", "MetricReported").replace("openai-abilene-site-2025", "staff")
    staff = staff.replace('company = "openai-group"', 'entity = "openai-group"\nmetric = "staff"')
    (folder / "2025-09-23-staff.toml").write_text(
        staff.replace('site = "Abilene, Texas"\n', "").replace("power = ", "value = "), encoding="utf-8"
    )
    cache = here / "cache"
    question = ("state", "2025-10-01", "--data", "alone")
    first = cli(capsys, *question)
    assert first[0] == 0
    assert len(list(cache.glob("*.pickle"))) == 1
    assert cli(capsys, *question) == first  # from the cache
    (folder / "2025-09-23-openai-abilene-site-2025.toml").write_text(EVENT_FILE, encoding="utf-8")
    answers = {cli(capsys, *question, *more, "--types", "sitetypes_fast:TYPES") for more in [(), ("--no-cache",)]}
    plugins(monkeypatch, "sitetypes_fast:TYPES")
    answers |= {cli(capsys, *question, *more) for more in [(), ("--no-cache",)]}
    ((code, out, err),) = answers
    assert (code, err) == (0, "")
    assert all(part in out for part in SHOWN), out
    assert len(list(cache.glob("*.pickle"))) == 1


# --- a package that declares its types, installed in a fresh virtual environment ------------------------------

PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "sitetypes"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["aitimeline"]

[project.entry-points."aitimeline.event_types"]
sites = "sitetypes:TYPES"

[tool.hatch.build.targets.wheel]
only-include = ["sitetypes.py"]
"""


@pytest.mark.slow  # a virtual environment, two packages built and installed (about a minute)
def test_a_package_that_declares_types_works_with_the_installed_command(tmp_path: Path) -> None:
    """The issue's test: a tiny package declares an entry point of aitimeline.event_types; installed with
    aitimeline (from this working tree) in a fresh virtual environment, its types load a folder layered on the
    shipped record, for ``check`` and ``state``, with no --types."""
    package = tmp_path / "sitetypes"
    package.mkdir()
    (package / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (package / "sitetypes.py").write_text(MODULE, encoding="utf-8")
    folder = write_folder(tmp_path / "my-events")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    environment["AITIMELINE_CACHE_DIR"] = str(tmp_path / "cache")

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, timeout=900, cwd=tmp_path, env=environment
        )

    installed = run(bin_dir / "python", "-m", "pip", "install", "-q", ROOT, package)
    assert installed.returncode == 0, installed.stderr
    where = run(bin_dir / "python", "-c", "import aitimeline, sitetypes; print(aitimeline.__file__)")
    assert where.stdout.startswith(str(venv)), where  # the environment's own copy, not this checkout
    command = bin_dir / "aitimeline"
    check = run(command, "check", folder, "--on-shipped")
    assert (check.returncode, check.stdout) == (0, ""), check.stderr
    assert "no problems" in check.stderr
    state = run(command, "state", "2025-10-01", "--data", folder, "--on-shipped", "--entity", "openai-group")
    assert state.returncode == 0, state.stderr
    assert all(part in state.stdout for part in SHOWN), state.stdout
    assert "Abilene, Texas" not in run(command, "state", "2025-10-01", "--entity", "openai-group").stdout


# A check that the fixtures above mean what they say: the user's module is a valid registry of one more type.
def test_the_users_module_registers_one_type(here: Path) -> None:
    sys.path.insert(0, str(here))
    import sitetypes_fast  # type: ignore[import-not-found]

    types: at.io.EventTypes = sitetypes_fast.TYPES
    assert set(types) - set(at.io.builtin_types()) == {"SiteAnnounced"}
