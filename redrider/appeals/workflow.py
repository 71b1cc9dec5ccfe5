"""The appeal and tip-off workflows as data: which action moves which status where, and who may
take it (the tables of `redrider.core.workflow`).

`appeal_transition` (services) is the only code that applies the appeal table; `tipoff_start` and
`tipoff_verify` apply the tip-off table. Anything not listed is an illegal step and answers 409
without changing the case.
"""

from __future__ import annotations

from redrider.core.workflow import Step, Workflow

from .choices import AppealAction as A
from .choices import AppealStatus as S
from .choices import TipoffStatus as T

STAFF = "staff"  # an officer handling the case (policy `appeals.handle`)
RIDER = "rider"  # the rider who filed the case

OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS})

APPEAL_FLOW = Workflow(
    Step(A.ACCEPT, {S.SUBMITTED}, S.ACCEPTED, STAFF),
    Step(A.START, {S.ACCEPTED}, S.IN_PROGRESS, STAFF),
    Step(A.RESOLVE, {S.ACCEPTED, S.IN_PROGRESS}, S.RESOLVED, STAFF, note_required=True),
    Step(A.CONFIRM, {S.RESOLVED}, S.CONFIRMED, RIDER),
    # A rider may reopen a resolved case, and a confirmed one when the follow-up finds the
    # problem back: it returns to the handler's desk.
    Step(A.REOPEN, {S.RESOLVED, S.CONFIRMED}, S.IN_PROGRESS, RIDER),
    Step(A.REJECT, OPEN, S.REJECTED, STAFF, note_required=True),
    Step(A.MERGE, OPEN, S.MERGED, STAFF),
)

# A handler starts checking the merchant, then closes the tip-off as founded or unfounded.
TIPOFF_FLOW = Workflow(
    Step("start", {T.SUBMITTED}, T.VERIFYING, STAFF),
    Step("verify", {T.SUBMITTED, T.VERIFYING}, T.CLOSED, STAFF, note_required=True),
)

TRANSITIONS = APPEAL_FLOW.steps
is_legal = APPEAL_FLOW.is_legal
actions_from = APPEAL_FLOW.actions_from
