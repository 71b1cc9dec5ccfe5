"""The console's doors: who opens which part of the staff console and the audit log (the
policy's web actions; see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.policy import is_auditor, is_handler, is_host, is_province_admin, rule

rule(
    "web.console",
    is_handler | is_host,
    "Open the console home with its headline figures, and the stations pages",
)
rule(
    "web.programme",
    is_handler,
    "Open the programme's console sections: organisations, census, appeals, activities, points, "
    "planning, indicators",
)
rule(
    "web.audit_log",
    is_auditor | is_province_admin,
    "Read the audit log (an auditor all of it, a province admin their province's rows)",
)
