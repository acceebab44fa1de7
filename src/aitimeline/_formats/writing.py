"""Writing events to a folder safely: the canonical file layout, checked first, written atomically.

A write never edits or replaces a file. :func:`add_events` takes the version of the folder the caller checked
against (:func:`folder_version`), and under a lock on the folder:

1. refuses the write (:class:`~aitimeline.errors.ConflictError`) if the folder is no longer at that version, or if a
   file of a new file's name exists;
2. loads the whole record with the new files as if they were written, and refuses it
   (:class:`~aitimeline.errors.LoadError`) if anything is wrong;
3. writes the new files' text to a journal (a temporary file, flushed and synced, then renamed into place: the
   commit point), then creates each file the same way, and removes the journal.

A writer killed before the commit point leaves only temporary files, which the loader ignores and the next
writer removes; killed after it, the journal holds every new file, and readers see them from the journal until
the next writer (or :func:`recover`) finishes creating them. Either way the folder loads, and shows the whole
write or none of it.
"""

from __future__ import annotations

import contextlib
import os
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from aitimeline._core.entities import Entity, Organization, Person
from aitimeline._core.errors import ConflictError, FieldError, LoadError, Problem
from aitimeline._engine.events import Event, field_types
from aitimeline._engine.persistent import CapTable

from .folder import JOURNAL, locked, pending_files, snapshot, version_of
from .registry import EventTypes, shared_converter
from .schema import MAX_DEPTH, SCHEMA_VERSION, too_deep

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "Written",
    "add_events",
    "dumps_entities",
    "dumps_events",
    "event_file_name",
    "recover",
]

_TEMP_SUFFIX = ".aitimeline-tmp"


@attrs.frozen
class Written:
    """What :func:`add_events` wrote.

    Attributes:
        files: The new files, in the order written.
        version: The folder's version after the write: pass it to the next :func:`add_events` to write again
            without loading the folder in between.
    """

    files: tuple[Path, ...]
    version: str


def event_file_name(event: Event) -> str:
    """The canonical file name of an event: its date at its precision, then its id (``2023-11-17-altman-fired.toml``;
    ``2021-toner-joins-board.toml`` for a date known to the year)."""
    return f"{event.date}-{event.id}.toml"


def dumps_events(events: Sequence[Event], *, types: EventTypes | None = None) -> str:
    """The text of one event file holding ``events``, in the canonical layout.

    The canonical layout: ``schema`` and ``date`` first (and ``recorded`` when every event shares one that is not
    its date); the sources every event shares as ``[[sources]]``; then each event as ``[[events]]`` with its
    type, id and summary first, figures and maps of figures as inline tables, other tables as sub-tables, and
    fields left at their defaults omitted. Loading the text gives back the same events; writing those again
    gives the same text.

    Raises:
        ValueError: ``events`` is empty or its events do not share one date (a file has one date).
        FieldError: A field holds tables or arrays nested deeper than a file may (32 levels, the file and its
            ``[[events]]`` counted).
    """

    return _dumps(events, shared_converter(types))


def _dumps(events: Sequence[Event], conv: cattrs.Converter) -> str:
    import tomlkit  # only writing needs it

    if not events:
        raise ValueError("an event file needs at least one event")
    date = events[0].date
    if any(e.date != date for e in events):
        raise ValueError(f"the events of one file share one date; got {sorted({str(e.date) for e in events})}")
    for event in events:  # what is written must load: and unstructuring, then _plain, recurse into each value
        for field in attrs.fields(type(event)):
            if too_deep(getattr(event, field.name), MAX_DEPTH - 3):  # the file, [[events]], the event's table
                raise FieldError(
                    field.name,
                    f"event {event.id!r} holds tables or arrays nested more than a file may (at most {MAX_DEPTH}"
                    " levels, the file and its [[events]] counted)",
                )
    tables = [conv.unstructure(e) for e in events]
    shared = _common_prefix([t.get("sources", []) for t in tables])
    recorded = {str(e.recorded) for e in events}
    doc = tomlkit.document()
    doc.add("schema", SCHEMA_VERSION)
    doc.add("date", str(date))
    file_recorded = recorded.pop() if len(recorded) == 1 and events[0].recorded != date else None
    if file_recorded is not None:
        doc.add("recorded", file_recorded)
    if shared:
        doc.add("sources", _array_of_tables(shared))
    out = tomlkit.aot()
    for event, table in zip(events, tables, strict=True):
        table.pop("date", None)
        if file_recorded is not None:
            table.pop("recorded", None)
        own = table.pop("sources", [])[len(shared) :]
        if own:
            table["sources"] = own
        out.append(_event_table(type(event), table))
    doc.add("events", out)
    return tomlkit.dumps(doc)


