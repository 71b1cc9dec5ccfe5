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
