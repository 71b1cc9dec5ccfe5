"""`{{ code|region_name }}`: the name staff know a region by, instead of its six digits."""

from __future__ import annotations

from functools import lru_cache

from django import template

register = template.Library()


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    # The tree is reference data loaded by a migration; it does not change while serving.
    from redrider.regions.models import Region

    return dict(Region.objects.values_list("code", "name"))


@register.filter
def region_name(code: str | None) -> str:
    if not code:
        return ""
    return _names().get(code, code)
