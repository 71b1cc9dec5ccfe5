"""Structured logs: one JSON object per line, and no personal data in any of them.

`JsonFormatter` writes time (UTC), level, logger, message and the known context fields
(request id, method, route, status, duration, the account's id and role — never a name, phone,
ID number, IP address or query string). Every message and traceback goes through `scrub` first,
which masks mainland mobile numbers and ID numbers (the formats of DESIGN §4.2), bearer tokens
and `password=`/`code=` values, wherever a library or a careless message put them.

`RequestLogMiddleware` writes the one access line per request (gunicorn's own access log is
off: deploy/gunicorn.conf.py), with the route pattern (`/api/v1/appeals/{id}`) rather than
the path where one is known.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid

from .pii import mask_id_number, mask_phone

_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d{9})(?!\d)")
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_SECRET = re.compile(
    r"(?i)(bearer\s+|password[\"']?\s*[:=]\s*[\"']?|(?:otp|code|token)[\"']?\s*[:=]\s*[\"']?)"
    r"([^\s\"'&,;]+)"
)

CONTEXT_FIELDS = (
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "user_id",
    "role",
    "seconds",
    "kind",
)


def scrub(text: str) -> str:
    """`text` with phone numbers, ID numbers and secrets masked."""
    text = _ID.sub(lambda m: mask_id_number(m.group(1)), text)
    text = _PHONE.sub(lambda m: mask_phone(m.group(1)), text)
    return _SECRET.sub(lambda m: m.group(1) + "***", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for name in CONTEXT_FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class ScrubbingTextFormatter(logging.Formatter):
    """Plain text for a workstation, with the same masking."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


access = logging.getLogger("redrider.access")


class RequestLogMiddleware:
    """One access log line per request, by route, without personal data; an X-Request-ID
    header (from the proxy, or made here) ties the line to the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = (request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex)[:64]
        request.request_id = request_id
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = "/" + match.route if match is not None and match.route else request.path
        user = getattr(request, "user", None)
        known = bool(getattr(user, "is_authenticated", False))
        access.info(
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "route": scrub(route),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": getattr(user, "pk", None) if known else None,
                "role": getattr(user, "role", None) if known else None,
            },
        )
        response["X-Request-ID"] = request_id
        return response
