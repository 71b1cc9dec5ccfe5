"""Work-plan writes. Every service takes `actor` and keyword-only arguments, checks before it
writes (nothing is written when it refuses), and writes its own audit row."""

from .digest import Digest, digest_compose, digest_send
from .evidence import evidence_add, milestone_add, milestone_mark
from .institutions import category_create, institution_create, institution_transition
from .meetings import decision_create, meeting_attach_minutes, meeting_create
from .plans import measure_create, plan_create
from .progress import task_sync_indicator, tasks_sync_indicators
from .tasks import (
    IndicatorSpec,
    TaskSpec,
    task_create,
    task_report_progress,
    task_split,
    task_update,
)

__all__ = [
    "Digest",
    "IndicatorSpec",
    "TaskSpec",
    "category_create",
    "decision_create",
    "digest_compose",
    "digest_send",
    "evidence_add",
    "institution_create",
    "institution_transition",
    "measure_create",
    "meeting_attach_minutes",
    "meeting_create",
    "milestone_add",
    "milestone_mark",
    "plan_create",
    "task_create",
    "task_report_progress",
    "task_split",
    "task_sync_indicator",
    "task_update",
    "tasks_sync_indicators",
]
