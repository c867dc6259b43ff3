"""BLT reader and writer: real files, robustness, clear errors, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network.governance.elections.counting import (
    Ballot,
    BltError,
    Election,
    parse_blt,
    read_blt,
    write_blt,
)

REPO = Path(__file__).resolve().parents[3]
GLASGOW = REPO / "tests" / "data" / "glasgow-2007"


def test_reads_govan():
    election = read_blt(GLASGOW / "Govan-2007.blt")
    assert election.seats == 4
    assert len(election.candidates) == 11
    assert election.candidates[0] == "Shaukat Butt"
    assert election.title == "GOVAN Ward"
    assert election.ballots[0] == Ballot((0,), 369)
    assert election.ballots[1] == Ballot((0, 9), 6)
    assert sum(b.weight for b in election.ballots) == 9560
    assert election.withdrawn == frozenset()


def test_folds_runs_of_white_space_in_names():
    election = read_blt(GLASGOW / "Canal-2007.blt")
    assert "Ellen Hurcombe" in election.candidates
    assert "Kieran Wild" in election.candidates  # "Kieran  Wild " in the file


def test_withdrawn_line():
    election = parse_blt('3 1\n-2\n4 2 1 0\n0\n"A" "B" "C"\n"T"\n')
    assert election.withdrawn == frozenset({1})
    assert election.standing == (0, 2)
    assert election.ballots == (Ballot((1, 0), 4),)


def test_several_withdrawn_on_the_header_line():
    election = parse_blt('4 1 -1 -3\n1 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"T"\n')
    assert election.withdrawn == frozenset({0, 2})


def test_blank_lines_comments_and_names_on_one_line():
    text = (
        "\n# a comment line\n3 2   # three candidates, two seats\n\n"
        "2 1 2 0\n1 3 0 # trailing comment\n\n0\n"
        '"Ann  Jones" "Bob # Smith"\n  "Cy"\n"My   election"\n\n'
    )
    election = parse_blt(text)
    assert election.candidates == ("Ann Jones", "Bob # Smith", "Cy")
    assert election.title == "My election"
    assert election.ballots == (Ballot((0, 1), 2), Ballot((2,), 1))


def test_ballot_split_over_lines_and_missing_title():
    election = parse_blt('2 1\n3 1\n2 0\n0\n"A"\n"B"\n')
    assert election.ballots == (Ballot((0, 1), 3),)
    assert election.title == ""


def test_empty_ballot_is_kept_and_counted_as_invalid():
    election = parse_blt('2 1\n2 0\n1 1 0\n0\n"A"\n"B"\n"T"\n')
    assert election.ballots[0] == Ballot((), 2)
    _, empty = election.effective_ballots()
    assert empty == 2


def test_windows_line_endings():
    election = parse_blt('2 1\r\n1 1 0\r\n0\r\n"A" "B"\r\n"T"\r\n')
    assert election.candidates == ("A", "B") and election.title == "T"


def test_byte_order_mark_is_ignored():
    assert parse_blt('\ufeff1 1\n1 1 0\n0\n"A"\n"T"\n').candidates == ("A",)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "unexpected end of file"),
        ("x 2\n", 1, "expected the number of candidates"),
        ("3\n", 1, "expected the number of seats"),
        ("0 1\n0\n", 1, "at least 1"),
        ("2 0\n0\n", 1, "number of seats must be at least 1"),
        ("2 1\n-3\n0\n", 2, "withdrawn candidate 3"),
        ("2 1\n1 1 2\n", 2, "unexpected end of file"),
        ("2 1\n1 1 0\n", 2, "expected a ballot or the 0"),
        ('2 1\n1 1 3 0\n0\n"A"\n"B"\n', 2, "preference 3 is not a candidate"),
        ('2 1\n1 1 1 0\n0\n"A"\n"B"\n', 2, "ranked twice"),
        ('2 1\n1.5 1 0\n0\n"A"\n"B"\n', 2, "whole number"),
        ('2 1\n1 1 2=1 0\n0\n"A"\n"B"\n', 2, "equal preferences ('2=1') cannot be counted"),
        ('2 1\n1 1 - 0\n0\n"A"\n"B"\n', 2, "expected a candidate number"),
        ('2 1\n1 1 0\n"A"\n"B"\n', 3, "expected a ballot or 0"),
        ('2 1\n1 1 0\n0\n"A"\n', 4, "name of candidate 2"),
        ('2 1\n1 1 0\n0\n"A"\nB "p" "q"\n', 5, "name of candidate 2"),
        ('2 1\n1 1 0\n0\n"A"\n"A"\n', 5, "used twice"),
        ('2 1\n1 1 0\n0\n"A"\n"  "\n', 5, "is empty"),
        ('2 1\n1 1 0\n0\n"A"\n"B\n', 5, "unterminated"),
        ('2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"extra"\n', 7, "after the title"),
        ('2 1\n1 1 0\n0\n"A"\n"B"\nT "x"\n', 6, "after the title: 'x'"),
    ],
)
def test_malformed_input_raises_blt_error_with_line(text, line, fragment):
    with pytest.raises(BltError) as err:
        parse_blt(text)
    assert err.value.line == line
    assert fragment in str(err.value)
    assert str(err.value).startswith(f"line {line}: ")


def test_blt_error_is_a_value_error():
    assert issubclass(BltError, ValueError)


def test_non_utf8_file_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "latin.blt"
    path.write_bytes(b'1 1\n1 1 0\n0\n"\xff"\n"T"\n')
    assert read_blt(path).candidates == ("\xff",)


@pytest.mark.parametrize("path", sorted(GLASGOW.glob("*.blt")), ids=lambda p: p.stem)
def test_glasgow_round_trip(path):
    election = read_blt(path)
    again = parse_blt(write_blt(election))
    assert again.candidates == election.candidates
    assert again.title == election.title
    assert again.seats == election.seats
    assert again.grouped() == election.grouped()
    assert len(again.ballots) <= len(election.ballots)


def test_writer_groups_identical_ballots_and_keeps_withdrawn():
    election = Election(
        ("A", "B", "C"), 2, (Ballot((0, 1)), Ballot((2,)), Ballot((0, 1), 3)), {1}, "T"
    )
    text = write_blt(election)
    assert text == '3 2\n-2\n4 1 2 0\n1 3 0\n0\n"A"\n"B"\n"C"\n"T"\n'
    ungrouped = write_blt(election, group=False)
    assert parse_blt(ungrouped).ballots == election.ballots


def test_writer_refuses_quotes_in_names():
    with pytest.raises(ValueError, match="quote"):
        write_blt(Election(('Say "hi"',), 1, ()))


names = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=8).filter(lambda s: s.strip())


@st.composite
def elections(draw):
    """Small random elections, with weights and withdrawn candidates."""
    cands = draw(st.lists(names, min_size=1, max_size=6, unique_by=lambda s: " ".join(s.split())))
    n = len(cands)
    ballots = draw(st.lists(st.builds(
        Ballot,
        st.permutations(range(n)).flatmap(lambda p: st.integers(0, n).map(lambda k: p[:k])),
        st.integers(1, 20),
    ), max_size=15))
    withdrawn = draw(st.frozensets(st.integers(0, n - 1)))
    return Election(tuple(cands), draw(st.integers(1, 4)), tuple(ballots), withdrawn, "t  x")


@settings(max_examples=100, deadline=None)
@given(elections())
def test_round_trip_property(election):
    again = parse_blt(write_blt(election, group=False))
    assert again == election
    assert parse_blt(write_blt(election)).grouped() == election.grouped()
