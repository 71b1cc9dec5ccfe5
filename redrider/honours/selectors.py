"""Honours reads. Staff reads start from `visible_to(user)`; a juror sees only what is assigned
to them; the honour wall, brands, published stories and assets are public."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from redrider.accounts.phone import normalise_phone
from redrider.accounts.policy import can
from redrider.appeals.models import Tipoff
from redrider.core.errors import DomainError, NotFound
from redrider.core.scoping import code_within, scope_prefix
from redrider.riders.choices import RiderStatus
from redrider.riders.identity import phone_index
from redrider.riders.models import Rider

from .choices import CampaignStatus, NominationStatus, RecordKind, StoryStatus
from .models import (
    Asset,
    Assignment,
    Brand,
    Campaign,
    DemoSite,
    Exemplar,
    Juror,
    Nomination,
    NominationPhoto,
    NominationRecord,
    Placement,
    Pledge,
    RoleTaking,
    SiteAssessment,
    Story,
)
from .services.campaigns import nomination_averages
from .services.common import known_region

# --- The public honour wall -------------------------------------------------------------------


def exemplar_list_public(
    *, region: str | None = None, campaign: int | None = None, year: int | None = None
) -> QuerySet[Exemplar]:
    """Published titles, anyone may read: narrowed to a region (422 when unknown), a campaign,
    a year."""
    qs = Exemplar.objects.select_related("campaign").order_by("-year", "region_code", "id")
    if region:
        qs = qs.in_region(known_region(region))
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if year:
        qs = qs.filter(year=year)
    return qs


def exemplar_get_public(*, id: int) -> Exemplar:
    found = Exemplar.objects.select_related("campaign").filter(pk=id).first()
    if found is None:
        raise NotFound("典型", "exemplar")
    return found


def campaigns_on_notice() -> QuerySet[Campaign]:
    """Campaigns whose ranked list is on public notice (公示) now: public."""
    return Campaign.objects.filter(status=CampaignStatus.NOTICE).order_by("-year", "id")


def notice_list_public(campaign: Campaign) -> QuerySet[Nomination]:
    """The names on notice (and those held by an objection after publishing): public fields."""
    return campaign.nominations.filter(status=NominationStatus.ON_NOTICE).order_by(
        "quota_region", "rank", "id"
    )


# --- Campaigns and nominations (staff and jurors) ---------------------------------------------


def campaign_list(*, user) -> QuerySet[Campaign]:
    return Campaign.objects.visible_to(user).prefetch_related("quotas")


def campaign_get(*, user, id: int) -> Campaign:
    found = campaign_list(user=user).filter(pk=id).first()
    if found is None:
        raise NotFound("评选活动", "campaign")
    return found


def quota_table(*, user, campaign: Campaign) -> list[dict]:
    """Per quota region the user can see: seats and how many nominations stand where."""
    counts = {
        (row["quota_region"], row["status"]): row["n"]
        for row in Nomination.objects.visible_to(user)
        .filter(campaign=campaign)
        .order_by()
        .values("quota_region", "status")
        .annotate(n=Count("id"))
    }
    out = []
    for quota in campaign.quotas.all():
        out.append(
            {
                "region_code": quota.region_code,
                "seats": quota.seats,
                "nominations": sum(n for (r, _s), n in counts.items() if r == quota.region_code),
                **{
                    str(status): counts.get((quota.region_code, status), 0)
                    for status in NominationStatus.values
                },
            }
        )
    return out


def _juror_nominations(user) -> QuerySet[Nomination]:
    assigned = Assignment.objects.filter(juror__user=user, recused=False).values("nomination_id")
    return Nomination.objects.filter(pk__in=assigned)


def nominations_for(user) -> QuerySet[Nomination]:
    """Staff: their region's nominations (when the policy lets them read nominations). A juror:
    only those assigned to them and not recused. Anyone else: none."""
    if can(user, "honours.view_nominations"):
        return Nomination.objects.visible_to(user)
    if can(user, "honours.jury_desk"):
        return _juror_nominations(user)
    return Nomination.objects.none()


def nomination_list(
    *, user, campaign: int | None = None, region: str | None = None, status: str = ""
) -> QuerySet[Nomination]:
    qs = nominations_for(user).select_related("campaign")
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if region:
        qs = qs.filter(region_code__startswith=scope_prefix(known_region(region)))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("campaign_id", "quota_region", "rank", "id")


def nomination_get(*, user, id: int) -> Nomination:
    """One nomination the user may see (404 for everything else, a juror's unassigned too)."""
    found = (
        nominations_for(user)
        .select_related("campaign", "company")
        .prefetch_related("objections", Prefetch("scores__juror__user"))
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound("提名", "nomination")
    return found


@dataclass
class Evidence:
    """What a viewer may see of a nomination's evidence. `tipoffs` are the founded tip-offs the
    viewer was allowed to see (the caller audits the look)."""

    photos: list[NominationPhoto]
    records: list[NominationRecord]
    tipoffs: list[Tipoff] = field(default_factory=list)


def nomination_evidence(*, user, nomination: Nomination) -> Evidence:
    """Photos and record links, with tip-off links only for someone who may see that tip-off's
    informant (a tip-off link says the nominee was the informant). Nothing else — no count, no
    gap — tells a viewer that a hidden link exists."""
    records = list(nomination.records.all())
    tip_ids = [r.object_id for r in records if r.kind == RecordKind.TIPOFF]
    allowed: dict[int, Tipoff] = {}
    if tip_ids:
        for tipoff in Tipoff.objects.filter(pk__in=tip_ids):
            if can(user, "honours.view_informant_evidence", tipoff):
                allowed[tipoff.pk] = tipoff
    shown = [r for r in records if r.kind != RecordKind.TIPOFF or r.object_id in allowed]
    return Evidence(list(nomination.photos.all()), shown, list(allowed.values()))


def live_ranking(*, user, campaign: Campaign, quota_region: str) -> list[dict]:
    """Before the notice: nominations of a quota region with their current average scores,
    highest first (the same order the notice will freeze). After: the frozen ranking."""
    nominations = list(
        Nomination.objects.visible_to(user).filter(campaign=campaign, quota_region=quota_region)
    )
    averages = nomination_averages([n.pk for n in nominations])
    rows = []
    for n in nominations:
        crit = averages.get(n.pk)
        total = sum(crit.values()) if crit else None
        rows.append({"nomination": n, "averages": crit, "live_total": total})
    if campaign.status == CampaignStatus.OPEN:
        rows.sort(
            key=lambda r: (r["live_total"] is None, -(r["live_total"] or 0), r["nomination"].pk)
        )
    else:
        rows.sort(key=lambda r: (r["nomination"].rank or 10**9, r["nomination"].pk))
    return rows


def juror_seats(*, user) -> QuerySet[Juror]:
    """A juror's own seats with their assignments."""
    return (
        Juror.objects.filter(user=user)
        .select_related("campaign")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("nomination").order_by("nomination_id"),
            )
        )
        .order_by("-campaign__year", "id")
    )


