"""Rate limits kept in the shared cache (Redis in production), so every app process counts
the same requests: sign-ins, SMS codes, lists and exports.

Fixed windows: the first request of a window creates the counter (`cache.add`), each request
increments it atomically (`cache.incr`, INCR in Redis); past the limit the request answers
429 `{"detail","code": "rate_limited"}` with `Retry-After`. Limits are `RATE_LIMITS` in the
settings — `{bucket: (requests, seconds)}` — and `RATE_LIMITS_ENABLED` turns them off
(the test settings do, except in the tests of this module).

These sit in front of the finer rules that stay where they are: django-axes locks a user name
after five failed sign-ins (in the database, shared too), and SMS codes keep their per-phone and
per-IP hourly limits in the database (riders.services.registration).

If the cache is unreachable the limits fail open (a request is never refused because Redis is
down); /api/v1/health reports the cache.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger("redrider.ratelimit")

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    # per client IP: password guessing across many names (one name locks after 5: axes)
    "login": (30, 60),
    # per client IP: SMS codes cost money and can be used to harass a phone
    "sms": (10, 60),
    # per account (or IP when signed out): any API read
    "list": (600, 60),
    # per account: spreadsheets and documents are heavy and carry personal data
    "export": (20, 600),
}

EXPORT_SUFFIXES = (".xlsx", ".docx", ".pdf", ".csv")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int
    count: int


def hit(bucket: str, ident: str, *, limit: int, window: int, now: float | None = None) -> Verdict:
    """Count one request of `ident` in `bucket`; allowed while the window's count ≤ `limit`."""
    now = time.time() if now is None else now
    slot = int(now // window)
    key = f"rl:{bucket}:{ident}:{slot}"
    retry_after = max(1, int(window - now % window))
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    except Exception:  # noqa: BLE001 - a cache outage must not refuse requests
        log.warning("rate limit cache unavailable; %s not limited", bucket)
        return Verdict(True, 0, 0)
    if count is None:  # django-redis ignoring a connection error
        return Verdict(True, 0, 0)
    return Verdict(count <= limit, retry_after, int(count))


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "RATE_LIMITS", {})}


def bucket_of(request) -> str | None:
    """Which limit a request counts against (None: not limited here)."""
    path, method = request.path, request.method
    if method == "POST" and (
        path == "/login/" or path.startswith(("/api/v1/auth/", "/accounts/otp/"))
    ):
        return "login"
    if method == "POST" and path.endswith("/sms-codes"):
        return "sms"
    if method == "GET" and (
        "/export" in path or path.endswith(EXPORT_SUFFIXES) or "/report." in path
    ):
        return "export"
    if method == "POST" and path.rstrip("/").endswith("/exports"):
        return "export"
    if method == "GET" and path.startswith("/api/") and path != "/api/v1/health":
        return "list"  # the health check is polled by monitoring and load balancers
    return None


def identity(request, bucket: str) -> str:
    """Who is counted: the IP for sign-ins and SMS codes; otherwise the account (a bearer
    token's digest, or the signed-in session's user), the IP when signed out."""
    ip = request.META.get("REMOTE_ADDR") or "-"
    if bucket in ("login", "sms"):
        return f"ip:{ip}"
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("bearer "):
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()[:32]
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
    return f"ip:{ip}"


def refusal(request, verdict: Verdict) -> HttpResponse:
    zh, en = "请求过于频繁，请稍后再试", "too many requests: try again later"
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": f"{zh} / {en}", "code": "rate_limited"},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        english = getattr(request, "LANGUAGE_CODE", "") == "en"
        html = render_to_string(
            "core/unavailable.html", {"message": en if english else zh, "status": 429}
        )
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


class RateLimitMiddleware:
    """Counts each request against its bucket (after authentication, so a session's user is
    known) and answers 429 past the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "RATE_LIMITS_ENABLED", True):
            bucket = bucket_of(request)
            if bucket is not None:
                limit, window = limits()[bucket]
                verdict = hit(bucket, identity(request, bucket), limit=limit, window=window)
                if not verdict.allowed:
                    log.warning("rate limited: %s %s (%s)", request.method, request.path, bucket)
                    return refusal(request, verdict)
        return self.get_response(request)
