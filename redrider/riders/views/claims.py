"""Console pages of claims of census records (底数认领): the county's officers confirm or reject
registrations that named a census record from another phone."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from redrider.accounts.policy import can
from redrider.core.errors import DomainError

from .. import selectors, services
from ..choices import ClaimStatus
from .console import _not_found, staff_required


@staff_required
def claim_list(request):
    """Pending claims first (the work), any status through the filter."""
    status = request.GET.get("status", ClaimStatus.PENDING)
    try:
        qs = selectors.claim_list(user=request.user, status=status)
    except DomainError:
        status, qs = "", selectors.claim_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "riders/claims.html",
        {"page": page, "status": status, "statuses": ClaimStatus.choices},
    )


@staff_required
def claim_detail(request, pk: int):
    try:
        claim = selectors.claim_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        try:
            services.claim_decide(
                actor=request.user,
                claim=claim,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "已处理 / decided")
        return redirect("riders:claim_detail", pk=pk)
    response = render(
        request,
        "riders/claim_detail.html",
        {
            "claim": claim,
            "may_decide": claim.status == ClaimStatus.PENDING
            and can(request.user, "riders.claim_decide", claim),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
