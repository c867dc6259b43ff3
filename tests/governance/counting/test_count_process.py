"""`network count` as a whole process: it counts without building the web app, importing the
counting library and click only (not Flask, SQLAlchemy, Alembic, openpyxl or flask-smorest), and
every other command still comes from the app's command group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GOVAN = str(ROOT / "tests" / "data" / "glasgow-2007" / "Govan-2007.blt")
NETWORK = [sys.executable, "-X", "importtime", "-c", "from network.cli import main; main()"]
HEAVY = ("flask", "flask_smorest", "flask_sqlalchemy", "sqlalchemy", "alembic", "openpyxl",
         "network.models", "network.extensions")


def _run(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETWORK_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([*NETWORK, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    return done, imported


def test_count_imports_the_counting_library_and_not_the_app():
    done, imported = _run("count", GOVAN, "--method", "scottish-stv")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "GOVAN Ward - scottish-stv, 4 seat(s)" in done.stdout
    assert "Elected: Allison Hunter, John Flanagan, Stephen Dornan, Shaukat Butt" in done.stdout
    assert "network.governance.elections.counting.stv" in imported
    assert not [m for m in imported if m.split(".")[0] in HEAVY or m in HEAVY], (
        "the count path imported the app's libraries")
    assert "network.governance.elections.services" not in imported


def test_count_errors_name_the_command():
    done, _ = _run("count", "no-such-file.blt", "--method", "irv")
    assert done.returncode == 2
    assert "Usage: network count [OPTIONS] FILE" in done.stderr
    assert "does not exist" in done.stderr


def test_help_still_lists_every_command_from_the_app():
    done, imported = _run("--help")
    assert done.returncode == 0, done.stderr[-2000:]
    commands = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines()
                if line.strip()}
    assert commands >= {"count", "db", "demo", "elections", "mail", "papers", "records", "run",
                        "scheduler", "shell", "users"}
    assert "flask" in imported  # the app's group answered