def dumps_entities(entities: Iterable[Entity], *, subjects: Iterable[str] = ()) -> str:
    """The text of an ``entities.toml`` file listing ``entities``: the record's ``subjects`` (when given), then
    organisations, then people, each with the fields it has (the start of a new folder; :func:`add_events` never
    rewrites this file). ``dumps_entities(timeline.entities.values(), subjects=timeline.subjects)`` writes the
    file a timeline was loaded from, its subjects kept.

    >>> import aitimeline as at
    >>> print(dumps_entities([at.Organization(id="acme", name="Acme")], subjects=["acme"]), end="")
    schema = 2
    subjects = ["acme"]
    <BLANKLINE>
    [[organizations]]
    id = "acme"
    name = "Acme"

    Raises:
        TypeError: ``subjects`` is one string, or holds something other than strings.
    """
    import tomlkit

    if isinstance(subjects, str):
        raise TypeError(f"subjects is a list of entity ids such as ['acme'], not one string: {subjects!r}")
    named = list(dict.fromkeys(subjects))
    if not all(isinstance(s, str) for s in named):
        raise TypeError(f"a subject is an entity id (a string), got {named!r}")
    conv = shared_converter()
    doc = tomlkit.document()
    doc.add("schema", SCHEMA_VERSION)
    if named:
        doc.add("subjects", named)
    for section, cls in (("organizations", Organization), ("people", Person)):
        items = [conv.unstructure(e) for e in entities if isinstance(e, cls)]
        if items:
            doc.add(section, _array_of_tables({k: v for k, v in i.items() if v not in (None, (), [])} for i in items))
    return tomlkit.dumps(doc)


def _common_prefix(lists: Sequence[Sequence[Any]]) -> list[Any]:
    first = lists[0]
    n = 0
    while n < len(first) and all(len(other) > n and other[n] == first[n] for other in lists[1:]):
        n += 1
    return list(first[:n])


_BASE_FIELDS = frozenset(f.name for f in attrs.fields(Event))


def _event_table(cls: type[Event], data: Mapping[str, Any]) -> Any:
    """One ``[[events]]`` table: type, id and summary, then plain values, then sub-tables and arrays of tables."""
    import tomlkit

    from . import convert as _convert  # cattrs, imported when files are read or written, not with aitimeline

    hints = field_types(cls)
    own = [f.name for f in attrs.fields(cls) if f.name not in _BASE_FIELDS]
    order = ["type", "id", "summary", *own, "recorded", "unverified", "note", "sources", "alternatives"]
    names = [n for n in order if n in data] + [n for n in data if n not in order]
    inline = {n for n in names if _convert._figure_type(cls, n) is not None or _holds(hints.get(n), CapTable)}
    table = tomlkit.table()
    later: list[tuple[str, Any]] = []
    for name in names:
        value = data[name]
        if isinstance(value, Mapping) and name not in inline:
            later.append((name, _sub_table(value)))
        elif _is_tables(value):
            later.append((name, _array_of_tables(value)))
        else:
            table.add(name, _plain(value))
    for name, value in sorted(later, key=lambda item: _is_tables(item[1])):  # sub-tables, then arrays of tables
        table.add(name, value)
    return table


def _holds(hint: Any, cls: type) -> bool:
    return hint is cls or cls in typing.get_args(hint)


