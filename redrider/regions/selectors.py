"""Region reads. The tree is public reference data: names and codes are not personal data."""

from __future__ import annotations

import re

from redrider.core.errors import DomainError, NotFound

from .models import Region

CODE_RE = re.compile(r"^\d{6}$")


def check_code(code: str) -> str:
    if not CODE_RE.match(code or ""):
        raise DomainError(
            "invalid_region_code",
            "行政区划代码须为 6 位数字",
            "a region code is six digits",
            status=422,
        )
    return code


def region_find(*, code: str | None) -> Region | None:
    """The region with this code, or None (for a code a look-up found, e.g. reverse geocoding)."""
    return Region.objects.filter(code=code).first() if code else None


def region_get(*, code: str) -> Region:
    check_code(code)
    region = Region.objects.filter(code=code).select_related("parent").first()
    if region is None:
        raise NotFound("行政区划", "region")
    return region


def region_children(*, code: str) -> list[Region]:
    region = region_get(code=code)
    return list(Region.objects.filter(parent=region).order_by("code"))
