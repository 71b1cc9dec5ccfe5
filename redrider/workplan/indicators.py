"""The work plan's indicators (十项举措), each defined once (regions/figures.py).

`measures` counts the measures in force in the region (its own plans' and those of the regions
above it: the province's 11 apply in every county), so it does not add up over children; the
other keys count what lies inside the region. `meetings` is the article's figure, party-group
meetings (党组会研究部署); every kind of work meeting together is `meetings_all`.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from redrider.regions import tree
from redrider.regions.figures import SHANGHAI, STOCK, Computed, Tally, labels, values_for

from . import clock, selectors
from .choices import InstitutionStatus, MeetingKind, TaskStatus
from .models import Institution, InstitutionCategory, Measure, Meeting, Task

TITLE = _("十项举措")

CREATED_ON = TruncDate("created_at", tzinfo=SHANGHAI)


def _measures(*, user, parent, children, period):
    """Measures in force in each child: its own and those issued above it. One grouped query
    for all children (they share the regions above them), not one count each."""
    in_force = {c: [c, *tree.ancestors(c)] for c in children}
    issuers = set().union(*in_force.values())
    per_issuer = dict(
        Measure.objects.visible_to(user)
        .filter(region_code__in=issuers)
        .order_by()
        .values_list("region_code")
        .annotate(n=Count("pk"))
    )
    return {c: sum(per_issuer.get(code, 0) for code in codes) for c, codes in in_force.items()}


INDICATORS = [
    Computed(
        key="measures",
        label=_("工作举措"),
        definition=_(
            "在本区域施行的工作举措：本级和上级工作方案中的举措（上级的举措在下级同样计入）。"
        ),
        unit=_("项"),
        additive=False,
        period=STOCK,
        compute=_measures,
    ),
    Tally(
        key="measure_tasks",
        label=_("举措任务"),
        definition=_("截至期末分解到本区域的工作举措任务（按创建日期）。"),
        unit=_("项"),
        model=Task,
        period=STOCK,
    ),
    Tally(
        key="measure_tasks_done",
        label=_("已完成任务"),
        definition=_("截至期末已完成的举措任务（按完成日期，无完成日期的按创建日期）。"),
        unit=_("项"),
        model=Task,
        where=Q(status=TaskStatus.DONE),
        date=Coalesce("done_on", CREATED_ON),
        period=STOCK,
    ),
    Tally(
        key="measure_tasks_overdue",
        label=_("逾期任务"),
        definition=_(
            "完成时限在期末及以前、今天（上海时间）仍未完成且已过时限的任务（随时间变化）。"
        ),
        unit=_("项"),
        model=Task,
        where=lambda: selectors.overdue_q(clock.today()),
        date="due_date",
        period=STOCK,
    ),
    Tally(
        key="meetings",
        label=_("党组会研究部署（次）"),
        definition=_("会议日期在期间内、研究部署“红骑手”工作的党组会。"),
        unit=_("次"),
        model=Meeting,
        where=Q(kind=MeetingKind.PARTY_GROUP),
        date="held_on",
    ),
    Tally(
        key="meetings_all",
        label=_("工作会议（次）"),
        definition=_("会议日期在期间内的各类工作会议。"),
        unit=_("次"),
        model=Meeting,
        date="held_on",
    ),
    Tally(
        key="institutions",
        label=_("制度建设（项）"),
        definition=_("截至期末列入制度建设计划的制度（按创建日期）。"),
        unit=_("项"),
        model=Institution,
        period=STOCK,
    ),
    Tally(
        key="institutions_issued",
        label=_("已印发制度"),
        definition=_("截至期末已印发的制度（按印发日期，无印发日期的按创建日期）。"),
        unit=_("项"),
        model=Institution,
        where=Q(status=InstitutionStatus.ISSUED),
        date=Coalesce("issued_on", CREATED_ON),
        period=STOCK,
    ),
    Tally(
        key="institution_categories",
        label=_("制度类别"),
        definition=_("截至期末至少包含一项制度的制度类别。"),
        unit=_("类"),
        model=InstitutionCategory,
        where=Q(institutions__isnull=False),
        value=Count("pk", distinct=True),
        depends=(Institution,),
        period=STOCK,
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict[str, int]:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)  # type: ignore[return-value]
