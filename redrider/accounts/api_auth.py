"""How the JSON API knows who is calling: a bearer token, or the browser's session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from .services import token_authenticate


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


# Every router's `auth=`: a bearer token first, then the signed-in session.
AUTH = [BearerAuth(), django_auth]
