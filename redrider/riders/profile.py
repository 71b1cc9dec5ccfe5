"""Sections other apps add to a rider's profile page.

An extension point, so that apps higher in the layers (honours: titles and roles) can show
something on the profile without this app importing them: they register a function in their
AppConfig.ready(); the profile view asks every registered function for its section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = dict[str, Any]  # {"template": "...html", ...context for that template}
_SECTIONS: list[Callable[..., Section | None]] = []


def register_profile_section(function: Callable[..., Section | None]):
    """Register `function(*, request, rider) -> section or None` (once per function)."""
    if function not in _SECTIONS:
        _SECTIONS.append(function)
    return function


def profile_sections(*, request, rider) -> list[Section]:
    return [s for f in _SECTIONS if (s := f(request=request, rider=rider)) is not None]
