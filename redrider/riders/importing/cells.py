"""Reading one spreadsheet cell as its column's type, refusing what a list must not carry
(formulas, dates in text columns, ID numbers stored as numbers), and mobile numbers."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from redrider.accounts.phone import normalise_phone


@lru_cache(maxsize=1)
def _mobile_pattern() -> re.Pattern:
    """phonenumbers' own pattern for mainland mobiles (its metadata, not ours)."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None and metadata.mobile is not None
    return re.compile(metadata.mobile.national_number_pattern or "$^")


def check_phone(text: str) -> str | None:
    """`accounts.phone.normalise_phone`, with the common case (a plain 11-digit number) matched
    directly against phonenumbers' CN mobile pattern: the same answer, 20× faster, which
    matters at 10^5 rows. Anything else (+86, spaces, dashes) goes through phonenumbers."""
    if len(text) == 11 and text.isdigit():
        return text if _mobile_pattern().fullmatch(text) else None
    return normalise_phone(text)


class CellError(Exception):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(code)
        self.code, self.zh, self.en = code, zh, en


def text_cell(value, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("=",) or (text[:1] in ("+", "@") and key not in ("phone",)):
            raise CellError(
                "formula", "单元格含公式，请填写文本", "the cell holds a formula: enter plain text"
            )
        return text
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):  # a duration too
        raise CellError(
            "date_in_text", "此列应为文本，不能是日期", "this column takes text, not a date"
        )
    if isinstance(value, bool):
        raise CellError("bool_in_text", "此列应为文本", "this column takes text")
    if isinstance(value, (int, float)):
        if key == "id_number":
            raise CellError(
                "id_as_number",
                "身份证号须以文本格式填写（数字格式会丢失末位）",
                "enter the ID number as text (number format loses digits)",
            )
        if key in ("name", "company", "site", "community_organisation"):
            raise CellError(
                "number_in_text", "此列应为文本，不能是数字", "this column takes text, not a number"
            )
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    return str(value).strip()


def date_cell(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("="):
            raise CellError("formula", "单元格含公式", "the cell holds a formula")
        for sep in ("-", "/", "."):
            parts = text.split(sep)
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                try:
                    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
                except ValueError:
                    break
    raise CellError("bad_date", "日期无效（格式如 2024-03-01）", "invalid date (e.g. 2024-03-01)")


def int_cell(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("bad_number", "应为整数", "must be a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value <= 600:
        raise CellError("bad_number", "应为 0–600 的整数", "must be a whole number from 0 to 600")
    return value
