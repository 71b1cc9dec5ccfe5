"""Dashboard reads: the indicators of a region within the user's scope — for one region, its
children, its counties (the map), any period and by month (trends).

Additive tallies are read from the rollups (`rollups.py`), everything else from the rows,
through the one definition of each key (`regions/figures.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from redrider.accounts.policy import require
from redrider.core.errors import DomainError, InvalidInput, NotFound
from redrider.core.scoping import NATIONAL_CODE, is_code
from redrider.regions import tree
from redrider.regions.figures import (
    ALL_TIME,
    SHANGHAI,
    STOCK,
    Distinct,
    Indicator,
    Period,
    Ratio,
    Tally,
    evaluate_all,
    region_filter,
    tidy,
)

from . import registry, rollups

EARLIEST = dt.date(2000, 1, 1)
MAX_MONTHS = 36


@dataclass(frozen=True)
class Shown:
    """The region a figure is for: a node of the tree, or the whole country (000000)."""

    code: str
    name: str


def visible_region(*, user, region_code: str | None) -> Shown:
    """The asked region (default: the user's own) when the user may read the cockpit and the
    region is a known node within their scope; 404 for an unknown code or one outside it."""
    require(user, "dashboard.view", hide=False)
    scope = tree.user_region(user)
    if scope is None:
        raise DomainError("forbidden", "没有权限", "permission denied", status=403)
    if region_code in (None, ""):
        code = scope
    elif not is_code(region_code):
        raise InvalidInput(
            "invalid_region",
            "行政区划代码应为 6 位数字",
            "a region code is six digits",
            field="region",
        )
    else:
        code = region_code
    if not tree.is_known(code) or not tree.within(code, scope):
        raise NotFound("行政区划", "region")
    return Shown(code, tree.name_of(code))


def _kind(ind: Indicator) -> str:
    if isinstance(ind, Distinct):
        return "distinct"
    if isinstance(ind, Tally):
        return "tally"
    if isinstance(ind, Ratio):
        return "ratio"
    return "computed"


def definitions() -> list[dict]:
    """Every shown indicator's definition, in the cockpit's order."""
    titles = registry.titles()
    return [
        {
            "key": i.key,
            "label": str(i.label),
            "definition": str(i.definition),
            "unit": str(i.unit),
            "group": i.group,
            "group_title": str(titles.get(i.group, i.group)),
            "kind": _kind(i),
            "period": i.period,
            "additive": i.additive,
            "rolled": i.rolled,
        }
        for i in registry.shown()
    ]


def today() -> dt.date:
    return timezone.localtime(timezone.now(), SHANGHAI).date()


def period_of(start: dt.date | None, end: dt.date | None) -> Period:
    """A period from `from`/`to` (Asia/Shanghai days, inclusive): 422 when reversed or absurd
    (before 2000, or more than a year ahead)."""
    latest = today() + dt.timedelta(days=366)
    for name, day in (("from", start), ("to", end)):
        if day is not None and not EARLIEST <= day <= latest:
            raise InvalidInput(
                "invalid_period",
                f"日期 {name}={day} 超出范围（{EARLIEST} 至 {latest}）",
                f"{name}={day} is out of range ({EARLIEST} to {latest})",
                field=name,
            )
    if start is not None and end is not None and start > end:
        raise InvalidInput(
            "invalid_period",
            f"开始日期 {start} 晚于结束日期 {end}",
            f"from ({start}) is after to ({end})",
            field="from",
        )
    return Period(start, end)


def use_rollups() -> bool:
    """Read the additive tallies from the rollups (`DASHBOARD_ROLLUPS`, on by default) once they
    are built; else count them from the rows."""
    return getattr(settings, "DASHBOARD_ROLLUPS", True) and rollups.is_built()


def _compute(*, user, parent: str, children: list[str], period: Period, chosen: list[Indicator]):
    read = rollups.reader(period=period) if use_rollups() else None
    return evaluate_all(
        chosen, user=user, parent=parent, children=children, period=period, rolled=read
    )


def _shape(values: dict, chosen: list[Indicator]) -> dict:
    return {i.key: values.get(i.key) for i in chosen if not i.hidden}


def _period_out(period: Period) -> dict:
    return {"from": period.start, "to": period.end}


def indicators_for(
    *, user, region_code: str | None, period: Period = ALL_TIME, keys: list[str] | None = None
) -> dict:
    """`{"region_code", "name", "from", "to", "indicators": {key: number}}` for one region."""
    region = visible_region(user=user, region_code=region_code)
    chosen = registry.resolve(keys)
    values = _compute(
        user=user, parent=region.code, children=[region.code], period=period, chosen=chosen
    )[region.code]
    return {
        "region_code": region.code,
        "name": region.name,
        **_period_out(period),
        "indicators": _shape(values, chosen),
    }


def _rows(codes, values, chosen) -> list[dict]:
    return [
        {"region_code": c, "name": tree.name_of(c), "indicators": _shape(values[c], chosen)}
        for c in codes
    ]


def indicators_children(
    *, user, region_code: str | None, period: Period = ALL_TIME, keys: list[str] | None = None
) -> dict:
    """The same indicators for each child region (the provinces for the whole country), and
    `own`: the region's own rows (本级, e.g. the province bureau's meetings), so that the
    children and `own` add up to the region for every additive key."""
    region = visible_region(user=user, region_code=region_code)
    chosen = registry.resolve(keys)
    codes = list(tree.children(region.code))
    values = (
        _compute(user=user, parent=region.code, children=codes, period=period, chosen=chosen)
        if codes
        else {}
    )
    rows = _rows(codes, values, chosen)
    own = None
    if codes:
        whole = _compute(
            user=user, parent=region.code, children=[region.code], period=period, chosen=chosen
        )[region.code]
        own = {
            "region_code": region.code,
            "name": gettext("%(name)s（本级）") % {"name": region.name},
            "indicators": {
                i.key: _own_share(i, whole, values, codes) for i in chosen if not i.hidden
            },
        }
    return {
        "region_code": region.code,
        "name": region.name,
        **_period_out(period),
        "items": rows,
        "count": len(rows),
        "own": own,
    }


def _own_share(ind: Indicator, whole: dict, values: dict, codes: list[str]):
    """What the region has that none of its children has (additive keys; else None)."""
    total = whole.get(ind.key)
    if not ind.additive or total is None:
        return None
    parts = [values[c].get(ind.key) for c in codes]
    if any(p is None for p in parts):
        return None
    return tidy(total - sum(parts))


def map_codes(code: str) -> tuple[str, list[str]]:
    """The units a region's map is coloured by: its counties (a county: itself); the provinces
    for the whole country (a county map of China is beyond a screen)."""
    if code == NATIONAL_CODE:
        return "province", list(tree.children(code))
    if tree.level_of(code) == "county":
        return "county", [code]
    leaves = [n.code for n in tree.under(code) if n.level == "county"]
    return "county", leaves


def indicator_map(*, user, region_code: str | None, key: str, period: Period = ALL_TIME) -> dict:
    """One indicator for every county of a region (the choropleth)."""
    region = visible_region(user=user, region_code=region_code)
    chosen = registry.resolve([key])
    level, codes = map_codes(region.code)
    values = (
        _compute(user=user, parent=region.code, children=codes, period=period, chosen=chosen)
        if codes
        else {}
    )
    items = [
        {"region_code": c, "name": tree.name_of(c), "value": values[c].get(key)} for c in codes
    ]
    return {
        "region_code": region.code,
        "name": region.name,
        "key": key,
        "level": level,
        **_period_out(period),
        "items": items,
        "count": len(items),
    }


def month_keys(last: dt.date, months: int) -> list[str]:
    """The `months` calendar months up to `last`'s, oldest first, as YYYY-MM."""
    keys = []
    year, month = last.year, last.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return keys[::-1]


