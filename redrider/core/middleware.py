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


class PrivateResponseMiddleware:
    """Personal data never rests in a cache: every answer to a signed-in request (a session or
    a bearer token) that does not say otherwise gets `Cache-Control: private, no-store`.

    A view that sets its own Cache-Control keeps it (a public honour photo may be cached; a
    private file says `private, no-store` itself). Also sends Permissions-Policy: the rider
    pages use geolocation and the camera (QR check-in) of this site only; nothing else.
    """

    PERMISSIONS = "geolocation=(self), camera=(self), microphone=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = (user is not None and user.is_authenticated) or request.META.get(
            "HTTP_AUTHORIZATION", ""
        ).lower().startswith("bearer ")
        if signed_in and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        response.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response