def _is_tables(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _sub_table(data: Mapping[str, Any]) -> Any:
    """A table of plain values, then its arrays of tables (an ``[events.terms]``, or one item of ``[[sources]]``)."""
    import tomlkit

    table = tomlkit.table()
    later = []
    for name, value in data.items():
        if _is_tables(value):
            later.append((name, _array_of_tables(value)))
        else:
            table.add(name, _plain(value))
    for name, value in later:
        table.add(name, value)
    return table


def _array_of_tables(items: Iterable[Mapping[str, Any]]) -> Any:
    import tomlkit

    out = tomlkit.aot()
    for item in items:
        out.append(_sub_table(item))
    return out


def _plain(value: Any) -> Any:
    """A value written on one line (an inline table for a mapping); a list of several texts one per line."""
    import tomlkit

    if isinstance(value, Mapping):
        table = tomlkit.inline_table()
        for k, v in value.items():
            table.append(k, _plain(v))
        return table
    if isinstance(value, list | tuple):
        array = tomlkit.array()
        array.extend(_plain(v) for v in value)
        if len(value) > 1 and any(isinstance(v, str) and len(v) > 40 for v in value):
            array.multiline(True)
        return array
    return value


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, atomically: a temporary file, flushed and synced, then linked into place.

    Raises:
        FileExistsError: ``path`` exists (it is never replaced).
    """
    import uuid

    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}{_TEMP_SUFFIX}")
    try:
        with open(temp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.link(temp, path)  # fails if path exists: never an overwrite
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish(folder: Path) -> None:
    """Create the files of a committed write that do not exist yet, then remove its journal; remove stale
    temporary files. Called with the folder locked."""
    for path, data in pending_files(folder).items():
        _write_new(path, data)
    if (folder / JOURNAL).exists():
        _sync_folder(folder)
        os.unlink(folder / JOURNAL)
    for temp in folder.glob(f".*{_TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _sync_folder(folder)


def recover(path: str | os.PathLike[str]) -> None:
    """Finish a write that was interrupted after its commit point and remove temporary files left by writers
    that were killed. :func:`add_events` does this itself; readers never need it.

    Raises:
        LoadError: The folder does not exist.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise LoadError(f"cannot recover {folder}", [Problem(str(folder), None, "", "no such folder of events")])
    with locked(folder):
        _finish(folder)


def add_events(
    path: str | os.PathLike[str],
    events: Iterable[Event],
    *,
    expected: str,
    types: EventTypes | None = None,
    base: Any = None,
) -> Written:
    """Add events to a folder, each in a new file of the canonical layout, after checking the whole record.

    Events of one date go to one file named after the first of them (:func:`event_file_name`). Corrections and
    retractions are added the same way: no existing file is ever edited.

    Args:
        path: The folder, as :func:`~aitimeline.load` reads it.
        events: The events to add.
        expected: The folder's version the caller checked against (:func:`folder_version`, or the ``version``
            of the last :class:`Written`).
        types: The event types, as for :func:`~aitimeline.load`.
        base: A timeline the folder is loaded on top of, as for :func:`~aitimeline.load`.

    Returns:
        The files written and the folder's new version.

    Raises:
        ConflictError: The folder changed since ``expected``, or a new file's name is taken. Nothing is written.
        LoadError: The folder does not exist, or the record with the new events does not load; ``problems``
            names each file, event and field. Nothing is written.
        ValueError: ``events`` is empty.
    """
    import json

    from .loading import _load  # the loader is the one check of a record

    folder = Path(path)
    if not folder.is_dir():  # never create a folder (or its lock file) at a mistyped path
        raise LoadError(f"cannot add events to {folder}", [Problem(str(folder), None, "", "no such folder of events")])
    new = list(events)
    if not new:
        raise ValueError("add_events needs at least one event")
    by_date: dict[str, list[Event]] = {}
    for event in new:
        by_date.setdefault(str(event.date), []).append(event)
    conv = shared_converter(types)
    texts = {folder / event_file_name(group[0]): _dumps(group, conv) for group in by_date.values()}
    with locked(folder):
        _finish(folder)
        read_problems: list[Problem] = []
        files = snapshot(folder, read_problems)  # read once: the version and the check both come from it
        current = version_of(files)
        if current != expected:
            raise ConflictError(
                f"{folder} changed since version {expected[:12]} (it is now {current[:12]}): load it again, check "
                "the events against it, and retry"
            )
        taken = [p.name for p in texts if p.exists() or p.is_symlink()]
        if taken:
            raise ConflictError(f"{folder}: a file named {', '.join(taken)} exists; an event file is never replaced")
        new_files = {p: t.encode("utf-8") for p, t in texts.items()}
        timeline, problems = _load(folder, types, base, snapshot=({**files, **new_files}, read_problems))
        if timeline is None:
            raise LoadError(f"the events cannot be added to {folder}", problems)
        journal = json.dumps({"files": {p.name: t for p, t in texts.items()}}, ensure_ascii=False, indent=1)
        _write_new(folder / JOURNAL, journal.encode("utf-8"))  # the commit point
        _sync_folder(folder)
        _finish(folder)
        return Written(files=tuple(texts), version=version_of({**files, **new_files}))
