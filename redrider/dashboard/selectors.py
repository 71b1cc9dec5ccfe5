"""Dashboard reads: the indicators of a region within the user's scope, and of its children."""

from __future__ import annotations

from redrider.core.errors import DomainError, NotFound
from redrider.core.scoping import code_within, user_scope_code
from redrider.regions.models import Region
from redrider.regions.selectors import check_code

from .registry import providers


def _visible_region(*, user, region_code: str | None) -> Region:
    scope = user_scope_code(user)
    if scope is None:
        raise DomainError("forbidden", "没有权限", "permission denied", status=403)
    code = check_code(region_code) if region_code else scope
    if code == "000000":
        code = "510000"
    if not code_within(code, scope):
        raise NotFound("行政区划", "region")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound("行政区划", "region")
    return region


def indicators_for(*, user, region_code: str | None) -> dict:
    """`{"region_code", "name", "indicators": {key: number}}` for one visible region."""
    region = _visible_region(user=user, region_code=region_code)
    values: dict[str, float] = {}
    for _label, provider in providers():
        values.update(provider(user=user, region_code=region.code))
    return {"region_code": region.code, "name": region.name, "indicators": values}


def indicators_children(*, user, region_code: str | None) -> dict:
    """The same indicators for each child region (drill-down), in code order."""
    region = _visible_region(user=user, region_code=region_code)
    rows = []
    for child in Region.objects.filter(parent=region).order_by("code"):
        rows.append(indicators_for(user=user, region_code=child.code))
    return {"region_code": region.code, "name": region.name, "items": rows, "count": len(rows)}
