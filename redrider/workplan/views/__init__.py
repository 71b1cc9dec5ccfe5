"""Console pages of the work plan: the board, tasks (report from a desk or a phone), meetings,
institutions, the Excel ledger and the scoped file downloads.

Thin: read through `board`/`selectors`, write through `services`; a refusal shows its message
on the page with the refusal's status and changes nothing.
"""

from .board import console_board, console_tasks, ledger_export
from .files import evidence_file, institution_file, minutes_file
from .institutions import console_institutions, institution_transition
from .meetings import console_meeting, console_meetings, meeting_decision, meeting_minutes
from .tasks import console_task, milestone_toggle, task_evidence, task_report, task_split

__all__ = [
    "console_board",
    "console_institutions",
    "console_meeting",
    "console_meetings",
    "console_task",
    "console_tasks",
    "evidence_file",
    "institution_file",
    "institution_transition",
    "ledger_export",
    "meeting_decision",
    "meeting_minutes",
    "milestone_toggle",
    "minutes_file",
    "task_evidence",
    "task_report",
    "task_split",
]
