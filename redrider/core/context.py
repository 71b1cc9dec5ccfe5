"""The current request's IP and user agent, for audit rows written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    # Behind the reverse proxy only REMOTE_ADDR set by the proxy is trusted.
    return request.META.get("REMOTE_ADDR")
