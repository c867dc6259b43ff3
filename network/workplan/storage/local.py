"""The local storage backend: files in a folder of this machine (UPLOAD_FOLDER), as
<first two characters of the SHA-256>/<SHA-256>. Right for one instance; several instances
need the database backend (docs/deploy.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from network.workplan import storage


class LocalBackend:
    """Stored files in the configured folder."""

    def scratch(self) -> Path:
        """The store's own folder, so a received file is renamed into place, never copied."""
        return storage.folder()

    def path_for(self, key: str) -> Path:
        """Where the file with this key lives (the two-level fan-out keeps folders small)."""
        return storage.folder() / key[:2] / key

    def put_file(self, source: Path, key: str, size: int) -> None:
        """Rename the received file into place (atomic), unless the content is there."""
        target = self.path_for(key)
        if target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def open(self, key: str) -> BinaryIO:
        """The file, opened for reading."""
        try:
            return open(self.path_for(key), "rb")  # noqa: SIM115 - the caller closes it
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise storage.FileMissing(key) from None

    def exists(self, key: str) -> bool:
        """Whether the file is there."""
        return self.path_for(key).is_file()

    def size(self, key: str) -> int:
        """The file's size."""
        path = self.path_for(key)
        if not path.is_file():
            raise storage.FileMissing(key)
        return path.stat().st_size

    def delete(self, key: str) -> bool:
        """Unlink the file (at once: a folder has no transaction)."""
        try:
            self.path_for(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def stored_keys(self) -> Iterator[str]:
        """Every stored file's key, in order."""
        base = storage.folder()
        for fan in sorted(p for p in base.iterdir() if p.is_dir() and len(p.name) == 2):
            for path in sorted(fan.iterdir()):
                if path.is_file() and path.name.startswith(fan.name):
                    try:
                        yield storage.check_key(path.name)
                    except storage.FileMissing:
                        continue
