"""Write a timeline as a folder of TOML event files, for the loading benchmark.

A small TOML writer of its own, not ``aitimeline.io.dumps_events``: the library's writer (tomlkit, the canonical
layout) takes about 6 ms an event, which is fine for adding events but would take ten minutes to write the
10^5-event folder this benchmark loads. Every value is written inline (``key = value``,
tables as ``{ ... }``, arrays as ``[ ... ]``), which is all the event format needs. Events are unstructured with
``aitimeline.io.make_converter()``, so the files hold exactly what the loader reads back.

Layout: a file holds the events of one date (the format has one ``date`` per file), at most ``per_file`` of them.
A date with more events is split over several files *striped*: event ``k`` of the day goes to file
``k % files`` at position ``k // files``. The loader orders same-day events by (position in file, id), so
striping keeps the original replay order, which a plain split into consecutive chunks would not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

import aitimeline as at

__all__ = ["dumps_value", "write_entities", "write_folder"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else _string(name)


def _string(text: str) -> str:
    # JSON's escapes (\" \\ \n \t \uXXXX for other controls) are all valid TOML basic-string escapes; TOML also
    # forbids a raw DEL, which JSON leaves alone.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def dumps_value(value: Any) -> str:
    """One TOML value, inline.

    Raises:
        TypeError: A float (the format never uses floats: money is exact) or a type TOML has no form for.
    """
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {dumps_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(dumps_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}: {value!r}")


def _event_file(date: str, tables: Sequence[Mapping[str, Any]]) -> str:
    lines = [f"schema = {at.io.SCHEMA_VERSION}", f"date = {_string(date)}", ""]
    for table in tables:
        lines.append("[[events]]")
        lines += [f"{_key(k)} = {dumps_value(v)}" for k, v in table.items() if k != "date"]
        lines.append("")
    return "\n".join(lines)


def write_entities(entities: Iterable[at.Entity], folder: Path) -> None:
    """Write ``entities.toml``: organisations, then people."""
    lines = [f"schema = {at.io.SCHEMA_VERSION}", ""]
    for entity in entities:
        lines.append("[[organizations]]" if isinstance(entity, at.Organization) else "[[people]]")
        lines += [f"{k} = {dumps_value(v)}" for k, v in attrs.asdict(entity).items() if v is not None]
        lines.append("")
    (folder / "entities.toml").write_text("\n".join(lines), encoding="utf-8")


def write_folder(
    events: Sequence[at.Event], entities: Iterable[at.Entity], folder: Path, *, per_file: int = 100
) -> int:
    """Write events already in replay order as event files of at most ``per_file`` events, and the entities.

    Returns:
        How many event files were written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    write_entities(entities, folder)
    conv = at.io.make_converter()
    by_date: dict[str, list[dict[str, Any]]] = {}
    day = None
    files = 0

    def flush() -> int:
        written = 0
        for date, tables in by_date.items():
            stripes = -(-len(tables) // per_file)
            for j in range(stripes):
                part = tables[j::stripes]
                name = f"{date}-{part[0]['id']}.toml"
                (folder / name).write_text(_event_file(date, part), encoding="utf-8")
                written += 1
        by_date.clear()
        return written

    for event in events:
        if event.date.effective != day:
            files += flush()
            day = event.date.effective
        by_date.setdefault(str(event.date), []).append(conv.unstructure(event))
    files += flush()
    return files
