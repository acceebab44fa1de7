"""Loading a folder of TOML event files: the only module that touches files.

Every problem found is collected (bad TOML, unknown types, missing or malformed fields, broken invariants) and
raised together in one :class:`LoadError`, each naming its file, event id and field path. Nothing is half-loaded:
either a whole :class:`Timeline` comes back or an error does.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import cattrs

from ._convert import explain, make_converter, typed_corrections
from ._entities import Entity, Organization, Person, unique_entities
from ._errors import EventValidationError, LoadError, Problem, ReplayError, UnknownEventTypeError
from ._events import Event, Origin, unique_ids
from ._registry import EventTypes, builtin_types
from ._timeline import Timeline

__all__ = ["SCHEMA_VERSION", "load", "load_entities", "load_events"]

SCHEMA_VERSION = 1
"""The data-format version this release writes and reads; older versions are upcast when read."""

ENTITIES_FILE = "entities.toml"
_FILE_KEYS = {"schema", "date", "recorded", "sources", "events"}


def _bundled() -> Path:
    """The record that ships inside the package (or, in a source checkout, the repository's ``events/``)."""
    here = Path(__file__).resolve().parent
    if (here / "_events").is_dir():  # installed on disk, the usual case
        return here / "_events"
    checkout = here.parents[1] / "events"
    if checkout.is_dir():  # a source checkout (src/aitimeline beside events/)
        return checkout
    from importlib import resources  # only for a package that is not on disk (a zip); slow to import

    packaged = resources.files("aitimeline") / "_events"
    if packaged.is_dir():
        return Path(str(packaged))
    raise FileNotFoundError("aitimeline's bundled events are missing from this installation")


def load(
    path: str | os.PathLike[str] | None = None, *, types: EventTypes | None = None, base: Timeline | None = None
) -> Timeline:
    """Load a timeline from a folder of event files, alone or on top of another timeline.

    Args:
        path: A folder holding ``entities.toml`` and ``*.toml`` event files; None for the record that ships
            with aitimeline.
        types: The event types the files may use; by default :func:`builtin_types`. Pass
            ``builtin_types().with_types(MyEvent)`` to load your own.
        base: A timeline to load the folder on top of, such as ``at.load()`` (the shipped record). The folder's
            events may name the base's entities and correct or retract its events; its ``entities.toml`` is
            then optional and lists only the entities it adds. An entity or event id found in both is an error
            naming both files. Every event keeps its origin.

    Returns:
        The timeline, replayed and checked.

    Raises:
        LoadError: Anything is wrong; ``problems`` lists every file, event id and field at fault.
        FileNotFoundError: ``path`` is not a folder.
    """
    folder = _bundled() if path is None else Path(path)
    if not folder.is_dir():
        what = "is a file, not a folder of events" if folder.exists() else "no such folder of events"
        raise FileNotFoundError(f"{what}: {folder}")
    problems: list[Problem] = []
    conv = make_converter(types)
    entity_file = folder / ENTITIES_FILE
    entities: list[Entity] = []
    if base is None or entity_file.exists():
        entities = _read_entities(entity_file, problems, conv)
    events, origins = _read_events(folder, types, problems, conv)
    entity_files = {e.id: str(entity_file) for e in entities}
    events, typing_problems = typed_corrections(conv, events, {e.id: e for e in base.events} if base else None)
    if base is not None:
        _check_against_base(base, entities, events, origins, str(entity_file), problems)
        entities = [*base.entities.values(), *entities]
        entity_files = {**{i: f for i in base.entities if (f := base.entity_file(i))}, **entity_files}
        origins = {**{e.id: base.origin(e.id) for e in base.events}, **origins}
        events = [*base.events, *events]
    problems += [Problem(origins[i].file if i in origins else None, i, p, m) for i, p, m in typing_problems]
    if problems:
        raise LoadError(f"cannot load {folder}", problems)
    try:
        return Timeline(events, entities, origins=origins, entity_files=entity_files)
    except (ReplayError, EventValidationError) as exc:
        raise LoadError(f"cannot load {folder}", exc.problems) from None


def _check_against_base(
    base: Timeline,
    entities: list[Entity],
    events: list[Event],
    origins: Mapping[str, Origin],
    entity_file: str,
    problems: list[Problem],
) -> None:
    """An entity or event id of the folder that the base already has is a problem naming both files."""
    added = {id(e) for e in entities}
    problems += unique_entities(
        [*base.entities.values(), *entities], lambda e: entity_file if id(e) in added else base.entity_file(e.id)
    )[1]
    mine = {id(e) for e in events}
    problems += unique_ids([*base.events, *events], lambda e: origins[e.id] if id(e) in mine else base.origin(e.id))[1]


def load_events(
    path: str | os.PathLike[str], *, types: EventTypes | None = None
) -> tuple[list[Event], dict[str, Origin]]:
    """Read and check every event file in a folder without replaying them.

    Returns:
        The events in file order and where each came from.

    Raises:
        LoadError: As for :func:`load`.
    """
    problems: list[Problem] = []
    conv = make_converter(types)
    events, origins = _read_events(Path(path), types, problems, conv)
    events, typing_problems = typed_corrections(conv, events)
    problems += [Problem(origins[i].file, i, p, m) for i, p, m in typing_problems]
    if problems:
        raise LoadError(f"cannot load {path}", problems)
    return events, origins


def load_entities(path: str | os.PathLike[str]) -> list[Entity]:
    """Read an ``entities.toml`` file.

    Raises:
        LoadError: The file is missing or malformed.
    """
    problems: list[Problem] = []
    entities = _read_entities(Path(path), problems)
    if problems:
        raise LoadError(f"cannot load {path}", problems)
    return entities


def _read_toml(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        problems.append(Problem(str(path), None, "", "file not found"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(str(path), None, "", f"not valid TOML: {exc}"))
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), None, "", f"not UTF-8: {exc}"))
    return None


