"""Every indicator, as the API gives it for a region and a period, equals the plain count of its
definition over constructed rows — read through the rollups with changes pending, after they
are folded in, and after a rebuild — and child regions add up to the parent for additive keys."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_staff
from redrider.dashboard import registry, rollups

from . import world
from .expected import EXPECTED, Ask

pytestmark = pytest.mark.django_db

ASKS = [
    ("510100", dt.date(2025, 3, 17), dt.date(2026, 5, 9)),  # a prefecture, a period with edges
    ("510104", None, dt.date(2025, 12, 31)),  # a county, everything up to a day
    ("510000", dt.date(2026, 2, 1), None),  # the province from a month on
    ("510703", dt.date(2025, 6, 1), dt.date(2025, 6, 30)),  # another prefecture's county, a month
    ("000000", None, None),  # the country, all time
]


@pytest.fixture
def boss(db):
    from redrider.accounts.models import User

    return User.objects.create_superuser(
        "t-root", password="pw-test-1234", can_view_pii=True, can_view_political_status=True
    )


@pytest.fixture
def built(db):
    world.build()


def _api(api, user, code, a, b, path="/api/v1/dashboard/indicators"):
    params = {"region": code}
    if a:
        params["from"] = a.isoformat()
    if b:
        params["to"] = b.isoformat()
    response = api(user).get(path, **params)
    assert response.status_code == 200, response.content
    return response.json()


def _check_all(api, user):
    nonzero: set[str] = set()
    for code, a, b in ASKS:
        got = _api(api, user, code, a, b)["indicators"]
        ask = Ask(code, a, b)
        for key, count in EXPECTED.items():
            want = count(ask)
            assert got[key] == pytest.approx(want), (key, code, a, b)
            if want:
                nonzero.add(key)
    return nonzero


def test_every_indicator_has_a_plain_count_here():
    assert set(EXPECTED) == {i.key for i in registry.shown()}


def test_every_indicator_equals_its_plain_count_for_a_region_and_a_period(api, built, boss):
    # given rows of every model in four counties, over two years (world.build), and changes
    # still pending for the rollups
    from redrider.dashboard.models import PendingChange

    assert PendingChange.objects.exists()
    # when / then: the API equals the plain count, for each region and period
    nonzero = _check_all(api, boss)
    # and the data is not trivially empty: every figure is non-zero somewhere
    empty = sorted(set(EXPECTED) - nonzero)
    assert not empty, ", ".join(empty)
    # when the changes are folded into the rollups, and again after a rebuild
    rollups.refresh_all()
    assert not PendingChange.objects.exists()
    _check_all(api, boss)
    rollups.rebuild()
    _check_all(api, boss)


def test_children_add_up_to_their_parent_for_every_additive_key(api, built, boss):
    rollups.refresh_all()
    additive = [i.key for i in registry.shown() if i.additive]
    for code, a, b in [("510000", None, None), ("510100", dt.date(2025, 3, 17), None)]:
        parent = _api(api, boss, code, a, b)["indicators"]
        body = _api(api, boss, code, a, b, "/api/v1/dashboard/indicators/children")
        children = body["items"]
        for key in additive:
            total = sum(c["indicators"][key] for c in children) + body["own"]["indicators"][key]
            assert total == pytest.approx(parent[key]), (code, key)
        # (the region's own rows: e.g. the province's committees are in no prefecture)
        assert body["own"]["region_code"] == code


def test_the_map_gives_each_county_its_own_figure(api, built, boss):
    body = api(boss).get("/api/v1/dashboard/map", region="510100", key="stations").json()
    by_code = {row["region_code"]: row["value"] for row in body["items"]}
    assert body["level"] == "county" and len(by_code) == 20
    for code in ("510104", "510107"):
        assert by_code[code] == EXPECTED["stations"](Ask(code, None, None))


def test_trends_equal_the_count_of_each_month(api, built, boss):
    # given the end of the window in November 2026
    body = api(boss).get("/api/v1/dashboard/trends", region="510100", months=12).json()
    assert len(body["months"]) == 12
    for month, value in zip(body["months"], body["series"]["appeals"], strict=True):
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        last = rollups.next_month(first) - dt.timedelta(days=1)
        assert value == EXPECTED["appeals"](Ask("510100", first, last)), month
    # a stock figure is its level at each month's end
    for month, value in zip(body["months"], body["series"]["riders"], strict=True):
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        last = rollups.next_month(first) - dt.timedelta(days=1)
        assert value == EXPECTED["riders"](Ask("510100", None, last)), month


def test_party_members_are_hidden_from_those_who_may_not_see_political_status(api, built):
    officer = make_staff("t-nopolitics", "prefecture_officer", "510100")
    values = _api(api, officer, "510100", None, None)["indicators"]
    assert values["riders_party_members"] is None
    assert values["riders"] > 0
