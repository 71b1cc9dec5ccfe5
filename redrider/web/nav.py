"""The staff console's navigation: an entry shows only once its page exists and the role fits."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from redrider.accounts.policy import can

# (page, label, the policy action that opens it)
CONSOLE_NAV = [
    ("web:console", _("总览"), "web.console"),
    ("orgs:guidance_stations", _("组织体系"), "web.console"),
    ("stations:console_list", _("暖心驿站"), "web.stations"),
    ("points:host_fulfil", _("兑换核销"), "points.item_host"),
    ("riders:console_list", _("骑手底数"), "web.console"),
    ("appeals:console_queue", _("诉求"), "web.console"),
    ("activities:console_list", _("活动"), "web.console"),
    ("points:console_overview", _("积分"), "web.console"),
    ("planning:console_plan", _("覆盖规划"), "web.console"),
    ("workplan:console_board", _("十项举措"), "web.console"),
    ("honours:console_home", _("百位典型"), "web.console"),
    ("honours:jury_home", _("评审"), "honours.jury_desk"),
    ("dashboard:console_indicators", _("指标"), "web.console"),
    ("web:audit", _("审计日志"), "web.audit_log"),
]

RIDER_NAV = [
    ("stations:rider_nearby", _("驿站"), "station"),
    ("appeals:rider_home", _("诉求"), "appeal"),
    ("activities:rider_home", _("活动"), "activity"),
    ("points:rider_home", _("积分"), "points"),
    ("web:rider_me", _("我的"), "me"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def console_nav(user, current_path: str) -> list[dict]:
    items = []
    for name, label, action in CONSOLE_NAV:
        url = _url(name)
        if url and can(user, action):
            active = current_path == url if name == "web:console" else current_path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    return items


def rider_nav(current_path: str) -> list[dict]:
    items = []
    for name, label, icon in RIDER_NAV:
        url = _url(name)
        if url is None:
            continue
        items.append(
            {
                "url": url,
                "label": label,
                "icon": icon,
                "active": bool(url) and current_path.startswith(url),
            }
        )
    return items


# The "我的" page: each entry shows once its page exists.
RIDER_LINKS = [
    ("riders:rider_profile", _("我的资料与授权"), _("身份信息（脱敏）、所属平台、个人信息授权")),
    ("riders:rider_register", _("手机号注册 / 绑定"), _("用短信验证码绑定手机号")),
    ("appeals:rider_home", _("我的诉求"), _("进度、处理记录、满意度评价")),
    ("appeals:rider_tipoffs", _("我的线索"), _("食品安全与违法经营举报，身份保密")),
    ("activities:rider_home", _("我的活动与证书"), _("报名、签到、志愿时长、培训证书")),
    ("points:rider_history", _("积分明细"), _("每一笔积分的来源与去向")),
    ("points:rider_home", _("兑换与惠骑政策"), _("兑换物品、取货码、可申请的政策")),
    ("honours:rider_home", _("我的荣誉与品牌"), _("红骑手称号、倡议书与“四员”、本地品牌故事")),
]


def rider_links(user) -> list[dict]:
    links = []
    for name, label, hint in RIDER_LINKS:
        url = _url(name)
        if url:
            links.append({"url": url, "label": label, "hint": hint})
    return links


# The console overview's figures lead to the list behind them: indicator key → (page, query).
INDICATOR_LINKS = {
    "appeals": ("appeals:console_queue", ""),
    "appeals_open": ("appeals:console_queue", "status=open"),
    "appeals_overdue": ("appeals:console_queue", "overdue=1"),
    "appeals_escalated": ("appeals:console_queue", "escalated=1"),
    "tipoffs": ("appeals:console_tipoffs", ""),
    "stations": ("stations:console_list", ""),
    "stations_open": ("stations:console_list", "status=open"),
    "stations_caring_shop": ("stations:console_list", "type=caring_shop"),
    "stations_shared_hive": ("stations:console_list", "type=shared_hive"),
    "station_corrections_pending": ("stations:console_corrections", ""),
    "riders": ("riders:console_list", ""),
    "riders_active": ("riders:console_list", "status=active"),
    "companies": ("riders:companies", ""),
    "companies_linked": ("riders:companies", "linked=1"),
    "liaison_visits": ("riders:liaison", ""),
    "problems_raised": ("riders:liaison", ""),
    "guidance_stations": ("orgs:guidance_stations", ""),
    "committees": ("orgs:list", "committees"),
    "leading_groups": ("orgs:list", "leading-groups"),
    "instructors": ("orgs:list", "instructors"),
    "company_party_organisations": ("orgs:list", "party-organisations"),
    "activities": ("activities:console_list", ""),
    "trainings": ("activities:console_list", "theme=training"),
    "redemption_orders": ("points:console_overview", ""),
    "benefit_applications": ("points:console_overview", ""),
}


def indicator_link(key: str) -> str | None:
    """The list behind an overview figure, or None when there is no such page."""
    found = INDICATOR_LINKS.get(key)
    if not found:
        return None
    name, extra = found
    if name == "orgs:list":
        try:
            return reverse(name, kwargs={"kind": extra})
        except NoReverseMatch:
            return None
    url = _url(name)
    return f"{url}?{extra}" if url and extra else url
