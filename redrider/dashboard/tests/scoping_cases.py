"""How the suite-wide scoping test builds and finds the dashboard's region-owned model."""

from itertools import count

from redrider.core.testing import ScopeCase
from redrider.dashboard.models import FiledReport

_months = count(1)


def filed_report(code):
    n = next(_months)
    return FiledReport.objects.create(
        region_code=code,
        month=f"{2000 + n // 12:04d}-{n % 12 + 1:02d}",
        kind="monthly",
        filename=f"report-{code}-{n}.docx",
        content=b"PK",
        size=2,
    )


CASES = [
    ScopeCase(
        FiledReport,
        filed_report,
        "/api/v1/dashboard/reports",
        None,
    ),
]
