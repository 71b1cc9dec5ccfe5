"""Row validation and in-file merging: every bad row is reported with its reason, none written.

A row becomes a `Record` keyed by the ID number's blind index. Rows of one person that name
different platforms merge into one record (a firm's list may carry a rider once per platform);
the same person twice on the same platform is a duplicate and refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from redrider.core.pii import mask_id_number, mask_phone
from redrider.regions import tree

from ..choices import PoliticalStatus, RiderKind, RiderStatus
from ..identity import (
    IdentityError,
    IdentityFacts,
    check_id_number,
    id_index,
    name_index,
    phone_index,
)
from .cells import CellError, check_phone, date_cell, int_cell, text_cell
from .columns import COLUMNS

KINDS = {
    "专送": RiderKind.FULL_TIME,
    "全职": RiderKind.FULL_TIME,
    "full_time": RiderKind.FULL_TIME,
    "众包": RiderKind.CROWD,
    "兼职": RiderKind.CROWD,
    "crowd": RiderKind.CROWD,
}
STATUSES = {
    "在岗": RiderStatus.ACTIVE,
    "在职": RiderStatus.ACTIVE,
    "active": RiderStatus.ACTIVE,
    "离职": RiderStatus.LEFT,
    "已离职": RiderStatus.LEFT,
    "left": RiderStatus.LEFT,
}
POLITICAL = {
    "中共党员": PoliticalStatus.MEMBER,
    "党员": PoliticalStatus.MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE,
    "团员": PoliticalStatus.LEAGUE,
    "群众": PoliticalStatus.MASSES,
}
YES_NO = {"是": True, "否": False, "": False, "y": True, "n": False, "yes": True, "no": False}
HEADERS = {c.key: c.header for c in COLUMNS}


@dataclass
class Record:
    """One person as the file describes them (after merging their rows)."""

    id_idx: str
    row: int  # first row in the file
    name: str
    id_number: str
    phone: str
    region_code: str
    gender: str
    birth_year: int
    platform_ids: set[int]
    kind: str
    company: str
    site: str
    joined_on: dt.date | None
    status: str
    left_on: dt.date | None
    political_status: str | None  # None: the file does not say, keep what is known
    mobile_party_member: bool
    community_organisation: str
    housing_fund_months: int | None
    name_idx: str = ""
    phone_idx: str = ""
    rows: list[int] = field(default_factory=list)


@dataclass
class Lookups:
    """What rows are checked against: counties within the uploader's scope and the platforms."""

    county_codes: set[str]
    county_names: dict[str, list[str]]  # name → codes (a name may be ambiguous)
    platforms: dict[str, int]  # lower-cased code, name or alias → Platform id

    @classmethod
    def load(cls, scope_code: str) -> Lookups:
        """The counties under `scope_code` (from the region tree) and every platform."""
        from ..models import Platform

        codes: set[str] = set()
        names: dict[str, list[str]] = {}
        for node in tree.under(scope_code):
            if node.level == "county":
                codes.add(node.code)
                names.setdefault(node.name, []).append(node.code)
        platforms: dict[str, int] = {}
        for pk, code, name, aliases in Platform.objects.values_list(
            "pk", "code", "name", "aliases"
        ):
            for key in [code, name, *(aliases or [])]:
                platforms[str(key).strip().lower()] = pk
        return cls(codes, names, platforms)


# The columns read as text, and as dates, in the order their errors are reported.
TEXT_KEYS = (
    "name",
    "id_number",
    "phone",
    "county",
    "platform",
    "kind",
    "company",
    "site",
    "status",
    "political_status",
    "mobile_party_member",
    "community_organisation",
)
DATE_KEYS = ("joined_on", "left_on")


