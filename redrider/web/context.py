"""Template context for the console frame: navigation, scope and the region in focus."""

from __future__ import annotations

from django.conf import settings

from redrider.core.scoping import code_within, scope_prefix, user_scope_code

from .nav import console_nav, rider_nav

FOCUS_KEY = "region_focus"


def focus_code(request) -> str | None:
    """The region the console is narrowed to: the session's choice when within scope."""
    scope = user_scope_code(request.user)
    if scope is None:
        return None
    chosen = request.session.get(FOCUS_KEY)
    if chosen and code_within(chosen, scope):
        return chosen
    return scope


def region_options(scope: str) -> list:
    """The switcher's choices: the scope and everything under it (the country: provinces and
    prefectures), from the per-process copy of the tree rather than a query per page."""
    from .templatetags.regions import all_regions

    prefix = scope_prefix(scope)
    if not prefix:
        return [r for r in all_regions() if r["level"] in ("province", "prefecture")]
    return [r for r in all_regions() if r["code"].startswith(prefix)]


def console(request) -> dict:
    user = getattr(request, "user", None)
    ctx: dict = {"MAP_TILES": settings.MAP_TILES, "MAP_TILES_KEY": settings.MAP_TILES_KEY}
    if user is None or not user.is_authenticated:
        ctx["rider_nav"] = rider_nav(request.path)
        return ctx
    ctx["rider_nav"] = rider_nav(request.path)
    if user.is_staff_role or user.is_superuser:
        ctx["nav"] = console_nav(user, request.path)
        scope = user_scope_code(user)
        ctx["scope_code"] = scope
        ctx["focus_code"] = focus_code(request)
        if scope is not None:
            ctx["region_options"] = region_options(scope)
            ctx["breadcrumb"] = breadcrumb(scope, ctx["focus_code"])
    return ctx


def breadcrumb(scope: str, focus: str | None) -> list[dict]:
    """Where the console is narrowed to, from the user's own scope down: 四川省 › 成都市 › 锦江区.
    Each step leads back up (the last one is where you are)."""
    from .templatetags.regions import _names

    if not focus:
        return []
    names = _names()
    chain = [focus]
    code = focus
    while code != scope:
        parent = code[:4] + "00" if not code.endswith("00") else code[:2] + "0000"
        if parent == code or not code_within(parent, scope):
            break
        chain.append(parent)
        code = parent
    return [{"code": c, "name": names.get(c, c)} for c in reversed(chain) if c in names]
