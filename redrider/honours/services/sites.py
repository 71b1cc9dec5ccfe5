"""Demonstration-site writes: candidates, naming assessments, re-reviews (回头看), evidence."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redrider.accounts.policy import can, require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound
from redrider.core.photos import photo_attach, photo_clean
from redrider.orgs.models import GuidanceStation, PartyOrganisation
from redrider.stations.models import Station

from ..choices import (
    KIND_FROM_STATUS,
    KIND_RESULTS,
    NAMING_PASS,
    RECTIFY_MONTHS,
    RESULT_STATUS,
    REVIEW_EVERY_YEARS,
    REVIEW_PASS,
    REVIEW_RECTIFY,
    SITE_CHECKLIST_KEYS,
    SITE_CHECKLIST_MAX,
    AssessmentKind,
    AssessmentResult,
    SiteKind,
    SiteStatus,
)
from ..models import DemoSite, SiteAssessment, SiteEvidencePhoto, SiteStatusChange
from .common import local_day, now_or, text

LINKS = {
    SiteKind.PARTY_ORGANISATION: (PartyOrganisation, "party_organisation"),
    SiteKind.GUIDANCE_STATION: (GuidanceStation, "guidance_station"),
    SiteKind.WARM_STATION: (Station, "station"),
}
MAX_PHOTOS = 12


def _history(site: DemoSite, *, before: str, actor, at, assessment=None, note="") -> None:
    SiteStatusChange.objects.create(
        site=site,
        assessment=assessment,
        from_status=before,
        to_status=site.status,
        at=at,
        actor=actor,
        note=note,
    )


@transaction.atomic
def site_propose(
    *, actor, kind: str, link_id: int, name: str = "", now: dt.datetime | None = None
) -> DemoSite:
    """Put a party organisation, guidance station or warm station forward as a candidate.

    Before: the kind is known (422) and the linked object one the actor may put forward — an
    object of another region, or one the actor may see but not put forward, answers exactly
    like a missing id (404, same body); it is not already a site (409). After: a `candidate` site
    in the object's region with its first history row.
    """
    if kind not in LINKS:
        raise InvalidInput("unknown_kind", "示范点类别无效", "unknown site kind")
    model, field = LINKS[SiteKind(kind)]
    linked = model.objects.visible_to(actor).filter(pk=link_id).first()
    if linked is None or not can(actor, "honours.propose_site", linked):
        raise NotFound("候选对象", "candidate")
    if DemoSite.objects.filter(**{field: linked}).exists():
        raise Conflict("site_exists", "该对象已是示范点或候选", "already a site or candidate")
    name = text(name or linked.name, zh="名称", en="name", limit=128)
    site = DemoSite.objects.create(
        name=name, kind=kind, region_code=linked.region_code, **{field: linked}
    )
    _history(site, before="", actor=actor, at=now_or(now), note="推荐为候选")
    audit_record(actor=actor, action="honours.site_propose", obj=site)
    return site


def derived_result(kind: str, total: int) -> str:
    """The result the checklist total gives by itself."""
    if kind == AssessmentKind.NAMING:
        return AssessmentResult.NAMED if total >= NAMING_PASS else AssessmentResult.NOT_NAMED
    if total >= REVIEW_PASS:
        return AssessmentResult.PASS
    return AssessmentResult.RECTIFY if total >= REVIEW_RECTIFY else AssessmentResult.REVOKE


def _scores_check(scores: dict) -> dict[str, int]:
    if not isinstance(scores, dict) or set(scores) != set(SITE_CHECKLIST_KEYS):
        raise InvalidInput(
            "checklist_items",
            "须对考核表的每一项打分",
            f"score every checklist item: {', '.join(SITE_CHECKLIST_KEYS)}",
        )
    for key, value in scores.items():
        top = SITE_CHECKLIST_MAX[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
            raise InvalidInput(
                "checklist_out_of_range",
                f"该项得分须为 0–{top}",
                f"{key} is scored 0–{top}",
                field=key,
            )
    return {k: scores[k] for k in SITE_CHECKLIST_KEYS}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


@transaction.atomic
def site_assess(
    *,
    actor,
    site: DemoSite,
    kind: str,
    year: int,
    scores: dict,
    evidence: str = "",
    result: str | None = None,
    note: str = "",
    photos: list[bytes] | tuple[bytes, ...] = (),
    now: dt.datetime | None = None,
) -> SiteAssessment:
    """Assess a site against the checklist: a naming or a re-review (回头看).

    Before: the actor assesses sites of the region (404); the kind is known, the year not in the
    future, every checklist item scored within its maximum (422); the site's status allows the
    kind — naming a candidate (or one not named before), re-reviewing a named or rectifying site
    (409). `result` defaults to what the total gives; another allowed result needs a `note`
    (422). Evidence `photos` (at most MAX_PHOTOS) must all be images (422 / 413 otherwise,
    nothing written). After: the assessment with its photos, the site's new status (named / not
    named / pass keeps it named / rectify / revoke), its next re-review date, and a history row
    with both states.
    """
    now = now_or(now)
    site = DemoSite.objects.select_for_update().get(pk=site.pk)
    require(actor, "honours.assess_site", site)
    if kind not in KIND_RESULTS:
        raise InvalidInput("unknown_kind", "评定类别无效", "unknown assessment kind")
    today = local_day(now)
    if not isinstance(year, int) or not 2000 <= year <= today.year:
        raise InvalidInput("invalid_year", "年度无效", "invalid year")
    clean = _scores_check(scores)
    total = sum(clean.values())
    allowed = KIND_RESULTS[AssessmentKind(kind)]
    result = result or derived_result(kind, total)
    if result not in allowed:
        raise InvalidInput(
            "invalid_result", "评定结论无效", "invalid result", allowed=[str(r) for r in allowed]
        )
    note = text(
        note, zh="意见", en="note", limit=500, required=result != derived_result(kind, total)
    )
    if site.status not in KIND_FROM_STATUS[AssessmentKind(kind)]:
        raise Conflict(
            "assessment_not_allowed",
            f"示范点当前为“{site.get_status_display()}”，不能进行{AssessmentKind(kind).label}",
            f"a {site.status} site cannot have a {kind} assessment",
        )
    if len(photos) > MAX_PHOTOS:
        raise Conflict("too_many_photos", f"最多 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS}")
    cleaned = [photo_clean(data) for data in photos]
    assessment = SiteAssessment.objects.create(
        site=site,
        region_code=site.region_code,
        kind=kind,
        year=year,
        scores=clean,
        total=total,
        result=result,
        evidence=text(evidence, zh="佐证材料说明", en="evidence", limit=4000, required=False),
        note=note,
        assessed_by=actor,
        assessed_at=now,
    )
    before = site.status
    site.status = RESULT_STATUS[AssessmentResult(result)]
    if kind == AssessmentKind.NAMING and result == AssessmentResult.NAMED:
        site.named_year = year
    if kind == AssessmentKind.REVIEW:
        site.last_review_year, site.last_review_result = year, result
    if site.status == SiteStatus.NAMED:
        site.next_review_due = _add_months(today, 12 * REVIEW_EVERY_YEARS)
    elif site.status == SiteStatus.RECTIFYING:
        site.next_review_due = _add_months(today, RECTIFY_MONTHS)
    else:
        site.next_review_due = None
    site.save()
    for photo in cleaned:
        SiteEvidencePhoto.objects.create(
            assessment=assessment,
            image=photo.content,
            width=photo.width,
            height=photo.height,
            size=photo.size,
        )
    _history(site, before=before, actor=actor, at=now, assessment=assessment, note=note)
    audit_record(
        actor=actor,
        action="honours.site_assess",
        obj=site,
        detail={"kind": kind, "result": result, "total": total, "from": before, "to": site.status},
    )
    return assessment


@transaction.atomic
def site_photo_add(*, actor, assessment: SiteAssessment, data: bytes) -> SiteEvidencePhoto:
    """An evidence photo for an assessment (re-encoded; 422 when not an image)."""
    require(actor, "honours.assess_site", assessment)
    photo = photo_attach(
        assessment.photos,
        data=data,
        limit=MAX_PHOTOS,
        full=(f"最多 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS}"),
    )
    audit_record(actor=actor, action="honours.site_photo", obj=assessment)
    return photo
