"""Choices of the rider census: kinds, statuses, political status, companies, surveys, liaison."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiderKind(models.TextChoices):
    FULL_TIME = "full_time", _("专送")  # contracted to one platform or firm, fixed shifts
    CROWD = "crowd", _("众包")  # crowd-sourced, picks orders freely


class RiderStatus(models.TextChoices):
    ACTIVE = "active", _("在岗")  # currently delivering
    LEFT = "left", _("离职")  # no longer delivering; kept for the record with the date left


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("中共党员")  # full party member
    PROBATIONARY = "probationary", _("中共预备党员")  # probationary member
    LEAGUE = "league", _("共青团员")  # Communist Youth League member
    MASSES = "masses", _("群众")  # none of the above


PARTY_STATUSES = {PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY}


class RiderSource(models.TextChoices):
    IMPORT = "import", _("名单导入")  # a list handed over by a platform or firm
    SELF = "self", _("本人注册")  # registered on the rider pages
    SEED = "seed", _("演示数据")  # synthetic demo data


class CompanyKind(models.TextChoices):
    PLATFORM = "platform", _("平台企业")  # a platform's provincial/city branch
    THIRD_PARTY = "third_party", _("第三方配送企业")  # a delivery contractor
    DELIVERY_SITE = "delivery_site", _("配送站点")  # a site riders start from


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")  # uploaded, waiting for the worker
    RUNNING = "running", _("处理中")  # being validated or written
    INVALID = "invalid", _("有错误")  # at least one bad row: nothing written
    VALID = "valid", _("校验通过")  # dry run finished without errors: nothing written yet
    DONE = "done", _("已导入")  # committed: every row written
    FAILED = "failed", _("失败")  # the file could not be read at all


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")  # requested, waiting for the worker
    RUNNING = "running", _("生成中")  # rows being written
    DONE = "done", _("已完成")  # the file is ready to download
    FAILED = "failed", _("失败")  # refused or broken; see the message
    EXPIRED = "expired", _("已过期")  # the file was deleted after 24 hours


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    RATING = "rating", _("评分")
    NUMBER = "number", _("数字")
    TEXT = "text", _("文字")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being built; riders cannot answer
    OPEN = "open", _("进行中")  # riders answer through the link or QR
    CLOSED = "closed", _("已结束")  # no more answers; report is final


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待解决")  # raised during a visit
    IN_PROGRESS = "in_progress", _("解决中")  # someone is working on it
    SOLVED = "solved", _("已解决")  # solved, with the date
    CLOSED = "closed", _("无法解决")  # closed without a solution, with a reason


class ProblemCategory(models.TextChoices):
    """The difficulties riders meet (the "难" of the campaign): the one vocabulary of a liaison
    visit's problems and of an appeal's category (`appeals.choices.AppealCategory` is this
    class; it lives here because appeals sit above riders in the layers)."""

    ENTER_COMPOUND = "enter_compound", _("进小区难")
    GO_UPSTAIRS = "go_upstairs", _("上楼难")
    PARKING = "parking", _("停车难")
    CHARGING = "charging", _("充换电难")
    REST = "rest", _("休息难")
    MEALS = "meals", _("就餐难")
    RIGHTS = "rights", _("权益保障")
    TRAFFIC_SAFETY = "traffic_safety", _("交通安全")
    OTHER = "other", _("其他")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("待核实")  # waiting for an officer of the census record's county
    CONFIRMED = "confirmed", _("已确认")  # same person: the account was created and linked
    REJECTED = "rejected", _("已驳回")  # not shown to be the same person; nothing was changed
