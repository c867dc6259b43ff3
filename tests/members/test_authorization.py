"""Rule 2 of the house: every URL rule against every role, compared with an explicit table.

A new route without a row here fails `test_every_rule_has_a_row`; a row whose rule is gone
fails it too. The walk fills URL arguments from real objects, uses a fresh signed-in client
(and fresh target objects) for every request so one request's effects never leak into the next.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from network.extensions import db as _db
from network.members.models import Office, Person, Role
from tests.conftest import ROLES, sign_in_client
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    ApiTokenFactory,
    ContactFactory,
    CorrespondenceFactory,
    ElectionFactory,
    MeetingFactory,
    NominationFactory,
    OfficeFactory,
    PersonFactory,
    PolicyEntryFactory,
)

ANON = "anonymous"
WHO = [*ROLES, ANON]

# Expected status of a GET (or, for POST-only rules, a POST with no data) per role.
# 302 for the signed out on a page means "redirected to /sign-in"; 401 on /api/ means the
# JSON envelope. Secretariat officers are `sec`, member office leads `lead`, staff `staff`.
#                                admin  sec  lead staff  obs  anon
TABLE: dict[str, tuple[int, int, int, int, int, int]] = {
    "api-docs.openapi_json":     (200, 200, 200, 200, 200, 200),
    "health.healthz":            (200, 200, 200, 200, 200, 200),
    "pages.home":                (200, 200, 200, 200, 200, 302),
    "pages.accessibility":       (200, 200, 200, 200, 200, 200),
    "auth.sign_in":              (302, 302, 302, 302, 302, 200),
    "auth.verify":               (302, 302, 302, 302, 302, 302),
    "auth.enrol":                (302, 302, 302, 302, 302, 302),
    "auth.sign_out":             (302, 302, 302, 302, 302, 302),
    "auth.forgotten_password":   (200, 200, 200, 200, 200, 200),
    "auth.accept_invitation":    (200, 200, 200, 200, 200, 200),
    "auth.reset_password":       (200, 200, 200, 200, 200, 200),
    # signing in through an office's identity provider: the signed in go home; a callback
    # with no login behind it, or a choice of no provider, is refused for anyone
    "oidc.choose":               (302, 302, 302, 302, 302, 200),
    "oidc.chosen":               (302, 302, 302, 302, 302, 400),
    "oidc.callback":             (400, 400, 400, 400, 400, 400),
    "identity_providers.index":  (200, 403, 403, 403, 403, 302),
    "identity_providers.new":    (200, 403, 403, 403, 403, 302),
    "identity_providers.edit":   (200, 403, 403, 403, 403, 302),
    "identity_providers.remove": (302, 403, 403, 403, 403, 302),
    "offices.index":             (200, 200, 200, 200, 403, 302),
    "offices.new":               (200, 403, 403, 403, 403, 302),
    "offices.detail":            (200, 200, 200, 200, 403, 302),
    "offices.edit":              (200, 403, 403, 403, 403, 302),
    "people.index":              (200, 200, 403, 403, 403, 302),
    "people.invite":             (200, 403, 403, 403, 403, 302),
    "people.detail":             (200, 200, 200, 200, 403, 302),
    "people.change_role":        (200, 403, 200, 403, 403, 302),
    "people.deactivate":         (302, 403, 302, 403, 403, 302),
    "people.reactivate":         (302, 403, 302, 403, 403, 302),
    "people.resend_invitation":  (302, 403, 302, 403, 403, 302),
    "my_office.index":           (403, 403, 200, 200, 403, 302),
    "my_office.invite":          (403, 403, 200, 403, 403, 302),
    "my_office.voter":           (403, 403, 200, 403, 403, 302),
    "my_office.new_token":       (403, 403, 200, 403, 403, 302),
    "my_office.revoke_token":    (403, 403, 302, 403, 403, 302),
    "account.index":             (200, 200, 200, 200, 200, 302),
    "account.change_password":   (200, 200, 200, 200, 200, 302),
    "account.reenrol_totp":      (200, 200, 200, 200, 200, 302),
    "account.end_other_sessions": (302, 302, 302, 302, 302, 302),
    "audit.index":               (200, 403, 403, 403, 403, 302),
    "audit.export":              (200, 403, 403, 403, 403, 302),
    # a failed email; resending puts it back in the queue
    "outbox.index":              (200, 200, 403, 403, 403, 302),
    "outbox.resend":             (302, 302, 403, 403, 403, 302),
    "records.index":             (200, 403, 403, 403, 403, 302),
    "records.request_export":    (302, 403, 403, 403, 403, 302),
    "records.download":          (200, 403, 403, 403, 403, 302),
    "records.my_data":           (200, 200, 200, 200, 200, 302),
    "records.person_data":       (200, 200, 403, 403, 403, 302),
    # only a person who has left (deactivated) is erased, by an admin
    "records.erase":             (200, 403, 403, 403, 403, 302),
    # meetings invite every office but no observer here, so observers get 404 (no guessing)
    "meetings.index":            (200, 200, 200, 200, 200, 302),
    "meetings.new":              (200, 200, 403, 403, 403, 302),
    "meetings.detail":           (200, 200, 200, 200, 404, 302),
    "meetings.edit":             (200, 200, 403, 403, 404, 302),
    "meetings.open_for_items":   (302, 302, 403, 403, 404, 302),
    "meetings.held":             (302, 302, 403, 403, 404, 302),
    "meetings.cancel":           (200, 200, 403, 403, 404, 302),
    "items.index":               (200, 200, 200, 200, 403, 302),
    "papers.published":          (200, 200, 200, 200, 403, 302),
    "items.new":                 (200, 200, 200, 200, 404, 302),
    # the item was submitted by the lead's and staff's office and is not yet triaged
    "items.detail":              (200, 200, 200, 200, 404, 302),
    "items.edit":                (403, 403, 200, 200, 404, 302),
    "items.withdraw":            (403, 403, 302, 302, 404, 302),
    "items.triage":              (200, 200, 403, 403, 404, 302),
    # no direction given: a 400 for those who may move items
    "items.move":                (400, 400, 403, 403, 404, 302),
    # papers on the office's submitted item; the version is a stored PDF
    "papers.upload":             (200, 200, 200, 200, 404, 302),
    "papers.download":           (200, 200, 200, 200, 404, 302),
    # removing asks first (a confirmation page); only the secretariat may
    "papers.remove_version":     (200, 200, 403, 403, 404, 302),
    "papers.remove_paper":       (200, 200, 403, 403, 404, 302),
    # an open meeting checked before publication; the packs of a published one
    "publishing.publish":        (200, 200, 403, 403, 404, 302),
    "publishing.pack":           (200, 200, 200, 200, 404, 302),
    "publishing.agenda_docx":    (200, 200, 200, 200, 404, 302),
    # a published meeting whose pack is already queued: a 302 back with the message
    "publishing.rebuild_pack":   (302, 302, 403, 403, 404, 302),
    "attendance.rsvp":           (403, 403, 200, 200, 404, 302),
    # held meetings from here (approved for corrections)
    "attendance.record":         (200, 200, 403, 403, 404, 302),
    "attendance.declarations":   (200, 200, 403, 403, 404, 302),
    "minutes.show":              (200, 200, 200, 200, 404, 302),
    "minutes.minutes_pdf":       (200, 200, 200, 200, 404, 302),
    "minutes.minutes_docx":      (200, 200, 200, 200, 404, 302),
    "minutes.edit_item":         (200, 200, 403, 403, 404, 302),
    "minutes.circulate":         (302, 302, 403, 403, 404, 302),
    "minutes.recirculate":       (200, 200, 403, 403, 404, 302),
    "minutes.approve_previous":  (302, 302, 403, 403, 404, 302),
    "minutes.correct":           (200, 200, 403, 403, 404, 302),
    "calendar.meeting_ics":      (200, 200, 200, 200, 404, 302),
    "calendar.feed":             (200, 200, 200, 200, 200, 200),
    "digest.index":              (200, 200, 200, 200, 200, 302),
    "digest.next_html":          (200, 200, 200, 200, 200, 302),
    "digest.preference":         (200, 200, 200, 200, 200, 302),
    "digest.unsubscribe":        (200, 200, 200, 200, 200, 200),  # the signature is the key
    "calendar.manage":           (200, 200, 200, 200, 200, 302),
    "api_meetings.list_meetings": (200, 200, 200, 200, 200, 401),
    "api_meetings.get_meeting":  (200, 200, 200, 200, 404, 401),
    # writes need an office token; a browser session is no API credential for a write
    "api_meetings.submit_item":  (401, 401, 401, 401, 401, 401),
    "api_meetings.withdraw_item": (401, 401, 401, 401, 401, 401),
    # actions: one owned by the lead's and staff's office, recorded on its own
    "actions.index":             (200, 200, 200, 200, 403, 302),
    "actions.export_csv":        (200, 200, 200, 200, 403, 302),
    "actions.export_xlsx":       (200, 200, 200, 200, 403, 302),
    "actions.new":               (200, 200, 403, 403, 403, 302),
    "actions.detail":            (200, 200, 200, 200, 403, 302),
    "actions.update":            (200, 200, 200, 200, 403, 302),
    # the office's actions; PATCH needs the office's token (a session is no write credential)
    "api_actions.list_actions":  (200, 200, 200, 200, 403, 401),
    "api_actions.update_action": (401, 401, 401, 401, 401, 401),
    # the forward agenda (observers see the meetings they are invited to); plan entries on a
    # walk meeting: the network reads them, the secretariat manages them; observers get 404
    "forward.index":             (200, 200, 200, 200, 200, 302),
    "forward.calendar_ics":      (200, 200, 200, 200, 200, 302),
    "forward.new_entry":         (200, 200, 403, 403, 403, 302),
    "forward.entry":             (200, 200, 200, 200, 404, 302),
    "forward.edit_entry":        (200, 200, 403, 403, 404, 302),
    "forward.convert":           (200, 200, 403, 403, 404, 302),
    "forward.drop":              (302, 302, 403, 403, 404, 302),
    "annual.index":              (200, 200, 200, 200, 403, 302),
    "annual.export_xlsx":        (200, 200, 200, 200, 403, 302),
    "annual.export_pdf":         (200, 200, 200, 200, 403, 302),
    "api_forward.forward_agenda": (200, 200, 200, 200, 200, 401),
    # the Constitution: everyone signed in reads it (version 1 in force); /as-at and /compare
    # without their query go back to the pages that ask for it
    "constitution.index":        (200, 200, 200, 200, 200, 302),
    "constitution.as_at":        (302, 302, 302, 302, 302, 302),
    "constitution.versions":     (200, 200, 200, 200, 200, 302),
    "constitution.version":      (200, 200, 200, 200, 200, 302),
    "constitution.version_pdf":  (200, 200, 200, 200, 200, 302),
    "constitution.version_docx": (200, 200, 200, 200, 200, 302),
    "constitution.compare":      (302, 302, 302, 302, 302, 302),
    # the API reads the Constitution with a token or a session; as-at and redline need their
    # query (422 without it)
    "api_constitution.current":  (200, 200, 200, 200, 200, 401),
    "api_constitution.as_at":    (422, 422, 422, 422, 422, 401),
    "api_constitution.list_versions": (200, 200, 200, 200, 200, 401),
    "api_constitution.get_version": (200, 200, 200, 200, 200, 401),
    "api_constitution.redline":  (422, 422, 422, 422, 422, 401),
    # amendments: a draft proposed by the lead's office (another office seconds), with one
    # change; the secretariat and the proposer office's lead edit it, staff only read
    "constitution.amendments":   (200, 200, 200, 200, 403, 302),
    "constitution.new_amendment": (200, 200, 200, 403, 403, 302),
    "constitution.amendment":    (200, 200, 200, 200, 403, 302),
    "constitution.edit_amendment": (200, 200, 200, 403, 403, 302),
    "constitution.new_change":   (200, 200, 200, 403, 403, 302),
    "constitution.remove_change": (302, 302, 302, 403, 403, 302),
    # the step is "propose"
    "constitution.amendment_step": (302, 302, 302, 403, 403, 302),
    # decisions on a held meeting that invites every office; /new needs ?item_id= (else 404)
    "decisions.index":           (200, 200, 200, 200, 403, 302),
    "decisions.new":             (404, 404, 403, 403, 403, 302),
    "decisions.detail":          (200, 200, 200, 200, 403, 302),
    "decisions.supersede":       (200, 200, 403, 403, 403, 302),
    # workstreams: led by the lead's and staff's office, with a milestone and an open risk;
    # the office's lead reports on it, its staff read; observers see no workstream (404)
    "workstreams.index":         (200, 200, 200, 200, 403, 302),
    "workstreams.new":           (200, 200, 403, 403, 403, 302),
    "workstreams.detail":        (200, 200, 200, 200, 404, 302),
    "workstreams.edit":          (200, 200, 403, 403, 404, 302),
    "workstreams.update_status": (200, 200, 200, 403, 404, 302),
    "workstreams.new_milestone": (200, 200, 200, 403, 404, 302),
    "workstreams.edit_milestone": (200, 200, 200, 403, 404, 302),
    "workstreams.milestone_done": (302, 302, 302, 403, 404, 302),
    "workstreams.new_risk":      (200, 200, 200, 403, 404, 302),
    "workstreams.edit_risk":     (200, 200, 200, 403, 404, 302),
    "workstreams.close_risk":    (302, 302, 302, 403, 404, 302),
    "api_workstreams.list_workstreams": (200, 200, 200, 200, 403, 401),
    "api_workstreams.get_workstream": (200, 200, 200, 200, 404, 401),
    # the secretariat's desk: the tracker is read by members; a query from the lead's and
    # staff's office; an office contact of that office (members see office contacts)
    "tracker.index":             (200, 200, 200, 200, 403, 302),
    "tracker.new":               (200, 200, 403, 403, 403, 302),
    "tracker.detail":            (200, 200, 200, 200, 403, 302),
    "tracker.edit":              (200, 200, 403, 403, 403, 302),
    "api_policy_tracker.list_entries": (200, 200, 200, 200, 403, 401),
    "api_policy_tracker.get_entry": (200, 200, 200, 200, 403, 401),
    "correspondence.index":      (200, 200, 200, 200, 403, 302),
    "correspondence.new":        (200, 200, 403, 403, 403, 302),
    "correspondence.detail":     (200, 200, 200, 200, 403, 302),
    "correspondence.edit":       (200, 200, 403, 403, 403, 302),
    "contacts.index":            (200, 200, 200, 200, 403, 302),
    "search.index":              (200, 200, 200, 200, 200, 302),
    "contacts.export_csv":       (200, 200, 200, 200, 403, 302),
    "contacts.export_vcf":       (200, 200, 200, 200, 403, 302),
    "contacts.new":              (200, 200, 403, 403, 403, 302),
    "contacts.detail":           (200, 200, 200, 200, 403, 302),
    "contacts.edit":             (200, 200, 403, 403, 403, 302),
    # removing asks first (a confirmation page)
    "contacts.remove":           (200, 200, 403, 403, 403, 302),
    "api_members.list_offices":  (200, 200, 200, 200, 403, 401),
    "api_members.get_office":    (200, 200, 200, 200, 403, 401),
    "api_members.me":            (200, 200, 200, 200, 200, 401),
    # Elections, each at the stage where the action means something (Walk.STAGES). A draft is
    # hidden (404) from all but its managers; only the returning officer (admin) counts.
    "elections.index":           (200, 200, 200, 200, 403, 302),
    "elections.new":             (200, 403, 403, 403, 403, 302),
    "elections.edit":            (200, 403, 403, 403, 403, 302),
    "elections.detail":          (200, 200, 200, 200, 403, 302),
    "elections.publish":         (302, 404, 404, 404, 403, 302),
    "elections.nominate":        (403, 403, 200, 403, 403, 302),
    "elections.support":         (403, 403, 302, 403, 403, 302),
    "elections.accept":          (403, 403, 200, 403, 403, 302),
    "elections.withdraw":        (403, 403, 302, 403, 403, 302),
    "elections.count":           (200, 403, 403, 403, 403, 302),
    "elections.declare":         (302, 403, 403, 403, 403, 302),
    "elections.results":         (200, 200, 200, 200, 403, 302),
    "elections.ballots_blt":     (200, 200, 200, 200, 403, 302),
    "elections.log":             (200, 200, 200, 200, 403, 302),
    # the lead is the office's designated voter, staff its substitute; an empty ballot is a 400
    "voting.ballot":             (403, 403, 200, 200, 403, 302),
    "voting.cast":               (403, 403, 400, 400, 403, 302),
    "api_elections.list_elections": (200, 200, 200, 200, 403, 401),
    "api_elections.candidates":  (200, 200, 200, 200, 403, 401),
    "api_elections.result":      (200, 200, 200, 200, 403, 401),
    # only the voter's API token casts: a browser session is no credential for an API write
    # (the API is CSRF-exempt), so it gets 401; browsers vote through the ballot page
    "api_elections.cast":        (401, 401, 401, 401, 401, 401),
    # Motions, each in the state where the action means something (Walk._motion_id): a draft
    # of the lead's office (its members may change or withdraw it), an open vote in writing
    # (the lead votes, staff is the substitute), one at a held meeting (the roll call), a
    # declared one (the result). Closing before the closing time refuses with a message.
    "motions.index":             (200, 200, 200, 200, 403, 302),
    "motions.new":               (200, 200, 200, 200, 403, 302),
    "motions.detail":            (200, 200, 200, 200, 403, 302),
    "motions.edit":              (200, 200, 200, 200, 403, 302),
    "motions.put":               (302, 302, 403, 403, 403, 302),
    "motions.withdraw":          (302, 302, 302, 302, 403, 302),
    "motions.close":             (302, 302, 403, 403, 403, 302),
    "motions.vote":              (403, 403, 200, 200, 403, 302),
    "motions.roll_call":         (200, 200, 403, 403, 403, 302),
    "api_motions.list_motions":  (200, 200, 200, 200, 403, 401),
    "api_motions.get_motion":    (200, 200, 200, 200, 403, 401),
    "api_motions.result":        (200, 200, 200, 200, 403, 401),
    "api_motions.vote":          (401, 401, 401, 401, 401, 401),
}


def app_rules(app):
    """Every URL rule of the app but static files."""
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def method_for(rule) -> str:
    """GET where the rule answers GET, else POST."""
    if "GET" in rule.methods:
        return "GET"
    return "PATCH" if "PATCH" in rule.methods else "POST"


class CannotFill(AssertionError):
    """The walk does not know how to make an object for a URL argument."""


class Walk:
    """Builds URLs for rules from real objects; fresh targets for every request."""

    def __init__(self, office: Office, people: dict[str, Person]):
        self.office = office
        self.people = people
        self.made: dict[str, object] = {}

    def _person_id(self, endpoint: str) -> int:
        target = PersonFactory(role=Role.MEMBER_STAFF, office=self.office, password_hash=None,
                               is_active=endpoint != "records.erase")
        self.made["person"] = target
        return target.id

    def _provider_id(self, endpoint: str) -> int:
        from network.members.models import IdentityProvider

        provider = IdentityProvider(
            office_id=OfficeFactory().id, issuer="https://login.example.org", client_id="walk",
            secret_sealed=b"x" * 40, allowed_domains=f"walk{len(self.made)}.example.org",
            authorization_endpoint="https://login.example.org/auth",
            token_endpoint="https://login.example.org/token",
            jwks_uri="https://login.example.org/jwks")
        _db.session.add(provider)
        _db.session.flush()
        return provider.id

    def _token_id(self, endpoint: str) -> int:
        token = ApiTokenFactory(office_id=self.office.id,
                                created_by_id=self.people["member_lead"].id)
        self.made["token"] = token
        return token.id

    def _token(self, endpoint: str) -> str:
        from network.members.services.signin import INVITATION, RESET, create_link

        if endpoint == "auth.accept_invitation":
            invited = PersonFactory(role=Role.MEMBER_STAFF, office=self.office,
                                    password_hash=None)
            return create_link(invited, INVITATION)
        if endpoint == "auth.reset_password":
            return create_link(PersonFactory(role=Role.OBSERVER), RESET)
        if endpoint == "calendar.feed":  # the secret address is the credential, for anyone
            from network.workplan.meetings.calendar import create_feed

            return create_feed(self.people["member_staff"])
        if endpoint == "digest.unsubscribe":  # the signed one-click link, for anyone
            from network.digest.digest import unsubscribe_token

            return unsubscribe_token(self.people["member_staff"])
        raise CannotFill(f"teach the walk what <token> means for {endpoint}")

    # --- elections: each endpoint gets an election at the stage where it means something ---

    STAGES = {"elections.publish": "draft", "voting.ballot": "ballot", "voting.cast": "ballot",
              "elections.count": "closed", "elections.declare": "counted",
              "elections.results": "declared", "elections.ballots_blt": "declared",
              "elections.log": "declared", "api_elections.candidates": "ballot",
              "api_elections.result": "declared", "api_elections.cast": "ballot"}

    def _others(self) -> tuple[Office, Office]:
        if "others" not in self.__dict__:
            self.others = (OfficeFactory(), OfficeFactory())
            self.office.voter_id = self.people["member_lead"].id
            self.office.substitute_id = self.people["member_staff"].id
        return self.others

    def _election_id(self, endpoint: str) -> int:
        from network.governance.elections import services as service
        from network.governance.elections.models import ElectionStatus
        from network.governance.voting.models import BallotPaper

        stage = self.STAGES.get(endpoint, "nominations")
        first, second = self._others()
        # the timetable of the stage (counted and declared ones closed) and still a draft's
        # status: sync_state below moves it on as the scheduler would, writing its log
        election = ElectionFactory(stage="closed" if stage in ("counted", "declared") else stage,
                                   status=ElectionStatus.DRAFT,
                                   returning_officer=self.people["secretariat_admin"])
        if endpoint == "elections.nominate":
            pass  # the office has not nominated yet
        elif endpoint == "elections.support":  # the lead's office proposes, not yet confirmed
            self.made["nomination"] = self._nominate(election, first, self.office, second,
                                                     complete=False)
        elif endpoint in ("elections.accept", "elections.withdraw"):  # the office's own mayor
            self.made["nomination"] = self._nominate(election, self.office, first, second,
                                                     complete=False)
        else:
            a = self._nominate(election, first, second, self.office)
            b = self._nominate(election, second, first, self.office)
            if stage in ("closed", "counted", "declared"):
                for n, prefs in enumerate(([a.id, b.id], [a.id], [b.id, a.id])):
                    _db.session.add(BallotPaper(id=f"w{election.id}x{n}", election_id=election.id,
                                                preferences=prefs))
        _db.session.flush()
        service.sync_state(election)
        admin = self.people["secretariat_admin"]
        if stage in ("counted", "declared"):
            service.count_election(admin, election, "walk")
        if stage == "declared":
            service.declare_result(admin, election)
        _db.session.flush()
        return election.id

    def _nominate(self, election, candidate, proposer, seconder, complete=True):
        """A nomination; an incomplete one waits for the proposer and the candidate."""
        waiting = {} if complete else {"proposer_confirmed_at": None, "accepted_at": None}
        return NominationFactory(election=election, candidate_office=candidate,
                                 proposer_office=proposer, seconder_office=seconder,
                                 nominated_by=self.people["member_lead"],
                                 statement="A statement", **waiting)

    # --- meetings: planned, every office invited, no observer; items submitted by the office

    def _meeting(self, open_items: bool):
        return MeetingFactory(actor=self.people["secretariat"], title="Walk meeting", days=40,
                              venue="Hall", open_items=open_items)

    HELD = {"attendance.record": "held", "attendance.declarations": "held",
            "minutes.show": "held", "minutes.edit_item": "held", "minutes.circulate": "held",
            "minutes.recirculate": "minutes_drafted",
            "minutes.approve_previous": "held", "minutes.correct": "minutes_approved",
            "minutes.minutes_pdf": "held", "minutes.minutes_docx": "held"}

    def _meeting_id(self, endpoint: str) -> int:
        if "meeting" in self.made:
            return self.made["meeting"].id
        meeting = self._meeting(open_items=endpoint != "meetings.open_for_items")
        if endpoint in self.HELD:
            from network.workplan.meetings.models import MeetingStatus

            meeting.status = MeetingStatus(self.HELD[endpoint])
        if endpoint in ("publishing.pack", "publishing.agenda_docx", "publishing.rebuild_pack"):
            from network.workplan.meetings.services import publish_agenda
            from network.workplan.meetings.tasks import build_one

            _db.session.flush()
            meeting = publish_agenda(self.people["secretariat"], meeting)
            if endpoint == "publishing.pack":  # the scheduler builds it
                from network.workplan.meetings.models import PackState

                meeting.pack_state = PackState.BUILDING
                _db.session.flush()
                build_one(meeting.id)
        self.made["meeting"] = meeting
        return meeting.id

    def _item_id(self, endpoint: str) -> int:
        from network.workplan.items.models import AgendaItem, ItemStatus

        if endpoint.startswith("minutes."):  # a standing item of the held meeting
            self._meeting_id(endpoint)
            _db.session.flush()
            return next(i.id for i in _db.session.scalars(select(AgendaItem).where(
                AgendaItem.meeting_id == self.made["meeting"].id)))
        meeting = self._meeting(open_items=True)
        accepted = endpoint == "items.move"
        item = AgendaItemFactory(meeting=meeting, title="Walk item", summary="S",
                                 office_id=self.office.id,
                                 submitted_by_id=self.people["member_lead"].id,
                                 status=ItemStatus.ACCEPTED if accepted else ItemStatus.SUBMITTED,
                                 position=100 if accepted else None,
                                 duration_minutes=20 if accepted else None)
        self.made["item"] = item
        return item.id

    def _version_id(self, endpoint: str) -> int:
        import io

        from network.workplan.items.models import Paper, PaperVersion
        from network.workplan.storage import save_stream

        item_id = self._item_id(endpoint)
        paper = Paper(item_id=item_id, title="Walk paper")
        _db.session.add(paper)
        _db.session.flush()
        sha, size, _ = save_stream(io.BytesIO(b"%PDF-1.7 walk"), 1000)
        version = PaperVersion(paper_id=paper.id, number=1, filename="walk.pdf", file_type="pdf",
                               size=size, sha256=sha, uploaded_by_id=self.people["member_lead"].id)
        _db.session.add(version)
        _db.session.flush()
        return version.id

    def _paper_id(self, endpoint: str) -> int:
        """A paper of the item <item_id> made (arguments are filled in name order)."""
        from network.workplan.items.models import Paper, PaperVersion

        item_id = self.made["item"].id if "item" in self.made else self._item_id(endpoint)
        paper = Paper(item_id=item_id, title="Walk paper")
        _db.session.add(paper)
        _db.session.flush()
        _db.session.add(PaperVersion(paper_id=paper.id, number=1, filename="walk.pdf",
                                     file_type="pdf", size=1, sha256="0" * 64,
                                     uploaded_by_id=self.people["member_lead"].id))
        _db.session.flush()
        return paper.id

    def _action_id(self, endpoint: str) -> int:
        action = ActionFactory(actor=self.people["secretariat"], description="Walk action",
                               owner_office=self.office, days=10)
        self.made["action"] = action
        return action.id

    def _decision_id(self, endpoint: str) -> int:
        from network.governance.decisions.services import record_decision
        from network.workplan.items.models import AgendaItem
        from network.workplan.meetings.models import MeetingStatus

        meeting = self._meeting(open_items=False)
        meeting.status = MeetingStatus.HELD
        _db.session.flush()
        item = _db.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id)).first()
        decision = record_decision(self.people["secretariat"], item, "Walk decision")
        self.made["decision"] = decision
        return decision.id

    def _workstream(self):
        """A workstream led by the office, with a milestone and an open risk (made once per
        URL, whichever of its arguments is filled first)."""
        from network.workplan.workstreams import services as ws_service

        if "workstream" not in self.made:
            officer = self.people["secretariat"]
            stream = ws_service.create_workstream(officer, {
                "name": f"Walk workstream {uuid.uuid4().hex[:8]}", "objectives": "Walk",
                "lead_office_id": self.office.id})
            self.made["milestone"] = ws_service.add_milestone(officer, stream, {
                "title": "Walk milestone", "due_on": date.today() + timedelta(days=30)})
            self.made["risk"] = ws_service.add_risk(officer, stream, {
                "description": "Walk risk", "likelihood": 3, "impact": 4, "mitigation": "M",
                "owner_office_id": self.office.id,
                "review_on": date.today() + timedelta(days=30)})
            self.made["workstream"] = stream
        return self.made["workstream"]

    def _workstream_id(self, endpoint: str) -> int:
        return self._workstream().id

    def _milestone_id(self, endpoint: str) -> int:
        self._workstream()
        return self.made["milestone"].id

    def _risk_id(self, endpoint: str) -> int:
        self._workstream()
        return self.made["risk"].id

    def _entry_id(self, endpoint: str) -> int:
        """A policy tracker entry for the tracker's rules, a plan entry for the forward
        agenda's (both name their argument entry_id)."""
        if endpoint.startswith(("tracker.", "api_policy_tracker.")):
            entry = PolicyEntryFactory(actor=self.people["secretariat"])
            self.made["entry"] = entry
            return entry.id
        from network.workplan.forward.services import plan_item
        from network.workplan.items.models import ItemPurpose

        entry = plan_item(self.people["secretariat"], self._meeting(open_items=True), {
            "title": "Walk plan entry", "purpose": ItemPurpose.DECISION, "notes": "",
            "minutes_planned": 15, "workstream_id": None, "lead_office_id": self.office.id})
        self.made["entry"] = entry
        return entry.id

    def _correspondence_id(self, endpoint: str) -> int:
        item = CorrespondenceFactory(actor=self.people["secretariat"], from_office=self.office)
        self.made["correspondence"] = item
        return item.id

    def _contact_id(self, endpoint: str) -> int:
        contact = ContactFactory(actor=self.people["secretariat"], office_id=self.office.id,
                                 organisation="")
        self.made["contact"] = contact
        return contact.id

    def _email_id(self, endpoint: str) -> int:
        from network.email import FAILED, OutboxEmail

        row = OutboxEmail(key=f"walk:{uuid.uuid4().hex}",
                          to_address="walk@example.org", subject="Walk", text_body="t",
                          html_body="h", status=FAILED, attempts=10, last_error="refused")
        _db.session.add(row)
        _db.session.flush()
        self.made["email"] = row
        return row.id

    # --- the Constitution: version 1 in force; a draft amendment of the lead's office -----

    def _constitution(self):
        from network.governance.constitution.queries import version_in_force as in_force
        from tests.governance.constitution_factories import version_in_force

        return in_force() or version_in_force()

    def _number(self, endpoint: str) -> int:
        return self._constitution().number

    def _amendment(self):
        from network.governance.constitution import services as constitution

        if "amendment" not in self.made:
            self._constitution()
            first, _ = self._others()
            amendment = constitution.draft_amendment(
                self.people["member_lead"], title="Walk amendment",
                seconder_office_id=first.id)
            self.made["change"] = constitution.add_change(
                self.people["member_lead"], amendment, "amend",
                {"clause_key": "name", "heading": "Name", "text": "The network's new name."})
            self.made["amendment"] = amendment
        return self.made["amendment"]

    def _amendment_id(self, endpoint: str) -> int:
        return self._amendment().id

    def _change_id(self, endpoint: str) -> int:
        self._amendment()
        return self.made["change"].id

    MOTION_STATES = {"motions.vote": "open", "motions.close": "open",
                     "api_motions.vote": "open", "motions.roll_call": "meeting",
                     "api_motions.result": "declared"}

    def _motion_id(self, endpoint: str) -> int:
        """A motion of the lead's office, seconded by another, in the state the endpoint
        needs (MOTION_STATES; a draft opening tomorrow otherwise)."""
        from datetime import UTC, datetime

        from network.governance.motions import services as motions
        from network.workplan.minutes.models import Attendance, AttendanceStatus

        self._constitution()
        first, _ = self._others()
        state = self.MOTION_STATES.get(endpoint, "draft")
        now = datetime.now(UTC)
        data = {"title": "Walk motion", "text": "That the walk passes.",
                "proposer_office_id": self.office.id, "seconder_office_id": first.id,
                "decision_type": "ordinary", "method": "written",
                "opens_at": now + timedelta(days=1 if state == "draft" else -1),
                "closes_at": now + timedelta(days=3)}
        if state == "meeting":
            meeting = self._meeting(open_items=False)
            from network.workplan.meetings.models import MeetingStatus

            meeting.status = MeetingStatus.HELD
            _db.session.add(Attendance(meeting_id=meeting.id, office_id=self.office.id,
                                       status=AttendanceStatus.IN_PERSON))
            item = AgendaItemFactory(meeting=meeting, title="Walk item")
            data.update(method="meeting", item_id=item.id)
        motion = motions.create_motion(self.people["secretariat"], data)
        if state != "draft":
            motions.put_to_vote(self.people["secretariat"], motion)
        if state == "declared":
            motions.cast_vote(self.people["member_lead"], motion, "for")
            motions.close_vote(None, motion, motion.closes_at)
        _db.session.flush()
        return motion.id

    def _export_id(self, endpoint: str) -> int:
        """A ready hand-over export with its zip stored."""
        from network.records.models import ExportState, RecordsExport
        from network.workplan.storage import save_bytes

        job = RecordsExport(requested_by_id=self.people["secretariat_admin"].id,
                            state=ExportState.READY, filename=f"walk-{uuid.uuid4().hex}.zip",
                            sha256=save_bytes(b"PK\x05\x06" + b"\0" * 18))
        _db.session.add(job)
        _db.session.flush()
        return job.id

    def _nomination_id(self, endpoint: str) -> int:
        if "nomination" not in self.made:
            raise CannotFill(f"teach the walk which nomination {endpoint} needs")
        return self.made["nomination"].id

    def url(self, app, rule) -> str:
        """The rule's URL with its arguments filled from objects made now."""
        fillers: dict[str, Callable[[str], object]] = {
            "slug": lambda _e: self.office.slug,
            "person_id": self._person_id,
            "token_id": self._token_id,
            "provider_id": self._provider_id,
            "token": self._token,
            "election_id": self._election_id,
            "nomination_id": self._nomination_id,
            "meeting_id": self._meeting_id,
            "item_id": self._item_id,
            "version_id": self._version_id,
            "paper_id": self._paper_id,
            "action_id": self._action_id,
            "decision_id": self._decision_id,
            "email_id": self._email_id,
            "workstream_id": self._workstream_id,
            "milestone_id": self._milestone_id,
            "risk_id": self._risk_id,
            "entry_id": self._entry_id,
            "correspondence_id": self._correspondence_id,
            "contact_id": self._contact_id,
            "number": self._number,
            "amendment_id": self._amendment_id,
            "motion_id": self._motion_id,
            "change_id": self._change_id,
            "kind": lambda _e: "amend",
            "step": lambda _e: "propose",

            "export_id": self._export_id,
        }
        self.made = {}
        values = {}
        if rule.endpoint.startswith(("constitution.", "api_constitution.")):
            self._constitution()  # the network's Constitution, whichever rule comes first
        for arg in sorted(rule.arguments):
            if arg not in fillers:
                _db.session.rollback()
                raise CannotFill(f"teach the walk (tests/members/test_authorization.py) how "
                                 f"to fill <{arg}> of {rule.rule}")
            values[arg] = fillers[arg](rule.endpoint)
        _db.session.commit()
        with app.test_request_context():
            from flask import url_for

            return url_for(rule.endpoint, **values)


