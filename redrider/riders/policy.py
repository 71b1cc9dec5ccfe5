"""The census's actions: reading riders' records, importing lists, the liaison mechanism, surveys
(the policy's riders actions; see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.policy import is_handler, is_regional_staff, object_in_scope, rule

rule(
    "riders.census",
    is_handler,
    "Read and export riders' records of their region (station hosts and auditors do not)",
)
rule("riders.import", is_regional_staff, "Import rider lists for their region")
rule(
    "riders.liaison",
    is_handler & object_in_scope,
    "Register companies, link committee members, record visits and move problems in their region",
)
rule("riders.survey_create", is_handler, "Create and open surveys for their region")
