"""The vocabulary of 百位典型: campaigns, nominations, criteria, roles, demonstration sites and
publicity. Status choices carry a comment each; lists of (key, label, maximum) are data the
services and pages both read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("评选中")  # nominating and scoring, each by its own dates
    NOTICE = "notice", _("公示中")  # the ranked list is on public notice; objections are heard
    PUBLISHED = "published", _("已发布")  # the final list is out; titles are on the riders


class Phase(models.TextChoices):
    """Where a campaign stands today (derived from its status and dates, never stored)."""

    UPCOMING = "upcoming", _("未开始")
    NOMINATION = "nomination", _("推荐提名")
    BETWEEN = "between", _("提名已截止")
    SCORING = "scoring", _("评审打分")
    RANKING = "ranking", _("待公示")
    NOTICE = "notice", _("公示")
    NOTICE_ENDED = "notice_ended", _("公示期满")
    PUBLISHED = "published", _("已发布")


class NominatorKind(models.TextChoices):
    COMPANY = "company", _("企业推荐")  # a platform, delivery firm or site puts a rider forward
    ORGANISATION = "organisation", _("组织推荐")  # a committee, party organisation or office
    SELF = "self", _("个人自荐")  # the rider, on the phone
    PEERS = "peers", _("骑手互荐")  # a fellow rider of the same county


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提名")  # waiting for scores and the ranking
    ON_NOTICE = "on_notice", _("公示中")  # ranked within the quota and on public notice
    NOT_SELECTED = "not_selected", _("未入选")  # ranked outside the quota (or never scored)
    HONOURED = "honoured", _("已授予")  # the title is recorded on the rider
    DISQUALIFIED = "disqualified", _("异议成立，取消")  # an objection was upheld


CRITERIA = [
    ("loves_party_country", _("爱党爱国")),
    ("dedicated", _("爱岗敬业")),
    ("takes_responsibility", _("担当有为")),
    ("serves_society", _("奉献社会")),
]
CRITERION_KEYS = [key for key, _label in CRITERIA]
CRITERION_MAX = 25
# Equal totals are ordered by these averages in turn, then by the earlier nomination: the
# programme weighs what a rider did for others above the rest.
TIE_BREAK_ORDER = ["serves_society", "takes_responsibility", "dedicated", "loves_party_country"]


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")  # recorded; blocks the title until decided
    INVESTIGATING = "investigating", _("调查核实中")  # someone is checking it; still blocks
    UPHELD = "upheld", _("异议成立")  # decided: the nomination loses its place
    DISMISSED = "dismissed", _("异议不成立")  # decided: the title goes ahead


OPEN_OBJECTION = (ObjectionStatus.RECEIVED, ObjectionStatus.INVESTIGATING)

# Objection workflow as data: (from, action) → to.
OBJECTION_STEPS: dict[tuple[str, str], ObjectionStatus] = {
    (ObjectionStatus.RECEIVED, "investigate"): ObjectionStatus.INVESTIGATING,
    (ObjectionStatus.RECEIVED, "uphold"): ObjectionStatus.UPHELD,
    (ObjectionStatus.RECEIVED, "dismiss"): ObjectionStatus.DISMISSED,
    (ObjectionStatus.INVESTIGATING, "uphold"): ObjectionStatus.UPHELD,
    (ObjectionStatus.INVESTIGATING, "dismiss"): ObjectionStatus.DISMISSED,
}


class ObjectionSource(models.TextChoices):
    LETTER = "letter", _("来信")
    PHONE = "phone", _("来电")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上留言")


class RecordKind(models.TextChoices):
    """What a nomination's link to the rider's own record points at."""

    ACTIVITY = "activity", _("参加活动")  # an attended sign-up
    APPEAL = "appeal", _("反映并推动解决的诉求")  # a case the rider filed that was solved
    TIPOFF = "tipoff", _("属实的违法线索")  # confidential: shown only with the informant permission


class RiderRole(models.TextChoices):
    GUIDE = "guide", _("文明行为引导员")  # civility on the road and at the door
    PUBLICIST = "publicist", _("城市形象宣传员")  # the city's and the programme's face
    SUPERVISOR = "supervisor", _("食品安全监督员")  # food safety along the delivery chain
    INFORMANT = "informant", _("违法线索信息员")  # reports violations (tip-offs stay confidential)


class SiteKind(models.TextChoices):
    PARTY_ORGANISATION = "party_organisation", _("外卖配送员党组织")  # in a platform, firm or site
    GUIDANCE_STATION = "guidance_station", _("党建指导站")  # in a market-supervision office
    WARM_STATION = "warm_station", _("暖心驿站")  # a rest point for riders


class SiteStatus(models.TextChoices):
    CANDIDATE = "candidate", _("候选")  # put forward, not yet assessed
    NAMED = "named", _("已命名")  # a demonstration site (党建示范点)
    NOT_NAMED = "not_named", _("未通过评定")  # assessed and not named this time
    RECTIFYING = "rectifying", _("限期整改")  # a re-review found gaps; re-reviewed again soon
    REVOKED = "revoked", _("撤销命名")  # a re-review took the name away


class AssessmentKind(models.TextChoices):
    NAMING = "naming", _("命名评定")
    REVIEW = "review", _("回头看")


class AssessmentResult(models.TextChoices):
    NAMED = "named", _("命名")
    NOT_NAMED = "not_named", _("不予命名")
    PASS = "pass", _("通过")
    RECTIFY = "rectify", _("限期整改")
    REVOKE = "revoke", _("撤销命名")


# 党建强 发展强: the checklist every assessment scores, out of 100.
SITE_CHECKLIST = [
    ("organisation", _("组织健全：党组织设置规范，班子健全，党员管理到位"), 20),
    ("venue", _("阵地规范：统一标识，有固定活动场所"), 15),
    ("rules", _("制度完善：三会一课、工作台账齐全"), 15),
    ("activities", _("活动经常：主题党日、志愿服务常态开展"), 20),
    ("service", _("服务骑手：暖心服务、解难帮扶有实效"), 15),
    ("development", _("发展强：经营稳定、骑手队伍稳定、群众认可"), 15),
]
SITE_CHECKLIST_KEYS = [key for key, _label, _max in SITE_CHECKLIST]
SITE_CHECKLIST_MAX = {key: top for key, _label, top in SITE_CHECKLIST}
NAMING_PASS = 80  # a naming assessment at or above this names the site
REVIEW_PASS = 80  # a re-review at or above this passes
REVIEW_RECTIFY = 60  # below REVIEW_PASS and at or above this: rectify; below: revoke
REVIEW_EVERY_YEARS = 2  # a named site is looked at again (回头看) within this many years
RECTIFY_MONTHS = 3  # a site told to rectify is re-reviewed within this many months

# Which results each kind of assessment may give, and where each one takes the site.
RESULT_STATUS = {
    AssessmentResult.NAMED: SiteStatus.NAMED,
    AssessmentResult.NOT_NAMED: SiteStatus.NOT_NAMED,
    AssessmentResult.PASS: SiteStatus.NAMED,
    AssessmentResult.RECTIFY: SiteStatus.RECTIFYING,
    AssessmentResult.REVOKE: SiteStatus.REVOKED,
}
KIND_RESULTS = {
    AssessmentKind.NAMING: (AssessmentResult.NAMED, AssessmentResult.NOT_NAMED),
    AssessmentKind.REVIEW: (
        AssessmentResult.PASS,
        AssessmentResult.RECTIFY,
        AssessmentResult.REVOKE,
    ),
}
KIND_FROM_STATUS = {
    AssessmentKind.NAMING: (SiteStatus.CANDIDATE, SiteStatus.NOT_NAMED),
    AssessmentKind.REVIEW: (SiteStatus.NAMED, SiteStatus.RECTIFYING),
}


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # only staff see it
    PUBLISHED = "published", _("已发布")  # on the brand and rider pages, anyone may read it


class AssetKind(models.TextChoices):
    VIDEO = "video", _("视频")  # an upload (MP4/WebM) or a link
    HANDBOOK = "handbook", _("宣传手册")  # PDF
    COMPILATION = "compilation", _("工作汇编")  # PDF
    LEAFLET = "leaflet", _("双语宣传单")  # PDF, usually generated from a story


PDF_KINDS = (AssetKind.HANDBOOK, AssetKind.COMPILATION, AssetKind.LEAFLET)


class PlacementKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("报刊")
    AD_WINDOW = "ad_window", _("广告橱窗")
    E_SCREEN = "e_screen", _("电子宣传屏")
    LANDMARK_SCREEN = "landmark_screen", _("城市地标屏")
    ONLINE = "online", _("网络平台")
