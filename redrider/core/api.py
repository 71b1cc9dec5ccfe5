"""API plumbing shared by every router: auth, error mapping, pagination, parsing helpers."""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.http import Http404, HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import AfterValidator, Field, model_validator

from redrider.geo.crs import SUPPORTED_CRS, InvalidPoint, to_wgs84

from .errors import DomainError
from .idempotency import HEADER, key_missing, key_too_long
from .schemas import ErrorOut
from .text import clean_deep, clean_text

MAX_PAGE = 500
# Far beyond any real list, and small enough that offset + limit fits every database's integer.
MAX_OFFSET = 10_000_000
# The largest value a bigint primary key holds; a larger id names nothing.
MAX_ID = 2**63 - 1

# The one pagination of every list (`{"items", "count"}`): declare `limit: Limit = 50,
# offset: Offset = 0` and pass both to `page()`. Out of range answers 422 before any query.
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE, description=f"page size, 1–{MAX_PAGE}")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"rows to skip, 0–{MAX_OFFSET}")]
# Every integer id taken from a path (`/{int:id}`) or a body: 1 … 2^63−1, else 422.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID, description="object id")]


def _no_constants(name: str):
    # NaN and Infinity are not JSON (RFC 8259), though Python's parser would accept them; what
    # sends them is usually a broken GPS reading, so the answer names the number, not the syntax.
    raise DomainError(
        "non_finite_number",
        f"数值必须是有限数（收到 {name}）",
        f"numbers must be finite (got {name})",
        status=422,
    )


def _refuse_huge_integers(value: Any) -> None:
    """422 for a JSON integer no database column can hold (beyond signed 64 bits)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not -MAX_ID - 1 <= value <= MAX_ID:
            raise DomainError(
                "number_out_of_range",
                "整数超出允许范围",
                "an integer is out of range",
                status=422,
            )
    elif isinstance(value, dict):
        for item in value.values():
            _refuse_huge_integers(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_huge_integers(item)


class CleanParser(Parser):
    """The API's one way in for request data: JSON bodies, query strings and form fields.

    Every string is passed through `core.text.clean_text` (control characters never reach a
    service, so never a stored row or an export); a JSON body carrying a lone surrogate is
    refused with 422 `lone_surrogate` before any view runs, NaN or Infinity with 422
    `non_finite_number`, an integer beyond 64 bits with 422 `number_out_of_range`, and a body
    that is not JSON with 400 `invalid_json`.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body, parse_constant=_no_constants)
        except (ValueError, UnicodeDecodeError):
            raise DomainError(
                "invalid_json", "请求体不是有效的 JSON", "the request body is not valid JSON"
            ) from None
        _refuse_huge_integers(data)
        return clean_deep(data, strict=True)

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        return {
            key: (
                [clean_text(v) if isinstance(v, str) else v for v in value]
                if isinstance(value, list)
                else clean_text(value)
                if isinstance(value, str)
                else value
            )
            for key, value in parsed.items()
        }


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The refusals an operation gives beyond those its shape implies (see `declare_refusals`),
    for its `response=`: `response={200: ThingOut, **errors(403, 409)}`."""
    return dict.fromkeys(statuses, ErrorOut)


def file_answer(*media_types: str) -> dict:
    """`openapi_extra` of an operation answering a file (its 200 is bytes of these types)."""
    content = {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}
    return {"responses": {200: {"description": "OK", "content": content}}}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# What any operation may answer because of its shape, whatever it does (`declare_refusals`).
_SHAPE_REFUSALS = {
    400: "the body is not valid JSON or not a readable upload, or the Idempotency-Key is missing",
    401: "not signed in, or the token is invalid or expired",
    404: "an object or a region it names does not exist, or is outside the caller's region",
    422: "an input is missing, malformed or out of range",
    429: "too many requests from this account or address (core.ratelimit); see Retry-After",
    503: "the database or the cache is unavailable for a moment (core.unavailable); retry, "
    "with the same Idempotency-Key for a write",
}


def _names_something(name: str) -> bool:
    """An input naming an object or a region: what another region holds does not exist for the
    caller (DESIGN §4 rule 1), so naming it may answer 404."""
    return name in ("id", "region", "region_code", "demand_set") or name.endswith("_id")


def _body_fields(schema: dict, operation: dict) -> list[str]:
    names: list[str] = []
    for media in operation.get("requestBody", {}).get("content", {}).values():
        node = media.get("schema", {})
        while "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        names += list(node.get("properties", {}))
    return names


def _rate_limited(path: str, method: str) -> bool:
    """Whether core.ratelimit counts this operation (its `bucket_of`, by path and method)."""
    from types import SimpleNamespace

    from .ratelimit import bucket_of

    concrete = path.replace("{", "").replace("}", "")
    return bucket_of(SimpleNamespace(path=concrete, method=method.upper())) is not None


def declare_refusals(schema: dict) -> dict:
    """Add to every operation of an OpenAPI `schema` the refusals its shape implies, each with
    the shared `ErrorOut` body: 401 when it needs a sign-in, 400 when it reads a body or takes an
    Idempotency-Key, 404 when its path, query or body names an object or a region, 422 when it
    takes any input; 503 for every operation (a database or cache outage) and 429 for every rate-limited one (API reads,
    sign-ins, SMS codes, exports: core.ratelimit). An operation declares the others it gives
    (403, 409, 413...) itself with `errors(...)`."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOut" not in components:
        json_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(json_schema.pop("$defs", {}))
        components["ErrorOut"] = json_schema
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            params = operation.get("parameters", [])
            named = [p["name"] for p in params] + _body_fields(schema, operation)
            shape = {
                401: bool(operation.get("security")),
                400: "requestBody" in operation
                or any(p.get("in") == "header" and p.get("name") == HEADER for p in params),
                404: any(p.get("in") == "path" for p in params)
                or any(_names_something(n) for n in named),
                422: bool(params) or "requestBody" in operation,
                429: _rate_limited(path, method),
                503: True,
            }
            responses = operation.setdefault("responses", {})
            for status, implied in shape.items():
                if implied and status not in responses and str(status) not in responses:
                    responses[status] = {"description": _SHAPE_REFUSALS[status], "content": ref}
    return schema


