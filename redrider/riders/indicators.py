"""Census and liaison indicators (底数摸排 · 直接联系), each defined once (regions/figures.py)."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from redrider.regions.figures import SHANGHAI, STOCK, Tally, labels, values_for

from .choices import ProblemStatus
from .models import Company, Problem, Rider, Visit
from .selectors import _riders_for

TITLE = _("骑手底数与直接联系")

# The day a rider counts from: when they started the job, or when the census recorded them.
RIDER_DAY = Coalesce("joined_on", TruncDate("created_at", tzinfo=SHANGHAI))
PARTY = Q(political_status__in=["member", "probationary"])


def _sees_political_status(user) -> bool:
    return bool(getattr(user, "can_view_political_status", False))


def _census(**extra):
    return dict(model=Rider, rows=_riders_for, date=RIDER_DAY, **extra)


INDICATORS = [
    Tally(
        key="riders",
        label=_("骑手"),
        definition=_(
            "截至期末底数摸排登记的外卖骑手（含已离职），按入职日期计，无入职日期的按登记日期。"
        ),
        unit=_("人"),
        period=STOCK,
        **_census(),
    ),
    Tally(
        key="riders_active",
        label=_("在岗骑手"),
        definition=_("截至期末登记、当前状态为在岗的骑手。"),
        unit=_("人"),
        period=STOCK,
        **_census(where=Q(status="active")),
    ),
    Tally(
        key="riders_party_members",
        label=_("党员骑手"),
        definition=_(
            "截至期末登记、政治面貌为中共党员或预备党员的骑手（仅向有权查看政治面貌者显示）。"
        ),
        unit=_("人"),
        period=STOCK,
        visible=_sees_political_status,
        **_census(where=PARTY),
    ),
    Tally(
        key="riders_joined",
        label=_("新入职骑手"),
        definition=_("入职日期在期间内的骑手。"),
        unit=_("人"),
        **_census(where=Q(joined_on__isnull=False)),
    ),
    Tally(
        key="riders_left",
        label=_("离职骑手"),
        definition=_("离职日期在期间内的骑手。"),
        unit=_("人"),
        model=Rider,
        rows=_riders_for,
        date="left_on",
        where=Q(left_on__isnull=False),
    ),
    Tally(
        key="companies",
        label=_("配送企业/站点"),
        definition=_("截至期末登记的平台企业、第三方配送企业和配送站点。"),
        unit=_("家"),
        model=Company,
        period=STOCK,
    ),
    Tally(
        key="companies_linked",
        label=_("联系企业"),
        definition=_("截至期末登记、已明确一名综合党委委员直接联系的企业（当前状态）。"),
        unit=_("家"),
        model=Company,
        where=Q(liaison__isnull=False),
        period=STOCK,
    ),
    Tally(
        key="liaison_visits",
        label=_("指导走访"),
        definition=_("走访日期在期间内的指导走访。"),
        unit=_("次"),
        model=Visit,
        date="on",
    ),
    Tally(
        key="problems_raised",
        label=_("反映问题"),
        definition=_("走访日期在期间内、走访中反映的问题。"),
        unit=_("个"),
        model=Problem,
        date="visit__on",
        depends=(Visit,),
    ),
    Tally(
        key="problems_solved",
        label=_("解决问题"),
        definition=_("当前已解决、解决日期在期间内的走访问题（无解决日期的按走访日期）。"),
        unit=_("个"),
        model=Problem,
        where=Q(status=ProblemStatus.SOLVED),
        date=Coalesce("solved_on", "visit__on"),
        depends=(Visit,),
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
