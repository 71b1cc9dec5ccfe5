"""What the appeals app lets people do, declared in the policy (`accounts.policy`)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import can_view_pii, is_handler, is_rider, object_in_scope, rule


@rules.predicate
def has_informant_permission(user) -> bool:
    """The dedicated permission `appeals.view_tipoff_informant` (granted person by person)."""
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and has_perm("appeals.view_tipoff_informant"))


# Who may link a tip-off — or anything that follows from it, such as its reward in the points
# ledger — to the rider who gave it (DESIGN §4 rule 7): a handler of the region the record lies
# in, holding unmasked-PII access or the dedicated permission. Every look is audited by the
# service that shows it.
holds_informant_permission = (
    is_handler & object_in_scope & (can_view_pii | has_informant_permission)
)

rule(
    "appeals.view_informant",
    holds_informant_permission,
    "a handler of the tip-off's region holding unmasked-PII access or the person-by-person "
    "informant permission; every look is audited",
)

# Asked before the case is looked up, so staff get the same 404 for every id: whether a case
# exists or is open is never told apart by the answer (403 would confirm it).
rule("appeals.me_too", is_rider, "join another rider's open case (我也遇到了)")
