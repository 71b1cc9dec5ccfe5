"""`{{ code|region_name }}`: the name staff know a region by, instead of its six digits."""

from __future__ import annotations

from functools import lru_cache

from django import template

register = template.Library()


@lru_cache(maxsize=1)
def all_regions() -> tuple[dict, ...]:
    """Every region as {code, name, level}, in code order, read once per process.

    The tree is reference data loaded by a migration; it does not change while serving.
    """
    from redrider.regions.models import Region

    return tuple(Region.objects.order_by("code").values("code", "name", "level"))


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {r["code"]: r["name"] for r in all_regions()}


@register.filter
def region_name(code: str | None) -> str:
    if not code:
        return ""
    return _names().get(code, code)


@register.filter
def region_path(code: str | None) -> str:
    """`{{ code|region_path }}`: a county with its prefecture (成都市锦江区), as people say it;
    the same county name exists in several prefectures (市中区)."""
    if not code:
        return ""
    names = _names()
    if code not in names:
        return code
    parent = code[:4] + "00" if not code.endswith("00") else None
    if parent and parent in names and parent != code:
        return f"{names[parent]}{names[code]}"
    return names[code]
