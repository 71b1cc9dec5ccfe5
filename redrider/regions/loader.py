"""Loads the region tree from the shipped data file (see the file's first line for its source)."""

from __future__ import annotations

import csv
from pathlib import Path

from .models import Region

DATA_FILE = Path(__file__).parent / "data" / "regions-cn.csv"


def read_rows(path: Path = DATA_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def regions_load(*, path: Path = DATA_FILE) -> int:
    """Insert every region not yet present (parents first). Returns how many were added."""
    rows = read_rows(path)
    existing = set(Region.objects.values_list("code", flat=True))
    order = {"province": 0, "prefecture": 1, "county": 2}
    rows.sort(key=lambda r: (order[r["level"]], r["code"]))
    new = [
        Region(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_id=r["parent_code"] or None,
            lat=float(r["lat"]),
            lng=float(r["lng"]),
        )
        for r in rows
        if r["code"] not in existing
    ]
    for level in ("province", "prefecture", "county"):
        Region.objects.bulk_create([r for r in new if r.level == level], batch_size=1000)
    return len(new)
