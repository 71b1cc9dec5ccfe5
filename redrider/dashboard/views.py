"""The cockpit's pages: the indicators of the focused region (cards with definitions, trend,
county map, rankings of the child regions, drill-down), the big screen, and the downloads."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from redrider.accounts.pages import FOCUS_KEY, focus_code, staff_required
from redrider.accounts.policy import Place, can
from redrider.appeals.choices import AppealCategory
from redrider.core.errors import DomainError
from redrider.core.scoping import code_within, user_scope_code
from redrider.regions import tree

from . import registry, reports, selectors
from .exports import indicators_xlsx
from .models import FiledReport

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The big screen's headline tiles (the programme's own figures, DESIGN §1).
SCREEN_KEYS = [
    "riders",
    "riders_party_members",
    "stations",
    "guidance_stations",
    "instructors",
    "activities",
    "trainings",
    "governance_riders",
    "companies_linked",
    "problems_solved",
    "appeals",
    "appeals_solved",
    "exemplars",
    "station_checkins",
]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise DomainError(
            "invalid_period", f"日期格式应为 YYYY-MM-DD：{value[:20]}", "dates are YYYY-MM-DD"
        ) from None


def _period(request):
    return selectors.period_of(_date(request.GET.get("from")), _date(request.GET.get("to")))


def _asked_region(request):
    """The region asked with `?region=` when it is one the user may see; `False` for a region
    that is not (404); None when none was asked."""
    wanted = request.GET.get("region")
    if not wanted:
        return None
    scope = user_scope_code(request.user)
    if not (tree.is_known(wanted) and scope is not None and code_within(wanted, scope)):
        return False
    return wanted


def _refused(request, refused: DomainError):
    """Bad input on a page: the message, and the way back (422)."""
    return render(request, "dashboard/refused.html", {"message": refused.detail}, status=422)


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def _presets(today: dt.date) -> list[tuple[str, dict]]:
    first = today.replace(day=1)
    last_month_end = first - dt.timedelta(days=1)
    return [
        ("all", {}),
        ("this_year", {"from": today.replace(month=1, day=1).isoformat()}),
        ("this_month", {"from": first.isoformat()}),
        (
            "last_month",
            {"from": last_month_end.replace(day=1).isoformat(), "to": last_month_end.isoformat()},
        ),
    ]


@staff_required
def console_indicators(request):
    asked = _asked_region(request)
    if asked is False:
        return _not_found(request)
    if asked and asked != focus_code(request):
        # Drilling down moves the console's region: the menu and the breadcrumb say where the
        # officer now is, and every other page follows. The period stays.
        request.session[FOCUS_KEY] = asked
        keep = {k: request.GET[k] for k in ("from", "to") if request.GET.get(k)}
        return redirect(request.path + (f"?{urlencode(keep)}" if keep else ""))
    code = focus_code(request)
    try:
        period = _period(request)
        parent = selectors.indicators_for(user=request.user, region_code=code, period=period)
        children = selectors.indicators_children(user=request.user, region_code=code, period=period)
    except DomainError as refused:
        if refused.status in (403, 404):
            return _not_found(request)
        return _refused(request, refused)
    definitions = {d["key"]: d for d in selectors.definitions()}
    level, _codes = selectors.map_codes(parent["region_code"])
    shown = list(parent["indicators"])
    chart = {
        "region": parent["region_code"],
        "from": period.start.isoformat() if period.start else "",
        "to": period.end.isoformat() if period.end else "",
        "children": [
            {"code": c["region_code"], "name": c["name"], "values": c["indicators"]}
            for c in children["items"]
        ],
        "labels": {k: definitions[k]["label"] for k in shown},
        "units": {k: definitions[k]["unit"] for k in shown},
        "additive": [k for k in shown if definitions[k]["additive"]],
        "mapLevel": level,
        # The trend's last month is still running: the chart marks it "so far".
        "month": timezone.localdate().strftime("%Y-%m"),
    }
    query = {k: v for k, v in (("from", chart["from"]), ("to", chart["to"])) if v}

    def _unit(label: str, key: str) -> str:
        # a label naming its unit already ("学习培训班（期）") is not followed by it again
        return "" if "（" in label or "(" in label else definitions[key]["unit"]

    return render(
        request,
        "dashboard/indicators.html",
        {
            "groups": [
                dict(
                    g,
                    cards=[
                        (k, label, value, definitions[k]["definition"], _unit(label, k))
                        for k, label, value in g["cards"]
                    ],
                )
                for g in registry.groups(parent["indicators"])
            ],
            "parent": parent,
            "children": children,
            "own_row": children["own"]
            if children.get("own") and any(children["own"]["indicators"].values())
            else None,
            "columns": [(k, definitions[k]["label"]) for k in shown],
            "keys": shown,
            "chart": chart,
            "period": period,
            "presets": [(name, urlencode(q)) for name, q in _presets(timezone.localdate())],
            "query": urlencode(query),
            "may_report": can(request.user, "dashboard.report", Place(parent["region_code"])),
            "report_month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).strftime(
                "%Y-%m"
            ),
        },
    )


@staff_required
def big_screen(request):
    """The command centre's screen (大屏): 1920×1080, dark, refreshing itself, never scrolling."""
    asked = _asked_region(request)
    if asked is False:
        return _not_found(request)
    code = asked or focus_code(request)
    try:
        region = selectors.visible_region(user=request.user, region_code=code)
    except DomainError:
        return _not_found(request)
    definitions = {d["key"]: d for d in selectors.definitions()}
    keys = [k for k in SCREEN_KEYS if k in definitions]
    screen = {
        "region": region.code,
        "name": region.name,
        "keys": keys,
        "labels": {k: d["label"] for k, d in definitions.items()},
        "units": {k: d["unit"] for k, d in definitions.items()},
        "mapKey": "stations",
        "rankKey": "riders",
        "trendKeys": ["appeals", "appeals_solved", "tipoffs"],
        "categories": [f"appeals_{c}" for c in AppealCategory.values],
        # The pie's slices by the category's own name (the panel's title says they are appeals).
        "categoryNames": {f"appeals_{c}": str(name) for c, name in AppealCategory.choices},
        "refreshSeconds": 60,
        "mapLevel": selectors.map_codes(region.code)[0],
        "cockpit": reverse("dashboard:console_indicators"),
    }
    return render(request, "dashboard/screen.html", {"region": region, "screen": screen})


