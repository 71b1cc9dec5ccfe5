"""The console's doors: who opens which part of the staff console and the audit log (the
policy's web actions; see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.policy import is_auditor, is_handler, is_host, is_province_admin, rule

rule(
    "web.console",
    is_handler,
    "Open the console: its home with the headline figures and the programme's sections "
    "(organisations, census, appeals, activities, points, planning, work plan, indicators)",
)
rule(
    "web.stations",
    is_handler | is_host,
    "Open the stations pages (a station host: their own stations, which are their console)",
)
rule(
    "web.audit_log",
    is_auditor | is_province_admin,
    "Read the audit log (an auditor all of it, a province admin their province's rows)",
)
