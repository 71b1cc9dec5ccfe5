"""Template tags for pages: data for the page modules without inline script, dates in words.

`{% json_strings "appeal-strings" located=_("已定位") ... %}` writes the translated strings as a
`<script type="application/json">` block, which the Content-Security-Policy allows (it is data,
never run); the module reads it with `strings("appeal-strings")` from web/lib.js.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import json_script
from django.utils.translation import gettext, gettext_lazy

register = template.Library()


@register.simple_tag
def json_strings(element_id: str, **strings):
    return json_script({key: str(value) for key, value in strings.items()}, element_id)


# Dates as people write them, in Asia/Shanghai: 2026年12月2日 11:47 · 2 Dec 2026, 11:47 ·
# སྤྱི་ལོ་2026 ཟླ་12 ཚེས་2 11:47. The formats are translations, so each language writes its own way.
DATETIME_WORDS = gettext_lazy("Y年n月j日 H:i")
DATE_WORDS = gettext_lazy("Y年n月j日")


def _as_datetime(value):
    if isinstance(value, str):
        value = parse_datetime(value) or parse_date(value)
    return value


@register.filter
def when(value) -> str:
    """`{{ event.at|when }}`: a moment as people write it, in Asia/Shanghai."""
    value = _as_datetime(value)
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return dateformat.format(timezone.localtime(value), str(DATETIME_WORDS))
    return dateformat.format(value, str(DATE_WORDS))


@register.filter
def on_day(value) -> str:
    """`{{ order.expires_at|on_day }}`: a day as people write it (Asia/Shanghai for a moment)."""
    value = _as_datetime(value)
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return dateformat.format(value, str(DATE_WORDS))


@register.filter
def consent_version(version: str | None) -> str:
    """`2025-1` → "2025 年第 1 版": which text of the rules a rider agreed to, in words."""
    year, _sep, number = (version or "").partition("-")
    if year.isdigit() and number.isdigit():
        return gettext("{year} 年第 {n} 版").format(year=year, n=number)
    return version or ""


@register.filter
def distance(metres) -> str:
    """`{{ a.distance_m|distance }}`: 350 米 · 1.2 公里 (350 m · 1.2 km)."""
    if metres is None or metres == "":
        return ""
    metres = float(metres)
    if metres < 1000:
        return gettext("{n} 米").format(n=round(metres))
    return gettext("{n} 公里").format(
        n=f"{metres / 1000:.1f}" if metres < 10000 else round(metres / 1000)
    )
