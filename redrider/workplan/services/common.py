"""Checks every work-plan write shares: regions, dates, owners, progress. Each raises a
DomainError before anything is written."""

from __future__ import annotations

import datetime as dt

from redrider.accounts.choices import STAFF_ROLES
from redrider.accounts.models import User
from redrider.core.errors import InvalidInput, PermissionDenied
from redrider.regions import tree


def check_region(actor: User, code: str) -> str:
    """A known region (422) inside the actor's scope (403: writing outside one's region)."""
    if not tree.is_known(code):
        raise InvalidInput("unknown_region", f"未知的行政区划：{code}", f"unknown region: {code}")
    scope = tree.user_region(actor)
    if scope is None or not tree.within(code, scope):
        raise PermissionDenied(
            f"{tree.name_of(code)}不在您的管辖范围内", f"{code} is outside your region"
        )
    return code


def check_progress(progress: object) -> int:
    """An integer from 0 to 100 (422 otherwise; booleans and fractions are refused too)."""
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise InvalidInput(
            "invalid_progress", "进度须为 0–100 的整数", "progress must be an integer from 0 to 100"
        )
    return progress


def check_text(value: str, *, field_zh: str, field_en: str, max_length: int, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"{field_en}_required", f"请填写{field_zh}", f"{field_en} is required")
    if len(value) > max_length:
        raise InvalidInput(
            f"{field_en}_too_long",
            f"{field_zh}不能超过 {max_length} 字",
            f"{field_en} is longer than {max_length} characters",
        )
    return value


def check_not_before(day: dt.date, start: dt.date, *, code: str, zh: str, en: str) -> dt.date:
    if day < start:
        raise InvalidInput(code, f"{zh}（{start:%Y-%m-%d}）", f"{en} ({start:%Y-%m-%d})")
    return day


def check_owner(owner_id: int | None, region_code: str) -> User | None:
    """The named owner: an active staff account whose region covers the task's (422 otherwise)."""
    if owner_id is None:
        return None
    owner = User.objects.filter(pk=owner_id, is_active=True, role__in=STAFF_ROLES).first()
    if owner is None or not owner.scope_code or not tree.within(region_code, owner.scope_code):
        raise InvalidInput(
            "invalid_owner",
            "责任人须为负责该地区的工作人员",
            "the owner must be a staff member responsible for the task's region",
        )
    return owner
