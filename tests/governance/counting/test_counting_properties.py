"""Property tests: conservation, order independence, IRV vs plurality, and a naive re-count."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.governance.elections.counting import Ballot, Election, count
from network.governance.elections.counting.ties import TieBreaker

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
PLACES = Decimal("0.00001")


@st.composite
def elections(draw, min_candidates=1, max_candidates=6, max_seats=4):
    """Small random elections: few candidates, grouped ballots with weights, some withdrawn."""
    n = draw(st.integers(min_candidates, max_candidates))
    ranking = st.permutations(range(n)).flatmap(
        lambda p: st.integers(1, n).map(lambda k: tuple(p[:k])))
    ballots = draw(st.lists(st.builds(Ballot, ranking, st.integers(1, 6)), max_size=12))
    withdrawn = draw(st.frozensets(st.integers(0, n - 1), max_size=max(0, n - 1)))
    seats = draw(st.integers(1, max_seats))
    return Election(tuple("ABCDEFGH"[:n]), seats, tuple(ballots), withdrawn)


@SETTINGS
@given(elections())
def test_stv_conservation_at_every_stage(election):
    result = count(election, "scottish-stv")
    previous_nt = previous_loss = Decimal(0)
    for stage in result.stages:
        total = sum(stage.votes.values(), Decimal(0))
        assert total + stage.non_transferable + stage.loss == result.valid
        assert stage.loss >= previous_loss >= 0
        assert stage.non_transferable >= previous_nt
        assert all(v >= 0 for v in stage.votes.values())
        previous_nt, previous_loss = stage.non_transferable, stage.loss
    assert len(result.elected) == min(result.seats, len(election.standing))
    assert len(set(result.elected)) == len(result.elected)


@SETTINGS
@given(elections(), st.randoms(use_true_random=False), st.sampled_from(["stv", "irv", "fptp"]))
def test_ballot_order_never_changes_the_result(election, rnd, which):
    method = {"stv": "scottish-stv", "irv": "irv", "fptp": "fptp"}[which]
    seats = 1 if method == "irv" else None
    shuffled = list(election.ballots)
    rnd.shuffle(shuffled)
    other = Election(election.candidates, election.seats, tuple(shuffled), election.withdrawn)
    assert (count(election, method, seats=seats).to_dict()
            == count(other, method, seats=seats).to_dict())


@SETTINGS
@given(elections(min_candidates=2, max_candidates=2), st.integers(0, 50))
def test_irv_with_two_candidates_equals_plurality(election, seed):
    election = Election(election.candidates, 1, election.ballots)
    irv = count(election, "irv", seed=seed)
    fptp = count(election, "fptp", seed=seed)
    first = irv.stages[0].votes
    if first["A"] != first["B"]:
        assert irv.elected == fptp.elected
        assert not irv.lots and not fptp.lots
    else:  # level: both methods must say the choice was made by lot
        assert irv.lots and fptp.lots


@SETTINGS
@given(elections(), st.integers(0, 3))
def test_stv_matches_a_naive_paper_by_paper_count(election, seed):
    fast = count(election, "scottish-stv", seed=seed)
    slow_elected, slow_stages = naive_scottish_stv(election, seed)
    assert fast.elected == slow_elected
    assert [(s.action, s.votes, s.non_transferable) for s in fast.stages] == slow_stages


@SETTINGS
@given(elections(), st.integers(0, 1000))
def test_same_seed_same_result(election, seed):
    for method in ("scottish-stv", "fptp"):
        assert count(election, method, seed=seed) == count(election, method, seed=seed)


def naive_scottish_stv(election: Election, seed: int):
    """Scottish STV kept deliberately simple: one object per paper, Decimal arithmetic."""
    names = election.candidates
    seats = election.seats
    papers = []  # [ranking, position, value]
    for ballot in election.ballots:
        prefs = tuple(p for p in ballot.prefs if p not in election.withdrawn)
        if prefs:
            papers.extend([list(prefs), 0, Decimal(1)] for _ in range(ballot.weight))
    valid = len(papers)
    quota = Decimal(valid // (seats + 1) + 1)
    state = dict.fromkeys(election.standing, "continuing")
    held_at_quota: set[int] = set()
    elected: list[int] = []
    pending: list[int] = []
    ties = TieBreaker(names, seed)
    stages = []

    def tally():
        votes = {c: Decimal(0) for c in election.standing}
        exhausted = Decimal(0)
        for prefs, pos, value in papers:
            if pos is None:
                exhausted += value
            else:
                votes[prefs[pos]] += value
        for c in held_at_quota:
            votes[c] = quota
        return votes, exhausted

    def move_on(paper):
        pos = paper[1] + 1
        while pos < len(paper[0]) and state[paper[0][pos]] != "continuing":
            pos += 1
        paper[1] = pos if pos < len(paper[0]) else None

    def finish_stage(action):
        votes, exhausted = tally()
        new = sorted((c for c in election.standing
                      if state[c] == "continuing" and votes[c] >= quota),
                     key=lambda c: (-votes[c], c))
        for c in new:
            state[c] = "elected"
            elected.append(c)
            if votes[c] > quota:
                pending.append(c)
        fmt = {names[c]: v.quantize(PLACES) for c, v in votes.items()}
        stages.append((action, fmt, exhausted.quantize(PLACES)))
        ties.record([votes.get(c, Decimal(0)) for c in range(len(names))])

    finish_stage("first")
    while len(elected) < seats:
        cont = [c for c in election.standing if state[c] == "continuing"]
        if len(cont) <= seats - len(elected):
            for c in cont:
                state[c] = "elected"
            elected.extend(sorted(cont, key=lambda c: (-tally()[0][c], c)))
            if cont:
                finish_stage("elect-remaining")
            break
        votes, _ = tally()
        if pending:
            top = max(votes[c] for c in pending)
            cand, _ = ties.pick([c for c in pending if votes[c] == top], False, "surplus")
            pending.remove(cand)
            surplus = votes[cand] - quota
            for paper in papers:
                if paper[1] is not None and paper[0][paper[1]] == cand:
                    exact = Fraction(paper[2]) * Fraction(surplus) / Fraction(votes[cand])
                    paper[2] = Decimal(math.floor(exact * 10**5)).scaleb(-5)
                    move_on(paper)
            held_at_quota.add(cand)
            finish_stage("transfer")
        else:
            low = min(votes[c] for c in cont)
            cand, _ = ties.pick([c for c in cont if votes[c] == low], True, "exclude")
            state[cand] = "excluded"
            for paper in papers:
                if paper[1] is not None and paper[0][paper[1]] == cand:
                    move_on(paper)
            finish_stage("exclude")
    return tuple(names[c] for c in elected), stages
