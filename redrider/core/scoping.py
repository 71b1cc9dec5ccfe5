"""Region scoping: which rows a user may see, by GB/T 2260 code prefix."""

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


def code_within(code: str, scope_code: str) -> bool:
    """True when region `code` lies in (or is) the region `scope_code`."""
    return code.startswith(scope_prefix(scope_code))


def user_scope_code(user) -> str | None:
    """The region a user may see, or None when the user sees no region-owned rows."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return NATIONAL_CODE
    # The user model says whether its role acts for a region (accounts.User.acts_for_region).
    if getattr(user, "acts_for_region", False) and user.scope_code:
        return user.scope_code
    return None


class RegionScopedQuerySet(models.QuerySet):
    """QuerySet with `visible_to(user)`, the start of every selector."""

    region_field = "region_code"

    def visible_to(self, user):
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