def error_body(code: str, zh: str, en: str, **extra: Any) -> dict:
    return {"detail": f"{zh} / {en}", "code": code, **extra}


def _idempotency_key_refusal(errors: list[dict]) -> DomainError | None:
    """The Idempotency-Key header keeps its own answers: missing or empty 400
    `idempotency_key_required`, too long 422 `idempotency_key_invalid`."""
    about_key = [e for e in errors if tuple(e.get("loc", ()))[:2] == ("header", HEADER)]
    if not about_key or len(about_key) < len(errors):
        return None  # other inputs are wrong too: the usual 422 names them all
    if any(e.get("type") in ("missing", "string_too_short") for e in about_key):
        return key_missing()
    return key_too_long()


def install_error_handlers(api) -> None:
    """Map every refusal once: DomainError, validation, auth, 404 → `{"detail", "code"}`."""

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc: DomainError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc: NinjaValidationError):
        refusal = _idempotency_key_refusal(exc.errors)
        if refusal is not None:
            return api.create_response(request, refusal.as_dict(), status=refusal.status)
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
        # ninja wraps whatever the parser raised; a DomainError there keeps its own answer.
        if isinstance(exc.__cause__, DomainError):
            cause = exc.__cause__
            return api.create_response(request, cause.as_dict(), status=cause.status)
        body = error_body("http_error", str(exc), str(exc))
        return api.create_response(request, body, status=exc.status_code)


@csrf_exempt  # as every API operation: tokens, not cookies (a POST to it must get the 404)
def path_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any /api/v1/ address no operation has (`/stations/abc` where an id belongs): the API's
    own 404 body, never the site's HTML page."""
    return JsonResponse(error_body("not_found", "对象不存在", "not found"), status=404)


