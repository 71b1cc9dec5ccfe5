"""How the suite-wide scoping test builds and finds the dashboard's region-owned model."""

from redrider.core.testing import ScopeCase
from redrider.dashboard.models import FiledReport


def filed_report(code):
    return FiledReport.objects.create(
        region_code=code,
        month="2026-10",
        kind="monthly",
        filename=f"report-{code}-2026-10.docx",
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
