from typing import Annotated

from ninja import Field, Schema

from redrider.core.api import PointQuery
from redrider.core.schemas import Listed

# A region code in a path: six digits (another string answers 422 `invalid_region_code`, a
# code the tree does not hold 404).
RegionCodePath = Annotated[
    str, Field(json_schema_extra={"pattern": "^[0-9]{6}$"}, description="GB/T 2260 code")
]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    lat: float
    lng: float


RegionListOut = Listed[RegionOut]


class LocateIn(PointQuery):
    pass


class LocateOut(Schema):
    region_code: str | None
    name: str | None
