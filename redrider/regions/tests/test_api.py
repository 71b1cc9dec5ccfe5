import pytest

pytestmark = pytest.mark.django_db


def test_province_children_are_the_21_prefectures(client):
    # when
    response = client.get("/api/v1/regions/510000/children")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 21
    assert {r["level"] for r in body["items"]} == {"prefecture"}
    assert "510100" in {r["code"] for r in body["items"]}


def test_chengdu_children_are_its_20_county_level_units(client):
    body = client.get("/api/v1/regions/510100/children").json()
    assert body["count"] == 20
    assert "510104" in {r["code"] for r in body["items"]}
    assert all(r["parent_code"] == "510100" for r in body["items"])


def test_region_detail_names_the_region_and_its_parent(client):
    body = client.get("/api/v1/regions/510104").json()
    assert body["name"] == "锦江区"
    assert body["parent_code"] == "510100"
    assert body["level"] == "county"


def test_sichuan_has_183_county_level_units():
    from redrider.regions.models import Region

    assert Region.objects.filter(code__startswith="51", level="county").count() == 183


@pytest.mark.parametrize("code", ["51", "abcdef", "5100000", "51010x"])
def test_malformed_region_code_answers_422(client, code):
    response = client.get(f"/api/v1/regions/{code}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_region_code"


def test_unknown_region_code_answers_404(client):
    response = client.get("/api/v1/regions/519999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
