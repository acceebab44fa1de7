"""Folders of event files: reading and checking them, writing to them safely, and the registry that maps a
file's ``type = "..."`` to an event class.

:func:`aitimeline.load` reads a whole record; the functions here read its parts (:func:`load_events`,
:func:`load_entities`), check one without building a timeline (:func:`check`), write new events under a lock with
a journal (:func:`add_events`, :func:`recover`), and write files' text (:func:`dumps_events`). ``docs/data-format.md``
describes the files. :func:`installed_types` adds the event types that installed packages declare (the entry-point
group ``aitimeline.event_types``, ``docs/extending.md``).
"""

from __future__ import annotations

from ._formats.folder import MAX_FILE_BYTES, folder_version
from ._formats.loading import check, load_entities, load_events
from ._formats.plugins import installed_types
from ._formats.registry import EventTypes, builtin_types, make_converter
from ._formats.schema import SCHEMA_VERSION
from ._formats.writing import Written, add_events, dumps_entities, dumps_events, event_file_name, recover

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "EventTypes",
    "Written",
    "add_events",
    "builtin_types",
    "check",
    "dumps_entities",
    "dumps_events",
    "event_file_name",
    "folder_version",
    "installed_types",
    "load_entities",
    "load_events",
    "make_converter",
    "recover",
]
