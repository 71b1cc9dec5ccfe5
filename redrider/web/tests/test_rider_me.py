import pytest

pytestmark = pytest.mark.django_db


def test_rider_me_page_links_to_every_part_of_the_riders_own_data(client, rider):
    # given
    client.force_login(rider)
    # when
    html = client.get("/rider/me/").content.decode()
    # then
    for href in ("/riders/h5/me/", "/appeals/rider/", "/activities/", "/points/history/"):
        assert f'href="{href}"' in html
    assert "测试骑手" in html


def test_rider_me_page_needs_sign_in(client):
    response = client.get("/rider/me/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_console_home_shows_the_headline_figures_of_the_officers_county_only(
    client, county_officer
):
    from redrider.orgs.tests.scoping_cases import guidance_station

    # given two guidance stations in Jinjiang and one in Wuhou
    guidance_station("510104")
    guidance_station("510104")
    guidance_station("510107")
    client.force_login(county_officer)
    # when
    html = client.get("/console/").content.decode()
    # then
    assert 'data-testid="count-guidance_stations">2<' in html
    assert "锦江区" in html


def test_console_lists_name_regions_instead_of_showing_bare_codes(client, county_officer):
    from redrider.orgs.tests.scoping_cases import guidance_station

    guidance_station("510104")
    client.force_login(county_officer)
    html = client.get("/orgs/guidance-stations/").content.decode()
    assert '<td title="510104">锦江区</td>' in html
