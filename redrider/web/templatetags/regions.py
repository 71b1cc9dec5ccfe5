"""`{{ code|region_name }}`: the name staff know a region by, instead of its six digits."""

from __future__ import annotations

from functools import lru_cache

from django import template

from redrider.regions.models import Region

register = template.Library()


@lru_cache(maxsize=1)
def all_regions() -> tuple[dict, ...]:
    """Every region as {code, name, level}, in code order, read once per process.

    The tree is reference data loaded by a migration; it does not change while serving.
    """
    return tuple(Region.objects.order_by("code").values("code", "name", "level"))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {r["code"]: r["name"] for r in all_regions()}


@register.filter
def region_name(code: str | None) -> str:
    if not code:
        return ""
    return _names().get(code, code)
