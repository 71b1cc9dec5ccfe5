from __future__ import annotations

from .context import client_ip, current_ip
from .text import clean_text

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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


class CleanFormInputMiddleware:
    """Form posts (console and rider pages) lose control characters before any view reads them.

    The form-side twin of `core.api.CleanParser`: pages read `request.POST` directly and hand
    the values to services, so the fields are cleaned once here (`core.text.clean_text`).
    Uploaded files are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
            cleaned = request.POST.copy()
            for key, values in cleaned.lists():
                cleaned.setlist(key, [clean_text(v) for v in values])
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)
