"""Census API lists: pinned query counts, filters and masked items."""

import pytest

from redrider.riders.models import Platform
from redrider.riders.tests.factories import make_company, make_rider

pytestmark = pytest.mark.django_db


def test_the_rider_list_takes_the_same_number_of_queries_for_3_or_30_riders(
    api, county_officer, django_assert_num_queries
):
    # given
    me = api(county_officer)
    platforms = list(Platform.objects.all()[:2])
    company = make_company("510104")

    def add(n):
        for _ in range(n):
            make_rider("510104", company=company, platforms=platforms)

    add(3)
    me.get("/api/v1/riders/riders")  # warm the token's last-use write
    with django_assert_num_queries(4) as few:
        assert me.get("/api/v1/riders/riders").json()["count"] == 3
    add(27)
    # then
    with django_assert_num_queries(len(few.captured_queries)):
        body = me.get("/api/v1/riders/riders", limit=100).json()
    assert body["count"] == 30 and all(item["platforms"] for item in body["items"])


def test_the_rider_list_filters_by_platform_status_and_exact_phone(api, county_officer):
    # given
    meituan = Platform.objects.get(code="meituan")
    a = make_rider("510104", phone="13911112345", platforms=[meituan])
    make_rider("510104", status="left")
    me = api(county_officer)
    # then
    assert [
        i["id"] for i in me.get("/api/v1/riders/riders", platform="meituan").json()["items"]
    ] == [a.pk]
    assert me.get("/api/v1/riders/riders", status="left").json()["count"] == 1
    assert [i["id"] for i in me.get("/api/v1/riders/riders", q="13911112345").json()["items"]] == [
        a.pk
    ]


def test_a_rider_reads_their_own_record_masked(api, rider):
    # given
    make_rider("510104", user=rider, phone="13800000001")
    # when
    body = api(rider).get("/api/v1/riders/me").json()
    # then
    assert body["phone"] == "138****0001" and body["region_code"] == "510104"
