"""The work plan's indicators (十项举措) for the dashboard.

`measures` counts the measures in force in the region (its own plans' and those of the regions
above it: the province's 11 apply in every county); the other keys count what lies inside it.
`meetings` is the article's figure, party-group meetings (党组会研究部署); every kind of work
meeting together is `meetings_all`.
"""

from __future__ import annotations

from django.db.models import Q

from . import clock, selectors
from .choices import InstitutionStatus, MeetingKind, TaskStatus
from .models import Institution, InstitutionCategory, Measure, Meeting, Task

TITLE = "十项举措"

LABELS = {
    "measures": "工作举措",
    "measure_tasks": "举措任务",
    "measure_tasks_done": "已完成任务",
    "measure_tasks_overdue": "逾期任务",
    "meetings": "党组会研究部署（次）",
    "meetings_all": "工作会议（次）",
    "institutions": "制度建设（项）",
    "institutions_issued": "已印发制度",
    "institution_categories": "制度类别",
}


def indicators(*, user, region_code: str) -> dict[str, int]:
    today = clock.today()
    tasks = Task.objects.visible_to(user).in_region(region_code)
    meetings = Meeting.objects.visible_to(user).in_region(region_code)
    institutions = Institution.objects.visible_to(user).in_region(region_code)
    return {
        "measures": Measure.objects.visible_to(user).applying_to(region_code).count(),
        "measure_tasks": tasks.count(),
        "measure_tasks_done": tasks.filter(status=TaskStatus.DONE).count(),
        "measure_tasks_overdue": tasks.filter(selectors.overdue_q(today)).count(),
        "meetings": meetings.filter(kind=MeetingKind.PARTY_GROUP).count(),
        "meetings_all": meetings.count(),
        "institutions": institutions.count(),
        "institutions_issued": institutions.filter(status=InstitutionStatus.ISSUED).count(),
        "institution_categories": InstitutionCategory.objects.visible_to(user)
        .in_region(region_code)
        .filter(~Q(institutions=None))
        .distinct()
        .count(),
    }


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    return {
        "measure_task_reports": (
            Task.objects.visible_to(user).in_region(region_code).exclude(reported_at=None),
            "reported_at",
        ),
        "meetings_held": (Meeting.objects.visible_to(user).in_region(region_code), "held_on"),
    }


TREND_LABELS = {"measure_task_reports": "任务最近填报", "meetings_held": "召开工作会议"}
