"""The census's actions: reading riders' records, importing lists, the liaison mechanism, surveys,
registration claims (the policy's riders actions; see accounts/policy.py and
docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.choices import Role
from redrider.accounts.policy import (
    has_role,
    is_handler,
    is_officer,
    object_in_scope,
    rule,
)

rule(
    "riders.census",
    is_handler,
    "Read and export riders' records of their region (station hosts and auditors do not)",
)
rule("riders.import", is_handler, "Import rider lists for their region")
rule(
    "riders.liaison",
    is_handler & object_in_scope,
    "Register companies, link committee members, record visits and move problems in their region",
)
rule("riders.survey_create", is_handler, "Create and open surveys for their region")
rule(
    "riders.claim_read",
    is_officer & object_in_scope,
    "See the claims of census records of one's region (who asked to register as whom).",
)
rule(
    "riders.claim_decide",
    has_role(Role.COUNTY_OFFICER) & object_in_scope,
    "Confirm or reject a claim of a census record: the officers of the record's county, who can "
    "check the person; confirming needs the claimant's name to match the record.",
)
