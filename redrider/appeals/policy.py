"""What people may do with appeals (declared once, asked through `accounts.policy.can`)."""

from redrider.accounts.policy import is_rider, rule

# Asked before the case is looked up, so staff get the same 404 for every id: whether a case
# exists or is open is never told apart by the answer (403 would confirm it).
rule("appeals.me_too", is_rider, "join another rider's open case (我也遇到了)")
