from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    lat: float
    lng: float


class LocateOut(Schema):
    region_code: str | None
    name: str | None
