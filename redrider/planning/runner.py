"""One planning run, from the database to a solved plan: shared by the stored plans
(`services.plan_run`) and the `plan_sites` command.

Steps: demand of the region, existing stations that count (status open; open at `open_at` by
their hours), candidates, the figures before, the reduced MCLP, then either greedy + 1-swap
with HiGHS run alongside for its proven bound (and its solution when strictly better), or
greedy set cover for a target share; finally the figures with the new sites added.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from redrider.geo.coverage import Points
from redrider.geo.planning import (
    CoverageProblem,
    Plan,
    build_problem,
    fewest_sites,
    greedy_swap,
    solve_milp,
)
from redrider.regions.models import Region

from . import analysis

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Outcome:
    """What a run found. `plan` is the chosen solution (shares of total demand weight);
    `sites` its rows in the order chosen; `bound`/`gap`/`optimal` from HiGHS (None in target
    mode); `figures` before/after; `hotspots` the uncovered cells before."""

    plan: Plan
    sites: list[dict[str, Any]]
    bound: float | None
    gap: float | None
    optimal: bool | None
    demand_points: int
    station_count: int
    candidate_count: int
    figures: dict[str, Any]
    hotspots: list[dict[str, Any]]
    seconds: float


def online_bound(problem: CoverageProblem, chosen: list[int], k: int) -> float:
    """A proven upper bound on the coverage share any `k` new sites can reach, from one solution.

    Coverage is monotone submodular, so for any set S and the optimal set O (|O| <= k):
    f(O) <= f(S) + sum over O of the gain of each alone on top of S <= f(S) + the k largest such
    gains (Minoux; the "online bound" of Leskovec et al., KDD 2007). It costs one sparse product,
    and on large instances where HiGHS has not finished its root relaxation in the time limit it
    is far tighter than HiGHS's trivial bound.
    """
    covered = np.zeros(problem.weight.shape[0], dtype=bool)
    for i in chosen:
        covered[problem.row(i)] = True
    residual = np.where(covered, 0.0, problem.weight)
    gains = np.asarray(problem.matrix @ residual).ravel()
    top = float(np.sort(gains)[-k:].sum()) if k > 0 and gains.shape[0] else 0.0
    return problem.share(float(problem.weight[covered].sum()) + top)


def _silent(value: int, note: str) -> None:
    return None


def compute(
    *,
    region: Region,
    radius_m: float,
    open_at: dt.datetime | None,
    k: int | None,
    target_share: float | None,
    sources: list[str],
    custom: list[dict[str, Any]],
    demand_set_id: int | None = None,
    time_limit_s: float = 10.0,
    progress: Progress = _silent,
) -> Outcome:
    """Solve one planning question; raises `ValueError` when `k` exceeds the candidates."""
    t0 = time.perf_counter()
    progress(5, "读取需求数据")
    dem = analysis.load_demand(region.code, demand_set_id)
    stations = analysis.load_stations(region=region, demand=dem, open_at=open_at)
    progress(15, "生成候选点")
    cands = analysis.load_candidates(
        region=region, demand=dem, radius_m=radius_m, sources=sources, custom=custom
    )
    if k is not None and k > len(cands):
        raise ValueError(f"k ({k}) exceeds the {len(cands)} candidates")
    h3_res = analysis.h3_resolution_for(region)
    region_stations = stations.in_region(region.code)
    before, _ = analysis.coverage_figures(
        demand=dem,
        facilities=stations.points,
        radius_m=radius_m,
        region_stations=region_stations,
        h3_res=h3_res,
    )
    progress(30, "构建覆盖矩阵")
    problem = build_problem(dem, cands.points, radius_m, existing=stations.points)
    progress(45, "贪心 + 交换搜索")
    bound = gap = optimal = None
    if k is None:
        best = fewest_sites(problem, float(target_share or 0.0))
    else:
        best = greedy_swap(problem, k)
        progress(65, "HiGHS 精确求解（求上界）")
        exact = solve_milp(problem, k, time_limit_s=time_limit_s)
        if exact.coverage > best.coverage * (1 + 1e-9) + 1e-12:
            best = exact
        bounds = [online_bound(problem, best.chosen, k)]
        if exact.bound is not None:
            bounds.append(exact.bound)
        bound = max(min(bounds), best.coverage)
        gap = (bound - best.coverage) / best.coverage if best.coverage > 0 else 0.0
        optimal = bool(exact.optimal) or gap <= 1e-9
    progress(90, "汇总指标")
    site_lat = np.asarray([s.lat for s in best.sites], dtype=np.float64)
    site_lng = np.asarray([s.lng for s in best.sites], dtype=np.float64)
    after, _ = analysis.coverage_figures(
        demand=dem,
        facilities=Points(
            np.concatenate([stations.points.lat, site_lat]),
            np.concatenate([stations.points.lng, site_lng]),
        ),
        radius_m=radius_m,
        region_stations=Points(
            np.concatenate([region_stations.lat, site_lat]),
            np.concatenate([region_stations.lng, site_lng]),
        ),
        h3_res=h3_res,
    )
    counties = analysis.county_codes(site_lat, site_lng).tolist()
    sites = [
        {
            "rank": i,
            "lat": s.lat,
            "lng": s.lng,
            "gain": s.gain_share,
            "gain_weight": s.gain_share * best.demand_total,
            "source": cands.sources[s.candidate_index],
            "label": cands.labels[s.candidate_index],
            "county_code": counties[i - 1],
        }
        for i, s in enumerate(best.sites, start=1)
    ]
    figures = {
        "before": {key: v for key, v in before.items() if key != "hotspots"},
        "after": {key: v for key, v in after.items() if key != "hotspots"},
        "hotspots_after": after["hotspots"][:20],
        "notes": list(best.notes),
        "stations_closed_at_open_at": stations.excluded_closed,
        "candidate_sources": {s: cands.sources.count(s) for s in sorted(set(cands.sources))},
    }
    return Outcome(
        plan=best,
        sites=sites,
        bound=bound,
        gap=gap,
        optimal=optimal,
        demand_points=len(dem),
        station_count=len(stations.points),
        candidate_count=len(cands),
        figures=figures,
        hotspots=before["hotspots"],
        seconds=time.perf_counter() - t0,
    )
