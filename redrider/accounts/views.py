"""Sign-in pages of the accounts: django-axes' refusals, the staff second factor and the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from redrider.core.audit import audit_record
from redrider.core.errors import DomainError

from . import otp
from .middleware import OTP_STATE_KEY
from .passwords import password_expired
from .services import locked


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """JSON `{"detail","code"}` for the API, the sign-in page with the message for pages."""
    refusal = locked()
    if request.path.startswith("/api/"):
        return JsonResponse(refusal.as_dict(), status=refusal.status)
    message = refusal.en if getattr(request, "LANGUAGE_CODE", "") == "en" else refusal.zh
    return render(request, "web/login.html", {"error": message}, status=refusal.status)


# --- The staff second factor and password pages (accounts/urls.py, under /accounts/) ----------


MAX_CODE_FAILURES = 5


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return nxt
    return "/"


def _message(exc: DomainError, request) -> str:
    return exc.en if getattr(request, "LANGUAGE_CODE", "") == "en" else exc.zh


@never_cache
@login_required
def otp_verify(request):
    """The code after the password: a TOTP code or one recovery code; five wrong ones sign out."""
    user = request.user
    if not user.needs_second_factor or user.is_verified():
        return HttpResponseRedirect(_next(request))
    error, status = None, 200
    if request.method == "POST":
        try:
            otp.verify(request=request, user=user, code=request.POST.get("code", ""))
        except DomainError as exc:
            failures = request.session.get("otp_failures", 0) + 1
            request.session["otp_failures"] = failures
            if failures >= MAX_CODE_FAILURES:
                logout(request)
                return HttpResponseRedirect("/login/")
            error, status = _message(exc, request), exc.status
        else:
            request.session.pop("otp_failures", None)
            request.session[OTP_STATE_KEY] = "device"
            return HttpResponseRedirect(_next(request))
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _next(request)},
        status=status,
    )


@never_cache
@login_required
def otp_setup(request):
    """Enrolment: the QR code and the key, confirmed by a first code; then the recovery codes."""
    user = request.user
    if not user.needs_second_factor:
        return HttpResponseRedirect("/")
    if otp.has_device(user):
        if not user.is_verified():
            return HttpResponseRedirect("/accounts/otp/verify/")
        return render(request, "accounts/otp_status.html", {"next": _next(request)})
    device = otp.pending_device(user)
    error, status = None, 200
    if request.method == "POST":
        try:
            codes = otp.enrol_confirm(request=request, user=user, code=request.POST.get("code", ""))
        except DomainError as exc:
            error, status = _message(exc, request), exc.status
        else:
            request.session[OTP_STATE_KEY] = "device"
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "qr": otp.qr_data_uri(device),
            "secret": otp.secret_words(device),
            "error": error,
            "next": _next(request),
        },
        status=status,
    )


@never_cache
@login_required
def recovery_codes(request):
    """Ten new recovery codes (POST, a verified session only); the old ones stop working."""
    user = request.user
    if request.method != "POST" or not user.needs_second_factor or not user.is_verified():
        return HttpResponseRedirect("/accounts/otp/setup/")
    codes = otp.recovery_codes_renew(user=user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


@never_cache
@login_required
def password_change(request):
    """Change one's password (staff: every 90 days, with the staff rules); audited."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit_record(
            actor=user, action="auth.password_change", obj=user, region_code=user.scope_code
        )
        messages.success(request, _("密码已修改"))
        return HttpResponseRedirect(_next(request))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "expired": password_expired(request.user), "next": _next(request)},
    )
