"""Console pages: registry, rider detail, exports, imports, companies, liaison, surveys."""

from __future__ import annotations

import datetime as dt
from itertools import islice

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from redrider.accounts.models import User
from redrider.accounts.pages import focus_code
from redrider.accounts.pages import staff_required as _staff_required
from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.core.files import private_file_response
from redrider.regions import tree

from .. import selectors, services
from ..choices import (
    CompanyKind,
    ProblemCategory,
    ProblemStatus,
    QuestionKind,
    RiderKind,
    RiderStatus,
)
from ..importing.columns import COLUMNS, template_xlsx
from ..models import Platform
from ..stats import survey_stats


def staff_required(view):
    """Console pages of the census: staff in a census role (not station hosts or auditors)."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_read_census(request.user):
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return _staff_required(wrapper)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


FILTER_KEYS = ("status", "kind", "platform", "find", "political_status")


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in FILTER_KEYS}


@staff_required
def rider_list(request):
    if request.method == "POST":
        # The search box posts: the typed ID/phone/name becomes a keyed hash in the URL.
        from urllib.parse import urlencode

        params = {k: request.POST.get(k, "").strip() for k in FILTER_KEYS if k != "find"}
        params["find"] = selectors.search_token(request.POST.get("q", ""))
        return redirect(
            reverse("riders:console_list") + "?" + urlencode({k: v for k, v in params.items() if v})
        )
    filters = _filters(request)
    qs = selectors.rider_list(user=request.user, region=focus_code(request), filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "riders/console_list.html",
        {
            "page": page,
            "filters": filters,
            "platforms": Platform.objects.all(),
            "statuses": RiderStatus.choices,
            "kinds": RiderKind.choices,
            "counts": selectors.rider_counts(user=request.user, region=focus_code(request)),
            "query": request.GET.urlencode(),
        },
    )


@staff_required
def rider_detail(request, pk: int):
    try:
        rider = selectors.rider_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    revealed, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reveal":
                revealed = services.rider_reveal(
                    actor=request.user, rider=rider, reason=request.POST.get("reason", "")
                )
            elif action == "status":
                on = request.POST.get("on") or None
                services.rider_status_set(
                    actor=request.user,
                    rider=rider,
                    status=request.POST.get("status", ""),
                    on=dt.date.fromisoformat(on) if on else None,
                )
                messages.success(request, "已更新 / updated")
                return redirect("riders:console_detail", pk=pk)
        except DomainError as exc:
            messages.error(request, exc.detail)
            status = exc.status
        except ValueError:
            messages.error(request, "日期无效 / invalid date")
            status = 422
    response = render(
        request,
        "riders/console_detail.html",
        {
            "rider": rider,
            "revealed": revealed,
            "platforms": rider.platforms.all(),
            "political": request.user.can_view_political_status,
            "statuses": RiderStatus.choices,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def rider_export(request):
    """GET: the masked export. POST with unmasked=1 and a reason: the full export (audited).

    A selection over `INLINE_ROWS` rows is handed to the task worker: the answer is then the
    export's page with its progress bar and, when done, the download link."""
    from ..services import exports

    unmasked = request.method == "POST" and request.POST.get("unmasked") == "1"
    source = request.POST if request.method == "POST" else request.GET
    filters = {k: source.get(k, "").strip() for k in FILTER_KEYS}
    qs = selectors.rider_list(user=request.user, region=focus_code(request), filters=filters)
    try:
        if qs.count() > exports.INLINE_ROWS:
            job = services.export_job_create(
                actor=request.user,
                filters=filters,
                focus=focus_code(request) or "",
                unmasked=unmasked,
                reason=source.get("reason", ""),
            )
            return redirect("riders:export_detail", pk=job.pk)
        data = services.riders_export_xlsx(
            actor=request.user,
            riders=qs,
            unmasked=unmasked,
            reason=source.get("reason", ""),
            region=focus_code(request) or "",
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(reverse("riders:console_list"))
    suffix = "full" if unmasked else "masked"
    return _download(data, XLSX, f"riders-{dt.date.today():%Y%m%d}-{suffix}.xlsx")


@staff_required
def export_detail(request, pk: int):
    """A background export: progress bar (polls the API) and the download link when done."""
    from ..services.exports import may_download

    try:
        job = selectors.export_job_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    response = render(
        request,
        "riders/export_detail.html",
        {"job": job, "may_download": may_download(request.user, job)},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def export_download(request, pk: int):
    try:
        job = selectors.export_job_get(user=request.user, id=pk)
        stored = services.export_job_download(actor=request.user, job=job)
    except DomainError as exc:
        if exc.status == 404:
            return _not_found(request)
        return render(request, "web/forbidden.html", {"message": exc.detail}, status=exc.status)
    return private_file_response(stored, as_attachment=True, content_type=XLSX)


# ---- imports -------------------------------------------------------------------------------


@staff_required
def import_page(request):
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择文件 / choose a file")
            return redirect("riders:import_page")
        from django.conf import settings

        if upload.size > settings.MAX_IMPORT_BYTES:
            messages.error(
                request,
                f"文件超过 {settings.MAX_IMPORT_BYTES // 2**20} MB 上限 / the file is too large",
            )
            return render(request, "riders/import.html", _import_ctx(request), status=413)
        try:
            job = services.import_job_create(
                actor=request.user,
                filename=upload.name,
                data=upload.read(),
                dry_run=request.POST.get("commit") != "1",
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
            return render(request, "riders/import.html", _import_ctx(request), status=exc.status)
        return redirect("riders:import_detail", pk=job.pk)
    return render(request, "riders/import.html", _import_ctx(request))


def _import_ctx(request) -> dict:
    return {"jobs": selectors.import_job_list(user=request.user)[:20], "columns": COLUMNS}


@staff_required
def import_template(request):
    return _download(template_xlsx(), XLSX, "rider-census-template.xlsx")


@staff_required
def import_detail(request, pk: int):
    try:
        job = selectors.import_job_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        try:
            job = services.import_job_commit(actor=request.user, job=job)
        except DomainError as exc:
            messages.error(request, exc.detail)
        return redirect("riders:import_detail", pk=pk)
    return render(request, "riders/import_detail.html", {"job": job, "errors": job.errors[:500]})


@staff_required
def import_errors(request, pk: int):
    try:
        job = selectors.import_job_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    return _download(services.errors_report_xlsx(job), XLSX, f"import-{job.pk}-errors.xlsx")


# ---- companies and liaison -------------------------------------------------------------------


@staff_required
def company_list(request):
    kind, q = request.GET.get("kind", ""), request.GET.get("q", "")
    linked = {"1": True, "0": False}.get(request.GET.get("linked", ""))
    qs = selectors.company_list(
        user=request.user, region=focus_code(request), kind=kind, q=q, linked=linked
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "riders/companies.html",
        {
            "page": page,
            "kind": kind,
            "q": q,
            "kinds": CompanyKind.choices,
            "linked": request.GET.get("linked", ""),
        },
    )


def _liaison_candidates(user, company):
    """Staff of the user's region who may work the liaison mechanism for this company."""
    prefix = tree.prefix(tree.user_region(user) or "")
    qs = User.objects.filter(is_active=True).exclude(scope_code="")
    if prefix:
        qs = qs.filter(scope_code__startswith=prefix)
    staff = qs.order_by("scope_code", "username").iterator()
    return list(islice((u for u in staff if can(u, "riders.liaison", company)), 300))


@staff_required
def company_detail(request, pk: int):
    try:
        company = selectors.company_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "liaison":
                uid = request.POST.get("user_id")
                liaison = User.objects.filter(pk=uid).first() if uid else None
                services.company_liaison_assign(
                    actor=request.user, company=company, liaison=liaison
                )
            elif action == "visit":
                problems = [
                    {"category": c, "description": d}
                    for c, d in zip(
                        request.POST.getlist("problem_category"),
                        request.POST.getlist("problem_description"),
                        strict=False,
                    )
                    if d.strip()
                ]
                services.visit_record(
                    actor=request.user,
                    company=company,
                    on=dt.date.fromisoformat(request.POST.get("on", "")),
                    topics=request.POST.get("topics", ""),
                    notes=request.POST.get("notes", ""),
                    problems=problems,
                )
            messages.success(request, "已保存 / saved")
        except DomainError as exc:
            messages.error(request, exc.detail)
        except ValueError:
            messages.error(request, "日期无效 / invalid date")
        return redirect("riders:company_detail", pk=pk)
    visits = selectors.visit_list(user=request.user, company=company)[:100]
    return render(
        request,
        "riders/company_detail.html",
        {
            "company": company,
            "visits": visits,
            "candidates": _liaison_candidates(request.user, company),
            "problems": selectors.problem_list(user=request.user).filter(company=company)[:100],
            "categories": ProblemCategory.choices,
            "today": dt.date.today(),
            "rider_count": company.riders.count() + company.site_riders.count(),
        },
    )


@staff_required
def liaison(request):
    status = request.GET.get("status", "")
    problems = selectors.problem_list(user=request.user, region=focus_code(request), status=status)
    page = Paginator(problems.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    focus = focus_code(request)
    by = "county" if focus and tree.level_of(focus) in ("prefecture", "county") else "prefecture"
    return render(
        request,
        "riders/liaison.html",
        {
            "rows": selectors.liaison_counts(user=request.user, region=focus_code(request), by=by),
            "page": page,
            "status": status,
            "statuses": ProblemStatus.choices,
        },
    )


@staff_required
@require_POST
def problem_transition(request, pk: int):
    try:
        problem = selectors.problem_get(user=request.user, id=pk)
        services.problem_transition(
            actor=request.user,
            problem=problem,
            status=request.POST.get("status", ""),
            resolution=request.POST.get("resolution", ""),
        )
        messages.success(request, "已更新 / updated")
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect(request.POST.get("next") or reverse("riders:liaison"))


# ---- surveys -------------------------------------------------------------------------------


@staff_required
def survey_list(request):
    return render(
        request,
        "riders/surveys.html",
        {
            "surveys": selectors.survey_list(user=request.user, region=focus_code(request))[:100],
            "kinds": QuestionKind.choices,
        },
    )


@staff_required
def survey_detail(request, pk: int):
    try:
        survey = selectors.survey_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        try:
            services.survey_status_set(
                actor=request.user, survey=survey, status=request.POST.get("status", "")
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
        return redirect("riders:survey_detail", pk=pk)
    link = request.build_absolute_uri(reverse("riders:rider_survey", args=[survey.token]))
    return render(
        request,
        "riders/survey_detail.html",
        {
            "survey": survey,
            "stats": survey_stats(survey=survey, user=request.user, region=focus_code(request)),
            "link": link,
            "qr_svg": segno.make(link, error="m").svg_inline(scale=4),
        },
    )


@staff_required
def survey_qr(request, pk: int):
    try:
        survey = selectors.survey_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    import io

    link = request.build_absolute_uri(reverse("riders:rider_survey", args=[survey.token]))
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=8, border=2)
    return _download(out.getvalue(), "image/png", f"survey-{survey.pk}-qr.png")


@staff_required
def survey_report(request, pk: int):
    try:
        survey = selectors.survey_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    data = services.survey_report_docx(
        actor=request.user, survey=survey, region=focus_code(request)
    )
    return _download(data, DOCX, f"survey-{survey.pk}-report.docx")
