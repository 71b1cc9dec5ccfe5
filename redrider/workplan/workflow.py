"""The institution workflow as data: which status may follow which, and what each needs.

`institution_transition` (services) is the only code that applies this table. A step not listed
answers 409 and changes nothing; `issued` is final (a revised institution is a new item).
"""

from __future__ import annotations

from .choices import InstitutionStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.DRAFTED, S.ISSUED}),
    # A draft may be sent back to planning when the approach changes.
    S.DRAFTED: frozenset({S.ISSUED, S.PLANNED}),
    S.ISSUED: frozenset(),
}

# Issuing needs the document itself, the issuing body and the date (whatever the source status:
# jumping from planned straight to issued is legal only with all three).
NEEDS_DOCUMENT = frozenset({S.ISSUED})


def is_legal(source: str, target: str) -> bool:
    return target in TRANSITIONS.get(source, frozenset())


def next_statuses(source: str) -> list[str]:
    """The statuses a person may choose next, the nearest step forward first (the page's
    default choice), a step back last."""
    order = [S.DRAFTED, S.ISSUED, S.PLANNED]
    return [str(s) for s in order if s in TRANSITIONS.get(source, frozenset())]
