"""Benchmark: nearest-5 warm stations among 400,000 scattered around China's county seats.

    .venv/bin/python bench/geo_nearest.py [--quick]

Compares ``PointIndex.nearest`` with brute-force numpy haversine and with a raw scipy ``cKDTree``
query on unit vectors (the floor: no validation, no tie handling, no id mapping), without and with
a 50 %-selective filter. Checks that the index and brute force agree on every sampled query.
Target: the index within 3x of raw cKDTree per query.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from geo_common import county_seats, machine, per_call_us, scattered_points, table, timed
from scipy.spatial import cKDTree

from redrider.geo.distance import to_unit_vectors
from redrider.geo.index import PointIndex, brute_force_nearest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="40,000 stations, fewer queries")
    args = parser.parse_args()
    n, n_q, n_brute = (40_000, 500, 100) if args.quick else (400_000, 2_000, 200)
    k = 5

    seats = county_seats()
    lat, lng = scattered_points(seats, n, seed=1, sigma_m=4_000.0)
    ids = np.random.default_rng(2).permutation(n).astype(np.int64) + 1
    qlat, qlng = scattered_points(seats, n_q, seed=3, sigma_m=6_000.0)
    allowed = np.random.default_rng(4).random(n) < 0.5

    build_s, index = timed(lambda: PointIndex(ids, lat, lng))
    xyz = to_unit_vectors(lat, lng)
    raw_build_s, tree = timed(lambda: cKDTree(xyz))
    q_xyz = to_unit_vectors(qlat, qlng)

    assert isinstance(index, PointIndex) and isinstance(tree, cKDTree)
    ours = per_call_us(lambda i: index.nearest(qlat[i], qlng[i], k), n_q)
    ours_f = per_call_us(
        lambda i: index.nearest(qlat[i], qlng[i], k, mask_fn=allowed.__getitem__), n_q
    )
    raw = per_call_us(lambda i: tree.query(q_xyz[i], k=k), n_q)
    brute = per_call_us(lambda i: brute_force_nearest(ids, lat, lng, qlat[i], qlng[i], k), n_brute)
    brute_f = per_call_us(
        lambda i: brute_force_nearest(ids, lat, lng, qlat[i], qlng[i], k, mask=allowed), n_brute
    )
    agree = sum(
        [a.id for a in ours[2][i]] == [b.id for b in brute[2][i]]  # type: ignore[attr-defined]
        and [a.id for a in ours_f[2][i]] == [b.id for b in brute_f[2][i]]  # type: ignore[attr-defined]
        for i in range(n_brute)
    )

    print(f"geo_nearest: {n:,} stations around {len(seats):,} county seats, k={k}")
    print(f"machine: {machine()}")
    print()
    print(
        table(
            ["method", "build s", "queries", "median us", "p95 us", "x raw cKDTree (median)"],
            [
                [
                    "raw cKDTree (unit vectors)",
                    f"{raw_build_s:.3f}",
                    n_q,
                    f"{raw[0]:.1f}",
                    f"{raw[1]:.1f}",
                    "1.00",
                ],
                [
                    "PointIndex.nearest",
                    f"{build_s:.3f}",
                    n_q,
                    f"{ours[0]:.1f}",
                    f"{ours[1]:.1f}",
                    f"{ours[0] / raw[0]:.2f}",
                ],
                [
                    "PointIndex.nearest, 50% filter",
                    "-",
                    n_q,
                    f"{ours_f[0]:.1f}",
                    f"{ours_f[1]:.1f}",
                    f"{ours_f[0] / raw[0]:.2f}",
                ],
                [
                    "brute-force haversine",
                    "-",
                    n_brute,
                    f"{brute[0]:.1f}",
                    f"{brute[1]:.1f}",
                    f"{brute[0] / raw[0]:.0f}",
                ],
                [
                    "brute-force haversine, 50% filter",
                    "-",
                    n_brute,
                    f"{brute_f[0]:.1f}",
                    f"{brute_f[1]:.1f}",
                    f"{brute_f[0] / raw[0]:.0f}",
                ],
            ],
        )
    )
    print()
    print(f"index == brute force (ids, both with and without filter): {agree}/{n_brute} queries")
    ok = agree == n_brute and ours[0] <= 3.0 * raw[0]
    print(f"target (exact, <= 3x raw cKDTree): {'met' if ok else 'NOT met'}")
    return 0 if agree == n_brute else 1


if __name__ == "__main__":
    sys.exit(main())
