"""Nearest-station search: an in-process `PointIndex` kept in step with the database.

Every process holds one snapshot of the searchable stations (everything not retired): a
`redrider.geo.index.PointIndex` (exact great-circle k-nearest over 3-D unit vectors) plus the few
columns the filters need (services bit mask, opening-hours pattern, status). The snapshot is
tagged with the `StationIndexVersion.token` it was built from; each search reads that one row by
primary key and, when the token has changed, reads the few stations written since its base was
built and lays them over it (`Snapshot`; a full rebuild runs beside in a thread once the changes
pile up). So the index survives restarts (it is rebuilt from the table), stays right with several
app processes (each sees the token change on its next search), costs one indexed read per request
when nothing changed, and no request waits for a national-scale rebuild after a station write.

`open_now` is evaluated at request time in Asia/Shanghai, lazily: only for the candidates the
index looks at, once per distinct opening-hours pattern per request.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import opening_hours
from django.conf import settings
from django.db import connection
from django.utils import timezone

from redrider.geo.crs import from_wgs84, wgs84_to_bd09, wgs84_to_gcj02
from redrider.geo.index import PointIndex

from .choices import StationStatus, StationType
from .models import Station, StationIndexVersion

log = logging.getLogger("redrider.stations.nearby")
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_LIMIT = 50
MAX_RADIUS_M = 20_000_000.0
_STATUS_OPEN = 0


@dataclass(frozen=True)
class Layer:
    """Searchable stations in one `PointIndex` with the columns the filters need."""

    index: PointIndex
    mask: np.ndarray  # services bit mask per position
    status_open: np.ndarray  # bool: status == open
    hours_id: np.ndarray  # position → index into `hours`
    hours: list[str]


@dataclass(frozen=True)
class Snapshot:
    """The base layer built from the whole table, plus the stations changed since (`changes`),
    which replace their base rows (`dead` masks those out; a retired station is only masked).

    `since` is when the base's read began, less CHANGE_MARGIN: every station written since then
    is in `changes`, read again whenever the token moves. So a station write is seen by every
    process on its next search, for the cost of reading the few rows changed since the base —
    never a whole rebuild while a rider waits (a full rebuild runs beside, in a thread, once the
    changes pile up, and is swapped in when done).
    """

    token: str
    base: Layer
    since: dt.datetime
    changes: Layer | None = None
    dead: np.ndarray | None = None  # bool over base positions

    # The base's arrays under their old names (benchmarks and tests read them).
    @property
    def index(self) -> PointIndex:
        return self.base.index

    @property
    def mask(self) -> np.ndarray:
        return self.base.mask

    @property
    def status_open(self) -> np.ndarray:
        return self.base.status_open

    @property
    def hours_id(self) -> np.ndarray:
        return self.base.hours_id

    @property
    def hours(self) -> list[str]:
        return self.base.hours

    @property
    def changed(self) -> int:
        return 0 if self.changes is None else len(self.changes.index)


_lock = threading.Lock()
_snapshot: Snapshot | None = None
_rebuilding = threading.Event()
# Writes are stamped by the writing process's clock and commit a little later: reading the
# changes from this far before the base's read began covers long transactions and clock skew
# between app servers.
CHANGE_MARGIN = dt.timedelta(seconds=120)
# Past this many changed stations a full rebuild runs beside the current index and replaces it.
REBUILD_AFTER_CHANGES = 2000


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


def _layer(rows) -> Layer:
    ids, lat, lng, masks, status_open, hours_id = [], [], [], [], [], []
    patterns: dict[str, int] = {}
    for pk, la, lo, mask, status, hours in rows:
        ids.append(pk)
        lat.append(la)
        lng.append(lo)
        masks.append(mask)
        status_open.append(status == StationStatus.OPEN)
        hours_id.append(patterns.setdefault(hours, len(patterns)))
    return Layer(
        index=PointIndex(ids, lat, lng),
        mask=np.asarray(masks, dtype=np.int64),
        status_open=np.asarray(status_open, dtype=bool),
        hours_id=np.asarray(hours_id, dtype=np.int64),
        hours=list(patterns),
    )


COLUMNS = ("id", "lat", "lng", "services_mask", "status", "opening_hours")


def build_snapshot(token: str) -> Snapshot:
    """Load every searchable station's point and filter columns (no JSON parsing per row)."""
    since = timezone.now() - CHANGE_MARGIN
    rows = (
        Station.objects.exclude(status=StationStatus.RETIRED)
        .values_list(*COLUMNS)
        .order_by("id")
        .iterator(chunk_size=20_000)
    )
    return Snapshot(token=token, base=_layer(rows), since=since)


