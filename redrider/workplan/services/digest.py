"""The weekly digest (每周提醒): each owner gets exactly their late and due-soon tasks.

Stored as an in-console notice, then sent through the platform's message gateway once the write
commits (a rolled-back run never messages anyone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Q

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.core.gateways import Message, get_gateway
from redrider.regions import tree

from .. import clock, selectors
from ..choices import NotificationKind
from ..models import Notification, Task

MAX_LINES = 30


@dataclass(frozen=True)
class Digest:
    user: User
    late: list[Task]
    soon: list[Task]
    today: dt.date

    @property
    def empty(self) -> bool:
        return not (self.late or self.soon)

    def title(self) -> str:
        return f"工作提醒：逾期 {len(self.late)} 项，7 日内到期 {len(self.soon)} 项"

    def body(self) -> str:
        def line(t: Task, late: bool) -> str:
            days = (self.today - t.due_date).days
            when = f"已逾期 {days} 天" if late else f"{t.due_date:%m-%d} 到期"
            return f"· [{t.measure.number}] {t.title}（{tree.name_of(t.region_code)}，{when}，进度 {t.progress}%）"

        parts = [f"截至 {self.today:%Y-%m-%d}："]
        if self.late:
            parts.append(f"逾期任务 {len(self.late)} 项：")
            parts += [line(t, True) for t in self.late[:MAX_LINES]]
        if self.soon:
            parts.append(f"7 日内到期 {len(self.soon)} 项：")
            parts += [line(t, False) for t in self.soon[:MAX_LINES]]
        return "\n".join(parts)


def digest_compose(*, user: User, today: dt.date | None = None) -> Digest:
    """The user's digest for `today` (Asia/Shanghai): their own tasks, late or due soon."""
    today = today or clock.today()
    late, soon = selectors.digest_for(user=user, today=today)
    return Digest(user=user, late=late, soon=soon, today=today)


def recipients(today: dt.date) -> list[User]:
    """Everyone who answers for at least one open late or due-soon task: named owners, and the
    officers of exactly the region of a task that names no owner."""
    open_tasks = Task.objects.filter(selectors.overdue_q(today) | selectors.due_soon_q(today))
    owner_ids = set(open_tasks.exclude(owner=None).values_list("owner_id", flat=True))
    regions = set(open_tasks.filter(owner=None).values_list("region_code", flat=True))
    officers = Q(
        role__in=[Role.PROVINCE_ADMIN, Role.PREFECTURE_OFFICER, Role.COUNTY_OFFICER],
        scope_code__in=regions,
    )
    return list(User.objects.filter(Q(pk__in=owner_ids) | officers, is_active=True).order_by("pk"))


def _send(message: Message) -> None:
    get_gateway().send(message)


def digest_send(*, today: dt.date | None = None) -> int:
    """Send this week's digest to every recipient with something in it; returns how many."""
    today = today or clock.today()
    sent = 0
    for user in recipients(today):
        with transaction.atomic():
            digest = digest_compose(user=user, today=today)
            if digest.empty:
                continue
            notice = Notification.objects.create(
                user=user,
                kind=NotificationKind.DIGEST,
                title=digest.title(),
                body=digest.body(),
                payload={
                    "date": today.isoformat(),
                    "late": [t.pk for t in digest.late],
                    "due_soon": [t.pk for t in digest.soon],
                },
            )
            message = Message(
                to=f"user:{user.pk}",
                template="workplan_digest",
                params={"notification_id": notice.pk, "title": notice.title},
            )
            transaction.on_commit(partial(_send, message))
            sent += 1
    return sent
