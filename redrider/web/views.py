"""Page shells: sign-in, the console home, the region switcher, the rider tabs, the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.pages import FOCUS_KEY, focus_code, staff_required
from redrider.accounts.policy import can, is_host, is_rider
from redrider.accounts.services import auth_sign_in
from redrider.core.errors import DomainError
from redrider.core.models import AuditEvent
from redrider.dashboard.registry import groups
from redrider.dashboard.selectors import indicators_for
from redrider.regions import tree

from .nav import console_nav, indicator_link


def _safe_next(request, default: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    return default


def login_view(request):
    error, status = None, 200
    if request.method == "POST":
        try:
            user = auth_sign_in(
                request=request,
                username=request.POST.get("username", ""),
                password=request.POST.get("password", ""),
            )
        except DomainError as exc:
            # English readers get English; Tibetan readers read Chinese better than English.
            error = exc.en if request.LANGUAGE_CODE == "en" else exc.zh
            status = exc.status
        else:
            login(request, user, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
            default = "/rider/" if is_rider(user) else "/console/"
            return HttpResponseRedirect(_safe_next(request, default))
    return render(
        request,
        "web/login.html",
        {"error": error, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("web:login")


def home(request):
    if is_rider(request.user):
        return redirect("web:rider_home")
    if request.user.is_authenticated:
        return redirect("web:console")
    return redirect("web:login")


@staff_required
def console_home(request):
    """The console's first page: the headline figures of each part of the programme."""
    if can(request.user, "honours.jury_desk"):
        # Jurors see no region: their desk lists only what is assigned to them.
        return redirect("honours:jury_home")
    if not can(request.user, "web.console"):
        # A host's console is their station (DESIGN §4 rule 8): no county figures; an
        # auditor's is the audit log; the system and security admins' the accounts.
        if can(request.user, "accounts.create") or can(request.user, "accounts.grant"):
            return redirect("admin:accounts_user_changelist")
        return redirect("stations:console_list" if is_host(request.user) else "web:audit")
    figures = indicators_for(user=request.user, region_code=focus_code(request))
    # A figure links to its list when the user's menu has that part (a host sees no appeals).
    reachable = {
        "/" + item["url"].strip("/").split("/")[0] + "/"
        for item in console_nav(request.user, request.path)
        if item["url"] != "/console/"
    }

    def link(key):
        url = indicator_link(key)
        return url if url and any(url.startswith(u) for u in reachable) else None

    headline = [
        dict(g, cards=[(k, label, value, link(k)) for k, label, value in g["cards"][:4]])
        for g in groups(figures["indicators"])
    ]
    return render(request, "web/console_home.html", {"figures": figures, "groups": headline})


@require_POST
@staff_required
def region_focus(request):
    code = request.POST.get("code", "")
    scope = tree.user_region(request.user)
    if scope and tree.is_known(code) and tree.within(code, scope):
        request.session[FOCUS_KEY] = code
    else:
        messages.error(request, _("只能切换到本辖区内的区域"))
    return HttpResponseRedirect(_safe_next(request, "/console/"))


@staff_required
def audit_list(request):
    if not can(request.user, "web.audit_log"):
        return render(request, "web/forbidden.html", status=403)
    qs = AuditEvent.objects.select_related("actor").all()
    scope = tree.user_region(request.user)
    if scope and tree.prefix(scope):  # a province admin reads their province; an auditor all
        qs = qs.filter(region_code__startswith=tree.prefix(scope))
    action = request.GET.get("action", "")
    if action:
        qs = qs.filter(action__startswith=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {"page": page, "action": action})


@login_required
def rider_home(request):
    from .nav import rider_nav

    first = rider_nav(request.path)[0]["url"]
    return redirect(first)


@login_required
def rider_me(request):
    """The rider's own corner: profile, cases, activities, points, with counts at a glance."""
    from .nav import rider_links

    return render(request, "web/rider_me.html", {"links": rider_links(request.user)})
