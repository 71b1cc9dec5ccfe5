"""Who may act on a case, and who may see a tip-off's informant."""

from __future__ import annotations

from redrider.accounts.policy import can
from redrider.core.scoping import code_within, user_scope_code

# Staff roles that handle cases; station hosts and auditors only read (or not at all).
HANDLER_ROLES = {"province_admin", "prefecture_officer", "county_officer", "instructor"}


def may_handle(user, appeal) -> bool:
    """Officers of the case's own county act on it; the level above joins once it is escalated.

    Formally: the user's scope contains the case's county and lies within the case's current
    `handling_code` (the county until escalation, then its parent, ...). Superusers always may.
    """
    if getattr(user, "is_superuser", False):
        return True
    scope = user_scope_code(user)
    if scope is None or user.role not in HANDLER_ROLES:
        return False
    return code_within(appeal.region_code, scope) and code_within(scope, appeal.handling_code)


def may_handle_tipoff(user, tipoff) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    scope = user_scope_code(user)
    return (
        scope is not None and user.role in HANDLER_ROLES and code_within(tipoff.region_code, scope)
    )


def can_view_informant(user, tipoff) -> bool:
    """A handler of the tip-off's region with `can_view_pii` or the dedicated permission
    (the policy's `appeals.view_informant`, which the points ledger shares for rewards)."""
    return can(user, "appeals.view_informant", tipoff)
