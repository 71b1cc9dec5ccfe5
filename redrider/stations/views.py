"""Pages: the rider's nearest-station tab and QR check-in page; the staff/host console."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import is_rider
from redrider.core.errors import DomainError
from redrider.core.files import private_file_response

from . import hours, selectors, services, signs
from .choices import CHECKLIST_ITEMS, Service, StationStatus, StationType
from .importing import stations_export_xlsx, stations_import_xlsx

MAP_POINTS_MAX = 3000


@login_required
def rider_nearby(request):
    """The 驿站 tab: list + map of the nearest stations (all data comes from the nearby API)."""
    return render(
        request,
        "stations/rider_nearby.html",
        {
            "services": Service.choices,
            "i18n": rider_page_strings(),
        },
    )


@login_required
def photo(request, pk: int):
    """A station photo for whoever may see the station (MEDIA_ROOT itself is never served)."""
    try:
        item = selectors.station_photo_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    return private_file_response(item.image, content_type="image/jpeg")


def rider_page_strings() -> dict[str, str]:
    """What the 驿站 tab's script shows, translated here and handed over as escaped JSON."""
    from django.utils.translation import gettext as _

    from .choices import CorrectionKind

    return {
        "open": _("营业中"),
        "closed": _("未开放"),
        "km": _("公里"),
        "m": _("米"),
        "cached": _("网络不可用，显示上次的结果"),
        "locating": _("正在定位…"),
        "noloc": _("无法获取位置，请在地图上点选一个位置"),
        "none": _("附近没有符合条件的驿站"),
        "navigate": _("导航"),
        "report": _("纠错"),
        "sent": _("已提交，感谢反馈"),
        "hours": _("开放时间"),
        "colon": _("："),
        "picked": _("已选择地图上的位置"),
        "note": _("说明"),
        "amap": _("高德地图"),
        "baidu": _("百度地图"),
        "tencent": _("腾讯地图"),
        "kinds": {k: str(label) for k, label in CorrectionKind.choices},
        "pick_kind": _("请选择"),
        "pick_kind_first": _("请先选择哪里不对"),
        "what_wrong": _("哪里不对"),
        "right_hours": _("正确的开放时间"),
        "days": _("哪几天"),
        "every_day": _("每天"),
        "weekdays": _("周一至周五"),
        "weekend": _("周六、周日"),
        "all_day": _("全天 24 小时"),
        "opens": _("开门"),
        "closes": _("关门"),
    }


@login_required
def checkin_page(request, code: str):
    """Where the QR sign points: the station, today's numbers and the check-in button."""
    try:
        station = selectors.station_public_by_code(code=code)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    return render(
        request,
        "stations/checkin.html",
        {
            "station": station,
            "stats": selectors.checkin_stats(station=station),
            "service_labels": dict(Service.choices),
            "is_rider": is_rider(request.user),
        },
    )


def _filters(request) -> dict:
    return {key: request.GET.get(key, "") for key in ("q", "status", "type", "service")}


@staff_required
def console_list(request):
    filters = _filters(request)
    try:
        qs = selectors.station_list(user=request.user, region=focus_code(request), **filters)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        points = list(qs.values_list("id", "name", "lat", "lng", "status")[:MAP_POINTS_MAX])
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("stations:console_list")
    return render(
        request,
        "stations/console_list.html",
        {
            "page": page,
            "filters": filters,
            "points_json": json.dumps(points, ensure_ascii=False),
            "statuses": StationStatus.choices,
            "types": StationType.choices,
            "services": Service.choices,
            "can_edit": services.is_editor(request.user),
            "total": page.paginator.count,
        },
    )


def _form_changes(request, *, host: bool) -> dict:
    post = request.POST
    changes = {
        "opening_hours": post.get("opening_hours", ""),
        "services": post.getlist("services"),
        "services_note": post.get("services_note", ""),
        "status": post.get("status", ""),
    }
    if not host:
        for key in (
            "name",
            "type",
            "host_organisation",
            "manager_name",
            "address",
            "capacity",
            "area_m2",
        ):
            changes[key] = post.get(key, "")
        if post.get("contact_phone"):
            changes["contact_phone"] = post["contact_phone"]
        if post.get("lat") or post.get("lng"):
            changes.update(lat=post.get("lat"), lng=post.get("lng"), crs=post.get("crs") or "wgs84")
    return changes


