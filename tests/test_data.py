"""Data honesty: checks over every file in ``events/``, in the manner of holidays' l10n tests.

Each check walks the raw TOML as well as the loaded events, and each failure names the file and, where it can,
the line and the event id, so that a reviewer can go straight to the fault. The counts at the end are pinned:
adding or removing an event, a file or a source changes them, and the change shows in review.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

import aitimeline as at

EVENTS = Path(__file__).resolve().parents[1] / "events"
ENTITIES_FILE = EVENTS / "entities.toml"
EVENT_FILES = sorted(p for p in EVENTS.glob("*.toml") if p.name != ENTITIES_FILE.name)

# Entities listed in entities.toml that no event names, each with the reason it is kept.
UNREFERENCED_ENTITIES: Mapping[str, str] = {
    "tsmc": (
        "Altman's 2024 pitch to TSMC executives (altman-tsmc-7tn-pitch-2024) is a FundingSought, whose only "
        "entity field is the seeker; TSMC is kept so that a later event (an order, a fab deal) can name it."
    ),
}

# Fields that describe how an event is told rather than what happened; two events that differ only in these say
# the same thing.
TELLING_FIELDS = ("id", "summary", "sources", "note", "recorded", "unverified")

FILE_NAME = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")

# The counts a data change must update on purpose.
PINNED_FILES = 152
PINNED_EVENTS = 254
PINNED_SOURCES = 242
PINNED_ENTITIES = 63


# --- helpers -------------------------------------------------------------------------------------------------


def _raw(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _line_of(path: Path, event_id: str | None) -> int:
    """The 1-based line of ``id = "<event_id>"`` in the file (1 when there is no id to look for)."""
    if event_id is None:
        return 1
    pattern = re.compile(rf'^\s*id\s*=\s*"{re.escape(event_id)}"\s*$')
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def _line_with(path: Path, *needles: str) -> int:
    """The 1-based line of the first line holding every one of ``needles`` (1 when none does)."""
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if all(n in line for n in needles):
            return number
    return 1


def _where(path: Path, event_id: str | None = None, line: int | None = None) -> str:
    """``file:line`` and the event id, for a failure message."""
    place = f"{path.name}:{line if line is not None else _line_of(path, event_id)}"
    return f"{place} (event {event_id})" if event_id else place


def _leaf_line(path: Path, key: str, value: object) -> int:
    """The line where a leaf (``events[2].amount.value``) is written, found by its key name and its text."""
    name = re.sub(r"\[\d+\]$", "", key.split(".")[-1])
    text = repr(value) if isinstance(value, float) else str(value)
    return _line_with(path, name, text.strip("'"))


def _walk(value: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every leaf of a TOML document with its dotted path (``events[2].amount.value``)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    else:
        yield path, value


def _raw_events(path: Path) -> list[dict[str, Any]]:
    events = _raw(path).get("events", [])
    return [e for e in events if isinstance(e, dict)]


@pytest.fixture(scope="module")
def loaded() -> tuple[list[at.Event], dict[str, at.extend.Origin]]:
    """Every event in events/, read and checked but not replayed, with the file each came from."""
    return at.io.load_events(EVENTS)


@pytest.fixture(scope="module")
def entity_ids() -> set[str]:
    """The ids listed in entities.toml."""
    return {e.id for e in at.io.load_entities(ENTITIES_FILE)}


def _by_file(path: Path) -> str:
    return path.name


# --- every file on its own -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*EVENT_FILES, ENTITIES_FILE], ids=_by_file)
def test_file_declares_schema(path: Path) -> None:
    """Every file, entities.toml included, says which data-format version it is written in."""
    expected = at.io.SCHEMA_VERSION
    assert _raw(path).get("schema") == expected, f"{path.name}:1: missing or unexpected `schema` (expected {expected})"


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_file_name_matches_date_and_first_event(path: Path) -> None:
    """The file is named ``<date at its precision>-<id of its first event>.toml``."""
    data = _raw(path)
    match = FILE_NAME.match(path.name)
    assert match, f"{path.name}: name is not YYYY[-MM[-DD]]-slug.toml"
    date = at.parse_date(str(data["date"]))
    assert match["date"] == str(date), (
        f"{_where(path)}: name starts {match['date']!r} but the file's date is {date} ({date.precision.name.lower()})"
    )
    first = _raw_events(path)[0].get("id")
    assert match["slug"] == first, f"{_where(path, first)}: slug {match['slug']!r} is not the first event's id"


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_every_event_cites_a_complete_source(path: Path) -> None:
    """Each event has at least one source (file-level or its own) with publisher, title and published date."""
    data = _raw(path)
    file_sources = data.get("sources", [])
    problems = []
    for event in _raw_events(path):
        event_id = event.get("id")
        sources = [*file_sources, *event.get("sources", [])]
        if not sources:
            problems.append(f"{_where(path, event_id)}: no source")
        for i, source in enumerate(sources):
            for key in ("publisher", "title", "published"):
                value = source.get(key)
                if value is None or (isinstance(value, str) and not value.strip()):
                    problems.append(f"{_where(path, event_id)}: source {i} has no {key}")
            published = source.get("published")
            if published is not None:
                try:
                    at.parse_date(published)
                except at.errors.DateError as exc:
                    problems.append(f"{_where(path, event_id)}: source {i} published date: {exc}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [*EVENT_FILES, ENTITIES_FILE], ids=_by_file)
def test_no_toml_floats(path: Path) -> None:
    """No value anywhere is a TOML float: money and quantities are strings, so nothing is rounded."""
    floats = [
        f"{_where(path, line=_leaf_line(path, key, value))}: {key} = {value!r}"
        for key, value in _walk(_raw(path))
        if isinstance(value, float)
    ]
    assert not floats, "TOML floats (write numbers as strings):\n" + "\n".join(floats)


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_urls_are_web_addresses(path: Path) -> None:
    """Every url given starts with https:// or http://."""
    bad = [
        f"{_where(path, line=_leaf_line(path, key, value))}: {key} = {value!r}"
        for key, value in _walk(_raw(path))
        if key.split(".")[-1] == "url" and not (isinstance(value, str) and value.startswith(("https://", "http://")))
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_unverified_events_say_why(path: Path) -> None:
    """An event marked ``unverified = true`` carries a note saying what could not be checked."""
    silent = [
        _where(path, e.get("id")) for e in _raw_events(path) if e.get("unverified") and not str(e.get("note", ""))
    ]
    assert not silent, "unverified without a note: " + ", ".join(silent)


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_recorded_is_not_before_date(path: Path) -> None:
    """Nothing became public before it took effect: ``recorded``, where given, is on or after ``date``."""
    data = _raw(path)
    date = at.parse_date(str(data["date"]))
    for event in [data, *_raw_events(path)]:
        if "recorded" in event:
            recorded = at.parse_date(str(event["recorded"]))
            assert recorded.effective >= date.start, (
                f"{_where(path, event.get('id'))}: recorded {recorded} is before the date {date}"
            )


# Sources that give no address, each with the reason none exists (print only, a post since deleted...). Empty is the
# goal: a reader must be able to find every source.
NO_ADDRESS: Mapping[tuple[str, str], str] = {
    ("Financial Times", "OpenAI restructuring pushes Microsoft's valuation above $4tn"): (
        "the FT's own address was not found in any stored page (2026-12-03); a verbatim copy is posted on a forum "
        "(si.frajer.net, message 35312250), which is not a source to cite; the events that cite it also cite "
        "OpenAI's and Microsoft's own posts of the day"
    ),
}

# How many days after an event's date its sources may first appear before the event must say when it became public.
LATE_AFTER_DAYS = 7


@pytest.mark.parametrize("path", EVENT_FILES, ids=_by_file)
def test_every_source_has_an_address(path: Path) -> None:
    """Every source gives the address where it was published (``url``), unless NO_ADDRESS says why it has none."""
    data = _raw(path)
    missing = []
    for event in _raw_events(path):
        for source in [*data.get("sources", []), *event.get("sources", [])]:
            if not source.get("url") and (source.get("publisher"), source.get("title")) not in NO_ADDRESS:
                missing.append(f"{_where(path, event.get('id'))}: {source.get('publisher')}, {source.get('title')!r}")
    assert not missing, "sources without an address:\n" + "\n".join(dict.fromkeys(missing))


def test_knowledge_time_comes_from_the_sources(loaded: tuple[list[at.Event], dict[str, at.extend.Origin]]) -> None:
    """An event whose every source appeared more than a week after its date says when it became public
    (``recorded``), or cites a source of the time: otherwise it would count as known before anyone reported it."""
    events, origins = loaded
    late = [
        f"{_where(Path(str(origins[e.id].file)), e.id)}: dated {e.date}, "
        f"first source {min(s.published for s in e.sources)}"
        for e in events
        if e.recorded == e.date
        and all((s.published.start - e.date.effective).days > LATE_AFTER_DAYS for s in e.sources)
    ]
    assert not late, "state `recorded` or cite a source of the time:\n" + "\n".join(late)


# --- the folder as a whole -----------------------------------------------------------------------------------


def test_every_entity_referenced_is_listed(
    loaded: tuple[list[at.Event], dict[str, at.extend.Origin]], entity_ids: set[str]
) -> None:
    """Every entity id an event names (investor, person, parties, cap-table holders...) is in entities.toml."""
    events, origins = loaded
    missing = [
        f"{_where(Path(str(origins[e.id].file)), e.id)}: {field} = {ref!r} is not in entities.toml"
        for e in events
        for field, ref in e.entity_refs()
        if ref not in entity_ids
    ]
    assert not missing, "\n".join(missing)


def test_every_listed_entity_is_referenced(
    loaded: tuple[list[at.Event], dict[str, at.extend.Origin]], entity_ids: set[str]
) -> None:
    """Every entity in entities.toml is named by at least one event, apart from the listed exceptions."""
    events, _ = loaded
    referenced = {ref for e in events for _, ref in e.entity_refs()}
    unused = sorted(entity_ids - referenced - set(UNREFERENCED_ENTITIES))
    assert not unused, f"{ENTITIES_FILE.name}: listed but never referenced: {', '.join(unused)}"


def test_entity_exceptions_are_still_unreferenced(
    loaded: tuple[list[at.Event], dict[str, at.extend.Origin]], entity_ids: set[str]
) -> None:
    """The exceptions above are current: each is listed and still named by no event."""
    events, _ = loaded
    referenced = {ref for e in events for _, ref in e.entity_refs()}
    stale = sorted(i for i in UNREFERENCED_ENTITIES if i in referenced or i not in entity_ids)
    assert not stale, f"remove from UNREFERENCED_ENTITIES: {', '.join(stale)}"


def test_no_two_events_say_the_same_thing(loaded: tuple[list[at.Event], dict[str, at.extend.Origin]]) -> None:
    """No two events have the same type, date and fields once id, summary, sources and notes are set aside."""
    events, origins = loaded
    conv = at.io.make_converter()
    seen: dict[str, at.Event] = {}
    duplicates = []
    for event in events:
        data = {k: v for k, v in conv.unstructure(event).items() if k not in TELLING_FIELDS}
        key = repr(sorted(data.items()))
        if key in seen:
            first = seen[key]
            duplicates.append(
                f"{_where(Path(str(origins[event.id].file)), event.id)} repeats "
                f"{_where(Path(str(origins[first.id].file)), first.id)}"
            )
        seen.setdefault(key, event)
    assert not duplicates, "\n".join(duplicates)


def test_event_ids_are_unique_across_files() -> None:
    """No event id appears in two places (the loader refuses this; the raw files are checked here too)."""
    counts = Counter(e.get("id") for path in EVENT_FILES for e in _raw_events(path))
    repeated = sorted(str(i) for i, n in counts.items() if n > 1)
    assert not repeated, f"ids used more than once: {', '.join(repeated)}"


def test_the_record_loads() -> None:
    """The whole folder loads and replays without a problem."""
    assert len(at.load(EVENTS)) == PINNED_EVENTS


def test_gigawatts_say_what_they_measure(loaded: tuple[list[at.Event], dict[str, at.extend.Origin]]) -> None:
    """Every commitment that states gigawatts says what they measure (``capacity``: chips to deploy or data-centre
    power), in the event or in the commitment it revises: kinds that do not add up are never mixed silently."""
    events, origins = loaded
    made = {e.commitment: e.capacity for e in events if isinstance(e, at.events.ComputeCommitted)}
    silent = [
        _where(Path(str(origins[e.id].file)), e.id)
        for e in events
        if isinstance(e, at.events.ComputeCommitted | at.events.CommitmentRevised)
        and e.gigawatts is not None
        and e.capacity is None
        and made.get(e.commitment) is None
    ]
    assert not silent, "gigawatts without a capacity kind: " + ", ".join(silent)


def test_every_disagreement_the_record_reconciles_is_explained() -> None:
    """Where the record reports a figure and derives another for the same thing that does not agree with it
    (``Timeline.reconcile``), the reporting event's note says why, naming the reconciliation."""
    silent = [
        str(row) for row in at.load(EVENTS).reconcile() if not row.agrees and "reconcil" not in (row.note or "").lower()
    ]
    assert not silent, "disagreements without a note that explains them:\n" + "\n".join(silent)


# --- pinned counts -------------------------------------------------------------------------------------------


def test_pinned_file_count() -> None:
    """The number of event files is pinned; update it with the data."""
    assert len(EVENT_FILES) == PINNED_FILES


def test_pinned_event_count(loaded: tuple[list[at.Event], dict[str, at.extend.Origin]]) -> None:
    """The number of events is pinned; update it with the data."""
    assert len(loaded[0]) == PINNED_EVENTS


def test_pinned_distinct_source_count(loaded: tuple[list[at.Event], dict[str, at.extend.Origin]]) -> None:
    """The number of distinct sources (publisher, title, date, url) is pinned; update it with the data."""
    assert len({s for e in loaded[0] for s in e.sources}) == PINNED_SOURCES


def test_pinned_entity_count(entity_ids: set[str]) -> None:
    """The number of entities is pinned; update it with the data."""
    assert len(entity_ids) == PINNED_ENTITIES
