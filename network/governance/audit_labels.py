"""How the audit log words governance's actions, objects and fields (registered into
network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, Method, Nomination

words.register_actions({
    "election.created": "Set up an election",
    "election.updated": "Changed an election's timetable or rules",
    "election.published": "Published an election",
    "election.counted": "Counted the ballots",
    "election.declared": "Declared the result",
    "nomination.made": "Made a nomination",
    "nomination.proposer_confirmed": "Confirmed a nomination as proposer",
    "nomination.seconder_confirmed": "Confirmed a nomination as seconder",
    "nomination.accepted": "Accepted a nomination",
    "nomination.statement_changed": "Changed a candidate's statement",
    "nomination.withdrawn": "Withdrew a nomination",
    "ballot.cast": "Cast their office's vote",
    "decision.recorded": "Recorded a decision",
    "decision.superseded": "Recorded a decision that replaces an earlier one",
})

words.register_object_type("election", "Election", Election, "elections.detail",
                           lambda e: {"election_id": e.id})
words.register_object_type("nomination", "Nomination", Nomination, "elections.detail",
                           lambda n: {"election_id": n.election_id})
words.register_object_type("decision", "Decision", Decision, "decisions.detail",
                           lambda d: {"decision_id": d.id}, label=lambda d: d.reference)

words.register_fields(
    labels={"statement_word_limit": "Statement word limit", "term_limit": "Term limit",
            "scrutineer_office_id": "Scrutineer office", "words": "Statement",
            "seed": "Seed for drawing lots", "reason": "Reason"},
    references={"scrutineer_office_id": "office"},
    enums={("election", "method"): Method},
)
