"""Hand-made cases for Scottish STV, IRV and FPTP, worked out on paper."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from network.governance.elections.counting import Ballot, Election, count, format_result

D = Decimal


def election(seats, spec, names="ABCDE", withdrawn="", title=""):
    """Build an election from [("ABC", weight), ...] with one-letter candidate names."""
    idx = {c: i for i, c in enumerate(names)}
    ballots = tuple(Ballot(tuple(idx[c] for c in prefs), w) for prefs, w in spec)
    return Election(tuple(names), seats, ballots, frozenset(idx[c] for c in withdrawn), title)


def votes(stage):
    """A stage's votes as {name: Decimal}."""
    return dict(stage.votes)


# ---------------------------------------------------------------- Scottish STV


def test_surplus_arising_from_a_transfer_uses_every_paper_at_its_value():
    # quota = 20 // 4 + 1 = 6. A's surplus 4 over 10 papers: 0.4 each, B reaches 8.
    # B's surplus 2 of 8: papers of value 1 become 0.25, papers of value 0.4 become 0.1,
    # so C receives 4 x 0.25 + 10 x 0.1 = 2.
    result = count(election(3, [("ABC", 10), ("BC", 4), ("C", 2), ("D", 4)], "ABCD"),
                   "scottish-stv")
    assert result.quota == 6
    _, s2, s3, s4, s5 = result.stages
    assert votes(s2) == {"A": D("6.00000"), "B": D("8.00000"), "C": D("2.00000"),
                         "D": D("4.00000")}
    assert s2.transfer_value == D("0.40000") and s2.elected == ("B",)
    assert votes(s3)["C"] == D("4.00000") and s3.candidates == ("B",)
    # C and D level on 4: at stage 2 C had 2, D 4, so C is excluded (rule 51(2)(a))
    assert s4.action == "exclude" and s4.candidates == ("C",)
    assert "earlier stage" in s4.description and not s4.lots
    assert s5.action == "elect-remaining" and s5.elected == ("D",)
    assert result.elected == ("A", "B", "D")


def test_transfer_value_is_truncated_to_five_places_and_the_loss_is_kept():
    # quota 6; A has 7, surplus 1: 7 papers at trunc(1/7) = 0.14285 -> B gets 0.99995
    result = count(election(2, [("AB", 7), ("BC", 3), ("C", 2), ("D", 4)], "ABCD"),
                   "scottish-stv")
    s2 = result.stages[1]
    assert s2.transfer_value == D("0.14285")
    assert votes(s2)["B"] == D("3.99995")
    assert s2.loss == D("0.00005")
    assert sum(s2.votes.values()) + s2.non_transferable + s2.loss == result.valid


def test_exact_quota_gives_no_surplus_stage():
    # quota = 9 // 3 + 1 = 4: A has exactly 4, so nothing is transferred from A
    result = count(election(2, [("AB", 4), ("B", 2), ("C", 3)], "ABC"), "scottish-stv")
    assert result.stages[0].elected == ("A",)
    assert all(s.action != "transfer" for s in result.stages)
    assert result.stages[1].action == "exclude" and result.stages[1].candidates == ("B",)
    assert votes(result.stages[1])["A"] == D("4.00000")  # A's papers never moved
    assert result.elected == ("A", "C")


def test_largest_surplus_first_and_equal_surpluses_by_earlier_stage():
    # quota = 26 // 3 + 1 = 9. A 10, B 10 (equal surpluses) at stage 1: no earlier stage,
    # so a lot decides; the drawing is recorded.
    spec = [("AC", 10), ("BD", 10), ("C", 3), ("D", 3)]
    result = count(election(2, spec, "ABCD"), "scottish-stv", seed=7)
    assert result.elected == ("A", "B")  # both elected at stage 1; count ends, no transfer
    assert len(result.stages) == 1 and result.lots == ()
    # with three seats the surpluses must be transferred, and the equal pair needs a lot
    result = count(election(3, spec, "ABCD"), "scottish-stv", seed=7)
    lot = result.stages[1].lots[0]
    assert lot.reason == "which equal surplus first" and lot.among == ("A", "B")
    assert result.stages[1].candidates == (lot.chosen,)


def test_exclusion_tie_by_lot_is_reproducible_and_recorded():
    spec = [("A", 5), ("B", 5), ("C", 2), ("D", 2)]
    outcomes = set()
    for seed in range(8):
        a = count(election(1, spec, "ABCD"), "scottish-stv", seed=seed)
        b = count(election(1, spec, "ABCD"), "scottish-stv", seed=seed)
        assert a.to_dict() == b.to_dict()
        excluded = a.stages[1].candidates[0]
        assert a.stages[1].lots[0].among == ("C", "D")
        assert a.stages[1].lots[0].chosen == excluded
        outcomes.add(excluded)
        assert "lot" in a.stages[1].description
    assert outcomes == {"C", "D"}  # both outcomes occur for some seed


