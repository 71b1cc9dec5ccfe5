"""Where demand comes from: uploaded order/GPS files, the platform's own rows, the generator.

Pure reading and validation; `services` writes the result. Every function returns arrays
(lat, lng, weight, at) in WGS-84 plus, for files, a row-level error report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count, Q

from redrider.appeals.models import Appeal
from redrider.core.errors import InvalidInput
from redrider.core.sheets import BadWorkbook, read_sheet
from redrider.geo.crs import SUPPORTED_CRS, to_wgs84
from redrider.geo.planning import synthetic_demand
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.riders.models import Company
from redrider.stations.models import Checkin

from .analysis import SHANGHAI, county_codes

MAX_ROWS = 500_000
MAX_REPORTED_ERRORS = 200

# Header spellings accepted for each column (lower-cased, spaces stripped).
COLUMNS = {
    "lat": {"lat", "latitude", "纬度", "y"},
    "lng": {"lng", "lon", "long", "longitude", "经度", "x"},
    "weight": {"weight", "w", "权重", "订单数", "count", "orders"},
    "time": {"time", "at", "datetime", "timestamp", "时间", "下单时间"},
}


@dataclass
class ParsedDemand:
    """Validated demand rows (WGS-84) and the county of each; `errors` is per row."""

    lat: list[float] = field(default_factory=list)
    lng: list[float] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    at: list[dt.datetime | None] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def add_error(self, row: int, message_zh: str, message_en: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append({"row": row, "error": f"{message_zh} / {message_en}"})


def _read_rows(filename: str, content: bytes) -> list[list[Any]]:
    """All rows (header first) of a csv or xlsx file."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            sheet = read_sheet(content)  # formulas as their cached values, as data_only did
            rows = [list(values) for _number, values in sheet.rows]
            sheet.close()
        except BadWorkbook:
            raise InvalidInput(
                "unreadable_file", "无法读取 Excel 文件", "the xlsx file cannot be read"
            ) from None
        return rows
    if name.endswith(".csv") or name.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise InvalidInput("unreadable_file", "文件编码无法识别", "unknown text encoding")
        return [row for row in csv.reader(io.StringIO(text))]
    raise InvalidInput(
        "unsupported_file", "只支持 .csv 或 .xlsx 文件", "only .csv and .xlsx files are accepted"
    )


