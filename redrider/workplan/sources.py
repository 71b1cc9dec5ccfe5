"""Indicators a task may take its progress from, read from the lower apps' own providers.

The work plan sits below the dashboard in the layers (DESIGN §3), so it never asks the
dashboard's registry: it imports the indicator modules of the apps beneath it directly and asks
the one that owns a key. Each provider answers `indicators(*, user, region_code)` and names its
keys in `LABELS`.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

from redrider.activities import indicators as activities_indicators
from redrider.appeals import indicators as appeals_indicators
from redrider.orgs import indicators as orgs_indicators
from redrider.points import indicators as points_indicators
from redrider.riders import indicators as riders_indicators
from redrider.stations import indicators as stations_indicators

PROVIDERS: tuple[ModuleType, ...] = (
    orgs_indicators,
    riders_indicators,
    stations_indicators,
    appeals_indicators,
    activities_indicators,
    points_indicators,
)

# Reads made on behalf of the platform itself (the daily re-read of indicator tasks): scoping
# still narrows to the task's region, which is all the figure is about.
PLATFORM_READER = SimpleNamespace(
    pk=None,
    is_authenticated=True,
    is_active=True,
    is_superuser=True,
    role="province_admin",
    scope_code="000000",
)


def labels() -> dict[str, str]:
    """Every key a task may follow, with its Chinese name."""
    out: dict[str, str] = {}
    for module in PROVIDERS:
        out.update(getattr(module, "LABELS", {}))
    return out


def provider_of(key: str) -> ModuleType | None:
    for module in PROVIDERS:
        if key in getattr(module, "LABELS", {}):
            return module
    return None


def is_known(key: str) -> bool:
    return provider_of(key) is not None


def read(*, user, region_code: str, keys: list[str]) -> dict[str, float | None]:
    """The current value of each key for one region, asking each owning provider once."""
    values: dict[str, float | None] = {}
    asked: set[str] = set()
    for key in keys:
        module = provider_of(key)
        if module is None or module.__name__ in asked:
            continue
        asked.add(module.__name__)
        figures = module.indicators(user=user or PLATFORM_READER, region_code=region_code)
        values.update({k: figures.get(k) for k in keys if k in figures})
    return values


def progress_from(value: float | None, base: float | None, target: float | None, *, ratio: bool):
    """Progress 0–100 of an indicator against its target.

    With a base key the figure is a percentage (value / base × 100), e.g. guidance stations
    meeting the four standards over all guidance stations; the task is done when it reaches the
    target (95 → 95 %). Without, the figure is a count against a target count. Rounded down, so
    100 means the target is really reached. Missing figures give 0.
    """
    if value is None or not target or target <= 0:
        return 0, None
    if ratio:
        if not base:
            return 0, 0.0
        figure = value / base * 100
    else:
        figure = float(value)
    return max(0, min(100, int(figure / target * 100))), round(figure, 2)
