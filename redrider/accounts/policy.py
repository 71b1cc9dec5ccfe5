"""The policy: one place answers "may this user do this to that".

Every check is asked as ``can(user, "app.action", obj)``. Region scoping (``visible_to``) decides
what exists for a user; the policy decides what they may do with what they can see. Each app
declares its actions in its own ``policy.py`` with :func:`rule`; they are loaded when the
accounts app is ready (``autodiscover_modules("policy")``), so an app higher in the layers can
add predicates about its own models without this module importing it.

The table of role × action is rendered by ``redrider permissions_doc`` into
``docs/permissions.md`` and checked by ``accounts/tests/test_policy.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from rules.predicates import Predicate

from redrider.core.errors import NotFound, PermissionDenied
from redrider.regions import tree

from .choices import DUTY_ROLES, REGIONAL_ROLES, ROLE_LEVEL, ROLE_RANK, STAFF_ROLES, Role

POLICY = rules.RuleSet()


@dataclass(frozen=True)
class Action:
    """A declared action: its name, who may in principle, and a sentence for the matrix doc."""

    name: str
    predicate: Predicate
    describe: str


ACTIONS: dict[str, Action] = {}


def rule(name: str, predicate: Predicate, describe: str = "") -> None:
    """Declare `name` ("app.action") as allowed when `predicate(user, obj)` holds.

    Declaring the same name twice is a mistake (two apps disagreeing) and raises.
    """
    if name in ACTIONS:
        raise ValueError(f"policy action {name!r} declared twice")
    ACTIONS[name] = Action(name, predicate, describe)
    POLICY.add_rule(name, predicate)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` (to `obj`, when given)? Unknown actions are refused, never allowed."""
    if action not in ACTIONS:
        raise KeyError(f"unknown policy action {action!r}")
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return POLICY.test_rule(action, user, obj)


def require(user, action: str, obj=None, *, hide: bool = True) -> None:
    """Raise unless `can(user, action, obj)`.

    `hide=True` answers 404 (the object might as well not exist: it lies outside what the user may
    act on, and 403 would confirm it exists); `hide=False` answers 403 for actions on things the
    user can already see.
    """
    if not can(user, action, obj):
        raise NotFound() if hide else PermissionDenied()


@dataclass(frozen=True)
class Place:
    """A bare region, for object-level rules asked before the object exists:
    `can(user, "riders.liaison", Place("510104"))`."""

    region_code: str


# --- Predicates shared by every app ------------------------------------------------------------


def has_role(*roles: Role | str) -> Predicate:
    """The user's role is one of `roles` (superusers count as every staff role)."""
    wanted = {str(r) for r in roles}

    def check(user) -> bool:
        if getattr(user, "is_superuser", False):
            return bool(wanted & {str(r) for r in STAFF_ROLES})
        return getattr(user, "role", None) in wanted

    return Predicate(check, name="has_role(" + ",".join(sorted(wanted)) + ")")


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def object_in_scope(user, obj) -> bool:
    """The object's `region_code` lies in the user's region (true when there is no object)."""
    if obj is None:
        return True
    scope = tree.user_region(user)
    code = getattr(obj, "region_code", None)
    return scope is not None and code is not None and tree.within(code, scope)


@rules.predicate
def can_view_pii(user) -> bool:
    return bool(getattr(user, "can_view_pii", False))


def has_perm(perm: str) -> Predicate:
    """The user holds the Django permission `perm` (superusers hold every one)."""

    def check(user) -> bool:
        has = getattr(user, "has_perm", None)
        return bool(has is not None and has(perm))

    return Predicate(check, name=f"has_perm({perm})")


is_rider = has_role(Role.RIDER)
is_auditor = has_role(Role.AUDITOR)
# Separation of duties: accounts (system admin), grants (security admin), the log (auditor).
is_system_admin = has_role(Role.SYSTEM_ADMIN)
is_security_admin = has_role(Role.SECURITY_ADMIN)
is_host = has_role(Role.STATION_HOST)
is_instructor = has_role(Role.INSTRUCTOR)
is_province_admin = has_role(Role.PROVINCE_ADMIN)
# Province and prefecture: they set the rules (earning rules, funds, benefits) for those below.
is_rule_maker = has_role(Role.PROVINCE_ADMIN, Role.PREFECTURE_OFFICER)
# Officers act for a region; instructors act for their office within a county.
is_officer = has_role(Role.PROVINCE_ADMIN, Role.PREFECTURE_OFFICER, Role.COUNTY_OFFICER)
is_handler = has_role(
    Role.PROVINCE_ADMIN, Role.PREFECTURE_OFFICER, Role.COUNTY_OFFICER, Role.INSTRUCTOR
)
is_regional_staff = has_role(
    Role.PROVINCE_ADMIN,
    Role.PREFECTURE_OFFICER,
    Role.COUNTY_OFFICER,
    Role.INSTRUCTOR,
    Role.STATION_HOST,
)


