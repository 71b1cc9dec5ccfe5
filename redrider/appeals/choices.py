"""Appeal and tip-off vocabularies, and the per-category rules (responsible body, deadlines, radius).

The category keys are the API contract of DESIGN.md §5; the labels are the zh-hans source text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from redrider.riders.choices import ProblemCategory

# An appeal's category is one of the riders' difficulties: one vocabulary, defined once.
AppealCategory = ProblemCategory


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")  # filed by the rider, waiting to be accepted
    ACCEPTED = "accepted", _("已受理")  # an officer took it on; the resolve deadline runs
    IN_PROGRESS = "in_progress", _("办理中")  # being coordinated with property, community, firm
    RESOLVED = "resolved", _("已解决")  # staff say it is solved; the rider may confirm or reopen
    CONFIRMED = "confirmed", _("已确认")  # the rider agreed it is solved (closed)
    REJECTED = "rejected", _("不予受理")  # refused with a reason (closed)
    MERGED = "merged", _("已合并")  # folded into another case of the same problem (closed)


OPEN_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS)
SOLVED_STATUSES = (AppealStatus.RESOLVED, AppealStatus.CONFIRMED)


class AppealAction(models.TextChoices):
    ACCEPT = "accept", _("受理")
    START = "start", _("开始办理")
    RESOLVE = "resolve", _("办结")
    CONFIRM = "confirm", _("确认解决")
    REOPEN = "reopen", _("仍未解决")
    REJECT = "reject", _("不予受理")
    MERGE = "merge", _("合并")


class RouteTo(models.TextChoices):
    OFFICE = "office", _("属地市场监管所（指导站）")  # the local office nearest the pin
    COMMITTEE = "committee", _("县级综合党委")  # the county committee


@dataclass(frozen=True)
class CategoryRule:
    """How one appeal category is handled.

    `responsible` names the body that actually fixes it (shown to rider and officer);
    `route_to` which platform organisation takes the case; deadlines are working days from
    submission (accept) and from acceptance (resolve); `radius_m` is how close two cases must be
    to count as the same spot ("me too", hotspots).
    """

    responsible: str | Promise
    route_to: str
    accept_days: int
    resolve_days: int
    radius_m: float


CATEGORY_RULES: dict[str, CategoryRule] = {
    AppealCategory.ENTER_COMPOUND: CategoryRule(
        _("属地街道、社区与物业服务企业"), RouteTo.OFFICE, 1, 15, 150
    ),
    AppealCategory.GO_UPSTAIRS: CategoryRule(_("楼宇物业与属地街道"), RouteTo.OFFICE, 1, 15, 100),
    AppealCategory.PARKING: CategoryRule(_("属地街道、城管与交警"), RouteTo.OFFICE, 1, 15, 200),
    AppealCategory.CHARGING: CategoryRule(
        _("属地街道与充换电运营企业"), RouteTo.OFFICE, 1, 20, 300
    ),
    AppealCategory.REST: CategoryRule(_("暖心驿站所在单位与属地街道"), RouteTo.OFFICE, 1, 15, 300),
    AppealCategory.MEALS: CategoryRule(_("属地市场监管所与爱心商铺"), RouteTo.OFFICE, 1, 15, 300),
    AppealCategory.RIGHTS: CategoryRule(
        _("平台企业、第三方配送企业与人社、工会"), RouteTo.COMMITTEE, 2, 20, 1000
    ),
    AppealCategory.TRAFFIC_SAFETY: CategoryRule(
        _("公安交警与属地街道"), RouteTo.COMMITTEE, 1, 10, 300
    ),
    AppealCategory.OTHER: CategoryRule(_("县级综合党委统筹"), RouteTo.COMMITTEE, 2, 20, 300),
}


class TipoffCategory(models.TextChoices):
    UNLICENSED = "unlicensed", _("无证经营/“幽灵外卖”")
    KITCHEN_HYGIENE = "kitchen_hygiene", _("后厨卫生")
    INGREDIENTS = "ingredients", _("食材问题")
    OUT_OF_SCOPE = "out_of_scope", _("超范围经营")
    OTHER = "other", _("其他")


class TipoffStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")  # waiting for a handler
    VERIFYING = "verifying", _("核查中")  # a handler is checking the merchant
    CLOSED = "closed", _("已办结")  # verified: founded or unfounded


class TipoffOutcome(models.TextChoices):
    FOUNDED = "founded", _("属实")  # the violation was confirmed: the informant earns a reward
    UNFOUNDED = "unfounded", _("不属实")  # nothing found


class Platform(models.TextChoices):
    MEITUAN = "meituan", _("美团")
    ELEME = "eleme", _("饿了么")
    OTHER = "other", _("其他平台")


class RewardStatus(models.TextChoices):
    PENDING = "pending", _("待发放")  # recorded; waits for the points ledger to credit it
    AWARDED = "awarded", _("已发放")  # credited to the rider's points ledger


# Points for a founded tip-off (the programme's own figure is not published; configurable later).
TIPOFF_REWARD_POINTS = 50
