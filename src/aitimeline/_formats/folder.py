"""A record's folder as readers and writers share it: its lock, the journal of a write in progress, and a
snapshot of its files read at one moment.

Below both the loader and the writer: the writer takes the lock and keeps the journal, the loader reads a
consistent snapshot under the same lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from aitimeline._core.errors import ConflictError, LoadError, Problem

__all__ = [
    "JOURNAL",
    "LOCK_TIMEOUT",
    "MAX_FILE_BYTES",
    "folder_version",
    "locked",
    "locked_if_written",
    "pending_files",
    "read_bytes",
    "snapshot",
    "version_of",
]

JOURNAL = ".aitimeline-journal.json"
"""The journal of a write in progress, in the folder it writes to: present only between a write's commit point
and the moment its last file exists."""
_LOCK = ".aitimeline.lock"
LOCK_TIMEOUT = 60.0
"""Seconds a reader or writer waits for the folder's lock before giving up with a ConflictError."""
MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest file the loader reads (bytes); a larger one is refused without being read. Split a big record
into files of one date each, as the house layout does."""


def _journal(folder: Path) -> dict[str, str]:
    """The files of a committed write not yet all created, by name (empty when there is none)."""
    import json

    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:  # RecursionError: json's decoder nests as deep as the text
        message = "not readable: arrays or objects nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        problem = Problem(str(folder / JOURNAL), None, "", message)
        raise LoadError(f"cannot read {folder / JOURNAL}", [problem]) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise LoadError(f"cannot read {folder / JOURNAL}", [Problem(str(folder / JOURNAL), None, "files", "malformed")])
    return files


def pending_files(folder: Path) -> dict[Path, bytes]:
    """The files a committed write has still to create, with their bytes: what readers see as if present."""
    return {
        folder / name: text.encode("utf-8") for name, text in _journal(folder).items() if not (folder / name).exists()
    }


def folder_version(path: str | os.PathLike[str]) -> str:
    """The version of a folder of event files: a digest of the name and bytes of every ``*.toml`` file in it
    (``entities.toml`` included, and the files of a committed write still being created).

    Any change to a file, a new file or a removed one gives a new version. Pass it to :func:`add_events` as
    ``expected``: the write is refused if the folder changed in between.

    Raises:
        LoadError: The folder or a file in it cannot be read.
    """
    folder = Path(path)
    problems: list[Problem] = []
    with locked_if_written(folder):
        files = snapshot(folder, problems)
    if problems:
        raise LoadError(f"cannot read {folder}", problems)
    return version_of(files)


def version_of(files: Mapping[Path, bytes | None]) -> str:
    """The digest of files read by name: what :func:`folder_version` returns for them."""
    import hashlib

    digest = hashlib.sha256()
    for p in sorted(files):
        data = files[p]
        digest.update(p.name.encode("utf-8") + b"\0" + (hashlib.sha256(data).digest() if data is not None else b"?"))
    return digest.hexdigest()


_held = threading.local()  # the folders this thread holds the lock of: a reader inside a write does not wait


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout  # only writing (and reading a folder written to) needs it

    held: set[Path] = _held.__dict__.setdefault("folders", set())
    key = folder.resolve()
    if key in held:
        yield
        return
    lock = FileLock(folder / _LOCK)
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout:
        raise ConflictError(f"{folder} stayed locked by another writer for {LOCK_TIMEOUT:g} s") from None
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        lock.release()


def locked_if_written(folder: Path) -> contextlib.AbstractContextManager[None]:
    """The folder's write lock if :func:`add_events` has written to it (its lock file exists and can be
    opened), else nothing: readers of a folder that is written to read a consistent snapshot, and a folder
    that no one writes to (such as the shipped record) is read without creating a file."""
    lock = folder / _LOCK
    if lock.is_file() and os.access(lock, os.W_OK):
        return locked(folder)
    return contextlib.nullcontext()


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None with a problem: missing, not a file, too big, unreadable. One ``stat`` says what
    the path is before it is opened (opening a pipe named ``*.toml`` would wait forever)."""
    file = str(path)
    try:
        try:
            status = path.stat()
        except FileNotFoundError:
            broken = path.is_symlink()
            what = "a symbolic link that cannot be followed (broken, or a loop)" if broken else "file not found"
            problems.append(Problem(file, None, "", what))
            return None
        if not stat.S_ISREG(status.st_mode):
            problems.append(Problem(file, None, "", "not a regular file (a folder or a device named *.toml)"))
            return None
        if status.st_size > MAX_FILE_BYTES:
            size = status.st_size
            problems.append(
                Problem(file, None, "", f"file is {size:,} bytes, above the limit of {MAX_FILE_BYTES:,}: split it")
            )
            return None
        with path.open("rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:  # permission, a symbolic-link loop, an I/O error
        if exc.errno == errno.ELOOP:
            problems.append(Problem(file, None, "", "a symbolic link that cannot be followed (broken, or a loop)"))
        else:
            problems.append(Problem(file, None, "", f"cannot read the file: {exc.strerror or exc}"))
        return None


def snapshot(folder: Path, problems: list[Problem]) -> dict[Path, bytes | None]:
    """The bytes of every ``*.toml`` file of ``folder`` (None for one that cannot be read, with a problem), read
    at one moment: a folder that :func:`~aitimeline.io.add_events` writes to is read under its lock, with the files
    of a committed write still being created read from its journal."""
    files: dict[Path, bytes | None] = {}
    with locked_if_written(folder):
        try:
            files.update(pending_files(folder))
        except LoadError as exc:
            problems += exc.problems
        try:
            paths = sorted(folder.glob("*.toml"))
        except OSError as exc:
            problems.append(Problem(str(folder), None, "", f"cannot list the folder: {exc.strerror or exc}"))
            paths = []
        for path in paths:
            if path not in files:
                files[path] = read_bytes(path, problems)
    return dict(sorted(files.items()))
