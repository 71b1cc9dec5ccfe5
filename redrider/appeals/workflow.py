"""The appeal workflow as data: which action moves which status where, and who may take it.

`appeal_transition` (services) is the only code that applies this table. Anything not listed is
an illegal step and answers 409 without changing the case.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import AppealAction as A
from .choices import AppealStatus as S

STAFF = "staff"  # an officer handling the case (policy `appeals.handle`)
RIDER = "rider"  # the rider who filed the case


@dataclass(frozen=True)
class Step:
    """One legal move: from `sources` by `action` to `target`, taken by `by`.

    `note_required` marks steps that need a reason (a refusal must say why).
    """

    action: str
    sources: frozenset[str]
    target: str
    by: str
    note_required: bool = False


OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS})

TRANSITIONS: dict[str, Step] = {
    step.action: step
    for step in (
        Step(A.ACCEPT, frozenset({S.SUBMITTED}), S.ACCEPTED, STAFF),
        Step(A.START, frozenset({S.ACCEPTED}), S.IN_PROGRESS, STAFF),
        Step(
            A.RESOLVE, frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.RESOLVED, STAFF, note_required=True
        ),
        Step(A.CONFIRM, frozenset({S.RESOLVED}), S.CONFIRMED, RIDER),
        # A rider may reopen a resolved case, and a confirmed one when the follow-up finds the
        # problem back: it returns to the handler's desk.
        Step(A.REOPEN, frozenset({S.RESOLVED, S.CONFIRMED}), S.IN_PROGRESS, RIDER),
        Step(A.REJECT, OPEN, S.REJECTED, STAFF, note_required=True),
        Step(A.MERGE, OPEN, S.MERGED, STAFF),
    )
}


def is_legal(status: str, action: str) -> bool:
    step = TRANSITIONS.get(action)
    return step is not None and status in step.sources


def actions_from(status: str, by: str | None = None) -> list[str]:
    """The actions legal from `status` (optionally only those taken by `by`), in table order."""
    return [a for a, s in TRANSITIONS.items() if status in s.sources and (by is None or s.by == by)]
