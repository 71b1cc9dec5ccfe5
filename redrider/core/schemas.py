"""The shapes every router shares: the error body, a page of a list, and the typed values
(years, days, moments, ISO strings, coordinates, choices) an API takes or gives.

Each type says in the OpenAPI schema what it accepts, so a request the schema calls valid is
one the API accepts: a year is 1900–2099, a day or a moment lies in those years (a date the
database or a time-zone conversion cannot hold answers 422, never 500).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, TypeVar

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, PlainSerializer, WithJsonSchema

from redrider.geo.crs import SUPPORTED_CRS

from .errors import InvalidInput

T = TypeVar("T")

MIN_YEAR = 1900
MAX_YEAR = 2099


class FieldErrorOut(Schema):
    field: str = Field(description="the input that was refused (dotted path), empty for the body")
    message: str


class ErrorOut(Schema):
    """Every refusal (DESIGN §5): `{"detail": "中文 / English", "code": "..."}`; a validation
    error lists its fields in `errors`, some refusals add their own facts (`field`, `allowed`,
    `rows`...)."""

    model_config = ConfigDict(extra="allow")

    detail: str = Field(description="what went wrong, Chinese first, English too")
    code: str = Field(description="a stable machine-readable reason")
    errors: list[FieldErrorOut] | None = None


class Paged(Schema, Generic[T]):
    """One page of a list: `items` and the `count` of the whole list (DESIGN §5)."""

    items: list[T]
    count: int = Field(ge=0)


class Listed(Schema, Generic[T]):
    """A whole (short) list: every item, and how many there are."""

    items: list[T]
    count: int = Field(ge=0)


def _in_years(value: Any) -> Any:
    year = value.year if isinstance(value, dt.date) else value
    if isinstance(year, int) and not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(
            "year_out_of_range",
            f"年份须在 {MIN_YEAR}–{MAX_YEAR} 之间",
            f"the year must be {MIN_YEAR}–{MAX_YEAR}",
        )
    return value


_YEARS = f"in the years {MIN_YEAR}–{MAX_YEAR}"

# A calendar year (a filter or a field): 1900–2099, else 422.
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR, description=f"a year, {MIN_YEAR}–{MAX_YEAR}")]
# A day (ISO 8601 date) within those years, else 422 `year_out_of_range`.
Day = Annotated[
    dt.date,
    AfterValidator(_in_years),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": f"a day {_YEARS}",
            "formatMinimum": f"{MIN_YEAR}-01-01",
            "formatMaximum": f"{MAX_YEAR}-12-31",
        }
    ),
]
# A moment (ISO 8601 date-time) within those years, else 422 `year_out_of_range`.
Moment = Annotated[
    dt.datetime,
    AfterValidator(_in_years),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": f"a moment {_YEARS}",
            "formatMinimum": f"{MIN_YEAR}-01-01T00:00:00Z",
            "formatMaximum": f"{MAX_YEAR}-12-31T23:59:59Z",
        }
    ),
]


def _django_iso(value: dt.datetime) -> str:
    # As Django's JSON encoder writes it (the API's answers before they were typed):
    # milliseconds, and "Z" for UTC.
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


# A moment in an answer (ISO 8601, milliseconds, "Z" for UTC).
Timestamp = Annotated[
    dt.datetime,
    PlainSerializer(_django_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]

# Output values already written as ISO 8601 strings by the shaping functions.
IsoDateTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]


def described(description: str | None = None, **json_schema: Any) -> Any:
    """Field metadata that tells the schema what a service accepts (`enum`, `minLength`,
    `pattern`...) while the service keeps refusing the rest with its own error code."""
    return Field(description=description, json_schema_extra=json_schema or None)


def one_of(values: Any, description: str | None = None) -> Any:
    """`described` for a choice: the values accepted (a TextChoices class or any iterable)."""
    if isinstance(values, type):  # TextChoices
        values = values.values  # type: ignore[attr-defined]
    return described(description, enum=list(values))


# Free text a service requires to hold something besides spaces.
NOT_BLANK = r"\S"


# Coordinates as a body gives them (a number, or a numeric string): the schema says the range,
# the service refuses the rest with 422 `invalid_point`.
LatIn = Annotated[float | str, WithJsonSchema({"type": "number", "minimum": -90, "maximum": 90})]
LngIn = Annotated[float | str, WithJsonSchema({"type": "number", "minimum": -180, "maximum": 180})]
# A coordinate as a number: the schema says the range, the service (or `parse_point`) refuses
# the rest with 422 `invalid_point`, as it always has.
Latitude = Annotated[float, described(minimum=-90, maximum=90)]
Longitude = Annotated[float, described(minimum=-180, maximum=180)]
# A coordinate system named in a body (the service refuses another with 422 `unknown_crs`).
CrsName = Annotated[str, one_of(sorted(SUPPORTED_CRS), "wgs84, gcj02 or bd09")]


def matching(values: Any, description: str = "") -> Any:
    """`described` for a list filter that takes any value: the schema names the values that
    match something (another value is not refused, it matches nothing)."""
    if isinstance(values, type):  # TextChoices
        values = values.values  # type: ignore[attr-defined]
    listed = ", ".join(v for v in values if v)
    return described(f"{description + '; ' if description else ''}one of: {listed}")
