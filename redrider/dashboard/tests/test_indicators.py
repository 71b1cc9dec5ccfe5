import pytest

from redrider.core import sheets
from redrider.orgs.tests.scoping_cases import guidance_station, instructor

pytestmark = pytest.mark.django_db


def test_indicators_count_only_the_asked_region(api, province_admin):
    # given two guidance stations in Jinjiang, one in Wuhou, one in Mianyang
    guidance_station("510104")
    guidance_station("510104")
    guidance_station("510107")
    guidance_station("510703")
    me = api(province_admin)
    # when / then
    assert (
        me.get("/api/v1/dashboard/indicators", region="510000").json()["indicators"][
            "guidance_stations"
        ]
        == 4
    )
    assert (
        me.get("/api/v1/dashboard/indicators", region="510100").json()["indicators"][
            "guidance_stations"
        ]
        == 3
    )
    body = me.get("/api/v1/dashboard/indicators", region="510104").json()
    assert body["region_code"] == "510104"
    assert body["indicators"]["guidance_stations"] == 2


def test_drill_down_lists_each_child_with_its_own_figures(api, prefecture_officer):
    instructor("510104")
    instructor("510107")
    instructor("510107")
    body = (
        api(prefecture_officer).get("/api/v1/dashboard/indicators/children", region="510100").json()
    )
    by_code = {row["region_code"]: row["indicators"] for row in body["items"]}
    assert body["count"] == 20
    assert by_code["510104"]["instructors"] == 1
    assert by_code["510107"]["instructors"] == 2


def test_county_officer_cannot_read_another_county_or_a_parent(api, county_officer):
    me = api(county_officer)
    assert me.get("/api/v1/dashboard/indicators", region="510107").status_code == 404
    assert me.get("/api/v1/dashboard/indicators", region="510100").status_code == 404
    assert me.get("/api/v1/dashboard/indicators").json()["region_code"] == "510104"


@pytest.mark.parametrize("region", ["51", "x" * 6, "5101000"])
def test_malformed_region_answers_422(api, province_admin, region):
    assert api(province_admin).get("/api/v1/dashboard/indicators", region=region).status_code == 422


def test_riders_and_strangers_get_no_indicators(api, rider):
    assert api().get("/api/v1/dashboard/indicators").status_code == 401
    assert api(rider).get("/api/v1/dashboard/indicators").status_code == 403


def test_indicator_export_is_a_workbook_with_a_row_per_child_and_a_total(
    client, prefecture_officer
):
    guidance_station("510104")
    client.force_login(prefecture_officer)
    response = client.get("/dashboard/export.xlsx", {"region": "510100"})
    assert response.status_code == 200
    rows = [values for _number, values in sheets.read_sheet(response.content).rows]
    header = rows[0]
    col = header.index("党建指导站")
    jinjiang = next(r for r in rows if r[0] == "510104")
    assert jinjiang[col] == 1
    assert rows[-1][0] == "510100" and rows[-1][col] == 1
    assert len(rows) == 1 + 20 + 1


def test_console_page_shows_the_cards(client, county_officer):
    guidance_station("510104")
    client.force_login(county_officer)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "党建指导站" in response.content.decode()


def test_every_domain_contributes_its_figures_for_the_region(api, county_officer):
    from redrider.appeals.tests.scoping_cases import CASES as APPEAL_CASES
    from redrider.stations.tests.scoping_cases import station

    # given a station and an appeal in Jinjiang, and a station in Wuhou
    station("510104")
    station("510107")
    APPEAL_CASES[0].make("510104")
    # when
    values = api(county_officer).get("/api/v1/dashboard/indicators").json()["indicators"]
    # then
    assert values["stations"] == 1
    assert values["appeals"] == 1
    assert values["guidance_stations"] == 0
    assert all(v is None or isinstance(v, int | float) for v in values.values())


def test_dashboard_reflects_the_sichuan_style_figures_of_every_domain(api, province_admin):
    # given one rider, one activity with an attendance and one award, all in Jinjiang
    from redrider.activities.tests.scoping_cases import CASES as ACTIVITY_CASES
    from redrider.riders.tests.scoping_cases import CASES as RIDER_CASES

    rider_case = next(c for c in RIDER_CASES if c.model.__name__ == "Rider")
    rider_case.make("510104")
    activity_case = next(c for c in ACTIVITY_CASES if c.model.__name__ == "Activity")
    activity_case.make("510104")
    # when
    values = (
        api(province_admin)
        .get("/api/v1/dashboard/indicators", region="510104")
        .json()["indicators"]
    )
    # then
    assert values["riders"] == 1
    assert values["activities"] + values["trainings"] + values["volunteer_services"] == 1
    assert values["points_awarded"] == 0
    assert "riders_party_members" in values


