"""Organisation writes."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core import sheets
from redrider.core.audit import audit_record
from redrider.core.errors import DomainError, PermissionDenied

from .models import GuidanceStation, WorkLedgerEntry

LEDGER_CATEGORIES = {
    "visit": "走访企业",
    "activity": "组织活动",
    "training": "培训",
    "appeal": "解决诉求",
    "meeting": "会议",
    "other": "其他",
}


def can_write(user: User, station: GuidanceStation) -> bool:
    """Policy `orgs.ledger_write`: officers, and an instructor at their own station."""
    return can(user, "orgs.ledger_write", station)


@transaction.atomic
def ledger_entry_create(
    *,
    actor: User,
    station: GuidanceStation,
    on: dt.date,
    category: str,
    summary: str,
    participants: int = 0,
) -> WorkLedgerEntry:
    """Add a dated entry to a guidance station's ledger (台账).

    Before: `station` was fetched through a selector (so it is within the actor's scope).
    Instructors may write only to their own station. Entries are never edited: a correction is
    a new entry.
    """
    if not can_write(actor, station):
        raise PermissionDenied()
    summary = (summary or "").strip()
    if not summary or len(summary) > 500:
        raise DomainError(
            "invalid_summary",
            "工作内容须为 1–500 字",
            "summary must be 1–500 characters",
            status=422,
        )
    if category not in LEDGER_CATEGORIES:
        raise DomainError("invalid_category", "台账类别无效", "unknown ledger category", status=422)
    if on > dt.date.today() + dt.timedelta(days=1) or participants < 0 or participants > 100000:
        raise DomainError(
            "invalid_entry", "日期或人数无效", "invalid date or participant count", status=422
        )
    entry = WorkLedgerEntry.objects.create(
        station=station,
        region_code=station.region_code,
        on=on,
        category=category,
        summary=summary,
        participants=participants,
        author=actor,
    )
    audit_record(actor=actor, action="ledger.create", obj=entry)
    return entry


def ledger_export_xlsx(*, station: GuidanceStation, entries) -> bytes:
    """The station's ledger as an xlsx workbook (one row per entry, newest first)."""
    book = sheets.Workbook()
    ws = book.sheet("台账", widths=(12, 12, 60, 10, 14))
    ws.row([f"{station.name} 工作台账"], sheets.Style(bold=True, size=14))
    ws.row(["日期", "类别", "工作内容", "参与人数", "记录人"], sheets.BOLD)
    for e in entries:
        ws.row(
            [
                e.on,
                LEDGER_CATEGORIES.get(e.category, e.category),
                e.summary,
                e.participants,
                e.author.label if e.author else "",
            ]
        )
    return book.close()
