"""BLT files as councils and collectors publish them: unquoted names, parties, CSV quoting,
comments, line ends, byte-order marks, Latin-1 and mojibake; and equal preferences refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from network.governance.elections.cli import count_command
from network.governance.elections.counting import (
    BltError,
    Election,
    count,
    parse_blt,
    read_blt,
    write_blt,
)

DIALECTS = next(p for p in Path(__file__).resolve().parents if p.name == "tests") / "data" / (
    "blt-dialects")
NAMES = ("Yvonne ALDER", "Callum BIRCH", "René CEDAR", "Billy DAWSON")
PARTIES = ("Scottish Labour Party", "Scottish National Party (SNP)", "Scottish Green Party",
           "Independent")
BALLOTS = "4 2\n12 1 2 0\n9 2 1 3 0\n7 3 4 0\n5 4 3 1 0\n3 3 0\n1 0\n0\n"


def with_names(section: str) -> Election:
    """Parse the shared ballots followed by `section`."""
    return parse_blt(BALLOTS + section)


def test_unquoted_names_and_title():
    election = read_blt(DIALECTS / "unquoted.blt")
    assert election.candidates == ("Yvonne ALDER (Lab)", "Callum BIRCH (SNP)",
                                   "René CEDAR (Grn)", "Billy DAWSON (Ind)")
    assert election.title == "Ward 1 - Example"
    assert election.parties == ()


def test_unquoted_names_with_a_quoted_title():
    election = read_blt(DIALECTS / "unquoted-names-quoted-title.blt")
    assert election.candidates[0] == "Yvonne ALDER (Lab)"
    assert election.title == "Ward 1 - Example, North & South"


def test_quoted_party_after_each_name():
    election = read_blt(DIALECTS / "quoted-party.blt")
    assert election.candidates == NAMES
    assert election.parties == PARTIES
    assert election.title == "Ward 1 - Example"


def test_spreadsheet_csv_quoting_of_name_and_party():
    election = read_blt(DIALECTS / "csv-name-party.blt")
    assert election.candidates == NAMES
    assert election.parties == PARTIES
    assert election.title == "Ward 1 - Example"


def test_spreadsheet_csv_quoting_of_quoted_name_party_and_title():
    election = read_blt(DIALECTS / "csv-quoted-name-party.blt")
    assert election.candidates == NAMES
    assert election.parties == PARTIES
    assert election.title == "Ward 1 - Example"


def test_party_abbreviation_before_the_name():
    election = read_blt(DIALECTS / "csv-party-name.blt")
    assert election.candidates == NAMES
    assert election.parties == ("Lab", "SNP", "Grn", "Ind")


@pytest.mark.parametrize("path", sorted(DIALECTS.glob("*.blt")), ids=lambda p: p.stem)
def test_every_dialect_counts_the_same(path):
    reference = read_blt(DIALECTS / "quoted.blt")
    election = read_blt(path)
    assert election.ballots == reference.ballots and election.seats == 2
    result = count(election, "scottish-stv")
    assert [name.split(" (")[0] for name in result.elected] == ["René CEDAR", "Yvonne ALDER"]
    again = parse_blt(write_blt(election))
    assert again == election  # our writer's output reads back, parties included


def test_cli_counts_an_unquoted_file():
    result = CliRunner().invoke(count_command, [str(DIALECTS / "unquoted.blt"), "--method",
                                                "scottish-stv", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Ward 1 - Example" and data["quota"] == "13"
    assert data["elected"] == ["René CEDAR (Grn)", "Yvonne ALDER (Lab)"]


def test_several_quoted_names_on_a_line_are_still_names():
    election = with_names('"A" "B"\n"C" "D" "T"\n')
    assert election.candidates == ("A", "B", "C", "D") and election.title == "T"
    assert election.parties == ()


def test_mixed_quoted_and_unquoted_names_one_per_line():
    election = with_names('"A"\nB\n"C" "Party C"\nD # comment\nTitle\n')
    assert election.candidates == ("A", "B", "C", "D")
    assert election.parties == ("", "", "Party C", "")
    assert election.title == "Title"


def test_names_without_a_title():
    assert with_names("A\nB\nC\nD\n").title == ""


def test_crlf_byte_order_mark_and_hash_comments(tmp_path):
    text = ("# exported by hand\r\n" + BALLOTS.replace("\n", "   # a ballot\r\n")
            + "Yvonne ALDER   # first\r\n\r\nCallum BIRCH\r\nRené CEDAR\r\nBilly DAWSON\r\n"
            "Ward 1 - Example\r\n")
    path = tmp_path / "crlf.blt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    election = read_blt(path)
    assert election.candidates == NAMES and election.title == "Ward 1 - Example"
    assert election.ballots == read_blt(DIALECTS / "quoted.blt").ballots


def test_old_mac_line_ends():
    assert parse_blt('1 1\r1 1 0\r0\r"A"\r"T"\r').candidates == ("A",)


def test_droop_block_comments_keep_line_numbers():
    election = parse_blt('/* Droop\n comment */ 2 1\n1 1 /* inline */ 2 0\n0\n"A" "B"\n"T"\n')
    assert election.candidates == ("A", "B") and election.ballots[0].prefs == (0, 1)
    assert parse_blt('1 1\n1 1 0\n0\n"A /* not a comment */"\n').candidates == (
        "A /* not a comment */",)
    with pytest.raises(BltError) as err:
        parse_blt("1 1\n1 1 0\n/* never closed\n0\n")
    assert err.value.line == 3 and "unterminated /* comment" in str(err.value)
    with pytest.raises(BltError) as err:
        parse_blt('/*\n*/\n2 1\n1 1 3 0\n0\n"A" "B"\n')
    assert err.value.line == 4  # lines inside a comment still count


def test_latin1_and_windows_1252_files(tmp_path):
    path = tmp_path / "latin1.blt"
    path.write_bytes(b"2 1\n1 1 0\n0\nRen\xe9e CEDAR\nSe\xe1n O\x92BRIEN\nS\xe3o Tom\xe9\n")
    election = read_blt(path)
    assert election.candidates == ("Renée CEDAR", "Seán O\u2019BRIEN")
    assert election.title == "São Tomé"


def test_utf16_with_byte_order_mark(tmp_path):
    path = tmp_path / "utf16.blt"
    path.write_bytes('1 1\r\n1 1 0\r\n0\r\n"Zoë"\r\n"T"\r\n'.encode("utf-16"))
    assert read_blt(path).candidates == ("Zoë",)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Peter Ã“ DONNGHAILE", "Peter Ó DONNGHAILE"),  # UTF-8 read as Windows-1252
        ("RenÃ©e CEDAR", "Renée CEDAR"),
        ("RenÃƒÂ©e CEDAR", "Renée CEDAR"),  # twice over
        ("Labour and Coâ€\u2018operative", "Labour and Co\u2011operative"),
        ("Ren\u00c3\u00a9e \u00c3\u0081ine", "Renée Áine"),  # read as Latin-1 (C1 control)
    ],
)
def test_doubly_encoded_utf8_names_are_repaired(written, meant):
    election = with_names(f'"{written}" "{written}"\nB\nC\nD\n"{written}"\n')
    assert election.candidates[0] == meant
    assert election.parties[0] == meant and election.title == meant


@pytest.mark.parametrize("name", ["São Tomé", "Ã alone", "O\ufffdBRIEN", "Zoë Åsa Ñ", "Łukasz"])
def test_real_accents_are_left_alone(name):
    assert with_names(f'"{name}"\nB\nC\nD\n').candidates[0] == name


@pytest.mark.parametrize("method", ["fptp", "irv", "scottish-stv"])
def test_equal_preferences_are_refused_clearly(tmp_path, method):
    path = tmp_path / "equal.blt"
    path.write_text('3 1\n4 1 0\n2 2=3 1 0\n0\n"A"\n"B"\n"C"\n"T"\n')
    with pytest.raises(BltError) as err:
        read_blt(path)
    assert err.value.line == 3
    assert "equal preferences ('2=3') cannot be counted" in str(err.value)
    result = CliRunner().invoke(count_command, [str(path), "--method", method])
    assert result.exit_code == 1
    assert "line 3: equal preferences ('2=3') cannot be counted" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("section", "line", "fragment"),
    [
        ("A\nB\nC\n", 11, "expected the name of candidate 4 of 4"),
        ('"A" "B"\n"C"\n', 10, "expected the name of candidate 4 of 4"),
        ('A\nB "p" "q"\nC\nD\n', 10, "expected the name of candidate 2, optionally followed"),
        ('A\nB "party" more\nC\nD\n', 10, "expected the name of candidate 2"),
        ("A\nB\nC\nD\nT\nextra\n", 14, "unexpected text after the title: 'extra'"),
        ('A\nB\nC\nD\n"T" "extra"\n', 13, "unexpected text after the title: 'extra'"),
        ('A\nB\nC\n"D\n', 12, "unterminated quoted name"),
        ("A\nA\nC\nD\n", 10, "used twice"),
    ],
)
def test_names_section_errors_have_line_numbers(section, line, fragment):
    with pytest.raises(BltError) as err:
        with_names(section)
    assert err.value.line == line
    assert fragment in str(err.value)


def test_writer_output_without_parties_is_unchanged():
    election = read_blt(DIALECTS / "unquoted.blt")
    assert write_blt(election).endswith('0\n"Yvonne ALDER (Lab)"\n"Callum BIRCH (SNP)"\n'
                                        '"René CEDAR (Grn)"\n"Billy DAWSON (Ind)"\n'
                                        '"Ward 1 - Example"\n')
    with_parties = write_blt(read_blt(DIALECTS / "csv-name-party.blt"))
    assert '"Yvonne ALDER" "Scottish Labour Party"\n' in with_parties


def test_parties_must_match_the_candidates():
    with pytest.raises(ValueError, match="one per candidate"):
        Election(("A", "B"), 1, (), parties=("X",))
