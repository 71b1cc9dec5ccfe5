"""Coverage planning: who loads demand and plans new stations (the policy's planning actions;
see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.policy import is_officer, rule

rule(
    "planning.plan",
    is_officer,
    "Load demand and plan new stations for their region",
)
