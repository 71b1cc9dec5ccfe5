"""A liaison problem's workflow as data (a table of `redrider.core.workflow`). Staff move a
problem by naming the status they want, so each step is named after its target. A problem that
became an appeal is not moved by hand: the appeals app stores the status its case implies."""

from __future__ import annotations

from redrider.core.workflow import Step, Workflow

from .choices import ProblemStatus as P

PROBLEM_FLOW = Workflow(
    Step(P.IN_PROGRESS, {P.OPEN}, P.IN_PROGRESS),
    Step(P.SOLVED, {P.OPEN, P.IN_PROGRESS}, P.SOLVED, note_required=True),
    Step(P.CLOSED, {P.OPEN, P.IN_PROGRESS}, P.CLOSED, note_required=True),
    Step(P.OPEN, {P.SOLVED, P.CLOSED}, P.OPEN),  # reopened when it comes back
)
