"""The database storage backend's tables: one row per stored file and its content in chunks,
so every app instance and the scheduler read the same files from the shared database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from network.db import Base, utcnow


class StoredFile(Base):
    """A stored file, named by the SHA-256 of its content (written once, never changed)."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    # the chunk size it was written with, so a changed STORAGE_CHUNK_BYTES reads old files
    chunk_bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredFileChunk(Base):
    """One chunk of a stored file's content (the last may be shorter)."""

    __tablename__ = "stored_file_chunk"

    sha256: Mapped[str] = mapped_column(
        String(64), ForeignKey("stored_file.sha256", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
