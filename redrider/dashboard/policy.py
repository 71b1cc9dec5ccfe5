"""Who may read the cockpit and take its reports (loaded with every app's policy)."""

from __future__ import annotations

from redrider.accounts.policy import is_handler, is_officer, object_in_scope, rule

rule(
    "dashboard.view",
    is_handler,
    "read the indicators of their region and the regions below it: cards, trends, the county "
    "map, rankings and the big screen",
)
rule(
    "dashboard.report",
    is_officer & object_in_scope,
    "download and file the monthly work report (.docx) and the indicator ledgers (.xlsx, "
    "personal data masked) of their region",
)
