from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from redrider.core.audit import audit_record

SESSION_KEY = "last_seen"
# The session is written only when something in it changes (SESSION_SAVE_EVERY_REQUEST is off):
# every write stores the whole session, so a page's background requests writing it on each call
# would undo a change another request just made (the officer's region switch). The last-seen
# stamp moves at most once a minute for staff (their idle limit is 30 minutes) and once a day for
# riders (which also slides their 30-day cookie).
REFRESH_STAFF_SECONDS = 60
REFRESH_RIDER_SECONDS = 24 * 3600


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_SECONDS without a request.

    Riders keep long sessions (phones, weak signal); staff desks are shared.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if (
                user.is_staff_role
                and last is not None
                and now - float(last) > settings.STAFF_IDLE_SECONDS
            ):
                audit_record(actor=user, action="session.idle_timeout", obj=user)
                logout(request)
            else:
                every = REFRESH_STAFF_SECONDS if user.is_staff_role else REFRESH_RIDER_SECONDS
                if last is None or now - float(last) >= every:
                    request.session[SESSION_KEY] = now
        return self.get_response(request)


# Where an unverified staff session may go: the second-factor and password pages, signing out,
# languages and static files.
OPEN_PATHS = ("/accounts/otp/", "/accounts/password/", "/logout/", "/login/", "/i18n/", "/static/")
OTP_STATE_KEY = "otp_state"  # "device" | "none": looked up once per session


class StaffSecondFactorMiddleware:
    """A staff session does nothing before its second factor and a current password.

    Riders are exempt. A staff account with a TOTP device is sent to the code page until the
    session is verified; one without a device, when STAFF_OTP_REQUIRED, to the enrolment page;
    a staff password older than STAFF_PASSWORD_MAX_AGE_DAYS to the password page. The API,
    when called with the session, answers 401/403 with `{"detail","code"}` instead. (Bearer
    tokens are issued only with a code: accounts.services.token_sign_in.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_second_factor
            and not request.path.startswith(OPEN_PATHS)
        ):
            refusal = self._refusal(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request, user):
        from django.conf import settings

        from .otp import has_device
        from .passwords import password_expired

        verified = user.is_verified() if hasattr(user, "is_verified") else False
        if not verified:
            state = request.session.get(OTP_STATE_KEY)
            if state is None:
                state = "device" if has_device(user) else "none"
                request.session[OTP_STATE_KEY] = state
            if state == "device":
                return _elsewhere(
                    request,
                    "/accounts/otp/verify/",
                    "otp_required",
                    "请输入动态验证码",
                    "enter your one-time code",
                    401,
                )
            if getattr(settings, "STAFF_OTP_REQUIRED", True):
                return _elsewhere(
                    request,
                    "/accounts/otp/setup/",
                    "otp_enrolment_required",
                    "请先绑定动态验证码（身份验证器）",
                    "set up your authenticator first",
                    403,
                )
        if password_expired(user):
            return _elsewhere(
                request,
                "/accounts/password/",
                "password_expired",
                "密码已超过 90 天未更换，请先修改密码",
                "your password is older than 90 days: change it first",
                403,
            )
        return None


def _elsewhere(request, url: str, code: str, zh: str, en: str, status: int):
    from urllib.parse import urlencode

    from django.http import HttpResponseRedirect, JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": f"{zh} / {en}", "code": code},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