@staff_required
def console_detail(request, pk: int):
    try:
        station = selectors.station_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    editor = services.is_editor(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "edit")
        try:
            if action == "review":
                p = request.POST
                services.review_record(
                    actor=request.user,
                    station=station,
                    year=p.get("year"),
                    siting=p.get("siting"),
                    building=p.get("building"),
                    function=p.get("function"),
                    service=p.get("service"),
                    note=p.get("note", ""),
                )
            else:
                changes = _form_changes(request, host=not editor)
                if (
                    editor
                    and request.POST.get("lat") == str(station.lat)
                    and request.POST.get("lng") == str(station.lng)
                ):
                    changes.pop("lat", None), changes.pop("lng", None), changes.pop("crs", None)
                services.station_update(actor=request.user, station=station, changes=changes)
        except DomainError as exc:
            if action != "review" and exc.code == "invalid_opening_hours":
                # The host's text stays in the field, with the reason next to it.
                return _detail_page(
                    request,
                    station,
                    editor,
                    hours_value=request.POST.get("opening_hours", ""),
                    hours_error=exc.detail,
                    status=422,
                )
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("已保存"))
        return redirect("stations:console_detail", pk=pk)
    return _detail_page(request, station, editor)


def _detail_page(request, station, editor, *, hours_value=None, hours_error="", status=200):
    return render(
        request,
        "stations/console_detail.html",
        {
            "station": station,
            "editor": editor,
            "stats": selectors.checkin_stats(station=station),
            "daily": selectors.checkin_daily(station=station),
            "statuses": StationStatus.choices,
            "types": StationType.choices,
            "services": Service.choices,
            "reviews": station.reviews.all()[:10],
            "checklist": CHECKLIST_ITEMS,
            "corrections": station.corrections.all()[:20],
            "year": dt.date.today().year,
            "checkin_url": signs.checkin_url(request, station),
            "hours_value": station.opening_hours if hours_value is None else hours_value,
            "hours_error": hours_error,
            "hours_initial": hours.editor_initial(station.opening_hours),
        },
        status=status,
    )


@staff_required
def console_create(request):
    if not services.is_editor(request.user):
        return render(request, "web/forbidden.html", status=403)
    if request.method == "POST":
        p = request.POST
        try:
            station = services.station_create(
                actor=request.user,
                name=p.get("name", ""),
                type=p.get("type", ""),
                lat=p.get("lat"),
                lng=p.get("lng"),
                crs=p.get("crs") or "wgs84",
                address=p.get("address", ""),
                host_organisation=p.get("host_organisation", ""),
                manager_name=p.get("manager_name", ""),
                contact_phone=p.get("contact_phone", ""),
                services=p.getlist("services"),
                opening_hours=p.get("opening_hours") or "24/7",
                capacity=p.get("capacity"),
                area_m2=p.get("area_m2"),
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
            return render(
                request,
                "stations/console_create.html",
                {"types": StationType.choices, "services": Service.choices, "data": p},
            )
        return redirect("stations:console_detail", pk=station.pk)
    return render(
        request,
        "stations/console_create.html",
        {"types": StationType.choices, "services": Service.choices, "data": {}},
    )


@staff_required
def console_corrections(request):
    if request.method == "POST":
        try:
            correction = selectors.correction_get(
                user=request.user, id=int(request.POST.get("id", 0))
            )
            services.correction_review(
                actor=request.user,
                correction=correction,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "detail", str(exc)))
        else:
            messages.success(request, _("已处理"))
        return redirect("stations:console_corrections")
    status = request.GET.get("status", "pending")
    try:
        qs = selectors.correction_list(user=request.user, status=status, region=focus_code(request))
    except DomainError:
        qs = selectors.correction_list(user=request.user, status="pending")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/console_corrections.html",
        {"page": page, "status": status, "service_labels": dict(Service.choices)},
    )


@staff_required
def console_export(request):
    qs = selectors.station_list(user=request.user, region=focus_code(request), **_filters(request))
    response = HttpResponse(
        stations_export_xlsx(stations=qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="stations.xlsx"'
    return response


@staff_required
def console_import(request):
    errors: list = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise DomainError("no_file", "请选择文件", "choose a file", status=422)
            created = stations_import_xlsx(actor=request.user, content=upload.read())
        except DomainError as exc:
            messages.error(request, exc.detail)
            errors = exc.extra.get("rows", [])
        else:
            messages.success(request, _("已导入 %(n)d 个驿站") % {"n": len(created)})
            return redirect("stations:console_list")
    return render(
        request, "stations/console_import.html", {"errors": errors}, status=422 if errors else 200
    )


@staff_required
def console_sign(request, pk: int, kind: str):
    try:
        station = selectors.station_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    url = signs.checkin_url(request, station)
    if kind == "pdf":
        response = HttpResponse(signs.sign_pdf(station, url), content_type="application/pdf")
    else:
        response = HttpResponse(signs.sign_png(station, url), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="sign-{station.code}.{kind}"'
    return response
