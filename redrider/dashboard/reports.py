"""Reports of the cockpit: the monthly work report (.docx), the indicator ledgers (.xlsx), and
those filed each month for every province and prefecture (`FiledReport`)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import FiledReport
from .selectors import visible_region


def filed_list(*, user, region_code: str | None) -> QuerySet[FiledReport]:
    """The reports filed for a visible region and the regions below it, newest month first."""
    region = visible_region(user=user, region_code=region_code)
    return FiledReport.objects.visible_to(user).in_region(region.code).defer("content")
