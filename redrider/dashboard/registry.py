"""Every app's indicators in one list: each app's `indicators.py` has `TITLE` and `INDICATORS`
(definitions of `regions.figures`); keys are unique across apps.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from redrider.core.discovery import app_modules
from redrider.core.errors import InvalidInput
from redrider.regions.figures import Indicator, Tally

# The programme's own order: the work system, the census, stations, appeals, activities, points,
# exemplars, the work plan.
GROUP_ORDER = [
    "orgs",
    "riders",
    "stations",
    "appeals",
    "activities",
    "points",
    "honours",
    "workplan",
]


@lru_cache(maxsize=1)
def _all() -> tuple[tuple[str, str, tuple[Indicator, ...]], ...]:
    found = [
        (config.label, module)
        for config, module in app_modules("indicators")
        if config.label != "dashboard"
    ]
    rank = {label: i for i, label in enumerate(GROUP_ORDER)}
    found.sort(key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    out = []
    seen: set[str] = set()
    for label, module in found:
        title = getattr(module, "TITLE", label)
        items = []
        for ind in module.INDICATORS:
            if ind.key in seen:
                raise ValueError(f"indicator {ind.key!r} defined twice")
            seen.add(ind.key)
            items.append(dataclasses.replace(ind, group=label))
        out.append((label, title, tuple(items)))
    return tuple(out)


def indicators() -> list[Indicator]:
    """Every indicator, hidden components included, in the programme's order."""
    return [ind for _label, _title, items in _all() for ind in items]


def shown() -> list[Indicator]:
    return [ind for ind in indicators() if not ind.hidden]


def by_key() -> dict[str, Indicator]:
    return {ind.key: ind for ind in indicators()}


def tallies() -> list[Tally]:
    """The indicators the rollups keep (additive tallies)."""
    return [ind for ind in indicators() if isinstance(ind, Tally) and ind.rolled]


def titles() -> dict[str, str]:
    return {label: title for label, title, _items in _all()}


def resolve(keys: list[str] | None) -> list[Indicator]:
    """The indicators named by `keys` with the parts they need (a ratio's two tallies); all
    shown ones when `keys` is empty. An unknown key answers 422."""
    everything = by_key()
    if not keys:
        return indicators()
    unknown = [k for k in keys if k not in everything or everything[k].hidden]
    if unknown:
        names = ", ".join(sorted(unknown))[:200]
        raise InvalidInput(
            "unknown_indicator", f"未知的指标：{names}", f"unknown indicator: {names}", field="keys"
        )
    wanted: dict[str, Indicator] = {}
    for key in keys:
        ind = everything[key]
        for part in (getattr(ind, "numerator", None), getattr(ind, "denominator", None)):
            if part:
                wanted[part] = everything[part]
        wanted[key] = ind
    return list(wanted.values())


def labels() -> dict[str, str]:
    """Human names of the shown keys."""
    return {ind.key: str(ind.label) for ind in shown()}


def groups(values: dict) -> list[dict]:
    """The figures arranged for display: one titled group per app, cards in definition order,
    each card `(key, label, value)`."""
    out = []
    for label, title, items in _all():
        cards = [
            (i.key, str(i.label), values[i.key]) for i in items if not i.hidden and i.key in values
        ]
        if cards:
            out.append({"app": label, "title": str(title), "cards": cards})
    return out
