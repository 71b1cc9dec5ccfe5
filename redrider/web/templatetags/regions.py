"""`{{ code|region_name }}`: the name staff know a region by, instead of its six digits."""

from __future__ import annotations

from django import template

from redrider.regions import tree

register = template.Library()


@register.filter
def region_name(code: str | None) -> str:
    """锦江区 for 510104, from the per-process tree (`regions.tree`); the code itself when unknown."""
    return tree.name_of(code)


@register.filter
def region_path(code: str | None) -> str:
    """`{{ code|region_path }}`: a county with its prefecture (成都市锦江区), as people say it;
    the same county name exists in several prefectures (市中区)."""
    if not code or not tree.is_known(code):
        return code or ""
    parent = tree.parent_code(code)
    if parent and tree.level_of(parent) == "prefecture":
        return f"{tree.name_of(parent)}{tree.name_of(code)}"
    return tree.name_of(code)