@pytest.fixture
def walk(people, office):
    return Walk(office, people)


def _client_for(app, people, who):
    return app.test_client() if who == ANON else sign_in_client(app, people[who])


def _describe(who, method, url, response) -> str:
    where = response.headers.get("Location", "")
    return f"{who:17} {method:4} {url} -> {response.status_code} {where}".rstrip()


def _check_signed_out(url, response, expected) -> str | None:
    """The signed out get the sign-in page (pages) or the 401 JSON envelope (API)."""
    if expected == 302 and not response.headers.get("Location", "").startswith("/sign-in"):
        return "signed out should be sent to /sign-in"
    if expected == 401:
        body = response.get_json(silent=True) or {}
        if body.get("error", {}).get("status") != 401:
            return "401 without the JSON error envelope"
    return None


def test_every_rule_has_a_row(app):
    endpoints = {r.endpoint for r in app_rules(app)}
    missing = sorted(endpoints - TABLE.keys())
    stale = sorted(TABLE.keys() - endpoints)
    assert not missing, "\n".join(f"add a row for endpoint {e}" for e in missing)
    assert not stale, "\n".join(f"remove the row for endpoint {e} (no such rule)" for e in stale)


@pytest.mark.parametrize("who", WHO)
def test_rule_walk_matches_the_table(app, db, people, walk, who):
    problems = []
    column = WHO.index(who)
    for rule in app_rules(app):
        if rule.endpoint not in TABLE:
            problems.append(f"add a row for endpoint {rule.endpoint}")
            continue
        expected = TABLE[rule.endpoint][column]
        method = method_for(rule)
        try:
            url = walk.url(app, rule)
        except CannotFill as exc:
            problems.append(str(exc))
            continue
        response = _client_for(app, people, who).open(url, method=method)
        line = _describe(who, method, url, response)
        if response.status_code != expected:
            problems.append(f"{line} (expected {expected})")
            continue
        if who == ANON and (why := _check_signed_out(url, response, expected)):
            problems.append(f"{line}: {why}")
        body = response.get_json(silent=True)
        envelope = body.get("error", {}) if isinstance(body, dict) else {}
        if expected == 403 and url.startswith("/api/") and envelope.get("status") != 403:
            problems.append(f"{line}: 403 without the JSON error envelope")
        problems += _check_effect(rule.endpoint, walk.made, expected, line)
    assert not problems, "\n".join(problems)


