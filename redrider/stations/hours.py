"""Opening hours in words, for the people who read them (riders, hosts, staff).

Stations store OpenStreetMap `opening_hours` syntax (`Mo-Fr 08:00-18:00; PH off`): exact, and
what the open-now search evaluates, but not something a rider should have to read. `in_words`
says the same thing in the reader's language: "每天 09:00–21:00", "Mon–Fri 08:00–18:00; closed
Sat, Sun", "ཉིན་རེ། 09:00–21:00".

How: the pattern is evaluated by opening-hours-py over the current week (Asia/Shanghai), each
weekday's open ranges are read off, and days with the same ranges are grouped. So any valid
pattern gets words, however it was written; a rule for public holidays (`PH ...`) is read from
the normalised pattern, because holidays depend on a calendar the week may not contain.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import opening_hours
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .nearby import local_now

DAY_NAMES = [
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
]
_PH = re.compile(r"(?:^|;\s*)PH\s+([^;]+)")


def week_ranges(pattern: str, today: dt.date | None = None) -> list[list[tuple[str, str]]]:
    """For Monday..Sunday of the current week: the open ranges as ("HH:MM", "HH:MM") pairs,
    24:00 for the end of a day. Raises the parser's error for an invalid pattern."""
    hours = opening_hours.OpeningHours(pattern)
    day = today or local_now().date()
    monday = dt.datetime.combine(day - dt.timedelta(days=day.weekday()), dt.time())
    week: list[list[tuple[str, str]]] = [[] for _ in range(7)]
    for start, end, state, _comment in hours.intervals(monday, monday + dt.timedelta(days=7)):
        if state != opening_hours.State.OPEN:
            continue
        current = start
        while current < end:  # split at midnight: each day says its own part
            midnight = dt.datetime.combine(current.date() + dt.timedelta(days=1), dt.time())
            stop = min(end, midnight)
            index = (current.date() - monday.date()).days
            if 0 <= index < 7:
                until = "24:00" if stop == midnight else stop.strftime("%H:%M")
                week[index].append((current.strftime("%H:%M"), until))
            current = stop
    return week


def _overnight(week: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """A range that runs past midnight is said once, on the day it starts: 22:00–次日 02:00."""
    out = [list(day) for day in week]
    for i in range(7):
        after = out[(i + 1) % 7]
        if (
            out[i]
            and out[i][-1][1] == "24:00"
            and out[i][-1][0] != "00:00"
            and after
            and after[0][0] == "00:00"
            and after[0][1] != "24:00"
        ):
            start = out[i][-1][0]
            out[i][-1] = (start, _("次日 {time}").format(time=after[0][1]))
            after.pop(0)
    return out


def _days(indices: list[int]) -> str:
    """Weekdays as people say them: 每天, 周一至周五, 周六、周日."""
    if len(indices) == 7:
        return _("每天")
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                _("{first}至{last}").format(first=DAY_NAMES[run[0]], last=DAY_NAMES[run[-1]])
            )
        else:
            parts.extend(str(DAY_NAMES[i]) for i in run)
    return _("、").join(parts)


def _ranges(ranges: list[tuple[str, str]]) -> str:
    if ranges == [("00:00", "24:00")]:
        return _("全天 24 小时")
    return _("、").join(f"{a}–{b}" for a, b in ranges)


def in_words(pattern: str | None, today: dt.date | None = None) -> str:
    """The pattern in the active language; a pattern that cannot be read says so in words.

    Answers are kept per (pattern, language, week): a list of stations shares a few patterns.
    """
    day = today or local_now().date()
    return _cached(pattern or "", get_language() or "", day - dt.timedelta(days=day.weekday()))


@lru_cache(maxsize=4096)
def _cached(pattern: str, language: str, monday: dt.date) -> str:
    return _in_words(pattern, monday)


def _in_words(pattern: str, today: dt.date) -> str:
    text = pattern.strip()
    if not text:
        return _("开放时间未知，以现场为准")
    try:
        week = week_ranges(text, today)
        normal = str(opening_hours.OpeningHours(text).normalize())
    except Exception:  # noqa: BLE001 - an unreadable pattern is not worth a crash on a rider's page
        return _("开放时间未知，以现场为准")
    if all(day == [("00:00", "24:00")] for day in week):
        phrase = _("每天 24 小时开放")
    else:
        groups: dict[tuple, list[int]] = {}
        for index, ranges in enumerate(_overnight(week)):
            groups.setdefault(tuple(ranges), []).append(index)
        open_groups = sorted((g for g in groups.items() if g[0]), key=lambda g: g[1][0])
        closed = groups.get((), [])
        parts = [f"{_days(days)} {_ranges(list(ranges))}" for ranges, days in open_groups]
        if closed:
            parts.append(_("{days}休息").format(days=_days(closed)))
        phrase = _("；").join(parts) if parts else _("暂停开放")
    holiday = _PH.search(normal)
    if holiday:
        rule = holiday.group(1).strip()
        if rule in ("off", "closed"):
            phrase += _("；") + _("法定节假日休息")
        else:
            times = rule.replace("-", "–").replace(",", _("、"))
            phrase += _("；") + _("法定节假日 {times}").format(times=times)
    return phrase


def editor_initial(pattern: str) -> dict:
    """The week editor's starting point: this week's open ranges per weekday (Monday first) and
    the public-holiday rule, read from the stored pattern (empty for an unreadable one)."""
    names = [str(d) for d in DAY_NAMES]
    try:
        week = week_ranges(pattern)
        normal = str(opening_hours.OpeningHours(pattern).normalize())
    except Exception:  # noqa: BLE001 - an unreadable pattern starts the editor empty
        return {"week": [[] for _day in range(7)], "holiday": {"kind": "same"}, "day_names": names}
    rule = _PH.search(normal)
    holiday: dict = {"kind": "same"}
    if rule and rule.group(1).strip() in ("off", "closed"):
        holiday = {"kind": "off"}
    elif rule and re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", rule.group(1).strip()):
        start, end = rule.group(1).strip().split("-")
        holiday = {"kind": "times", "from": start, "to": end}
    return {"week": week, "holiday": holiday, "day_names": names}
