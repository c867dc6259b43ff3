"""The portal served by a real multi-worker gunicorn on 127.0.0.1, for tests that need separate
processes racing each other over HTTP (one process with threads would hide races that
PostgreSQL and SQLite's file locking show only between processes).

    with gunicorn_server(app.config["SQLALCHEMY_DATABASE_URI"], workers=4) as server:
        urllib.request.urlopen(f"{server.url}/healthz")
        assert "Traceback" not in server.log()

The server runs `wsgi:app` from this checkout with ENV testing (CSRF off unless `config` turns
it on) against the given database; `config` entries become NETWORK_* environment variables.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.build_opener().open(f"{base}/healthz", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


@dataclass
class LiveGunicorn:
    """A running gunicorn: its base URL and its combined log."""

    url: str
    log_path: str

    def log(self) -> str:
        """Everything gunicorn and the app have logged so far (tracebacks included)."""
        return Path(self.log_path).read_text()


@contextmanager
def gunicorn_server(database_url: str, workers: int = 4, config: dict | None = None
                    ) -> Iterator[LiveGunicorn]:
    """Run gunicorn with `workers` sync workers on a free port until the block ends."""
    workdir = Path(tempfile.mkdtemp(prefix="gunicorn-"))
    log_path = workdir / "gunicorn.log"
    env = {**os.environ, "NETWORK_ENV": "testing", "DATABASE_URL": database_url,
           "PYTHONPATH": str(ROOT), "NETWORK_UPLOAD_FOLDER": str(workdir / "uploads")}
    for key, value in (config or {}).items():
        env[f"NETWORK_{key}"] = value if isinstance(value, str) else json.dumps(value)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        with open(log_path, "w") as log:
            # --preload builds the app once in the master: workers are ready once forked
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--preload", "--workers", str(workers),
                 "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--chdir", str(ROOT),
                 "wsgi:app"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        server = LiveGunicorn(base, str(log_path))
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not (server.log().count("Booting worker") >= workers and _healthy(base)):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start:\n{server.log()}")
                time.sleep(0.2)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
