"""Tiles, coordinate shifts and the offline fallback are defined once (web/static/web/maps.js):
no page module builds its own tile layer, its own GCJ-02 strategy or loads Leaflet itself."""

import re
from pathlib import Path

import redrider

ROOT = Path(redrider.__file__).parent
MAPS = ROOT / "web" / "static" / "web" / "maps.js"
OWN_MAP_SETUP = {
    "a tile layer": re.compile(r"\bL\.tileLayer\s*\("),
    "a map of its own": re.compile(r"\bL\.map\s*\("),
    "a GCJ-02 conversion": re.compile(r"6378245|0\.006693421622|function\s+\w*gcj", re.I),
    "a tile server": re.compile(r"autonavi\.com|tianditu\.gov\.cn|tile\.openstreetmap\.org"),
    "the map library by path": re.compile(r"vendor/leaflet/leaflet\.js"),
}


def page_modules() -> list[Path]:
    return [
        p
        for p in ROOT.glob("*/static/**/*.js")
        if "vendor" not in p.parts and p.resolve() != MAPS.resolve()
    ]


def test_every_map_is_made_by_the_one_map_module():
    # given every page module of every app (the vendored libraries aside)
    modules = page_modules()
    assert len(modules) > 10
    # when each is read for map set-up of its own
    found = [
        (str(p.relative_to(ROOT)), what)
        for p in modules
        for what, pattern in OWN_MAP_SETUP.items()
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    # then none has any: they all call createMap from web/maps.js
    assert found == []


def test_the_map_module_holds_each_tile_source_and_one_gcj02_strategy():
    text = MAPS.read_text(encoding="utf-8")
    assert text.count("function crsFor(") == 1
    for host in ("autonavi.com", "tianditu.gov.cn", "tile.openstreetmap.org"):
        assert text.count(host) == 1
