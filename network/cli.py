"""The `network` command group: demo, users, mail, count, records, scheduler and Flask-Migrate's
db.

`network count` needs no web app: it imports the counting library alone (APP_FREE). Every other
command goes to the Flask app's command group, built when it runs, so this module imports
nothing of Flask at the top."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from flask import Flask

# Commands that run without the app: name -> "module:command", imported only when run.
APP_FREE = {"count": "network.governance.elections.cli:count_command"}


def _create_app():
    from network import create_app

    return create_app()


def _current_app():
    from flask import current_app

    return current_app


def with_appcontext(command):
    """Flask's `with_appcontext`, imported when the command runs rather than when it is
    defined."""
    @functools.wraps(command)
    def in_app_context(*args, **kwargs):
        from flask.cli import with_appcontext as flask_with_appcontext

        return flask_with_appcontext(command)(*args, **kwargs)

    return in_app_context


@functools.cache
def flask_group() -> click.Group:
    """The app's command group (Flask's FlaskGroup: every command, `--help`, `--debug`)."""
    from flask.cli import FlaskGroup

    return FlaskGroup(name="network", help="UK Mayors Network portal commands.",
                      create_app=_create_app, add_version_option=False)


class NetworkCommand(click.Group):
    """`network`: an app-free command (APP_FREE) runs on its own; anything else is handed to
    the app's command group, unchanged."""

    def main(self, args=None, prog_name=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        if args and args[0] in APP_FREE:
            module, name = APP_FREE[args[0]].split(":")
            command = getattr(importlib.import_module(module), name)
            return command.main(args[1:], prog_name=f"{prog_name or 'network'} {args[0]}",
                                **extra)
        return flask_group().main(args, prog_name=prog_name, **extra)


main = NetworkCommand(name="network", help="UK Mayors Network portal commands.")


class ScaleType(click.ParamType):
    """--scale: a finite number above 0, at most network.scale.MAX_SCALE."""

    name = "scale"

    def convert(self, value, param, ctx):
        from network.scale import sizes

        try:
            scale = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        try:
            sizes(scale)
        except ValueError as exc:
            self.fail(f"{value!r}: {exc}", param, ctx)
        return scale


@click.command("demo")
@click.option("--sign-ins-only", is_flag=True, help="Print the sign-ins without loading.")
@click.option("--scale", type=ScaleType(), default=None,
              help="Build a generated network of ten years in an empty database instead: 1 "
                   "is 40 offices, 1,200 meetings, 30,000 actions; 0.1 a tenth (at most 10).")
@click.option("--seed", type=int, default=2026, show_default=True,
              help="With --scale: the same seed builds the same network.")
@with_appcontext
def demo_command(sign_ins_only: bool, scale: float | None, seed: int):
    """Load the demo network (idempotent) and print the demo sign-ins; with --scale, build a
    generated network for measuring instead (an empty database only)."""
    from network.members.demo import ACCOUNTS, DEMO_PASSWORD

    if _current_app().config["ENV_NAME"] == "production":
        raise click.ClickException("The demo network is not loaded in production.")
    if scale is not None and sign_ins_only:
        raise click.UsageError("--sign-ins-only prints the demo's sign-ins; leave out --scale")
    if scale is not None:
        _generate(scale, seed)
        sign_ins = [(email, role.label, slug or "") for email, _, _, role, slug in ACCOUNTS]
    elif sign_ins_only:
        sign_ins = [(email, role.label, slug or "") for email, _, _, role, slug in ACCOUNTS]
    else:
        from network.demo import load_demo_network

        sign_ins = load_demo_network()
    if not sign_ins_only:
        from network.planner import refresh_statistics

        refresh_statistics()  # after a bulk load, so the planner knows the tables' sizes
    click.echo(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD})")
    for email, role, office in sign_ins:
        click.echo(f"  {email:28} {role:22} {office}")
    click.echo("Secretariat accounts also need a security code: run "
               "`.venv/bin/network users totp-code` for the current one.\n")


def _generate(scale: float, seed: int) -> None:
    """`network demo --scale`: build the generated network and say what it built."""
    import time

    from network import scale as generator

    started = time.perf_counter()
    try:
        built = generator.generate(scale, seed)
    except generator.NotEmpty as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Built the generated network at scale {scale:g} (seed {seed}) in "
               f"{time.perf_counter() - started:.1f} s:")
    for kind, count in built.items():
        click.echo(f"  {kind.replace('_', ' '):22} {count:>8,}")


@click.group("users")
def users_group():
    """Manage people from the command line."""


@users_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", required=True, help="secretariat_admin, secretariat, member_lead, "
                                            "member_staff or observer.")
