"""Imports every model module so the metadata (and Alembic) sees all tables, every domain's
rules into the policy table, and every domain's audit wording (audit_labels, into
network/audit_display.py)."""

from network import audit, email  # noqa: F401
from network.digest import audit_labels as digest_audit_labels  # noqa: F401, E402
from network.digest import models as digest_models  # noqa: F401
from network.digest import rules as digest_rules  # noqa: F401, E402
from network.governance import audit_labels as governance_audit_labels  # noqa: F401
from network.governance.constitution import models as constitution_models  # noqa: F401

# the meetings' quorum rule, answered through workplan/minutes/signals.py
from network.governance.constitution import queries as constitution_queries  # noqa: F401, E402
from network.governance.constitution import rules as constitution_rules  # noqa: F401, E402
from network.governance.decisions import models as decisions_models  # noqa: F401

# every domain's rules in the policy table
from network.governance.decisions import rules as decisions_rules  # noqa: F401, E402
from network.governance.elections import models as elections_models  # noqa: F401
from network.governance.elections import rules as elections_rules  # noqa: F401, E402
from network.governance.motions import models as motions_models  # noqa: F401
from network.governance.motions import rules as motions_rules  # noqa: F401, E402
from network.governance.motions import services as motions_services  # noqa: F401, E402
from network.governance.voting import models as voting_models  # noqa: F401
from network.governance.voting import rules as voting_rules  # noqa: F401, E402
from network.members import audit_labels as members_audit_labels  # noqa: F401
from network.members import models as members_models  # noqa: F401
from network.members import rules as members_rules  # noqa: F401, E402
from network.records import audit_labels as records_audit_labels  # noqa: F401, E402
from network.records import models as records_models  # noqa: F401, E402
from network.records import rules as records_rules  # noqa: F401, E402
from network.search import rules as search_rules  # noqa: F401, E402
from network.workplan import audit_labels as workplan_audit_labels  # noqa: F401
from network.workplan.actions import models as actions_models  # noqa: F401
from network.workplan.actions import rules as actions_rules  # noqa: F401, E402
from network.workplan.contacts import models as contacts_models  # noqa: F401
from network.workplan.contacts import rules as contacts_rules  # noqa: F401, E402
from network.workplan.correspondence import models as correspondence_models  # noqa: F401
from network.workplan.correspondence import rules as correspondence_rules  # noqa: F401, E402
from network.workplan.forward import models as forward_models  # noqa: F401
from network.workplan.forward import rules as forward_rules  # noqa: F401, E402
from network.workplan.items import models as items_models  # noqa: F401
from network.workplan.items import rules as items_rules  # noqa: F401, E402
from network.workplan.meetings import models as meetings_models  # noqa: F401
from network.workplan.meetings import rules as meetings_rules  # noqa: F401, E402
from network.workplan.minutes import models as minutes_models  # noqa: F401
from network.workplan.storage import models as storage_models  # noqa: F401
from network.workplan.tracker import models as tracker_models  # noqa: F401
from network.workplan.tracker import rules as tracker_rules  # noqa: F401, E402
from network.workplan.workstreams import models as workstreams_models  # noqa: F401
from network.workplan.workstreams import rules as workstreams_rules  # noqa: F401, E402
