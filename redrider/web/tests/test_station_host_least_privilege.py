"""A station host sees their station and what happens at it, not the county's cases or people
(DESIGN §4 rule 8): every console page, export and API read of the county answers them nothing.

The county's records below each carry a marker; as the host of a Jinjiang station, no answer —
page, workbook, document or JSON — may contain one, unless it refuses outright (403/404).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

pytestmark = pytest.mark.django_db

MARK = "县域标记"  # in every county record the host must not see


def _text(response) -> str:
    """The readable text of an answer: a page as is, JSON with its escapes read back, a
    workbook/document unzipped."""
    content = response.content if not getattr(response, "streaming", False) else b""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            # Office XML may write characters as numeric entities (&#21439;): read them back.
            return html.unescape(
                "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            )
    return content.decode("utf-8", "replace")


@pytest.fixture
def county(settings, tmp_path, county_officer):
    """One of each county record the host used to reach, all in Jinjiang and marked."""
    from redrider.activities.models import Signup
    from redrider.activities.tests.scoping_cases import make_signup
    from redrider.appeals.models import Appeal, AppealPhoto, TipoffPhoto
    from redrider.appeals.tests.conftest import jpeg_bytes
    from redrider.appeals.tests.factories import make_appeal, make_rider, make_tipoff
    from redrider.orgs.models import WorkLedgerEntry
    from redrider.orgs.tests.scoping_cases import guidance_station
    from redrider.planning.models import SitePlan
    from redrider.points.services import points_award
    from redrider.points.tests.factories import fund, rule
    from redrider.points.tests.scoping_cases import make_order
    from redrider.riders.models import Problem, Visit
    from redrider.riders.tests.factories import make_company

    settings.MEDIA_ROOT = tmp_path
    person = make_rider(5151)
    person.display_name = f"{MARK}骑手"
    person.save()

    appeal = make_appeal(rider=person)
    Appeal.objects.filter(pk=appeal.pk).update(description=f"{MARK}：小区不让进")
    appeal_photo = AppealPhoto.objects.create(
        appeal=appeal, image=ContentFile(jpeg_bytes(), "a.jpg"), width=64, height=48, size=1
    )
    tipoff = make_tipoff(informant=person, merchant_name=f"{MARK}小炒")
    tipoff_photo = TipoffPhoto.objects.create(
        tipoff=tipoff, image=ContentFile(jpeg_bytes(), "t.jpg"), width=64, height=48, size=1
    )

    signup = make_signup("510104")
    signup.activity.title = f"{MARK}急救培训"
    signup.activity.save()
    signup.rider.display_name = f"{MARK}学员"
    signup.rider.save()
    Signup.objects.filter(pk=signup.pk).update(status="attended")

    company = make_company("510104", name=f"{MARK}配送站")
    visit = Visit.objects.create(
        region_code="510104", company=company, on=dt.date(2026, 1, 5), topics=f"{MARK}走访"
    )
    problem = Problem.objects.create(
        region_code="510104",
        visit=visit,
        company=company,
        category="parking",
        description=f"{MARK}停车难",
    )

    office_station = guidance_station("510104")
    office_station.name = f"{MARK}指导站"
    office_station.save()
    WorkLedgerEntry.objects.create(
        station=office_station,
        region_code="510104",
        on=dt.date(2026, 1, 5),
        category="visit",
        summary=f"{MARK}台账",
    )

    plan = SitePlan.objects.create(
        region_code="510104",
        name=f"{MARK}选址",
        radius_m=1000.0,
        k=1,
        candidate_sources=["grid"],
        status="done",
        finished_at=timezone.now(),
    )

    fund("510000", yuan=100_000)
    rule("manual", points=1)
    award = points_award(
        actor=county_officer,
        rider_user=person,
        rule_code="manual",
        source=f"{MARK}志愿",
        region_code="510104",
        amount=5,
        idempotency_key="mark-1",
    )
    order = make_order("510104")
    order.item.name = f"{MARK}兑换品"
    order.item.save()
    return {
        "appeal": appeal,
        "appeal_photo": appeal_photo,
        "tipoff": tipoff,
        "tipoff_photo": tipoff_photo,
        "activity": signup.activity,
        "signup": signup,
        "company": company,
        "visit": visit,
        "problem": problem,
        "office_station": office_station,
        "plan": plan,
        "award": award,
        "order": order,
    }


@pytest.fixture
def host_station(station_host):
    """The Jinjiang station the host keeps, with an order waiting there."""
    from redrider.points.tests.scoping_cases import order_at_station

    order = order_at_station(station_host)
    order.item.name = "本站矿泉水"
    order.item.save()
    return order.item.station


# Pages and downloads about one county record, or the county as a whole: refused outright.
CONSOLE_REFUSED = [
    "/appeals/console/{appeal}/",
    "/appeals/console/indicators/",
    "/appeals/console/tipoffs/{tipoff}/",
    "/appeals/photos/{appeal_photo}/",
    "/appeals/tipoff-photos/{tipoff_photo}/",
    "/activities/console/{activity}/",
    "/activities/console/{activity}/attendance.xlsx",
    "/riders/",
    "/riders/export.xlsx",
    "/riders/companies/{company}/",
    "/orgs/guidance-stations/{office_station}/",
    "/orgs/guidance-stations/{office_station}/ledger.xlsx",
    "/planning/",
    "/planning/plans/{plan}/export.xlsx",
    "/planning/plans/{plan}/report.docx",
    "/dashboard/",
    "/dashboard/export.xlsx",
]

# Lists and exports open to every staff member: for a host they hold nothing of the county.
CONSOLE_EMPTY = [
    "/appeals/console/",
    "/appeals/console/map/",
    "/appeals/console/export.xlsx",
    "/appeals/console/tipoffs/",
    "/activities/console/",
    "/riders/companies/",
    "/riders/liaison/",
    "/orgs/guidance-stations/",
    "/points/console/",
    "/points/console/orders.xlsx",
    "/points/console/ledger.xlsx",
    "/points/console/fulfil/",
    "/stations/console/",
    "/stations/console/export.xlsx",
    "/stations/console/corrections/",
]

API_REFUSED = [
    "/api/v1/appeals/{appeal}",
    "/api/v1/appeals/indicators",
    "/api/v1/tipoffs/{tipoff}",
    "/api/v1/activities/manage/{activity}",
    "/api/v1/activities/manage/{activity}/attendance",
    "/api/v1/activities/signups/{signup}",
    "/api/v1/riders/companies/{company}",
    "/api/v1/riders/visits/{visit}",
    "/api/v1/riders/problems/{problem}",
    "/api/v1/orgs/guidance-stations/{office_station}/ledger",
    "/api/v1/orgs/guidance-stations/{office_station}/ledger.xlsx",
    "/api/v1/planning/plans/{plan}",
    "/api/v1/planning/coverage",
    "/api/v1/points/transactions/{award}",
    "/api/v1/points/orders/{order}",
    "/api/v1/dashboard/indicators",
    "/api/v1/dashboard/trends",
]

API_EMPTY = [
    "/api/v1/appeals",
    "/api/v1/appeals/hotspots",
    "/api/v1/appeals/export.xlsx",
    "/api/v1/tipoffs",
    "/api/v1/activities/manage",
    "/api/v1/activities/signups",
    "/api/v1/riders/companies",
    "/api/v1/riders/visits",
    "/api/v1/riders/problems",
    "/api/v1/riders/liaison/counts",
    "/api/v1/planning/plans",
    "/api/v1/points/transactions",
]


def _url(template: str, county: dict) -> str:
    return template.format(**{k: v.pk for k, v in county.items()})


def _assert_empty(response, url: str) -> None:
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    if response.status_code != 200:
        return
    assert MARK not in _text(response), url
    if response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        assert body.get("items", []) == [] and body.get("count", 0) == 0, (url, body)


@pytest.mark.parametrize("template", CONSOLE_REFUSED)
def test_a_station_host_is_refused_the_countys_records_on_the_console(
    template, county, host_station, station_host, client
):
    # given the host of a Jinjiang station, signed in to the console
    client.force_login(station_host)
    # when they open a county record's page, photo or download, or the county's figures
    response = client.get(_url(template, county))
    # then it does not exist for them
    assert response.status_code in (403, 404), (template, response.status_code)
    assert MARK not in _text(response)


@pytest.mark.parametrize("template", CONSOLE_EMPTY)
def test_a_station_host_finds_nothing_of_the_county_in_console_lists_and_exports(
    template, county, host_station, station_host, client
):
    # given the host, signed in / when they open a console list or export
    client.force_login(station_host)
    response = client.get(_url(template, county))
    # then it shows nothing of the county's cases, people, ledgers or orders
    _assert_empty(response, template)


@pytest.mark.parametrize("template", API_REFUSED)
def test_a_station_host_is_refused_the_countys_records_through_the_api(
    template, county, host_station, station_host, api
):
    # when the host reads one county record, or the county's figures, through the API
    response = api(station_host).get(_url(template, county))
    # then it does not exist for them
    assert response.status_code in (403, 404), (template, response.status_code)
    assert MARK not in _text(response)


@pytest.mark.parametrize("template", API_EMPTY)
def test_a_station_host_finds_nothing_of_the_county_in_api_lists_and_exports(
    template, county, host_station, station_host, api
):
    # when the host lists or exports through the API
    response = api(station_host).get(_url(template, county))
    # then nothing of the county is in it
    _assert_empty(response, template)


def test_the_console_home_of_a_host_is_their_station(county, host_station, station_host, client):
    # when the host signs in to the console
    client.force_login(station_host)
    response = client.get("/console/")
    # then it opens on their stations, not on the county's figures
    assert response.status_code == 302 and response["Location"] == "/stations/console/"


def test_the_host_still_keeps_their_station_and_what_happens_at_it(
    county, host_station, station_host, client, api
):
    # given the host of a station with an order waiting at it, and the county's other order
    client.force_login(station_host)
    # when they open the console, their station and the fulfilment page
    home = client.get("/console/")
    detail = client.get(f"/stations/console/{host_station.pk}/")
    fulfil = client.get("/points/console/fulfil/").content.decode()
    orders = api(station_host).get("/api/v1/points/orders").json()
    stations = api(station_host).get("/api/v1/stations").json()
    # then their station opens, with its check-in counts
    assert home.status_code == 302
    assert detail.status_code == 200
    assert host_station.name in detail.content.decode()
    # and the orders to be picked up at their station are theirs to hand over, no others
    assert "本站矿泉水" in fulfil and MARK not in fulfil
    assert [o["item"] for o in orders["items"]] == ["本站矿泉水"]
    assert [s["id"] for s in stations["items"]] == [host_station.pk]


def test_the_county_officer_still_reads_the_county(county, county_officer, client):
    # given the marked county records / when the county officer opens the same pages
    client.force_login(county_officer)
    seen = [
        client.get(_url(t, county))
        for t in (
            "/appeals/console/{appeal}/",
            "/activities/console/{activity}/attendance.xlsx",
            "/orgs/guidance-stations/{office_station}/ledger.xlsx",
            "/points/console/ledger.xlsx",
        )
    ]
    # then they see them (the host's refusals are about the host, not the pages)
    for response in seen:
        assert response.status_code == 200
        assert MARK in _text(response), response.get("Content-Disposition")
