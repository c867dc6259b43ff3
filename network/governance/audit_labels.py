"""How the audit log words governance's actions, objects and fields (registered into
network/audit_display.py; imported by network/models.py)."""

from __future__ import annotations

from network import audit_display as words
from network.governance.constitution.decision_rules import DecisionType
from network.governance.constitution.models import (
    Amendment,
    AmendmentStatus,
    ChangeKind,
    ConstitutionVersion,
)
from network.governance.decisions.models import Decision
from network.governance.elections.models import Election, Method, Nomination
from network.governance.motions.models import Motion, MotionMethod

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
    "constitution.established": "Established the Constitution (version 1)",
    "constitution.version_adopted": "Adopted a new version of the Constitution",
    "constitution.version_superseded": "Superseded a version of the Constitution",
    "amendment.drafted": "Drafted an amendment to the Constitution",
    "amendment.updated": "Changed an amendment's title, explanation or date",
    "amendment.change_added": "Added a change to an amendment",
    "amendment.change_removed": "Removed a change from an amendment",
    "amendment.proposed": "Proposed an amendment",
    "amendment.seconded": "Seconded an amendment",
    "amendment.rebased": "Rebased an amendment on the version in force",
    "amendment.withdrawn": "Withdrew an amendment",
    "amendment.put": "Put an amendment to a motion",
    "amendment.adopted": "Adopted an amendment",
    "amendment.rejected": "Recorded that an amendment was rejected",
})

words.register_object_type("election", "Election", Election, "elections.detail",
                           lambda e: {"election_id": e.id})
words.register_object_type("nomination", "Nomination", Nomination, "elections.detail",
                           lambda n: {"election_id": n.election_id})
words.register_object_type("decision", "Decision", Decision, "decisions.detail",
                           lambda d: {"decision_id": d.id}, label=lambda d: d.reference)

words.register_object_type("constitution_version", "Version of the Constitution",
                           ConstitutionVersion, "constitution.version",
                           lambda v: {"number": v.number}, label=lambda v: v.label)
words.register_object_type("amendment", "Amendment to the Constitution", Amendment,
                           "constitution.amendment", lambda a: {"amendment_id": a.id},
                           label=lambda a: a.reference)

words.register_fields(
    labels={"statement_word_limit": "Statement word limit", "term_limit": "Term limit",
            "scrutineer_office_id": "Scrutineer office", "words": "Statement",
            "seed": "Seed for drawing lots", "reason": "Reason",
            "effective_from": "In force from", "rules": "Decision rules",
            "base_version": "Based on version", "explanation": "Explanation",
            "clause_key": "Clause", "proposer_office_id": "Proposer office",
            "seconder_office_id": "Seconder office", "decision_id": "Decision",
            "motion_id": "Motion", "number": "Number", "kind": "Change"},
    references={"scrutineer_office_id": "office", "proposer_office_id": "office",
                "seconder_office_id": "office"},
    enums={("election", "method"): Method, ("amendment", "status"): AmendmentStatus,
           ("amendment", "kind"): ChangeKind},
)

# motions (governance/motions): drafting, the vote's steps and the declared result
words.register_actions({
    "motion.created": "Drafted a motion",
    "motion.updated": "Changed a draft motion",
    "motion.withdrawn": "Withdrew a motion",
    "amendment.motion_withdrawn": "Withdrew the motion an amendment was put to",
    "motion.put_to_vote": "Put a motion to a vote in writing",
    "motion.vote_opened": "Opened the vote on a motion",
    "motion.vote_cast": "Cast their office's vote on a motion",
    "motion.roll_call_recorded": "Recorded the roll call on a motion",
    "motion.declared": "Declared the result of a motion",
})
words.register_object_type("motion", "Motion", Motion, "motions.detail",
                           lambda m: {"motion_id": m.id})
words.register_fields(
    labels={"decision_type": "Type of decision", "opens_at": "Voting opens",
            "closes_at": "Voting closes", "item_id": "Agenda item",
            "amendment_id": "Amendment", "rule": "Decision rule", "membership":
            "Member offices", "constitution_version": "Version of the Constitution",
            "sentence": "Arithmetic", "result": "Result", "choice": "Vote"},
    enums={("motion", "decision_type"): DecisionType, ("motion", "method"): MotionMethod},
)
