"""Nearest-station search: an in-process `PointIndex` kept in step with the database.

Every process holds one snapshot of the searchable stations (everything not retired): a
`redrider.geo.index.PointIndex` (exact great-circle k-nearest over 3-D unit vectors) plus the few
columns the filters need (services bit mask, opening-hours pattern, status). The snapshot is
tagged with the `StationIndexVersion.token` it was built from; each search reads that one row by
primary key and rebuilds when the token has changed. So the index survives restarts (it is
rebuilt from the table), stays right with several app processes (each sees the token change) and
costs one indexed read per request when nothing changed.

`open_now` is evaluated at request time in Asia/Shanghai, lazily: only for the candidates the
index looks at, once per distinct opening-hours pattern per request.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import opening_hours
from django.db import connection
from django.utils import timezone

from redrider.geo.crs import from_wgs84, wgs84_to_bd09, wgs84_to_gcj02
from redrider.geo.index import PointIndex

from .choices import StationStatus, StationType
from .models import Station, StationIndexVersion

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_LIMIT = 50
MAX_RADIUS_M = 20_000_000.0
_STATUS_OPEN = 0


@dataclass(frozen=True)
class Snapshot:
    token: str
    index: PointIndex
    mask: np.ndarray  # services bit mask per position
    status_open: np.ndarray  # bool: status == open
    hours_id: np.ndarray  # position → index into `hours`
    hours: list[str]


_lock = threading.Lock()
_snapshot: Snapshot | None = None


def current_token() -> str:
    """The index token, read with one raw primary-key query (this runs on every search, so it
    skips the ORM's query compilation)."""
    table = StationIndexVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 - constant name
        row = cursor.fetchone()
    return row[0] if row else "missing"


# Columns a search result shows, fetched for the k hits only (raw SQL: it runs per request).
PUBLIC_COLUMNS = (
    "id",
    "code",
    "name",
    "type",
    "address",
    "lat",
    "lng",
    "region_code",
    "services",
    "services_note",
    "opening_hours",
    "status",
    "star_rating",
    "capacity",
    "area_m2",
    "last_verified",
)
_TYPE_LABELS = {value: label for value, label in StationType.choices}
_STATUS_LABELS = {value: label for value, label in StationStatus.choices}


def describe(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Public facts of the given stations keyed by id (the shape of `schemas.station_public`)."""
    if not ids:
        return {}
    table = Station._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(PUBLIC_COLUMNS)} FROM {table} WHERE id IN ({marks})",  # noqa: S608
            list(ids),
        )
        rows = cursor.fetchall()
    out = {}
    for row in rows:
        item = dict(zip(PUBLIC_COLUMNS, row, strict=True))
        if isinstance(item["services"], str):
            item["services"] = json.loads(item["services"])
        verified = item["last_verified"]
        if isinstance(verified, str):
            verified = dt.date.fromisoformat(verified)
        item["last_verified"] = verified.isoformat() if verified else None
        item["type_label"] = str(_TYPE_LABELS.get(item["type"], item["type"]))
        item["status_label"] = str(_STATUS_LABELS.get(item["status"], item["status"]))
        out[item["id"]] = item
    return out


def build_snapshot(token: str) -> Snapshot:
    """Load every searchable station's point and filter columns (no JSON parsing per row)."""
    rows = (
        Station.objects.exclude(status=StationStatus.RETIRED)
        .values_list("id", "lat", "lng", "services_mask", "status", "opening_hours")
        .order_by("id")
    )
    ids, lat, lng, masks, status_open, hours_id = [], [], [], [], [], []
    patterns: dict[str, int] = {}
    for pk, la, lo, mask, status, hours in rows.iterator(chunk_size=20_000):
        ids.append(pk)
        lat.append(la)
        lng.append(lo)
        masks.append(mask)
        status_open.append(status == StationStatus.OPEN)
        hours_id.append(patterns.setdefault(hours, len(patterns)))
    return Snapshot(
        token=token,
        index=PointIndex(ids, lat, lng),
        mask=np.asarray(masks, dtype=np.int64),
        status_open=np.asarray(status_open, dtype=bool),
        hours_id=np.asarray(hours_id, dtype=np.int64),
        hours=list(patterns),
    )


def snapshot() -> Snapshot:
    """The index for the database's current token, rebuilt here when stations changed."""
    global _snapshot
    token = current_token()
    snap = _snapshot
    if snap is not None and snap.token == token:
        return snap
    with _lock:
        snap = _snapshot
        if snap is None or snap.token != token:
            snap = build_snapshot(token)
            _snapshot = snap
    return snap


def reset() -> None:
    """Forget this process's index (tests; a rebuild follows on the next search)."""
    global _snapshot
    with _lock:
        _snapshot = None


class _OpenNow:
    """Lazy per-request evaluation of opening hours at one local wall-clock time."""

    def __init__(self, snap: Snapshot, at_local: dt.datetime) -> None:
        self.snap = snap
        self.at = at_local
        self.known = np.full(len(snap.hours), -1, dtype=np.int8)

    def __call__(self, positions: np.ndarray) -> np.ndarray:
        hid = self.snap.hours_id[positions]
        for h in np.unique(hid[self.known[hid] < 0]).tolist():
            self.known[h] = 1 if is_open(self.snap.hours[h], self.at) else 0
        return (self.known[hid] == 1) & self.snap.status_open[positions]


_minute_cache: tuple[dt.datetime, dict[str, bool]] = (dt.datetime.min, {})


def is_open(pattern: str, at_local: dt.datetime) -> bool:
    """Whether `pattern` (OSM opening_hours) is open at the naive local time `at_local`.

    The syntax has minute resolution, so answers are shared for the rest of the same minute.
    """
    global _minute_cache
    minute = at_local.replace(second=0, microsecond=0)
    cached_minute, answers = _minute_cache
    if cached_minute != minute:
        answers = {}
        _minute_cache = (minute, answers)
    found = answers.get(pattern)
    if found is None:
        try:
            found = bool(_parsed(pattern).is_open(minute))
        except Exception:  # noqa: BLE001 - a pattern that fails to evaluate is not shown as open
            found = False
        if len(answers) < 10_000:
            answers[pattern] = found
    return found


_PARSED: dict[str, Any] = {}


def _parsed(pattern: str):
    found = _PARSED.get(pattern)
    if found is None:
        found = opening_hours.OpeningHours(pattern)
        if len(_PARSED) < 10_000:
            _PARSED[pattern] = found
    return found


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """Naive Asia/Shanghai wall-clock time (what opening_hours patterns are written in)."""
    return (now or timezone.now()).astimezone(SHANGHAI).replace(tzinfo=None)


def search(
    *,
    lat: float,
    lng: float,
    limit: int,
    radius_m: float | None,
    open_now: bool,
    services_mask: int,
    now: dt.datetime | None = None,
) -> list[tuple[int, float, bool]]:
    """Exact k-nearest searchable stations to a WGS-84 point.

    Returns `(station_id, distance_m, open_now)` ascending by great-circle distance, ties by id.
    Filters: `open_now` (Asia/Shanghai at `now`), every service in `services_mask`, `radius_m`.
    """
    snap = snapshot()
    opener = _OpenNow(snap, local_now(now))
    masks = []
    if services_mask:
        masks.append(lambda pos: (snap.mask[pos] & services_mask) == services_mask)
    if open_now:
        masks.append(opener)
    mask_fn = None
    if len(masks) == 1:
        mask_fn = masks[0]
    elif masks:
        mask_fn = lambda pos: masks[0](pos) & masks[1](pos)  # noqa: E731
    hits = snap.index.nearest(lat, lng, k=limit, radius_m=radius_m, mask_fn=mask_fn)
    if not hits:
        return []
    # Position of each hit id: ids are sorted ascending in the snapshot.
    positions = np.searchsorted(snap.index.ids, [h.id for h in hits])
    flags = opener(positions).tolist()
    return [(h.id, h.distance_m, bool(f)) for h, f in zip(hits, flags, strict=True)]


def point_out(lat: float, lng: float, crs: str) -> tuple[float, float]:
    out_lat, out_lng = from_wgs84(lat, lng, crs)
    return round(out_lat, 7), round(out_lng, 7)


def navigation_links(name: str, lat: float, lng: float) -> dict[str, str]:
    """Deep links that open the phone's map app at a WGS-84 point: Amap and Tencent take GCJ-02,
    Baidu BD-09 (each told so explicitly)."""
    from urllib.parse import quote

    g_lat, g_lng = wgs84_to_gcj02(lat, lng)
    b_lat, b_lng = wgs84_to_bd09(lat, lng)
    q = quote(name)
    return {
        "amap": f"https://uri.amap.com/marker?position={g_lng:.6f},{g_lat:.6f}&name={q}"
        f"&src=redrider&coordinate=gaode&callnative=1",
        "baidu": f"https://api.map.baidu.com/marker?location={b_lat:.6f},{b_lng:.6f}&title={q}"
        f"&content={q}&coord_type=bd09ll&output=html&src=redrider",
        "tencent": f"https://apis.map.qq.com/uri/v1/marker?marker=coord:{g_lat:.6f},{g_lng:.6f};"
        f"title:{q}&referer=redrider",
    }
