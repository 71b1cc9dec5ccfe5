"""Demo demand for coverage analysis and planning (runs after stations are seeded).

`sichuan`: 200,000 synthetic weighted points over the whole province, concentrated around the
183 county seats and their business districts by urban weight (`demand.synthetic_centres`), so
the planning page works out of the box for any region. `small`: 3,000 points drawn (about 2,000 land inside and are kept) around the small
demo's counties (锦江, 武侯, 涪城). `national`: the Sichuan set too (national stations are for
the nearest-station benchmarks; demand elsewhere is not demo material).
"""

from __future__ import annotations

from redrider.regions.models import Region

from .models import DemandSet
from .services import seed_demand

ORDER = 90

SICHUAN_POINTS = 200_000
SMALL_POINTS = {"510104": 1_200, "510107": 1_000, "510703": 800}


def seed(ctx) -> None:
    if DemandSet.objects.filter(source="synthetic", name__startswith="演示").exists():
        ctx.log("  planning: demo demand already present")
        return
    seed_value = ctx.rng("planning").randrange(1, 2**31)
    if ctx.scale == "small":
        for code, n in SMALL_POINTS.items():
            region = Region.objects.get(code=code)
            made = seed_demand(
                region=region, points=n, seed=seed_value, name=f"演示需求 · {region.name}"
            )
            ctx.log(f"  planning: {made.point_count} demand points in {region.name}")
        return
    province = Region.objects.get(code="510000")
    made = seed_demand(
        region=province, points=SICHUAN_POINTS, seed=seed_value, name="演示需求 · 四川省"
    )
    ctx.log(f"  planning: {made.point_count} demand points across {province.name}")
