"""Loading a folder of TOML event files: the only module that touches files.

Every problem found is collected (bad TOML, unknown types, missing or malformed fields, broken invariants) and
raised together in one :class:`LoadError`, each naming its file, event id and field path. Nothing is half-loaded:
either a whole :class:`Timeline` comes back or an error does.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from aitimeline._core.entities import Entity, Organization, Person, find_entities, unique_entities
from aitimeline._core.errors import (
    DuplicateEntityError,
    DuplicateEventError,
    EventValidationError,
    LoadError,
    Problem,
    ReplayError,
    UnknownEventTypeError,
    shorten,
)
from aitimeline._core.words import BUILTIN_WORDS
from aitimeline._engine.events import Event, Origin, unique_ids
from aitimeline._engine.index import paused_collector
from aitimeline._engine.timeline import Timeline

from .folder import MAX_FILE_BYTES, read_bytes
from .folder import snapshot as read_snapshot
from .registry import EventTypes, builtin_types, shared_converter
from .schema import MAX_DEPTH, SCHEMA_VERSION, too_deep, upcast

if TYPE_CHECKING:
    import cattrs

__all__ = ["MAX_FILE_BYTES", "SCHEMA_VERSION", "check", "load", "load_entities", "load_events"]

ENTITIES_FILE = "entities.toml"
_FILE_KEYS = {"schema", "date", "recorded", "sources", "events"}


def _bundled() -> Path:
    """The record that ships inside the package (or, in a source checkout, the repository's ``events/``)."""
    here = Path(__file__).resolve().parents[1]  # the aitimeline package
    if (here / "_data").is_dir():  # installed on disk, the usual case
        return here / "_data"
    checkout = here.parents[1] / "events"
    if checkout.is_dir():  # a source checkout (src/aitimeline beside events/)
        return checkout
    from importlib import resources  # only for a package that is not on disk (a zip); slow to import

    packaged = resources.files("aitimeline") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    raise FileNotFoundError("aitimeline's bundled events are missing from this installation")


def load(
    path: str | os.PathLike[str] | None = None, *, types: EventTypes | None = None, base: Timeline | None = None
) -> Timeline:
    """Load a timeline from a folder of event files, alone or on top of another timeline.

    Every file is read and every problem is reported at once: files that cannot be read or parsed, fields that
    do not fit, and what replaying the readable events finds (see :func:`check`).

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
        LoadError: Anything is wrong, the folder missing included; ``problems`` lists every file, event id and
            field at fault.
    """
    folder = _bundled() if path is None else Path(path)
    timeline, problems = _load(folder, types, base)
    if timeline is None:
        raise LoadError(f"cannot load {folder}", problems)
    return timeline


def check(
    path: str | os.PathLike[str], *, types: EventTypes | None = None, base: Timeline | None = None
) -> list[Problem]:
    """Every problem of a folder of event files, without raising: ``[]`` when it loads.

    Takes the arguments of :func:`load` and finds what it would refuse. When some files cannot be read, the
    readable events are still replayed, and what that finds is listed too, marked as possibly following from
    the unreadable files (an event that ends a role begun in a file that could not be read, say).

    >>> check("no-such-folder")[0].message
    'no such folder of events'
    """
    return _load(Path(path), types, base)[1]


_MAY_FOLLOW = " (this may follow from the problems above: not every event could be read)"


def _load(
    folder: Path,
    types: EventTypes | None,
    base: Timeline | None,
    snapshot: tuple[Mapping[Path, bytes | None], list[Problem]] | None = None,
    cache: Path | None = None,
) -> tuple[Timeline | None, list[Problem]]:
    """The timeline of a folder (None when it has problems), and every problem. ``snapshot`` is the folder's
    files already read (by :func:`~aitimeline._formats.folder.snapshot`, with the problems reading them found),
    with files not written yet among them: the writer's check, which reads the folder once. ``cache`` is a folder
    where the parsed events of a clean folder of built-in types are kept (:mod:`~aitimeline._formats.cache`, the
    command line's)."""
    try:
        is_folder = folder.is_dir()
    except OSError as exc:
        return None, [Problem(str(folder), None, "", f"cannot read the folder: {exc.strerror or exc}")]
    if not is_folder:
        what = "is a file, not a folder of events" if folder.exists() else "no such folder of events"
        return None, [Problem(str(folder), None, "", what)]
    problems: list[Problem] = []
    if snapshot is None:
        files: Mapping[Path, bytes | None] = read_snapshot(folder, problems)
    else:
        files, read_problems = snapshot
        problems += read_problems
    name = None
    if cache is not None and types is None and base is None and not problems:
        from . import cache as _cache

        name = _cache.key(folder, files)
        if (hit := _cache.read(cache, name)) is not None:
            cached_entities, cached_events, cached_origins, cached_files, cached_subjects = hit
            timeline = Timeline(
                cached_events,
                cached_entities,
                origins=cached_origins,
                entity_files=cached_files,
                words=BUILTIN_WORDS,
                subjects=cached_subjects,
            )
            return timeline, []
    from . import convert as _convert  # cattrs: imported when files are parsed, not with aitimeline

    conv = shared_converter(types)
    entity_file = folder / ENTITIES_FILE
    entities: list[Entity] = []
    declared: object = None
    if base is None or entity_file in files:
        raw = files[entity_file] if entity_file in files else read_bytes(entity_file, problems)
        entities, declared = _read_entities(entity_file, raw, problems, conv)
    events, origins = _read_events(files, types, problems, conv)
    entity_files = {e.id: str(entity_file) for e in entities}
    events, typing_problems = _convert.typed_corrections(conv, events, {e.id: e for e in base.events} if base else None)
    if base is not None:
        _check_against_base(base, entities, events, origins, str(entity_file), problems)
        entities = [*base.entities.values(), *entities]
        entity_files = {**{i: f for i in base.entities if (f := base.entity_file(i))}, **entity_files}
        origins = {**{e.id: base.origin(e.id) for e in base.events}, **origins}
        events = [*base.events, *events]
    subjects = _subjects(declared, {e.id: e for e in entities}, str(entity_file), problems)
    if subjects is None:  # the file names none: a folder on top of a base is about the base's subjects
        subjects = base.subjects if base is not None else ()
    problems += [Problem(origins[i].file if i in origins else None, i, p, m) for i, p, m in typing_problems]
    try:
        words = types.words if types is not None else BUILTIN_WORDS
        timeline = Timeline(
            events, entities, origins=origins, entity_files=entity_files, words=words, subjects=subjects
        )
    except (ReplayError, EventValidationError, DuplicateEntityError, DuplicateEventError) as exc:
        if problems and isinstance(exc, DuplicateEntityError | DuplicateEventError):
            return None, problems  # the loader's own checks have reported the duplicates, naming both files
        suffix = _MAY_FOLLOW if problems else ""
        found = set(problems)
        return None, [*problems, *(attrs.evolve(p, message=p.message + suffix) for p in exc.problems if p not in found)]
    if problems:
        return None, problems
    if name is not None and cache is not None:
        from . import cache as _cache  # already imported: name was set by it

        _cache.write(cache, name, (entities, events, origins, entity_files, subjects))
    return timeline, []


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
    from . import convert as _convert  # cattrs: imported when files are read, not with aitimeline

    problems: list[Problem] = []
    conv = shared_converter(types)
    events, origins = _read_events(read_snapshot(Path(path), problems), types, problems, conv)
    events, typing_problems = _convert.typed_corrections(conv, events)
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
    entities, declared = _read_entities(Path(path), read_bytes(Path(path), problems), problems)
    _subjects(declared, None, str(path), problems)
    if problems:
        raise LoadError(f"cannot load {path}", problems)
    return entities


def _parse_toml(path: Path, raw: bytes | None, problems: list[Problem]) -> dict[str, Any] | None:
    """The file's TOML as a dict, or None with a problem: not UTF-8, not TOML, nested too deeply."""
    if raw is None:
        return None
    file = str(path)
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(file, None, "", f"file is above the limit of {MAX_FILE_BYTES:,} bytes: split it"))
        return None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark is accepted, and dropped
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, None, "", f"not UTF-8: byte {exc.start} cannot be decoded ({exc.reason})"))
        return None
    if _too_many_dots(text):
        problems.append(Problem(file, None, "", _TOO_MANY_DOTS))
        return None
    import tomllib  # only reading a file needs it

    try:
        data = _loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(file, None, "", f"not valid TOML: {exc}"))
        return None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        data = None
    if data is None or too_deep(data):  # every later walk (upcasters, converter, messages) meets bounded depth
        problems.append(Problem(file, None, "", _TOO_DEEP))
        return None
    return data


