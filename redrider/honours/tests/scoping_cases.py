"""How the suite-wide scoping test builds and finds this app's region-owned models.

Public lists (the honour wall, brands, published stories and assets) show every region on
purpose, so those cases check the queryset scoping only (no list URL).
"""

from redrider.core.testing import ScopeCase

from ..models import (
    Asset,
    Brand,
    Campaign,
    DemoSite,
    Exemplar,
    Juror,
    Nomination,
    Placement,
    Pledge,
    RoleTaking,
    SiteAssessment,
    Story,
)
from .factories import (
    make_assessment,
    make_brand,
    make_campaign,
    make_exemplar,
    make_nomination,
    make_pledge,
    make_role,
    make_seat,
    make_site,
    make_story,
)


def _nomination(code):
    return make_nomination(make_campaign(quotas={code[:4] + "00": 3}), region_code=code)


def _asset(code):
    return Asset.objects.create(
        kind="video", title="微视频", region_code=code, url="https://v.example.org/1"
    )


def _placement(code):
    import datetime as dt

    return Placement.objects.create(
        kind="e_screen", where="春熙路电子屏", region_code=code, starts_on=dt.date(2023, 6, 1)
    )


CASES = [
    ScopeCase(
        Campaign,
        lambda code: make_campaign(region_code=code, quotas={code: 2}),
        "/api/v1/honours/campaigns",
        lambda o: f"/api/v1/honours/campaigns/{o.pk}",
    ),
    ScopeCase(
        Nomination,
        _nomination,
        "/api/v1/honours/nominations",
        lambda o: f"/api/v1/honours/nominations/{o.pk}",
    ),
    ScopeCase(
        Juror, lambda code: make_seat(make_campaign(quotas={code: 1}), region_code=code), None
    ),
    ScopeCase(Exemplar, make_exemplar, None),
    ScopeCase(
        DemoSite,
        make_site,
        "/api/v1/honours/sites",
        lambda o: f"/api/v1/honours/sites/{o.pk}",
    ),
    ScopeCase(SiteAssessment, make_assessment, None),
    ScopeCase(Pledge, make_pledge, None),
    ScopeCase(RoleTaking, make_role, None),
    ScopeCase(Brand, make_brand, None),
    ScopeCase(Story, make_story, None),
    ScopeCase(Asset, _asset, None),
    ScopeCase(Placement, _placement, "/api/v1/honours/placements"),
]
