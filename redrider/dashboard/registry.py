"""Indicator providers: each app may ship `indicators.py` with `indicators(*, user, region_code)`.

The dashboard asks every provider for the region in one pass; keys are unique across apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redrider.core.discovery import app_modules

Provider = Callable[..., dict]


# The programme's own order: the work system, the census, stations, appeals, activities, points.
GROUP_ORDER = ["orgs", "riders", "stations", "appeals", "activities", "points"]


def _modules() -> list[tuple[str, Any]]:
    found = [
        (config.label, module)
        for config, module in app_modules("indicators")
        if config.label != "dashboard"
    ]
    rank = {label: i for i, label in enumerate(GROUP_ORDER)}
    return sorted(found, key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def groups(values: dict) -> list[dict]:
    """The indicators arranged for display: one titled group per app, in LABELS order."""
    out = []
    for label, module in _modules():
        names = getattr(module, "LABELS", {})
        keys = [k for k in names if k in values] + [
            k for k in values if k not in names and k.split("_")[0] == label
        ]
        items = [(k, names.get(k, k), values[k]) for k in keys]
        if items:
            out.append({"app": label, "title": getattr(module, "TITLE", label), "cards": items})
    return out


def series_providers() -> list[Provider]:
    """Each app's optional `series(*, user, region_code)` → {key: (queryset, date field)}."""
    return [module.series for _label, module in _modules() if hasattr(module, "series")]


def provider_modules() -> list[Any]:
    """The indicator modules themselves (for optional hooks such as `indicators_many`)."""
    return [module for _label, module in _modules()]


def providers() -> list[tuple[str, Provider]]:
    return [(label, module.indicators) for label, module in _modules()]


def labels() -> dict[str, str]:
    """Human names of indicator keys, from each provider module's optional LABELS."""
    merged: dict[str, str] = {}
    for _label, module in _modules():
        merged.update(getattr(module, "LABELS", {}))
        merged.update(getattr(module, "TREND_LABELS", {}))
    return merged
