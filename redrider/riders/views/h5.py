"""Rider H5 pages: registration with an SMS code, my profile and consent, answering surveys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from redrider.core.context import current_ip
from redrider.core.errors import DomainError
from redrider.core.scoping import NATIONAL_CODE
from redrider.regions import tree

from .. import selectors, services
from ..choices import QuestionKind, RiderKind
from ..models import Platform
from ..profile import profile_sections

DEFAULT_PROVINCE = "510000"  # the programme's province; riders elsewhere pick their own


def _region_picker(chosen: str) -> dict:
    """What the county picker needs: every province, and the prefectures of the chosen (or the
    default) province each with its counties — picked prefecture first, so 市中区 of Neijiang
    and 市中区 of Leshan are never confused. Other provinces load through the regions API."""
    nodes = tree.tree()
    node = nodes.get(chosen)
    province = (
        next(
            (c for c in [chosen, *tree.ancestors(chosen)] if tree.level_of(c) == "province"),
            DEFAULT_PROVINCE,
        )
        if node
        else DEFAULT_PROVINCE
    )
    prefectures = []
    for code in tree.children(province):
        child = nodes[code]
        counties = (
            [(c, nodes[c].name) for c in tree.children(code)] if child.level != "county" else []
        )
        prefectures.append(
            {"code": code, "name": child.name, "counties": counties or [(code, child.name)]}
        )
    return {
        "provinces": [(c, nodes[c].name) for c in tree.children(NATIONAL_CODE)],
        "province": province,
        "prefecture": tree.parent_code(chosen) if node and node.level == "county" else "",
        "prefectures": prefectures,
    }


def register(request):
    """Phone + SMS code (sent by the page through the public API), identity, county, platforms."""
    if request.user.is_authenticated and selectors.rider_profile_for_user(request.user):
        return redirect("riders:rider_profile")
    error, status = None, 200
    if request.method == "POST":
        p = request.POST
        try:
            result = services.rider_register(
                phone=p.get("phone", ""),
                code=p.get("code", ""),
                name=p.get("name", ""),
                id_number=p.get("id_number", ""),
                region_code=p.get("region_code", ""),
                platforms=p.getlist("platforms"),
                kind=p.get("kind", RiderKind.FULL_TIME),
                password=p.get("password", ""),
                consent=p.get("consent") == "1",
                ip=current_ip.get(),
            )
        except DomainError as exc:
            error, status = exc.detail, exc.status
        else:
            if result.pending:
                # Nothing to sign in to yet: the census record's county checks the claim first.
                return render(request, "riders/h5_register.html", {"pending": True}, status=202)
            login(request, result.user, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
            messages.success(request, "注册成功 / registered")
            return redirect("riders:rider_profile")
    values = {k: request.POST.get(k, "") for k in ("phone", "name", "region_code", "kind")}
    return render(
        request,
        "riders/h5_register.html",
        {
            "error": error,
            "picker": _region_picker(values["region_code"]),
            "platforms": Platform.objects.all(),
            "kinds": RiderKind.choices,
            "values": values,
            "chosen": request.POST.getlist("platforms"),
        },
        status=status,
    )


@login_required
def profile(request):
    rider = selectors.rider_profile_for_user(request.user)
    if rider is None:
        return redirect("riders:rider_register")
    if request.method == "POST" and request.POST.get("action") == "consent":
        services.rider_consent_record(actor=request.user, rider=rider, channel="h5")
        messages.success(request, "已记录您的授权 / consent recorded")
        return redirect("riders:rider_profile")
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        services.rider_consent_withdraw(actor=request.user, rider=rider)
        messages.success(request, "已撤回授权，您的个人信息已删除 / consent withdrawn")
        return redirect("riders:rider_profile")
    answered = set(rider.survey_responses.values_list("survey_id", flat=True))
    surveys = [(s, s.pk in answered) for s in selectors.surveys_open_for_rider(rider=rider)]
    response = render(
        request,
        "riders/h5_profile.html",
        {
            "rider": rider,
            "platforms": rider.platforms.all(),
            "surveys": surveys,
            "sections": profile_sections(request=request, rider=rider),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def survey(request, token: str):
    try:
        survey, rider = selectors.survey_for_rider(user=request.user, token=token)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    if rider is None:
        return redirect(f"{request.build_absolute_uri('/riders/h5/register/')}?next={request.path}")
    questions = list(survey.questions.all())
    error, status, done = None, 200, rider.survey_responses.filter(survey=survey).exists()
    if request.method == "POST" and not done:
        answers = {}
        for q in questions:
            key = f"q{q.pk}"
            if q.kind == QuestionKind.MULTIPLE:
                raw = request.POST.getlist(key)
                answers[str(q.pk)] = [int(v) for v in raw if v.isdigit()] or None
            else:
                raw = request.POST.get(key, "").strip()
                if q.kind == QuestionKind.SINGLE:
                    answers[str(q.pk)] = int(raw) if raw.isdigit() else (None if not raw else -1)
                else:
                    answers[str(q.pk)] = raw or None
        try:
            services.survey_answer(user=request.user, survey=survey, answers=answers)
        except DomainError as exc:
            error, status = exc.detail, exc.status
        else:
            messages.success(request, "提交成功，感谢参与！/ thank you")
            return redirect("riders:rider_survey", token=token)
    return render(
        request,
        "riders/h5_survey.html",
        {
            "survey": survey,
            "questions": questions,
            "done": done,
            "error": error,
            "ratings": {q.pk: range(1, q.scale_max + 1) for q in questions},
        },
        status=status,
    )
