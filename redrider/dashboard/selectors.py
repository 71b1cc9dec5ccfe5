"""Dashboard reads: the indicators of a region within the user's scope, and of its children."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from redrider.core.errors import DomainError, NotFound
from redrider.regions import tree
from redrider.regions.selectors import check_code

from .registry import provider_modules, providers, series_providers


@dataclass(frozen=True)
class Shown:
    """The region a figure is for: a node of the tree, or the whole country (000000)."""

    code: str
    name: str


def _visible_region(*, user, region_code: str | None) -> Shown:
    """The asked region (default: the user's own), when it is a known node within the user's
    region — the whole country only for a national scope; 404 otherwise, 403 with no region."""
    scope = tree.user_region(user)
    if scope is None:
        raise DomainError("forbidden", "没有权限", "permission denied", status=403)
    code = check_code(region_code) if region_code else scope
    if not tree.is_known(code) or not tree.within(code, scope):
        raise NotFound("行政区划", "region")
    return Shown(code, tree.name_of(code))


def indicators_for(*, user, region_code: str | None) -> dict:
    """`{"region_code", "name", "indicators": {key: number}}` for one visible region."""
    region = _visible_region(user=user, region_code=region_code)
    values: dict[str, float] = {}
    for _label, provider in providers():
        values.update(provider(user=user, region_code=region.code))
    return {"region_code": region.code, "name": region.name, "indicators": values}


def indicators_children(*, user, region_code: str | None) -> dict:
    """The same indicators for each child region (drill-down: the provinces for the whole
    country), in code order."""
    region = _visible_region(user=user, region_code=region_code)
    codes = list(tree.children(region.code))
    values: dict[str, dict] = {code: {} for code in codes}
    for module in provider_modules():
        many = getattr(module, "indicators_many", None)
        if many is not None:
            # One grouped pass over the parent instead of one pass per child.
            for code, figures in many(
                user=user, parent_code=region.code, region_codes=codes
            ).items():
                values[code].update(figures)
        else:
            for code in codes:
                values[code].update(module.indicators(user=user, region_code=code))
    rows = [{"region_code": c, "name": tree.name_of(c), "indicators": values[c]} for c in codes]
    return {"region_code": region.code, "name": region.name, "items": rows, "count": len(rows)}


MAX_MONTHS = 36


def month_keys(today: dt.date, months: int) -> list[str]:
    """The last `months` calendar months up to `today`'s, oldest first, as YYYY-MM."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return keys[::-1]


def trends_for(*, user, region_code: str | None, months: int = 12, now=None) -> dict:
    """Monthly counts (Asia/Shanghai months) of each dated series for one visible region.

    `{"region_code", "name", "months": [YYYY-MM…], "series": {key: [count per month]}}`; one
    grouped query per series, whatever the number of months.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise DomainError(
            "invalid_months",
            f"月数须在 1–{MAX_MONTHS} 之间",
            f"months must be 1–{MAX_MONTHS}",
            status=422,
        )
    region = _visible_region(user=user, region_code=region_code)
    tz = ZoneInfo("Asia/Shanghai")
    today = timezone.localtime(now or timezone.now(), tz).date()
    keys = month_keys(today, months)
    start = dt.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    out: dict[str, list[int]] = {}
    for provider in series_providers():
        for key, (qs, field) in provider(user=user, region_code=region.code).items():
            is_date = qs.model._meta.get_field(field).get_internal_type() == "DateField"
            since = start if is_date else dt.datetime.combine(start, dt.time(), tzinfo=tz)
            rows = (
                qs.filter(**{f"{field}__gte": since})
                .annotate(month=TruncMonth(field, tzinfo=None if is_date else tz))
                .values("month")
                .annotate(n=Count("pk"))
                .order_by()
            )
            counts = {f"{r['month']:%Y-%m}": r["n"] for r in rows if r["month"] is not None}
            out[key] = [counts.get(k, 0) for k in keys]
    return {"region_code": region.code, "name": region.name, "months": keys, "series": out}
