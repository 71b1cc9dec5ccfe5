from __future__ import annotations

from ninja import Router, Schema

from redrider.core.api import errors

from .api_auth import AUTH
from .services import token_issue, token_sign_in

router = Router(tags=["auth"])
PREFIX = "/auth"  # mounted at /api/v1/auth (DESIGN §5: POST /api/v1/auth/token)


class TokenIn(Schema):
    username: str
    password: str
    # Staff: the 6-digit code of their authenticator (or a recovery code); riders leave it out.
    otp: str = ""


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    scope_code: str


@router.post("/token", response={200: TokenOut, **errors(401, 403, 429)}, auth=None)
def token(request, payload: TokenIn):
    """Exchange a user name (riders: phone number) and password — and, for staff, the one-time
    code `otp` — for a bearer token."""
    user = token_sign_in(
        request=request, username=payload.username, password=payload.password, otp=payload.otp
    )
    return {"token": token_issue(user=user)}


@router.get("/me", response=MeOut, auth=AUTH)
def me(request):
    u = request.auth
    return {
        "username": u.username,
        "display_name": u.display_name,
        "role": u.role,
        "scope_code": u.scope_code,
    }