class Validator:
    """Checks rows one by one and merges the rows of one person; collects every error."""

    def __init__(self, lookups: Lookups, *, today: dt.date | None = None):
        self.lookups = lookups
        self.today = today or dt.date.today()
        self.records: dict[str, Record] = {}
        self.phones: dict[str, tuple[str, int]] = {}  # phone index → (id index, row)
        self.errors: list[dict] = []
        self.rows_seen = 0

    def error(self, row: int, key: str, code: str, zh: str, en: str, shown: str = "") -> None:
        self.errors.append(
            {
                "row": row,
                "column": HEADERS.get(key, key),
                "code": code,
                "message": f"{zh} / {en}",
                "value": shown,
            }
        )

    def add(self, number: int, raw: dict) -> None:
        """Validate one row (`raw`: column key → cell value) and merge it into the records.

        Every problem of the row is recorded (in column order), and only an error-free row is
        merged: the checks below each record their own errors and return what they could read.
        """
        self.rows_seen += 1
        before = len(self.errors)
        cells = self._cells(number, raw)
        name, facts, phone = self._person(number, cells)
        region = self._county(number, cells["county"] or "")
        platform_ids = self._platforms(number, cells["platform"] or "")
        kind, status, political, mobile = self._choices(number, cells)
        joined, left = self._dates(number, cells["joined_on"], cells["left_on"])
        if len(self.errors) != before:
            return
        # No error was recorded, so every required value was found.
        assert facts and phone and region and kind and status
        self._merge(
            number,
            Record(
                id_idx=id_index(facts.number),
                row=number,
                name=name,
                id_number=facts.number,
                phone=phone,
                region_code=region,
                gender=facts.gender,
                birth_year=facts.birth_year,
                platform_ids=platform_ids,
                kind=kind,
                company=cells["company"][:128],
                site=cells["site"][:128],
                joined_on=joined,
                status=status,
                left_on=left if status == RiderStatus.LEFT else None,
                political_status=political,
                mobile_party_member=bool(mobile),
                community_organisation=cells["community_organisation"][:128],
                housing_fund_months=cells["housing_fund_months"],
                rows=[number],
            ),
        )

    def _cells(self, number: int, raw: dict) -> dict:
        """Each cell read as its column's type (text, date, whole number); unreadable cells are
        None and recorded; empty required cells are recorded."""
        cells: dict = {}

        def read(key: str, parse) -> object:
            try:
                return parse(raw.get(key))
            except CellError as exc:
                self.error(number, key, exc.code, exc.zh, exc.en)
                return None

        for key in TEXT_KEYS:
            cells[key] = read(key, lambda value, key=key: text_cell(value, key))
        for key in DATE_KEYS:
            cells[key] = read(key, date_cell)
        cells["housing_fund_months"] = read("housing_fund_months", int_cell)
        for column in COLUMNS:
            if column.required and cells.get(column.key) == "":
                self.error(
                    number, column.key, "required", "必填项为空", "required value is missing"
                )
        return cells

    def _person(self, number: int, cells: dict) -> tuple[str, IdentityFacts | None, str | None]:
        """The name, the checked ID number's facts and the normalised mobile number."""
        name = cells["name"] or ""
        if name and (len(name) > 64 or any(ch.isdigit() for ch in name)):
            self.error(number, "name", "bad_name", "姓名无效", "invalid name")
        facts = None
        if cells["id_number"]:
            try:
                facts = check_id_number(cells["id_number"], today=self.today)
            except IdentityError as exc:
                self.error(
                    number,
                    "id_number",
                    exc.code,
                    exc.zh,
                    exc.en,
                    mask_id_number(cells["id_number"]),
                )
        phone = None
        if cells["phone"]:
            phone = check_phone(cells["phone"])
            if phone is None:
                self.error(
                    number,
                    "phone",
                    "bad_phone",
                    "手机号无效",
                    "invalid mobile number",
                    mask_phone(cells["phone"]),
                )
        return name, facts, phone

    def _county(self, number: int, county: str) -> str | None:
        """The county's code, given as a code or an unambiguous name within the scope."""
        if not county:
            return None
        if county in self.lookups.county_codes:
            return county
        found = self.lookups.county_names.get(county, [])
        if len(found) == 1:
            return found[0]
        if found:
            self.error(
                number,
                "county",
                "ambiguous_county",
                "区县名称有重名，请填写6位代码",
                "county name is ambiguous: enter the 6-digit code",
                county,
            )
        else:
            self.error(
                number,
                "county",
                "unknown_county",
                "区县不存在或不在您的管辖范围内",
                "unknown county, or outside your region",
                county,
            )
        return None

    def _platforms(self, number: int, text: str) -> set[int]:
        """The platforms named in the cell (separated by 、，, or /), each a known one."""
        platform_ids: set[int] = set()
        for part in text.replace("，", "、").replace(",", "、").replace("/", "、").split("、"):
            part = part.strip()
            if not part:
                continue
            pid = self.lookups.platforms.get(part.lower())
            if pid is None:
                self.error(
                    number,
                    "platform",
                    "unknown_platform",
                    "平台不在已知平台之列",
                    "unknown platform",
                    part,
                )
            else:
                platform_ids.add(pid)
        return platform_ids

    def _choices(self, number: int, cells: dict) -> tuple:
        """Kind (default 专送), status (default 在岗), political status, mobile party member."""
        kind = KINDS.get(cells["kind"] or "专送")
        if kind is None:
            self.error(
                number,
                "kind",
                "bad_choice",
                "类别应为专送或众包",
                "kind must be 专送 or 众包",
                cells["kind"],
            )
        status = STATUSES.get(cells["status"] or "在岗")
        if status is None:
            self.error(
                number,
                "status",
                "bad_choice",
                "状态应为在岗或离职",
                "status must be 在岗 or 离职",
                cells["status"],
            )
        political = None
        if cells["political_status"]:
            political = POLITICAL.get(cells["political_status"])
            if political is None:
                self.error(
                    number,
                    "political_status",
                    "bad_choice",
                    "政治面貌无效",
                    "invalid political status",
                )
        mobile = YES_NO.get((cells["mobile_party_member"] or "").lower())
        if mobile is None:
            self.error(
                number,
                "mobile_party_member",
                "bad_choice",
                "流动党员应填是或否",
                "mobile party member must be 是 or 否",
            )
        return kind, status, political, mobile

    def _dates(
        self, number: int, joined: dt.date | None, left: dt.date | None
    ) -> tuple[dt.date | None, dt.date | None]:
        """Joining and leaving days: not in the future, not before 1990, leaving after joining."""
        for key, day in (("joined_on", joined), ("left_on", left)):
            if day and (day > self.today or day.year < 1990):
                self.error(
                    number, key, "bad_date", "日期不合理", "implausible date", day.isoformat()
                )
        if joined and left and left < joined:
            self.error(number, "left_on", "bad_date", "离职日期早于入职日期", "left before joining")
        return joined, left

    def _merge(self, number: int, record: Record) -> None:
        record.phone_idx = phone_index(record.phone)
        record.name_idx = name_index(record.name)
        owner = self.phones.get(record.phone_idx)
        if owner and owner[0] != record.id_idx:
            self.error(
                number,
                "phone",
                "duplicate_phone",
                f"手机号与第{owner[1]}行相同但身份证号不同",
                f"same phone as row {owner[1]} with another ID number",
                mask_phone(record.phone),
            )
            return
        seen = self.records.get(record.id_idx)
        if seen is None:
            self.records[record.id_idx] = record
            self.phones[record.phone_idx] = (record.id_idx, number)
            return
        if seen.platform_ids & record.platform_ids:
            self.error(
                number,
                "id_number",
                "duplicate_row",
                f"与第{seen.row}行重复（同一人同一平台）",
                f"duplicate of row {seen.row} (same person, same platform)",
                mask_id_number(record.id_number),
            )
            return
        if seen.name != record.name:
            self.error(
                number,
                "name",
                "conflicting_row",
                f"身份证号与第{seen.row}行相同但姓名不同",
                f"same ID number as row {seen.row} with another name",
            )
            return
        # The same person on another platform: one rider, several platforms.
        seen.platform_ids |= record.platform_ids
        seen.rows.append(number)


def row_dict(columns, values) -> dict:
    return {c.key: v for c, v in zip(columns, values, strict=False) if c is not None}
