"""The shared API types: years and days a calendar holds, moments written as before."""

from __future__ import annotations

import datetime as dt

import pytest
from ninja import Schema
from pydantic import ValidationError

from redrider.core.errors import InvalidInput
from redrider.core.schemas import Day, Moment, Timestamp, Year


class Dated(Schema):
    year: Year | None = None
    day: Day | None = None
    moment: Moment | None = None


class Stamped(Schema):
    at: Timestamp


@pytest.mark.parametrize("year", [-624014, 0, 1899, 2100, 99999])
def test_a_year_outside_1900_2099_is_refused(year):
    with pytest.raises(ValidationError):
        Dated.model_validate({"year": year})


@pytest.mark.parametrize(
    "field,value",
    [("day", "0001-01-01"), ("day", "9999-12-31"), ("moment", "0001-01-01T00:00:00")],
)
def test_a_day_or_moment_outside_those_years_is_refused_with_its_own_code(field, value):
    with pytest.raises(InvalidInput) as refused:
        Dated.model_validate({field: value})
    assert refused.value.code == "year_out_of_range" and refused.value.status == 422


def test_days_and_moments_inside_those_years_pass():
    dated = Dated.model_validate(
        {"year": 2024, "day": "2024-02-29", "moment": "2099-12-31T23:59:59+08:00"}
    )
    assert dated.day == dt.date(2024, 2, 29)
    assert dated.moment is not None and dated.moment.year == 2099


def test_a_timestamp_is_written_as_django_wrote_it():
    at = dt.datetime(2025, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    assert Stamped(at=at).model_dump(mode="json") == {"at": "2025-03-01T08:30:15.123Z"}
