"""Indicator providers: each app may ship `indicators.py` with `indicators(*, user, region_code)`.

The dashboard asks every provider for the region in one pass; keys are unique across apps.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.apps import apps

Provider = Callable[..., dict]


def providers() -> list[tuple[str, Provider]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("redrider.") or config.label == "dashboard":
            continue
        try:
            module = importlib.import_module(f"{config.name}.indicators")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.indicators":
                raise
            continue
        found.append((config.label, module.indicators))
    return sorted(found, key=lambda item: item[0])


def labels() -> dict[str, str]:
    """Human names of indicator keys, from each provider module's optional LABELS."""
    merged: dict[str, str] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.indicators")
        except ModuleNotFoundError:
            continue
        merged.update(getattr(module, "LABELS", {}))
    return merged
