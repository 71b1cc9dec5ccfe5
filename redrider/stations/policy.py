"""What people may do with warm stations (declared once, asked through `accounts.policy.can`)."""

from redrider.accounts.policy import is_regional_staff, is_rider, rule

# An auditor only reads the audit log (DESIGN §4 rule 8): reporting a station is for the riders
# who use it and the staff who look after stations, never for the auditor.
rule(
    "stations.correction_submit",
    is_rider | is_regional_staff,
    "report a station as closed, moved, with wrong hours or a missing service (纠错)",
)
