"""`{{ code|region_name }}`: the name staff know a region by, instead of its six digits."""

from __future__ import annotations

from django import template

from redrider.regions import tree

register = template.Library()


@register.filter
def region_name(code: str | None) -> str:
    """锦江区 for 510104, from the per-process tree (`regions.tree`); the code itself when unknown."""
    return tree.name_of(code)