def _check_effect(endpoint: str, made: dict, expected: int, line: str) -> list[str]:
    """A refused POST changes nothing; an allowed one does what it says."""
    allowed = expected not in (401, 403) and not line.startswith(ANON)
    _db.session.expire_all()
    if endpoint == "people.deactivate" and made["person"].is_active == allowed:
        return [f"{line}: person is_active={made['person'].is_active}"]
    if endpoint == "my_office.revoke_token" and (made["token"].revoked_at is None) == allowed:
        return [f"{line}: token revoked_at={made['token'].revoked_at}"]
    if endpoint == "outbox.resend" and (made["email"].status == "pending") != allowed:
        return [f"{line}: email status={made['email'].status}"]
    done = expected == 302 and not line.startswith(ANON)  # 404: refused without saying why
    if endpoint == "workstreams.close_risk" and made["risk"].is_open == done:
        return [f"{line}: risk is_open={made['risk'].is_open}"]
    if endpoint == "workstreams.milestone_done" and (
            made["milestone"].status.value == "done") != done:
        return [f"{line}: milestone status={made['milestone'].status}"]
    dropped = allowed and expected != 404
    if endpoint == "forward.drop" and (made["entry"].status.value == "dropped") != dropped:
        return [f"{line}: plan entry status={made['entry'].status}"]
    return []


