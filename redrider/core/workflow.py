"""Workflows as data: a transition table, and the one function that applies it.

Each app writes its table once (`appeals/workflow.py` for cases and tip-offs,
`points/workflow.py` for redemption orders, `riders/workflow.py` for liaison problems):

    FLOW = Workflow(
        Step("accept", {"submitted"}, "accepted", by="staff"),
        Step("resolve", {"accepted", "in_progress"}, "resolved", by="staff", note_required=True),
    )

and its services ask the table instead of comparing statuses by hand: `FLOW.move(obj, "accept",
refuse=...)` checks the step is legal from `obj.status` and sets the target, or raises what
`refuse(current_status)` builds (each service keeps its own 409 code and message). Anything not
in the table is illegal.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from .errors import Conflict, DomainError


@dataclass(frozen=True)
class Step:
    """One legal move: from any of `sources` by `action` to `target`.

    `by` says who takes it (e.g. "staff" or "rider", read by the app's permission checks);
    `note_required` marks steps that need a reason (a refusal must say why).
    """

    action: str
    sources: Collection[str]  # stored as a frozenset
    target: str
    by: str = ""
    note_required: bool = False

    def __post_init__(self) -> None:
        # Tables are written with plain sets or tuples of choices; keep plain, frozen strings.
        object.__setattr__(self, "action", str(self.action))
        object.__setattr__(self, "sources", frozenset(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


def _illegal(status: str) -> DomainError:
    return Conflict("illegal_transition", "当前状态不能执行该操作", f"not allowed from {status}")


class Workflow:
    """A transition table: the steps by action name, in the order they were written."""

    def __init__(self, *steps: Step) -> None:
        self.steps: dict[str, Step] = {}
        for step in steps:
            if step.action in self.steps:
                raise ValueError(f"workflow step {step.action!r} written twice")
            self.steps[step.action] = step

    def step(self, action: str) -> Step | None:
        return self.steps.get(action)

    def is_legal(self, status: str, action: str) -> bool:
        step = self.steps.get(action)
        return step is not None and status in step.sources

    def actions_from(self, status: str, by: str | None = None) -> list[str]:
        """The actions legal from `status` (optionally only those taken by `by`), in table order."""
        return [
            a for a, s in self.steps.items() if status in s.sources and (by is None or s.by == by)
        ]

    def check(
        self,
        status: str,
        action: str,
        *,
        refuse: Callable[[str], DomainError] = _illegal,
    ) -> Step:
        """The step for `action` when it is legal from `status`; raises `refuse(status)` if not
        (an unknown action is illegal from everywhere)."""
        step = self.steps.get(action)
        if step is None or status not in step.sources:
            raise refuse(status)
        return step

    def move(
        self,
        obj,
        action: str,
        *,
        field: str = "status",
        refuse: Callable[[str], DomainError] = _illegal,
    ) -> Step:
        """Apply `action` to `obj`: check it against `obj.<field>` and set the target (the caller
        saves). Returns the step taken."""
        step = self.check(getattr(obj, field), action, refuse=refuse)
        setattr(obj, field, step.target)
        return step
