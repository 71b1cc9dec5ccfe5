"""What every app's console pages share: who may open them, and the region they are narrowed to.

The page shells themselves (templates, navigation, the region switcher) are the `web` app's, at the
top of the layers; these two helpers are about the signed-in account and its region, so they sit
with the accounts, below every domain app's views.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from redrider.regions import tree

FOCUS_KEY = "region_focus"


def staff_required(view):
    """Console pages: signed-in staff only; riders get 403, strangers the login page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_staff_role or user.is_superuser):
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def focus_code(request) -> str | None:
    """The region the console is narrowed to: the session's choice when it is a region of the
    tree within scope (a session written before that rule falls back to the scope)."""
    scope = tree.user_region(request.user)
    if scope is None:
        return None
    chosen = request.session.get(FOCUS_KEY)
    if chosen and tree.is_known(chosen) and tree.within(chosen, scope):
        return chosen
    return scope
