"""Demo institutions (Chengdu's 18 in 3 categories) and Deyang's joint station plan."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from redrider.regions import tree

from ..choices import (
    InstitutionStatus,
)
from ..models import (
    Institution,
    InstitutionCategory,
    Measure,
    Plan,
)
from . import data
from .builder import Builder
from .meetings import pdf


def deyang(ctx, today: dt.date) -> None:
    """Deyang's joint plan for outdoor workers' service sites (市场监管、工会联合印发)."""
    starts = today - dt.timedelta(days=200)
    plan = Plan.objects.create(
        region_code="510600",
        title=data.DEYANG_PLAN,
        issued_by=data.DEYANG_ISSUERS,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=540),
    )
    b = Builder(ctx, plan, today)
    for i, (title, owner) in enumerate(data.DEYANG_MEASURES, 1):
        measure = Measure.objects.create(
            plan=plan, region_code="510600", number=i, title=title, owner_org=owner
        )
        for county in tree.children("510600"):
            b.add(
                state=b.random_state(),
                measure=measure,
                region_code=county,
                title=f"{tree.name_of(county)}{title.split('：')[0]}",
                owner_org=f"{tree.name_of(county)}市场监督管理局、{tree.name_of(county)}总工会",
            )
    b.save()


def institutions(ctx, today: dt.date) -> int:
    """Chengdu's institution-building plan: 3 categories, 18 institutions, most issued."""
    rng = ctx.rng("workplan-institutions")
    made = 0
    for number, (title, items) in enumerate(data.CHENGDU_INSTITUTIONS, 1):
        category = InstitutionCategory.objects.create(
            region_code="510100", number=number, title=title
        )
        for i, name in enumerate(items, 1):
            status = (
                InstitutionStatus.ISSUED
                if i <= 4 - (number > 1)
                else (InstitutionStatus.DRAFTED if i <= 5 else InstitutionStatus.PLANNED)
            )
            item = Institution(
                category=category,
                region_code="510100",
                number=i,
                title=name,
                status=status,
                due_date=today + dt.timedelta(days=rng.randint(-30, 120)),
            )
            if status in (InstitutionStatus.DRAFTED, InstitutionStatus.ISSUED):
                item.drafted_on = today - dt.timedelta(days=rng.randint(60, 240))
            if status == InstitutionStatus.ISSUED:
                made_on = min(today, item.drafted_on + dt.timedelta(days=rng.randint(10, 50)))
                item.issued_on = made_on
                item.issuing_body = "成都市市场监督管理局"
                item.document_number = f"成市监发〔{made_on.year}〕{10 + made}号"
                item.document.save(
                    "document.pdf",
                    ContentFile(
                        pdf(
                            name,
                            [
                                item.issuing_body,
                                item.document_number,
                                f"{made_on:%Y年%m月%d日}印发",
                            ],
                        )
                    ),
                    save=False,
                )
                item.document_name = f"{name}.pdf"
            item.save()
            made += 1
    return made