@pytest.mark.parametrize("who", WHO)
def test_posting_to_a_form_page_is_refused_to_whoever_cannot_see_it(app, db, people, walk, who):
    """GET-and-POST rules: the POST (no data) is refused exactly where the GET is."""
    problems = []
    column = WHO.index(who)
    for rule in app_rules(app):
        if not {"GET", "POST"} <= rule.methods:
            continue
        if rule.endpoint not in TABLE:
            continue  # reported by the other tests
        expected_get = TABLE[rule.endpoint][column]
        try:
            url = walk.url(app, rule)
        except CannotFill as exc:
            problems.append(str(exc))
            continue
        response = _client_for(app, people, who).post(url)
        line = _describe(who, "POST", url, response)
        if expected_get in (401, 403):
            if response.status_code != expected_get:
                problems.append(f"{line} (expected {expected_get} like the GET)")
        elif who == ANON and expected_get == 302:
            if response.status_code != 302 or not response.headers["Location"].startswith(
                    "/sign-in"):
                problems.append(f"{line} (expected a redirect to /sign-in)")
        elif response.status_code == 403 or response.status_code >= 500:
            problems.append(f"{line} (allowed to GET, so the POST must not be refused)")
    assert not problems, "\n".join(problems)


# --- a member lead stays inside their own office --------------------------------------------

