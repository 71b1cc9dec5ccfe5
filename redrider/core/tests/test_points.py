"""Every endpoint that takes a point refuses bad ones the same way (core.api.parse_point)."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ({"lat": "30.6", "lng": "104.0", "crs": "mars"}, "unknown_crs"),
    ({"lat": "nan", "lng": "104.0", "crs": "wgs84"}, "invalid_point"),
    ({"lat": "95", "lng": "104.0", "crs": "wgs84"}, "invalid_point"),
    ({"lat": "abc", "lng": "104.0", "crs": "wgs84"}, "invalid_point"),
]


@pytest.mark.parametrize("query,code", BAD)
def test_locate_nearby_and_appeals_refuse_a_bad_point_alike(api, rider, query, code):
    me = api(rider)
    answers = [
        me.get("/api/v1/regions/locate", **query),
        me.get("/api/v1/stations/nearby", **query),
        me.post(
            "/api/v1/appeals",
            {"category": "parking", "description": "停车难", **query},
            idempotency_key=f"bad-{code}-{query['lat']}",
        ),
    ]
    for answer in answers:
        assert answer.status_code == 422, answer.content
    assert [a.json()["code"] for a in answers[:2]] == [code, code]
    # The appeal's body is typed JSON: text where a number belongs fails schema validation first.
    assert answers[2].json()["code"] == ("invalid_input" if query["lat"] == "abc" else code)
