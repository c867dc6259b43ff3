"""Stored files, named by the SHA-256 of their content: paper versions, agenda packs and the
records page's hand-over export zips. Everything that writes or reads one goes through this
module; the backend is chosen by STORAGE_BACKEND:

- "local" (the default): a folder (UPLOAD_FOLDER, instance/papers), for one machine;
- "database": the portal's own database (docs/deploy.md), which every app instance and the
  scheduler share, so a file written by one is served by all.

A key is the file's SHA-256 in lower-case hex; identical content is stored once. Reads stream
(a 50 MB paper is never held whole in memory), and a missing or malformed key is `FileMissing`,
which downloads answer with a 404.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from flask import abort, current_app, send_file

from network.errors import ValidationFailed

CHUNK = 64 * 1024
HEX = set("0123456789abcdef")
BACKENDS = ("local", "database")


class FileMissing(LookupError):
    """No stored file has this key (or the key is not a SHA-256)."""


class Backend(Protocol):
    """What a storage backend does; keys are checked before they reach it."""

    def scratch(self) -> Path:
        """A folder for a file being received, before its hash (its key) is known."""

    def put_file(self, source: Path, key: str, size: int) -> None:
        """Keep the checked temporary file `source` as `key` (consumed; kept once)."""

    def open(self, key: str) -> BinaryIO:
        """A binary, seekable reader of the file; FileMissing if there is none."""

    def exists(self, key: str) -> bool:
        """Whether the file is stored."""

    def size(self, key: str) -> int:
        """The file's size in bytes; FileMissing if there is none."""

    def delete(self, key: str) -> bool:
        """Remove the file; whether there was one."""

    def stored_keys(self) -> Iterator[str]:
        """Every stored key."""


def check_key(key: object) -> str:
    """The key if it is a SHA-256 hex digest; FileMissing otherwise (a hostile key never
    reaches a path or a query)."""
    if not isinstance(key, str) or len(key) != 64 or not set(key) <= HEX:
        raise FileMissing("not a SHA-256 hex digest")
    return key


def backend(name: str | None = None) -> Backend:
    """The configured backend (or the one named), made once per app."""
    name = name or current_app.config.get("STORAGE_BACKEND") or "local"
    made = current_app.extensions.setdefault("network_storage", {})
    if name not in made:
        if name == "local":
            from network.workplan.storage.local import LocalBackend

            made[name] = LocalBackend()
        elif name == "database":
            from network.workplan.storage.database import DatabaseBackend

            made[name] = DatabaseBackend()
        else:
            raise RuntimeError(f"STORAGE_BACKEND must be one of {', '.join(BACKENDS)}, "
                               f"not {name!r}")
    return made[name]


def folder() -> Path:
    """The local backend's folder (UPLOAD_FOLDER, instance/papers by default), created on
    first use; with the database backend it holds only files being received."""
    configured = current_app.config.get("UPLOAD_FOLDER") or ""
    path = Path(configured) if configured else Path(current_app.instance_path) / "papers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _too_large(max_bytes: int, field: str) -> ValidationFailed:
    return ValidationFailed(
        f"The file must be {max_bytes // (1024 * 1024) or 1} MB or smaller"
        if max_bytes >= 1024 * 1024 else f"The file must be {max_bytes:,} bytes or smaller",
        field)


def save_stream(stream: BinaryIO, max_bytes: int, field: str = "file",
                check: Callable[[Path], Any] | None = None) -> tuple[str, int, Any]:
    """Copy a stream into the store; returns (sha256, size, what `check` said).

    Refuses more than max_bytes. The bytes go to a temporary file first, where `check` may
    inspect (and refuse) them; only then are they stored, so a reader never sees half a file
    and a refused file is never kept. With the database backend the file joins the caller's
    transaction: it is there for everyone once the caller commits, and gone if it rolls back.
    """
    store = backend()
    digest, size = hashlib.sha256(), 0
    handle, temp_name = tempfile.mkstemp(dir=store.scratch(), prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes, field)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        checked = check(Path(temp_name)) if check else None
        sha = digest.hexdigest()
        store.put_file(Path(temp_name), sha, size)
        return sha, size, checked
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def save_bytes(data: bytes) -> str:
    """Store generated content (an agenda pack); returns its SHA-256."""
    sha, _size, _checked = save_stream(io.BytesIO(data), max_bytes=len(data) + 1)
    return sha


