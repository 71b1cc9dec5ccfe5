"""What a member of staff may point at by id when they write: a brand or an asset of their own
line of regions — their region, the regions above it (红骑手 of the province, 蓉城红骑手 of the
prefecture) and the regions below it.

Anything else — another city's sub-brand, another county's video — answers exactly like an id
that does not exist (404 with the same body), whether or not it is public elsewhere: the write
must not tell a Jinjiang officer what Wenjiang has.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from redrider.core.scoping import NATIONAL_CODE, scope_prefix, user_scope_code
from redrider.regions import tree

from .models import Asset, Brand


def _line(qs: QuerySet, user) -> QuerySet:
    code = user_scope_code(user)
    if code is None:
        return qs.none()
    if code == NATIONAL_CODE:
        return qs
    return qs.filter(
        Q(region_code__startswith=scope_prefix(code)) | Q(region_code__in=tree.ancestors(code))
    )


def brands_in_reach(user) -> QuerySet[Brand]:
    return _line(Brand.objects.all(), user)


def assets_in_reach(user) -> QuerySet[Asset]:
    return _line(Asset.objects.all(), user)
