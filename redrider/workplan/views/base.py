"""What every work-plan page shares: the viewer check, query parsing, refusals, files."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import render

from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import can
from redrider.core.errors import DomainError

from .. import selectors


def region_of(request) -> str | None:
    return request.GET.get("region") or focus_code(request)


def int_or_none(value) -> int | None:
    return int(value) if value not in (None, "") and str(value).isdigit() else None


def date_or_none(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def not_found(request):
    return render(request, "web/not_found.html", status=404)


def refused(request, exc: DomainError):
    messages.error(request, exc.detail)
    return exc.status


def viewer_required(view):
    """Staff who may see the work plan (officers and instructors); others get 403."""

    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can(request.user, "workplan.view"):
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def region_visible(request, code: str) -> bool:
    try:
        selectors.region_for(user=request.user, region_code=code)
    except DomainError:
        return False
    return True


def task_visible(request, task_id: int) -> bool:
    try:
        selectors.task_get(user=request.user, id=task_id)
    except DomainError:
        return False
    return True


def file_response(request, field, name: str):
    if not field:
        return not_found(request)
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or field.name)