def save_file(path: Path) -> tuple[str, int]:
    """Store a file built elsewhere (an export zip), copied; returns (sha256, size)."""
    with open(path, "rb") as handle:
        sha, size, _ = save_stream(handle, max_bytes=os.fstat(handle.fileno()).st_size + 1)
    return sha, size


def open_file(key: str) -> BinaryIO:
    """A streaming, seekable reader of a stored file; close it (or use `with`)."""
    return backend().open(check_key(key))


def exists(key: str) -> bool:
    """Whether the content is stored (False for a key that is not a SHA-256)."""
    try:
        return backend().exists(check_key(key))
    except FileMissing:
        return False


def size(key: str) -> int:
    """The stored file's size in bytes."""
    return backend().size(check_key(key))


def delete(key: str) -> bool:
    """Remove a stored file (with the database backend, once the caller commits); whether
    there was one. Only for content no record still points at."""
    try:
        return backend().delete(check_key(key))
    except FileMissing:
        return False


def read_bytes(key: str) -> bytes:
    """A small stored file whole (tests, checks); downloads stream through `send`."""
    with open_file(key) as handle:
        return handle.read()


@contextmanager
def local_path(key: str) -> Iterator[Path]:
    """A path to the file's content for a library that wants one: the file itself with the
    local backend, a temporary copy (removed after the block) otherwise."""
    store = backend()
    key = check_key(key)
    if hasattr(store, "path_for"):
        path = store.path_for(key)
        if not path.is_file():
            raise FileMissing(key)
        yield path
        return
    handle, temp_name = tempfile.mkstemp(dir=store.scratch(), prefix=".read-")
    try:
        with os.fdopen(handle, "wb") as out, store.open(key) as source:
            shutil.copyfileobj(source, out, CHUNK)
        yield Path(temp_name)
    finally:
        os.unlink(temp_name)


def send(key: str | None, mimetype: str, download_name: str, what: str):
    """A download of a stored file, streamed, private and never cached; 404 (logged) if the
    file is missing. `what` names the record in the log."""
    try:
        handle = open_file(key or "")
    except FileMissing:
        current_app.logger.error("%s: stored file %s missing", what, key)
        abort(404)
    length = handle.seek(0, io.SEEK_END)  # both backends know it without reading
    handle.seek(0)
    response = send_file(handle, mimetype=mimetype, as_attachment=True,
                         download_name=download_name, max_age=0, etag=key, conditional=False)
    response.content_length = length
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def copy_all(source: str, target: str) -> tuple[int, int]:
    """Copy every file of one backend into another (moving to the database backend, or
    back); returns (copied, already there). Commits as it goes."""
    from network.extensions import db

    origin, destination = backend(source), backend(target)
    copied = kept = 0
    for key in origin.stored_keys():
        if destination.exists(key):
            kept += 1
            continue
        handle, temp_name = tempfile.mkstemp(dir=destination.scratch(), prefix=".copy-")
        try:
            digest, length = hashlib.sha256(), 0
            with os.fdopen(handle, "wb") as out, origin.open(key) as reader:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    length += len(chunk)
                    out.write(chunk)
            if digest.hexdigest() != key:
                current_app.logger.error("stored file %s does not match its hash: not copied",
                                         key)
                continue
            destination.put_file(Path(temp_name), key, length)
            db.session.commit()
            copied += 1
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
    return copied, kept
