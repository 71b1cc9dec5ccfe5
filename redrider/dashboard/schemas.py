"""The dashboard API's typed inputs and outputs."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

Number = int | float | None


class DefinitionOut(Schema):
    key: str
    label: str
    definition: str = Field(description="what is counted, and as of when")
    unit: str
    group: str = Field(description="the app the figure belongs to")
    group_title: str
    kind: str = Field(description="tally, distinct, ratio or computed")
    period: str = Field(
        description="flow: the rows dated in the period; stock: what exists at its end"
    )
    additive: bool = Field(description="child regions add up to their parent")
    rolled: bool = Field(description="kept in the per-county, per-day rollups")


class DefinitionsOut(Schema):
    items: list[DefinitionOut]
    count: int


class IndicatorsOut(Schema):
    region_code: str
    name: str
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    indicators: dict[str, Number]


class RegionFiguresOut(Schema):
    region_code: str
    name: str
    indicators: dict[str, Number]


class ChildrenOut(Schema):
    region_code: str
    name: str
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    items: list[RegionFiguresOut]
    count: int
    own: RegionFiguresOut | None = Field(
        None,
        description="the region's own rows (本级), in no child: items and own add up to the "
        "region for every additive key (none for a county)",
    )


class MapItemOut(Schema):
    region_code: str
    name: str
    value: Number


class MapOut(Schema):
    region_code: str
    name: str
    key: str
    level: str = Field(description="county (the whole country: province)")
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    items: list[MapItemOut]
    count: int


class TrendsOut(Schema):
    region_code: str
    name: str
    months: list[str]
    series: dict[str, list[Number]]


class FiledReportOut(Schema):
    id: int
    region_code: str
    name: str
    month: str
    kind: str
    filename: str
    size: int
    created_at: dt.datetime
    url: str


class FiledReportListOut(Schema):
    items: list[FiledReportOut]
    count: int
