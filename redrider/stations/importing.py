"""Station ledgers in Excel: import (every row or none, each bad row with its reason) and export.

Columns are recognised by their Chinese header or their field key, so the exported file can be
edited and imported again. Types, statuses and services may be written as codes or as their
Chinese labels; services separated by `,`, `，`, `、` or `;`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from redrider.core.audit import audit_record
from redrider.core.errors import DomainError, InvalidInput, PermissionDenied
from redrider.core.sheets import BadWorkbook, read_sheet, table_xlsx
from redrider.core.text import clean_text

from .choices import Service, StationStatus, StationType
from .models import Station
from .services import (
    _require_region,
    clean_station_fields,
    index_version_bump,
    is_editor,
    new_station_code,
)

COLUMNS = [
    ("code", "驿站编码"),
    ("name", "名称"),
    ("type", "类型"),
    ("host_organisation", "建设/承办单位"),
    ("manager_name", "负责人"),
    ("contact_phone", "联系电话"),
    ("address", "地址"),
    ("lat", "纬度"),
    ("lng", "经度"),
    ("crs", "坐标系"),
    ("services", "服务项目"),
    ("services_note", "其他服务"),
    ("opening_hours", "开放时间"),
    ("capacity", "可容纳人数"),
    ("area_m2", "面积"),
    ("status", "运行状态"),
]
EXPORT_ONLY = [("region_code", "区划代码"), ("star_rating", "星级"), ("last_verified", "最近核实")]
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


def _label_map(choices) -> dict[str, str]:
    out = {str(label): value for value, label in choices.choices}
    out.update({value: value for value in choices.values})
    return out


def _header_map(cells: list[Any]) -> dict[int, str]:
    by_name = {}
    for key, label in COLUMNS + EXPORT_ONLY:
        by_name[key] = key
        by_name[label] = key
    found = {}
    for i, cell in enumerate(cells):
        column = by_name.get(str(cell or "").strip())
        if column:
            found[i] = column
    return found


def _row_fields(raw: dict[str, Any]) -> dict[str, Any]:
    types, statuses, services = (
        _label_map(StationType),
        _label_map(StationStatus),
        _label_map(Service),
    )
    data = {k: v for k, v in raw.items() if k in dict(COLUMNS)}
    for key in list(data):
        if isinstance(data[key], str):
            data[key] = clean_text(data[key]).strip()
    if data.get("type"):
        data["type"] = types.get(str(data["type"]), data["type"])
    if data.get("status"):
        data["status"] = statuses.get(str(data["status"]), data["status"])
    if data.get("services"):
        parts = [p.strip() for p in re.split(r"[,，、;；]", str(data["services"])) if p.strip()]
        data["services"] = [services.get(p, p) for p in parts]
    if data.get("contact_phone") is not None and not isinstance(data["contact_phone"], str):
        data["contact_phone"] = str(data["contact_phone"])
    if "*" in str(data.get("contact_phone") or ""):
        data["contact_phone"] = ""  # a masked phone from an export carries no number to keep
    data["crs"] = str(data.get("crs") or "wgs84").lower()
    return data


def stations_import_xlsx(*, actor, content: bytes) -> list[Station]:
    """Create every station in the workbook, or none. Before: `actor` is an editor; each row's
    point lies in their region. On any bad row raises InvalidInput (422) whose `rows` lists
    `{"row", "reason"}` for every bad row; nothing is written. After: all rows exist, one index
    token bump, one audit row."""
    if not is_editor(actor):
        raise PermissionDenied()
    if len(content) > MAX_BYTES:
        raise InvalidInput("file_too_large", "文件过大（最大 10 MB）", "file too large (max 10 MB)")
    try:
        # Formulas read as their cached values, as openpyxl's data_only did; at most 10 MB.
        sheet = read_sheet(content)
        rows = iter([values for _number, values in sheet.rows])
        sheet.close()
    except BadWorkbook:
        raise InvalidInput(
            "invalid_file", "无法读取 Excel 文件（需要 .xlsx）", "not a readable .xlsx file"
        ) from None
    header = _header_map(list(next(rows, []) or []))
    missing = {"name", "lat", "lng"} - set(header.values())
    if missing:
        raise InvalidInput(
            "missing_columns",
            f"缺少必需的列：{', '.join(sorted(missing))}",
            f"missing required columns: {', '.join(sorted(missing))}",
        )
    errors: list[dict] = []
    prepared: list[tuple[int, str, dict]] = []
    seen_codes: set[str] = set()
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(
                "too_many_rows",
                f"行数过多（最多 {MAX_ROWS} 行）",
                f"too many rows (max {MAX_ROWS})",
            )
        raw = {header[i]: value for i, value in enumerate(cells) if i in header}
        if all(value in (None, "") for value in raw.values()):
            continue
        try:
            data = _row_fields(raw)
            code = str(data.pop("code", "") or "").strip()
            values = clean_station_fields(data, partial=False)
            _require_region(actor, values["region_code"])
            if code and (code in seen_codes or Station.objects.filter(code=code).exists()):
                raise InvalidInput(
                    "duplicate_code", f"驿站编码重复：{code}", f"duplicate station code: {code}"
                )
        except DomainError as exc:
            errors.append({"row": number, "reason": exc.detail})
            continue
        if code:
            seen_codes.add(code)
        prepared.append((number, code, values))
    if errors:
        raise InvalidInput(
            "import_rejected",
            f"导入未执行：{len(errors)} 行有误",
            f"nothing imported: {len(errors)} bad rows",
            rows=errors,
        )
    if not prepared:
        raise InvalidInput("empty_file", "文件中没有数据行", "the file has no data rows")
    with transaction.atomic():
        created = [
            Station.objects.create(code=code or new_station_code(values["region_code"]), **values)
            for _number, code, values in prepared
        ]
        index_version_bump()
        audit_record(
            actor=actor,
            action="station.import",
            obj=None,
            region_code=actor.scope_code or "",
            detail={"count": len(created)},
        )
    return created


def stations_export_xlsx(*, stations) -> bytes:
    """The given stations as a workbook with the import's columns (phones masked)."""
    types, statuses, services = (
        dict(StationType.choices),
        dict(StationStatus.choices),
        dict(Service.choices),
    )
    rows = (
        [
            s.code,
            s.name,
            str(types.get(s.type, s.type)),
            s.host_organisation,
            s.manager_name,
            s.contact_phone_masked,
            s.address,
            s.lat,
            s.lng,
            "wgs84",
            "、".join(str(services.get(c, c)) for c in s.services),
            s.services_note,
            s.opening_hours,
            s.capacity,
            s.area_m2,
            str(statuses.get(s.status, s.status)),
            s.region_code,
            s.star_rating,
            s.last_verified.isoformat() if s.last_verified else "",
        ]
        for s in stations.iterator(chunk_size=2000)
    )
    return table_xlsx("暖心驿站", [label for _key, label in COLUMNS + EXPORT_ONLY], rows)
