"""503 with a clear message when the database (or the shared cache) cannot answer.

A database that is down, restarting, or (SQLite) locked by another process longer than the busy
timeout is not a bug in the request: the client should wait and retry — with the same
`Idempotency-Key` for writes, which then adds nothing. So such errors answer
`503 {"detail", "code": "database_unavailable"}` with `Retry-After`, never a 500, wherever they
surface:

- inside an API operation: the NinjaAPI's exception handler (`install`);
- inside a page view: `UnavailableMiddleware.process_exception`;
- inside a middleware (the session or the user looked up before any view): `server_error`, the
  project's `handler500`, which still sees the exception being handled.

Nothing is half-written: every write service runs in one transaction, which the database rolls
back when the connection dies; Django closes the broken connection at the end of the request
(`CONN_HEALTH_CHECKS` tests a reused one before the next), so the process recovers by itself as
soon as the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

log = logging.getLogger("redrider.unavailable")

RETRY_AFTER_SECONDS = 5

# SQLite reports a locked or unreadable file as OperationalError, but so are mistakes in SQL
# ("no such table"): only these messages mean "the file is busy or gone, try again".
SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o", "readonly")


def _cache_errors() -> tuple[type[BaseException], ...]:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a pinned dependency
        return ()
    return (RedisConnectionError, RedisTimeoutError)


def unavailable_kind(exc: BaseException | None) -> str | None:
    """ "database" or "cache" when `exc` means that service cannot answer now; else None."""
    if exc is None:
        return None
    if isinstance(exc, _cache_errors()):
        return "cache"
    if isinstance(exc, InterfaceError):
        return "database"
    if isinstance(exc, OperationalError):
        cause = exc.__cause__
        module = type(cause).__module__ if cause is not None else ""
        if module.startswith("sqlite3") or "sqlite" in str(type(cause)).lower():
            text = str(exc).lower()
            return "database" if any(word in text for word in SQLITE_TRANSIENT) else None
        return "database"
    if isinstance(exc, DatabaseError):
        # psycopg reports a dropped connection in the middle of a statement as a DatabaseError
        # whose cause is its own OperationalError.
        cause = exc.__cause__
        if cause is not None and type(cause).__name__ in ("OperationalError", "InterfaceError"):
            return "database"
    return None


MESSAGES = {
    "database": (
        "database_unavailable",
        "数据库暂时不可用，请稍后重试（已提交的操作不会丢失，重试不会重复记账）",
        "the database is temporarily unavailable: try again shortly (nothing acknowledged is "
        "lost; a retry with the same Idempotency-Key adds nothing)",
    ),
    "cache": (
        "cache_unavailable",
        "缓存服务暂时不可用，请稍后重试",
        "the cache service is temporarily unavailable: try again shortly",
    ),
}


def unavailable_response(request, kind: str) -> HttpResponse:
    """The 503: JSON `{"detail","code"}` for the API, a short page otherwise; no database use."""
    code, zh, en = MESSAGES[kind]
    log.warning("%s unavailable: %s %s answered 503", kind, request.method, request.path)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": f"{zh} / {en}", "code": code},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        english = getattr(request, "LANGUAGE_CODE", "") == "en"
        html = render_to_string(
            "core/unavailable.html", {"message": en if english else zh, "code": code}
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class UnavailableMiddleware:
    """Turns a database or cache outage inside a view into the 503 (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = unavailable_kind(exception)
        return unavailable_response(request, kind) if kind else None


def server_error(request, *args, **kwargs):
    """handler500: the 503 when the error being handled is an outage, Django's 500 otherwise."""
    kind = unavailable_kind(sys.exc_info()[1])
    if kind:
        return unavailable_response(request, kind)
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request, *args, **kwargs)


def install(api) -> None:
    """Register the 503 on a NinjaAPI for database and cache errors raised in operations."""

    def on_outage(request, exc):
        kind = unavailable_kind(exc)
        if kind is None:
            raise exc  # a real bug: Django's 500 (and its log line) handles it
        return unavailable_response(request, kind)

    for error in (DatabaseError, *_cache_errors()):
        api.add_exception_handler(error, on_outage)