def juror_seat_get(*, user, id: int) -> Juror:
    found = juror_seats(user=user).filter(pk=id).first()
    if found is None:
        raise NotFound("评审席位", "juror seat")
    return found


def jurors_of(*, user, campaign: Campaign) -> QuerySet[Juror]:
    return (
        Juror.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("user")
        .annotate(
            assigned=Count("assignments", filter=Q(assignments__recused=False)),
            recused=Count("assignments", filter=Q(assignments__recused=True)),
            scored=Count("scores", distinct=True),
        )
    )


def rider_by_phone(*, user, phone: str) -> Rider:
    """An active rider the user may see, found by their phone (staff nominating on a company's
    or an organisation's behalf). Unknown, inactive or elsewhere: one 404 for all three."""
    number = normalise_phone(phone or "")
    found = (
        Rider.objects.visible_to(user)
        .filter(phone_index=phone_index(number), status=RiderStatus.ACTIVE)
        .first()
        if number
        else None
    )
    if found is None:
        raise DomainError(
            "nominee_outside_region",
            "被提名骑手不存在或不在您的辖区",
            "the nominee was not found in your region",
            status=404,
        )
    return found


# --- Riders: roles, titles, their brand --------------------------------------------------------


def brand_for_region(code: str) -> Brand | None:
    """The most specific brand whose region contains `code` (红骑手 when no city has one)."""
    best = None
    for brand in Brand.objects.all():
        deeper = best is None or len(scope_prefix(brand.region_code)) > len(
            scope_prefix(best.region_code)
        )
        if code_within(code, brand.region_code) and deeper:
            best = brand
    return best


