"""Points for deeds done in other apps: attendance at an activity, a founded tip-off.

The activities and appeals apps sit below points: they announce what happened
(`AttendanceRecorded`, `TipoffFounded`, see `points/listeners.py`) and these services credit the
ledger. Each credit is keyed on the deed (`activity:<id>:checkin:<rider>`, `tipoff:<id>`), so
running one again — a retried event, the daily repair run — never pays twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from redrider.activities.choices import SignupStatus
from redrider.activities.models import Signup
from redrider.appeals.choices import RewardStatus
from redrider.appeals.models import TipoffReward
from redrider.core.audit import audit_record
from redrider.core.errors import DomainError

from .ledger import points_award, rule_resolve

TIPOFF_RULE = "tipoff_founded"  # the earning rule for a founded tip-off (choices.RuleCode)
HOURS_RULE = "volunteer_hour"


def _award_or_audit(*, activity, rider, rule_code: str, key: str, amount: int | None = None) -> int:
    """Award points for attendance; a missing rule, a reached cap or an empty fund costs the
    rider the points but never the attendance (the refusal is audited)."""
    try:
        with transaction.atomic():
            tx = points_award(
                actor=None,
                rider_user=rider,
                rule_code=rule_code,
                source=f"activity:{activity.pk}",
                region_code=activity.region_code,
                amount=amount,
                idempotency_key=key,
            )
        return tx.amount
    except DomainError as refusal:
        audit_record(
            actor=rider,
            action="points.award",
            obj=activity,
            result="denied",
            detail={"rule": rule_code, "code": refusal.code},
        )
        return 0


@transaction.atomic
def attendance_award(*, signup_id: int) -> Signup:
    """Credit an attended sign-up: the check-in award (`activity_checkin.<theme>`) and, for an
    activity with volunteer hours, `volunteer_hour` × hours (at least 1). Stores the total on
    `Signup.points_awarded`.

    Before: the sign-up is `attended` (anything else is left alone). After: at most one ledger
    transaction per award key, however often this runs; refusals by the ledger are audited.
    """
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("activity", "rider")
        .get(pk=signup_id)
    )
    if signup.status != SignupStatus.ATTENDED:
        return signup
    activity, rider = signup.activity, signup.rider
    points = _award_or_audit(
        activity=activity,
        rider=rider,
        rule_code=f"activity_checkin.{activity.theme}",
        key=f"activity:{activity.pk}:checkin:{rider.pk}",
    )
    hours = Decimal(signup.hours or 0)
    if hours:
        try:
            per_hour = rule_resolve(rule_code=HOURS_RULE, region_code=activity.region_code).points
        except DomainError:
            per_hour = 0
        if per_hour:
            points += _award_or_audit(
                activity=activity,
                rider=rider,
                rule_code=HOURS_RULE,
                key=f"activity:{activity.pk}:hours:{rider.pk}",
                amount=max(1, int(hours * per_hour)),
            )
    if signup.points_awarded != points:
        signup.points_awarded = points
        signup.save(update_fields=["points_awarded", "updated_at"])
    return signup


def tipoff_reward_settle(*, reward: TipoffReward) -> TipoffReward:
    """Credit a pending tip-off reward through the ledger, or leave it pending with the reason.

    The ledger call is idempotent on `reward.idempotency_key`, so retries never pay twice. A
    refusal (no earning rule or fund in the region yet, monthly cap) never undoes the
    verification: the reward stays `pending` and the daily run tries again. The officer who
    verified the tip-off is the award's actor; the ledger transaction is confidential: it names
    the informant to nobody without the informant permission (DESIGN §4 rule 7).
    """
    with transaction.atomic():
        reward = (
            TipoffReward.objects.select_for_update(of=("self",))
            .select_related("tipoff__handled_by", "rider")
            .get(pk=reward.pk)
        )
        if reward.status != RewardStatus.PENDING:
            return reward
        tipoff = reward.tipoff
        try:
            with transaction.atomic():
                tx = points_award(
                    actor=tipoff.handled_by,
                    rider_user=reward.rider,
                    rule_code=TIPOFF_RULE,
                    source=f"tipoff:{tipoff.pk}",
                    region_code=tipoff.region_code,
                    idempotency_key=reward.idempotency_key,
                    # The reward must not name the informant anywhere in the ledger (§4 rule 7).
                    confidential=True,
                )
        except DomainError as exc:
            reward.last_error = exc.detail[:255]
            reward.save(update_fields=["last_error"])
            return reward
        reward.status = RewardStatus.AWARDED
        reward.points = int(getattr(tx, "amount", reward.points) or reward.points)
        reward.awarded_at = timezone.now()
        reward.last_error = ""
        reward.save(update_fields=["status", "points", "awarded_at", "last_error"])
        return reward


def tipoff_rewards_settle() -> int:
    """Retry every pending tip-off reward (the daily run); returns how many were credited now."""
    credited = 0
    for reward in TipoffReward.objects.filter(status=RewardStatus.PENDING).order_by("pk"):
        if tipoff_reward_settle(reward=reward).status == RewardStatus.AWARDED:
            credited += 1
    return credited