def with_changes(snap: Snapshot, token: str) -> tuple[Snapshot, bool]:
    """`snap`'s base with every station written since it was read (one indexed range read and a
    count), and whether that is complete: False when stations vanished (deleted), which only a
    full rebuild can show."""
    changed = list(
        Station.objects.filter(updated_at__gte=snap.since).values_list(*COLUMNS).order_by("id")
    )
    base_ids = snap.base.index.ids
    dead = np.zeros(len(base_ids), dtype=bool)
    if changed and len(base_ids):
        changed_ids = np.asarray([row[0] for row in changed], dtype=np.int64)
        at = np.searchsorted(base_ids, changed_ids)
        inside = at < len(base_ids)
        hit = inside.copy()
        hit[inside] = base_ids[at[inside]] == changed_ids[inside]
        dead[at[hit]] = True
    live = [row for row in changed if row[4] != StationStatus.RETIRED]
    # A deleted station leaves no changed row: the count tells. Then (rare: the admin's delete)
    # the caller rebuilds; until it is swapped in, `describe` skips the vanished ids.
    expected = len(base_ids) - int(dead.sum()) + len(live)
    complete = Station.objects.exclude(status=StationStatus.RETIRED).count() == expected
    updated = Snapshot(
        token=token,
        base=snap.base,
        since=snap.since,
        changes=_layer(live) if live else None,
        dead=dead if dead.any() else None,
    )
    return updated, complete


def _rebuild_beside(token: str) -> None:
    """Build a fresh base in this thread and swap it in; searches go on meanwhile."""
    global _snapshot
    from django.db import connection as thread_connection

    try:
        fresh = build_snapshot(token)
        with _lock:
            _snapshot = fresh
    except Exception:  # noqa: BLE001 - the current index keeps serving; the next change retries
        log.warning("station index rebuild failed", exc_info=True)
    finally:
        thread_connection.close()
        _rebuilding.clear()


def snapshot() -> Snapshot:
    """The index for the database's current token.

    Cold (first search in a process, unless `config.warmup` built it before the fork): a full
    build. After a station write: the base plus the rows changed since it (`with_changes`),
    milliseconds. When the changes pile up past REBUILD_AFTER_CHANGES a full rebuild starts in a
    thread (NEARBY_REBUILD_IN_BACKGROUND; inline when off, as in tests) and is swapped in.
    """
    global _snapshot
    token = current_token()
    snap = _snapshot
    if snap is not None and snap.token == token:
        return snap
    with _lock:
        snap = _snapshot
        if snap is None:
            snap = build_snapshot(token)
        elif snap.token != token:
            snap, complete = with_changes(snap, token)
            if not complete or snap.changed > REBUILD_AFTER_CHANGES:
                if not getattr(settings, "NEARBY_REBUILD_IN_BACKGROUND", True):
                    snap = build_snapshot(token)
                elif not _rebuilding.is_set():
                    _rebuilding.set()
                    threading.Thread(
                        target=_rebuild_beside, args=(token,), daemon=True, name="nearby-rebuild"
                    ).start()
            # Meanwhile this one serves: a deleted station's id is skipped by `describe`.
        _snapshot = snap
    return snap


def reset() -> None:
    """Forget this process's index (tests; a rebuild follows on the next search)."""
    global _snapshot
    with _lock:
        _snapshot = None


class _OpenNow:
    """Lazy per-request evaluation of opening hours at one local wall-clock time."""

    def __init__(self, snap: Layer, at_local: dt.datetime) -> None:
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
    at = local_now(now)
    hits = _search_layer(
        snap.base, snap.dead, lat, lng, limit, radius_m, open_now, services_mask, at
    )
    if snap.changes is not None:
        hits += _search_layer(
            snap.changes, None, lat, lng, limit, radius_m, open_now, services_mask, at
        )
        hits.sort(key=lambda h: (h[1], h[0]))
        hits = hits[:limit]
    return hits


def _search_layer(
    layer: Layer,
    dead: np.ndarray | None,
    lat: float,
    lng: float,
    limit: int,
    radius_m: float | None,
    open_now: bool,
    services_mask: int,
    at: dt.datetime,
) -> list[tuple[int, float, bool]]:
    opener = _OpenNow(layer, at)
    masks = []
    if dead is not None:
        masks.append(lambda pos: ~dead[pos])
    if services_mask:
        masks.append(lambda pos: (layer.mask[pos] & services_mask) == services_mask)
    if open_now:
        masks.append(opener)
    mask_fn = None
    if len(masks) == 1:
        mask_fn = masks[0]
    elif masks:

        def mask_fn(pos):
            keep = masks[0](pos)
            for more in masks[1:]:
                keep = keep & more(pos)
            return keep

    hits = layer.index.nearest(lat, lng, k=limit, radius_m=radius_m, mask_fn=mask_fn)
    if not hits:
        return []
    # Position of each hit id: ids are sorted ascending in a layer.
    positions = np.searchsorted(layer.index.ids, [h.id for h in hits])
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
