"""Appeals and tip-offs indicators, each defined once (regions/figures.py)."""

from __future__ import annotations

import statistics

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from redrider.regions.figures import (
    STOCK,
    Computed,
    Ratio,
    Tally,
    child_finder,
    labels,
    region_filter,
    values_for,
)

from .choices import OPEN_STATUSES, SOLVED_STATUSES, AppealCategory, TipoffOutcome
from .models import Appeal, Tipoff
from .services.appeals import overdue_q

TITLE = _("诉求与线索")


def _appeals(**extra):
    return dict(model=Appeal, date="submitted_at", **extra)


def _median_hours(*, start: str, end: str):
    """A median of hours from `start` to `end` over the cases submitted in the period."""

    def compute(*, user, parent, children, period):
        qs = Appeal.objects.visible_to(user).filter(region_filter("region_code", parent))
        qs = APPEALS.in_period(qs, period)
        hours: dict[str, list[float]] = {c: [] for c in children}
        child_of = child_finder(children)
        for code, a, b in qs.values_list("region_code", start, end):
            child = child_of(code)
            if child is not None and a and b and b >= a:
                hours[child].append((b - a).total_seconds() / 3600)
        return {c: round(statistics.median(v), 1) if v else None for c, v in hours.items()}

    return compute


APPEALS = Tally(
    key="appeals",
    label=_("诉求总数"),
    definition=_("提交时间在期间内的骑手诉求（不含线索）。"),
    unit=_("件"),
    **_appeals(),
)

INDICATORS = [
    APPEALS,
    Tally(
        key="appeals_open",
        label=_("办理中诉求"),
        definition=_("截至期末提交、当前仍在待受理、已受理或办理中的诉求。"),
        unit=_("件"),
        period=STOCK,
        **_appeals(where=Q(status__in=OPEN_STATUSES)),
    ),
    Tally(
        key="appeals_solved",
        label=_("已解决诉求"),
        definition=_("当前已办结或骑手已确认、办结时间在期间内的诉求。"),
        unit=_("件"),
        model=Appeal,
        where=Q(status__in=SOLVED_STATUSES, resolved_at__isnull=False),
        date="resolved_at",
    ),
    Tally(
        key="appeals_overdue",
        label=_("超期诉求"),
        definition=_("提交时间在期间内、此刻仍未受理或未办结且已过期限的诉求（随时间变化）。"),
        unit=_("件"),
        **_appeals(where=lambda: overdue_q(timezone.now())),
    ),
    Tally(
        key="appeals_escalated",
        label=_("已升级诉求"),
        definition=_("提交时间在期间内、因超期至少升级一次的诉求。"),
        unit=_("件"),
        **_appeals(where=Q(escalation_level__gt=0)),
    ),
    Computed(
        key="appeals_median_hours_to_accept",
        label=_("受理用时中位数（小时）"),
        definition=_("期间内提交且已受理的诉求，从提交到受理所用小时数的中位数。"),
        unit=_("小时"),
        additive=False,
        compute=_median_hours(start="submitted_at", end="accepted_at"),
    ),
    Computed(
        key="appeals_median_hours_to_resolve",
        label=_("解决用时中位数（小时）"),
        definition=_("期间内提交且已办结的诉求，从提交到办结所用小时数的中位数。"),
        unit=_("小时"),
        additive=False,
        compute=_median_hours(start="submitted_at", end="resolved_at"),
    ),
    Tally(
        key="appeals_satisfaction_total",
        label=_("满意度合计"),
        definition=_("期间内提交、骑手已评价的诉求的满意度之和。"),
        hidden=True,
        value=Sum("satisfaction"),
        **_appeals(where=Q(satisfaction__isnull=False)),
    ),
    Tally(
        key="appeals_rated",
        label=_("已评价诉求"),
        definition=_("期间内提交、骑手已评价满意度的诉求。"),
        hidden=True,
        **_appeals(where=Q(satisfaction__isnull=False)),
    ),
    Ratio(
        key="appeals_satisfaction",
        label=_("平均满意度"),
        definition=_("期间内提交、骑手已评价的诉求的平均满意度（1–5 分，保留两位小数）。"),
        unit=_("分"),
        numerator="appeals_satisfaction_total",
        denominator="appeals_rated",
    ),
    Tally(
        key="tipoffs",
        label=_("线索"),
        definition=_("提交时间在期间内的违法线索（举报人身份保密，只计件数）。"),
        unit=_("条"),
        model=Tipoff,
        date="submitted_at",
    ),
    Tally(
        key="tipoffs_founded",
        label=_("查实线索"),
        definition=_("提交时间在期间内、经核查属实的线索。"),
        unit=_("条"),
        model=Tipoff,
        date="submitted_at",
        where=Q(outcome=TipoffOutcome.FOUNDED),
    ),
    *[
        Tally(
            key=f"appeals_{c.value}",
            label=format_lazy(_("诉求：{category}"), category=c.label),
            definition=format_lazy(
                _("提交时间在期间内、类别为“{category}”的诉求。"), category=c.label
            ),
            unit=_("件"),
            **_appeals(where=Q(category=c.value)),
        )
        for c in AppealCategory
    ],
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
