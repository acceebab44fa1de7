"""Writing events safely: the canonical layout, checked before anything is written, atomic, never replacing a
file, refused on a stale view; tested with real processes writing at once and processes killed mid-write.

The soak (many more rounds) runs with ``AITIMELINE_SOAK=1``.
"""

from __future__ import annotations

import collections
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

import aitimeline as at
from aitimeline import testing
from aitimeline._formats.folder import JOURNAL
from tests.helpers import ENTITIES, ev

EVENTS = Path(__file__).resolve().parents[1] / "events"
SOAK = os.environ.get("AITIMELINE_SOAK") == "1"
SRC = str(Path(__file__).resolve().parents[1] / "src")


def staff(tl: at.Timeline, entity: str, date: str, known_at: str | None = None) -> object:
    found = tl.state_at(date, known_at=known_at).metric(entity, "staff")
    assert found is not None
    return found.value


def new_folder(path: Path) -> Path:
    path.mkdir()
    (path / "entities.toml").write_text(at.io.dumps_entities(ENTITIES), encoding="utf-8")
    return path


def metric(event_id: str, date: str = "2020-01-01") -> at.Event:
    event: at.Event = ev(
        at.events.MetricReported, event_id, date, entity="acme", metric="staff", value=at.Quantity.of(1)
    )
    return event


