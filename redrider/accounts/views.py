"""Responses for sign-in refusals that django-axes produces outside our own views."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .services import locked


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """JSON `{"detail","code"}` for the API, the sign-in page with the message for pages."""
    refusal = locked()
    if request.path.startswith("/api/"):
        return JsonResponse(refusal.as_dict(), status=refusal.status)
    message = refusal.en if getattr(request, "LANGUAGE_CODE", "") == "en" else refusal.zh
    return render(request, "web/login.html", {"error": message}, status=refusal.status)
