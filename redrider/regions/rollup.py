"""Figures per child region from one grouped query (the dashboard's drill-down, indicators_many)."""

from __future__ import annotations

from .tree import child_of


def grouped(qs, region_codes: list[str], *, field: str = "region_code", **aggregates) -> dict:
    """Aggregates of `qs` summed per child region: `{child: {name: value}}` in one query.

    `qs` is already narrowed to the parent region; rows are grouped by their county code and
    each county's values are added to the child (prefecture or county) that contains it.
    """
    out = {code: dict.fromkeys(aggregates, 0) for code in region_codes}
    for row in qs.order_by().values(field).annotate(**aggregates):
        child = child_of(row[field], region_codes)
        if child is not None:
            for name in aggregates:
                out[child][name] += row[name] or 0
    return out
