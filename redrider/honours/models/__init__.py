"""Honours (百位典型): campaigns and exemplars, riders' roles, demonstration sites, publicity."""

from .campaigns import (
    Assignment,
    Campaign,
    Exemplar,
    Juror,
    Nomination,
    NominationPhoto,
    NominationRecord,
    Objection,
    Quota,
    Score,
)
from .publicity import Asset, Brand, Placement, Story
from .roles import Pledge, RoleTaking
from .sites import DemoSite, SiteAssessment, SiteEvidencePhoto, SiteStatusChange

__all__ = [
    "Asset",
    "Assignment",
    "Brand",
    "Campaign",
    "DemoSite",
    "Exemplar",
    "Juror",
    "Nomination",
    "NominationPhoto",
    "NominationRecord",
    "Objection",
    "Placement",
    "Pledge",
    "Quota",
    "RoleTaking",
    "Score",
    "SiteAssessment",
    "SiteEvidencePhoto",
    "SiteStatusChange",
    "Story",
]
