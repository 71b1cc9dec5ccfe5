"""Activity indicators (十项举措: six themes, trainings, riders in local governance), each
defined once (regions/figures.py)."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from redrider.regions.figures import SHANGHAI, Distinct, Tally, labels, values_for

from .choices import ACTIVITY_THEMES, ActivityStatus, SignupStatus, Theme
from .models import Activity, Signup

TITLE = _("活动与培训")

HELD = ~Q(status=ActivityStatus.CANCELLED)
ATTENDED = Q(status=SignupStatus.ATTENDED)
# The day an attendance counts on: the check-in, or the activity's start when none was scanned.
ATTENDED_ON = TruncDate(Coalesce("checked_in_at", "activity__starts_at"), tzinfo=SHANGHAI)


def _activities(**extra):
    return dict(model=Activity, date="starts_at", unit=_("场次"), **extra)


def _attendance(**extra):
    return dict(model=Signup, date=ATTENDED_ON, depends=(Activity,), **extra)


INDICATORS = [
    Tally(
        key="activities",
        label=_("六大党建活动（场次）"),
        definition=_(
            "开始时间在期间内、未取消的六大主题活动（喜迎大运、急救培训、健康义诊、安全宣传、"
            "关爱慰问、社会共治）；不限期间时含已发布、尚未举办的活动。"
        ),
        **_activities(where=HELD & Q(theme__in=ACTIVITY_THEMES)),
    ),
    Tally(
        key="trainings",
        label=_("学习培训班（期）"),
        definition=_("开始时间在期间内、未取消的学习培训班；不限期间时含已发布、尚未开班的。"),
        **_activities(where=HELD & Q(theme=Theme.TRAINING)),
    ),
    Tally(
        key="volunteer_services",
        label=_("志愿服务专场活动（场次）"),
        definition=_("开始时间在期间内、未取消、以志愿服务为主题的活动。"),
        **_activities(where=HELD & Q(theme=Theme.VOLUNTEER)),
    ),
    Tally(
        key="activity_attendances",
        label=_("参加活动（人次）"),
        definition=_("期间内骑手签到参加活动的人次（按签到日期）。"),
        unit=_("人次"),
        **_attendance(where=ATTENDED),
    ),
    Distinct(
        key="governance_riders",
        label=_("参与基层治理骑手"),
        definition=_(
            "期间内至少签到参加过一次社会共治主题活动的骑手人数（同一骑手在一个区域内只计一次）。"
        ),
        unit=_("人"),
        of="rider_id",
        **_attendance(where=ATTENDED & Q(activity__theme=Theme.GOVERNANCE)),
    ),
    Tally(
        key="volunteer_hours",
        label=_("参加各类活动的志愿时长（小时）"),
        definition=_("期间内签到参加各类活动所记志愿服务时长之和。"),
        unit=_("小时"),
        value=Sum("hours"),
        **_attendance(where=ATTENDED),
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