_TOO_DEEP = f"not readable: arrays or tables nested too deeply (more than {MAX_DEPTH} levels)"

# A dotted key (``a.a.a…``) is read by tomllib in time and memory that grow with the square of its parts (one key of
# 5,000 parts takes 1.5 s, of 20,000 parts 18 s, of 80,000 more memory than a laptop has), and a key of more than
# MAX_DEPTH parts is refused anyway (a table nested that deep). A key is on one line with a dot between its parts: a
# line of more than _MAX_DOTS dots is refused before any parser reads the file. (Read by tomllib, a 4 MiB file of
# keys of 300 parts still takes about 50 s, and one of 33 parts about 30 s: the price of a pure-Python parser.)
_MAX_DOTS = 256
_TOO_MANY_DOTS = (
    f"not readable: a line holds more than {_MAX_DOTS:,} dots (a dotted key that long is nested too deeply)"
)


def _too_many_dots(text: str) -> bool:
    """Whether a line of ``text`` holds more than ``_MAX_DOTS`` dots (one count over the text in the usual case)."""
    return text.count(".") > _MAX_DOTS and any(line.count(".") > _MAX_DOTS for line in text.splitlines())


# What TOML 1.1 added to 1.0 (a \e or \xHH escape, a trailing comma in an inline table, a time without seconds), and
# offset date-times (rtoml gives them another tzinfo class than tomllib's). Matches more than it must (inside strings
# too), which only costs speed. An inline table spread over lines (also new in 1.1) is found by _unbalanced.
# Each branch of the time starts at its colon, so that the search skips from colon to colon (written as "two digits,
# a colon, two digits" it was tried at every position: 25 ms over the shipped record's 153 files, now 2.5 ms).
_NOT_TOML_10 = re.compile(r"\\[ex]|,\s*}|:\d\d(?:(?<![:\d]\d\d:\d\d)(?<=\d\d:\d\d)(?!:\d\d)|(?:\.\d+)?[Zz])")


