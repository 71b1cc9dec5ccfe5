"""Template context for the console frame: navigation, scope and the region in focus."""

from __future__ import annotations

from django.conf import settings

from redrider.accounts.pages import focus_code
from redrider.core.scoping import NATIONAL_CODE
from redrider.regions import tree

from .nav import console_nav, rider_nav


def region_options(scope: str) -> list:
    """The switcher's choices: the scope and everything under it (the country: provinces and
    prefectures), from the per-process copy of the tree rather than a query per page."""
    if scope == NATIONAL_CODE:
        return [n for n in tree.nodes() if n.level in ("province", "prefecture")]
    # Down the children index (a county officer's page walks one node, not the whole country:
    # filtering every node of the tree cost ~30 ms on each console page). Codes nest, so this
    # depth-first walk in code order is code order.
    nodes = tree.tree()
    found, stack = [], [scope] if scope in nodes else []
    while stack:
        code = stack.pop()
        found.append(nodes[code])
        stack.extend(reversed(tree.children(code)))
    return found


def console(request) -> dict:
    user = getattr(request, "user", None)
    ctx: dict = {"MAP_TILES": settings.MAP_TILES, "MAP_TILES_KEY": settings.MAP_TILES_KEY}
    if user is None or not user.is_authenticated:
        ctx["rider_nav"] = rider_nav(request.path)
        return ctx
    ctx["rider_nav"] = rider_nav(request.path)
    if user.is_staff_role or user.is_superuser:
        ctx["nav"] = console_nav(user, request.path)
        scope = tree.user_region(user)
        ctx["scope_code"] = scope
        ctx["focus_code"] = focus_code(request)
        if scope is not None:
            ctx["region_options"] = region_options(scope)
            ctx["breadcrumb"] = breadcrumb(scope, ctx["focus_code"])
    return ctx


def breadcrumb(scope: str, focus: str | None) -> list[dict]:
    """Where the console is narrowed to, from the user's own scope down: 四川省 › 成都市 › 锦江区.
    Each step leads back up (the last one is where you are)."""
    if not focus or not tree.is_known(focus):
        return []
    chain = [c for c in tree.lineage(focus) if tree.within(c, scope)]
    return [{"code": c, "name": tree.name_of(c)} for c in chain]
