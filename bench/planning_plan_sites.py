"""Benchmark: the Django-level planning path on the Sichuan demo demand.

    .venv/bin/python bench/planning_plan_sites.py [--db var/planning-bench.sqlite3] [--k 10]

Uses a scratch SQLite database (created and migrated if missing; never the project's own).
Seeds what it needs once: the `sichuan` demo demand (200,000 synthetic points, the planning
seeder) and, when the stations table is empty, 1,104 open stations at demand-weighted random
spots (the programme's published count). Then, for a county (锦江 510104), a prefecture
(成都 510100) and the province (510000):

* the coverage report (`selectors.coverage_report` path: load demand, load stations, coverage,
  spacing, hotspots) - and its covered share against a brute-force haversine check on a
  2,000-point sample (the baseline);
* the planning stages (`runner.compute` pieces): candidates, the reduced MCLP, plain greedy
  (baseline), greedy + swap (what plans use), HiGHS with a time limit, and the bound reported
  with the plan (min of HiGHS's proven bound and the submodular online bound).

Coverage shares, bounds and seconds go to stdout as a Markdown table (bench/RESULTS-planning.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(ROOT / "var" / "planning-bench.sqlite3"))
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--milp-seconds", type=float, default=10.0)
    parser.add_argument("--regions", default="510104,510100,510000")
    parser.add_argument("--quick", action="store_true", help="one county, 2 s HiGHS limit")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    import numpy as np
    from django.core.management import call_command
    from django.db import transaction

    from redrider.geo.distance import haversine_m_array
    from redrider.geo.planning import build_problem, greedy, greedy_swap, solve_milp
    from redrider.planning import analysis, runner, services
    from redrider.planning.models import DemandPoint
    from redrider.regions.models import Region

    call_command("migrate", verbosity=0, skip_checks=True)
    rows: list[list[str]] = []
    if not DemandPoint.objects.exists():
        t = time.perf_counter()
        with transaction.atomic():
            made = services.seed_demand(
                region=Region.objects.get(code="510000"),
                points=200_000,
                seed=1,
                name="演示需求 · 四川省",
            )
        rows.append(
            [
                "seed demand (province)",
                f"{made.point_count:,} points",
                "",
                f"{time.perf_counter() - t:.2f}",
            ]
        )
    from redrider.stations.models import Station

    if not Station.objects.exists():
        dem = analysis.load_demand("510000")
        rng = np.random.default_rng(5)
        at = rng.choice(len(dem), 1104, replace=False, p=dem.weight / dem.weight.sum())
        codes = analysis.county_codes(dem.lat[at], dem.lng[at])
        Station.objects.bulk_create(
            Station(
                code=f"BENCH-{i:05d}",
                name=f"基准驿站{i}",
                lat=float(dem.lat[j]),
                lng=float(dem.lng[j]),
                region_code=codes[i],
                opening_hours="24/7",
                status="open",
                is_synthetic=True,
            )
            for i, j in enumerate(at.tolist())
        )
    print(
        f"machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}\n"
    )
    radius = analysis.promise_from().radius_m
    if args.quick:
        args.regions, args.milp_seconds = "510104", 2.0
    for code in args.regions.split(","):
        region = Region.objects.get(code=code)
        t = time.perf_counter()
        dem = analysis.load_demand(code)
        t_dem = time.perf_counter() - t
        t = time.perf_counter()
        st = analysis.load_stations(region=region, demand=dem, open_at=None)
        t_st = time.perf_counter() - t
        t = time.perf_counter()
        figures, mask = analysis.coverage_figures(
            demand=dem,
            facilities=st.points,
            radius_m=radius,
            region_stations=st.in_region(code),
            h3_res=analysis.h3_resolution_for(region),
        )
        t_cov = time.perf_counter() - t
        sample = np.random.default_rng(3).choice(len(dem), min(2000, len(dem)), replace=False)
        t = time.perf_counter()
        d = haversine_m_array(
            dem.lat[sample, None], dem.lng[sample, None], st.points.lat, st.points.lng
        )
        brute = float(
            dem.weight[sample][(d <= radius).any(axis=1)].sum() / dem.weight[sample].sum()
        )
        t_brute = time.perf_counter() - t
        name = f"{region.name} {code}"
        rows.append([f"{name}: load demand", f"{len(dem):,} points", "", f"{t_dem:.2f}"])
        rows.append(
            [f"{name}: load open stations", f"{len(st.points):,} stations", "", f"{t_st:.2f}"]
        )
        rows.append(
            [
                f"{name}: coverage + spacing + hotspots (1,026 m)",
                f"{figures['covered_share']:.4f}",
                f"median {figures['median_m']} m",
                f"{t_cov:.2f}",
            ]
        )
        ours = float(dem.weight[sample][mask[sample]].sum() / dem.weight[sample].sum())
        rows.append(
            [
                f"{name}: brute force on a 2,000-point sample (baseline)",
                f"{brute:.4f}",
                f"ours on the same sample {ours:.4f}",
                f"{t_brute:.2f}",
            ]
        )
        t = time.perf_counter()
        cands = analysis.load_candidates(
            region=region,
            demand=dem,
            radius_m=radius,
            sources=["delivery_site", "office", "grid"],
            custom=[],
        )
        t_c = time.perf_counter() - t
        t = time.perf_counter()
        problem = build_problem(dem, cands.points, radius, existing=st.points)
        t_p = time.perf_counter() - t
        rows.append(
            [
                f"{name}: candidates + MCLP matrix",
                f"{len(cands):,} cand. x {problem.weight.shape[0]:,} groups",
                "",
                f"{t_c:.2f} + {t_p:.2f}",
            ]
        )
        g = greedy(problem, args.k)
        gs = greedy_swap(problem, args.k)
        ex = solve_milp(problem, args.k, time_limit_s=args.milp_seconds)
        ob = runner.online_bound(problem, gs.chosen, args.k)
        reported = min(ob, ex.bound) if ex.bound is not None else ob
        rows.append(
            [f"{name}: greedy K={args.k} (baseline)", f"{g.coverage:.4f}", "", f"{g.seconds:.2f}"]
        )
        rows.append(
            [f"{name}: greedy + swap K={args.k}", f"{gs.coverage:.4f}", "", f"{gs.seconds:.2f}"]
        )
        rows.append(
            [
                f"{name}: HiGHS best / proven bound ({args.milp_seconds:g} s limit)",
                f"{ex.coverage:.4f}",
                f"bound {ex.bound:.4f}" + (" (optimal)" if ex.optimal else ""),
                f"{ex.seconds:.2f}",
            ]
        )
        best = max(gs.coverage, ex.coverage)
        rows.append(
            [
                f"{name}: bound reported with the plan (min of HiGHS, online)",
                f"{best:.4f}",
                f"bound {reported:.4f}, gap {(reported - best) / best:.3%}",
                "",
            ]
        )
        t = time.perf_counter()
        out = runner.compute(
            region=region,
            radius_m=radius,
            open_at=None,
            k=args.k,
            target_share=None,
            sources=["delivery_site", "office", "grid"],
            custom=[],
            time_limit_s=args.milp_seconds,
        )
        rows.append(
            [
                f"{name}: whole plan run (runner.compute)",
                f"{out.plan.coverage:.4f}",
                out.plan.solver,
                f"{time.perf_counter() - t:.2f}",
            ]
        )
    print("| step | result | note | seconds |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
