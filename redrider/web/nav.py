"""The staff console's navigation: an entry shows only once its page exists and the role fits."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

STAFF = {"province_admin", "prefecture_officer", "county_officer", "instructor"}

CONSOLE_NAV = [
    ("web:console", _("总览"), STAFF | {"station_host"}),
    ("orgs:guidance_stations", _("组织体系"), STAFF),
    ("stations:console_list", _("暖心驿站"), STAFF | {"station_host"}),
    ("riders:console_list", _("骑手底数"), STAFF),
    ("appeals:console_queue", _("诉求"), STAFF),
    ("activities:console_list", _("活动"), STAFF),
    ("points:console_overview", _("积分"), STAFF),
    ("planning:console_plan", _("覆盖规划"), STAFF),
    ("dashboard:console_indicators", _("指标"), STAFF),
    ("web:audit", _("审计日志"), {"auditor", "province_admin"}),
]

RIDER_NAV = [
    ("stations:rider_nearby", "web:rider_tab_stations", _("驿站"), "station"),
    ("appeals:rider_home", "web:rider_tab_appeals", _("诉求"), "appeal"),
    ("activities:rider_home", "web:rider_tab_activities", _("活动"), "activity"),
    ("points:rider_home", "web:rider_tab_points", _("积分"), "points"),
    ("web:rider_me", "web:rider_me", _("我的"), "me"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def console_nav(user, current_path: str) -> list[dict]:
    items = []
    for name, label, roles in CONSOLE_NAV:
        url = _url(name)
        if url and (user.role in roles or user.is_superuser):
            active = current_path == url if name == "web:console" else current_path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    return items


def rider_nav(current_path: str) -> list[dict]:
    items = []
    for name, fallback, label, icon in RIDER_NAV:
        url = _url(name) or _url(fallback)
        items.append(
            {
                "url": url,
                "label": label,
                "icon": icon,
                "active": bool(url) and current_path.startswith(url),
            }
        )
    return items
