"""Demo census data: counts, the demo rider, and no personal data in clear in the database."""

from __future__ import annotations

import pytest

from redrider.riders.models import Company, Problem, Rider, SurveyResponse, Visit
from redrider.riders.selectors import rider_profile_for_user
from redrider.riders.tests.seed_helpers import seed_census


@pytest.fixture
def seeded(db):
    return seed_census("small")


def test_small_seed_places_riders_mostly_in_jinjiang_and_wuhou_and_links_demo_rider(seeded):
    # given the small demo
    riders = Rider.objects.all()
    # then
    assert 200 <= riders.count() <= 500
    central = riders.filter(region_code__in=["510104", "510107"]).count()
    assert central / riders.count() > 0.6
    demo = rider_profile_for_user(seeded.accounts["demo-rider"])
    assert demo is not None and demo.region_code == "510104" and demo.phone == "13800000001"
    assert Rider.objects.filter(political_status__in=["member", "probationary"]).count() == 9
    # and liaison records and a survey exist
    assert Company.objects.filter(liaison__isnull=False).count() == 24
    assert Visit.objects.count() == 40 and Problem.objects.filter(status="solved").count() == 15
    assert SurveyResponse.objects.count() == 60


def test_seeded_ids_are_unique_and_checksum_valid(seeded):
    # given
    from stdnum.cn import ric

    numbers = [r.id_number for r in Rider.objects.all()]
    # then
    assert len(set(numbers)) == len(numbers)
    assert all(ric.is_valid(n) for n in numbers)