def _header_map(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = str(cell or "").strip().lower().replace(" ", "")
        for column, names in COLUMNS.items():
            if key in names and column not in found:
                found[column] = i
    return found


def _float(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def _time(value: Any) -> dt.datetime | None | bool:
    """datetime (aware), None when empty, False when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        text = str(value).strip().replace("/", "-")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return False
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def parse_demand_file(
    *, filename: str, content: bytes, region: Region, crs: str = "wgs84"
) -> ParsedDemand:
    """Validate an order/GPS file: columns lat, lng (required), weight (default 1), time.

    Each bad row is reported with its reason: a missing or non-numeric coordinate, a point out of
    range or outside the region (after conversion from `crs`), a non-numeric or negative weight,
    an unreadable time. A missing column is refused as a whole (`InvalidInput`).
    """
    if crs not in SUPPORTED_CRS:
        raise InvalidInput("unknown_crs", f"不支持的坐标系：{crs}", f"unknown crs: {crs}")
    rows = _read_rows(filename, content)
    if not rows:
        raise InvalidInput("empty_file", "文件为空", "the file is empty")
    cols = _header_map(rows[0])
    missing = [c for c in ("lat", "lng") if c not in cols]
    if missing:
        raise InvalidInput(
            "missing_columns",
            f"缺少必需的列：{', '.join(missing)}",
            f"missing required columns: {', '.join(missing)}",
            missing=missing,
        )
    body = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    if not body:
        raise InvalidInput("empty_file", "文件没有数据行", "the file has no data rows")
    if len(body) > MAX_ROWS:
        raise InvalidInput(
            "too_many_rows", f"行数超过上限 {MAX_ROWS}", f"more than {MAX_ROWS} rows"
        )
    out = ParsedDemand(rows=len(body))
    pending: list[tuple[int, float, float, float, dt.datetime | None]] = []
    for n, row in enumerate(rows[1:], start=2):  # row 1 is the header, as a spreadsheet counts
        if not any(v not in (None, "") for v in row):
            continue

        def cell(c: str, row: list[Any] = row) -> Any:
            return row[cols[c]] if c in cols and cols[c] < len(row) else None

        la, lo = _float(cell("lat")), _float(cell("lng"))
        if la is None or lo is None:
            out.add_error(n, "缺少经纬度", "lat/lng missing")
            continue
        if math.isnan(la) or math.isnan(lo):
            out.add_error(n, "经纬度不是数字", "lat/lng is not a number")
            continue
        if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
            out.add_error(n, "经纬度超出范围", "lat/lng out of range")
            continue
        w = _float(cell("weight")) if "weight" in cols else 1.0
        if w is None:
            w = 1.0
        if math.isnan(w) or not math.isfinite(w):
            out.add_error(n, "权重不是数字", "weight is not a number")
            continue
        if w < 0:
            out.add_error(n, "权重不能为负", "weight is negative")
            continue
        t = _time(cell("time")) if "time" in cols else None
        if t is False:
            out.add_error(n, "时间格式无法识别", "time is not readable")
            continue
        if crs != "wgs84":
            la, lo = to_wgs84(la, lo, crs)
        pending.append((n, la, lo, w, t))  # type: ignore[arg-type]
    if pending:
        codes = county_codes(
            np.asarray([p[1] for p in pending]), np.asarray([p[2] for p in pending])
        )
        prefix = tree.prefix(region.code)
        for (n, la, lo, w, t), code in zip(pending, codes.tolist(), strict=True):
            if not code or not code.startswith(prefix):
                out.add_error(
                    n, f"该点不在{region.name}范围内", f"point lies outside {region.code}"
                )
                continue
            out.lat.append(la)
            out.lng.append(lo)
            out.weight.append(w)
            out.at.append(t)
            out.counties.append(code)
    return out


# ---------------------------------------------------------------- the platform's own data


def platform_demand(region: Region) -> tuple[ParsedDemand, dict[str, int]]:
    """Demand from what the platform already knows about where riders are, inside the region:

    * every station check-in, at its station (weight 1, its time);
    * every appeal pin (weight 1, its time) - riders ask for help where they work;
    * every delivery site with a point, weighted by the active riders based there (at least 1):
      the riders' working areas, as far as the census knows them.

    Returns the points and counts per source.
    """
    lat: list[float] = []
    lng: list[float] = []
    weight: list[float] = []
    at: list[dt.datetime | None] = []
    counts = {"checkins": 0, "appeals": 0, "delivery_sites": 0}
    prefix = tree.prefix(region.code)
    rows = Checkin.objects.filter(station__region_code__startswith=prefix).values_list(
        "station__lat", "station__lng", "at"
    )
    for la, lo, t in rows.iterator(chunk_size=20_000):
        lat.append(la)
        lng.append(lo)
        weight.append(1.0)
        at.append(t)
        counts["checkins"] += 1
    for la, lo, t in Appeal.objects.in_region(region.code).values_list("lat", "lng", "created_at"):
        lat.append(la)
        lng.append(lo)
        weight.append(1.0)
        at.append(t)
        counts["appeals"] += 1
    sites = (
        Company.objects.in_region(region.code)
        .filter(kind="delivery_site", lat__isnull=False, lng__isnull=False)
        .annotate(n=Count("site_riders", filter=Q(site_riders__status="active")))
        .values_list("lat", "lng", "n")
    )
    for la, lo, n in sites:
        lat.append(la)
        lng.append(lo)
        weight.append(float(max(n, 1)))
        at.append(None)
        counts["delivery_sites"] += 1
    out = ParsedDemand(rows=len(lat))
    if lat:
        codes = county_codes(np.asarray(lat), np.asarray(lng))
        for i, code in enumerate(codes.tolist()):
            if code and code.startswith(prefix):
                out.lat.append(lat[i])
                out.lng.append(lng[i])
                out.weight.append(weight[i])
                out.at.append(at[i])
                out.counties.append(code)
    return out, counts


# ---------------------------------------------------------------- synthetic demand


def urban_weight(county: Region, capital_prefix: str = "5101") -> float:
    """How much rider demand a county seat draws, from what the tree tells: a city district
    (区) 3, a county-level city (市) 2, a county (县, 自治县 ...) 1; districts of the provincial
    capital twice that. A stand-in for urban population, which the region tree does not carry."""
    name = county.name
    w = 3.0 if name.endswith("区") else 2.0 if name.endswith("市") else 1.0
    if name.endswith("区") and county.code.startswith(capital_prefix):
        w *= 2.0
    return w


def synthetic_centres(region: Region, seed: int) -> list[tuple[float, float, float]]:
    """(lat, lng, weight) demand centres: each county seat in the region with its urban weight,
    plus two business districts 1.5-3 km from the seat carrying 40 % of the seat's weight each."""
    prefix = tree.prefix(region.code)
    counties = Region.objects.filter(level="county", code__startswith=prefix).order_by("code")
    if region.level == "county":
        counties = Region.objects.filter(code=region.code)
    rng = np.random.default_rng(seed)
    centres: list[tuple[float, float, float]] = []
    for county in counties:
        w = urban_weight(county, capital_prefix=region.code[:2] + "01")
        centres.append((county.lat, county.lng, w))
        for _ in range(2):
            distance = rng.uniform(1500.0, 3000.0)
            bearing = rng.uniform(0.0, 2 * math.pi)
            dlat = distance * math.cos(bearing) / 111_195.0
            dlng = distance * math.sin(bearing) / (111_195.0 * math.cos(math.radians(county.lat)))
            centres.append((county.lat + dlat, county.lng + dlng, 0.4 * w))
    return centres


def generated_demand(region: Region, n: int, seed: int, sigma_m: float = 2500.0) -> ParsedDemand:
    """`n` synthetic points around the region's county seats and business districts
    (`geo.planning.synthetic_demand`), keeping those that fall inside the region."""
    centres = synthetic_centres(region, seed)
    if not centres:
        return ParsedDemand()
    points = synthetic_demand(centres, n, seed, sigma_m=sigma_m)
    codes = county_codes(points.lat, points.lng)
    prefix = tree.prefix(region.code)
    keep = np.char.startswith(codes, prefix) & (codes != "")
    out = ParsedDemand(rows=n)
    out.lat = points.lat[keep].tolist()
    out.lng = points.lng[keep].tolist()
    out.weight = points.weight[keep].tolist()
    out.at = [None] * len(out.lat)
    out.counties = codes[keep].tolist()
    return out
