"""The honours section of a rider's profile page: titles and the four roles."""

from __future__ import annotations

from .. import selectors
from ..choices import RiderRole


def profile_section(*, request, rider) -> dict:
    mine = selectors.rider_honours(rider=rider)
    labels = dict(RiderRole.choices)
    return {
        "template": "honours/_rider_profile_section.html",
        "titles": mine.titles,
        "roles": [(r, labels[r]) for r in RiderRole.values if r in mine.roles],
        "pledged": mine.pledge is not None,
    }
