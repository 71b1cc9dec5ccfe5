"""Benchmark: coverage of 1,000,000 demand points by 400,000 stations at 1,000 m.

    .venv/bin/python bench/geo_coverage.py [--quick]

Times ``coverage()`` end to end (index build + nearest-facility query for every demand point +
statistics), then checks it against brute-force haversine on a sample of demand points and
extrapolates the brute-force time to the full size.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from geo_common import county_seats, machine, scattered_points, table, timed

from redrider.geo.coverage import Points, WeightedPoints, coverage, spacing, uncovered_cells
from redrider.geo.distance import haversine_m_array
from redrider.geo.planning import synthetic_demand


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100,000 demand x 40,000 stations")
    args = parser.parse_args()
    n_demand, n_fac, n_sample = (
        (100_000, 40_000, 300) if args.quick else (1_000_000, 400_000, 2_000)
    )
    radius = 1_000.0

    seats = county_seats()
    flat, flng = scattered_points(seats, n_fac, seed=1, sigma_m=4_000.0)
    facilities = Points(flat, flng)
    demand = synthetic_demand([(s[2], s[3], 1.0) for s in seats], n_demand, 5, sigma_m=5_000.0)

    cov_s, result = timed(lambda: coverage(demand, facilities, radius))
    spacing_s, stats = timed(lambda: spacing(facilities))
    cells_s, cells = timed(lambda: uncovered_cells(demand, result.covered_mask, 7))  # type: ignore[attr-defined]

    sample = np.random.default_rng(6).choice(n_demand, n_sample, replace=False)

    def brute() -> np.ndarray:
        out = np.empty(n_sample)
        for start in range(0, n_sample, 16):
            part = sample[start : start + 16]
            d = haversine_m_array(
                demand.lat[part, None], demand.lng[part, None], facilities.lat, facilities.lng
            )
            out[start : start + 16] = d.min(axis=1)
        return out

    brute_s, brute_nearest = timed(brute)
    sub = WeightedPoints(demand.lat[sample], demand.lng[sample], demand.weight[sample])
    idx_s, sub_result = timed(lambda: coverage(sub, facilities, radius))
    assert isinstance(brute_nearest, np.ndarray)
    same_cover = int(np.sum((brute_nearest <= radius) == sub_result.covered_mask))  # type: ignore[attr-defined]
    max_diff = float(np.max(np.abs(brute_nearest - sub_result.nearest_m)))  # type: ignore[attr-defined]

    print(f"geo_coverage: {n_demand:,} demand points, {n_fac:,} stations, radius {radius:.0f} m")
    print(f"machine: {machine()}")
    print()
    print(
        table(
            ["what", "seconds", "result"],
            [
                [
                    "coverage() full (build + query + stats)",
                    f"{cov_s:.2f}",
                    f"covered {result.covered_share:.4f}, weighted median "  # type: ignore[attr-defined]
                    f"{result.median_m:.0f} m, p90 {result.p90_m:.0f} m",
                ],  # type: ignore[attr-defined]
                [
                    "spacing() of stations",
                    f"{spacing_s:.2f}",
                    f"nn median {stats.median_m:.0f} m, p90 {stats.p90_m:.0f} m",
                ],  # type: ignore[union-attr]
                [
                    "uncovered_cells() at H3 res 7",
                    f"{cells_s:.2f}",
                    f"{len(cells):,} cells, top {cells[0].weight:.1f}" if cells else "none",
                ],  # type: ignore[arg-type, index]
                [
                    f"brute force on {n_sample:,} sample points",
                    f"{brute_s:.2f}",
                    f"extrapolated to {n_demand:,}: {brute_s / n_sample * n_demand:,.0f} s",
                ],
                [
                    f"index on the same {n_sample:,} points",
                    f"{idx_s:.3f}",
                    f"covered agrees on {same_cover}/{n_sample}; max |d| diff {max_diff:.2e} m",
                ],
            ],
        )
    )
    speedup = (brute_s / n_sample * n_demand) / cov_s
    print()
    print(f"full coverage vs extrapolated brute force: {speedup:,.0f}x faster")
    return 0 if same_cover == n_sample and max_diff < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
