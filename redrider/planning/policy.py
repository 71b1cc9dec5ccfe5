"""Who may change planning data (覆盖规划): officers of the region, nobody else.

Reading coverage and plans follows region scoping (`visible_to`); every write — loading or
switching demand, running or deleting a plan — is asked here, from the API and the console alike.
Instructors and station hosts may look at the coverage of their county but never plan for it.
"""

from __future__ import annotations

from redrider.accounts.policy import is_officer, object_in_scope, rule

rule(
    "planning.demand_load",
    is_officer & object_in_scope,
    "Load demand for a region in scope: upload a file, gather platform data, generate a what-if.",
)
rule(
    "planning.demand_switch",
    is_officer & object_in_scope,
    "Switch a demand set of the region on or off for coverage and planning.",
)
rule(
    "planning.plan_create",
    is_officer & object_in_scope,
    "Run a site plan (where the next stations should go) for a region in scope.",
)
rule(
    "planning.plan_delete",
    is_officer & object_in_scope,
    "Delete a stored site plan of the region.",
)