def test_trends_count_each_month_in_shanghai_time(api, county_officer):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from redrider.appeals.models import Appeal
    from redrider.appeals.tests.scoping_cases import CASES as APPEAL_CASES

    # given an appeal filed at 07:30 on the 1st of this month in Shanghai (23:30 UTC the day
    # before, i.e. last month in UTC), and one in Wuhou at the same moment
    shanghai = ZoneInfo("Asia/Shanghai")
    first = timezone.localtime(timezone.now(), shanghai).date().replace(day=1)
    at = dt.datetime.combine(first, dt.time(7, 30), tzinfo=shanghai)
    case = APPEAL_CASES[0]
    mine, theirs = case.make("510104"), case.make("510107")
    Appeal.objects.filter(pk__in=[mine.pk, theirs.pk]).update(submitted_at=at)
    # when
    body = api(county_officer).get("/api/v1/dashboard/trends", months=3).json()
    # then this month counts it once, last month not at all
    this_month, last_month = f"{first:%Y-%m}", f"{first - dt.timedelta(days=1):%Y-%m}"
    assert body["months"][-2:] == [last_month, this_month]
    appeals = dict(zip(body["months"], body["series"]["appeals"], strict=True))
    assert appeals[this_month] == 1
    assert appeals[last_month] == 0


@pytest.mark.parametrize("months", [0, 37, -1])
def test_trends_refuse_an_absurd_number_of_months(api, county_officer, months):
    assert api(county_officer).get("/api/v1/dashboard/trends", months=months).status_code == 422


def test_drill_down_in_one_pass_equals_asking_each_child(api, province_admin):
    from redrider.activities.models import Activity, Signup
    from redrider.core.tests.test_scoping import all_cases

    # given a row of every region-owned model in two Chengdu counties and one in Mianyang
    for case in all_cases():
        for code in ("510104", "510107", "510703"):
            case.make(code)
    from redrider.stations.models import Station

    Signup.objects.update(status="attended", hours=2)
    Activity.objects.filter(region_code__in=["510107", "510703"]).update(theme="governance")
    Station.objects.filter(region_code="510107").update(status="temporarily_closed", star_rating=4)
    Station.objects.filter(region_code="510104").update(star_rating=3)
    me = api(province_admin)
    # when the province's children and the prefecture's children are drilled into
    for parent in ("510000", "510100"):
        rows = me.get("/api/v1/dashboard/indicators/children", region=parent).json()["items"]
        # then each child's figures equal asking for that child alone
        for row in rows:
            alone = me.get("/api/v1/dashboard/indicators", region=row["region_code"]).json()
            assert row["indicators"] == alone["indicators"], row["region_code"]
    # and the figures are not trivially zero
    chengdu = next(r for r in rows if r["region_code"] == "510107")["indicators"]
    assert chengdu["riders"] and chengdu["stations"] and chengdu["guidance_stations"]
    assert chengdu["governance_riders"] and chengdu["redemption_orders"]


def test_the_whole_country_is_answered_as_the_country_and_drills_down_to_the_provinces(client):
    from redrider.accounts.models import User
    from redrider.regions import tree

    # given a national account and guidance stations in Sichuan and in Beijing
    guidance_station("510104")
    guidance_station("110101")
    boss = User.objects.create_superuser("root", password="pw-test-1234")
    client.force_login(boss)
    # when it asks for the country and its children
    whole = client.get("/api/v1/dashboard/indicators", {"region": "000000"}).json()
    parts = client.get("/api/v1/dashboard/indicators/children", {"region": "000000"}).json()
    # then the country counts both, and each province only its own
    assert (whole["region_code"], whole["name"]) == ("000000", "全国")
    assert whole["indicators"]["guidance_stations"] == 2
    by_code = {row["region_code"]: row for row in parts["items"]}
    assert set(by_code) == set(tree.children("000000"))
    assert by_code["510000"]["indicators"]["guidance_stations"] == 1
    assert by_code["110000"]["indicators"]["guidance_stations"] == 1
    assert by_code["440000"]["indicators"]["guidance_stations"] == 0


