"""What the points app does when something below it happens (domain events, core/events.py)."""

from __future__ import annotations

from redrider.appeals.models import TipoffReward
from redrider.core.events import AttendanceRecorded, TipoffFounded, listens

from .services.deeds import attendance_award, tipoff_reward_settle


@listens(AttendanceRecorded)
def award_attendance(event: AttendanceRecorded) -> None:
    """Attendance earns the check-in (and volunteer-hour) points, once per sign-up."""
    attendance_award(signup_id=event.signup_id)


@listens(TipoffFounded)
def credit_tipoff_reward(event: TipoffFounded) -> None:
    """A founded tip-off's pending reward is credited (or keeps waiting for a rule or fund)."""
    reward = TipoffReward.objects.filter(tipoff_id=event.tipoff_id).first()
    if reward is not None:
        tipoff_reward_settle(reward=reward)
