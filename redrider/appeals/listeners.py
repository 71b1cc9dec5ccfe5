"""What the appeals app does when a domain event happens (core/events.py)."""

from __future__ import annotations

from redrider.core.events import AppealStatusChanged, listens

from .services.liaison import problems_follow_appeals


@listens(AppealStatusChanged)
def problem_follows_appeal(event: AppealStatusChanged) -> None:
    """A liaison problem raised as this appeal takes the status the case now implies."""
    problems_follow_appeals(appeal_ids=[event.appeal_id])