@pytest.fixture
def other_office(db):
    """A second office with a staff member who has a password and an API token."""
    office = OfficeFactory()
    staff = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    invited = PersonFactory(role=Role.MEMBER_STAFF, office=office, password_hash=None)
    token = ApiTokenFactory(office_id=office.id, created_by_id=staff.id)
    _db.session.commit()
    return {"office": office, "staff": staff, "invited": invited, "token": token}


def _reload(obj):
    _db.session.expire_all()
    return _db.session.get(type(obj), obj.id)


def test_lead_cannot_change_or_deactivate_another_offices_person(clients, other_office):
    lead = clients["member_lead"]
    staff = other_office["staff"]
    assert lead.get(f"/people/{staff.id}").status_code == 403
    assert lead.get(f"/people/{staff.id}/role").status_code == 403
    assert lead.post(f"/people/{staff.id}/role",
                     data={"role": "member_lead", "office": str(other_office["office"].id)}
                     ).status_code == 403
    assert lead.post(f"/people/{staff.id}/deactivate").status_code == 403
    assert lead.post(f"/people/{other_office['invited'].id}/resend-invitation"
                     ).status_code == 403
    staff = _reload(staff)
    assert staff.is_active and staff.role == Role.MEMBER_STAFF
    assert staff.office_id == other_office["office"].id


