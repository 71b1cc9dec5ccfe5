"""What every app's console pages share: who may open them, and the region they are narrowed to.

The page shells themselves (templates, navigation, the region switcher) are the `web` app's, at the
top of the layers; these two helpers sit here so that every domain app's views can use them.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .scoping import code_within, user_scope_code

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
    """The region the console is narrowed to: the session's choice when within scope."""
    scope = user_scope_code(request.user)
    if scope is None:
        return None
    chosen = request.session.get(FOCUS_KEY)
    if chosen and code_within(chosen, scope):
        return chosen
    return scope
