"""How the suite-wide scoping test builds and finds each region-owned model of this app."""

import datetime as dt

from django.utils import timezone

from redrider.core.testing import ScopeCase
from redrider.riders.identity import phone_index
from redrider.riders.models import (
    Company,
    ExportJob,
    ImportJob,
    Problem,
    RegistrationClaim,
    Rider,
    Survey,
    SurveyResponse,
    Visit,
)
from redrider.riders.tests.factories import make_company, make_rider, new_phone


def survey(code):
    return Survey.objects.create(region_code=code, title=f"{code}问卷")


def response(code):
    return SurveyResponse.objects.create(
        region_code=code, survey=survey(code), rider=make_rider(code)
    )


def visit(code):
    return Visit.objects.create(
        region_code=code, company=make_company(code), on=dt.date(2026, 1, 5), topics="走访"
    )


def problem(code):
    v = visit(code)
    return Problem.objects.create(
        region_code=code, visit=v, company=v.company, category="parking", description="停车难"
    )


def claim(code):
    phone = new_phone()
    return RegistrationClaim.objects.create(
        region_code=code,
        rider=make_rider(code),
        name="陈骑手",
        phone=phone,
        phone_index=phone_index(phone),
        requested_region_code=code,
        consent_version="2025-1",
        consent_at=timezone.now(),
    )


R = "/api/v1/riders"

CASES = [
    ScopeCase(Rider, make_rider, f"{R}/riders", lambda o: f"{R}/riders/{o.pk}"),
    ScopeCase(Company, make_company, f"{R}/companies", lambda o: f"{R}/companies/{o.pk}"),
    ScopeCase(
        ImportJob,
        lambda c: ImportJob.objects.create(region_code=c, filename="a.xlsx"),
        f"{R}/imports",
        lambda o: f"{R}/imports/{o.pk}",
    ),
    ScopeCase(
        ExportJob,
        lambda c: ExportJob.objects.create(region_code=c),
        f"{R}/exports",
        lambda o: f"{R}/exports/{o.pk}",
    ),
    ScopeCase(Survey, survey, f"{R}/surveys", lambda o: f"{R}/surveys/{o.pk}"),
    ScopeCase(SurveyResponse, response, None, None),
    ScopeCase(Visit, visit, f"{R}/visits", lambda o: f"{R}/visits/{o.pk}"),
    ScopeCase(Problem, problem, f"{R}/problems", lambda o: f"{R}/problems/{o.pk}"),
    ScopeCase(RegistrationClaim, claim, f"{R}/claims", lambda o: f"{R}/claims/{o.pk}"),
]
