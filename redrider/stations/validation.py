"""Checks shared by every way a station's fields come in (API, console form, xlsx import).

Each function returns the clean value or raises `InvalidInput` (422) with a message naming the
field, Chinese first; nothing here writes.
"""

from __future__ import annotations

import re
from typing import Any

import h3
import opening_hours

from redrider.core.api import parse_point
from redrider.core.errors import InvalidInput

from .choices import SERVICE_BIT, SERVICE_CODES, StationStatus, StationType

H3_RESOLUTION = 7
MAX_CAPACITY = 10_000
MAX_AREA_M2 = 100_000


def clean_opening_hours(value: Any) -> str:
    """OpenStreetMap `opening_hours` syntax, parsed by opening-hours-py (e.g. `24/7`,
    `Mo-Su 14:00-17:00`)."""
    text = str(value or "").strip()
    if not text:
        raise InvalidInput("invalid_opening_hours", "开放时间不能为空", "opening_hours is required")
    if len(text) > 255:
        raise InvalidInput("invalid_opening_hours", "开放时间过长", "opening_hours is too long")
    _refuse_overlapping_ranges(text)
    try:
        opening_hours.OpeningHours(text)
    except (SyntaxError, opening_hours.ParserError, ValueError) as exc:  # type: ignore[attr-defined]
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise InvalidInput(
            "invalid_opening_hours",
            f"开放时间格式无效（OpenStreetMap opening_hours 语法）：{text}",
            f"malformed opening_hours: {text} ({first})",
        ) from None
    return text


_RANGE = re.compile(r"\b(\d{1,2}):(\d\d)-(\d{1,2}):(\d\d)\b")


def _refuse_overlapping_ranges(text: str) -> None:
    """Two time ranges of one rule that overlap (`Mo-Su 09:00-21:00,20:00-22:00`) are a typing
    mistake the syntax allows: refused with both ranges named, as the week editor does."""
    for rule in text.split(";"):
        spans = []
        for m in _RANGE.finditer(rule):
            start = int(m[1]) * 60 + int(m[2])
            end = int(m[3]) * 60 + int(m[4])
            if end <= start:  # past midnight
                end += 24 * 60
            spans.append((start, end, m[0]))
        spans.sort()
        for before, after in zip(spans, spans[1:], strict=False):
            if after[0] < before[1]:
                raise InvalidInput(
                    "invalid_opening_hours",
                    f"开放时间 {before[2]} 和 {after[2]} 重叠了，请改开",
                    f"opening hours {before[2]} and {after[2]} overlap",
                )


def clean_services(value: Any) -> list[str]:
    """A list of known service codes (order kept, duplicates dropped); a comma string is accepted."""
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InvalidInput("invalid_services", "服务项目须为列表", "services must be a list")
    codes: list[str] = []
    for item in items:
        code = str(item).strip()
        if not code:
            continue
        if code not in SERVICE_CODES:
            raise InvalidInput(
                "unknown_service",
                f"未知的服务项目：{code}",
                f"unknown service: {code}",
                allowed=sorted(SERVICE_CODES),
            )
        if code not in codes:
            codes.append(code)
    return codes


def services_mask(codes: list[str]) -> int:
    mask = 0
    for code in codes:
        mask |= SERVICE_BIT[code]
    return mask


def clean_point(lat: Any, lng: Any, crs: str = "wgs84") -> tuple[float, float]:
    """A point in `crs` converted to WGS-84 (see `core.api.parse_point` for the refusals)."""
    return parse_point(lat, lng, crs)


def h3_cell(lat: float, lng: float) -> str:
    return h3.latlng_to_cell(lat, lng, H3_RESOLUTION)


def clean_choice(value: Any, choices, field: str) -> str:
    text = str(value or "").strip()
    if text not in choices.values:
        raise InvalidInput(
            f"invalid_{field}",
            f"{field} 取值无效：{text}",
            f"invalid {field}: {text}",
            allowed=list(choices.values),
        )
    return text


def clean_status(value: Any) -> str:
    return clean_choice(value, StationStatus, "status")


def clean_type(value: Any) -> str:
    return clean_choice(value, StationType, "type")


def clean_int(value: Any, field: str, *, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"invalid_{field}", f"{field} 须为整数", f"{field} must be an integer"
        ) from None
    if not low <= number <= high:
        raise InvalidInput(
            f"invalid_{field}",
            f"{field} 须在 {low}–{high} 之间",
            f"{field} must be between {low} and {high}",
        )
    return number


def clean_text(value: Any, field: str, *, max_length: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(f"invalid_{field}", f"{field} 不能为空", f"{field} is required")
    if len(text) > max_length:
        raise InvalidInput(
            f"invalid_{field}",
            f"{field} 过长（最多 {max_length} 字）",
            f"{field} is too long (max {max_length})",
        )
    return text


def clean_phone(value: Any) -> str:
    """A mainland mobile or landline number, normalised by `phonenumbers`; empty allowed."""
    import phonenumbers

    text = str(value or "").strip()
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise InvalidInput("invalid_phone", "联系电话无效", "invalid contact phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).removeprefix(
        "+86"
    )