def test_string_seed_is_deterministic():
    spec = [("A", 1), ("B", 1), ("C", 1)]
    results = {count(election(1, spec, "ABC"), "scottish-stv", seed="ward-7").elected
               for _ in range(3)}
    assert len(results) == 1


def test_zero_vote_candidates_are_excluded_one_per_stage():
    result = count(election(1, [("AB", 3), ("B", 2)], "ABCD"), "scottish-stv")
    # quota = 5 // 2 + 1 = 3: A is elected at once; the zero-vote candidates never matter
    assert result.elected == ("A",) and len(result.stages) == 1
    result = count(election(2, [("A", 4), ("B", 3), ("C", 2)], "ABCDE"), "scottish-stv")
    excluded = [s.candidates[0] for s in result.stages if s.action == "exclude"]
    assert set(excluded[:2]) == {"D", "E"}  # zero votes: lot between them, one at a time
    assert len(result.stages[1].lots) == 1
    assert result.elected == ("A", "B")


def test_all_ballots_exhausting():
    # everyone plumps for one candidate; nothing transfers
    result = count(election(2, [("A", 5), ("B", 3), ("C", 2), ("D", 1)], "ABCD"),
                   "scottish-stv")
    assert result.quota == 4
    assert result.stages[0].elected == ("A",)
    last = result.stages[-1]
    # A's surplus (5 papers at 0.2), then D's 1 and C's 2 all exhaust
    assert [s.action for s in result.stages] == [
        "first", "transfer", "exclude", "exclude", "elect-remaining"]
    assert last.non_transferable == D("4.00000") and last.loss == 0
    assert result.elected == ("A", "B")


def test_fewer_candidates_than_seats():
    result = count(election(3, [("AB", 2), ("B", 1)], "AB"), "scottish-stv")
    assert set(result.elected) == {"A", "B"}
    assert len(result.elected) == 2 < result.seats
    assert "Unfilled seats: 1" in format_result(result)


def test_single_candidate():
    result = count(election(1, [("A", 3)], "A"), "scottish-stv")
    assert result.elected == ("A",) and result.quota == 2
    result = count(election(1, [], "A"), "scottish-stv")
    assert result.elected == ("A",) and result.valid == 0
    assert result.stages[-1].action == "elect-remaining"


def test_withdrawn_candidate_is_skipped_in_every_preference():
    spec = [("BA", 4), ("BC", 3), ("C", 2), ("B", 1)]
    result = count(election(1, spec, "ABC", withdrawn="B"), "scottish-stv")
    assert "B" not in result.stages[0].votes
    assert votes(result.stages[0]) == {"A": D("4.00000"), "C": D("5.00000")}
    assert result.invalid == 1 and result.valid == 9
    assert result.withdrawn == ("B",)
    assert result.elected == ("C",)


def test_elected_order_follows_stages_then_votes():
    spec = [("A", 9), ("B", 11), ("CA", 3), ("D", 1)]
    result = count(election(2, spec, "ABCD"), "scottish-stv")
    assert result.elected == ("B", "A")


def test_seats_override():
    e = election(1, [("A", 4), ("B", 3), ("C", 2)], "ABC")
    assert count(e, "scottish-stv", seats=2).seats == 2
    assert len(count(e, "scottish-stv", seats=2).elected) == 2


def test_to_dict_is_json_with_decimal_strings():
    result = count(election(2, [("AB", 7), ("BC", 3), ("C", 2), ("D", 4)], "ABCD"),
                   "scottish-stv")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["method"] == "scottish-stv" and data["quota"] == "6"
    assert data["elected"] == ["A", "D"]
    stage = data["stages"][1]
    assert stage["action"] == "transfer" and stage["candidates"] == ["A"]
    assert stage["votes"]["B"] == "3.99995"
    assert stage["transfer_value"] == "0.14285"


def test_unknown_method_and_bad_seats():
    e = election(1, [("A", 1)], "A")
    with pytest.raises(ValueError, match="unknown method"):
        count(e, "borda")
    with pytest.raises(ValueError, match="seats"):
        count(e, "fptp", seats=0)


# ---------------------------------------------------------------- IRV


def test_irv_majority_at_first_stage():
    result = count(election(1, [("A", 6), ("B", 5)], "AB"), "irv")
    assert result.elected == ("A",) and len(result.stages) == 1


