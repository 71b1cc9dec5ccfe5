from __future__ import annotations

from .context import client_ip, current_ip


class RequestContextMiddleware:
    """Remembers the client IP for the duration of a request so audit rows can name it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
