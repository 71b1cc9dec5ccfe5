"""Request bodies of the planning API (answers are plain dicts shaped in api.py)."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from redrider.core.api import ObjectId
from redrider.regions.types import RegionFilter


class PlanIn(Schema):
    region: RegionFilter = None
    k: int | None = None
    target_share: float | None = None
    radius_m: float | None = None
    minutes: float | None = None
    speed_kmh: float | None = None
    detour: float | None = None
    open_at: str | None = None
    candidate_sources: list[str] | None = None
    custom_candidates: list[dict[str, Any]] | None = None
    demand_set: ObjectId | None = None
    time_limit_s: float | None = None
    name: str = ""


class RegionIn(Schema):
    region: RegionFilter = None


class SyntheticIn(Schema):
    region: RegionFilter = None
    points: int = 10_000
    seed: int = 1
    name: str = ""


class DemandSetPatch(Schema):
    active: bool
