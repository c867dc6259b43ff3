"""`network count`: re-count an election from a BLT file of anonymised ballots."""

from __future__ import annotations

import json
from pathlib import Path

import click

from network.governance.elections.counting import METHODS, BltError, count, format_result, read_blt


def _seed(value: str) -> int | str:
    """Seeds that look like whole numbers are used as ints, anything else as a string."""
    try:
        return int(value)
    except ValueError:
        return value


@click.command("count")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(list(METHODS)), required=True,
              help="Counting method.")
@click.option("--seats", type=click.IntRange(min=1), default=None,
              help="Seats to fill (default: the number in the file).")
@click.option("--seed", default="0", show_default=True,
              help="Seed for drawing lots; the same seed always draws the same lots.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def count_command(file: Path, method: str, seats: int | None, seed: str, as_json: bool) -> None:
    """Count the ballots in FILE (BLT format) and print the stage-by-stage result."""
    try:
        election = read_blt(file)
    except BltError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"{file}: {exc.strerror or exc}") from None
    try:
        result = count(election, method, seats=seats, seed=_seed(seed))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_result(result), nl=False)