def page(queryset, *, limit: int, offset: int, serialise) -> dict:
    """`{"items": [...], "count": N}` for one page of a queryset.

    The bounds of `Limit` and `Offset` are checked again here, so a list whose signature forgot
    the types still answers 422 `invalid_page` rather than handing the database a number it
    cannot hold.
    """
    if not (1 <= limit <= MAX_PAGE and 0 <= offset <= MAX_OFFSET):
        raise DomainError(
            "invalid_page",
            f"limit 须在 1–{MAX_PAGE} 之间，offset 须在 0–{MAX_OFFSET} 之间",
            f"limit must be 1–{MAX_PAGE} and offset 0–{MAX_OFFSET}",
            status=422,
        )
    count = queryset.count()
    return {"items": [serialise(o) for o in queryset[offset : offset + limit]], "count": count}


def check_crs(crs: str) -> str:
    """`crs` when it is one the platform speaks (wgs84, gcj02, bd09); else 422 `unknown_crs`."""

    if crs not in SUPPORTED_CRS:
        raise DomainError(
            "unknown_crs",
            f"未知坐标系：{crs}（可用 wgs84、gcj02、bd09）",
            f"unknown crs: {crs} (use wgs84, gcj02 or bd09)",
            status=422,
        )
    return crs


# A coordinate system asked for in a query (the answer's coordinates are given in it); another
# name answers 422 `unknown_crs`.
Crs = Annotated[
    str,
    AfterValidator(check_crs),
    Field(json_schema_extra={"enum": sorted(SUPPORTED_CRS)}, description="wgs84, gcj02 or bd09"),
]


def parse_point(lat: Any, lng: Any, crs: str = "wgs84") -> tuple[float, float]:
    """The WGS-84 (lat, lng) of a point a user gave in `crs` (wgs84, gcj02 or bd09).

    The one place user input becomes a point: missing, non-numeric, NaN, infinite or
    out-of-range coordinates answer 422 `invalid_point`, an unknown crs 422 `unknown_crs`.
    """
    if lat is None or lng is None or lat == "" or lng == "":
        raise DomainError("invalid_point", "缺少经纬度", "lat and lng are required", status=422)
    try:
        flat, flng = float(lat), float(lng)
    except (TypeError, ValueError):
        raise DomainError(
            "invalid_point", "经纬度必须是数字", "lat and lng must be numbers", status=422
        ) from None
    check_crs(crs)
    try:
        return to_wgs84(flat, flng, crs)
    except InvalidPoint:
        raise DomainError(
            "invalid_point",
            "经纬度须为有限数且在范围内",
            "lat/lng must be finite and in range",
            status=422,
        ) from None


def query_dict(data: Any) -> dict | None:
    """The raw values a query schema's `mode="before"` validator is given, as a dict (ninja
    hands them over wrapped in its `DjangoGetter`); None when they are not a mapping."""
    data = getattr(data, "_obj", data)
    return dict(data) if isinstance(data, dict) else None


def _field(data: Any, name: str) -> Any:
    return (query_dict(data) or {}).get(name)


class PointQuery(Schema):
    """A point in a query string (`lat`, `lng` in `crs`), refused as `parse_point` refuses it:
    missing, non-numeric or out of range 422 `invalid_point`, an unknown crs 422 `unknown_crs`.
    `wgs84` is the point converted."""

    lat: float = Field(ge=-90, le=90, description="latitude in `crs`")
    lng: float = Field(ge=-180, le=180, description="longitude in `crs`")
    crs: Crs = "wgs84"

    @model_validator(mode="before")
    @classmethod
    def _refuse_as_parse_point(cls, data: Any) -> Any:
        parse_point(_field(data, "lat"), _field(data, "lng"), _field(data, "crs") or "wgs84")
        return data

    @property
    def wgs84(self) -> tuple[float, float]:
        return parse_point(self.lat, self.lng, self.crs)