def holds_at_least(actor, user) -> bool:
    """`actor` holds everything `user` holds: a role ranked as high, a region containing the
    user's, and every personal-data permission the user has. Only a superuser holds what a
    superuser or an auditor holds. The one rule behind "nobody widens beyond their own"."""
    if getattr(actor, "is_superuser", False):
        return True
    if getattr(user, "is_superuser", False):
        return False
    if user.role == Role.AUDITOR or actor.role not in ROLE_RANK or user.role not in ROLE_RANK:
        return False
    if ROLE_RANK[Role(user.role)] > ROLE_RANK[Role(actor.role)]:
        return False
    scope = tree.user_region(actor)
    if user.role != Role.RIDER and (scope is None or not tree.within(user.scope_code, scope)):
        return False
    return all(
        getattr(actor, flag, False) or not getattr(user, flag, False)
        for flag in ("can_view_pii", "can_view_political_status")
    )


@rules.predicate
def covers_account(actor, user) -> bool:
    """The account (when given) holds nothing the actor does not (see `holds_at_least`)."""
    return user is None or holds_at_least(actor, user)


@rules.predicate
def is_other_account(actor, user) -> bool:
    """The account (when given) is not the actor's own."""
    return user is None or getattr(user, "pk", None) != getattr(actor, "pk", None)


@rules.predicate
def not_a_duty_account(actor, user) -> bool:
    """The account (when given) is neither a superuser nor one of the three duties (system
    admin, security admin, auditor): those only a superuser changes."""
    if user is None:
        return True
    return not getattr(user, "is_superuser", False) and getattr(user, "role", "") not in DUTY_ROLES


def matrix(roles: list[str] | None = None) -> tuple[list[str], list[tuple[Action, list[bool]]]]:
    """Role × action, asked with no object ("may this role ever do this, within their scope?")."""
    from types import SimpleNamespace

    roles = roles or [str(r) for r in Role]
    # Each persona holds personal-data access (actions that need it say so in their sentence).
    users = [
        SimpleNamespace(
            role=r,
            scope_code="510000" if r in ROLE_LEVEL else "",
            acts_for_region=r in REGIONAL_ROLES,
            keeps_stations=r == Role.STATION_HOST,
            is_authenticated=True,
            is_active=True,
            is_superuser=False,
            can_view_pii=True,
            pk=0,
            id=0,
        )
        for r in roles
    ]
    rows = []
    for name in sorted(ACTIONS):
        action = ACTIONS[name]
        rows.append((action, [bool(POLICY.test_rule(name, u, None)) for u in users]))
    return roles, rows


def render_markdown() -> str:
    """The permissions matrix as Markdown (docs/permissions.md is this, generated)."""
    roles, rows = matrix()
    labels = {str(r): str(r.label) for r in Role}
    head = "| action | " + " | ".join(labels[r] + f" `{r}`" for r in roles) + " | what |"
    sep = "|---" * (len(roles) + 2) + "|"
    lines = [
        "# Permissions",
        "",
        "Generated by `redrider permissions_doc` from `accounts/policy.py` and each app's",
        "`policy.py`; do not edit by hand. ✓ means the role may, within the region it can see",
        "(object-level conditions — its own station, an assigned nomination — are in the last column).",
        "",
        head,
        sep,
    ]
    for action, cells in rows:
        marks = " | ".join("✓" if c else "·" for c in cells)
        lines.append(f"| `{action.name}` | {marks} | {action.describe} |")
    return "\n".join(lines) + "\n"


PredicateFn = Callable[..., bool]


# --- Accounts' own actions ---------------------------------------------------------------------

rule(
    "accounts.create",
    is_system_admin | is_officer,
    "Create an account: the system admin creates staff accounts without any role (a security "
    "admin grants it); an officer creates staff of its region with grants within its own "
    "(accounts.services.account_create / staff_create). The security admin creates none.",
)
rule(
    "accounts.grant",
    (is_officer & covers_account & is_other_account)
    | (is_security_admin & is_other_account & not_a_duty_account),
    "Give a staff account its role, region and personal-data permissions "
    "(accounts.services.user_grant): the security admin any role but the three duties (system "
    "admin, security admin, auditor: a superuser's), to any account but its own or a duty's; an "
    "officer never beyond its own role, region or permissions, never to its own account, only to "
    "accounts holding nothing more than itself. Never superuser.",
)
rule(
    "accounts.manage",
    (is_officer & covers_account) | (is_system_admin & is_other_account & not_a_duty_account),
    "Change an account's name, password or whether it may sign in (the admin): the system admin "
    "any account but its own or a duty's; an officer accounts of its region holding nothing "
    "more than itself.",
)
