"""Points, rewards and benefits: who sets the rules, who runs the ledger and the catalogue, who
hands goods over, who may see a confidential movement (the policy's points actions; see
accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import is_handler, is_host, is_officer, is_rider, is_rule_maker, rule
from redrider.appeals.policy import holds_informant_permission


@rules.predicate
def hosts_item_station(user, item) -> bool:
    """The item is picked up at a station this user hosts (true with no item)."""
    if item is None:
        return True
    return item.station is not None and item.station.hosts.filter(pk=user.pk).exists()


rule(
    "points.administer",
    is_rule_maker,
    "Set earning rules, open and top up funds, publish and edit benefits for their region",
)
rule(
    "points.manage",
    is_officer,
    "Award and reverse points, keep the catalogue, cancel orders and decide benefit "
    "applications in their region",
)
rule(
    "points.fulfil", is_handler, "Hand over and restock items of their region against pickup codes"
)
rule(
    "points.item_host",
    is_host & hosts_item_station,
    "Hand over and restock the items picked up at their own station",
)
rule("points.redeem", is_rider, "Hold a points account, redeem items and apply for benefits")
# A confidential transaction (a founded tip-off's reward) names its rider and source only to
# whoever may see the informant of the tip-off itself; the ledger's region is the tip-off's.
rule(
    "points.reveal_confidential",
    holds_informant_permission,
    "Link a confidential movement (a tip-off reward) to its rider and source: a handler of its "
    "region holding unmasked-PII access or the informant permission; every look is audited",
)