@click.option("--office", "office_slug", default=None, help="Office slug (member roles).")
@click.option("--job-title", default="", help="Job title.")
@with_appcontext
def users_add(email, name, role, office_slug, job_title):
    """Add a person with a password from NETWORK_PASSWORD or a prompt."""
    from network.members import cli_users

    password = os.environ.get("NETWORK_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    try:
        person, uri = cli_users.add_user(email, name, role, office_slug, job_title, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {person.email} as {person.role.label}.")
    if uri:
        click.echo("Add this to an authenticator app (secretariat roles sign in with a code):")
        click.echo(uri)


@users_group.command("totp-code")
@click.argument("email", required=False)
@with_appcontext
def users_totp_code(email):
    """Print the current security code of an account (development only)."""
    from network.members import cli_users

    if _current_app().config["ENV_NAME"] == "production":
        raise click.ClickException("Not available in production.")
    try:
        click.echo(cli_users.current_code(email))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("mail")
def mail_group():
    """The email outbox."""


@mail_group.command("deliver")
@with_appcontext
def mail_deliver():
    """Send the pending emails that are due (retries wait their back-off); exit 1 on a failure."""
    from network.email import deliver_pending

    sent, failed = deliver_pending()
    click.echo(f"{sent} sent, {failed} failed")
    if failed:
        raise SystemExit(1)


@click.group("elections")
def elections_group():
    """Network elections."""


@elections_group.command("verify-log")
@click.argument("election_id", type=int)
@with_appcontext
def elections_verify_log(election_id: int):
    """Check the hash chain of an election's log."""
    from network.extensions import db
    from network.governance.elections.models import Election
    from network.governance.voting.log import verify

    if db.session.get(Election, election_id) is None:
        raise click.ClickException(f"No election {election_id}")
    ok, message = verify(election_id)
    click.echo(("OK: " if ok else "BROKEN: ") + message)
    if not ok:
        raise SystemExit(1)


@click.group("papers")
def papers_group():
    """Papers' stored files."""


@papers_group.command("read-text")
@with_appcontext
def papers_read_text():
    """Read the text of PDF and Word papers stored without it, so search finds them."""
    from network.workplan.items.services import read_missing_paper_text

    read, empty = read_missing_paper_text()
    click.echo(f"Read the text of {read} paper versions; {empty} have no text to read")


@papers_group.command("copy-storage")
@click.argument("source", type=click.Choice(["local", "database"]))
@click.argument("target", type=click.Choice(["local", "database"]))
@with_appcontext
def papers_copy_storage(source: str, target: str):
    """Copy every stored file (papers, packs, export zips) from one storage backend to the
    other, e.g. `local database` before a second instance starts (docs/deploy.md)."""
    from network.workplan import storage

    if source == target:
        raise click.UsageError("Name two different backends")
    copied, kept = storage.copy_all(source, target)
    click.echo(f"Copied {copied} stored files from {source} to {target}; {kept} were there")


@click.group("records")
def records_group():
    """The whole record: hand-over export and restore."""


@records_group.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@with_appcontext
def records_export(directory: str):
    """Write the whole record to a new DIRECTORY (refused if it exists)."""
    from network.errors import DomainError
    from network.records import services as records_service

    try:
        manifest = records_service.export_from_cli(directory)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(records_service.summary(manifest, directory))


@records_group.command("import")
@click.argument("directory", type=click.Path(file_okay=False))
@with_appcontext
def records_import(directory: str):
    """Rebuild the portal from an export DIRECTORY into this empty, migrated database."""
    from network.errors import DomainError
    from network.records import services as records_service

    try:
        counts = records_service.import_from_cli(directory)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Restored {sum(counts.values()):,} rows in {len(counts)} tables from {directory}")


@click.group("scheduler", invoke_without_command=True)
@click.pass_context
def scheduler_group(ctx):
    """Run the scheduled jobs until stopped (one process in production); or list them, or run
    one as if at a given time."""
    if ctx.invoked_subcommand is not None:
        return
    current_app = _current_app()
    with current_app.app_context():
        from network.digest.scheduler import build_scheduler

        scheduler = build_scheduler(current_app._get_current_object())
        click.echo("Scheduler running: " + ", ".join(job.id for job in scheduler.get_jobs()))
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            click.echo("Scheduler stopped")


@scheduler_group.command("list")
@with_appcontext
def scheduler_list():
    """The jobs, when each runs, and what it does."""
    from network.digest.scheduler import JOBS

    for job in JOBS:
        click.echo(f"{job.id:20} {job.schedule():32} {job.description}")


def _parse_at(value: str | None):
    from datetime import datetime

    from network import time as network_time

    if not value:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        return network_time.at(moment.date(), moment.hour, moment.minute)
    raise click.BadParameter('give a local time like "2027-03-01 07:00"', param_hint="--at")


@scheduler_group.command("run-once")
@click.argument("job_id")
@click.option("--at", "at_text", default=None,
              help='Run as if at this local time, e.g. "2027-03-01 07:00".')
@click.option("--deliver", is_flag=True, help="Then deliver the outbox and say what was sent.")
@with_appcontext
def scheduler_run_once(job_id: str, at_text: str | None, deliver: bool):
    """Run one job now (or as if at --at) and print what it queued."""
    from network.digest.scheduler import BY_ID, run_once
    from network.email import deliver_pending

    if job_id not in BY_ID:
        raise click.BadParameter(f"no job {job_id!r}; jobs: {', '.join(BY_ID)}",
                                 param_hint="JOB")
    at = _parse_at(at_text)
    summary, queued = run_once(job_id, at)
    click.echo(summary)
    click.echo(f"{len(queued)} emails queued")
    for row in queued:
        extra = f" [{row.ics_method} .ics]" if row.ics_method else ""
        click.echo(f"  {row.to_address:34} {row.subject}{extra}")
    if deliver:
        sent, failed = deliver_pending(limit=100_000)
        click.echo(f"{sent} sent, {failed} failed")


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    app.cli.add_command(demo_command)
    app.cli.add_command(users_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(elections_group)
    app.cli.add_command(scheduler_group)
    app.cli.add_command(records_group)
    app.cli.add_command(papers_group)
    try:
        from network.governance.elections.cli import count_command
    except ImportError:  # the counting library is not installed in this build
        return
    app.cli.add_command(count_command)
