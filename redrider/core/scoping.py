"""Region scoping: which rows a user may see, by GB/T 2260 code prefix.

Staff of a region see everything region-owned under it. A station host is not staff of a region
(DESIGN §4 rule 8): they have no region scope at all, and see only the rows that happen at a
station they host, through the path each model declares in `host_lookup`. Everything else —
cases, people, ledgers, plans — does not exist for them, whichever selector asks.
"""

from __future__ import annotations

from django.db import models

# Roles whose scope is a region: they see everything region-owned under it.
REGIONAL_ROLES = {
    "province_admin",
    "prefecture_officer",
    "county_officer",
    "instructor",
}

# The role that keeps a station (the account's `scope_code` only says which county it is in).
STATION_HOST_ROLE = "station_host"

NATIONAL_CODE = "000000"


def scope_prefix(code: str) -> str:
    """The code prefix shared by a region and everything under it.

    510000 (province) → "51", 510100 (prefecture) → "5101", 510104 (county) → "510104",
    000000 (the whole country) → "".
    """
    if code == NATIONAL_CODE:
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def code_within(code: str, scope_code: str) -> bool:
    """True when region `code` lies in (or is) the region `scope_code`."""
    return code.startswith(scope_prefix(scope_code))


def user_scope_code(user) -> str | None:
    """The region a user may see, or None when the user sees no region as a whole (riders,
    auditors, station hosts: see `is_station_host`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return NATIONAL_CODE
    if getattr(user, "role", None) in REGIONAL_ROLES and user.scope_code:
        return user.scope_code
    return None


def is_station_host(user) -> bool:
    """A signed-in, active station host (not a superuser): sees through their stations only."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_superuser
        and getattr(user, "role", None) == STATION_HOST_ROLE
    )


class RegionScopedQuerySet(models.QuerySet):
    """QuerySet with `visible_to(user)`, the start of every selector.

    A model says what a station host may see of it with a class attribute `host_lookup`: the
    lookup from the row to the users hosting the station it happens at (`"hosts"` on a station,
    `"item__station__hosts"` on a redemption order). Without one, hosts see none of its rows.
    """

    region_field = "region_code"

    def visible_to(self, user):
        if is_station_host(user):
            lookup = getattr(self.model, "host_lookup", None)
            return self.filter(**{lookup: user}) if lookup else self.none()
        code = user_scope_code(user)
        if code is None:
            return self.none()
        prefix = scope_prefix(code)
        if not prefix:
            return self
        return self.filter(**{f"{self.region_field}__startswith": prefix})

    def in_region(self, code: str):
        """Narrow to one region and everything under it (the console's region switcher)."""
        prefix = scope_prefix(code)
        return self.filter(**{f"{self.region_field}__startswith": prefix}) if prefix else self
