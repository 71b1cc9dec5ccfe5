"""Activities: who publishes, who signs up and checks in (the policy's activities actions; see
accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

from redrider.accounts.policy import is_handler, is_rider, rule

rule(
    "activities.publish",
    is_handler,
    "Publish, edit and cancel activities in their region; see attendance and certificates",
)
rule("activities.attend", is_rider, "Sign up for activities and check in with the venue's QR code")
