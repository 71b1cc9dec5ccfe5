"""What every work-plan model shares: stored file names and the inherited region scope."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q

from redrider.core.scoping import RegionScopedQuerySet
from redrider.regions import tree


def upload_to(instance, filename: str) -> str:
    """A random stored name (the uploader's name is kept in `file_name`): stored paths never
    carry what a person typed, and two uploads of 方案.pdf never collide."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"workplan/{type(instance).__name__.lower()}/{uuid.uuid4().hex}{suffix}"


class InheritedScopeQuerySet(RegionScopedQuerySet):
    """Rows a region issues for everything beneath it (a plan, its measures, an institution).

    `visible_to(user)` keeps the user's own subtree *and* the rows of the regions above their
    scope (the province's plan applies in Jinjiang), never a sibling's: Wuhou's rows stay
    invisible to a Jinjiang officer.
    """

    def visible_to(self, user):
        code = tree.user_region(user)
        if code is None:
            return self.none()
        prefix = tree.prefix(code)
        if not prefix:
            return self
        return self.filter(
            Q(region_code__startswith=prefix) | Q(region_code__in=tree.ancestors(code))
        )

    def applying_to(self, code: str):
        """Rows issued by `code` itself or by a region above it (what is in force there)."""
        return self.filter(region_code__in=[code, *tree.ancestors(code)])

    def concerning(self, code: str):
        """Rows in force in `code` (its own and those above) and those of the regions below it."""
        prefix = tree.prefix(code)
        inside = Q(region_code__startswith=prefix) if prefix else Q()
        return self.filter(inside | Q(region_code__in=tree.ancestors(code)))


InheritedScopeManager = models.Manager.from_queryset(InheritedScopeQuerySet)