def test_a_province_admin_asking_for_the_country_gets_404(api, province_admin):
    response = api(province_admin).get("/api/v1/dashboard/indicators", region="000000")
    assert response.status_code == 404


# --- definitions and bad input ---------------------------------------------------------------

DESIGN_KEYS = (
    "committees rider_committees leading_groups guidance_stations instructors "
    "company_party_organisations riders riders_party_members companies_linked liaison_visits "
    "problems_solved stations activities trainings governance_riders appeals appeals_solved "
    "exemplars demo_sites_new demo_sites_rereviewed demo_sites_new_rider_orgs measures "
    "measure_tasks_overdue institutions meetings"
).split()


def test_definitions_say_what_each_key_counts_and_as_of_when(api, county_officer):
    body = api(county_officer).get("/api/v1/dashboard/definitions").json()
    by_key = {d["key"]: d for d in body["items"]}
    assert body["count"] == len(body["items"]) and set(DESIGN_KEYS) <= set(by_key)
    for item in body["items"]:
        assert item["label"] and len(item["definition"]) >= 8, item["key"]
        assert item["period"] in ("flow", "stock") and item["kind"]
    assert by_key["riders"]["period"] == "stock" and by_key["activities"]["period"] == "flow"
    assert by_key["governance_riders"]["additive"] is False
    assert by_key["stations"]["rolled"] is True


def test_the_values_of_the_indicators_are_those_of_the_definitions(api, county_officer):
    keys = {
        d["key"] for d in api(county_officer).get("/api/v1/dashboard/definitions").json()["items"]
    }
    values = api(county_officer).get("/api/v1/dashboard/indicators").json()["indicators"]
    assert set(values) == keys


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"region": "519999"}, 404, "not_found"),  # well formed, no such region
        ({"region": "510107"}, 404, "not_found"),  # a region outside the officer's county
        ({"region": "000000"}, 404, "not_found"),  # the country
        ({"region": "51"}, 422, "invalid_region"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, 422, "invalid_period"),
        ({"from": "1900-01-01"}, 422, "invalid_period"),
        ({"to": "2999-12-31"}, 422, "year_out_of_range"),  # no calendar past 2099
        ({"from": "2026-13-01"}, 422, "invalid_input"),
        ({"keys": "riders,no_such_key"}, 422, "unknown_indicator"),
        ({"keys": "stations_stars_total"}, 422, "unknown_indicator"),  # a hidden component
    ],
)
def test_bad_input_answers_a_clear_4xx(api, county_officer, params, status, code):
    for path in ("/api/v1/dashboard/indicators", "/api/v1/dashboard/indicators/children"):
        response = api(county_officer).get(path, **params)
        assert response.status_code == status, (path, response.content)
        body = response.json()
        assert body["code"] == code and " / " in body["detail"]


def test_the_map_and_trends_refuse_an_unknown_indicator(api, county_officer):
    me = api(county_officer)
    assert me.get("/api/v1/dashboard/map", key="nope").status_code == 422
    assert me.get("/api/v1/dashboard/map").status_code == 422  # the key is required
    assert me.get("/api/v1/dashboard/trends", keys="nope").status_code == 422


def test_a_period_narrows_flow_figures_and_dates_stock_figures(api, county_officer):
    from redrider.stations.models import Station
    from redrider.stations.tests.scoping_cases import station

    # given a station registered in March 2026 and one in May 2026
    early, late = station("510104"), station("510104")
    Station.objects.filter(pk=early.pk).update(created_at="2026-03-10T04:00:00Z")
    Station.objects.filter(pk=late.pk).update(created_at="2026-05-10T04:00:00Z")
    me = api(county_officer)

    def stations(**period):
        return me.get("/api/v1/dashboard/indicators", keys="stations", **period).json()[
            "indicators"
        ]

    # then a stock figure counts what exists at the period's end, whatever its start
    assert stations(to="2026-04-30") == {"stations": 1}
    assert stations(**{"from": "2026-04-01", "to": "2026-05-31"}) == {"stations": 2}
    assert stations() == {"stations": 2}
