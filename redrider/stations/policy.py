"""Warm stations: who edits the registry, who keeps a station's own details (the policy's
stations actions; see accounts/policy.py and docs/permissions.md)."""

from __future__ import annotations

import rules

from redrider.accounts.policy import is_host, is_officer, is_regional_staff, is_rider, rule


@rules.predicate
def hosts_station(user, station) -> bool:
    """The user is one of the station's hosts (true with no station)."""
    if station is None:
        return True
    return station.hosts.filter(pk=user.pk).exists()


rule(
    "stations.edit",
    is_officer,
    "Register, edit, import, review and retire warm stations in their region",
)
rule(
    "stations.host",
    is_host & hosts_station,
    "Keep their own station's details, opening hours, live status and photos",
)
rule("stations.checkin", is_rider, "Check in at a station by scanning its QR sign")

# An auditor only reads the audit log (DESIGN §4 rule 8): reporting a station is for the riders
# who use it and the staff who look after stations, never for the auditor.
rule(
    "stations.correction_submit",
    is_rider | is_regional_staff,
    "Report a station as closed, moved, with wrong hours or a missing service (纠错)",
)
