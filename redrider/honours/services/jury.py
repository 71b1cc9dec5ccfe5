"""Jury writes: appoint jurors for a region, assign nominations, declare conflicts, score."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound
from redrider.core.scoping import code_within

from ..choices import CRITERION_KEYS, CRITERION_MAX, CampaignStatus
from ..models import Assignment, Campaign, Juror, Nomination, Score
from ..phases import scoring_open
from .common import at, known_region, now_or, text


@transaction.atomic
def juror_appoint(*, actor, campaign: Campaign, user_id: int, region_code: str) -> Juror:
    """Appoint a juror account to judge `region_code` in `campaign`.

    Before: the region is a known node inside both the campaign's region and the actor's (404
    when outside the actor's), the account has the juror role (422), not yet appointed (409).
    """
    region_code = known_region(region_code)
    require(actor, "honours.appoint_jurors", at(region_code))
    if not code_within(region_code, campaign.region_code):
        raise InvalidInput(
            "outside_campaign", "评审区域不在本次评选范围内", "region outside the campaign"
        )
    user = User.objects.filter(pk=user_id, role=Role.JUROR, is_active=True).first()
    if user is None:
        raise InvalidInput("not_a_juror", "该账号不是评审专家账号", "the account is not a juror")
    if Juror.objects.filter(campaign=campaign, user=user).exists():
        raise Conflict("already_appointed", "该专家已受聘", "this juror is already appointed")
    juror = Juror.objects.create(campaign=campaign, user=user, region_code=region_code)
    audit_record(actor=actor, action="honours.juror_appoint", obj=juror)
    return juror


@transaction.atomic
def juror_assign(*, actor, juror: Juror, nomination_ids: list[int]) -> int:
    """Assign nominations to a juror. All or nothing: every id must be a nomination of the
    juror's campaign inside the juror's region and the actor's (422 otherwise, nothing written).
    Already-assigned ones are skipped. Answers how many were added."""
    require(actor, "honours.appoint_jurors", juror)
    if juror.campaign.status != CampaignStatus.OPEN:
        raise Conflict("campaign_not_open", "评选已结束评审", "scoring is over")
    wanted = set(nomination_ids)
    found = set(
        Nomination.objects.visible_to(actor)
        .in_region(juror.region_code)
        .filter(campaign=juror.campaign, pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if not wanted or found != wanted:
        raise InvalidInput(
            "nomination_outside_juror_region",
            "提名不在该专家的评审区域内",
            "some nominations lie outside the juror's region",
            ids=sorted(wanted - found),
        )
    have = set(juror.assignments.values_list("nomination_id", flat=True))
    new = [Assignment(juror=juror, nomination_id=n) for n in sorted(wanted - have)]
    Assignment.objects.bulk_create(new)
    audit_record(actor=actor, action="honours.juror_assign", obj=juror, detail={"added": len(new)})
    return len(new)


@transaction.atomic
def juror_declare(
    *,
    actor,
    juror: Juror,
    conflicts: dict[int, str] | None = None,
    statement: str = "",
    now: dt.datetime | None = None,
) -> Juror:
    """The juror's conflict-of-interest declaration (利益冲突声明).

    Before: `actor` is this juror (404 otherwise); every id in `conflicts` is one of their
    assignments (422). After: `declared_at` set; each conflicting assignment is recused with its
    reason and its score (if any) no longer counts. A recusal is never undone.
    """
    if juror.user_id != getattr(actor, "pk", None):
        raise NotFound("评审席位", "juror seat")
    conflicts = conflicts or {}
    assignments = {a.nomination_id: a for a in juror.assignments.all()}
    unknown = set(conflicts) - set(assignments)
    if unknown:
        raise InvalidInput(
            "not_assigned", "声明回避的提名不在您的评审任务中", "not among your assignments"
        )
    for nomination_id, reason in conflicts.items():
        a = assignments[nomination_id]
        a.recused = True
        a.recusal_reason = text(reason, zh="回避理由", en="reason", limit=200)
        a.save(update_fields=["recused", "recusal_reason"])
    juror.declared_at = now_or(now)
    juror.declaration = text(statement, zh="声明", en="statement", limit=500, required=False)
    juror.save(update_fields=["declared_at", "declaration", "updated_at"])
    audit_record(
        actor=actor,
        action="honours.juror_declare",
        obj=juror,
        detail={"recused": len(conflicts)},
    )
    return juror


def _scores_check(scores: dict) -> dict[str, int]:
    if not isinstance(scores, dict) or set(scores) != set(CRITERION_KEYS):
        raise InvalidInput(
            "score_criteria",
            "须对四项标准（爱党爱国、爱岗敬业、担当有为、奉献社会）逐项打分",
            f"score exactly the four criteria: {', '.join(CRITERION_KEYS)}",
        )
    clean = {}
    for key in CRITERION_KEYS:
        value = scores[key]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= CRITERION_MAX:
            raise InvalidInput(
                "score_out_of_range",
                f"每项得分须为 0–{CRITERION_MAX} 的整数",
                f"each criterion is scored 0–{CRITERION_MAX}",
                field=key,
            )
        clean[key] = value
    return clean


@transaction.atomic
def score_submit(
    *,
    actor,
    nomination_id: int,
    scores: dict,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Score:
    """A juror scores (or re-scores) a nomination assigned to them.

    Before, in this order: the nomination is assigned to the actor and not recused (404 — for
    everyone else it does not exist); each of the four criteria is an integer 0–25 (422); today
    is inside the campaign's scoring window (409 `scoring_closed`); the juror has declared
    conflicts of interest (409 `declaration_required`). After: one score per juror and
    nomination (a re-score replaces it) and an audit row.
    """
    now = now_or(now)
    assignment = (
        Assignment.objects.select_related("juror", "nomination__campaign")
        .filter(nomination_id=nomination_id, juror__user=actor, recused=False)
        .first()
    )
    if assignment is None:
        raise NotFound("提名", "nomination")
    nomination = assignment.nomination
    require(actor, "honours.score", nomination)
    clean = _scores_check(scores)
    comment = text(comment, zh="评语", en="comment", limit=500, required=False)
    campaign = nomination.campaign
    if not scoring_open(campaign, now):
        raise Conflict(
            "scoring_closed",
            f"不在评审期内（{campaign.scoring_opens_on} 至 {campaign.scoring_closes_on}）",
            "outside the scoring window",
        )
    juror = assignment.juror
    if juror.declared_at is None:
        raise Conflict(
            "declaration_required",
            "请先作出利益冲突声明",
            "declare conflicts of interest before scoring",
        )
    score, _created = Score.objects.update_or_create(
        nomination=nomination, juror=juror, defaults={**clean, "comment": comment}
    )
    audit_record(
        actor=actor,
        action="honours.score",
        obj=nomination,
        detail={"total": score.total, "at": timezone.localtime(now).isoformat()},
    )
    return score
