"""Changes to the Constitution: the first version established; amendments drafted,
proposed, seconded, rebased and withdrawn (drafting.py); put to a motion, then adopted (a new
version) or rejected when the motion is decided (versions.py: governance/motions calls
put_amendment, adopt_amendment and reject_amendment)."""

from network.governance.constitution.services.drafting import (
    add_change,
    draft_amendment,
    propose_amendment,
    rebase_amendment,
    remove_change,
    rule_from_input,
    second_amendment,
    update_amendment,
    withdraw_amendment,
)
from network.governance.constitution.services.versions import (
    adopt_amendment,
    check_rules,
    establish_constitution,
    put_amendment,
    reject_amendment,
)

__all__ = ["add_change", "adopt_amendment", "check_rules", "draft_amendment",
           "establish_constitution", "propose_amendment", "put_amendment", "rebase_amendment",
           "reject_amendment", "remove_change", "rule_from_input", "second_amendment",
           "update_amendment", "withdraw_amendment"]
