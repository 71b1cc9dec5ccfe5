"""Who may act on a case or a tip-off, and who may see a tip-off's informant (the policy's
appeals actions; see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import (
    can_view_pii,
    is_handler,
    is_rider,
    is_superuser,
    object_in_scope,
    rule,
)
from redrider.regions import tree


@rules.predicate
def handles_case(user, appeal) -> bool:
    """Officers of the case's own county act on it; the level above joins once it is escalated.

    Formally: the user's region contains the case's county and lies within the case's current
    `handling_code` (the county until escalation, then its parent, ...). True with no case.
    """
    if appeal is None:
        return True
    scope = tree.user_region(user)
    return (
        scope is not None
        and tree.within(appeal.region_code, scope)
        and tree.within(scope, appeal.handling_code)
    )


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
    "appeals.file",
    is_rider,
    "File an appeal or a tip-off, say “me too”, add photos, confirm or reopen their own case",
)
rule(
    "appeals.handle",
    is_superuser | (is_handler & handles_case),
    "Accept, start, resolve, reject and merge cases of their county (the level above once "
    "escalated); file a case for a liaison problem",
)
rule(
    "appeals.tipoff_handle",
    is_handler & object_in_scope,
    "Check and verify tip-offs in their region",
)
rule(
    "appeals.view_informant",
    holds_informant_permission,
    "See a tip-off's informant: a handler of its region holding unmasked-PII access or the "
    "person-by-person informant permission; every look is audited",
)

# Asked before the case is looked up, so staff get the same 404 for every id: whether a case
# exists or is open is never told apart by the answer (403 would confirm it).
rule("appeals.me_too", is_rider, "join another rider's open case (我也遇到了)")