def _check_schema(data: Mapping[str, Any], file: str, problems: list[Problem]) -> bool:
    schema = data.get("schema")
    if schema != SCHEMA_VERSION:
        problems.append(Problem(file, None, "schema", f"expected schema = {SCHEMA_VERSION}, got {schema!r}"))
        return False
    return True


def _read_entities(path: Path, problems: list[Problem], conv: cattrs.Converter | None = None) -> list[Entity]:
    data = _read_toml(path, problems)
    if data is None:
        return []
    file = str(path)
    if not _check_schema(data, file, problems):
        return []
    conv = conv or make_converter()
    out: list[Entity] = []
    seen: set[str] = set()
    for extra in sorted(set(data) - {"schema", "organizations", "people"}):
        problems.append(Problem(file, None, extra, "unknown key (expected organizations and people)"))
    sections: tuple[tuple[str, type[Entity]], ...] = (("organizations", Organization), ("people", Person))
    for section, cls in sections:
        for i, item in enumerate(data.get(section, [])):
            where = f"{section}[{i}]"
            try:
                entity: Entity = conv.structure(item, cls)
            except Exception as exc:
                problems += [Problem(file, _id_of(item), f"{where}.{p}".rstrip("."), m) for p, m in explain(exc)]
                continue
            if entity.id in seen:
                problems.append(Problem(file, entity.id, f"{where}.id", "entity id listed twice"))
            seen.add(entity.id)
            out.append(entity)
    return out


def _event_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.name != ENTITIES_FILE)


def _read_events(
    folder: Path, types: EventTypes | None, problems: list[Problem], conv: cattrs.Converter | None = None
) -> tuple[list[Event], dict[str, Origin]]:
    registry = types if types is not None else builtin_types()
    conv = conv or make_converter(registry)
    placed: list[tuple[Event, Origin]] = []
    for path in _event_files(folder):
        file = str(path)
        data = _read_toml(path, problems)
        if data is None or not _check_schema(data, file, problems):
            continue
        for extra in sorted(set(data) - _FILE_KEYS):
            problems.append(Problem(file, None, extra, "unknown file-level key"))
        items = data.get("events")
        if not isinstance(items, list) or not items:
            problems.append(Problem(file, None, "events", "a file needs at least one [[events]] table"))
            continue
        for position, (item, errors) in enumerate(_with_file_fields(data, items)):
            event_id = _id_of(item)
            if errors:
                problems += [Problem(file, event_id, f"events[{position}].{p}", m) for p, m in errors]
                continue
            try:
                registry[item.get("type", "")]
            except UnknownEventTypeError as exc:
                problems.append(Problem(file, event_id, f"events[{position}].type", str(exc)))
                continue
            try:
                event = conv.structure(item, Event)
            except Exception as exc:
                where = f"events[{position}]"
                problems += [Problem(file, event_id, f"{where}.{p}".rstrip("."), m) for p, m in explain(exc)]
                continue
            placed.append((event, Origin(file, position)))
    placed_at = {id(event): origin for event, origin in placed}  # by object: two events may share an id
    by_id, repeats = unique_ids((event for event, _ in placed), lambda e: placed_at[id(e)])
    problems += repeats
    return list(by_id.values()), {i: placed_at[id(e)] for i, e in by_id.items()}


def _with_file_fields(
    data: Mapping[str, Any], items: list[Any]
) -> Iterator[tuple[dict[str, Any], list[tuple[str, str]]]]:
    """Each event table with the file's date, recorded date and sources merged in."""
    file_sources = data.get("sources", [])
    for item in items:
        errors: list[tuple[str, str]] = []
        if not isinstance(item, Mapping):
            yield {}, [("", "an event must be a table")]
            continue
        merged = dict(item)
        if "date" in merged:
            errors.append(("date", "events take the file's date; set date at the top of the file"))
        if "date" not in data:
            errors.append(("", "the file has no date"))
        merged["date"] = data.get("date")
        if "recorded" in data and "recorded" not in merged:
            merged["recorded"] = data["recorded"]
        own = merged.get("sources", [])
        if not isinstance(own, list) or not isinstance(file_sources, list):
            errors.append(("sources", "sources must be an array of tables ([[sources]])"))
        else:
            merged["sources"] = [*file_sources, *own]
        yield merged, errors


def _id_of(item: object) -> str | None:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return str(item["id"])
    return None
