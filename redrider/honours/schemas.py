"""Typed input and output of every honours API operation (OpenAPI describes each answer)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict

from redrider.core.schemas import Day, ErrorOut, Moment, Year  # noqa: F401 - ErrorOut: api/
from redrider.regions import tree
from redrider.regions.types import RegionCode

from .phases import campaign_phase


def _iso(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


# --- Honour wall ------------------------------------------------------------------------------


class ExemplarOut(Schema):
    """A published title (public): never an ID number or phone."""

    id: int
    display_name: str
    region_code: str
    region_name: str
    campaign_id: int
    year: int
    title: str
    distinction: str
    story: str
    photo_url: str | None

    @staticmethod
    def resolve_region_name(obj) -> str:
        return tree.name_of(obj.region_code)

    @staticmethod
    def resolve_photo_url(obj) -> str | None:
        return reverse("honours:exemplar_photo", args=[obj.pk]) if obj.photo else None


class ExemplarListOut(Schema):
    items: list[ExemplarOut]
    count: int


# --- Campaigns --------------------------------------------------------------------------------


class QuotaOut(Schema):
    region_code: str
    region_name: str
    seats: int

    @staticmethod
    def resolve_region_name(obj) -> str:
        return tree.name_of(obj.region_code)


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    title: str
    region_code: str
    status: str
    phase: str
    nomination_opens_on: dt.date
    nomination_closes_on: dt.date
    scoring_opens_on: dt.date
    scoring_closes_on: dt.date
    notice_working_days: int
    notice_starts_at: dt.datetime | None
    notice_ends_at: dt.datetime | None
    published_at: dt.datetime | None
    objection_contact: str
    quotas: list[QuotaOut]

    @staticmethod
    def resolve_phase(obj) -> str:
        return str(campaign_phase(obj, timezone.now()))

    @staticmethod
    def resolve_quotas(obj) -> list:
        return list(obj.quotas.all())

    @staticmethod
    def resolve_notice_starts_at(obj):
        return _iso(obj.notice_starts_at)

    @staticmethod
    def resolve_notice_ends_at(obj):
        return _iso(obj.notice_ends_at)

    @staticmethod
    def resolve_published_at(obj):
        return _iso(obj.published_at)


class CampaignListOut(Schema):
    items: list[CampaignOut]
    count: int


class CampaignIn(Schema):
    name: str
    year: Year
    region_code: RegionCode
    nomination_opens_on: Day
    nomination_closes_on: Day
    scoring_opens_on: Day
    scoring_closes_on: Day
    quotas: dict[str, int]
    notice_working_days: int = 5
    title: str = "红骑手"
    description: str = ""
    objection_contact: str = ""


class PublishOut(Schema):
    campaign: CampaignOut
    honoured: int
    held: int


# --- Nominations ------------------------------------------------------------------------------


class NominationOut(Schema):
    id: int
    campaign_id: int
    display_name: str
    region_code: str
    quota_region: str
    nominator_kind: str
    nominator_label: str
    headline: str
    status: str
    total: float | None
    rank: int | None
    tie_note: str
    submitted_at: dt.datetime

    @staticmethod
    def resolve_total(obj) -> float | None:
        # Detail answers are assembled as dicts (evidence depends on the viewer).
        value = obj["total"] if isinstance(obj, dict) else obj.total
        return float(value) if value is not None else None


class NominationListOut(Schema):
    items: list[NominationOut]
    count: int


class PhotoOut(Schema):
    id: int
    url: str
    width: int
    height: int
    caption: str = ""


class RecordOut(Schema):
    kind: str
    label: str
    occurred_at: dt.datetime | None


class ScoreOut(Schema):
    nomination_id: int
    juror: str
    loves_party_country: int
    dedicated: int
    takes_responsibility: int
    serves_society: int
    total: int
    comment: str
    updated_at: dt.datetime


class ObjectionOut(Schema):
    id: int
    nomination_id: int
    source: str
    summary: str
    status: str
    received_at: dt.datetime
    finding: str
    decided_at: dt.datetime | None


class NominationDetailOut(NominationOut):
    story: str
    photos: list[PhotoOut]
    records: list[RecordOut]
    scores: list[ScoreOut]
    objections: list[ObjectionOut]


class NominationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    campaign: int
    rider_id: int
    nominator_kind: str
    nominator_label: str = ""
    company_id: int | None = None
    headline: str = ""
    story: str


class RiderNominationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    campaign: int
    peer_phone: str | None = None
    headline: str = ""
    story: str


class NominationReceiptOut(Schema):
    id: int
    campaign_id: int
    status: str


class CriteriaIn(Schema):
    """The four criteria (keys of DESIGN §5.1), each 0–25 (checked by the service: 422)."""

    model_config = ConfigDict(extra="forbid")

    loves_party_country: int
    dedicated: int
    takes_responsibility: int
    serves_society: int


class ScoreIn(Schema):
    scores: CriteriaIn
    comment: str = ""


class ObjectionIn(Schema):
    source: str
    summary: str


class ObjectionDecisionIn(Schema):
    action: str
    finding: str = ""


# --- Jury -------------------------------------------------------------------------------------


class JurorIn(Schema):
    campaign: int
    user_id: int
    region_code: RegionCode


class JurorOut(Schema):
    id: int
    campaign_id: int
    user_id: int
    username: str
    region_code: str
    declared_at: dt.datetime | None
    assigned: int
    recused: int

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username

    @staticmethod
    def resolve_assigned(obj) -> int:
        return sum(1 for a in obj.assignments.all() if not a.recused)

    @staticmethod
    def resolve_recused(obj) -> int:
        return sum(1 for a in obj.assignments.all() if a.recused)


class AssignIn(Schema):
    nomination_ids: list[int]


class AssignOut(Schema):
    added: int
    juror: JurorOut


class ConflictIn(Schema):
    nomination_id: int
    reason: str


class DeclarationIn(Schema):
    conflicts: list[ConflictIn] = []
    statement: str = ""


# --- Riders' roles ----------------------------------------------------------------------------


class BrandOut(Schema):
    id: int
    name: str
    slug: str
    region_code: str
    region_name: str
    parent_id: int | None
    motto: str
    description: str
    colour: str
    logo_url: str | None

    @staticmethod
    def resolve_region_name(obj) -> str:
        return tree.name_of(obj.region_code)

    @staticmethod
    def resolve_logo_url(obj) -> str | None:
        return reverse("honours:brand_logo", args=[obj.pk]) if obj.logo else None


class BrandListOut(Schema):
    items: list[BrandOut]
    count: int


class PledgeIn(Schema):
    signed_name: str
    language: str
    roles: list[str] = []


class RoleIn(Schema):
    role: str


class MyHonoursOut(Schema):
    pledged: bool
    signed_at: dt.datetime | None
    roles: list[str]
    titles: list[ExemplarOut]
    brand: BrandOut | None


class RoleCountsOut(Schema):
    region_code: str
    pledges: int
    roles: dict[str, int]


# --- Demonstration sites ----------------------------------------------------------------------


class SiteOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    named_year: int | None
    status: str
    last_review_year: int | None
    last_review_result: str
    next_review_due: dt.date | None


class SiteListOut(Schema):
    items: list[SiteOut]
    count: int


class SiteChangeOut(Schema):
    from_status: str
    to_status: str
    at: dt.datetime
    actor: str
    note: str
    assessment_id: int | None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor.label if obj.actor else ""


class AssessmentOut(Schema):
    id: int
    site_id: int
    kind: str
    year: int
    scores: dict[str, int]
    total: int
    result: str
    evidence: str
    note: str
    assessed_at: dt.datetime
    photos: list[PhotoOut]

    @staticmethod
    def resolve_photos(obj) -> list[dict]:
        return [
            {
                "id": p.pk,
                "url": reverse("honours:site_photo", args=[p.pk]),
                "width": p.width,
                "height": p.height,
            }
            for p in obj.photos.all()
        ]


class SiteDetailOut(SiteOut):
    history: list[SiteChangeOut]
    assessments: list[AssessmentOut]

    @staticmethod
    def resolve_history(obj) -> list:
        return list(obj.history.all())

    @staticmethod
    def resolve_assessments(obj) -> list:
        return list(obj.assessments.all())


class SiteIn(Schema):
    kind: str
    link_id: int
    name: str = ""


class AssessmentIn(Schema):
    kind: str
    year: Year
    scores: dict[str, int]
    evidence: str = ""
    result: str | None = None
    note: str = ""


# --- Publicity --------------------------------------------------------------------------------


class StoryOut(Schema):
    id: int
    region_code: str
    brand_id: int | None
    exemplar_id: int | None
    title: str
    body: str
    title_bo: str
    body_bo: str
    title_en: str
    body_en: str
    status: str
    published_at: dt.datetime | None
    photo_url: str | None

    @staticmethod
    def resolve_photo_url(obj) -> str | None:
        return reverse("honours:story_photo", args=[obj.pk]) if obj.photo else None


class StoryListOut(Schema):
    items: list[StoryOut]
    count: int


class StoryIn(Schema):
    region_code: RegionCode
    title: str
    body: str
    title_bo: str = ""
    body_bo: str = ""
    title_en: str = ""
    body_en: str = ""
    brand_id: int | None = None
    exemplar_id: int | None = None
    publish: bool = False


class AssetOut(Schema):
    id: int
    kind: str
    title: str
    region_code: str
    brand_id: int | None
    story_id: int | None
    url: str
    content_type: str
    size: int
    description: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("honours:asset_file", args=[obj.pk]) if obj.file else obj.url


class AssetListOut(Schema):
    items: list[AssetOut]
    count: int


class AssetLinkIn(Schema):
    kind: str
    title: str
    region_code: RegionCode
    url: str
    brand_id: int | None = None
    description: str = ""


class PlacementIn(Schema):
    kind: str
    where: str
    region_code: RegionCode
    starts_on: Day
    ends_on: Day | None = None
    asset_id: int | None = None
    brand_id: int | None = None
    note: str = ""


class PlacementOut(Schema):
    id: int
    kind: str
    where: str
    region_code: str
    starts_on: dt.date
    ends_on: dt.date | None
    asset_id: int | None
    brand_id: int | None
    note: str


class PlacementListOut(Schema):
    items: list[PlacementOut]
    count: int


class LeafletIn(Schema):
    link: str = ""
