"""The command line's cache of parsed folders: a record read once is not parsed again until it changes.

Parsing is most of what a first question costs (TOML, then cattrs structuring every event); replaying the parsed
events is a few milliseconds. So the command line keeps, per folder, the entities, events and origins that a clean
load parsed, keyed by everything they depend on: the folder's path, the name and bytes of each of its files, the
source of this package and the Python version. Any change to one of them is a different key, hence a miss and a full
load; a folder with problems is never cached, so its problems are always found afresh.

The library's own :func:`~aitimeline.load` never caches (no hidden writes from a library call): only the command
line passes a cache folder, by default the user cache folder (``platformdirs``), ``AITIMELINE_CACHE_DIR`` to choose
another, and ``--no-cache`` for none. Files are pickles, written whole (a temporary file renamed into place) in a
folder only the user can read and write; since reading a pickle can run code, a file that another user owns or may
write is never read. One that cannot be read back is removed and counts as a miss. A failure to write the cache
never fails a command.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["KEEP", "default_folder", "key", "read", "write"]

KEEP = 16
"""How many parsed folders the cache keeps (the least recently written go first)."""

_SUFFIX = ".pickle"


def default_folder() -> Path:
    """``AITIMELINE_CACHE_DIR`` if set, else the user cache folder for aitimeline."""
    chosen = os.environ.get("AITIMELINE_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("aitimeline", appauthor=False))


def key(folder: Path, files: Mapping[Path, bytes | None]) -> str:
    """The cache key of a folder whose files are ``files`` (as
    :func:`~aitimeline._formats.folder.snapshot` read them)."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{folder.resolve()}\0".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):  # the code that parsed them
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path, raw in sorted(files.items()):
        digest.update(path.name.encode() + b"\0" + (raw or b"") + b"\0")
    return digest.hexdigest()


def read(cache: Path, name: str) -> tuple[Any, ...] | None:
    """What :func:`write` stored under ``name``, or None (a miss: absent, or unreadable and now removed)."""
    path = cache / (name + _SUFFIX)
    try:
        with path.open("rb") as f:
            if not _trusted(os.fstat(f.fileno())):
                return None  # a pickle runs code when read: only the user's own, written by this module
            data = f.read()
    except OSError:
        return None
    try:
        value = pickle.loads(data)
        if isinstance(value, tuple):
            return value
    except Exception:  # a truncated or foreign file: the cache is only ever a shortcut
        pass
    path.unlink(missing_ok=True)
    return None


def write(cache: Path, name: str, value: tuple[Any, ...]) -> None:
    """Store ``value`` under ``name``, whole or not at all, and keep the newest :data:`KEEP` entries."""
    temp = cache / f".{name}.{os.getpid()}.tmp"
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, cache / (name + _SUFFIX))
        entries = sorted(cache.glob("*" + _SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # a full disk, a read-only home, a lambda
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _trusted(status: os.stat_result) -> bool:
    """Whether a cache file is the user's own and only the user can write it (as :func:`write` makes them)."""
    if not hasattr(os, "getuid"):  # Windows: the user's cache folder is the user's own
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022
