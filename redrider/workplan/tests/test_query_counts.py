"""Lists and the board cost the same number of queries for 3 rows as for 30 (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import institution, measure, meeting, task

pytestmark = pytest.mark.django_db


def queries(api, user, path) -> int:
    me = api(user)
    with CaptureQueriesContext(connection) as captured:
        assert me.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/workplan/tasks",
        "/api/v1/workplan/board",
        "/api/v1/workplan/board/alerts",
        "/api/v1/workplan/measures",
        "/api/v1/workplan/meetings",
        "/api/v1/workplan/institutions",
    ],
)
def test_query_count_does_not_grow_with_the_rows(path, api, prefecture_officer):
    def grow(n):
        for i in range(n):
            m = measure(number=1)
            owner = prefecture_officer if i % 2 else None
            task("510104" if i % 2 else "510107", of=m, owner=owner, progress=10 * (i % 9))
            meeting("510104")
            institution("510104")

    grow(3)
    queries(api, prefecture_officer, path)  # warm: the token's first use and the region tree
    few = queries(api, prefecture_officer, path)
    grow(27)
    many = queries(api, prefecture_officer, path)
    assert many == few


def test_the_measures_in_force_in_every_child_cost_one_query(province_admin):
    # given measures issued by the province, by Chengdu and by two of its counties
    from redrider.regions import tree
    from redrider.workplan.indicators import _measures

    for region in ("510000", "510100", "510104", "510107"):
        measure(region)
    few, many = ["510104", "510107"], tree.children("510100")
    assert len(many) > 10

    # when the measures in force are asked for two children and for every child of Chengdu
    def counted(children):
        with CaptureQueriesContext(connection) as captured:
            found = _measures(user=province_admin, parent="510100", children=children, period=None)
        return found, len(captured.captured_queries)

    (small, n_few), (large, n_many) = counted(few), counted(many)
    # then each child has the province's, Chengdu's and its own, and the cost does not grow
    assert small == {"510104": 3, "510107": 3}
    assert large["510104"] == 3 and large["510105"] == 2
    assert n_many == n_few
