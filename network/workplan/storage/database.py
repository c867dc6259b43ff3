"""The database storage backend: each file a `stored_file` row and its content in
`stored_file_chunk` rows of STORAGE_CHUNK_BYTES (1 MiB by default) in the portal's own database,
PostgreSQL (bytea) or SQLite (BLOB) by the same code. Every app instance and the scheduler use
the same database, so they see the same files; why chunks and not PostgreSQL large objects is
in docs/deploy.md.

Writes join the caller's transaction (a file is stored together with the record that points at
it, or not at all). Reads go chunk by chunk, each a short query, so a download holds one chunk
in memory and no connection between chunks."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from flask import current_app, has_app_context
from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from network.db import utcnow
from network.extensions import db
from network.workplan import storage
from network.workplan.storage.models import StoredFile, StoredFileChunk


def _run(engine, statement):
    """Run a read in the app's session while there is one (it sees the caller's own writes),
    else (a download streamed after its request ended) on a connection of its own."""
    if has_app_context():
        return db.session.execute(statement)
    with engine.connect() as connection:
        return connection.execute(statement).all()


class ChunkReader(io.RawIOBase):
    """A seekable reader of one stored file, fetching one chunk at a time."""

    def __init__(self, engine, key: str, size: int, chunk_bytes: int):
        super().__init__()
        self.engine, self.key, self.length, self.chunk_bytes = engine, key, size, chunk_bytes
        self.position = 0
        self._seq, self._data = -1, b""

    def readable(self) -> bool:
        """Always."""
        return True

    def seekable(self) -> bool:
        """Always: chunks are fetched by number."""
        return True

    def tell(self) -> int:
        """Where the next read starts."""
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move to a byte of the file."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.length}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self.position = base + offset
        return self.position

    def _chunk(self, seq: int) -> bytes:
        if seq != self._seq:
            rows = list(_run(self.engine, select(StoredFileChunk.data).where(
                StoredFileChunk.sha256 == self.key, StoredFileChunk.seq == seq)))
            if not rows:
                raise OSError(f"stored file {self.key}: chunk {seq} is missing")
            self._seq, self._data = seq, bytes(rows[0][0])
        return self._data

    def readinto(self, buffer) -> int:
        """Fill the buffer from the current chunk (fetching it if need be)."""
        if self.position >= self.length:
            return 0
        seq, offset = divmod(self.position, self.chunk_bytes)
        data = self._chunk(seq)
        count = min(len(buffer), len(data) - offset, self.length - self.position)
        if count <= 0:
            raise OSError(f"stored file {self.key}: chunk {seq} is short")
        buffer[:count] = data[offset:offset + count]
        self.position += count
        return count

    def close(self) -> None:
        """Drop the chunk held."""
        self._data = b""
        super().close()


class DatabaseBackend:
    """Stored files in the shared database."""

    def scratch(self) -> Path:
        """A received file waits in this machine's folder until it is checked and hashed."""
        return storage.folder()

    def _insert_header(self, key: str, size: int, chunk_bytes: int) -> bool:
        """Add the file's row unless it is there (or being added by another transaction,
        which PostgreSQL waits for); whether this call added it."""
        module = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        statement = (module.insert(StoredFile)
                     .values(sha256=key, size=size, chunk_bytes=chunk_bytes,
                             created_at=utcnow())
                     .on_conflict_do_nothing(index_elements=["sha256"])
                     .returning(StoredFile.sha256))
        return db.session.execute(statement).first() is not None

    def put_file(self, source: Path, key: str, size: int) -> None:
        """Write the file's row and its chunks in the caller's transaction (once per content)."""
        chunk_bytes = int(current_app.config.get("STORAGE_CHUNK_BYTES") or 1024 * 1024)
        if not self._insert_header(key, size, chunk_bytes):
            return
        with open(source, "rb") as handle:
            seq = 0
            while data := handle.read(chunk_bytes):
                db.session.execute(insert(StoredFileChunk),
                                   {"sha256": key, "seq": seq, "data": data})
                seq += 1

    def _header(self, key: str):
        return db.session.execute(select(StoredFile.size, StoredFile.chunk_bytes)
                                  .where(StoredFile.sha256 == key)).first()

    def open(self, key: str) -> BinaryIO:
        """A buffered reader over the file's chunks."""
        header = self._header(key)
        if header is None:
            raise storage.FileMissing(key)
        raw = ChunkReader(db.engine, key, header.size, header.chunk_bytes)
        return io.BufferedReader(raw, buffer_size=storage.CHUNK)

    def exists(self, key: str) -> bool:
        """Whether the file's row is there."""
        return self._header(key) is not None

    def size(self, key: str) -> int:
        """The file's size, from its row."""
        header = self._header(key)
        if header is None:
            raise storage.FileMissing(key)
        return header.size

    def delete(self, key: str) -> bool:
        """Remove the file's chunks and row (when the caller commits)."""
        db.session.execute(delete(StoredFileChunk).where(StoredFileChunk.sha256 == key))
        return (db.session.execute(delete(StoredFile).where(StoredFile.sha256 == key))
                .rowcount or 0) > 0

    def stored_keys(self) -> Iterator[str]:
        """Every stored file's key, in order."""
        yield from list(db.session.scalars(select(StoredFile.sha256).order_by(StoredFile.sha256)))
