"""Files stored by content: papers and agenda packs live under UPLOAD_FOLDER by SHA-256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from flask import current_app

from network.errors import ValidationFailed

CHUNK = 64 * 1024
HEX = set("0123456789abcdef")


def folder() -> Path:
    """The configured folder (instance/papers by default), created on first use."""
    configured = current_app.config.get("UPLOAD_FOLDER") or ""
    path = Path(configured) if configured else Path(current_app.instance_path) / "papers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str) -> Path:
    """Where the file with this hash lives (two-level fan-out keeps directories small)."""
    if len(sha256) != 64 or not set(sha256) <= HEX:
        raise ValueError("not a SHA-256 hex digest")
    return folder() / sha256[:2] / sha256


def exists(sha256: str) -> bool:
    """Whether the content is stored."""
    return path_for(sha256).is_file()


def save_stream(stream: BinaryIO, max_bytes: int, field: str = "file",
                check: Callable[[Path], Any] | None = None) -> tuple[str, int, Any]:
    """Copy a stream into the store; returns (sha256, size, what `check` said).

    Refuses more than max_bytes. The bytes go to a temporary file in the same folder, where
    `check` may inspect (and refuse) them, then are renamed into place, so a reader never sees
    half a file and a refused file is never kept; identical content is stored once.
    """
    digest, size = hashlib.sha256(), 0
    base = folder()
    handle, temp_name = tempfile.mkstemp(dir=base, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ValidationFailed(
                        f"The file must be {max_bytes // (1024 * 1024) or 1} MB or smaller"
                        if max_bytes >= 1024 * 1024 else
                        f"The file must be {max_bytes:,} bytes or smaller", field)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        checked = check(Path(temp_name)) if check else None
        sha = digest.hexdigest()
        target = path_for(sha)
        if target.is_file():
            os.unlink(temp_name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_name, target)
        return sha, size, checked
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise


def save_bytes(data: bytes) -> str:
    """Store generated content (an agenda pack); returns its SHA-256."""
    import io

    sha, _size, _checked = save_stream(io.BytesIO(data), max_bytes=len(data) + 1)
    return sha
