"""The `count` click command, invoked directly (it is registered into `network` elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from network.governance.elections.cli import count_command

REPO = Path(__file__).resolve().parents[3]
GLASGOW = REPO / "tests" / "data" / "glasgow-2007"
GOVAN = str(GLASGOW / "Govan-2007.blt")


def run(*args):
    """Invoke the command and return the click result."""
    return CliRunner().invoke(count_command, [str(a) for a in args])


def test_text_table_for_govan():
    result = run(GOVAN, "--method", "scottish-stv")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GOVAN Ward - scottish-stv, 4 seat(s)" in out
    assert "quota 1913" in out
    assert "Allison Hunter *" in out and "Carolina Perez " in out
    assert "1675.73560" in out and "2065.43220" in out
    assert "Elected: Allison Hunter, John Flanagan, Stephen Dornan, Shaukat Butt" in out


def test_json_output_shape():
    result = run(GOVAN, "--method", "scottish-stv", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"method", "seats", "quota", "elected", "stages"} <= data.keys()
    assert data["method"] == "scottish-stv" and data["seats"] == 4 and data["quota"] == "1913"
    assert data["elected"] == ["Allison Hunter", "John Flanagan", "Stephen Dornan",
                               "Shaukat Butt"]
    second = data["stages"][1]
    assert second["action"] == "transfer" and second["candidates"] == ["Allison Hunter"]
    assert second["votes"]["Shaukat Butt"] == "1412.45570"
    assert all(isinstance(v, str) for s in data["stages"] for v in s["votes"].values())
    assert len(data["stages"][0]["votes"]) == 11


def test_seats_default_to_the_file_and_can_be_overridden():
    assert json.loads(run(GOVAN, "--method", "fptp", "--json").output)["seats"] == 4
    data = json.loads(run(GOVAN, "--method", "fptp", "--seats", "1", "--json").output)
    assert data["seats"] == 1 and data["elected"] == ["Allison Hunter"]


def test_irv_from_file():
    result = run(GOVAN, "--method", "irv", "--seats", "1", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["elected"] == ["Allison Hunter"]


def test_seed_is_reproducible_and_recorded(tmp_path):
    blt = tmp_path / "tie.blt"
    blt.write_text('3 1\n2 1 0\n2 2 0\n1 3 0\n0\n"A"\n"B"\n"C"\n"Tie"\n')
    a = json.loads(run(blt, "--method", "fptp", "--seed", "abc", "--json").output)
    b = json.loads(run(blt, "--method", "fptp", "--seed", "abc", "--json").output)
    assert a == b and a["seed"] == "abc"
    assert a["stages"][0]["lots"][0]["among"] == ["A", "B"]
    assert json.loads(run(blt, "--method", "fptp", "--seed", "42", "--json").output)["seed"] == 42
    text = run(blt, "--method", "fptp", "--seed", "abc").output
    assert "Lot (" in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["missing.blt", "--method", "irv"], "does not exist"),
        ([GOVAN], "Missing option '--method'"),
        ([GOVAN, "--method", "borda"], "Invalid value for '--method'"),
        ([GOVAN, "--method", "irv", "--seats", "0"], "Invalid value for '--seats'"),
        ([GOVAN, "--method", "irv"], "irv fills exactly one seat"),
    ],
)
def test_bad_options_give_a_usage_error(args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_malformed_file_gives_a_clean_error(tmp_path):
    blt = tmp_path / "bad.blt"
    blt.write_text('2 1\n1 1 3 0\n0\n"A"\n"B"\n')
    result = run(blt, "--method", "scottish-stv")
    assert result.exit_code == 1
    assert "line 2: preference 3 is not a candidate" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_directory_is_refused(tmp_path):
    result = run(tmp_path, "--method", "fptp")
    assert result.exit_code == 2 and "is a directory" in result.output
