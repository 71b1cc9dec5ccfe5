"""Institutions (制度): categories, items and their next steps."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.policy import can
from redrider.core.errors import DomainError

from .. import clock, selectors, services, workflow
from ..choices import InstitutionStatus
from ..files import Upload
from .base import (
    date_or_none,
    not_found,
    region_of,
    viewer_required,
)


@viewer_required
def console_institutions(request):
    try:
        categories = list(
            selectors.category_list(user=request.user, region_code=region_of(request))
        )
    except DomainError:
        return not_found(request)
    for c in categories:
        c.items = [
            (i, workflow.next_statuses(i.status), can(request.user, "workplan.institution", i))
            for i in c.institutions.all()
        ]
    return render(
        request,
        "workplan/institutions.html",
        {
            "categories": categories,
            "labels": dict(InstitutionStatus.choices),
            "today": clock.today(),
        },
    )


@viewer_required
@require_POST
def institution_transition(request, institution_id: int):
    p = request.POST
    upload = request.FILES.get("document")
    try:
        services.institution_transition(
            actor=request.user,
            institution_id=institution_id,
            status=p.get("status", ""),
            issuing_body=p.get("issuing_body", ""),
            issued_on=date_or_none(p.get("issued_on")),
            document_number=p.get("document_number", ""),
            upload=Upload(upload.name, upload.read()) if upload else None,
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("状态已更新"))
    return redirect(reverse("workplan:institutions") + f"#institution-{institution_id}")
