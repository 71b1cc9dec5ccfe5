"""Rebuild redrider/web/static/web/fonts/tibetan-label.woff2: the Tibetan face cut down to the
glyphs of the language picker's label "བོད་ཡིག" (about 2 KB).

Chinese and English pages show that one Tibetan word in the language picker; with the whole face
(160 KB) they would download it for one word. Tibetan pages load the whole face (web/tibetan.css).
Source: @fontsource/noto-serif-tibetan from package.json (run `make assets` first).

    .venv/bin/python tools/build_tibetan_label_font.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    ROOT
    / "node_modules/@fontsource/noto-serif-tibetan/files/noto-serif-tibetan-tibetan-400-normal.woff2"
)
OUT = ROOT / "redrider/web/static/web/fonts/tibetan-label.woff2"
LABEL = "བོད་ཡིག"


def main() -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # Tibetan stacks vowels by GSUB/GPOS: keep every feature
    options.name_IDs = ["*"]  # the licence (OFL) travels with the font
    font = TTFont(SOURCE)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=LABEL)
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes for {LABEL!r}")


if __name__ == "__main__":
    main()
