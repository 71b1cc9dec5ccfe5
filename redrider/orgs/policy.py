"""The work system: who keeps a guidance station's ledger (the policy's orgs actions; see
accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import is_instructor, is_officer, rule


@rules.predicate
def instructs_at(user, station) -> bool:
    """The user is an instructor of this guidance station (true with no station)."""
    if station is None:
        return True
    instructor = getattr(user, "instructor", None)
    return instructor is not None and instructor.station_id == station.pk


rule(
    "orgs.ledger_write",
    is_officer | (is_instructor & instructs_at),
    "Add entries to a guidance station's work ledger (an instructor: their own station only)",
)
