"""Benchmark: hotspot grouping of open appeals (PointIndex) against an all-pairs baseline.

Run: `.venv/bin/python bench/appeals_hotspots.py` (pure Python: no database needed).

Synthetic cases: N open appeals of nine categories, 40 % clustered at 200 "gates" around
Chengdu and Mianyang, the rest scattered over Sichuan's bounding box. The baseline builds the
same neighbour lists with one vectorised haversine row per case (O(N²)) and runs the same greedy
grouping; both must give identical hotspots.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redrider.appeals.hotspots import CasePoint, hotspots_group  # noqa: E402
from redrider.geo.distance import haversine_m_array  # noqa: E402

RADII = {
    "enter_compound": 150,
    "go_upstairs": 100,
    "parking": 200,
    "charging": 300,
    "rest": 300,
    "meals": 300,
    "rights": 1000,
    "traffic_safety": 300,
    "other": 300,
}
CATS = list(RADII)


def cases(n: int, seed: int = 1) -> list[CasePoint]:
    rng = random.Random(seed)
    gates = [(30.66 + rng.gauss(0, 0.08), 104.07 + rng.gauss(0, 0.08)) for _ in range(150)] + [
        (31.46 + rng.gauss(0, 0.03), 104.75 + rng.gauss(0, 0.03)) for _ in range(50)
    ]
    out = []
    for i in range(n):
        if rng.random() < 0.4:
            lat, lng = rng.choice(gates)
            lat, lng = lat + rng.gauss(0, 0.0006), lng + rng.gauss(0, 0.0006)
            cat = rng.choice(["enter_compound", "go_upstairs", "parking"])
        else:
            lat, lng = rng.uniform(26.0, 34.3), rng.uniform(97.4, 108.5)
            cat = rng.choice(CATS)
        out.append(CasePoint(i + 1, cat, lat, lng, 1 + (rng.random() < 0.2)))
    return out


def baseline(points: list[CasePoint]):
    """The same greedy grouping with neighbours found by all-pairs haversine."""
    from redrider.appeals.hotspots import Hotspot

    out = []
    for cat in sorted({p.category for p in points}):
        items = sorted((p for p in points if p.category == cat), key=lambda c: c.id)
        lat = np.array([p.lat for p in items])
        lng = np.array([p.lng for p in items])
        r = RADII[cat] + 1e-6
        neigh = [
            np.flatnonzero(haversine_m_array(p.lat, p.lng, lat, lng) <= r).tolist() for p in items
        ]
        order = sorted(range(len(items)), key=lambda i: (-len(neigh[i]), items[i].id))
        taken = [False] * len(items)
        for i in order:
            if taken[i]:
                continue
            members = [j for j in neigh[i] if not taken[j]]
            for j in members:
                taken[j] = True
            c = items[i]
            out.append(
                Hotspot(
                    cat,
                    c.id,
                    c.lat,
                    c.lng,
                    float(RADII[cat]),
                    sorted(items[j].id for j in members),
                    sum(items[j].weight for j in members),
                )
            )
    out.sort(key=lambda h: (-h.weight, -h.size, h.centre_id))
    return out


def main() -> None:
    print("| cases | PointIndex s | all-pairs s | speed-up | hotspots ≥2 | same answer |")
    print("|------:|-------------:|------------:|---------:|------------:|:-----------:|")
    for n in (1_000, 5_000, 20_000):
        pts = cases(n)
        t0 = time.perf_counter()
        ours = hotspots_group(pts, RADII.__getitem__)
        t1 = time.perf_counter()
        base = baseline(pts)
        t2 = time.perf_counter()
        same = [(h.category, h.centre_id, h.case_ids) for h in ours] == [
            (h.category, h.centre_id, h.case_ids) for h in base
        ]
        print(
            f"| {n:,} | {t1 - t0:.3f} | {t2 - t1:.3f} | {(t2 - t1) / (t1 - t0):.1f}x | "
            f"{sum(h.size >= 2 for h in ours):,} | {'yes' if same else 'NO'} |"
        )


if __name__ == "__main__":
    main()
