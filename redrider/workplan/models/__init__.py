"""The work plan (十项举措 · 挂图作战): plans, measures, tasks, meetings and institutions.

A plan's measures apply to every region under the plan's own; tasks belong to exactly one region
and an owner organisation; meetings and institutions belong to the region that held or issued
them. Everything that changes goes through `services`; these classes only state the shape and
the invariants the database can keep.
"""

from .base import InheritedScopeManager, InheritedScopeQuerySet, upload_to
from .institutions import Institution, InstitutionCategory
from .meetings import Meeting, MeetingDecision
from .notifications import Notification
from .plans import Evidence, Measure, Milestone, Plan, Task, TaskReport

__all__ = [
    "Evidence",
    "InheritedScopeManager",
    "InheritedScopeQuerySet",
    "Institution",
    "InstitutionCategory",
    "Measure",
    "Meeting",
    "MeetingDecision",
    "Milestone",
    "Notification",
    "Plan",
    "Task",
    "TaskReport",
    "upload_to",
]