def _unbalanced(text: str) -> bool:
    """Whether a line of ``text`` opens more braces than it closes, or the reverse (an inline table over lines)."""
    if "{" not in text and "}" not in text:
        return False
    return any(line.count("{") != line.count("}") for line in text.split("\n"))


def _loads_toml(text: str) -> dict[str, Any]:
    """The TOML in ``text``, exactly as :func:`tomllib.loads` reads it.

    With the ``fast`` extra (rtoml, a compiled parser, about ten times faster), a text that holds TOML 1.0 only is
    read by rtoml; tomllib reads every other text, and every text rtoml refuses, so that what loads, what it
    loads as and every error message are tomllib's with or without the extra (``tests/test_loading.py`` holds
    the two to the same answers over hostile texts).
    """
    import tomllib

    fast = _fast_toml()
    if fast is not None and not _NOT_TOML_10.search(text) and not _unbalanced(text):
        try:
            data: dict[str, Any] = fast(text)
        except Exception:  # whatever rtoml refuses, tomllib reads or explains
            pass
        else:
            return data
    return tomllib.loads(text)


@functools.cache
def _fast_toml() -> Callable[[str], dict[str, Any]] | None:
    """rtoml's ``loads`` when the ``fast`` extra is installed, else None."""
    try:
        import rtoml
    except ImportError:
        return None
    loads: Callable[[str], dict[str, Any]] = rtoml.loads
    return loads


def _read_current(path: Path, raw: bytes | None, problems: list[Problem]) -> dict[str, Any] | None:
    """The file's data at the current schema (upcast from an older one), or None with a problem."""
    data = _parse_toml(path, raw, problems)
    return None if data is None else upcast(data, str(path), problems)