def test_lead_can_change_and_deactivate_their_own_offices_person(clients, office, db):
    """The control for the test above: the same requests work inside the lead's office."""
    own = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    lead = clients["member_lead"]
    assert lead.post(f"/people/{own.id}/role",
                     data={"role": "member_lead", "office": str(office.id)}).status_code == 302
    assert _reload(own).role == Role.MEMBER_LEAD
    assert lead.post(f"/people/{own.id}/deactivate").status_code == 302
    assert not _reload(own).is_active


def test_lead_cannot_reach_another_offices_api_token(clients, other_office):
    lead = clients["member_lead"]
    token = other_office["token"]
    assert lead.post(f"/my-office/api-tokens/{token.id}/revoke").status_code == 404
    assert _reload(token).revoked_at is None
    assert lead.post("/my-office/api-tokens/999999/revoke").status_code == 404
    assert lead.post("/my-office/api-tokens/not-a-number/revoke").status_code == 404


def test_lead_cannot_move_own_staff_into_another_office(clients, office, other_office, db):
    own = PersonFactory(role=Role.MEMBER_STAFF, office=office)
    db.session.commit()
    response = clients["member_lead"].post(f"/people/{own.id}/role", data={
        "role": "member_staff", "office": str(other_office["office"].id)})
    assert response.status_code == 400
    assert _reload(own).office_id == office.id


