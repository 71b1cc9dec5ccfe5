"""The juror's desk (works on a phone): declare conflicts, then score what is assigned."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from redrider.accounts.policy import can
from redrider.core.errors import DomainError

from .. import selectors, services
from ..choices import CRITERIA, CRITERION_MAX
from ..models import Score
from ..phases import campaign_phase, scoring_open


def _forbidden(request):
    return render(request, "web/forbidden.html", status=403)


@login_required
def home(request):
    if not can(request.user, "honours.jury_desk"):
        return _forbidden(request)
    now = timezone.now()
    seats = []
    for seat in selectors.juror_seats(user=request.user):
        scored = set(Score.objects.filter(juror=seat).values_list("nomination_id", flat=True))
        seats.append(
            {
                "seat": seat,
                "phase": campaign_phase(seat.campaign, now),
                "open": scoring_open(seat.campaign, now),
                "assignments": [(a, a.nomination_id in scored) for a in seat.assignments.all()],
            }
        )
    # rider_page: the desk offers Tibetan too (jurors of Aba, Ganzi and Liangshan score in it)
    return render(request, "honours/jury_home.html", {"seats": seats, "rider_page": True})


@login_required
def declare(request, pk: int):
    """The conflict-of-interest declaration: ticked nominations are recused with a reason."""
    if request.method == "POST":
        try:
            seat = selectors.juror_seat_get(user=request.user, id=pk)
            conflicts = {
                int(n): request.POST.get(f"reason_{n}", "") or "利益冲突"
                for n in request.POST.getlist("conflict")
                if n.isdigit()
            }
            services.juror_declare(
                actor=request.user,
                juror=seat,
                conflicts=conflicts,
                statement=request.POST.get("statement", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "声明已提交 / declaration recorded")
    return redirect("honours:jury_home")


@login_required
def score(request, pk: int):
    """One assigned nomination: evidence (informant rule applies) and the four criteria."""
    try:
        nomination = selectors.nomination_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    seat = nomination.assignments.filter(juror__user=request.user).select_related("juror").first()
    if seat is None:
        return render(request, "web/not_found.html", status=404)
    error, status = None, 200
    mine = Score.objects.filter(nomination=nomination, juror=seat.juror).first()
    values = {key: getattr(mine, key) if mine else "" for key, _l in CRITERIA}
    comment = mine.comment if mine else ""
    if request.method == "POST":
        raw = {key: request.POST.get(key, "").strip() for key, _l in CRITERIA}
        values, comment = raw, request.POST.get("comment", "")
        try:
            parsed = {k: int(v) if v.lstrip("-").isdigit() else v for k, v in raw.items()}
            services.score_submit(
                actor=request.user, nomination_id=nomination.pk, scores=parsed, comment=comment
            )
        except DomainError as exc:
            error, status = exc.detail, exc.status
        else:
            messages.success(request, "评分已保存 / score saved")
            return redirect("honours:jury_home")
    evidence = selectors.nomination_evidence(user=request.user, nomination=nomination)
    return render(
        request,
        "honours/jury_score.html",
        {
            "n": nomination,
            "evidence": evidence,
            "criteria": [(key, label, values.get(key, "")) for key, label in CRITERIA],
            "top": CRITERION_MAX,
            "comment": comment,
            "error": error,
            "declared": seat.juror.declared_at is not None,
            "open": scoring_open(nomination.campaign, timezone.now()),
            "rider_page": True,
        },
        status=status,
    )