def _read_entities(
    path: Path, raw: bytes | None, problems: list[Problem], conv: cattrs.Converter | None = None
) -> tuple[list[Entity], object]:
    """The entities of an ``entities.toml`` file, and its ``subjects`` as read (None when it has none), to be
    checked by :func:`_subjects` once the record's entities are known."""
    from . import convert as _convert  # cattrs: imported when files are read, not with aitimeline

    data = _read_current(path, raw, problems)
    if data is None:
        return [], None
    file = str(path)
    conv = conv or shared_converter()
    out: list[Entity] = []
    seen: set[str] = set()
    for extra in sorted(set(data) - {"schema", "subjects", "organizations", "people"}):
        hint = ': the record\'s subjects are a list, subjects = ["an-entity-id"]' if extra == "subject" else ""
        problems.append(Problem(file, None, extra, f"unknown key (expected subjects, organizations and people){hint}"))
    sections: tuple[tuple[str, type[Entity]], ...] = (("organizations", Organization), ("people", Person))
    for section, cls in sections:
        for i, item in enumerate(data.get(section, [])):
            where = f"{section}[{i}]"
            try:
                entity: Entity = conv.structure(item, cls)
            except Exception as exc:
                problems += [
                    Problem(file, _id_of(item), f"{where}.{p}".rstrip("."), m) for p, m in _convert.explain(exc)
                ]
                continue
            if entity.id in seen:
                problems.append(Problem(file, entity.id, f"{where}.id", "entity id listed twice"))
            seen.add(entity.id)
            out.append(entity)
    return out, data.get("subjects")


def _subjects(
    declared: object, entities: Mapping[str, Entity] | None, file: str, problems: list[Problem]
) -> tuple[str, ...] | None:
    """The ``subjects`` an entities file declares (None when it declares none): an array of entity ids, each once
    and, unless ``entities`` is None (one file read alone), each an entity of the record. A problem naming the file
    and the field for each that is not; only the good ones are kept."""
    if declared is None:
        return None
    if not isinstance(declared, list):
        got = shorten(repr(declared))
        problems.append(Problem(file, None, "subjects", f'must be an array of entity ids such as ["acme"], got {got}'))
        return ()
    out: dict[str, None] = {}
    for i, subject in enumerate(declared):
        where = f"subjects[{i}]"
        if not isinstance(subject, str):
            problems.append(
                Problem(file, None, where, f"a subject is an entity id (a string), got {shorten(repr(subject))}")
            )
        elif subject in out:
            problems.append(Problem(file, None, where, f"subject {subject!r} listed twice"))
        elif entities is not None and subject not in entities:
            found = find_entities(entities, subject)
            hint = f" (did you mean {', '.join(repr(e.id) for e in found)}?)" if found else ""
            message = f"unknown entity {shorten(subject)!r}{hint}: a subject is the id of an entity of the record"
            problems.append(Problem(file, None, where, message))
        else:
            out[subject] = None
    return tuple(out)


def _read_events(
    files: Mapping[Path, bytes | None],
    types: EventTypes | None,
    problems: list[Problem],
    conv: cattrs.Converter | None = None,
) -> tuple[list[Event], dict[str, Origin]]:

    registry = types if types is not None else builtin_types()
    conv = conv or shared_converter(registry)
    with paused_collector():  # parsed tables and events: many small objects, no cycles (see paused_collector)
        placed = _placed_events(files, registry, problems, conv)
    placed_at = {id(event): origin for event, origin in placed}  # by object: two events may share an id
    by_id, repeats = unique_ids((event for event, _ in placed), lambda e: placed_at[id(e)])
    problems += repeats
    return list(by_id.values()), {i: placed_at[id(e)] for i, e in by_id.items()}


def _placed_events(
    files: Mapping[Path, bytes | None], registry: EventTypes, problems: list[Problem], conv: cattrs.Converter
) -> list[tuple[Event, Origin]]:
    """Every event of ``files`` that could be read, with its origin; a problem for each one that could not."""
    from . import convert as _convert

    placed: list[tuple[Event, Origin]] = []
    for path, raw in files.items():
        if path.name == ENTITIES_FILE:
            continue
        file = str(path)
        data = _read_current(path, raw, problems)
        if data is None:
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
                problems += [Problem(file, event_id, f"{where}.{p}".rstrip("."), m) for p, m in _convert.explain(exc)]
                continue
            placed.append((event, Origin(file, position)))
    return placed


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
