"""What the points app lets people do, declared in the policy (`accounts.policy`)."""

from __future__ import annotations

from redrider.accounts.policy import rule
from redrider.appeals.policy import holds_informant_permission

# A confidential transaction (a founded tip-off's reward) names its rider and source only to
# whoever may see the informant of the tip-off itself; the ledger's region is the tip-off's.
rule(
    "points.reveal_confidential",
    holds_informant_permission,
    "link a confidential movement (a tip-off reward) to its rider and source: a handler of its "
    "region holding unmasked-PII access or the informant permission; every look is audited",
)
