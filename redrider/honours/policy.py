"""Who may do what in 百位典型 (loaded by the accounts app with every app's policy.py)."""

from __future__ import annotations

import rules

from redrider.accounts.choices import Role
from redrider.accounts.policy import (
    is_handler,
    is_officer,
    is_rider,
    object_in_scope,
    rule,
)
from redrider.appeals.policy import holds_informant_permission

from .models import Assignment


@rules.predicate
def is_juror(user) -> bool:
    """A juror account (superusers are not jurors: they would see a desk with nothing on it)."""
    return getattr(user, "role", None) == Role.JUROR and not getattr(user, "is_superuser", False)


@rules.predicate
def is_assigned_juror(user, nomination) -> bool:
    """The nomination is assigned to this juror and they have not recused themselves."""
    if nomination is None:
        return True
    return Assignment.objects.filter(
        nomination=nomination, juror__user=user, recused=False
    ).exists()


rule(
    "honours.manage_campaign",
    is_officer & object_in_scope,
    "创建本辖区评选活动、设置名额、启动公示、发布名单 / run a campaign of their region",
)
rule(
    "honours.view_nominations",
    is_handler & object_in_scope,
    "查看本辖区的提名、证明材料和评分 / see their region's nominations",
)
rule(
    "honours.nominate",
    is_handler & object_in_scope,
    "代企业或组织推荐本辖区骑手 / nominate a rider of their region for a company or body",
)
rule(
    "honours.nominate_self",
    is_rider,
    "骑手自荐或推荐本区县的骑手 / a rider nominates themselves or a rider of their county",
)
rule(
    "honours.appoint_jurors",
    is_officer & object_in_scope,
    "按区域聘请评审专家并分配提名 / appoint jurors for a region and assign nominations",
)
rule(
    "honours.jury_desk",
    is_juror,
    "进入评审工作台 / open the juror's desk",
)
rule(
    "honours.score",
    is_juror & is_assigned_juror,
    "仅对分配给本人且未回避的提名打分 / score a nomination assigned to them (not recused)",
)
rule(
    "honours.handle_objections",
    is_officer & object_in_scope,
    "登记、调查和处理公示异议 / record, investigate and decide objections",
)
rule(
    "honours.sign_pledge",
    is_rider,
    "签署倡议书、认领引导员/宣传员/监督员/信息员 / sign the initiative and take up roles",
)
rule(
    "honours.propose_site",
    is_handler & object_in_scope,
    "推荐党建示范点候选 / put forward a demonstration-site candidate",
)
rule(
    "honours.assess_site",
    is_officer & object_in_scope,
    "评定、命名示范点和回头看 / assess, name and re-review demonstration sites",
)
rule(
    "honours.manage_publicity",
    is_officer & object_in_scope,
    "管理品牌、故事、视频、手册、投放和双语宣传单 / manage brands and publicity",
)
rule(
    "honours.view_informant_evidence",
    # Seeing that a nominee informed is seeing the informant: appeals' rule, asked as it is.
    holds_informant_permission,
    "查看提名中的属实线索（即被提名人为举报人），与查看举报人身份同权 / "
    "see a founded tip-off among a nomination's evidence (same right as seeing the informant)",
)
