"""API plumbing shared by every router: auth, error mapping, pagination, parsing helpers."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from .errors import DomainError

MAX_PAGE = 500


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from redrider.accounts.services import token_authenticate

        user = token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


AUTH = [BearerAuth(), django_auth]


def error_body(code: str, zh: str, en: str, **extra: Any) -> dict:
    return {"detail": f"{zh} / {en}", "code": code, **extra}


def install_error_handlers(api) -> None:
    """Map every refusal once: DomainError, validation, auth, 404 → `{"detail", "code"}`."""

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc: DomainError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc: NinjaValidationError):
        fields = []
        for err in exc.errors:
            loc = ".".join(
                str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")
            )
            fields.append({"field": loc, "message": err.get("msg", "")})
        names = ", ".join(f["field"] for f in fields if f["field"]) or "-"
        body = error_body(
            "invalid_input", f"请求参数无效：{names}", f"invalid input: {names}", errors=fields
        )
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        body = error_body("unauthorized", "未登录或令牌无效", "not signed in or invalid token")
        return api.create_response(request, body, status=401)

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return api.create_response(
            request, error_body("not_found", "对象不存在", "not found"), status=404
        )

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request, exc):
        # A multipart body without a boundary (or otherwise unreadable) is the client's error.
        body = error_body("bad_multipart", "上传内容格式无效", "malformed multipart body")
        return api.create_response(request, body, status=400)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        body = error_body("http_error", str(exc), str(exc))
        return api.create_response(request, body, status=exc.status_code)


def page(queryset, *, limit: int, offset: int, serialise) -> dict:
    """`{"items": [...], "count": N}` for one page of a queryset (limit capped at MAX_PAGE)."""
    if limit < 1 or limit > MAX_PAGE or offset < 0:
        raise DomainError(
            "invalid_page",
            f"limit 须在 1–{MAX_PAGE} 之间，offset 不能为负",
            f"limit must be 1–{MAX_PAGE} and offset non-negative",
            status=422,
        )
    count = queryset.count()
    return {"items": [serialise(o) for o in queryset[offset : offset + limit]], "count": count}


def parse_point(lat: Any, lng: Any, crs: str = "wgs84") -> tuple[float, float]:
    """The WGS-84 (lat, lng) of a point a user gave in `crs` (wgs84, gcj02 or bd09).

    The one place user input becomes a point: missing, non-numeric, NaN, infinite or
    out-of-range coordinates answer 422 `invalid_point`, an unknown crs 422 `unknown_crs`.
    """
    from redrider.geo.crs import InvalidPoint, UnknownCRS, to_wgs84

    if lat is None or lng is None or lat == "" or lng == "":
        raise DomainError("invalid_point", "缺少经纬度", "lat and lng are required", status=422)
    try:
        flat, flng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise DomainError(
            "invalid_point", "经纬度必须是数字", "lat and lng must be numbers", status=422
        ) from None
    try:
        return to_wgs84(flat, flng, crs)
    except UnknownCRS:
        raise DomainError(
            "unknown_crs",
            f"未知坐标系：{crs}（可用 wgs84、gcj02、bd09）",
            f"unknown crs: {crs} (use wgs84, gcj02 or bd09)",
            status=422,
        ) from None
    except InvalidPoint:
        raise DomainError(
            "invalid_point",
            "经纬度须为有限数且在范围内",
            "lat/lng must be finite and in range",
            status=422,
        ) from None
