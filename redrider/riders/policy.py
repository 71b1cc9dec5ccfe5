"""What may be done with the census, declared for the one policy (accounts/policy.py)."""

from redrider.accounts.choices import Role
from redrider.accounts.policy import has_role, is_officer, object_in_scope, rule

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
