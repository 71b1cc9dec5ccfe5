"""How the suite-wide scoping test builds and finds each region-owned model of the work plan.

Plans, measures, meetings and institutions are also visible to the regions *below* their own
(a province plan applies in every county), never to a sibling: the cases below use two sibling
counties, so the rule "another region's row answers 404" is what they prove.
"""

from redrider.core.testing import ScopeCase
from redrider.workplan.models import (
    Institution,
    InstitutionCategory,
    Measure,
    Meeting,
    Plan,
    Task,
)
from redrider.workplan.tests import factories

CASES = [
    ScopeCase(
        Plan,
        lambda code: factories.plan(code),
        "/api/v1/workplan/plans",
        lambda o: f"/api/v1/workplan/plans/{o.pk}",
    ),
    ScopeCase(
        Measure,
        lambda code: factories.measure(code),
        "/api/v1/workplan/measures",
        lambda o: f"/api/v1/workplan/measures/{o.pk}",
    ),
    ScopeCase(
        Task,
        lambda code: factories.task(code, of=factories.measure(code)),
        "/api/v1/workplan/tasks",
        lambda o: f"/api/v1/workplan/tasks/{o.pk}",
    ),
    ScopeCase(
        Meeting,
        factories.meeting,
        "/api/v1/workplan/meetings",
        lambda o: f"/api/v1/workplan/meetings/{o.pk}",
    ),
    ScopeCase(
        InstitutionCategory,
        factories.category,
        "/api/v1/workplan/institution-categories",
        None,
    ),
    ScopeCase(
        Institution,
        factories.institution,
        "/api/v1/workplan/institutions",
        lambda o: f"/api/v1/workplan/institutions/{o.pk}",
    ),
]