class TestAddEvents:
    def test_an_event_lands_in_its_canonical_file_and_loads(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        written = at.io.add_events(folder, [metric("m1")], expected=at.io.folder_version(folder))
        assert written.files == (folder / "2020-01-01-m1.toml",)
        assert written.version == at.io.folder_version(folder)
        assert at.load(folder).events == (metric("m1"),)

    def test_events_of_one_date_share_a_file_in_their_order(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        events = [metric("b"), metric("a"), metric("c", "2021")]
        written = at.io.add_events(folder, events, expected=at.io.folder_version(folder))
        assert [p.name for p in written.files] == ["2020-01-01-b.toml", "2021-c.toml"]
        assert [e.id for e in at.load(folder).events] == ["b", "a", "c"]  # position in file, not id

    def test_a_stale_version_is_refused_and_nothing_is_written(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        seen = at.io.folder_version(folder)
        at.io.add_events(folder, [metric("first")], expected=seen)
        with pytest.raises(at.errors.ConflictError, match="changed since version"):
            at.io.add_events(folder, [metric("second")], expected=seen)
        assert [e.id for e in at.load(folder).events] == ["first"]

    def test_chained_writes_use_the_returned_version(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        version = at.io.folder_version(folder)
        for i in range(3):
            version = at.io.add_events(folder, [metric(f"m{i}")], expected=version).version
        assert len(at.load(folder).events) == 3

    def test_an_existing_file_is_never_replaced(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        (folder / "2020-01-01-m1.toml").write_text("# mine\n", encoding="utf-8")
        with pytest.raises(at.errors.ConflictError, match=r"2020-01-01-m1\.toml exists"):
            at.io.add_events(folder, [metric("m1")], expected=at.io.folder_version(folder))
        assert (folder / "2020-01-01-m1.toml").read_text(encoding="utf-8") == "# mine\n"

    def test_an_event_that_breaks_the_record_is_refused_before_anything_is_written(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        before = sorted(os.listdir(folder))
        ended = ev(at.events.RoleEnded, "gone", "2020-01-01", person="ann", org="acme", role="ceo", reason="resigned")
        with pytest.raises(at.errors.LoadError) as caught:
            at.io.add_events(folder, [ended], expected=at.io.folder_version(folder))
        (problem,) = caught.value.problems
        assert problem.file == str(folder / "2020-01-01-gone.toml")
        assert (problem.event_id, problem.path) == ("gone", "person")
        assert sorted(p for p in os.listdir(folder) if p != ".aitimeline.lock") == before

    def test_a_missing_folder_is_refused_and_not_created(self, tmp_path: Path) -> None:
        missing = tmp_path / "typo"
        with pytest.raises(at.errors.LoadError, match="no such folder"):
            at.io.add_events(missing, [metric("m")], expected=at.io.folder_version(missing))
        assert not missing.exists()

    def test_corrections_and_retractions_are_new_files(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        version = at.io.add_events(folder, [metric("m")], expected=at.io.folder_version(folder)).version
        fix = ev(at.events.Corrected, "fix", "2020-02-01", corrects="m", fields={"value": at.Quantity.of(2)})
        version = at.io.add_events(folder, [fix], expected=version).version
        at.io.add_events(folder, [ev(at.events.Retracted, "undo", "2020-03-01", retracts="fix")], expected=version)
        tl = at.load(folder)
        assert staff(tl, "acme", "2020-06-01", "2020-02-15") == at.Quantity.of(2)
        assert staff(tl, "acme", "2020-06-01") == at.Quantity.of(1)
        assert 'value = {value = "1"}' in (folder / "2020-01-01-m.toml").read_text(encoding="utf-8")

    def test_on_top_of_the_shipped_record(self, tmp_path: Path) -> None:
        folder = tmp_path / "mine"
        folder.mkdir()
        event = ev(
            at.events.MetricReported,
            "openai-staff",
            "2026-01-01",
            entity="openai-group",
            metric="staff",
            value=at.Quantity.of(4000, qualifier="about"),
        )
        at.io.add_events(folder, [event], expected=at.io.folder_version(folder), base=at.load())
        tl = at.load(folder, base=at.load())
        assert staff(tl, "openai-group", "2026-02-01") == at.Quantity.of(4000, qualifier="about")


class TestCanonicalLayout:
    def test_every_shipped_file_is_in_the_canonical_layout(self) -> None:
        """Each shipped event file is exactly what dumps_events writes for its events: loading and writing back
        gives the same bytes."""
        tl = at.load()
        files: dict[str, list[at.Event]] = collections.defaultdict(list)
        for event in tl.events:
            files[tl.origin(event.id).file or ""].append(event)
        assert len(files) > 50
        for file, events in files.items():
            events.sort(key=lambda e: tl.origin(e.id).position)
            assert at.io.dumps_events(events) == Path(file).read_text(encoding="utf-8"), file

    def test_one_file_has_one_date(self) -> None:
        with pytest.raises(ValueError, match="share one date"):
            at.io.dumps_events([metric("a"), metric("b", "2021-01-01")])

    def test_a_value_nested_deeper_than_a_file_may_is_refused(self, tmp_path: Path) -> None:
        """A correction built in code whose value nests 5,000 deep is a FieldError naming the field and the event,
        not a RecursionError; one that fits in 32 levels (the file and its [[events]] counted) is written."""

        def correction(depth: int) -> at.Event:
            value: object = "x"
            for _ in range(depth):
                value = {"a": value}
            corrected: at.Event = ev(at.events.Corrected, "c", "2020-01-01", corrects="m", fields={"note": value})
            return corrected

        for depth in (5000, 29):
            with pytest.raises(
                at.errors.FieldError, match="event 'c' holds tables or arrays nested more than a file may"
            ):
                at.io.dumps_events([correction(depth)])
        text = at.io.dumps_events([correction(28)])  # the file, [[events]], the event, fields, 28 tables: 32 levels
        (new_folder(tmp_path / "f") / "c.toml").write_text(text, encoding="utf-8")
        assert not [p for p in at.io.check(tmp_path / "f") if "nested" in p.message]

    @pytest.mark.slow  # writes and loads a folder per example
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(generated=testing.timelines(max_events=12, knowledge=True))
    def test_round_trip_of_generated_events(
        self, tmp_path_factory: pytest.TempPathFactory, generated: testing.GeneratedTimeline
    ) -> None:
        """For any generated record: written with add_events, then loaded, it is the same record; written again,
        the same text."""
        folder = tmp_path_factory.mktemp("round")
        (folder / "entities.toml").write_text(at.io.dumps_entities(generated.entities), encoding="utf-8")
        original = generated.timeline()
        assume(original.events)
        written = at.io.add_events(folder, original.events, expected=at.io.folder_version(folder))
        loaded = at.load(folder)
        assert loaded.events == original.events
        again: dict[Path, list[at.Event]] = collections.defaultdict(list)
        for event in loaded.events:
            again[Path(loaded.origin(event.id).file or "")].append(event)
        for path in written.files:
            assert at.io.dumps_events(again[path]) == path.read_text(encoding="utf-8")


class TestDumpsEntities:
    def test_the_shipped_entities_written_again_keep_their_subjects(self, tmp_path: Path) -> None:
        """dumps_entities(entities, subjects=...) of a loaded record writes a file that loads with the same entities
        and the same subjects, in order."""
        record = at.load()
        (tmp_path / "entities.toml").write_text(
            at.io.dumps_entities(record.entities.values(), subjects=record.subjects), encoding="utf-8"
        )
        assert tuple(e.id for e in at.io.load_entities(tmp_path / "entities.toml")) == tuple(record.entities)
        at.io.add_events(tmp_path, [record.events[0]], expected=at.io.folder_version(tmp_path))
        assert at.load(tmp_path).subjects == ("openai", "openai-group")

    def test_without_subjects_the_key_is_left_out(self) -> None:
        """No subjects given, no subjects key written (a record that names none)."""
        assert "subjects" not in at.io.dumps_entities(ENTITIES)

    def test_one_string_or_a_non_string_is_refused(self) -> None:
        """subjects is a list of ids: one string (its letters) or a number is a TypeError."""
        with pytest.raises(TypeError, match="not one string"):
            at.io.dumps_entities(ENTITIES, subjects="acme")
        with pytest.raises(TypeError, match="a subject is an entity id"):
            at.io.dumps_entities(ENTITIES, subjects=[1])  # type: ignore[list-item]


class TestRecovery:
    def test_temporary_files_are_ignored_and_cleaned(self, tmp_path: Path) -> None:
        folder = new_folder(tmp_path / "f")
        (folder / ".2020-01-01-m.toml.0123.aitimeline-tmp").write_text("schema = 1\n[[[half", encoding="utf-8")
        assert at.io.check(folder) == []
        at.io.recover(folder)
        assert not list(folder.glob(".*aitimeline-tmp"))

    def test_a_committed_write_is_seen_whole_before_it_is_finished(self, tmp_path: Path) -> None:
        """A journal left by a writer killed after its commit point: readers see its files, and the folder's
        version does not change when the next writer finishes it."""
        folder = new_folder(tmp_path / "f")
        text = at.io.dumps_events([metric("m")])
        (folder / JOURNAL).write_text(json.dumps({"files": {"2020-01-01-m.toml": text}}), encoding="utf-8")
        assert [e.id for e in at.load(folder).events] == ["m"]
        version = at.io.folder_version(folder)
        at.io.recover(folder)
        assert (folder / "2020-01-01-m.toml").read_text(encoding="utf-8") == text
        assert not (folder / JOURNAL).exists()
        assert at.io.folder_version(folder) == version

    def test_a_journal_nested_too_deep_is_a_problem_naming_it(self, tmp_path: Path) -> None:
        """A journal whose JSON nests 100,000 deep (json's decoder raised RecursionError) is a problem naming it,
        for check and load alike."""
        folder = new_folder(tmp_path / "f")
        (folder / JOURNAL).write_text('{"files": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
        (problem,) = at.io.check(folder)
        assert problem.file == str(folder / JOURNAL)
        assert problem.message == "not readable: arrays or objects nested too deeply"
        with pytest.raises(at.errors.LoadError, match="nested too deeply"):
            at.load(folder)


# --- real processes ---------------------------------------------------------------------------------------------


def _writer(folder: str, name: str, count: int, results: multiprocessing.Queue[tuple[str, str]]) -> None:
    """Add ``count`` events, retrying on conflicts, as a separate process; report each success."""
    for i in range(count):
        event = metric(f"{name}-{i}", f"2020-01-{1 + i % 28:02d}")
        while True:
            try:
                at.io.add_events(folder, [event], expected=at.io.folder_version(folder))
            except at.errors.ConflictError:
                time.sleep(random.random() / 100)
                continue
            results.put((name, event.id))
            break


@pytest.mark.slow  # four processes writing at once
@pytest.mark.parametrize("round_", range(20 if SOAK else 1))
def test_many_processes_writing_at_once(tmp_path: Path, round_: int) -> None:
    """Four processes add events to one folder at once: every write that reported success is there, once."""
    folder = new_folder(tmp_path / "f")
    context = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[tuple[str, str]] = context.Queue()
    count = 6 if not SOAK else 15
    workers = [context.Process(target=_writer, args=(str(folder), f"w{k}", count, results)) for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    reported = {results.get(timeout=5)[1] for _ in range(4 * count)}
    loaded = {e.id for e in at.load(folder).events}
    assert loaded == reported
    assert not list(folder.glob(".*aitimeline-tmp"))


_KILLED_WRITER = """
import sys, aitimeline as at
sys.path.insert(0, {root!r})
from tests.helpers import ev
folder = {folder!r}
for i in range(10_000):
    events = [ev(at.events.MetricReported, f"k{{i}}-{{j}}", f"{{2000 + i % 50}}-0{{1 + j}}-01", entity="acme",
                 metric="staff", value=at.Quantity.of(i)) for j in range(3)]
    while True:
        try:
            at.io.add_events(folder, events, expected=at.io.folder_version(folder))
            break
        except at.errors.ConflictError:
            pass
    print(" ".join(e.id for e in events), flush=True)
"""


@pytest.mark.slow  # writers killed with SIGKILL
@pytest.mark.parametrize("round_", range(20 if SOAK else 3))
def test_a_writer_killed_at_any_point_leaves_a_sound_folder(tmp_path: Path, round_: int) -> None:
    """A process adding three events (three files) per write is killed with SIGKILL at a random moment: the
    folder loads, holds every write reported, and holds each write whole or not at all."""
    folder = new_folder(tmp_path / "f")
    root = str(Path(__file__).resolve().parents[1])
    code = _KILLED_WRITER.format(root=root, folder=str(folder))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, root])}
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env, text=True)
    time.sleep(random.Random(round_).uniform(1.0, 2.5))
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    reported = {i for line in out.splitlines() for i in line.split()}
    assert at.io.check(folder) == []
    loaded = {e.id for e in at.load(folder).events}
    assert reported <= loaded
    writes = {i.split("-")[0] for i in loaded}
    assert loaded == {f"{w}-{j}" for w in writes for j in range(3)}  # each write whole, never a part of one
    at.io.recover(folder)
    assert not list(folder.glob(".*aitimeline-tmp"))
    assert not (folder / JOURNAL).exists()
    assert {e.id for e in at.load(folder).events} == loaded