@dataclass
class RiderHonours:
    rider: Rider
    pledge: Pledge | None
    roles: list[str]
    titles: list[Exemplar]
    brand: Brand | None


def rider_honours(*, rider: Rider) -> RiderHonours:
    """What the rider's own pages show: initiative, roles, titles, their sub-brand."""
    return RiderHonours(
        rider=rider,
        pledge=Pledge.objects.filter(rider=rider).first(),
        roles=list(RoleTaking.objects.filter(rider=rider).values_list("role", flat=True)),
        titles=list(Exemplar.objects.filter(rider=rider).order_by("-year")),
        brand=brand_for_region(rider.region_code),
    )


def exemplars_near(*, code: str, limit: int = 6) -> list[Exemplar]:
    """Recent exemplars of the prefecture containing county `code` (public)."""
    prefecture = code[:4] + "00"
    return list(Exemplar.objects.in_region(prefecture).order_by("-year", "-id")[:limit])


# --- Publicity (public reads) ------------------------------------------------------------------


def brand_list_public() -> QuerySet[Brand]:
    return Brand.objects.select_related("parent").order_by("region_code", "id")


def brand_get_public(*, id: int | None = None, slug: str | None = None) -> Brand:
    qs = brand_list_public()
    found = qs.filter(pk=id).first() if id is not None else qs.filter(slug=slug).first()
    if found is None:
        raise NotFound("品牌", "brand")
    return found


def story_list_public(*, brand: int | None = None, region: str | None = None) -> QuerySet[Story]:
    qs = Story.objects.filter(status=StoryStatus.PUBLISHED).select_related("brand")
    if brand:
        qs = qs.filter(brand_id=brand)
    if region:
        qs = qs.in_region(known_region(region))
    return qs.order_by("-published_at", "-id")


def story_get_public(*, id: int) -> Story:
    found = story_list_public().filter(pk=id).first()
    if found is None:
        raise NotFound("故事", "story")
    return found


def story_list(*, user) -> QuerySet[Story]:
    return Story.objects.visible_to(user).select_related("brand").order_by("-id")


def story_get(*, user, id: int) -> Story:
    found = story_list(user=user).filter(pk=id).first()
    if found is None:
        raise NotFound("故事", "story")
    return found


def asset_list_public(
    *, kind: str = "", brand: int | None = None, region: str | None = None
) -> QuerySet[Asset]:
    qs = Asset.objects.select_related("brand")
    if kind:
        qs = qs.filter(kind=kind)
    if brand:
        qs = qs.filter(brand_id=brand)
    if region:
        qs = qs.in_region(known_region(region))
    return qs.order_by("-created_at", "-id")


def asset_get_public(*, id: int) -> Asset:
    found = Asset.objects.filter(pk=id).first()
    if found is None:
        raise NotFound("宣传品", "asset")
    return found


def placement_list(*, user, region: str | None = None) -> QuerySet[Placement]:
    qs = Placement.objects.visible_to(user).select_related("asset", "brand")
    if region:
        qs = qs.in_region(known_region(region))
    return qs


# --- Demonstration sites ----------------------------------------------------------------------

DUE = "due"  # a `status` filter: sites whose re-review is due today or overdue


def site_list(
    *, user, region: str | None = None, status: str = "", kind: str = ""
) -> QuerySet[DemoSite]:
    qs = DemoSite.objects.visible_to(user)
    if region:
        qs = qs.in_region(known_region(region))
    if status == DUE:
        # the 回头看 schedule: named or rectifying sites whose re-review date has come
        qs = qs.filter(next_review_due__lte=timezone.localdate())
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("region_code", "name", "id")


def site_get(*, user, id: int) -> DemoSite:
    found = (
        DemoSite.objects.visible_to(user)
        .prefetch_related(
            "history__actor",
            Prefetch(
                "assessments",
                queryset=SiteAssessment.objects.prefetch_related("photos").order_by("-assessed_at"),
            ),
        )
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound("示范点", "demonstration site")
    return found


def assessment_get(*, user, id: int) -> SiteAssessment:
    found = SiteAssessment.objects.visible_to(user).select_related("site").filter(pk=id).first()
    if found is None:
        raise NotFound("评定", "assessment")
    return found