def test_irv_majority_is_of_continuing_votes_after_exhaustion():
    # A 4, B 3, C 2 (C's ballots exhaust). After C goes, A has 4 of 7 continuing votes.
    result = count(election(1, [("A", 4), ("B", 3), ("C", 2)], "ABC"), "irv")
    assert [s.action for s in result.stages] == ["first", "exclude"]
    assert result.stages[1].non_transferable == 2
    assert result.elected == ("A",)


def test_irv_exactly_half_is_not_a_majority():
    result = count(election(1, [("A", 4), ("B", 2), ("CB", 2)], "ABC"), "irv")
    # A has 4 of 8: not more than half; C excluded, B reaches 4 of 8; tie A/B at 4:
    # at stage 1 B had 2 < A's 4, so B is excluded and A wins with 8 of 8.
    assert result.stages[0].elected == ()
    assert result.stages[2].candidates == ("B",) and "earlier stage" in result.stages[2].description
    assert result.elected == ("A",)


def test_irv_all_exhausted_last_candidate_elected():
    result = count(election(1, [("A", 1), ("B", 1)], "ABC"), "irv", seed=3)
    assert len(result.elected) == 1
    assert result.lots  # C excluded first (zero votes), then A/B equal at every stage


def test_irv_refuses_several_seats():
    with pytest.raises(ValueError, match="one seat"):
        count(election(2, [("A", 1)], "AB"), "irv")


def test_irv_no_ballots_single_candidate():
    result = count(election(1, [], "A"), "irv")
    assert result.elected == ("A",)


# ---------------------------------------------------------------- FPTP


def test_plurality_uses_first_preferences_only():
    result = count(election(1, [("AB", 4), ("BA", 3), ("CB", 3)], "ABC"), "fptp")
    assert result.elected == ("A",) and result.quota is None
    assert votes(result.stages[0]) == {"A": 4, "B": 3, "C": 3}


def test_block_vote_counts_up_to_seats_marks():
    spec = [("ABC", 4), ("BC", 3), ("CA", 2), ("D", 5)]
    result = count(election(2, spec, "ABCD"), "fptp")
    assert votes(result.stages[0]) == {"A": 6, "B": 7, "C": 5, "D": 5}
    assert result.elected == ("B", "A")


def test_plurality_tie_by_lot_reproducible():
    spec = [("A", 3), ("B", 3), ("C", 1)]
    seen = set()
    for seed in range(10):
        r = count(election(1, spec, "ABC"), "fptp", seed=seed)
        assert r.to_dict() == count(election(1, spec, "ABC"), "fptp", seed=seed).to_dict()
        assert r.lots[0].among == ("A", "B") and r.elected == (r.lots[0].chosen,)
        seen.add(r.elected)
    assert seen == {("A",), ("B",)}


def test_block_vote_tie_for_last_seat_only():
    spec = [("AB", 5), ("C", 3), ("D", 3)]
    result = count(election(2, spec, "ABCD"), "fptp", seed=1)
    assert result.elected[0] in ("A", "B")
    assert "A" in result.elected and "B" in result.elected  # A and B both 5: no lot needed
    spec = [("A", 5), ("C", 3), ("D", 3)]
    result = count(election(2, spec, "ABCD"), "fptp", seed=1)
    assert result.elected[0] == "A" and result.lots[0].among == ("C", "D")


def test_fptp_withdrawn_and_fewer_candidates_than_seats():
    result = count(election(3, [("BA", 2)], "AB", withdrawn="B"), "fptp")
    assert result.elected == ("A",)
    assert "B" not in result.stages[0].votes


# ---------------------------------------------------------------- tie-breaking rule


def test_three_way_tie_narrows_stage_by_stage():
    from network.governance.elections.counting.ties import TieBreaker

    ties = TieBreaker("ABC", seed=0)
    ties.record([4, 6, 3])  # two stages back: C lowest
    ties.record([5, 5, 7])  # one stage back: A and B lowest, C out of it
    ties.record([8, 8, 8])  # now: all level
    assert ties.pick([0, 1, 2], lowest=True, reason="x") == (0, "earlier stage")  # A, not C
    assert ties.pick([0, 1, 2], lowest=False, reason="x") == (2, "earlier stage")  # C most
    assert ties.take_lots() == ()


def test_level_at_every_stage_draws_one_lot_among_all():
    from network.governance.elections.counting.ties import TieBreaker

    ties = TieBreaker("ABC", seed=5)
    ties.record([2, 2, 2])
    chosen, how = ties.pick([2, 0, 1], lowest=True, reason="why")
    assert how == "lot"
    (lot,) = ties.take_lots()
    assert lot.among == ("A", "B", "C") and lot.chosen == "ABC"[chosen] and lot.reason == "why"
