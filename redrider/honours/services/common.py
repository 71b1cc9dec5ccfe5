"""Helpers every honours service uses: the clock in Asia/Shanghai, text and region checks."""

from __future__ import annotations

from types import SimpleNamespace

from redrider.core.errors import InvalidInput
from redrider.regions.types import known_region

from ..dates import SHANGHAI, local_day, now_or

__all__ = ["SHANGHAI", "at", "known_region", "local_day", "now_or", "text"]


def text(value: str | None, *, zh: str, en: str, limit: int, required: bool = True) -> str:
    """Stripped text within `limit` characters; 422 when missing (if required) or too long."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput("missing_field", f"请填写{zh}", f"{en} is required", field=en)
    if len(cleaned) > limit:
        raise InvalidInput(
            "field_too_long",
            f"{zh}不能超过 {limit} 字",
            f"{en} may be at most {limit} characters",
            field=en,
        )
    return cleaned


def at(region_code: str) -> SimpleNamespace:
    """A stand-in object for asking the policy about a region before anything exists there."""
    return SimpleNamespace(region_code=region_code)