def _people_in(office_id) -> int:
    return _db.session.scalar(select(func.count()).select_from(Person)
                              .where(Person.office_id == office_id))


def test_lead_invites_only_into_their_own_office(clients, office, other_office):
    lead = clients["member_lead"]
    before_other = _people_in(other_office["office"].id)
    assert lead.post("/people/invite", data={
        "name": "Wrong Office", "email": "wrong@example.org", "role": "member_staff",
        "office": str(other_office["office"].id)}).status_code == 403
    response = lead.post("/my-office/invite", data={
        "name": "Tried Elsewhere", "email": "elsewhere@example.org", "role": "member_staff",
        "office": str(other_office["office"].id)})
    _db.session.expire_all()
    assert _people_in(other_office["office"].id) == before_other
    made = _db.session.scalar(select(Person).where(Person.email == "elsewhere@example.org"))
    if response.status_code == 302:
        assert made is not None and made.office_id == office.id
    else:
        assert response.status_code == 400 and made is None
    assert _db.session.scalar(select(Person).where(Person.email == "wrong@example.org")) is None


def test_lead_cannot_invite_a_secretariat_role(clients):
    response = clients["member_lead"].post("/my-office/invite", data={
        "name": "Power Grab", "email": "grab@example.org", "role": "secretariat_admin"})
    assert response.status_code == 400
    assert _db.session.scalar(select(Person).where(Person.email == "grab@example.org")) is None


def test_invite_service_refuses_another_office_whatever_the_view(db, people, other_office):
    from network.errors import Forbidden
    from network.members.services.people import invite_person

    with pytest.raises(Forbidden):
        invite_person(people["member_lead"], email="svc@example.org", name="Svc",
                      job_title="", role=Role.MEMBER_STAFF, office=other_office["office"])
    db.session.rollback()
    assert db.session.scalar(select(Person).where(Person.email == "svc@example.org")) is None
