"""Region scoping: which rows a user may see, by GB/T 2260 code prefix.

Staff of a region see everything region-owned under it. A station host is not staff of a region
(DESIGN §4 rule 8): they have no region scope at all, and see only the rows that happen at a
station they host, through the path each model declares in `host_lookup`. Everything else —
cases, people, ledgers, plans — does not exist for them, whichever selector asks.
"""

from __future__ import annotations

from django.db import models

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


def is_code(value: object) -> bool:
    """A six-digit GB/T 2260 code in shape (whether the tree has it is `regions.tree.is_known`)."""
    return isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit()


def code_within(code: str, scope_code: str) -> bool:
    """True when region `code` lies in (or is) the region `scope_code`.

    Both must be six-digit codes: a longer or broken string ("5101040000", "510104\\") lies
    within nothing, however it starts.
    """
    if not (is_code(code) and is_code(scope_code)):
        return False
    return code.startswith(scope_prefix(scope_code))


def user_scope_code(user) -> str | None:
    """The region a user may see, or None when the user sees no region as a whole (riders,
    auditors, station hosts: see `is_station_host`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return NATIONAL_CODE
    # The user model says whether its role acts for a region (accounts.User.acts_for_region).
    if getattr(user, "acts_for_region", False) and user.scope_code:
        return user.scope_code
    return None


def is_station_host(user) -> bool:
    """A signed-in, active station host (not a superuser): sees through their stations only."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_superuser
        # The user model says whether its role keeps stations (accounts.User.keeps_stations).
        and getattr(user, "keeps_stations", False)
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
        """Narrow to one region and everything under it (the console's region switcher).

        A string that is not a six-digit code narrows to nothing (never to a wider prefix).
        """
        if not is_code(code):
            return self.none()
        prefix = scope_prefix(code)
        return self.filter(**{f"{self.region_field}__startswith": prefix}) if prefix else self