def _attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def filed_download(request, pk: int):
    """A filed report of a region the officer may take reports of (404 otherwise)."""
    found = FiledReport.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None or not can(request.user, "dashboard.report", found):
        return _not_found(request)
    return _attachment(bytes(found.content), found.filename)


@staff_required
def monthly_report(request):
    """The monthly work report (.docx) of a region for a month (default: last month)."""
    asked = _asked_region(request)
    if asked is False:
        return _not_found(request)
    try:
        data, filename = reports.monthly_docx(
            user=request.user,
            region_code=asked or focus_code(request),
            month=request.GET.get("month") or None,
        )
    except DomainError as refused:
        if refused.status in (403, 404):
            return _not_found(request)
        return _refused(request, refused)
    return _attachment(data, filename)


@staff_required
def ledger(request):
    """The indicator ledgers (台账, .xlsx): one sheet per indicator with its rows, masked."""
    asked = _asked_region(request)
    if asked is False:
        return _not_found(request)
    keys = [k for k in (request.GET.get("keys") or "").split(",") if k] or None
    try:
        data, filename = reports.ledger_xlsx(
            user=request.user,
            region_code=asked or focus_code(request),
            period=_period(request),
            keys=keys,
        )
    except DomainError as refused:
        if refused.status in (403, 404):
            return _not_found(request)
        return _refused(request, refused)
    return _attachment(data, filename)


@staff_required
def indicators_export(request):
    """The figures of the region and of each child region, one row each (.xlsx)."""
    asked = _asked_region(request)
    if asked is False:
        return _not_found(request)
    code = asked or focus_code(request)
    try:
        period = _period(request)
        parent = selectors.indicators_for(user=request.user, region_code=code, period=period)
        children = selectors.indicators_children(user=request.user, region_code=code, period=period)
    except DomainError:
        return _not_found(request)
    data = indicators_xlsx(parent=parent, children=children, labels=registry.labels())
    return _attachment(data, f"indicators-{parent['region_code']}.xlsx")
