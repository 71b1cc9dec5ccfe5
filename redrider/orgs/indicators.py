"""The work system's indicators (一个体系), each defined once (see regions/figures.py)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redrider.regions.figures import STOCK, Tally, labels, values_for

from .models import Committee, GuidanceStation, Instructor, LeadingGroup, PartyOrganisation

TITLE = _("一个体系")

STANDARD = Q(
    signage_on__isnull=False,
    rules_on__isnull=False,
    staffing_on__isnull=False,
    ledger_on__isnull=False,
)

INDICATORS = [
    Tally(
        key="committees",
        label=_("综合党委"),
        definition=_("截至期末已登记的“小个专”综合党委和外卖配送员群体综合党委（按登记日期）。"),
        unit=_("个"),
        model=Committee,
        period=STOCK,
    ),
    Tally(
        key="rider_committees",
        label=_("外卖配送员群体综合党委"),
        definition=_("截至期末已登记的外卖配送员群体综合党委。"),
        unit=_("个"),
        model=Committee,
        where=Q(kind="rider"),
        period=STOCK,
    ),
    Tally(
        key="leading_groups",
        label=_("领导小组"),
        definition=_("截至期末已登记的党建工作领导小组。"),
        unit=_("个"),
        model=LeadingGroup,
        period=STOCK,
    ),
    Tally(
        key="guidance_stations",
        label=_("党建指导站"),
        definition=_("截至期末在市场监管所建成的“小个专”党建指导站。"),
        unit=_("个"),
        model=GuidanceStation,
        period=STOCK,
    ),
    Tally(
        key="guidance_stations_standard",
        label=_("四统一达标指导站"),
        definition=_(
            "截至期末统一标牌、健全制度、配备人员、建立台账四项均已完成的党建指导站（当前状态）。"
        ),
        unit=_("个"),
        model=GuidanceStation,
        where=STANDARD,
        period=STOCK,
    ),
    Tally(
        key="instructors",
        label=_("指导员"),
        definition=_("截至期末在各指导站登记的专兼职指导员。"),
        unit=_("名"),
        model=Instructor,
        period=STOCK,
    ),
    Tally(
        key="company_party_organisations",
        label=_("企业党组织"),
        definition=_("截至期末在平台企业、第三方配送企业和配送站点建立的党组织。"),
        unit=_("个"),
        model=PartyOrganisation,
        period=STOCK,
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
