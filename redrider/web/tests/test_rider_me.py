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