def month_days(key: str) -> tuple[dt.date, dt.date]:
    """The first and the last day of month `key` (YYYY-MM)."""
    year, month = int(key[:4]), int(key[5:])
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def month_period(key: str) -> Period:
    return Period(*month_days(key))


TREND_DEFAULT = (Tally, Ratio)


def _direct_monthly(tally: Tally, *, user, code: str, months: list[str]) -> list:
    """A tally month by month from the rows: one grouped query by day (and one for the level
    before the first month of a stock figure)."""
    first, last = month_days(months[0])[0], month_days(months[-1])[1]
    rows = tally.base(user).filter(region_filter(tally.region, code))
    by_day = (
        tally.in_period(rows, Period(first, last) if tally.period != STOCK else Period(None, last))
        .annotate(figure_month_day=tally.day_expression())
        .filter(figure_month_day__gte=first)
        .order_by()
        .values("figure_month_day")
        .annotate(v=tally.aggregate())
    )
    index = {m: i for i, m in enumerate(months)}
    values: list = [0] * len(months)
    for row in by_day:
        day = row["figure_month_day"]
        key = f"{day:%Y-%m}" if not isinstance(day, str) else day[:7]
        if key in index:
            values[index[key]] += row["v"] or 0
    if tally.period == STOCK:
        before = tally.in_period(rows, Period(None, first - dt.timedelta(days=1)))
        running = before.aggregate(v=tally.aggregate())["v"] or 0
        levels = []
        for value in values:
            running += value
            levels.append(running)
        values = levels
    return [tidy(float(v)) for v in values]


def trends_for(
    *,
    user,
    region_code: str | None,
    months: int = 12,
    keys: list[str] | None = None,
    end: dt.date | None = None,
) -> dict:
    """Each indicator month by month (Asia/Shanghai months) up to `end`'s month (default this
    month): a flow figure counts the month, a stock figure its level at the month's end.

    `{"region_code", "name", "months": [YYYY-MM…], "series": {key: [value per month]}}`.
    Without `keys`: every tally and ratio (distinct counts and computed figures on request).
    """
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(
            "invalid_months",
            f"月数须在 1–{MAX_MONTHS} 之间",
            f"months must be 1–{MAX_MONTHS}",
            field="months",
        )
    region = visible_region(user=user, region_code=region_code)
    chosen = registry.resolve(keys)
    if not keys:
        chosen = [i for i in chosen if isinstance(i, TREND_DEFAULT) and not isinstance(i, Distinct)]
    month_list = month_keys(end or today(), months)
    series = (
        rollups.monthly(user=user, code=region.code, months=month_list, chosen=chosen)
        if use_rollups()
        else {}
    )
    for ind in chosen:
        if ind.key in series or isinstance(ind, Ratio):
            continue
        if isinstance(ind, Tally) and not isinstance(ind, Distinct):
            series[ind.key] = _direct_monthly(ind, user=user, code=region.code, months=month_list)
            continue
        series[ind.key] = [
            ind.evaluate(
                user=user,
                parent=region.code,
                children=[region.code],
                period=month_period(m).for_stock() if ind.period == STOCK else month_period(m),
            )[region.code]
            for m in month_list
        ]
    for ind in chosen:
        if isinstance(ind, Ratio):
            series[ind.key] = [
                ind.combine(a, b)
                for a, b in zip(series[ind.numerator], series[ind.denominator], strict=True)
            ]
        if not ind.shown_to(user):
            series[ind.key] = [None] * len(month_list)
    return {
        "region_code": region.code,
        "name": region.name,
        "months": month_list,
        "series": {i.key: series[i.key] for i in chosen if not i.hidden},
    }
